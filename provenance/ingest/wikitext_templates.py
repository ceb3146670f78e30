"""The table of how wikitext templates render as text, read from ``data/wikitext_templates.yaml``.

Template names are matched case-, space- and underscore-insensitively; each maps to a renderer kind
(:mod:`provenance.ingest.wikitext_render`). The table also lists, per language, the sections that are
citations and links rather than prose, the language names and the units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

TEMPLATE_TABLE = Path(__file__).resolve().parent / "data" / "wikitext_templates.yaml"
#: Templates nested deeper than this render nothing (real articles nest a handful of levels).
MAX_DEPTH = 24


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


ENGLISH_LOCALE = Locale(
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
        written = written_name(name)
        for pattern, rule in self.patterns:
            if pattern.search(written):
                return rule
        for prefix, rule in self.prefixes:
            if key.startswith(prefix):
                return rule
        return None


_NAMESPACE_PREFIX = re.compile(r"^(?:template|modèle|msg|subst|safesubst)\s*:\s*", re.IGNORECASE)
_SPACES_IN_NAME = re.compile(r"[\s_]+")


def written_name(name: str) -> str:
    return _NAMESPACE_PREFIX.sub("", _SPACES_IN_NAME.sub(" ", name).strip())


def normalise_name(name: str) -> str:
    """'Date_de  naissance', 'Modèle:date de naissance' -> 'date de naissance'."""
    return written_name(name).casefold()


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
        else ENGLISH_LOCALE
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
        frozenset(heading_key(t) for t in excluded),
    )


def heading_key(title: str) -> str:
    """A heading as the table lists excluded sections: spaces folded, case folded, no trailing colon or dot."""
    return " ".join(title.replace("\u00a0", " ").split()).casefold().strip(" :.")
