"""Planning each demo dump: which records it holds, in which order, with which rights signals and defects.

A planner turns the requested size into :class:`~provenance_demo.entry.Entry` objects, special
cases first (broken records, reservations, licences, duplicates) and ordinary records after,
then the format writer lays them out. ``World`` holds what every planner shares: the seed,
the people factory and the texts planted in several sources at once.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass, field

from provenance_demo.entry import Entry
from provenance_demo.people import PeopleFactory
from provenance_demo.prose import Piece, compose
from provenance_demo.scene import Draft, Fill, Scene

#: Length ranges (words) asked of each register's composer.
WORDS = {
    "parliament": (250, 950),
    "local_news": (180, 700),
    "encyclopedia": (200, 900),
    "forum": (150, 480),
    "court": (300, 1000),
}


@dataclass
class DumpPlan:
    source_id: str
    relpath: str
    format: str
    entries: list[Entry]
    #: format-specific material the writer needs (a crawl, wiki pages, extra tree members ...)
    extra: dict = field(default_factory=dict)


class World:
    """Shared state of one generation run: everything random derives from ``seed``."""

    def __init__(self, seed: int):
        self.seed = seed
        self.people = PeopleFactory()
        #: texts planted in several dumps: group id -> Piece
        self.shared: dict[str, Piece] = {}

    def rng(self, *parts: object) -> random.Random:
        """A generator for one purpose: adding records to one dump never changes another's."""
        return random.Random("/".join([str(self.seed), *map(str, parts)]))

    def piece(
        self, register: str, lang: str, key: str, day: dt.date, words: int | None = None, topic: str | None = None
    ) -> Piece:
        rng = self.rng("piece", key)
        lo, hi = WORDS[register]
        scene = Scene(lang, rng, self.people, day)
        return compose(register, scene, words or rng.randint(lo, hi), topic=topic)

    def shared_piece(self, group: str, register: str, lang: str, day: dt.date) -> Piece:
        """A text planted in several dumps (an exact duplicate group): composed once, headings dropped
        so every format's extraction gives the same words."""
        if group not in self.shared:
            piece = self.piece(register, lang, f"shared/{group}", day)
            flat = Draft()
            for block in piece.draft.blocks:
                if block.kind == "p":
                    flat.add(Fill(block.fill.text.replace("\n", " "), block.fill.spans))
            piece.draft = flat
            self.shared[group] = piece
        return self.shared[group]


def entry_from_piece(key: str, source_id: str, piece: Piece, offsets_exact: bool, **fields) -> Entry:
    draft = piece.draft
    entry = Entry(
        key=key,
        source_id=source_id,
        register=piece.register,
        lang=piece.lang,
        text=draft.text,
        blocks=[(b.kind, b.fill.text) for b in draft.blocks],
        spans=draft.spans,
        offsets_exact=offsets_exact,
        title=piece.title,
        author=piece.author,
    )
    for name, value in fields.items():
        setattr(entry, name, value)
    return entry


def with_sentence(piece: Piece, sentence: str, rng: random.Random) -> Piece:
    """The same piece with one sentence added to one of its paragraphs: a near duplicate."""
    paragraphs = [i for i, b in enumerate(piece.draft.blocks) if b.kind == "p" and len(b.fill.text) > 80]
    i = rng.choice(paragraphs)
    changed = Draft()
    for j, block in enumerate(piece.draft.blocks):
        fill = block.fill
        if j == i:
            fill = Fill(fill.text + " " + sentence, fill.spans)
        changed.add(fill, block.kind)
    return Piece(piece.register, piece.lang, piece.title, changed, piece.author, dict(piece.extra))


def day_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def at_time(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime(
        day.year,
        day.month,
        day.day,
        rng.randint(6, 21),
        rng.choice((0, 7, 15, 22, 30, 41, 45, 53)),
        tzinfo=dt.UTC,
    )


def weighted(rng: random.Random, options: list[tuple[object, float]]):
    values, weights = zip(*options, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


def slug(text: str, limit: int = 60) -> str:
    """A URL or file-name slug: ASCII, lower case, words joined by hyphens."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    out, dash = [], False
    for c in folded:
        if c.isalnum():
            out.append(c)
            dash = False
        elif not dash:
            out.append("-")
            dash = True
    return "".join(out).strip("-")[:limit].strip("-") or "page"
