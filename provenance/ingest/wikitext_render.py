"""Rendering one wikitext fragment: templates by the kind the template table gives them, parser functions.

Dates, numbers with units, centuries, foreign-language spans, pronunciations, fractions and times render as
the page shows them; a template the table does not know renders nothing and is counted.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any

import wikitextparser

from provenance.ingest.wikitext_templates import (
    ENGLISH_LOCALE,
    MAX_DEPTH,
    Kind,
    TemplateTable,
    normalise_name,
    written_name,
)

_SUPERSCRIPT = str.maketrans("0123456789-−+", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁻⁺")
_NUMBER = re.compile(r"^\s*([+\-−]?)(\d+)(?:([.,])(\d+))?(?!\d)(.*)$", re.DOTALL)
_EXPONENT = re.compile(r"^[+\-−]?\d+$")
_ROMAN = re.compile(r"^[IVXLCDM]+$", re.IGNORECASE)
_ISO_DATE = re.compile(r"^(-?\d{1,4})-(\d{1,2})(?:-(\d{1,2}))?$")
_ORDINAL_SUFFIXES = {"e", "er", "re", "ème", "es", "ers", "res"}
_IPA_KEYWORDS = {"lang", "local", "pron", "ipa", "us", "uk", "also", "audio"}
_AUDIO = re.compile(r"\.(?:ogg|oga|wav|mp3|flac|opus)$", re.IGNORECASE)
_TRAILING_PARENTHETICAL = re.compile(r"\s*\([^()]*\)\s*$")
_RANGE_WORDS = {
    "-": "–",
    "–": "–",
    "to": " to ",
    "and": " and ",
    "or": " or ",
    "x": " × ",
    "×": " × ",
    "by": " by ",
    "+/-": " ± ",
    "±": " ± ",
    "to(-)": " to ",
    "and(-)": " and ",
    "à": " à ",
    "et": " et ",
}
_ROMAN_VALUES = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
_ENGLISH_MONTHS = {m.casefold(): i for i, m in enumerate(ENGLISH_LOCALE.months, 1)}


def to_roman(number: int) -> str:
    out = []
    for value, numeral in _ROMAN_VALUES:
        count, number = divmod(number, value)
        out.append(numeral * count)
    return "".join(out)


class _Args:
    """A template's parameters, rendered on first use."""

    def __init__(self, arguments: list, render: Callable[[str], str]):
        self._render = render
        self._cache: dict[str | int, str] = {}
        self.positional: list[str] = []
        self.named: dict[str, str] = {}
        numbered: dict[int, str] = {}
        for arg in arguments:
            name = arg.name.strip()
            if arg.positional:
                self.positional.append(arg.value)
            elif name.isdigit():
                numbered[int(name)] = arg.value
            else:
                self.named[name.casefold()] = arg.value
        for index, value in sorted(numbered.items()):
            while len(self.positional) < index - 1:
                self.positional.append("")
            if index <= len(self.positional):
                self.positional[index - 1] = value
            else:
                self.positional.append(value)

    def get(self, key: str | int) -> str:
        """A parameter rendered: 1-based position, 'last', or a name. Empty when absent."""
        if key not in self._cache:
            if key == "last":
                raw = self.positional[-1] if self.positional else ""
            elif isinstance(key, int) or (isinstance(key, str) and key.isdigit()):
                index = int(key) - 1
                raw = self.positional[index] if 0 <= index < len(self.positional) else ""
            else:
                raw = self.named.get(str(key).casefold(), "")
            self._cache[key] = " ".join(self._render(raw).split()) if raw.strip() else ""
        return self._cache[key]

    def first(self, keys: list) -> str:
        for key in keys:
            if value := self.get(key):
                return value
        return ""

    def all_positional(self) -> list[str]:
        return [self.get(i) for i in range(1, len(self.positional) + 1)]

    def flag(self, name: str) -> bool:
        return self.named.get(name, "").strip().casefold() in ("y", "yes", "oui", "on", "true", "1")


