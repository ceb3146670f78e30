"""A copy of a text in natural typography for detection, and the way back to the original's offsets.

Dumps come tokenised (NLP corpora, some exports: "M . C . Whomersley , du Foreign Office",
"l ' Etat") or hard-wrapped at a fixed width (plain-text mail, OCR). The recognizers and the
NER were written and trained for natural typography, so detection reads a *shadow*: spaces
before closing punctuation, after opening brackets and around an apostrophe inside a word
removed; a word an OCR transcription hyphenated at a line end ("Léopol¬dine") joined; a line break
inside a wrapped paragraph read as a space; passages in capitals given a
natural case (:mod:`provenance.pii.casing`, character for character). Spans found in the shadow
are mapped back to the original, so what is redacted is always the original's characters.
Natural text is its own shadow (nothing is copied).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex as re

from provenance.pii.casing import recased

#: Spaces a tokeniser added: before closing punctuation, after opening brackets, around an apostrophe
#: between letters ("l ' Etat", "O ' Brien").
_ADDED_SPACE = re.compile(
    r"[ \u00a0]+(?=[,.;:!?)\]»”%])|(?<=[(\[«“])[ \u00a0]+|(?<=\p{L})[ \u00a0]+(?=['’][ \u00a0]*\p{L})"
    r"|(?<=\p{L}[ \u00a0]?['’])[ \u00a0]+(?=\p{L})"
)
#: A word hyphenated at a line end in OCR text, the halves kept apart by the not sign that transcriptions
#: use for that hyphen ("Léopol¬dine", "Le¬ brun"): the word is read whole.
_LINE_END_HYPHEN = re.compile(r"(?<=\p{L})¬[ \t\u00a0]*\n?[ \t\u00a0]*(?=\p{L})")
#: The same in tokenised text, where the sign stands between spaces ("Léopol ¬ dine").
_TOKENISED_LINE_END_HYPHEN = re.compile(r"(?<=\p{L})[ \u00a0]¬[ \u00a0](?=\p{L})")
_TOKENISED_SIGN = re.compile(r"\p{L} [,.;:)] |\p{L} ['’] \p{L}|\( \p{L}")
#: A line break inside a paragraph wrapped at a fixed width: the line before it is long and does
#: not end a sentence, and the next line goes on (no blank line, no list item).
_WRAP = re.compile(r"(?<=[^\n]{40})\n(?=[ \t]*[\p{L}\d(«\"“'’])")


@dataclass(frozen=True)
class Shadow:
    """The text detection reads, and for each of its characters the original's offset (None: the same)."""

    text: str
    origin: Sequence[int] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """``[start, end)`` of the shadow in the original's offsets."""
        if self.origin is None:
            return start, end
        return self.origin[start], self.origin[end - 1] + 1


def looks_tokenised(text: str) -> bool:
    """Whether spaces stand before punctuation and around apostrophes often enough to be a tokeniser's."""
    signs = len(_TOKENISED_SIGN.findall(text))
    if signs < 2:
        return False
    marks = text.count(",") + text.count(".") + text.count("'") + text.count("’")
    return signs >= 0.2 * marks


def shadow(text: str, lang: str | None = None) -> Shadow:
    """The natural-typography copy of ``text`` to detect on (the text itself when it is natural);
    passages in capitals are re-cased with ``lang``'s common words when a language is given."""
    unwrapped = _WRAP.sub(" ", text) if "\n" in text else text
    dropped = list(_LINE_END_HYPHEN.finditer(unwrapped)) if "¬" in unwrapped else []
    if looks_tokenised(unwrapped):
        dropped += _ADDED_SPACE.finditer(unwrapped)
        if "¬" in unwrapped:
            dropped += _TOKENISED_LINE_END_HYPHEN.finditer(unwrapped)
    if not dropped:
        return Shadow(recased(unwrapped, lang) if lang else unwrapped)
    keep = bytearray(b"\x01") * len(unwrapped)
    for m in dropped:
        keep[m.start() : m.end()] = b"\x00" * (m.end() - m.start())
    origin = [i for i, kept in enumerate(keep) if kept]
    natural = "".join(unwrapped[i] for i in origin)
    return Shadow(recased(natural, lang) if lang else natural, origin)
