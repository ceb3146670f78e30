"""Reading JSON files of records (.json; plain or compressed) with the JSONL field mapping, streamed with ijson.

Open-data portals publish records as one JSON document rather than one per line. Three shapes are read:

- an array of records: ``[{...}, {...}]``;
- an object holding arrays of records: ``{"total": 2, "results": [{...}, {...}]}`` or ``{"data": [...]}``;
  every top-level array whose first element is an object holds records, the other top-level values are
  the envelope (page counts, query echo) and are not records. More than one such array, or an array of
  plain values, is reported as a notice;
- one object that is itself the record (an API's single-decision answer): an object is read this way
  when it has the contract's text field before any array, or has no array at all.

The file is parsed event by event (ijson, with its C backend when installed): only the record being
read is in memory, never the file. Locators are JSON Pointers (RFC 6901) after the file name:
``landing/src/decisions.json#/results/12`` is element 12 of ``results``, ``...json#/3`` element 3 of a
top-level array, ``...json#`` the whole file when it is one record.

An integer longer than Python converts (over 4,300 digits) costs its record: one OVERSIZE row
(``json_numbers``). Damage costs only what follows it: an element that is not an object is one NOT_AN_OBJECT row; invalid
JSON is one MALFORMED_JSON row and a file that ends early (cut, or a compressed stream that stops) one
TRUNCATED_STREAM row, each naming the file, the element being read and how far the parser got; every
record before it is kept. Parser messages are never copied: they quote the input.

Bytes are read as UTF-8 (a byte-order mark honoured); a file whose first 64 KiB are not UTF-8 is decoded
with the contract's ``encoding``, else a detected one, and its documents are flagged ``encoding_guessed``.
Bytes that still do not decode become U+FFFD, which the ingest run flags on the documents holding them.
"""

from __future__ import annotations

import codecs
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ijson
from resiliparse.parse.encoding import detect_encoding

from provenance.ingest.decode import SurrogateEscapes
from provenance.ingest.fields import FieldMapping
from provenance.ingest.json_numbers import LongIntegers, digit_limit, holds_marker
from provenance.ingest.locators import stream_offset
from provenance.ingest.records import Item, Notice, Quarantined, QuarantineReason, ReaderContext
from provenance.ingest.streams import DecompressedStream

#: How a file name ends (before any compression suffix) when it holds one JSON document.
JSON_SUFFIX = ".json"
_COMPRESSION_SUFFIXES = (".gz", ".bz2", ".xz", ".zst", ".zstd")
_SNIFF_BYTES = 1 << 16
_READ_BYTES = 1 << 16
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_PARSE_ERRORS = (ijson.JSONError, ValueError, UnicodeError, RecursionError)
_OPEN = {"start_map", "start_array"}
_CLOSE = {"end_map", "end_array"}


def is_json_document(path: Path) -> bool:
    """True for ``*.json`` and ``*.json.gz`` (or .bz2, .xz, .zst): one JSON document, not JSON Lines."""
    name = path.name.lower()
    for suffix in _COMPRESSION_SUFFIXES:
        name = name.removesuffix(suffix)
    return name.endswith(JSON_SUFFIX)


def json_pointer(relpath: str, *parts: str | int) -> str:
    """``relpath#/results/12``: a record's place as a JSON Pointer fragment (``relpath#`` is the whole file)."""
    escaped = (str(p).replace("~", "~0").replace("/", "~1") for p in parts)
    return relpath + "#" + "".join("/" + p for p in escaped)


def _kind(event: str, value: Any) -> str:
    if event == "start_array":
        return "an array"
    if event == "string":
        return "a string"
    if event == "null":
        return "null"
    if event == "boolean":
        return "a boolean"
    return "a number" if event == "number" else f"a JSON {event}"


class _Utf8Source:
    """The file's decompressed bytes as UTF-8 for ijson, decoded with one codec; invalid bytes become U+FFFD,
    and so do lone surrogate escapes (``"\\ud800"``), which the C parser refuses."""

    def __init__(self, stream: DecompressedStream, codec: str, numbers: LongIntegers | None = None):
        self.stream = stream
        self.ended = False
        self._decoder = codecs.getincrementaldecoder(codec)(errors="replace")
        self._passthrough = codec == "utf-8"
        self._escapes = SurrogateEscapes()
        #: integers too long for Python replaced by a marker (for the pure-Python parser, which would raise)
        self.numbers = numbers

    def read(self, size: int = -1) -> bytes:
        if size == 0:
            return b""
        while True:
            raw = self.stream.read(_READ_BYTES)
            if not raw:
                self.ended = True
                tail = self._escapes.feed(self._decoder.decode(b"", final=True).encode("utf-8"), final=True)
                return self.numbers.feed(tail, final=True) if self.numbers else tail
            out = self._escapes.feed(self._utf8(raw))
            if self.numbers:
                out = self.numbers.feed(out)
            if out:  # an empty read would tell the parser the data has ended
                return out

    def _utf8(self, raw: bytes) -> bytes:
        if self._passthrough and raw.isascii() and not self._decoder.getstate()[0]:
            return raw  # nothing to decode, and no character left half-read by the previous chunk
        return self._decoder.decode(raw).encode("utf-8")