class Renderer:
    def __init__(self, table: TemplateTable, title: str):
        self.table = table
        self.title = title
        self.unknown: Counter[str] = Counter()

    # -- fragments

    def render(self, wikitext: str, depth: int = 0) -> str:
        if depth > MAX_DEPTH or not wikitext.strip():
            return ""
        if not any(c in wikitext for c in "{[<'&"):
            return wikitext
        parsed = wikitextparser.parse(wikitext)
        return parsed.plain_text(
            replace_templates=lambda t: self.template(t, depth),
            replace_parser_functions=lambda pf: self.parser_function(pf, depth),
            replace_tables=lambda table: "",
        )

    def template(self, template: Any, depth: int) -> str:
        name = template.name
        if "{" in name or not name.strip():
            return ""  # a name built from parameters: nothing to look up
        rule = self.table.rule(name)
        if rule is None:
            self.unknown[normalise_name(name)] += 1
            return ""
        args = _Args(template.arguments, lambda raw: self.render(raw, depth + 1))
        return _RENDERERS[rule.kind](self, rule.spec, args, written_name(name))

    def parser_function(self, function: Any, depth: int) -> str:
        name = function.name.strip().casefold()
        args = _Args(function.arguments, lambda raw: self.render(raw, depth + 1))
        if name == "formatnum":
            return self.number(args.get(1))
        if name in ("pagename", "pagenamee", "fullpagename"):
            return self.title
        transform = _CASE_FUNCTIONS.get(name)
        return transform(args.get(1)) if transform else ""

    # -- values

    def number(self, raw: str) -> str:
        """A number written the wiki's way: 1897491 -> '1 897 491' (French), '1,897,491' (English)."""
        match = _NUMBER.match(raw)
        if not match:
            return raw.strip()
        sign, whole, separator, fraction, rest = match.groups()
        locale = self.table.locale
        if separator == "," and locale.decimal == "." and len(fraction) == 3:
            return raw.strip()  # already grouped the English way
        grouped = whole if len(whole) < 4 else f"{int(whole):,}".replace(",", locale.group)
        number = sign.replace("-", "−") + grouped + (locale.decimal + fraction if separator else "")
        return (number + rest).strip()

    def month(self, value: str) -> int | None:
        value = value.strip().casefold()
        if value.isdigit():
            return int(value) if 1 <= int(value) <= 12 else None
        months = {m.casefold(): i for i, m in enumerate(self.table.locale.months, 1)}
        return months.get(value) or _ENGLISH_MONTHS.get(value)

    def format_date(self, year: str, month: str, day: str, day_first: bool) -> str:
        number = self.month(month) if month else None
        month_name = self.table.locale.months[number - 1] if number else month.strip()
        day = day.strip()
        if self.table.language == "fr":
            if day in ("1", "01"):
                day = "1er"
            return " ".join(p for p in (day.lstrip("0") if day != "1er" else day, month_name, year.strip()) if p)
        day = day.lstrip("0")
        if day and month_name and (day_first or not year):
            return " ".join(p for p in (day, month_name, year.strip()) if p)
        if day and month_name:
            return f"{month_name} {day}, {year.strip()}"
        return " ".join(p for p in (month_name, year.strip()) if p)


def _ymd(values: list[str], order: str) -> tuple[str, str, str]:
    values = [*values, "", "", ""][:3]
    if order == "dmy":
        return values[2], values[1], values[0]
    return values[0], values[1], values[2]


def _age(death: tuple[str, str, str], birth: tuple[str, str, str], renderer: Renderer) -> int | None:
    try:
        (dy, dm, dd), (by, bm, bd) = [(int(y), renderer.month(m), int(d)) for y, m, d in (death, birth)]
    except ValueError:
        return None
    if dm is None or bm is None:
        return None
    return dy - by - ((dm, dd) < (bm, bd))


def _render_date(renderer: Renderer, spec: dict, args: _Args, name: str) -> str:
    order = spec.get("order", "ymd")
    values = args.all_positional()
    while values and not values[-1]:
        values.pop()
    if len(values) == 1 and (iso := _ISO_DATE.match(values[0])):
        year, month, day = iso.group(1), iso.group(2), iso.group(3) or ""
    elif len(values) == 1 and not values[0].isdigit():
        words = values[0].split()  # "12 novembre 1918", "19 janvier"
        if renderer.table.language == "fr" and words and words[0] == "1":
            words[0] = "1er"
        return spec.get("prefix", "") + " ".join(words)
    else:
        year, month, day = _ymd(values, order)
        if order == "dmy" and len(values) == 1:
            year, month, day = values[0], "", ""
    day_first = order == "dmy" or args.flag("df")
    text = renderer.format_date(year, month, day, day_first)
    if spec.get("age") == "death" and len(values) >= 6:
        age = _age((year, month, day), _ymd(values[3:6], order), renderer)
        if age is not None and age >= 0:
            text += renderer.table.locale.age_at_death.format(age=age)
    prefix = spec.get("prefix", "")
    if prefix and args.flag("lc"):
        prefix = prefix.lower()
    return prefix + text if text else ""


def _render_text(renderer: Renderer, spec: dict, args: _Args, name: str) -> str:
    if "join" in spec:
        value = spec["join"].join(v for v in args.all_positional() if v)
    else:
        value = args.first(spec.get("params", [1]))
    if value and spec.get("strip_parenthetical"):
        value = _TRAILING_PARENTHETICAL.sub("", value)
    return spec.get("before", "") + value + spec.get("after", "") if value else ""


