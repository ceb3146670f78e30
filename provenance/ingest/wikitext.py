"""Wikitext as the text a reader of the rendered page sees: templates rendered from a declared table, the rest dropped.

What is kept, what is rendered and what is removed:

- **Templates** render according to ``data/wikitext_templates.yaml``: a table from template names (French and
  English Wikipedia's, matched case-, space- and underscore-insensitively) to a renderer kind: dates, numbers
  with units, centuries, foreign-language spans, interlanguage-link labels, pronunciations, formatting
  wrappers, fixed characters. A template the table does not know is dropped (infoboxes, navigation boxes,
  citations and banners are by far the most common unknowns) and counted in ``Rendered.unknown_templates``.
  Parameters are rendered recursively, so nested templates work; nesting deeper than ``MAX_DEPTH`` renders
  nothing. An age "today" ({{birth date and age}}) is never rendered: the text must not depend on the day the
  dump is read. {{convert}} keeps the source's value and unit, never a computed equivalent.
- **Removed**: references (``<ref>``, reference templates), galleries, formulas and other non-prose tags,
  files, categories, interlanguage links, tables, comments, behaviour switches, and the sections that are
  lists of citations and links rather than prose (Notes et références, Voir aussi, Liens externes,
  Bibliographie, References, See also, External links, Further reading, …; listed in the YAML), with their
  subsections. A heading left with nothing under it is removed too.
- **Tidied**: list markers, the brackets and separators a dropped template leaves behind ("Berlin ( , ) is"),
  spaces before a comma or full stop, and any markup that failed to parse (unbalanced ``{{``, ``[[``, ``'''``).

Parsing is wikitextparser's: on the real fixtures it parses about six times faster than mwparserfromhell and
stays linear on unbalanced input (thousands of unclosed ``{{`` take milliseconds, where mwparserfromhell's
tokenizer backtracks for tens of seconds). Every step here is linear in the text too: tags and comments are
cut by scanning, never by a backtracking regular expression.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import wikitextparser
import yaml

TEMPLATE_TABLE = Path(__file__).resolve().parent / "data" / "wikitext_templates.yaml"
#: Templates nested deeper than this render nothing (real articles nest a handful of levels).
MAX_DEPTH = 24
#: Link namespaces that are not prose: media, files, categories (their English and French names).
DEFAULT_HIDDEN_NAMESPACES = frozenset({"media", "file", "image", "category", "média", "fichier", "catégorie"})


class Kind(str, Enum):
    """How a template renders; the YAML's section keys."""

    DROP = "drop"
    TEXT = "text"
    LITERAL = "literal"
    NAME = "name"
    DATE = "date"
    NUMBER = "number"
    CONVERT = "convert"
    CENTURY = "century"
    ROMAN = "roman"
    IPA = "ipa"
    LANG_NAME = "lang_name"
    FRACTION = "fraction"
    TIME = "time"
    PAGE_NAME = "page_name"


#: Kinds whose YAML entry is a plain list of names.
_LISTED = {Kind.DROP, Kind.NAME, Kind.CONVERT, Kind.FRACTION, Kind.TIME, Kind.PAGE_NAME}


@dataclass(frozen=True)
class Rule:
    kind: Kind
    spec: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Locale:
    months: tuple[str, ...]
    group: str
    decimal: str
    age_at_death: str


