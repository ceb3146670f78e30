"""French SIREN company numbers: nine digits with a Luhn check, trusted only next to a context word."""

from __future__ import annotations

from typing import ClassVar

import regex as re
from presidio_analyzer import Pattern
from stdnum.fr import siren

from provenance.pii.recognizers.group_pattern_recognizer import GroupPatternRecognizer

# Amounts and measures that happen to pass Luhn are not company numbers.
_NOT_A_QUANTITY = (
    r"(?![ \u00a0]?(?:€|euros?\b|EUR\b|\$|dollars?\b|francs?\b|habitants\b|km\b|m²|m2\b|tonnes?\b|%|personnes\b))"
)


class FrSirenRecognizer(GroupPatternRecognizer):
    """
    Recognize French SIREN numbers (``732 829 320``) of the company register.

    One random nine-digit number in ten passes the Luhn check, so a valid checksum does
    not make a match certain: the score stays low until a context word (SIREN, RCS,
    immatriculée ...) is near. An invalid checksum always rejects the match.
    A SIREN is personal data when the company is a sole trader (entreprise individuelle).

    :param patterns: List of patterns to be used by this recognizer
    :param context: List of context words to increase confidence in detection
    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "SIREN (grouped)",
            r"(?<![\w.,\-])\d{3}([ .\u00a0])\d{3}\1\d{3}(?![\w\-]|[.,]\d|[ .\u00a0]\d)" + _NOT_A_QUANTITY,
            0.3,
        ),
        Pattern("SIREN (compact)", r"(?<![\w.,\-])\d{9}(?![\w\-]|[.,]\d)" + _NOT_A_QUANTITY, 0.2),
    ]

    CONTEXT: ClassVar[list[str]] = [
        "siren",
        "rcs",
        "registre",
        "immatriculée",
        "immatriculé",
        "immatriculation",
        "société",
        "entreprise",
        "sarl",
        "sas",
        "sasu",
        "eurl",
        "sci",
        "auto-entrepreneur",
        "microentreprise",
        "company",
        "registered",
    ]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "fr",
        supported_entity: str = "FR_SIREN",
    ):
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else self.PATTERNS,
            context=context if context else self.CONTEXT,
            supported_language=supported_language,
            global_regex_flags=re.DOTALL | re.MULTILINE,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        """False on a bad Luhn checksum; None (keep the low score, let context decide) otherwise."""
        return None if siren.is_valid(re.sub(r"[\s.]", "", pattern_text)) else False
