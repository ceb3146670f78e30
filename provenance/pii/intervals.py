"""Which spans of a document overlap or cover a given span, answered by binary search instead of a walk over all.

Person-name detection asks, for each of a document's mentions, which other mentions or NER
entities overlap or hold it; a walk over every span per mention made long documents with many
names cost time quadratic in their number of names.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate


class SpanIndex:
    """``(start, end)`` spans, sorted once: :meth:`overlapping` and :meth:`covers` in logarithmic time
    (plus the spans returned; a span is looked for no further back than the longest one reaches)."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        order = sorted(enumerate(spans), key=lambda item: item[1])
        self._ids = [i for i, _ in order]
        self._spans = [span for _, span in order]
        self._starts = [s for s, _ in self._spans]
        self._longest = max((e - s for s, e in self._spans), default=0)
        self._reach = list(accumulate((e for _, e in self._spans), max))  # furthest end of the spans so far

    def overlapping(self, start: int, end: int) -> list[int]:
        """Positions (in the order given) of the spans sharing a character with ``[start, end)``:
        ``s < end and start < e``."""
        first = bisect_left(self._starts, start - self._longest)
        last = bisect_left(self._starts, end)
        return [self._ids[k] for k in range(first, last) if self._spans[k][1] > start]

    def containing(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans that hold ``[start, end)``: ``s <= start and end <= e``."""
        first = bisect_left(self._starts, end - self._longest)
        last = bisect_right(self._starts, start)
        return [self._spans[k] for k in range(first, last) if self._spans[k][1] >= end]

    def covers(self, start: int, end: int) -> bool:
        """Whether one of the spans holds ``[start, end)``."""
        last = bisect_right(self._starts, start)
        return last > 0 and self._reach[last - 1] >= end
