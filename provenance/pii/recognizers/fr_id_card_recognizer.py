"""French national identity card numbers: the old twelve-digit CNI and the 2021 nine-character card, near an identity-card word."""

from __future__ import annotations

from typing import ClassVar

import regex as re
from presidio_analyzer import Pattern

from provenance.pii.recognizers.group_pattern_recognizer import GroupPatternRecognizer


class FrIdCardRecognizer(GroupPatternRecognizer):
    """
    Recognize French identity card (CNI) numbers.

    Old cards (until 2021): twelve digits, year and month of issue, department, sequence
    (``880692310285``). New cards: nine upper-case letters and digits (``X4RTBPFW4``).
    Both formats are common in other identifiers, so they only pass the threshold next
    to a context word (carte d'identité, CNI, identity card).

    :param patterns: List of patterns to be used by this recognizer
    :param context: List of context words to increase confidence in detection
    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("FR CNI (before 2021)", r"(?<![\w\-])\d{2}(?:0[1-9]|1[0-2])\d{2}[0-9AB]\d{5}(?![\w\-])", 0.2),
        Pattern(
            "FR CNI (2021)", r"(?<![\w\-])(?=[A-Z0-9]{9}(?![\w\-]))(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{9}", 0.2
        ),
    ]

    CONTEXT: ClassVar[list[str]] = ["cni", "identité", "identite", "identity", "id"]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "fr",
        supported_entity: str = "FR_ID_CARD",
    ):
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else self.PATTERNS,
            context=context if context else self.CONTEXT,
            supported_language=supported_language,
            global_regex_flags=re.DOTALL | re.MULTILINE,
        )
