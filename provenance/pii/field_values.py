"""Where personal data sits in a field value that is not prose: a URL's components, a name written as a slug.

Two helpers for :mod:`provenance.pii.fields`:

- :func:`url_view`: the part of a URL that may hold personal data (path, query and fragment; a user
  name before the host is redacted whole, :func:`userinfo_span`), percent-decoded where the escape is
  printable ASCII (e-mail addresses, phone numbers, IBANs and NIRs are ASCII), with a map back to the
  URL's own offsets. The scheme and host are never in it: the rights stage matches domains,
  robots.txt and site captures on the host, and a host names a site, not a person.
- :func:`name_spans`: where a person name the document's own redactions name is written in a value,
  whatever the case, accents and separators (``jean-dupont``, ``Jean_Dupont``, ``JEAN%20DUPONT``),
  between non-alphanumeric boundaries. Only names of two words or more: one word alone
  ("washington" in ``/wiki/Washington_Monument``) names places and things as often as people.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from provenance.pii.spans import Span

#: scheme and authority: ``https://user@host:443``
_AUTHORITY = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://(?:([^/?#@]*)@)?[^/?#]*")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
#: separators between the words of a name in a slug, a file name or a path
_SEPARATOR = r"(?:[\W_]|%[0-9a-f]{2})+"
_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*")


@dataclass(frozen=True)
class DecodedView:
    """A decoded copy of part of a value, and for each of its characters the [start, end) it came from."""

    text: str
    origins: list[tuple[int, int]]

    def raw(self, start: int, end: int) -> tuple[int, int]:
        """The raw offsets of the decoded characters [start, end)."""
        return self.origins[start][0], self.origins[end - 1][1]


def decoded(value: str, start: int = 0, end: int | None = None, *, plus_is_space: bool = False) -> DecodedView:
    """``value[start:end]`` with printable ASCII escapes (``%40``) decoded, offsets kept."""
    end = len(value) if end is None else end
    chars: list[str] = []
    origins: list[tuple[int, int]] = []
    i = start
    while i < end:
        match = _ESCAPE.match(value, i, end)
        code = int(match.group(1), 16) if match else -1
        if match and 0x20 <= code < 0x7F:
            chars.append(chr(code))
            origins.append((i, i + 3))
            i += 3
            continue
        chars.append(" " if plus_is_space and value[i] == "+" else value[i])
        origins.append((i, i + 1))
        i += 1
    return DecodedView("".join(chars), origins)


def url_view(url: str) -> DecodedView | None:
    """The decoded path, query and fragment of ``url``; None when it is not an absolute URL."""
    match = _AUTHORITY.match(url)
    return None if match is None else decoded(url, match.end(), plus_is_space=True)


def userinfo_span(url: str) -> tuple[int, int] | None:
    """Raw offsets of the ``user[:password]`` of an absolute URL, when it has one."""
    match = _AUTHORITY.match(url)
    return (match.start(1), match.end(1)) if match and match.group(1) else None


def _fold_char(char: str) -> str:
    """One character, lower-cased and without accents, or itself when that is not one character."""
    base = "".join(c for c in unicodedata.normalize("NFKD", char.lower()) if not unicodedata.combining(c))
    return base if len(base) == 1 else char.lower() if len(char.lower()) == 1 else char


def fold_same_length(value: str) -> str:
    """``value`` lower-cased and without accents, character for character: offsets are unchanged."""
    return "".join(_fold_char(c) for c in value)


@lru_cache(maxsize=4096)
def _name_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    body = _SEPARATOR.join(re.escape(w) for w in words)
    return re.compile(rf"(?<![^\W_]){body}(?![^\W_])")


def name_words(name: str) -> tuple[str, ...]:
    """The folded words of a name ("Jean-Pierre Dupont" -> jean, pierre, dupont)."""
    return tuple(fold_same_length(w) for w in re.findall(r"[^\W\d_]+", name))


def name_spans(value: str, names: Iterable[tuple[str, ...]], score: float, recognizer: str) -> list[Span]:
    """PERSON spans where ``value`` writes one of ``names`` (folded words, two or more), in ``value``'s offsets."""
    folded = fold_same_length(value)
    found = []
    for words in names:
        if len(words) < 2 or words[0] not in folded:
            continue
        for match in _name_pattern(words).finditer(folded):
            found.append(Span(match.start(), match.end(), "PERSON", score, recognizer))
    return found


def is_person_like(value: str) -> bool:
    """Whether ``value`` is written like a person's name: two to five words of letters, no digits."""
    words = _WORD.findall(value)
    return 2 <= len(words) <= 5 and not any(c.isdigit() for c in value)
