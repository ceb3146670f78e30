"""Strings a parser handed a reader (YAML front matter, JSON-LD, entities) made storable: lone surrogates escaped.

A ``"\\ud800"`` escape in YAML or JSON is a valid string in Python but not in UTF-8, so one such value
in a title or author would make the whole dump's stage files unwritable. It is kept visible, escaped
as ``\\ud800`` (``\\xe9`` for a byte that os or tarfile surrogate-escaped), and the document is flagged.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from provenance.ingest.locators import escaped_name
from provenance.ingest.records import Document

#: One UTF-16 surrogate code point: a string holding one cannot be written as UTF-8.
SURROGATE = re.compile("[\ud800-\udfff]")
FLAG = "lone_surrogates_escaped"


def _storable(value: Any) -> tuple[Any, bool]:
    if isinstance(value, str):
        return (escaped_name(value), True) if SURROGATE.search(value) else (value, False)
    if isinstance(value, list):
        items = [_storable(v) for v in value]
        return [v for v, _ in items], any(changed for _, changed in items)
    if isinstance(value, dict):
        keys = [_storable(k) for k in value]
        values = [_storable(v) for v in value.values()]
        changed = any(c for _, c in keys) or any(c for _, c in values)
        return ({k: v for (k, _), (v, _) in zip(keys, values, strict=True)}, True) if changed else (value, False)
    return value, False


def storable_document(doc: Document) -> Document:
    """``doc`` with every string (fields, lists, metadata) free of lone surrogates; flagged when one was escaped."""
    escaped = False
    for f in dataclasses.fields(doc):
        value, changed = _storable(getattr(doc, f.name))
        if changed:
            setattr(doc, f.name, value)
            escaped = True
    if escaped:
        doc.flags.append(FLAG)
    return doc