_ENGLISH = Locale(
    (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    ",",
    ".",
    " (aged {age})",
)


@dataclass(frozen=True)
class TemplateTable:
    """The YAML table resolved for one wiki language."""

    language: str | None
    names: dict[str, Rule]
    patterns: tuple[tuple[re.Pattern[str], Rule], ...]
    prefixes: tuple[tuple[str, Rule], ...]
    locale: Locale
    language_names: dict[str, str]
    units: dict[str, str]
    excluded_sections: frozenset[str]

    def rule(self, name: str) -> Rule | None:
        """The rule for a template called ``name`` (as written), or None when the table does not know it."""
        key = normalise_name(name)
        found = self.names.get(key)
        if found is not None:
            return found
        written = _written(name)
        for pattern, rule in self.patterns:
            if pattern.search(written):
                return rule
        for prefix, rule in self.prefixes:
            if key.startswith(prefix):
                return rule
        return None


_NAMESPACE_PREFIX = re.compile(r"^(?:template|modèle|msg|subst|safesubst)\s*:\s*", re.IGNORECASE)
_SPACES_IN_NAME = re.compile(r"[\s_]+")


def _written(name: str) -> str:
    return _NAMESPACE_PREFIX.sub("", _SPACES_IN_NAME.sub(" ", name).strip())


def normalise_name(name: str) -> str:
    """'Date_de  naissance', 'Modèle:date de naissance' -> 'date de naissance'."""
    return _written(name).casefold()


@lru_cache(maxsize=1)
def _raw_table() -> dict[str, Any]:
    return yaml.safe_load(TEMPLATE_TABLE.read_text(encoding="utf-8"))


def _section_rules(
    section: dict[str, Any],
) -> tuple[dict[str, Rule], list[tuple[re.Pattern[str], Rule]], list[tuple[str, Rule]]]:
    names: dict[str, Rule] = {}
    for key, entries in section.items():
        if key in ("patterns", "prefixes"):
            continue
        kind = Kind(key)
        if kind in _LISTED:
            names.update({normalise_name(str(n)): Rule(kind) for n in entries})
        elif kind is Kind.LITERAL:
            names.update({normalise_name(str(n)): Rule(kind, {"text": str(t)}) for n, t in entries.items()})
        else:
            for n, spec in entries.items():
                names[normalise_name(str(n))] = Rule(kind, {"params": spec} if isinstance(spec, list) else dict(spec))
    patterns = [
        (re.compile(p, re.IGNORECASE), Rule(Kind(s["kind"]), {k: v for k, v in s.items() if k != "kind"}))
        for p, s in (section.get("patterns") or {}).items()
    ]
    prefixes = [
        (str(p).casefold(), Rule(Kind(kind))) for kind, ps in (section.get("prefixes") or {}).items() for p in ps
    ]
    return names, patterns, prefixes


@cache
def template_table(language: str | None) -> TemplateTable:
    """The table for a wiki read in ``language`` ('fr', 'en'; other languages get the common entries only)."""
    raw = _raw_table()
    sections = raw["sections"]
    names, patterns, prefixes = _section_rules(sections["common"])
    if language in sections and language != "common":
        own_names, own_patterns, own_prefixes = _section_rules(sections[language])
        names.update(own_names)
        patterns = own_patterns + patterns
        prefixes = own_prefixes + prefixes
    locale_raw = raw["locales"].get(language)
    locale = (
        Locale(tuple(locale_raw["months"]), locale_raw["group"], locale_raw["decimal"], locale_raw["age_at_death"])
        if locale_raw
        else _ENGLISH
    )
    excluded = raw["excluded_sections"].get(language) or [t for ts in raw["excluded_sections"].values() for t in ts]
    return TemplateTable(
        language,
        names,
        tuple(patterns),
        tuple(prefixes),
        locale,
        dict(raw["language_names"].get(language) or raw["language_names"]["en"]),
        {str(k): str(v) for k, v in raw["units"].items()},
        frozenset(_heading_key(t) for t in excluded),
    )


# --------------------------------------------------------------------------- preparing the raw text

#: Tags whose content is not prose; removed with their content before parsing.
_HIDDEN_TAGS = (
    "ref",
    "references",
    "gallery",
    "math",
    "chem",
    "ce",
    "score",
    "timeline",
    "graph",
    "templatedata",
    "mapframe",
    "maplink",
    "imagemap",
    "inputbox",
    "categorytree",
    "hiero",
    "includeonly",
    "indicator",
    "section",
    "templatestyles",
)
_HIDDEN_OPEN = re.compile(r"<(" + "|".join(_HIDDEN_TAGS) + r")(\s[^<>]*)?>", re.IGNORECASE)
_HIDDEN_CLOSE = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in _HIDDEN_TAGS}
_LINE_BREAK = re.compile(r"<br\s*/?\s*>|</br\s*>", re.IGNORECASE)
_SIMPLE_LINK = re.compile(r"\[\[\s*([^\[\]|:]+?)\s*:([^\[\]]*)\]\]")
_INTERLANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[a-z]+)*$")
_HEADING = re.compile(r"^(={1,6})[ \t]*(.+?)[ \t]*\1[ \t]*$", re.MULTILINE)


