"""Cutting long documents into overlapping chunks for the NER, and keeping each entity from exactly one chunk.

A chunk *owns* the part of the text from the middle of its overlap with the previous chunk
to the middle of its overlap with the next. An entity is kept from the chunk that owns its
start, so an entity cut by a chunk's edge is always taken from the neighbour that sees it
whole (as long as entities are shorter than half the overlap), and none is counted twice.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Chunk:
    start: int
    end: int
    own_start: int
    own_end: int

    def owns(self, position: int) -> bool:
        return self.own_start <= position < self.own_end


def _snap_back(text: str, position: int, floor: int) -> int:
    """The last whitespace at or before ``position`` (not before ``floor``), so no word is cut."""
    cut = position
    while cut > floor and not text[cut - 1].isspace():
        cut -= 1
    return cut if cut > floor else position


def plan_chunks(text: str, max_chars: int, overlap: int) -> list[Chunk]:
    """Chunks of at most ``max_chars`` covering ``text``, consecutive ones sharing about ``overlap`` characters."""
    n = len(text)
    if n <= max_chars:
        return [Chunk(0, n, 0, n)]
    if overlap * 2 >= max_chars:
        raise ValueError(f"overlap ({overlap}) must be less than half of max_chars ({max_chars})")
    bounds: list[tuple[int, int]] = []
    start = 0
    while True:
        if n - start <= max_chars:
            bounds.append((start, n))
            break
        end = _snap_back(text, start + max_chars, start + max_chars // 2)
        bounds.append((start, end))
        start = _snap_back(text, end - overlap, start + 1)
    chunks = []
    for i, (s, e) in enumerate(bounds):
        own_start = 0 if i == 0 else (s + bounds[i - 1][1]) // 2
        own_end = n if i == len(bounds) - 1 else (bounds[i + 1][0] + e) // 2
        chunks.append(Chunk(s, e, own_start, own_end))
    return chunks
