"""Where each word of one document stands, indexed once: a word's or a name's occurrences without a scan of the whole text.

Name detection asks, for every distinct name word of a document, where it occurs (in any case) and
whether a name occurs outside the mentions found. A regular-expression or ``str.find`` scan of the
whole text per question made a long document with many distinct names cost time quadratic in its
length. The index answers the same questions exactly from the document's runs of letters and
digits (``[\\p{L}\\d]+``, the boundaries those scans test): an occurrence of a string that starts
with such a run lies inside one run of the text, or ends one.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator, Sequence

import regex as re

_RUN = re.compile(r"[\p{L}\d]+")
#: The one character outside ``[\p{L}\d]`` that matches a letter when case is ignored (U+0345 folds to iota):
#: a text or word holding it is scanned whole, as before.
_CASELESS_ODD = "\u0345"
#: Runs longer than this are searched whole for each question instead of being indexed by their suffixes.
_LONG_RUN = 64


def _caseless(value: str) -> str:
    # Case-insensitive matching (simple case folding) also pairs the dotless i with I, which casefold() keeps apart.
    return value.casefold().replace("ı", "i")


class WordIndex:
    """The runs of letters and digits of ``text`` and where each starts, built on first use."""

    def __init__(self, text: str):
        self.text = text
        self._starts: dict[str, array] | None = None
        self._caseless: dict[str, list[str]] | None = None
        self._suffixes: tuple[list[str], list[int], list[str]] | None = None
        self._long: list[str] = []

    def _runs(self) -> dict[str, array]:
        if self._starts is None:
            starts: dict[str, array] = defaultdict(lambda: array("q"))
            for m in _RUN.finditer(self.text):
                starts[m.group()].append(m.start())
            self._starts = dict(starts)
        return self._starts

    def word_starts(self, word: str) -> Sequence[int] | None:
        """Ascending positions where a case-insensitive match of ``word`` bounded by no letter or digit on
        either side may start (a superset: each is to be checked); None when the index cannot say (``word``
        does not open with a letter or digit, or the text holds a character that folds into one)."""
        head = _RUN.match(word)
        if head is None or _CASELESS_ODD in word or _CASELESS_ODD in self.text:
            return None
        runs = self._runs()
        if self._caseless is None:
            caseless: dict[str, list[str]] = defaultdict(list)
            for run in runs:
                caseless[_caseless(run)].append(run)
            self._caseless = dict(caseless)
        spellings = self._caseless.get(_caseless(head.group()), [])
        if len(spellings) == 1:
            return runs[spellings[0]]
        return sorted(start for run in spellings for start in runs[run])

    def substring_starts(self, value: str) -> Iterator[int] | None:
        """Every position where ``value`` occurs in the text, overlapping ones included, in no particular order
        (as a ``str.find`` loop would find them); None when ``value`` does not open with a letter or digit."""
        head = _RUN.match(value)
        if head is None:
            return None
        return self._substring_starts(value, head.group())

    def _substring_starts(self, value: str, head: str) -> Iterator[int]:
        runs = self._runs()
        whole = len(head) == len(value)  # else the run of the text that holds ``head`` ends with it
        keys, offsets, owners = self._suffix_index()
        i = bisect_left(keys, head)
        while i < len(keys) and (keys[i].startswith(head) if whole else keys[i] == head):
            for start in runs[owners[i]]:
                if whole or self.text.startswith(value, start + offsets[i]):
                    yield start + offsets[i]
            i += 1
        for run in self._long:
            offset = run.find(head)
            while offset >= 0:
                if whole or offset + len(head) == len(run):
                    for start in runs[run]:
                        if whole or self.text.startswith(value, start + offset):
                            yield start + offset
                offset = run.find(head, offset + 1)

    def _suffix_index(self) -> tuple[list[str], list[int], list[str]]:
        """Every suffix of every distinct run (up to ``_LONG_RUN`` characters), sorted, with its offset and run."""
        if self._suffixes is None:
            entries: list[tuple[str, int, str]] = []
            for run in self._runs():
                if len(run) > _LONG_RUN:
                    self._long.append(run)
                    continue
                entries.extend((run[offset:], offset, run) for offset in range(len(run)))
            entries.sort()
            self._suffixes = ([e[0] for e in entries], [e[1] for e in entries], [e[2] for e in entries])
        return self._suffixes
