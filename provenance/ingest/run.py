"""Ingesting one dump: run its format reader, check every record, write documents, quarantine, skipped records,
site signals and notices.

Memory stays bounded: records are columnarised into record batches of at most
``batch_rows`` rows or ``batch_chars`` characters of text and streamed to Parquet.
Every record the reader reports is counted exactly once, as a document, a quarantine row or a
skipped row: records seen = documents + quarantined + skipped. Site signals (robots.txt,
tdmrep.json captures) and notices (dump-level facts) are not records and are counted apart.
Titles are made plain text here, once, for every format (``titles.plain_title``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from provenance.contracts import SourceContract
from provenance.dumps import Dump
from provenance.fingerprint import fingerprint
from provenance.ingest.decode import (
    MAX_REPLACEMENT_SHARE,
    decode_bytes,
    replacement_share,
)
from provenance.ingest.language import MISMATCH_FLAG, language_mismatch
from provenance.ingest.records import (
    Document,
    Item,
    Notice,
    Quarantined,
    QuarantineReason,
    ReaderContext,
    SiteSignal,
    Skipped,
)
from provenance.ingest.titles import plain_title
from provenance.layout import DOCUMENTS, INGEST, NOTICES, QUARANTINE, SITE_SIGNALS, SKIPPED
from provenance.schema import record_id
from provenance.stats import IngestStats
from provenance.workspace import RowSink

#: Notices kept in the stats (and shown in Dagster) per dump; all of them are in notices.parquet.
MAX_NOTICE_EXAMPLES = 20

#: format -> "module:function" of its reader; imported on first use.
READERS = {
    "warc": "provenance.ingest.warc:read_warc",
    "jsonl": "provenance.ingest.jsonl:read_jsonl",
    "parquet": "provenance.ingest.parquet:read_parquet",
    "mediawiki": "provenance.ingest.mediawiki:read_mediawiki",
    "text": "provenance.ingest.text_tree:read_text_tree",
}

Reader = Callable[[ReaderContext], Iterator[Item]]


def reader_for(format: str) -> Reader:
    module, _, name = READERS[format].partition(":")
    return getattr(importlib.import_module(module), name)


def _timestamp(value, flags: list[str], name: str) -> dt.datetime | None:
    """``value`` as an aware datetime; None, flagged ``unparsed_<name>``, when it cannot be read or falls outside
    what a datetime holds in UTC (``0001-01-01T00:00:00+14:00``), so no later stage overflows on it."""
    parsed = _parse_timestamp(value, flags, name)
    if parsed is None:
        return None
    try:
        parsed.astimezone(dt.UTC)
    except OverflowError:
        flags.append(f"unparsed_{name}")
        return None
    return parsed


def _parse_timestamp(value, flags: list[str], name: str) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return dt.datetime.fromtimestamp(value, tz=dt.UTC)
        except (OverflowError, OSError, ValueError):
            flags.append(f"unparsed_{name}")
            return None
    text = str(value).strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    for candidate in (text, text.replace(" ", "T", 1)):
        try:
            parsed = dt.datetime.fromisoformat(candidate)
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
        except ValueError:
            continue
    if len(text) in (4, 7) and text[:4].isdigit():  # "2021" or "2021-03"
        try:
            return dt.datetime(int(text[:4]), int(text[5:7]) if len(text) == 7 else 1, 1, tzinfo=dt.UTC)
        except ValueError:
            pass
    flags.append(f"unparsed_{name}")
    return None


def _digest(locator: str) -> bytes:
    return hashlib.blake2b(locator.encode("utf-8"), digest_size=16).digest()


def _str_or_none(value) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


class DumpIngest:
    """Turns a reader's items into validated rows and streams them to the stage's Parquet files."""

    def __init__(
        self,
        source: SourceContract,
        dump_id: str,
        out_dir: Path,
        batch_rows: int = 2000,
        batch_chars: int = 32 << 20,
        unique_locators: bool = False,
    ):
        self.source = source
        self.dump_id = dump_id
        self.stats = IngestStats(dump_id=dump_id, source_id=source.id, limits=source.applied_limits)
        self._sinks = {
            f.name: RowSink(out_dir / f.name, f.schema, flush_rows=batch_rows, flush_chars=batch_chars)
            for f in INGEST.files
        }
        # Readers whose locators are unique by construction (line and row numbers) say so: the set
        # of seen locators would otherwise be the one thing that grows with the dump. It holds
        # 16-byte digests, not the locators, to keep that growth small.
        self._seen_locators: set[bytes] | None = None if unique_locators else set()

    # -- items

    def add(self, item: Item) -> None:
        if isinstance(item, SiteSignal):
            self._add_signal(item)
            return
        if isinstance(item, Notice):
            self._add_notice(item)
            return
        locator = self._unique_locator(item.locator)
        self.stats.records_seen += 1
        if isinstance(item, Skipped):
            self._add_skipped(locator, item)
        elif isinstance(item, Quarantined):
            self._add_quarantine(locator, item.reason, item.message, item.byte_size)
        else:
            self._add_document(locator, item)

    def _unique_locator(self, locator: str) -> str:
        # A locator names exactly one record; a dump that repeats one (wget 1.14 gives its manifest and its
        # arguments the same WARC-Record-ID) must not merge two records.
        seen = self._seen_locators
        if seen is None:
            return locator
        key = _digest(locator)
        if key in seen:
            n = 2
            while _digest(f"{locator}~{n}") in seen:
                n += 1
            locator = f"{locator}~{n}"
            key = _digest(locator)
        seen.add(key)
        return locator

    def _append(self, name: str, row: dict, chars: int = 0) -> None:
        self._sinks[name].add(row, chars)

    def _add_skipped(self, locator: str, item: Skipped) -> None:
        reason = str(item.reason)
        self.stats.skipped[reason] += 1
        self._append(
            SKIPPED.name,
            {
                "record_id": record_id(self.source.id, locator),
                "source_id": self.source.id,
                "dump_id": self.dump_id,
                "locator": locator,
                "reason": reason,
                "url": _str_or_none(item.url),
            },
        )

    def _add_notice(self, notice: Notice) -> None:
        row = {
            "source_id": self.source.id,
            "dump_id": self.dump_id,
            "locator": notice.locator,
            "code": notice.code,
            "message": notice.message,
        }
        self.stats.notices[notice.code] += 1
        if len(self.stats.notice_examples) < MAX_NOTICE_EXAMPLES:
            self.stats.notice_examples.append({k: row[k] for k in ("locator", "code", "message")})
        self._append(NOTICES.name, row)

    def _add_quarantine(self, locator: str, reason: QuarantineReason, message: str, byte_size: int | None) -> None:
        reason = QuarantineReason(reason)
        self.stats.quarantined += 1
        self.stats.quarantine_reasons[reason.value] += 1
        self._append(
            QUARANTINE.name,
            {
                "record_id": record_id(self.source.id, locator),
                "source_id": self.source.id,
                "dump_id": self.dump_id,
                "locator": locator,
                "reason": reason.value,
                "message": message,
                "byte_size": byte_size,
            },
        )

    def _add_document(self, locator: str, doc: Document) -> None:
        flags = list(doc.flags)
        text = self._usable_text(locator, doc.text, flags)
        if text is None:
            return
        if "\ufffd" in text and "invalid_bytes_replaced" not in flags:
            flags.append("contains_replacement_characters")
        lang = _str_or_none(doc.lang) or self.source.declared_lang
        metadata = doc.metadata
        if lang and MISMATCH_FLAG not in flags and (detected := language_mismatch(text, lang)):
            # Read as one language, confidently written in another: the PII stage would use the wrong model.
            flags.append(MISMATCH_FLAG)
            metadata = {**metadata, "detected_lang": detected}
        row = self._document_row(locator, doc, text, lang, metadata, flags)
        self.stats.documents += 1
        self.stats.text_chars += len(text)
        self.stats.languages[row["lang"] or "undetermined"] += 1
        for flag in set(flags):
            self.stats.flags[flag] += 1
        self._append(DOCUMENTS.name, row, len(text))

    def _usable_text(self, locator: str, text: str | bytes, flags: list[str]) -> str | None:
        """The document's text, decoded (its decoding flags added to ``flags``); None when it was quarantined
        as undecodable, empty or oversize."""
        raw_size = len(text) if isinstance(text, bytes) else None
        if isinstance(text, bytes):
            text, decode_flags = decode_bytes(text)
            flags.extend(decode_flags)
            if replacement_share(text) > MAX_REPLACEMENT_SHARE:
                self._add_quarantine(
                    locator,
                    QuarantineReason.UNKNOWN_ENCODING,
                    f"{replacement_share(text):.0%} of the characters could not be decoded",
                    raw_size,
                )
                return None
        if not text or not text.strip():
            self._add_quarantine(locator, QuarantineReason.EMPTY_DOCUMENT, "no text after extraction", raw_size)
            return None
        if len(text) > self.source.max_document_chars:
            self._add_quarantine(
                locator,
                QuarantineReason.OVERSIZE,
                f"{len(text)} characters, above max_document_chars={self.source.max_document_chars}",
                raw_size or len(text.encode("utf-8", "replace")),
            )
            return None
        return text

    def _document_row(
        self, locator: str, doc: Document, text: str, lang: str | None, metadata: dict, flags: list[str]
    ) -> dict[str, Any]:
        """The documents.parquet row; an unreadable timestamp is dropped and flagged in ``flags``."""
        return {
            "doc_id": record_id(self.source.id, locator),
            "source_id": self.source.id,
            "dump_id": self.dump_id,
            "locator": locator,
            "url": _str_or_none(doc.url),
            "title": plain_title(doc.title),
            "author": _str_or_none(doc.author),
            "published_at": _timestamp(doc.published_at, flags, "published_at"),
            "retrieved_at": _timestamp(doc.retrieved_at, flags, "retrieved_at"),
            "lang": lang.lower() if lang else None,
            "licence": _str_or_none(doc.licence),
            "text": text,
            "content_type": _str_or_none(doc.content_type),
            "content_fingerprint": fingerprint(text),
            "tdm_reservation": _str_or_none(doc.tdm_reservation),
            "tdm_policy": _str_or_none(doc.tdm_policy),
            "x_robots_tag": _str_or_none(doc.x_robots_tag),
            "content_usage": _str_or_none(doc.content_usage),
            "meta_robots": _str_or_none(doc.meta_robots),
            "meta_tdm_reservation": _str_or_none(doc.meta_tdm_reservation),
            "meta_tdm_policy": _str_or_none(doc.meta_tdm_policy),
            "licence_hints": [h for h in dict.fromkeys(doc.licence_hints) if h] or None,
            "flags": sorted(set(flags)) or None,
            "metadata": json.dumps(metadata, ensure_ascii=False, sort_keys=True, default=str) if metadata else None,
        }

    def _add_signal(self, signal: SiteSignal) -> None:
        host = (urlsplit(signal.url).hostname or "").lower()
        flags: list[str] = []
        self.stats.site_signals += 1
        self._append(
            SITE_SIGNALS.name,
            {
                "source_id": self.source.id,
                "dump_id": self.dump_id,
                "locator": signal.locator,
                "kind": signal.kind,
                "url": signal.url,
                "host": host,
                "retrieved_at": _timestamp(signal.retrieved_at, flags, "retrieved_at"),
                "http_status": signal.http_status,
                "body": signal.body,
                "body_sha256": hashlib.sha256(signal.body.encode("utf-8")).hexdigest(),
            },
            len(signal.body),
        )

    # -- end

    def close(self) -> IngestStats:
        for sink in self._sinks.values():
            sink.close()
        return self.stats


def ingest_items(items: Iterable[Item], ctx: ReaderContext, out_dir: Path, **batching) -> IngestStats:
    """Consume a reader's items into ``out_dir``. A reader that raises loses no record already read:
    the failure itself becomes a quarantine row naming where reading stopped."""
    run = DumpIngest(ctx.source, ctx.dump_id, out_dir, **batching)
    iterator = iter(items)
    last_locator = ctx.relpath
    while True:
        try:
            item = next(iterator)
        except StopIteration:
            break
        except Exception as exc:
            run.add(
                Quarantined(
                    locator=f"{last_locator}#after",
                    reason=QuarantineReason.READER_ERROR,
                    # Only the exception's type: parser messages can quote the input, which may hold personal data.
                    message=f"reading stopped after {last_locator}: {type(exc).__name__}; the rest of the file is unread",
                )
            )
            break
        last_locator = item.locator
        run.add(item)
    return run.close()


def ingest_dump(dump: Dump, source: SourceContract, out_dir: Path, **batching) -> IngestStats:
    """Ingest one dump into ``out_dir`` (the files of :data:`provenance.layout.INGEST`); never publishes:
    :func:`provenance.workspace.publish_stage` does, and writes the stats returned."""
    ctx = ReaderContext(source=source, dump_id=dump.dump_id, path=dump.path, relpath=dump.relpath)
    reader = reader_for(source.format)
    return ingest_items(
        reader(ctx), ctx, out_dir, unique_locators=getattr(reader, "unique_locators", False), **batching
    )
