"""Person names that start with a known first name ("Sophie Marchetti", "JEAN-LUC PICARD") or an initial ("J.-P. Martin")."""

from __future__ import annotations

from typing import ClassVar

import regex as re
from presidio_analyzer import EntityRecognizer, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from provenance.pii.context import fold
from provenance.pii.lexicon import (
    PLACE_PREFIXES,
    VEHICLE_MAKES,
    family_names,
    first_names,
    given_names,
    never_a_name,
    place_names,
)
from provenance.pii.recognizers.name_patterns import FIRST, INITIALS, PARTICLE, SP, SURNAME
from provenance.pii.recognizers.result import result_of

_PREVIOUS_WORD = re.compile(r"([\p{L}]+)['’ \u00a0-]*$")
#: Particles written with a capital inside a surname.
CAPITALISED_PARTICLES = frozenset(
    fold(w)
    for w in (
        "Ní",
        "Nic",
        "Ó",
        "Ua",
        "Mac",
        "Mhic",
        "Abu",
        "Ibn",
        "Bin",
        "Binti",
        "Ben",
        "Ould",
        "Al",
        "El",
        "Van",
        "Von",
        "De",
        "Da",
        "Di",
        "Del",
        "Della",
        "Dos",
        "Du",
        "Le",
        "La",
    )
)
_PLACE_ARTICLE = re.compile(r"(?<![\p{L}])(?:La|Le|LA|LE)[ \u00a0]+$")
#: The word before is in lower case (or a comma follows one): not the start of a sentence or a line;
#: and not a preposition of place ("né à Dax", "moved to Kent").
_MID_SENTENCE = re.compile(
    r"(?<![\p{L}'’])(?!(?:à|a|au|aux|en|de|du|des|d|vers|depuis|près|in|at|from|near|of|via|to)\b)"
    r"\p{Ll}[\p{L}'’]*,?[ \u00a0]+$"
)


