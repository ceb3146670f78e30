"""Person names that start with a known first name ("Sophie Marchetti", "JEAN-LUC PICARD") or an initial ("J.-P. Martin")."""

from __future__ import annotations

from typing import List, Optional

import regex as re
from presidio_analyzer import EntityRecognizer, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from provenance.pii.context import fold
from provenance.pii.lexicon import PLACE_PREFIXES, first_names, never_a_name
from provenance.pii.recognizers.name_patterns import FIRST, INITIALS, PARTICLE, SP, SURNAME
from provenance.pii.recognizers.result import result_of

_PREVIOUS_WORD = re.compile(r"([\p{L}]+)['’ \u00a0-]*$")


class GivenNamePersonRecognizer(LocalRecognizer):
    """
    Recognize "First Last" names whose first name is in a list of French and English first
    names, with an optional second first name and a particle ("Marie-Claire de Villiers"),
    in capitals too ("JEAN DUPONT" in a headline), surname first in capitals ("DURAND
    Pierre", as French registers write it), initials before a surname ("J.-P. Martin"), and a
    known first name standing alone ("ask for Paul", a forum post signed "Élodie"), which
    scores just above the default threshold.

    The statistical NER misses names in headlines, lists and unusual sentences; a known
    first name followed by a capitalised word is strong evidence on its own. A name
    after "rue", "lycée", "prix" ... belongs to a place or an institution and is skipped.

    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    """

    FIRST_LAST = re.compile(
        r"(?<![\p{L}\d\-'’.])(?P<first>" + FIRST + r")(?:" + SP + r"(?P<second>" + FIRST + r"))?" + SP
        + r"(?P<last>" + SURNAME + r")(?![\p{L}\d])"
    )
    LAST_FIRST = re.compile(
        r"(?<![\p{L}\d\-'’.])(?P<last>\p{Lu}{2,}(?:-\p{Lu}{2,})?)" + SP + r"(?P<first>\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)(?![\p{L}\d])"
    )
    INITIAL_LAST = re.compile(
        r"(?<![\p{L}\d.\-'’])(?P<initials>" + INITIALS + r")" + r"[ \u00a0]?" + r"(?P<last>(?:" + PARTICLE + r")?\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)(?![\p{L}\d])"
    )

    LONE_FIRST = re.compile(
        r"(?<![\p{L}\d\-'’.@])(?P<first>\p{Lu}\p{Ll}{2,}(?:-\p{Lu}\p{Ll}+)?)(?![\p{L}\d\-'’@]|[ \u00a0]+\p{Lu})"
    )

    SCORES = {"first_last": 0.7, "last_first": 0.6, "initial_last": 0.6, "lone_first": 0.55}

    def __init__(self, supported_language: str = "fr", supported_entity: str = "PERSON", name: Optional[str] = None):
        super().__init__(supported_entities=[supported_entity], supported_language=supported_language, name=name)

    def load(self) -> None:
        first_names()

    def _result(self, start: int, end: int, kind: str) -> RecognizerResult:
        return result_of(self, start, end, self.SCORES[kind])

    def _after_place_word(self, text: str, start: int) -> bool:
        match = _PREVIOUS_WORD.search(text, max(0, start - 30), start)
        return bool(match) and fold(match.group(1)) in PLACE_PREFIXES

    def analyze(
        self, text: str, entities: List[str], nlp_artifacts: Optional[NlpArtifacts] = None
    ) -> List[RecognizerResult]:
        names = first_names()
        lang = self.supported_language
        results = []
        for m in self.FIRST_LAST.finditer(text, overlapped=True):
            if fold(m.group("first")) not in names:
                continue
            end, last = m.end(), m.group("last")
            second = m.group("second")
            if second and fold(second) not in names:
                # "JEAN DUPONT CONDAMNÉ": the second word is the surname, not a second first name.
                end, last = m.end("second"), second
            if never_a_name(last.split()[-1], lang):
                continue
            # Mixed case ("JEAN Dupont") is a heading artefact as often as a name; require one style,
            # except the French "Pierre DURAND" (surname in capitals).
            if m.group("first").isupper() and not last.isupper():
                continue
            if self._after_place_word(text, m.start()):
                continue
            results.append(self._result(m.start(), end, "first_last"))
        for m in self.LAST_FIRST.finditer(text):
            if fold(m.group("first")) in names and not never_a_name(m.group("last"), lang) \
                    and not self._after_place_word(text, m.start()):
                results.append(self._result(m.start(), m.end(), "last_first"))
        # A known first name standing alone ("ask for Paul", a forum post signed "Élodie ;)").
        for m in self.LONE_FIRST.finditer(text):
            if fold(m.group("first")) in names and not self._after_place_word(text, m.start()):
                results.append(self._result(m.start(), m.end(), "lone_first"))
        for m in self.INITIAL_LAST.finditer(text):
            initials = m.group("initials")
            # French "M. Dupont" is Monsieur, handled by the honorific recognizer.
            if lang == "fr" and initials in ("M.", "MM."):
                continue
            if never_a_name(m.group("last"), lang) or self._after_place_word(text, m.start()):
                continue
            results.append(self._result(m.start(), m.end(), "initial_last"))
        return EntityRecognizer.remove_duplicates(results)
