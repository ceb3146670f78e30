"""Payment card numbers in any language: 13 to 19 digits, grouped or not, with a Luhn check."""

from __future__ import annotations

from typing import ClassVar

import regex as re
from presidio_analyzer import Pattern
from stdnum import luhn

from provenance.pii.recognizers.group_pattern_recognizer import GroupPatternRecognizer


class PaymentCardRecognizer(GroupPatternRecognizer):
    """
    Recognize payment card numbers (PAN): 13 to 19 digits starting with 2 to 6, written in
    groups of four (``4970 1012 3456 7890``), as American Express 4-6-5, or run together.

    Presidio's own credit-card recognizer knows English context words only and a fixed
    set of prefixes; this one reads French text too (carte bancaire, CB). Luhn-valid
    15- and 16-digit numbers are certain; 13, 14, 17, 18 and 19 digits run together collide
    with other identifiers (a SIRET has fourteen) and need a context word.

    Not called ``CreditCardRecognizer``: Presidio's default registry finds its recognizer
    classes by name among every ``EntityRecognizer`` subclass loaded, so a class of that name
    would silently replace Presidio's own in any plain ``AnalyzerEngine`` of the process.

    :param patterns: List of patterns to be used by this recognizer
    :param context: List of context words to increase confidence in detection
    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "Card (groups of 4)", r"(?<![\w.,\-])[2-6]\d{3}([ \-\u00a0])\d{4}\1\d{4}\1\d{1,7}(?![\w\-]|[.,]\d)", 0.5
        ),
        Pattern("Card (Amex 4-6-5)", r"(?<![\w.,\-])3[47]\d{2}([ \-\u00a0])\d{6}\1\d{5}(?![\w\-]|[.,]\d)", 0.5),
        Pattern("Card (compact)", r"(?<![\w.,\-])[2-6]\d{12,18}(?![\w\-]|[.,]\d)", 0.3),
    ]

    CONTEXT: ClassVar[list[str]] = [
        "carte",
        "cartes",
        "bancaire",
        "cb",
        "crédit",
        "credit",
        "débit",
        "debit",
        "paiement",
        "payé",
        "visa",
        "mastercard",
        "amex",
        "american",
        "maestro",
        "card",
        "cards",
        "payment",
        "paid",
        "pan",
    ]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "fr",
        supported_entity: str = "CREDIT_CARD",
    ):
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else self.PATTERNS,
            context=context if context else self.CONTEXT,
            supported_language=supported_language,
            global_regex_flags=re.DOTALL | re.MULTILINE,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        """False unless Luhn-valid with 13-19 digits; True (certain) for grouped and for 15-16 digits."""
        digits = re.sub(r"\D", "", pattern_text)
        if not 13 <= len(digits) <= 19 or len(set(digits)) == 1 or not luhn.is_valid(digits):
            return False
        if not pattern_text.isdigit() or len(digits) in (15, 16):
            return True
        return None
