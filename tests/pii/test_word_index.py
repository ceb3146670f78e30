"""The indexes that keep name detection linear answer exactly what the scans they replace did."""

from __future__ import annotations

import random

import pytest
import regex as re

from provenance.pii.intervals import SpanIndex
from provenance.pii.lines import line_bounds
from provenance.pii.word_index import WordIndex

TEXT = (
    "Jean-Pierre Martin a rencontré M. Martinez à SaintMartin.\nLe docteur Dupont-Moretti et Mme O'Brien ont vu "
    "DUPONT et dupont, puis Dupontel. Işıl Dupont vient d'İSTANBUL ; ISIL l'a dit. MARTIN-MARTIN, martin.\n\n"
    "Brigitte Strauß et M. STRAUSS ; ΣΩΚΡΑΤΗΣ, Σωκράτης et σωκράτης. Kelvin \u212a et k. Ⅻ 42 ab42 42ab "
    + "x" * 100
    + "Martin"
    + "y" * 70
    + " fin."
)
WORDS = [
    "Martin", "martin", "MARTIN", "Dupont", "Dupont-Moretti", "Jean-Pierre", "O'Brien", "Işıl", "ISIL", "ıstanbul",
    "İstanbul", "Strauß", "STRAUSS", "Σωκράτης", "σωκράτης", "k", "K", "42", "ab42", "Ⅻ", "Pierre", "Moretti",
    "Brien", "Martin-Martin", "xMartin", "Martiny", "y", "tin",
]  # fmt: skip


def _scan(text: str, probe: str) -> set[int]:
    found, position = set(), text.find(probe)
    while position >= 0:
        found.add(position)
        position = text.find(probe, position + 1)
    return found


@pytest.mark.parametrize("text", [TEXT, TEXT.replace("\n", " ")])
def test_substring_starts_are_every_occurrence_a_find_loop_sees(text):
    index = WordIndex(text)
    for probe in WORDS:
        starts = index.substring_starts(probe)
        if starts is None:  # "Ⅻ" is a number, not a digit: such a probe is looked for by a scan
            assert not re.match(r"[\p{L}\d]", probe)
            continue
        assert set(starts) == _scan(text, probe), probe
    assert index.substring_starts("'Brien") is None  # not opening with a letter or digit: scan instead


@pytest.mark.parametrize("case", [re.IGNORECASE, 0])
def test_word_starts_lead_to_every_match_of_a_bounded_word(case):
    index = WordIndex(TEXT)
    for word in WORDS:
        pattern = re.compile(r"(?<![\p{L}\d])" + re.escape(word) + r"(?![\p{L}\d])", case)
        starts = index.word_starts(word)
        if starts is None:
            assert not re.match(r"[\p{L}\d]", word)
            continue
        matched = [m.span() for p in starts if (m := pattern.match(TEXT, p))]
        assert matched == [m.span() for m in pattern.finditer(TEXT)], word
    assert WordIndex(TEXT + " \u0345").word_starts("Martin") is None  # a mark that folds into a letter: scan


def test_spans_overlapping_and_covering_are_those_a_walk_finds():
    rng = random.Random(14)
    spans = [(s, s + rng.randint(0, 30)) for s in (rng.randint(0, 500) for _ in range(200))]
    index = SpanIndex(spans)
    for _ in range(500):
        start = rng.randint(0, 520)
        end = start + rng.randint(0, 40)
        assert sorted(index.overlapping(start, end)) == [i for i, (s, e) in enumerate(spans) if s < end and start < e]
        assert sorted(index.containing(start, end)) == sorted((s, e) for s, e in spans if s <= start and end <= e)
        assert index.covers(start, end) == any(s <= start and end <= e for s, e in spans)


def test_line_bounds_are_those_of_rfind_and_find():
    text = "\nune ligne\n\ndeux\nfin sans retour"
    for position in range(len(text) + 1):
        end = text.find("\n", position)
        assert line_bounds(text, position) == (text.rfind("\n", 0, position) + 1, len(text) if end < 0 else end)