def _strip_comments(text: str) -> str:
    """Comments removed; an unclosed comment hides the rest of the page, as MediaWiki does."""
    out, pos = [], 0
    while (start := text.find("<!--", pos)) != -1:
        out.append(text[pos:start])
        end = text.find("-->", start + 4)
        if end == -1:
            return "".join(out)
        pos = end + 3
    out.append(text[pos:])
    return "".join(out)


def _strip_hidden_tags(text: str) -> str:
    """Hidden tags removed with their content, by scanning (linear even when closing tags are missing).
    A tag never closed hides the rest of its paragraph."""
    out, pos = [], 0
    unclosed: set[str] = set()
    for match in _HIDDEN_OPEN.finditer(text):
        if match.start() < pos:
            continue  # inside a tag already removed
        out.append(text[pos : match.start()])
        name = match.group(1).lower()
        pos = match.end()
        if match.group(0).endswith("/>"):
            continue
        close = _HIDDEN_CLOSE[name].search(text, pos) if name not in unclosed else None
        if close is not None:
            pos = close.end()
            continue
        # Never closed: its content is taken to run to the end of the paragraph (a citation, as a rule).
        unclosed.add(name)
        end = text.find("\n\n", pos)
        pos = len(text) if end == -1 else end
    out.append(text[pos:])
    return "".join(out)


def _strip_hidden_links(text: str, hidden_namespaces: frozenset[str]) -> str:
    """Category, file and interlanguage links without nested links (files with captions are the parser's)."""

    def keep(match: re.Match[str]) -> str:
        prefix = match.group(1).strip()
        if prefix.lower() in hidden_namespaces or _INTERLANGUAGE.match(prefix):
            return ""
        return match.group(0)

    return _SIMPLE_LINK.sub(keep, text)


_BRACES = re.compile(r"\{\{|\}\}")


def _limit_nesting(text: str, limit: int = MAX_DEPTH) -> str:
    """Templates nested deeper than ``limit`` cut out, in one pass: the parser's cost grows with nesting depth."""
    out, pos, depth, cut_from = [], 0, 0, -1
    for match in _BRACES.finditer(text):
        if match.group(0) == "{{":
            depth += 1
            if depth == limit + 1:
                out.append(text[pos : match.start()])
                cut_from = match.start()
        elif depth > 0:
            depth -= 1
            if depth == limit:
                pos = match.end()
                cut_from = -1
    if cut_from == -1:  # else the text ends inside an over-deep template: the rest is cut too
        out.append(text[pos:])
    return "".join(out)


def _prepare(wikitext: str, hidden_namespaces: frozenset[str]) -> str:
    text = _strip_hidden_tags(_strip_comments(wikitext))
    text = _limit_nesting(text)
    text = _LINE_BREAK.sub("\n", text)
    return _strip_hidden_links(text, hidden_namespaces)


# --------------------------------------------------------------------------- tidying the rendered text

