"""Mapping a structured record's own keys to document fields, as the source contract's ``fields`` says (JSONL, Parquet).

``fields`` maps canonical names (text, id, url, title, licence, author, date, lang) to the
record's keys; a dotted path (``meta.url``) reaches into nested objects. Keys the mapping does
not use are kept in the document's metadata when their values are small; the record's own
``id`` goes to ``metadata["record_id"]``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any, overload

from provenance.ingest.html import primary_language
from provenance.ingest.records import Document, Quarantined, QuarantineReason
from provenance.ingest.surrogates import SURROGATE

CANONICAL_FIELDS = ("text", "id", "url", "title", "licence", "author", "date", "lang")
#: Extras larger than this (as JSON) are not copied into metadata.
MAX_EXTRA_CHARS = 256
MAX_EXTRAS = 32
#: A flag for text that held characters no UTF-8 file can: lone surrogates from a JSON "\\ud800" escape.
REPLACED_FLAG = "invalid_bytes_replaced"
_MISSING = object()


class FieldMapping:
    """A contract's ``fields``, resolved once per dump."""

    def __init__(self, fields: Mapping[str, str]):
        self.fields = {name: fields[name] for name in CANONICAL_FIELDS if fields.get(name)}
        self.text_key = self.fields.get("text", "text")
        self.fields.setdefault("text", self.text_key)
        #: top-level keys holding a mapped value: they are not extras
        self.used_keys = {path.split(".", 1)[0] for path in self.fields.values()} | set(self.fields.values())

    @property
    def top_level_columns(self) -> list[str]:
        return sorted({path.split(".", 1)[0] for path in self.fields.values()})

    def get(self, record: Mapping[str, Any], name: str) -> Any:
        """The value of canonical field ``name`` in ``record``; _MISSING when the path is absent."""
        path = self.fields.get(name)
        if path is None:
            return _MISSING
        if path in record:
            return record[path]
        value: Any = record
        for part in path.split("."):
            if isinstance(value, dict) and part in value:
                value = value[part]
            else:
                return _MISSING
        return value

    def describe(self, value: Any) -> str:
        if value is _MISSING:
            return "is missing"
        if value is None:
            return "is null"
        return f"is a {_kind(value)}, not a string"

    def to_item(
        self, locator: str, record: Mapping[str, Any], flags: list[str] | None = None
    ) -> Document | Quarantined:
        """The record as a Document, or MISSING_TEXT when its text field is absent or not a string."""
        text = self.get(record, "text")
        if not isinstance(text, (str, bytes)):
            return Quarantined(
                locator, QuarantineReason.MISSING_TEXT, f"text field {self.text_key!r} {self.describe(text)}"
            )
        flags = list(flags or [])
        clean = _Repair(flags)
        metadata: dict[str, Any] = {}
        record_id = self.get(record, "id")
        if record_id is not _MISSING and record_id is not None:
            metadata["record_id"] = clean(str(record_id))
        for key, value in record.items():
            if key in self.used_keys or len(metadata) >= MAX_EXTRAS:
                continue
            small = _small(value)
            if small is not _MISSING:
                metadata[clean(str(key))] = clean.value(small)
        lang = clean(_string(self.get(record, "lang")))
        if lang and primary_language(lang) is None:
            flags.append("unparsed_lang")
        date = self.get(record, "date")
        return Document(
            locator=locator,
            text=clean(text) if isinstance(text, str) else text,
            url=clean(_string(self.get(record, "url"))),
            title=clean(_string(self.get(record, "title"))),
            author=clean(_string(self.get(record, "author"))),
            published_at=None if date is _MISSING or isinstance(date, (dict, list)) else clean.value(date),
            lang=primary_language(lang),
            licence=clean(_licence(self.get(record, "licence"))),
            flags=clean.flags,
            metadata=metadata,
        )


class _Repair:
    """Replaces unpaired surrogates (which JSON can escape but no UTF-8 file can hold) by U+FFFD, flagging the
    document once: a lone ``"\\ud800"`` costs that character, never the record or the rest of the file."""

    def __init__(self, flags: list[str]):
        self.flags = flags

    @overload
    def __call__(self, value: str) -> str: ...
    @overload
    def __call__(self, value: None) -> None: ...
    @overload
    def __call__(self, value: str | None) -> str | None: ...
    def __call__(self, value: str | None) -> str | None:
        if value is None or value.isascii() or not SURROGATE.search(value):
            return value
        if REPLACED_FLAG not in self.flags:
            self.flags.append(REPLACED_FLAG)
        return SURROGATE.sub("\ufffd", value)

    def value(self, value: Any) -> Any:
        """A string, or a small JSON value (list, object) with every string in it repaired."""
        if isinstance(value, str):
            return self(value)
        if isinstance(value, (list, dict)):
            encoded = json.dumps(value, ensure_ascii=False)
            repaired = self(encoded)
            return value if repaired is encoded else json.loads(repaired or "null")
        return value


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, (list, tuple)):
        return "list"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _string(value: Any) -> str | None:
    if type(value) is str:
        return value
    if value is _MISSING or value is None or isinstance(value, (dict, list, tuple, bytes)):
        return None
    return str(value)


def _licence(value: Any) -> str | None:
    """The licence as the record states it; a list of licences is kept as one comma-separated statement."""
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return ", ".join(v for v in value if v) or None
    return _string(value)


def _small(value: Any) -> Any:
    """``value`` if it is small and JSON-safe, else _MISSING."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else _MISSING
    if isinstance(value, str):
        return value if len(value) <= MAX_EXTRA_CHARS else _MISSING
    if isinstance(value, (list, tuple, dict)):
        try:
            encoded = json.dumps(value, ensure_ascii=False, allow_nan=False, default=str)
        except (TypeError, ValueError):
            return _MISSING
        return json.loads(encoded) if len(encoded) <= MAX_EXTRA_CHARS else _MISSING
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return _MISSING
