"""The other items of a list most of whose items are names: a team sheet, those present at a meeting, signatories."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

import regex as re

from provenance.pii.context import fold
from provenance.pii.lexicon import family_names, given_names, never_a_name, place_names
from provenance.pii.names import clean_person_span
from provenance.pii.recognizers.name_patterns import PARTICLE, WORD

_LIST_TOKEN = r"(?:(?:" + PARTICLE + r")?" + WORD + r")"
_LIST_ITEM = (
    r"(?:\([^()\n]{1,6}\)[ \u00a0]+)?(?P<name>" + _LIST_TOKEN + r"(?:[ \u00a0]+" + _LIST_TOKEN + r"){0,2})"
    r"(?:[ \u00a0]*\([^()\n]{1,20}\))?"
)
_LIST_SEP = r"(?:[ \u00a0]*[,;][ \u00a0]*|[ \u00a0]+(?:and|et|&)[ \u00a0]+)"
_LIST_RUN = re.compile(r"(?<![\p{L}\d'’\-])" + _LIST_ITEM + r"(?:" + _LIST_SEP + _LIST_ITEM + r"){2,}")
_LIST_ITEM_RE = re.compile(_LIST_ITEM)


def list_mates(text: str, names: Sequence[tuple[int, int]], lang: str) -> list[tuple[int, int]]:
    """Names in a list whose other items are names: a team sheet ("Mensah; Okafor, Lindqvist, Brennan"),
    those present at a meeting, a list of signatories.

    A run of three or more items separated by commas, semicolons or "and"/"et", each one to three
    capitalised words (with a role in parentheses, "Kowalczyk (capt)", "(o) Hastoy"), in which at
    least two items and a third of them are names found otherwise: the other items are names too,
    unless titles, institutions or places. ``names``: (start, end) of the names found otherwise.
    """
    if len(names) < 2:
        return []
    ordered = sorted(names)
    starts = [s for s, _ in ordered]
    places = place_names()
    given, family = given_names(), family_names()
    found = []
    for run in _LIST_RUN.finditer(text):
        items = [(m.start("name"), m.end("name")) for m in _LIST_ITEM_RE.finditer(text, run.start(), run.end())]
        if len(items) < 3:
            continue
        known = []
        for s, e in items:
            i = bisect_right(starts, e) - 1
            while i >= 0 and ordered[i][1] > s:
                if ordered[i][0] < e:
                    known.append((s, e))
                    break
                i -= 1
        if len(known) < 2 or 3 * len(known) < len(items):
            continue
        lengths = {len(text[s:e].split()) for s, e in known}
        all_caps = all(text[s:e].isupper() for s, e in known)
        for s, e in items:
            if (s, e) in known:
                continue
            words = text[s:e].split()
            if any(never_a_name(w, lang) for w in words) or (len(words) == 1 and fold(words[0]) in places):
                continue
            if len(words) not in lengths or (text[s:e].isupper() and not all_caps):
                continue  # "Dr Helen Mortimer, Senior Epidemiologist, UKHSA; ...": a name, a role, a body
            if len(words) > 1 and not any(fold(w) in given or fold(w) in family for w in words):
                continue
            cleaned = clean_person_span(text, s, e, lang, after_honorific=True)
            if cleaned:
                found.append(cleaned)
    return found