_BEHAVIOUR_SWITCH = re.compile(r"__[A-Z]+__")
_RESIDUE_TAGS = (
    "ref",
    "references",
    "div",
    "span",
    "p",
    "small",
    "big",
    "sup",
    "sub",
    "center",
    "font",
    "table",
    "td",
    "th",
    "tr",
    "li",
    "ul",
    "ol",
    "b",
    "i",
    "u",
    "s",
    "em",
    "strong",
    "nowiki",
    "gallery",
    "blockquote",
    "poem",
    "onlyinclude",
    "includeonly",
    "noinclude",
    "abbr",
    "time",
    "code",
)
_LEFTOVER = re.compile(
    r"\{\{+|\}\}+|\[\[+|\]\]+|\{\||'{2,}|</?ref\b|</?(?:" + "|".join(_RESIDUE_TAGS) + r")\b[^<>\n]{0,200}>",
    re.IGNORECASE,
)
_LEFTOVER_ENTITY = re.compile(r"&(?:nbsp|amp|lt|gt|quot|apos|ndash|mdash|thinsp|#\d{1,7}|#x[0-9a-fA-F]{1,6});")
_TABLE_LINE = re.compile(r"^(?:\{\||\|\}|\|-|\|\+)")
_LIST_MARKER = re.compile(r"^[*#:;]+\s*")
_EMPTY_BRACKETS = re.compile(r"[ \t\u00a0]*[(\[][ \t\u00a0]*(?:[,;:/–—-][ \t\u00a0]*)*[)\]]")
_SEPARATOR_AFTER_OPEN = re.compile(r"\([ \t\u00a0]*[,;][ \t\u00a0]*")
_SEPARATOR_BEFORE_CLOSE = re.compile(r"[ \t\u00a0]*[,;][ \t\u00a0]*\)")
_SPACE_BEFORE_STOP = re.compile(r"[ \t]+([,.])(?=\s|$)")
_SPACE_BEFORE_CLOSE = re.compile(r"[ \t]+\)")
_SPACE_AFTER_OPEN = re.compile(r"\([ \t]+")
_SPACE_RUN = re.compile(r"[ \t]{2,}")
_WORD = re.compile(r"\w")
_BLANK_LINES = re.compile(r"\n{3,}")


def _tidy_line(line: str) -> str:
    line = _LIST_MARKER.sub("", line.strip())
    line = _EMPTY_BRACKETS.sub("", line)
    line = _SEPARATOR_AFTER_OPEN.sub("(", line)
    line = _SEPARATOR_BEFORE_CLOSE.sub(")", line)
    line = _SPACE_BEFORE_STOP.sub(r"\1", line)
    line = _SPACE_BEFORE_CLOSE.sub(")", line)
    line = _SPACE_AFTER_OPEN.sub("(", line)
    line = _SPACE_RUN.sub(" ", line).strip()
    return line if _WORD.search(line) else ""


def _tidy(text: str) -> str:
    text = _BEHAVIOUR_SWITCH.sub("", text)
    text = _LEFTOVER.sub("", text)
    text = _LEFTOVER_ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    lines = [_tidy_line(line) for line in text.split("\n") if not _TABLE_LINE.match(line.strip())]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _heading_key(title: str) -> str:
    return " ".join(title.replace("\u00a0", " ").split()).casefold().strip(" :.")


# --------------------------------------------------------------------------- rendering

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
_ENGLISH_MONTHS = {m.casefold(): i for i, m in enumerate(_ENGLISH.months, 1)}


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


class _Renderer:
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
        return _RENDERERS[rule.kind](self, rule.spec, args, _written(name))

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


def _age(death: tuple[str, str, str], birth: tuple[str, str, str], renderer: _Renderer) -> int | None:
    try:
        (dy, dm, dd), (by, bm, bd) = [(int(y), renderer.month(m), int(d)) for y, m, d in (death, birth)]
    except ValueError:
        return None
    if dm is None or bm is None:
        return None
    return dy - by - ((dm, dd) < (bm, bd))


def _render_date(renderer: _Renderer, spec: dict, args: _Args, name: str) -> str:
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


def _render_text(renderer: _Renderer, spec: dict, args: _Args, name: str) -> str:
    if "join" in spec:
        value = spec["join"].join(v for v in args.all_positional() if v)
    else:
        value = args.first(spec.get("params", [1]))
    if value and spec.get("strip_parenthetical"):
        value = _TRAILING_PARENTHETICAL.sub("", value)
    return spec.get("before", "") + value + spec.get("after", "") if value else ""


def _render_number(renderer: _Renderer, spec: dict, args: _Args, name: str) -> str:
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


def _render_convert(renderer: _Renderer, spec: dict, args: _Args, name: str) -> str:
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


def _render_century(renderer: _Renderer, spec: dict, args: _Args, name: str) -> str:
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


def _render_roman(renderer: _Renderer, spec: dict, args: _Args, name: str) -> str:
    value = args.get(1)
    numeral = to_roman(int(value)) if value.isdigit() and 0 < int(value) < 4000 else value.upper()
    return numeral.lower() if spec.get("case") == "lower" else numeral


