"""French phone numbers: national (0X XX XX XX XX), international (+33, 0033) and overseas departments."""

from __future__ import annotations

from typing import ClassVar

import phonenumbers
import regex as re
from presidio_analyzer import Pattern

from provenance.pii.recognizers.group_pattern_recognizer import GroupPatternRecognizer

# One separator between digit pairs: space, dot, dash (or none).
_SEP = r"[ .\-\u00a0]?"
# Overseas departments and territories with their own country calling codes; Mayotte (269)
# shares +262 and is also reached as +269 in older listings.
_OVERSEAS_CODES = "590|594|596|262|269"


class FrPhoneRecognizer(GroupPatternRecognizer):
    """
    Recognize French phone numbers.

    National format: ten digits starting with 0 then 1-9, in pairs or as 4-2-2-2
    (``01 23 45 67 89``, ``06.12.34.56.78``, ``0590 12 34 56``, ``0 800 12 34 56``). International:
    ``+33 6 12 34 56 78``, ``+33 (0)6 ...``, ``0033 6 ...``; overseas departments
    ``+590 590 12 34 56``, ``+262 692 ...``. Ten digits written without separators are
    common in other numbers: they count when libphonenumber knows the range as allocated
    in France, otherwise they need a context word.

    :param patterns: List of patterns to be used by this recognizer
    :param context: List of context words to increase confidence in detection
    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "FR phone (international)",
            r"(?<![\w+])(?:\+|00)[ \u00a0]?33[ .\-\u00a0]?(?:\(0\)[ .\u00a0]?)?[1-9](?:"
            + _SEP
            + r"\d{2}){4}(?!\w|[.,]\d)",
            0.7,
        ),
        Pattern(
            "FR phone (overseas, international)",
            r"(?<![\w+])(?:\+|00)[ \u00a0]?(?:"
            + _OVERSEAS_CODES
            + r")[ .\-\u00a0]?(?:\(0\)[ .\u00a0]?)?\d{3}(?:"
            + _SEP
            + r"\d{2}){3}(?!\w|[.,]\d)",
            0.7,
        ),
        Pattern(
            "FR phone (national, grouped)",
            r"(?<![\w+.,\-/])0[1-9](?:(?:[ .\-\u00a0]\d{2}){4}|\d{2}(?:[ .\-\u00a0]\d{2}){3})(?![\w\-/]|[.,]\d)",
            0.6,
        ),
        Pattern(
            "FR phone (service number, 0 800 ...)",
            r"(?<![\w+.,\-/])0[ \u00a0][1-9]\d{2}(?:[ .\u00a0]\d{2}){3}(?![\w\-/]|[.,]\d)",
            0.6,
        ),
        Pattern(
            "FR phone (national, compact)",
            r"(?<![\w+.,\-/])0[1-9]\d{8}(?![\w\-/]|[.,]\d)",
            0.3,
        ),
    ]

    CONTEXT: ClassVar[list[str]] = [
        "téléphone",
        "telephone",
        "tél",
        "tel",
        "portable",
        "mobile",
        "fixe",
        "fax",
        "télécopie",
        "joindre",
        "joignable",
        "appeler",
        "appelez",
        "contacter",
        "contact",
        "numéro",
        "standard",
        "phone",
        "call",
        "ring",
        "cell",
    ]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "fr",
        supported_entity: str = "PHONE_NUMBER",
    ):
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else self.PATTERNS,
            context=context if context else self.CONTEXT,
            supported_language=supported_language,
            global_regex_flags=re.DOTALL | re.MULTILINE,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        """Ten digits run together are only certain when libphonenumber knows the range
        (``0329159826`` is a Lorraine landline); other formats keep their pattern's score."""
        if pattern_text.isdigit() and len(pattern_text) == 10:
            try:
                number = phonenumbers.parse(pattern_text, "FR")
            except phonenumbers.NumberParseException:
                return False
            return True if phonenumbers.is_valid_number(number) else None
        return None

    def invalidate_result(self, pattern_text: str) -> bool:
        """Reject filler such as ``00 00 00 00 00``: every subscriber digit the same."""
        digits = [c for c in pattern_text if c.isdigit()]
        return len(set(digits[-8:])) <= 1
