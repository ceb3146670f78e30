"""Dates of birth: a date introduced by "né le", "date de naissance", "born on", "DOB" ... (French and English)."""

from __future__ import annotations

from typing import ClassVar

import regex as re
from presidio_analyzer import Pattern

from provenance.pii.recognizers.group_pattern_recognizer import GroupPatternRecognizer

_MONTHS_FR = (
    r"janvier|janv\.?|février|fevrier|févr\.?|fevr\.?|mars|avril|avr\.?|mai|juin|juillet|juil\.?|août|aout"
    r"|septembre|sept\.?|octobre|oct\.?|novembre|nov\.?|décembre|decembre|déc\.?|dec\.?"
)
_MONTHS_EN = (
    r"January|Jan\.?|February|Feb\.?|March|Mar\.?|April|Apr\.?|May|June|Jun\.?|July|Jul\.?|August|Aug\.?"
    r"|September|Sept?\.?|October|Oct\.?|November|Nov\.?|December|Dec\.?"
)
_YEAR = r"(?:1[89]\d{2}|20\d{2})"
_NUMERIC = (
    r"(?:(?:0?[1-9]|[12]\d|3[01])[/.\-](?:0?[1-9]|1[0-2])[/.\-](?:"
    + _YEAR
    + r"|\d{2})|"
    + _YEAR
    + r"-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))"
)
_DATE_FR = r"(?:(?:1er|0?[1-9]|[12]\d|3[01])[ \u00a0](?i:" + _MONTHS_FR + r")[ \u00a0]" + _YEAR + "|" + _NUMERIC + ")"
_DATE_EN = (
    r"(?:(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?[ \u00a0](?:of[ \u00a0])?(?i:"
    + _MONTHS_EN
    + r"),?[ \u00a0]"
    + _YEAR
    + r"|(?i:"
    + _MONTHS_EN
    + r")[ \u00a0](?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?,?[ \u00a0]"
    + _YEAR
    + "|"
    + _NUMERIC
    + ")"
)

# What may stand between "né(e)" and "le <date>": a place ("à Lyon"), a maiden name ("née Martin").
_BETWEEN_FR = r"(?:[ \u00a0]+(?:à|a|en)[ \u00a0]+[^,.;:\n()]{1,40}?|[ \u00a0]+\p{Lu}[\p{L}'’\-]+(?:[ \u00a0]+\p{Lu}[\p{L}'’\-]+)?)?"
# Trigger first, date in the group "value": the regex engine anchors on the trigger's letters,
# so a document without "né", "naissance", "born" ... costs one fast scan.
_TRIGGER_FR = (
    r"(?:(?i:\bn[ée]e?s?|\bn[ée]\(e\)|\bn[ée]·e)" + _BETWEEN_FR + r",?[ \u00a0]+(?i:le)[ \u00a0]+"
    r"|(?i:\bdate[ \u00a0]+de[ \u00a0]+naissance|\bDDN|\bnaissance)[ \u00a0]*[:\-,]?[ \u00a0]*(?:(?i:le)[ \u00a0]+)?)"
)
_TRIGGER_EN = (
    r"(?:(?i:\bborn|\bb\.)(?:[ \u00a0]+(?i:in|at)[ \u00a0]+[^,.;:\n()]{1,40}?,?)?[ \u00a0]+(?:(?i:on)[ \u00a0]+)?"
    r"|(?i:\bdate[ \u00a0]+of[ \u00a0]+birth|\bDOB|\bD\.O\.B\.?|\bbirth[ \u00a0]?date)[ \u00a0]*[:\-,]?[ \u00a0]*(?:(?i:is)[ \u00a0]+)?)"
)


class DateOfBirthRecognizer(GroupPatternRecognizer):
    """
    Recognize dates of birth: only dates that the text says are a birth date.

    French: "né le 3 mars 1975", "née Martin le 12/04/1968", "né à Lyon le 1er mai 1960",
    "date de naissance : 12.04.1968". English: "born on 3 March 1975", "born March 3, 1975",
    "DOB: 1975-03-03", "date of birth: 03/03/1975". Other dates (of hearings, laws, events)
    are not personal data and are not matched. Only the date itself is reported.

    :param patterns: List of patterns to be used by this recognizer
    :param context: List of context words to increase confidence in detection
    :param supported_language: Language this recognizer supports ("fr" or "en")
    :param supported_entity: The entity this recognizer can detect
    """

    PATTERNS_BY_LANGUAGE: ClassVar[dict[str, list[Pattern]]] = {
        "fr": [
            Pattern("date of birth (fr)", _TRIGGER_FR + r"(?P<value>" + _DATE_FR + r")(?!\d)", 0.85),
            Pattern("date of birth (en)", _TRIGGER_EN + r"(?P<value>" + _DATE_EN + r")(?!\d)", 0.85),
        ],
        "en": [
            Pattern("date of birth (en)", _TRIGGER_EN + r"(?P<value>" + _DATE_EN + r")(?!\d)", 0.85),
            Pattern("date of birth (fr)", _TRIGGER_FR + r"(?P<value>" + _DATE_FR + r")(?!\d)", 0.85),
        ],
    }

    CONTEXT: ClassVar[list[str]] = ["naissance", "né", "née", "born", "birth", "dob"]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "fr",
        supported_entity: str = "DATE_OF_BIRTH",
    ):
        default = self.PATTERNS_BY_LANGUAGE.get(supported_language, self.PATTERNS_BY_LANGUAGE["en"])
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else [Pattern(p.name, p.regex, p.score) for p in default],
            context=context if context else self.CONTEXT,
            supported_language=supported_language,
            global_regex_flags=re.DOTALL | re.MULTILINE,
        )
