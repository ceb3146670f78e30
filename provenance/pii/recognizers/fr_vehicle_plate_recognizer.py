"""French vehicle registration plates: SIV ``AB-123-CD`` (since 2009) and FNI ``1234 AB 56`` (before)."""

from __future__ import annotations

from typing import ClassVar

import regex as re
from presidio_analyzer import Pattern

from provenance.pii.recognizers.group_pattern_recognizer import GroupPatternRecognizer

# SIV letters exclude I, O and U (too close to 1, 0 and V).
_L = "[A-HJ-NP-TV-Z]"


class FrVehiclePlateRecognizer(GroupPatternRecognizer):
    """
    Recognize French vehicle registration numbers.

    SIV plates written with dashes (``AB-123-CD``) are distinctive; with spaces or run
    together, and the old FNI plates (``1234 AB 56``, department last), they look like
    other codes and need a context word (immatriculé, plaque, véhicule ...).

    :param patterns: List of patterns to be used by this recognizer
    :param context: List of context words to increase confidence in detection
    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("FR plate SIV (dashes)", r"(?<![\w\-])(?!SS)" + _L + r"{2}-\d{3}-" + _L + r"{2}(?![\w\-])", 0.6),
        Pattern(
            "FR plate SIV (spaces)",
            r"(?<![\w\-])(?!SS)" + _L + r"{2}[ \u00a0]?\d{3}[ \u00a0]?" + _L + r"{2}(?![\w\-])",
            0.2,
        ),
        Pattern(
            "FR plate FNI",
            r"(?<![\w\-])\d{1,4}[ \u00a0\-][A-Z]{1,3}[ \u00a0\-](?:0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-6])(?![\w\-])",
            0.2,
        ),
    ]

    CONTEXT: ClassVar[list[str]] = [
        "immatriculé",
        "immatriculée",
        "immatriculation",
        "immatriculations",
        "plaque",
        "plaques",
        "véhicule",
        "voiture",
        "automobile",
        "scooter",
        "moto",
        "camionnette",
        "fourgon",
        "camion",
        "registration",
        "plate",
        "vehicle",
        "car",
    ]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "fr",
        supported_entity: str = "FR_VEHICLE_PLATE",
    ):
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else self.PATTERNS,
            context=context if context else self.CONTEXT,
            supported_language=supported_language,
            global_regex_flags=re.DOTALL | re.MULTILINE,
        )
