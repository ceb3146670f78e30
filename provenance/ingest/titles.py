"""Document titles as plain text, the same for every format: markup stripped, references decoded, whitespace collapsed.

Titles come from HTML ``<title>`` and ``og:title``, wiki page names, JSON and Parquet fields and Markdown
headings; publishers put markup in all of them (``<i>Die Welt</i>``, ``Caf&eacute;``, a title escaped
twice). The ingest run applies :func:`plain_title` to every document, so no reader needs to.
"""

from __future__ import annotations

import html
import re

#: Tags whose removal must not glue two words together.
_BREAKING = (
    "br",
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "tr",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "dd",
    "dt",
)
_TAG = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9:-]*)(?:\s[^<>]*)?/?>", re.DOTALL)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\ufeff]")


def _strip_tags(text: str) -> str:
    if "<" not in text:
        return text
    return _TAG.sub(lambda m: " " if (m.group(2) or "").lower() in _BREAKING else "", text)


def plain_title(value: object) -> str | None:
    """``value`` as a one-line plain-text title; None when nothing is left (a missing title stays missing)."""
    if value is None:
        return None
    text = _strip_tags(str(value))
    if "&" in text:
        # Decoding can reveal tags escaped once too often ("&lt;i&gt;Le Monde&lt;/i&gt;"): strip those too.
        text = _strip_tags(html.unescape(text))
    text = " ".join(_CONTROL.sub(" ", text).split())
    return text or None