def _render_number(renderer: Renderer, spec: dict, args: _Args, name: str) -> str:
    values = args.all_positional()
    text = renderer.number(values[0]) if values else ""
    if exponent := args.get("e"):
        text += "×10" + exponent.translate(_SUPERSCRIPT)
    if spec.get("units", True):
        units: list[str] = []
        for value in values[1:]:
            if units and _EXPONENT.match(value):
                units[-1] += value.translate(_SUPERSCRIPT)
            elif value:
                units.append(value)
        if units:
            text += " " + "⋅".join(units)
    return (spec.get("prefix", "") + text + spec.get("suffix", "")) if (text or spec.get("prefix")) else ""


def _render_convert(renderer: Renderer, spec: dict, args: _Args, name: str) -> str:
    values = args.all_positional()
    if not values:
        return ""
    parts = [renderer.number(values[0])]
    index = 1
    while index + 1 < len(values) and values[index] in _RANGE_WORDS:
        parts += [_RANGE_WORDS[values[index]], renderer.number(values[index + 1])]
        index += 2
    unit = values[index] if index < len(values) else ""
    text = "".join(parts)
    return f"{text} {renderer.table.units.get(unit, unit)}" if unit else text


def _render_century(renderer: Renderer, spec: dict, args: _Args, name: str) -> str:
    values = [v for v in args.all_positional() if v]
    parts: list[str] = []
    numerals = 0
    index = 0
    while index < len(values):
        value = values[index]
        numeral = (
            to_roman(int(value))
            if value.isdigit() and 0 < int(value) < 4000
            else (value.upper() if _ROMAN.match(value) else None)
        )
        if numeral is None:
            parts.append(value)
        else:
            numerals += 1
            suffix = "er" if numeral == "I" else "e"
            if index + 1 < len(values) and values[index + 1] in _ORDINAL_SUFFIXES:
                suffix = values[index + 1]
                index += 1
            parts.append(numeral + suffix)
        index += 1
    if not numerals:
        return ""
    text = " ".join(parts) + (" siècles" if spec.get("plural") or numerals > 1 else " siècle")
    return text + (" av. J.-C." if spec.get("bc") else "")


def _render_roman(renderer: Renderer, spec: dict, args: _Args, name: str) -> str:
    value = args.get(1)
    numeral = to_roman(int(value)) if value.isdigit() and 0 < int(value) < 4000 else value.upper()
    return numeral.lower() if spec.get("case") == "lower" else numeral


def _render_ipa(renderer: Renderer, spec: dict, args: _Args, name: str) -> str:
    if "params" in spec:
        parts = [args.get(k) for k in spec["params"]]
    else:
        parts = [v for v in args.all_positional() if v.casefold() not in _IPA_KEYWORDS and not _AUDIO.search(v)]
    value = "".join(parts).replace("_", " ").strip()
    return spec.get("before", "") + value + spec.get("after", "") if value else ""


def _render_lang_name(renderer: Renderer, spec: dict, args: _Args, name: str) -> str:
    code = name.split("-", 1)[1] if spec.get("code") == "from_name" and "-" in name else args.get(spec.get("code", 1))
    text = args.first(spec.get("text", [1]))
    language = renderer.table.language_names.get(code.strip().casefold())
    if not text or not language:
        return text
    return spec.get("format", "{lang}: {text}").format(lang=language, text=text)


def _render_fraction(renderer: Renderer, spec: dict, args: _Args, name: str) -> str:
    values = [v for v in args.all_positional() if v]
    if len(values) >= 3:
        return f"{values[0]} {values[1]}/{values[2]}"
    if len(values) == 2:
        return f"{values[0]}/{values[1]}"
    return f"1/{values[0]}" if values else ""


def _render_time(renderer: Renderer, spec: dict, args: _Args, name: str) -> str:
    hours, minutes = args.get(1), args.get(2)
    return f"{hours} h {minutes}" if minutes else (f"{hours} h" if hours else "")


def _render_name(renderer: Renderer, spec: dict, args: _Args, name: str) -> str:
    return f"{name} {args.get(1)}" if args.get(1) else name


_RENDERERS: dict[Kind, Callable[[Renderer, dict, _Args, str], str]] = {
    Kind.DROP: lambda renderer, spec, args, name: "",
    Kind.LITERAL: lambda renderer, spec, args, name: spec["text"],
    Kind.PAGE_NAME: lambda renderer, spec, args, name: renderer.title,
    Kind.TEXT: _render_text,
    Kind.NAME: _render_name,
    Kind.DATE: _render_date,
    Kind.NUMBER: _render_number,
    Kind.CONVERT: _render_convert,
    Kind.CENTURY: _render_century,
    Kind.ROMAN: _render_roman,
    Kind.IPA: _render_ipa,
    Kind.LANG_NAME: _render_lang_name,
    Kind.FRACTION: _render_fraction,
    Kind.TIME: _render_time,
}
_CASE_FUNCTIONS: dict[str, Callable[[str], str]] = {
    "lc": str.lower,
    "uc": str.upper,
    "lcfirst": lambda s: s[:1].lower() + s[1:],
    "ucfirst": lambda s: s[:1].upper() + s[1:],
}