def _choose_codec(stream: DecompressedStream, declared: str | None) -> tuple[str, bool]:
    """(codec, guessed): UTF-8 unless a byte-order mark says otherwise or the first 64 KiB are not UTF-8."""
    head = stream.peek(_SNIFF_BYTES)
    for bom, codec in _BOMS:
        if head.startswith(bom):
            if codec == "utf-8":
                stream.skip(len(bom))
            return codec, False
    try:
        head.decode("utf-8")
        return "utf-8", False
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(head) - 3:
            return "utf-8", False  # a character cut by the end of the sample
    for candidate in (declared, detect_encoding(head)):
        try:
            if candidate:
                return codecs.lookup(candidate).name, True
        except LookupError:
            continue
    return "utf-8", False


class JsonDocumentReader:
    """Walks one JSON document's parse events and yields its records; see the module docstring."""

    def __init__(self, ctx: ReaderContext, stream: DecompressedStream, mapping: FieldMapping, backend: Any = ijson):
        self.ctx = ctx
        self.stream = stream
        self.mapping = mapping
        self.backend = backend
        #: the C parser met an integer beyond 64 bits, which it cannot hold: the file must be read again
        self.overflowed = False
        codec, guessed = _choose_codec(stream, ctx.source.encoding)
        self.flags = ["encoding_guessed"] if guessed else []
        self.source = _Utf8Source(stream, codec, None if backend is ijson else LongIntegers())
        self.text_key = mapping.text_key.split(".", 1)[0]
        #: (pointer parts of the element being read, its index) — where a failure is reported
        self._at: tuple[tuple[str | int, ...], bool] = ((), False)

    # -- the document

    def items(self) -> Iterator[Item]:
        if not self.stream.peek(_SNIFF_BYTES).strip():
            yield Notice(self.ctx.relpath, "json_empty", f"{self.ctx.relpath} holds no JSON value: no records")
            return
        events = self.backend.parse(self.source, use_float=True)
        try:
            _, event, value = next(events)
            if event == "start_array":
                yield from self._records(events, ())
            elif event == "start_map":
                yield from self._object(events)
            else:
                yield Quarantined(
                    json_pointer(self.ctx.relpath),
                    QuarantineReason.NOT_AN_OBJECT,
                    f"{self.ctx.relpath} holds {_kind(event, value)}, not an array or object of records",
                )
            self._at = ((), False)
            for _ in events:  # the parser checks that nothing follows the document
                pass
        except _PARSE_ERRORS as exc:
            if self.backend is ijson and "integer overflow" in str(exc):
                self.overflowed = True  # (the message is only tested, never copied: parser messages quote input)
                return
            yield self._failure(exc)

    def _object(self, events: Iterator[tuple[str, str, Any]]) -> Iterator[Item]:
        """A top-level object: one record, or an envelope holding arrays of records (decided at its first array)."""
        head: dict[str, Any] = {}
        envelope = False
        record_arrays: list[str] = []
        for _, key_event, key in events:
            if key_event == "end_map":
                break
            _, event, value = next(events)
            if event == "start_array" and not envelope and self.text_key not in head:
                envelope = True  # an array before any text: the object holds records rather than being one
            if envelope and event == "start_array":
                found = yield from self._envelope_array(events, key)
                if found:
                    record_arrays.append(key)
            elif envelope:
                self._skip(events, event)
            else:
                head[key] = self._build(events, event, value)
        if not envelope:
            self._at = ((), False)
            locator = json_pointer(self.ctx.relpath)
            yield self._too_long(locator, head) or self.mapping.to_item(locator, head, self.flags)
            return
        if len(record_arrays) > 1:
            yield Notice(
                self.ctx.relpath,
                "json_several_record_arrays",
                f"{self.ctx.relpath} holds {len(record_arrays)} arrays of records "
                f"({', '.join(record_arrays)}): all were read, each element as one record",
            )
        elif not record_arrays:
            yield Notice(
                self.ctx.relpath,
                "json_no_record_array",
                f"{self.ctx.relpath} is an object whose arrays hold no objects: no records were read",
            )

    def _envelope_array(self, events: Iterator[tuple[str, str, Any]], key: str):
        """Records when the array's first element is an object; else the envelope's own list (a notice)."""
        _, event, value = next(events)
        if event == "end_array":
            return False
        if event != "start_map":
            self._skip_array_rest(events, event)
            yield Notice(
                json_pointer(self.ctx.relpath, key),
                "json_array_not_records",
                f"{json_pointer(self.ctx.relpath, key)} is an array of values, not of objects: "
                f"read as part of the envelope, not as records",
            )
            return False
        yield from self._records(events, (key,), first=(event, value))
        return True

    def _records(
        self, events: Iterator[tuple[str, str, Any]], parts: tuple[str, ...], first: tuple[str, Any] | None = None
    ) -> Iterator[Item]:
        """Every element of an array of records, up to and including its end_array."""
        index = 0
        pending = [first] if first else []
        while True:
            event, value = pending.pop() if pending else next(events)[1:]
            if event == "end_array":
                return
            self._at = ((*parts, index), True)
            locator = json_pointer(self.ctx.relpath, *parts, index)
            if event == "start_map":
                record = self._build(events, event, value)
                yield self._too_long(locator, record) or self.mapping.to_item(locator, record, self.flags)
            else:
                self._skip(events, event)
                where = json_pointer("", *parts, index).lstrip("#") or "/"
                yield Quarantined(
                    locator,
                    QuarantineReason.NOT_AN_OBJECT,
                    f"element {where} of {self.ctx.relpath} is {_kind(event, value)}, not a JSON object",
                )
            index += 1

    # -- values

    @staticmethod
    def _build(events: Iterator[tuple[str, str, Any]], event: str, value: Any) -> Any:
        """The value that starts with ``event`` (a scalar, or a whole object or array)."""
        if event not in _OPEN:
            return value
        builder = ijson.ObjectBuilder()
        builder.event(event, value)
        depth = 1
        for _, inner, item in events:
            builder.event(inner, item)
            depth += (inner in _OPEN) - (inner in _CLOSE)
            if not depth:
                return builder.value
        raise ijson.IncompleteJSONError("the document ends inside a value")

    @staticmethod
    def _skip(events: Iterator[tuple[str, str, Any]], event: str) -> None:
        """Consume the value that starts with ``event`` without building it."""
        depth = 1 if event in _OPEN else 0
        while depth:
            _, event, _ = next(events)
            depth += (event in _OPEN) - (event in _CLOSE)

    def _skip_array_rest(self, events: Iterator[tuple[str, str, Any]], event: str) -> None:
        """Consume an array whose element starting with ``event`` has just been read, up to its end_array."""
        self._skip(events, event)
        depth = 1
        while depth:
            _, event, _ = next(events)
            depth += (event in _OPEN) - (event in _CLOSE)

    # -- damage

    def _too_long(self, locator: str, record: dict) -> Quarantined | None:
        """The row for a record holding an integer too long for Python (see ``json_numbers``), else None."""
        numbers = self.source.numbers
        if numbers is None or not numbers.replaced or not holds_marker(record):
            return None
        return Quarantined(
            locator,
            QuarantineReason.OVERSIZE,
            f"{locator.removeprefix(self.ctx.relpath)} of {self.ctx.relpath}: an integer has more than "
            f"{digit_limit()} digits, above the parser's limit; the other records are read",
        )

    def _failure(self, exc: BaseException) -> Quarantined:
        relpath = self.ctx.relpath
        parts, in_record = self._at
        where = f"element {json_pointer('', *parts).lstrip('#')}" if in_record else "the document's structure"
        read = self.stream.tell()
        locator = json_pointer(relpath, *parts) if in_record else stream_offset(relpath, self.stream.raw_position)
        if self.stream.error is not None:
            return Quarantined(
                locator,
                QuarantineReason.TRUNCATED_STREAM,
                f"{relpath}: reading stopped in {where}: {self.stream.error.describe()}; nothing after it is readable",
            )
        if self.source.ended:
            return Quarantined(
                locator,
                QuarantineReason.TRUNCATED_STREAM,
                f"{relpath} ends in {where} after {read} bytes: the JSON is cut; every record before it was read",
            )
        what = "nested too deeply" if isinstance(exc, RecursionError) else "invalid JSON"
        return Quarantined(
            locator,
            QuarantineReason.MALFORMED_JSON,
            f"{relpath}: {what} in {where} (within the 64 KiB before byte {read}); "
            f"nothing after it is readable, every record before it was read",
        )


def read_json_document(ctx: ReaderContext, stream: DecompressedStream) -> Iterator[Item]:
    """Every record of one JSON document already opened as ``stream``. A file holding an integer beyond 64 bits
    (an id such as 18446744073709551616), which the fast C parser refuses, is read on from the start with
    ijson's pure-Python parser, the items already given skipped."""
    mapping = FieldMapping(ctx.source.fields)
    reader = JsonDocumentReader(ctx, stream, mapping)
    given = 0
    for item in reader.items():
        given += 1
        yield item
    if not reader.overflowed:
        return
    with DecompressedStream(ctx.path) as again:
        slow = JsonDocumentReader(ctx, again, mapping, backend=ijson.get_backend("python"))
        yield from itertools.islice(slow.items(), given, None)
