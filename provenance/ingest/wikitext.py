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
from dataclasses import dataclass, field

from provenance.ingest.wikitext_render import Renderer
from provenance.ingest.wikitext_templates import MAX_DEPTH, heading_key, template_table

#: Link namespaces that are not prose: media, files, categories (their English and French names).
DEFAULT_HIDDEN_NAMESPACES = frozenset({"media", "file", "image", "category", "média", "fichier", "catégorie"})

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
    renderer = Renderer(table, title)
    failed = 0
    sections: list[_Section] = []
    skip_below: int | None = None
    for level, raw_heading, raw_body in _split_sections(_prepare(wikitext, hidden_namespaces)):
        if skip_below is not None and level > skip_below:
            continue
        skip_below = None
        try:
            heading = _tidy_line(renderer.render(raw_heading)) if level else ""
            if level and heading_key(heading) in table.excluded_sections:
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
