"""Hand-written prose templates in five registers and two languages, and the composer that picks among them.

One module per register (parliament, local_news, encyclopedia, forum, court), each with a
French and an English ``compose``. A composer draws a topic, a cast and a sequence of
paragraph templates until the document reaches the length asked for, so documents differ
in topic, structure, length and planted values while reading like their genre.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from provenance_demo.scene import Draft, Fill, Scene, Span

REGISTERS = ("parliament", "local_news", "encyclopedia", "forum", "court")


@dataclass
class Piece:
    """A composed document: its title, text blocks, author and format-independent extras."""

    register: str
    lang: str
    title: str
    draft: Draft
    author: str | None = None
    extra: dict = field(default_factory=dict)


def concat(*fills: Fill) -> Fill:
    """Join fills into one, shifting their spans."""
    text, spans, pos = [], [], 0
    for f in fills:
        spans.extend(Span(s.start + pos, s.end + pos, s.entity_type, s.pii, s.value) for s in f.spans)
        text.append(f.text)
        pos += len(f.text)
    return Fill("".join(text), spans)


def capitalised(fill: Fill) -> Fill:
    """The fill with its first letter upper-cased (a sentence or title may open on "l'AS ..."), spans unmoved."""
    if not fill.text or fill.text[0].isupper() or any(s.start == 0 for s in fill.spans):
        return fill
    return Fill(fill.text[0].upper() + fill.text[1:], fill.spans)


def take(scene: Scene, pool: Sequence[str], k: int) -> list[str]:
    """Up to ``k`` distinct templates from ``pool`` in a random order."""
    return scene.rng.sample(list(pool), min(k, len(pool)))


def fill_paragraphs(scene: Scene, draft: Draft, pool: Sequence[str], words: int, kind: str = "p") -> None:
    """Render templates from ``pool`` (no repeats) into ``draft`` until it holds ``words`` words."""
    for template in take(scene, pool, len(pool)):
        if draft.words >= words:
            return
        draft.add(scene.render(template), kind)


def composer(register: str, lang: str) -> Callable[..., Piece]:
    from provenance_demo.prose import court, encyclopedia, forum, local_news, parliament

    module = {
        "parliament": parliament,
        "local_news": local_news,
        "encyclopedia": encyclopedia,
        "forum": forum,
        "court": court,
    }[register]
    return module.compose_fr if lang == "fr" else module.compose_en


def compose(register: str, scene: Scene, words: int, topic: str | None = None) -> Piece:
    """A document of about ``words`` words in ``register``, in the scene's language (on ``topic`` if given)."""
    return composer(register, scene.lang)(scene, words, topic=topic)
