"""Phone numbers outside France: international ``+CC ...`` everywhere, UK and North American national formats in English."""

from __future__ import annotations

from typing import ClassVar

import phonenumbers
import regex as re
from presidio_analyzer import Pattern

from provenance.pii.recognizers.group_pattern_recognizer import GroupPatternRecognizer


class InternationalPhoneRecognizer(GroupPatternRecognizer):
    """
    Recognize phone numbers written in international format (``+44 20 7946 0958``,
    ``+1 (415) 555-0132``, ``+49 30 901820``) and, for English text, UK (``020 7946 0958``,
    ``07700 900123``, ``(0113) 496 0456``) and North American (``(415) 555-0132``) national formats.

    Every candidate is checked with Google's libphonenumber (the ``phonenumbers`` package):
    only numbers of a possible length for their country are kept, so dates and amounts do not match.
    French national numbers are left to :class:`FrPhoneRecognizer`.

    :param patterns: List of patterns to be used by this recognizer
    :param context: List of context words to increase confidence in detection
    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    :param national_formats: Also match UK and North American national formats
    """

    INTERNATIONAL: ClassVar[list[Pattern]] = [
        Pattern(
            "International phone",
            r"(?<![\w+])\+(?!33\b)[1-9]\d{0,2}[ .\-\u00a0]?(?:\(0\)[ .\-\u00a0]?)?\(?\d{1,5}\)?(?:[ .\-\u00a0]?\d{2,5}){1,5}(?!\w|[.,]\d)",
            0.6,
        ),
    ]
    NATIONAL: ClassVar[list[Pattern]] = [
        Pattern(
            "UK phone (national)",
            r"(?<![\w+.,\-/])(?:0[1-37-9]\d{1,4}|\(0[1-37-9]\d{1,4}\))[ \-\u00a0]?\d{3,4}[ \-\u00a0]?\d{3,4}(?![\w\-/]|[.,]\d)",
            0.5,
        ),
        Pattern(
            "North American phone (national)",
            r"(?<![\w+.,\-/])(?:\(\d{3}\)[ \u00a0]?|\d{3}[ .\-])\d{3}[ .\-]\d{4}(?![\w\-/]|[.,]\d)",
            0.5,
        ),
    ]

    CONTEXT: ClassVar[list[str]] = [
        "phone",
        "telephone",
        "tel",
        "mobile",
        "cell",
        "call",
        "ring",
        "fax",
        "contact",
        "number",
        "téléphone",
        "tél",
        "portable",
        "joindre",
        "numéro",
    ]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str = "PHONE_NUMBER",
        national_formats: bool | None = None,
    ):
        if national_formats is None:
            national_formats = supported_language == "en"
        default = self.INTERNATIONAL + (self.NATIONAL if national_formats else [])
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else [Pattern(p.name, p.regex, p.score) for p in default],
            context=context if context else self.CONTEXT,
            supported_language=supported_language,
            global_regex_flags=re.DOTALL | re.MULTILINE,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        """Valid for its country according to libphonenumber; national formats are tried as UK then US."""
        candidates = [None] if pattern_text.lstrip().startswith("+") else ["GB", "US"]
        for region in candidates:
            try:
                number = phonenumbers.parse(pattern_text, region)
            except phonenumbers.NumberParseException:
                continue
            if number.country_code == 33:
                continue  # French numbers belong to FrPhoneRecognizer
            # Possible (right length for its country and type), not necessarily allocated: fiction,
            # drama ranges and new ranges are still someone's number in the text's world.
            if phonenumbers.is_possible_number(number):
                return None  # keep the pattern's score: context and format decide
        return False
