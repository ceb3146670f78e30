"""French NIR (numéro de sécurité sociale): 15 characters, validated with its key (97 - number mod 97)."""

from __future__ import annotations

from typing import ClassVar

import regex as re
from presidio_analyzer import Pattern
from stdnum.fr import nir

from provenance.pii.recognizers.group_pattern_recognizer import GroupPatternRecognizer

_S = r"[ .\u00a0]?"


class FrNirRecognizer(GroupPatternRecognizer):
    """
    Recognize the French NIR (INSEE / social security number).

    Sex (1, 2, or 3, 4, 7, 8 for provisional numbers), year, month (01-12, or 20-42 and
    50-99 when unknown), department (two digits, ``2A``/``2B`` for Corsica, or three for
    overseas), commune, order number and the two-digit key, in the printed grouping
    ``1 85 05 78 006 084 36`` or run together. The key is checked with python-stdnum, so
    a fifteen-digit number with a wrong key is not reported.

    :param patterns: List of patterns to be used by this recognizer
    :param context: List of context words to increase confidence in detection
    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "NIR",
            r"(?<![\w.,\-])[1-478]"
            + _S
            + r"\d{2}"
            + _S
            + r"(?:0[1-9]|1[0-2]|[2-9]\d)"
            + _S
            + r"(?:\d{2}|2[AaBb])"
            + _S
            + r"\d{3}"
            + _S
            + r"\d{3}(?:"
            + _S
            + r"|[ \u00a0]?-[ \u00a0]?)\d{2}(?![\w\-]|[.,]\d)",
            0.5,
        ),
    ]

    CONTEXT: ClassVar[list[str]] = [
        "nir",
        "sécurité",
        "sociale",
        "sécu",
        "insee",
        "immatriculation",
        "assuré",
        "assurée",
        "vitale",
        "social",
        "security",
        "number",
    ]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "fr",
        supported_entity: str = "FR_NIR",
    ):
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else self.PATTERNS,
            context=context if context else self.CONTEXT,
            supported_language=supported_language,
            global_regex_flags=re.DOTALL | re.MULTILINE,
        )

    def validate_result(self, pattern_text: str) -> bool:
        """The key must equal 97 - (the first 13 characters mod 97), Corsica's 2A/2B mapped as INSEE does."""
        return nir.is_valid(re.sub(r"[\s.\-]", "", pattern_text).upper())
