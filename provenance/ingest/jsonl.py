"""Reading JSON Lines dumps (.jsonl, .ndjson; plain, gzip, bzip2, xz or zstd): one document per line, streamed.

The ``jsonl`` format also reads ``.json`` files: one JSON document holding records (an array, or an
object holding arrays of records) is read by ``json_records`` through the same field mapping. A
``.json`` file that holds one object per line (as many dataset hubs publish) is read as JSON Lines,
with a notice saying so.

Each line is parsed on its own, so a broken line costs that line only: malformed JSON,
a value that is not an object, a missing text field, invalid UTF-8 (decoded with
replacement and flagged), a lone surrogate escape (``"\\ud800"``, replaced and flagged), an integer
longer than Python converts, or a line above the size limit each become one quarantine row
or flag; a compressed stream that ends early becomes a TRUNCATED_STREAM row at the line
where it stopped, and every line before it is kept. A corrupt member (gzip member, bzip2/xz stream,
zstd frame) is one TRUNCATED_STREAM row: none of its bytes are read, and reading goes on at the next member.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator

from provenance.ingest.decode import decode_text
from provenance.ingest.fields import FieldMapping
from provenance.ingest.json_records import is_json_document, read_json_document
from provenance.ingest.locators import jsonl_line, stream_offset
from provenance.ingest.records import Item, Notice, Quarantined, QuarantineReason, ReaderContext, Skipped, SkipReason
from provenance.ingest.streams import CorruptStream, DecompressedStream

#: How much of a .json file is looked at to tell JSON Lines from one JSON document.
_SNIFF_BYTES = 1 << 20


def max_line_bytes(max_document_chars: int) -> int:
    # JSON escapes can take 6 bytes per character (\u00e9); leave room for the other keys.
    return 6 * max_document_chars + (1 << 20)


def holds_json_lines(stream: DecompressedStream) -> bool:
    """True when the data starts with a complete JSON object on its first line and another object after it."""
    head = stream.peek(_SNIFF_BYTES).removeprefix(b"\xef\xbb\xbf").lstrip()
    first, newline, rest = head.partition(b"\n")
    if not head.startswith(b"{") or not newline:
        return False
    try:
        json.loads(first)
    except (ValueError, RecursionError):
        return False
    return rest.lstrip().startswith(b"{")


def read_jsonl(ctx: ReaderContext) -> Iterator[Item]:
    """Every line of a JSONL dump as a Document, a Quarantined row, or (blank lines) Skipped; a ``.json``
    file's records through ``json_records``."""
    with DecompressedStream(ctx.path) as stream:
        if is_json_document(ctx.path):
            if not holds_json_lines(stream):
                yield from read_json_document(ctx, stream)
                return
            yield Notice(
                ctx.relpath,
                "json_lines_in_json_file",
                f"{ctx.relpath} is named .json but holds one JSON object per line: read as JSON Lines",
            )
        yield from _lines(ctx, stream)


def _lines(ctx: ReaderContext, stream: DecompressedStream) -> Iterator[Item]:
    mapping = FieldMapping(ctx.source.fields)
    limit = max_line_bytes(ctx.source.max_document_chars)
    number = 0
    while True:
        raw = stream.readline(limit + 1)
        number += 1
        locator = jsonl_line(ctx.relpath, number)
        if not raw:
            if stream.error is None:
                return
            yield _damage(ctx.relpath, stream, locator, f"after line {number - 1}")
            if not stream.resume():
                return
            number -= 1  # no line was read: the next line read takes this number
            continue
        if len(raw) > limit and not raw.endswith(b"\n"):
            size = len(raw) + _skip_line(stream)
            yield Quarantined(
                locator,
                QuarantineReason.OVERSIZE,
                f"line {number} is {size} bytes, above the {limit}-byte limit for a line",
                size,
            )
            continue
        if not raw.endswith(b"\n") and stream.error is not None:
            yield _damage(ctx.relpath, stream, locator, f"line {number} is cut", len(raw))
            if not stream.resume():
                return
            continue
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]  # a UTF-8 byte-order mark, which json.loads refuses
        if not raw.strip():
            yield Skipped(locator, SkipReason.BLANK_LINE)
            continue
        yield _line_item(mapping, locator, number, raw)


def _damage(relpath: str, stream: DecompressedStream, locator: str, what: str, size: int | None = None) -> Quarantined:
    """The row for compressed data that ends early (the last line) or is corrupt (a member, whose bytes are
    never read: reading goes on at the next member, if any)."""
    error = stream.error
    assert error is not None
    if isinstance(error, CorruptStream):
        where = stream_offset(relpath, error.member_offset) if size is None else locator
        return Quarantined(
            where,
            QuarantineReason.TRUNCATED_STREAM,
            f"{what}: {error.describe()}; its bytes are not read, reading goes on at the next member if any",
            size,
        )
    if size is None:
        return Quarantined(
            locator, QuarantineReason.TRUNCATED_STREAM, f"{what}: {error.describe()}; nothing after it is readable"
        )
    return Quarantined(locator, QuarantineReason.TRUNCATED_STREAM, f"{what}: {error.describe()}", size)


def _skip_line(stream: DecompressedStream) -> int:
    """Skip to the end of an over-long line; returns the bytes skipped."""
    skipped = 0
    while True:
        part = stream.readline(1 << 20)
        skipped += len(part)
        if not part or part.endswith(b"\n"):
            return skipped


def _line_item(mapping: FieldMapping, locator: str, number: int, raw: bytes) -> Item:
    flags: list[str] = []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        decoded, flags = decode_text(raw)
        if decoded is None:
            return Quarantined(
                locator,
                QuarantineReason.UNKNOWN_ENCODING,
                f"line {number} is not UTF-8 and its encoding cannot be determined",
                len(raw),
            )
        text = decoded
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        # exc.msg says what is wrong without quoting the line
        return Quarantined(
            locator,
            QuarantineReason.MALFORMED_JSON,
            f"line {number}: invalid JSON ({exc.msg} at column {exc.colno})",
            len(raw),
        )
    except RecursionError:
        return Quarantined(
            locator, QuarantineReason.MALFORMED_JSON, f"line {number}: JSON nested too deeply", len(raw)
        )
    except ValueError:
        # Python refuses to convert integers longer than sys.get_int_max_str_digits() (a denial-of-service guard).
        return Quarantined(
            locator,
            QuarantineReason.OVERSIZE,
            f"line {number}: a number has more than {sys.get_int_max_str_digits()} digits, above the parser's limit",
            len(raw),
        )
    if not isinstance(value, dict):
        kind = (
            "an array"
            if isinstance(value, list)
            else "a string"
            if isinstance(value, str)
            else "null"
            if value is None
            else "a boolean"
            if isinstance(value, bool)
            else "a number"
        )
        return Quarantined(
            locator, QuarantineReason.NOT_AN_OBJECT, f"line {number} is {kind}, not a JSON object", len(raw)
        )
    return mapping.to_item(locator, value, flags)


#: Line numbers and JSON Pointers never repeat: the ingest run need not remember every locator (memory stays flat).
read_jsonl.unique_locators = True  # type: ignore[attr-defined]