class GivenNamePersonRecognizer(LocalRecognizer):
    """
    Recognize "First Last" names whose first name is in a list of French and English first
    names, with an optional second first name and a particle ("Marie-Claire de Villiers"),
    in capitals too ("JEAN DUPONT" in a headline), surname first in capitals ("DURAND
    Pierre", as French registers write it), initials before a surname ("J.-P. Martin"), and a
    known first name standing alone ("ask for Paul", a forum post signed "Élodie"), which
    scores just above the default threshold.

    The statistical NER misses names in headlines, lists and unusual sentences; a known
    first name followed by a capitalised word is strong evidence on its own. Given names
    come from a gazetteer of many origins (South Asian, West African, Eastern European,
    East Asian ...); two capitalised words the second of which is a known family name
    ("Chidi Okonkwo"), or a family name then a given name ("Zhang Wei"), count too, a
    little lower. A name after "rue", "lycée", "prix" ... belongs to a place or an
    institution and is skipped, and so is a pair that starts with a place ("Devon Smith"
    is rare; "Kent Police" is not).

    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    """

    FIRST_LAST = re.compile(
        r"(?<![\p{L}\d\-'’.])(?P<first>"
        + FIRST
        + r")(?:"
        + SP
        + r"(?P<second>"
        + FIRST
        + r"))?"
        + SP
        + r"(?P<last>"
        + SURNAME
        + r")(?![\p{L}\d])"
    )
    LAST_FIRST = re.compile(
        r"(?<![\p{L}\d\-'’.])(?P<last>\p{Lu}{2,}(?:-\p{Lu}{2,})?)"
        + SP
        + r"(?P<first>\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)(?![\p{L}\d])"
    )
    INITIAL_LAST = re.compile(
        r"(?<![\p{L}\d.\-'’°])(?P<initials>"
        + INITIALS
        + r")"
        + r"[ \u00a0]?"
        + r"(?P<last>(?:"
        + PARTICLE
        + r")?\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)(?![\p{L}\d])"
    )

    LONE_FIRST = re.compile(
        r"(?<![\p{L}\d\-'’.@])(?P<first>\p{Lu}\p{Ll}{2,}(?:-\p{Lu}\p{Ll}+)?)(?![\p{L}\d\-'’@]|[ \u00a0]+\p{Lu})"
    )

    REPORTED = re.compile(
        r"(?<![\p{L}\d\-'’.@])(?P<name>\p{Lu}\p{Ll}{2,}(?:-\p{Lu}\p{Ll}+)?)(?:,)?[ \u00a0]+"
        r"(?:said|says|told|added|explained|wrote|replied|asked|admitted|insisted|recalled|"
        r"a[ \u00a0]+(?:dit|déclaré|expliqué|ajouté|raconté|affirmé|précisé|confié|répondu|écrit|reconnu)|"
        r"explique|raconte|affirme|ajoute|précise|témoigne|confie|souligne|répond|estime)(?![\p{L}])"
    )

    SCORES: ClassVar[dict[str, float]] = {
        "first_last": 0.7,
        "family_anchor": 0.6,
        "last_first": 0.6,
        "initial_last": 0.6,
        "lone_first": 0.55,
    }

    def __init__(self, supported_language: str = "fr", supported_entity: str = "PERSON"):
        super().__init__(supported_entities=[supported_entity], supported_language=supported_language)

    def load(self) -> None:
        first_names(), given_names(), family_names(), place_names()

    def _plausible_word(self, word: str) -> bool:
        """A capitalised word that may be part of a name: not a title, stop word or place."""
        return not never_a_name(word, self.supported_language) and fold(word) not in place_names()

    def _result(self, start: int, end: int, kind: str) -> RecognizerResult:
        return result_of(self, start, end, self.SCORES[kind])

    def _after_place_word(self, text: str, start: int) -> bool:
        match = _PREVIOUS_WORD.search(text, max(0, start - 30), start)
        return match is not None and fold(match.group(1)) in PLACE_PREFIXES

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        return EntityRecognizer.remove_duplicates(
            self._first_last(text)
            + self._last_first(text)
            + self._lone_first(text)
            + self._reported(text)
            + self._initial_last(text)
        )

    def _first_last(self, text: str) -> list[RecognizerResult]:
        """A first name and a surname: "Sophie Marchetti", "JEAN-LUC PICARD", "Chidi Okonkwo"."""
        results = []
        for m in self.FIRST_LAST.finditer(text, overlapped=True):
            kind = self._first_last_kind(m)
            if kind is None:
                continue
            end, last = m.end(), m.group("last")
            second = m.group("second")
            if _PLACE_ARTICLE.search(text, max(0, m.start() - 4), m.start()):
                continue  # "La Rochelle", "LE MANS": a French place
            if second and fold(second) in CAPITALISED_PARTICLES:
                last = second + " " + last  # "Siobhán Ní Bhriain", "Karim Ben Salah"
            elif second and fold(second) not in given_names() and kind == "first_last":
                # "JEAN DUPONT CONDAMNÉ": the second word is the surname, not a second first name.
                end, last = m.end("second"), second
            if never_a_name(last.split()[-1], self.supported_language):
                continue
            # Mixed case ("JEAN Dupont") is a heading artefact as often as a name; require one style,
            # except the French "Pierre DURAND" (surname in capitals).
            if m.group("first").isupper() and not last.isupper():
                continue
            if self._after_place_word(text, m.start()):
                continue
            if fold(m.group("first")) in VEHICLE_MAKES and fold(last.split()[-1]) not in family_names():
                continue  # "a white Ford Transit"
            results.append(self._result(m.start(), end, kind))
        return results

    def _first_last_kind(self, m: re.Match[str]) -> str | None:
        """How a first-last match is anchored: a known first name, or a known family name; None if neither."""
        given, family = given_names(), family_names()
        first = fold(m.group("first"))
        if first in given:
            return "first_last"
        # "Chidi Okonkwo" (a known family name second) or "Zhang Wei" (family name first).
        last_word = fold(m.group("last").split()[-1])
        second_word = fold(m.group("second")) if m.group("second") else None
        anchored = (
            last_word in family
            or (second_word and second_word in family)
            or (first in family and (second_word or last_word) in given)
        )
        if (
            not anchored
            or not self._plausible_word(m.group("first"))
            or not self._plausible_word(m.group("last").split()[-1])
        ):
            return None
        return "family_anchor"

    def _last_first(self, text: str) -> list[RecognizerResult]:
        """A surname then a known first name: "DUPONT Jean"."""
        return [
            self._result(m.start(), m.end(), "last_first")
            for m in self.LAST_FIRST.finditer(text)
            if fold(m.group("first")) in first_names()
            and not never_a_name(m.group("last"), self.supported_language)
            and not self._after_place_word(text, m.start())
        ]

    def _lone_first(self, text: str) -> list[RecognizerResult]:
        """A known first name standing alone ("ask for Paul", a forum post signed "Élodie ;)")."""
        results = []
        for m in self.LONE_FIRST.finditer(text):
            key = fold(m.group("first"))
            # A given name of the wider gazetteer alone only mid-sentence ("swap a late with Dariusz"):
            # at the start of a sentence a capitalised word is as often an ordinary word.
            if (
                key in first_names()
                or (
                    key in given_names()
                    and key not in place_names()
                    and _MID_SENTENCE.search(text, max(0, m.start() - 30), m.start())
                )
            ) and not self._after_place_word(text, m.start()):
                results.append(self._result(m.start(), m.end(), "lone_first"))
        return results

    def _reported(self, text: str) -> list[RecognizerResult]:
        """A name of the wider gazetteers alone before a reporting verb ("Agnieszka said", "Okonkwo a déclaré")."""
        results = []
        for m in self.REPORTED.finditer(text):
            key = fold(m.group("name"))
            if (
                (key in given_names() or key in family_names())
                and key not in place_names()
                and key not in VEHICLE_MAKES
            ):
                results.append(self._result(m.start("name"), m.end("name"), "lone_first"))
        return results

    def _initial_last(self, text: str) -> list[RecognizerResult]:
        """Initials and a surname: "J.-P. Martin"."""
        results = []
        for m in self.INITIAL_LAST.finditer(text):
            # French "M. Dupont" is Monsieur, handled by the honorific recognizer.
            if self.supported_language == "fr" and m.group("initials") in ("M.", "MM."):
                continue
            if never_a_name(m.group("last"), self.supported_language) or self._after_place_word(text, m.start()):
                continue
            results.append(self._result(m.start(), m.end(), "initial_last"))
        return results
