"""French passport numbers: two digits, two letters, five digits (``12AB34567``), near a passport word."""

from __future__ import annotations

from typing import ClassVar

import regex as re
from presidio_analyzer import Pattern

from provenance.pii.recognizers.group_pattern_recognizer import GroupPatternRecognizer


class FrPassportRecognizer(GroupPatternRecognizer):
    """
    Recognize French passport numbers (``12AB34567``).

    The format is shared by reference numbers of all kinds, so the match alone scores low
    and needs a context word such as *passeport* to pass the policy threshold.

    :param patterns: List of patterns to be used by this recognizer
    :param context: List of context words to increase confidence in detection
    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    """

    PATTERNS: ClassVar[list[Pattern]] = [Pattern("FR passport", r"(?<![\w\-])\d{2}[A-Z]{2}\d{5}(?![\w\-])", 0.2)]

    CONTEXT: ClassVar[list[str]] = ["passeport", "passeports", "passport", "passports"]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "fr",
        supported_entity: str = "FR_PASSPORT",
    ):
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else self.PATTERNS,
            context=context if context else self.CONTEXT,
            supported_language=supported_language,
            global_regex_flags=re.DOTALL | re.MULTILINE,
        )
