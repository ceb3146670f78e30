"""Speakers named in parliamentary transcripts: "Jackie Baillie (Dumbarton) (Lab):", "The Presiding Officer (Alison Johnstone):"."""

from __future__ import annotations

import regex as re
from presidio_analyzer import EntityRecognizer, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from provenance.pii.lexicon import is_title, never_a_name
from provenance.pii.recognizers.name_patterns import SP, WORD
from provenance.pii.recognizers.result import result_of

_NAME = WORD + r"(?:" + SP + r"(?:(?:de|van|von|da|di|du|le|la)" + SP + r")?" + WORD + r"){1,3}"


class TranscriptSpeakerRecognizer(LocalRecognizer):
    """
    Recognize the speaker of a turn in a parliamentary record (Hansard, the Scottish
    Parliament's Official Report, council minutes), where the name is set by layout rather
    than by a sentence the NER can read:

    - a line opening with a name followed by a constituency and a party in parentheses and a
      colon: ``Jackie Baillie (Dumbarton) (Lab):``;
    - a role followed by the name in parentheses and a colon:
      ``The Prime Minister (Rishi Sunak):``, ``The Presiding Officer (Alison Johnstone):``.

    Names of two to four capitalised words only; titles ("(Lab)") are never names.

    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    """

    LINE_SPEAKER = re.compile(
        r"(?m)^(?P<name>" + _NAME + r")" + SP + r"\([^()\n]{2,60}\)(?:" + SP + r"\([^()\n]{1,25}\))?:"
    )
    ROLE_SPEAKER = re.compile(r"\((?P<name>" + _NAME + r")\):")
    SCORE = 0.8

    def __init__(self, supported_language: str = "en", supported_entity: str = "PERSON"):
        super().__init__(supported_entities=[supported_entity], supported_language=supported_language)

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if "):" not in text:
            return []
        lang = self.supported_language
        results = []
        for pattern in (self.LINE_SPEAKER, self.ROLE_SPEAKER):
            for m in pattern.finditer(text):
                words = m.group("name").split()
                if any(is_title(w, lang) for w in words) or all(never_a_name(w, lang) for w in words):
                    continue
                results.append(result_of(self, m.start("name"), m.end("name"), self.SCORE))
        return EntityRecognizer.remove_duplicates(results)
