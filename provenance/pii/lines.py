"""The line around a position of a text, from an index of its line breaks built once per text.

Detection asks for the line of many positions of one document (is it a title-case headline,
does an organisation span it); ``str.rfind`` from each position back to the line start walks
the whole text when it holds no line break, so a long one-line document cost time quadratic
in its length. The index makes each question a binary search.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

import regex as re

_BREAK = re.compile("\n")


@lru_cache(maxsize=4)
def _breaks(text: str) -> list[int]:
    # A str caches its hash: asking again for the same document costs no re-hash of its text.
    return [m.start() for m in _BREAK.finditer(text)]


def line_bounds(text: str, position: int) -> tuple[int, int]:
    """``(start, end)`` of the line holding ``position``: as ``text.rfind("\\n", 0, position) + 1`` and
    ``text.find("\\n", position)`` (``len(text)`` when none) would say."""
    breaks = _breaks(text)
    i = bisect_left(breaks, position)
    start = breaks[i - 1] + 1 if i > 0 else 0
    end = breaks[i] if i < len(breaks) else len(text)
    return start, end
