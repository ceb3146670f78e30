"""Names no list knows, in English text: two or three capitalised words none of which is an English word, a place or a title."""

from __future__ import annotations

import regex as re
from presidio_analyzer import EntityRecognizer, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from provenance.pii.context import fold
from provenance.pii.lexicon import ORG_SUFFIXES, VEHICLE_MAKES, english_words, never_a_name, place_names
from provenance.pii.recognizers.result import result_of

_CAPITALISED = r"\p{Lu}\p{Ll}+(?:['’]\p{Lu}\p{Ll}+)?(?:-\p{Lu}\p{Ll}+)?"


#: Prepositions of place: what follows them is as often a town as a person.
_TO_A_PLACE = re.compile(r"(?<![\p{L}])(?:to|in|at|near|via|towards|into|outside|around)[ \u00a0]+$")


class RareNamePersonRecognizer(LocalRecognizer):
    """
    Recognize a person's name that neither the statistical NER nor the name gazetteers know:
    "Priyanka Raghunathan", "Novak Djokovic", "Olumide Bankole", "Katarzyna Wójcik". The small
    English model misses names of origins its training news rarely carried unless an
    honorific or a role word stands next to them.

    In English text, two or three capitalised words in a row, none of which is an English word
    (SCOWL's word list, in lower case), a place, a title, an institution or a company form,
    are a name: English writes ordinary words in lower case, so capitalised words that are no
    words are names of people, places or firms, and places and firm forms are ruled out.
    Lines in title case (headlines) are left to the other recognizers. Not used for French,
    whose word list is not shipped.

    :param supported_language: Language this recognizer supports (English only)
    :param supported_entity: The entity this recognizer can detect
    """

    SCORE = 0.6
    PATTERN = re.compile(
        r"(?<![\p{L}\d'’\-.@/#_])(?P<name>" + _CAPITALISED + r"(?:[ \u00a0]" + _CAPITALISED + r"){1,2})"
        r"(?![\p{L}\d'’\-@_]|[ \u00a0]\p{Lu})"
    )

    def __init__(self, supported_language: str = "en", supported_entity: str = "PERSON"):
        super().__init__(supported_entities=[supported_entity], supported_language=supported_language)

    def load(self) -> None:
        english_words(), place_names()

    def _rare(self, word: str) -> bool:
        key = fold(word)
        parts = key.replace("’", "'").split("'")[-1].split("-")
        return (
            len(key) >= 3
            and key not in place_names()
            and key not in ORG_SUFFIXES
            and not never_a_name(word, self.supported_language)
            and not any(part in english_words() for part in parts)
        )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if self.supported_language != "en":
            return []
        from provenance.pii.names import title_case_line  # the names module imports the recognizers' patterns

        results = []
        for m in self.PATTERN.finditer(text):
            words = m.group("name").split()
            if fold(words[0]) in VEHICLE_MAKES or _TO_A_PLACE.search(text, max(0, m.start() - 12), m.start()):
                continue  # "a blue Vauxhall Corsa", "trains to Blaenau Ffestiniog"
            if all(self._rare(w) for w in words) and not title_case_line(text, m.start()):
                results.append(result_of(self, m.start("name"), m.end("name"), self.SCORE))
        return EntityRecognizer.remove_duplicates(results)
