"""Postal street addresses: a house number and a street (``12 rue des Lilas, 69003 Lyon``; ``221B Baker Street``)."""

from __future__ import annotations

from typing import ClassVar

import regex as re
from presidio_analyzer import Pattern

from provenance.pii.recognizers.group_pattern_recognizer import GroupPatternRecognizer

_CAP = r"[\p{Lu}\d][\p{L}\d'’.\-]*"
_FR_TYPES = (
    r"rue|ruelle|avenue|av\.|boulevard|bd|bld|place|impasse|allée|allées|chemin|route|quai|cours|square"
    r"|passage|villa|cité|résidence|voie|sentier|rond-point|esplanade|promenade|faubourg|hameau|parvis"
    r"|mail|montée|traverse|lotissement|chaussée"
)
_FR_PARTICLE = r"(?:de[ \u00a0]+la|de[ \u00a0]+l['’]|du|des|de|d['’]|l['’]|la|le|les|aux|au|sur|sous|en)"
_FR_NAME = (
    r"(?:"
    + _FR_PARTICLE
    + r"[ \u00a0]*)?"
    + _CAP
    + r"(?:[ \u00a0\-]+(?:"
    + _FR_PARTICLE
    + r"[ \u00a0]*)?"
    + _CAP
    + r"){0,4}"
)
_FR_CITY = r"(?:,?[ \u00a0]*\n?[ \u00a0]*(?:\d{5}|\d{2}[ \u00a0]\d{3})[ \u00a0]+\p{Lu}[\p{L}'’\-]*(?:[ \u00a0\-]+(?:\p{Lu}[\p{L}'’\-]*|sur|sous|en|le|la|les|de|du|des))*(?:[ \u00a0]+(?i:cedex)(?:[ \u00a0]+\d{1,2})?)?)?"
_FR_ADDRESS = (
    r"(?<![\w,.\-/])\d{1,4}(?:[ \u00a0]?(?i:bis|ter|quater)|[A-D])?,?[ \u00a0]+(?i:"
    + _FR_TYPES
    + r")[ \u00a0]+"
    + _FR_NAME
    + _FR_CITY
)

_EN_TYPES = (
    r"Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Drive|Dr\.?|Close|Court|Ct\.?|Crescent|Cres\.?|Place|Pl\.?"
    r"|Square|Sq\.?|Terrace|Way|Gardens|Grove|Row|Mews|Boulevard|Blvd\.?|Parade|Walk|Hill|Rise|Green|Park|Vale"
    r"|Cottages|Buildings|Mansions|Villas|Yard|Wharf|Quay"
)
_UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?[ \u00a0]?\d[A-Z]{2}"
_US_ZIP = r"[A-Z]{2}[ \u00a0]+\d{5}(?:-\d{4})?"
_EN_LOCALITY = r"\p{Lu}[\p{L}'’\-]+(?:[ \u00a0]\p{Lu}[\p{L}'’\-]+){0,2}"
# Localities ("Muswell Hill, London") only count when a postcode closes the address.
_EN_TOWN = (
    r"(?:(?:,?[ \u00a0]*\n?[ \u00a0]*" + _EN_LOCALITY + r"){1,3},?[ \u00a0]*(?:" + _UK_POSTCODE + "|" + _US_ZIP + r")"
    r"|,?[ \u00a0]+" + _UK_POSTCODE + r")?"
)
_EN_UNIT = r"(?:(?:Flat|Unit|Apartment|Apt\.?|Suite|Room)[ \u00a0]+\d{1,4}[A-Za-z]?,?[ \u00a0]+)"
_EN_ADDRESS = (
    r"(?<![\w,.\-/])(?:" + _EN_UNIT + r"(?:\d{1,5}[A-Za-z]?,?[ \u00a0]+)?|\d{1,5}[A-Za-z]?,?[ \u00a0]+)"
    r"(?:\p{Lu}[\p{L}'’\-]*[ \u00a0]+){1,4}(?:" + _EN_TYPES + r")(?![\p{L}])" + _EN_TOWN
)
# Dutch and German order: street, then number ("Prinsengracht 263", "Hauptstraße 12, 10115 Berlin").
_NL_DE_ADDRESS = (
    r"(?<![\w\-])\p{Lu}\p{Ll}+(?:straat|gracht|weg|laan|plein|kade|dijk|singel|steeg|straße|strasse|gasse"
    r"|platz|allee|damm|ufer)[ \u00a0]\d{1,4}[a-z]?(?:,?[ \u00a0]*(?:\d{4}[ \u00a0]?[A-Z]{2}|\d{5})[ \u00a0]+\p{Lu}\p{Ll}+)?(?![\w])"
)


class StreetAddressRecognizer(GroupPatternRecognizer):
    """
    Recognize postal street addresses: a house number, a street type and a street name,
    with the postcode and town when they follow.

    French: ``12 rue des Lilas``, ``3 bis, avenue du Général-Leclerc 75014 Paris``.
    English: ``221B Baker Street``, ``Flat 2, 14 Acacia Avenue, Leeds LS6 2AB``.
    Dutch and German: ``Prinsengracht 263``, ``Hauptstraße 12, 10115 Berlin``. A street named
    without a house number ("rue de Rivoli") or a town alone is not an address of a person
    and is not matched.

    :param patterns: List of patterns to be used by this recognizer
    :param context: List of context words to increase confidence in detection
    :param supported_language: Language this recognizer supports ("fr" or "en")
    :param supported_entity: The entity this recognizer can detect
    """

    PATTERNS_BY_LANGUAGE: ClassVar[dict[str, list[Pattern]]] = {
        "fr": [
            Pattern("street address (fr)", _FR_ADDRESS, 0.6),
            Pattern("street address (en)", _EN_ADDRESS, 0.5),
            Pattern("street address (nl, de)", _NL_DE_ADDRESS, 0.5),
        ],
        "en": [
            Pattern("street address (en)", _EN_ADDRESS, 0.6),
            Pattern("street address (fr)", _FR_ADDRESS, 0.5),
            Pattern("street address (nl, de)", _NL_DE_ADDRESS, 0.5),
        ],
    }

    CONTEXT: ClassVar[list[str]] = [
        "domicilié",
        "domiciliée",
        "demeurant",
        "adresse",
        "habite",
        "réside",
        "lives",
        "address",
        "resides",
        "residing",
    ]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "fr",
        supported_entity: str = "STREET_ADDRESS",
    ):
        default = self.PATTERNS_BY_LANGUAGE.get(supported_language, self.PATTERNS_BY_LANGUAGE["en"])
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else [Pattern(p.name, p.regex, p.score) for p in default],
            context=context if context else self.CONTEXT,
            supported_language=supported_language,
            global_regex_flags=re.DOTALL | re.MULTILINE,
        )