def _render_ipa(renderer: _Renderer, spec: dict, args: _Args, name: str) -> str:
    if "params" in spec:
        parts = [args.get(k) for k in spec["params"]]
    else:
        parts = [v for v in args.all_positional() if v.casefold() not in _IPA_KEYWORDS and not _AUDIO.search(v)]
    value = "".join(parts).replace("_", " ").strip()
    return spec.get("before", "") + value + spec.get("after", "") if value else ""


def _render_lang_name(renderer: _Renderer, spec: dict, args: _Args, name: str) -> str:
    code = name.split("-", 1)[1] if spec.get("code") == "from_name" and "-" in name else args.get(spec.get("code", 1))
    text = args.first(spec.get("text", [1]))
    language = renderer.table.language_names.get(code.strip().casefold())
    if not text or not language:
        return text
    return spec.get("format", "{lang}: {text}").format(lang=language, text=text)


def _render_fraction(renderer: _Renderer, spec: dict, args: _Args, name: str) -> str:
    values = [v for v in args.all_positional() if v]
    if len(values) >= 3:
        return f"{values[0]} {values[1]}/{values[2]}"
    if len(values) == 2:
        return f"{values[0]}/{values[1]}"
    return f"1/{values[0]}" if values else ""


def _render_time(renderer: _Renderer, spec: dict, args: _Args, name: str) -> str:
    hours, minutes = args.get(1), args.get(2)
    return f"{hours} h {minutes}" if minutes else (f"{hours} h" if hours else "")


def _render_name(renderer: _Renderer, spec: dict, args: _Args, name: str) -> str:
    return f"{name} {args.get(1)}" if args.get(1) else name


_RENDERERS: dict[Kind, Callable[[_Renderer, dict, _Args, str], str]] = {
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


# --------------------------------------------------------------------------- pages


@dataclass
class Rendered:
    text: str
    #: templates the table does not know, by normalised name (they rendered nothing)
    unknown_templates: Counter[str] = field(default_factory=Counter)
    #: sections whose wikitext the parser could not render (left out, never a crash)
    failed_sections: int = 0


@dataclass
class _Section:
    level: int
    heading: str
    body: str


def _split_sections(text: str) -> list[tuple[int, str, str]]:
    """(level, raw heading, raw body) for the lead (level 0) and every heading."""
    sections, level, heading, pos = [], 0, "", 0
    for match in _HEADING.finditer(text):
        sections.append((level, heading, text[pos : match.start()]))
        level, heading, pos = len(match.group(1)), match.group(2), match.end()
    sections.append((level, heading, text[pos:]))
    return sections


def _drop_empty_headings(sections: list[_Section]) -> list[_Section]:
    """Headings with nothing under them (no text, no subsection with text) removed."""
    kept = [False] * len(sections)
    for i in range(len(sections) - 1, -1, -1):
        section = sections[i]
        if section.body:
            kept[i] = True
            continue
        j = i + 1
        while j < len(sections) and sections[j].level > section.level:
            if kept[j]:
                kept[i] = True
                break
            j += 1
    return [s for s, keep in zip(sections, kept, strict=True) if keep]


def wikitext_to_text(
    wikitext: str,
    language: str | None = None,
    title: str = "",
    hidden_namespaces: frozenset[str] = DEFAULT_HIDDEN_NAMESPACES,
) -> Rendered:
    """The text a reader sees on the page rendered from ``wikitext`` (see the module docstring)."""
    table = template_table(language)
    renderer = _Renderer(table, title)
    failed = 0
    sections: list[_Section] = []
    skip_below: int | None = None
    for level, raw_heading, raw_body in _split_sections(_prepare(wikitext, hidden_namespaces)):
        if skip_below is not None and level > skip_below:
            continue
        skip_below = None
        try:
            heading = _tidy_line(renderer.render(raw_heading)) if level else ""
            if level and _heading_key(heading) in table.excluded_sections:
                skip_below = level
                continue
            body = _tidy(renderer.render(raw_body))
        except Exception:
            failed += 1
            continue
        sections.append(_Section(level, heading, body))
    parts = []
    for section in _drop_empty_headings(sections):
        if block := "\n".join(p for p in (section.heading, section.body) if p):
            parts.append(block)
    return Rendered("\n\n".join(parts), renderer.unknown, failed)
