"""French SIRET establishment numbers: SIREN plus a five-digit NIC, fourteen digits with a Luhn check."""

from __future__ import annotations

from typing import ClassVar

import regex as re
from presidio_analyzer import Pattern
from stdnum.fr import siret

from provenance.pii.recognizers.group_pattern_recognizer import GroupPatternRecognizer


class FrSiretRecognizer(GroupPatternRecognizer):
    """
    Recognize French SIRET numbers (``732 829 320 00074``).

    Checked with python-stdnum (Luhn, and La Poste's establishments whose digit sum is a
    multiple of 5). The printed grouping 3-3-3-5 is distinctive enough on its own; fourteen
    digits run together need a context word.

    :param patterns: List of patterns to be used by this recognizer
    :param context: List of context words to increase confidence in detection
    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("SIRET (grouped)", r"(?<![\w.,\-])\d{3}([ .\u00a0])\d{3}\1\d{3}\1?\d{5}(?![\w\-]|[.,]\d)", 0.6),
        Pattern("SIRET (compact)", r"(?<![\w.,\-])\d{14}(?![\w\-]|[.,]\d)", 0.4),
    ]

    CONTEXT: ClassVar[list[str]] = [
        "siret",
        "siren",
        "rcs",
        "établissement",
        "etablissement",
        "société",
        "entreprise",
        "immatriculée",
        "immatriculation",
        "sarl",
        "sas",
        "sasu",
        "eurl",
        "company",
        "registered",
    ]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "fr",
        supported_entity: str = "FR_SIRET",
    ):
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else self.PATTERNS,
            context=context if context else self.CONTEXT,
            supported_language=supported_language,
            global_regex_flags=re.DOTALL | re.MULTILINE,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        """False on a bad checksum; None (keep the pattern's score) otherwise."""
        return None if siret.is_valid(re.sub(r"[\s.]", "", pattern_text)) else False
