"""Reading WARC and ARC web archives: a document per HTML or plain-text response, robots.txt and tdmrep.json aside.

What becomes a document: an HTTP(S) ``response`` with status 200 and an HTML or plain-text payload,
and a ``resource`` record whose target is an http(s) URL and whose payload is HTML or plain text.
Every other record is a record seen and skipped with its reason (``records.SkipReason``): warcinfo,
request, metadata, revisit, conversion and continuation records; responses that are redirects,
errors or not text (images, scripts, RSS); ``dns:`` responses; and resources that are no web page,
such as wget's ``metadata://gnu.org/software/wget/warc/`` manifest, argument list and log.

Library choice: warcio parses WARC and HTTP headers and de-chunks and decodes payloads (an
ARC record's one header line is split here); the record *framing* is ours. Both warcio
and fastwarc stop at the first record whose Content-Length lies and lose every record
after it (warcio also prints the record's bytes to stderr, which may hold personal data);
fastwarc, though faster, reads no ARC. A
provenance run must instead quarantine that one record and carry on, so each record's
declared length is checked against where the next record really starts, and after a lie
reading resynchronises on the next ``WARC/1.0`` / ``WARC/1.1`` header line.

The file may be plain or compressed (per-record gzip members, as is usual, or one stream);
``streams.DecompressedStream`` detects a truncated or corrupt stream and the records before
it are kept. A corrupt member is one TRUNCATED_STREAM row (none of its bytes are read) and reading
goes on at the next intact member, so with per-record members a damaged record costs itself only.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from warcio.statusandheaders import StatusAndHeadersParser, StatusAndHeadersParserException

from provenance.ingest.locators import warc_offset, warc_record
from provenance.ingest.records import (
    Document,
    Item,
    Quarantined,
    QuarantineReason,
    ReaderContext,
    Skipped,
)
from provenance.ingest.streams import DecompressedStream
from provenance.ingest.surrogates import storable_document
from provenance.ingest.warc_items import document_item, signal_item
from provenance.ingest.warc_plan import (
    HEAD_BYTES,
    HTML_TYPES,
    Plan,
    Record,
    plan_from_head,
    plan_without_block,
)

# HTML_TYPES: the rights stage reads it from here.
__all__ = ["HTML_TYPES", "WarcReader", "read_warc"]

WARC_VERSIONS = ["WARC/1.1", "WARC/1.0", "WARC/0.18", "WARC/0.17"]

MAX_HEADER_BYTES = 1 << 18
#: After a block, at most this many CR/LF bytes may come before the next record.
_MAX_TRAILER = 4096

_WARC_HEADER_LINE = re.compile(rb"\nWARC/(?:1\.[01]|0\.1[78])\r?\n")
_ARC_HEADER_LINE = re.compile(rb"\n[A-Za-z][A-Za-z0-9+.-]*:[^\s]* \S+ \d{14} \S* (?:\S+ ){0,5}\d+\r?\n")
_SCAN = 1 << 16
_WARC_PARSER = StatusAndHeadersParser(WARC_VERSIONS)


def _arc_header(line: bytes) -> list[str] | None:
    """The fields of an ARC record header line (v1: 5 fields, v2: 10), or None if the line is not one."""
    fields = line.rstrip(b"\r\n").split(b" ")
    if len(fields) not in (5, 10) or not fields[-1].isdigit() or not (fields[2].isdigit() and len(fields[2]) == 14):
        return None
    if b"://" not in fields[0] and not fields[0].startswith((b"dns:", b"filedesc:")):
        return None
    return [f.decode("latin-1") for f in fields]


def _arc_date(value: str) -> str:
    return f"{value[0:4]}-{value[4:6]}-{value[6:8]}T{value[8:10]}:{value[10:12]}:{value[12:14]}+00:00"


class WarcReader:
    """Streams the items of one WARC or ARC file. ``items()`` never raises for bad input."""

    def __init__(self, ctx: ReaderContext, stream: DecompressedStream, max_payload: int):
        self.ctx = ctx
        self.stream = stream
        self.max_payload = max_payload
        self._reported: set[int] = set()  # member offsets whose stream error has a quarantine row

    # -- the framing loop

    def items(self) -> Iterator[Item]:
        stream = self.stream
        while True:
            self._skip_newlines()
            start = stream.tell()
            stream.release_before(start)
            line = self._peek_line()
            if not line:
                damage, resumed = self._stream_end()
                if damage is not None:
                    yield damage
                if not resumed:
                    return
                continue
            if line.startswith(b"WARC/"):
                yield from self._warc_record(start)
            elif _arc_header(line):
                yield from self._arc_record(start, line)
            else:
                yield Quarantined(
                    warc_offset(self.ctx.relpath, stream.member_offset(start)),
                    QuarantineReason.INVALID_RECORD,
                    f"no WARC or ARC record header at byte {stream.member_offset(start)} "
                    f"(decompressed byte {start}); skipped to the next record header",
                )
                self._resync(start + 1, arc=False)

    def _stream_end(self) -> tuple[Quarantined | None, bool]:
        """At the end of the data: the row for a damaged member not yet reported, and whether reading goes on
        (after a corrupt member, at the next intact one: per-record members make that the next record)."""
        error = self.stream.error
        resumed = self.stream.resume()
        if error is None or error.member_offset in self._reported:
            return None, resumed
        self._reported.add(error.member_offset)
        after = "its bytes are not read, reading goes on at the next member" if resumed else "nothing after it is read"
        return (
            Quarantined(
                warc_offset(self.ctx.relpath, error.member_offset),
                QuarantineReason.TRUNCATED_STREAM,
                f"{error.describe()}; {after}",
            ),
            resumed,
        )

    def _skip_newlines(self) -> None:
        while True:
            head = self.stream.peek(64)
            n = len(head) - len(head.lstrip(b"\r\n"))
            if not n:
                return
            self.stream.skip(n)

    def _peek_line(self) -> bytes:
        head = self.stream.peek(4096)
        end = head.find(b"\n")
        return head if end < 0 else head[: end + 1]

    def _resync(self, position: int, arc: bool) -> bool:
        """Go to the next record header line after ``position``; False (at the end) when there is none."""
        pattern, overlap = (_ARC_HEADER_LINE, 4096) if arc else (_WARC_HEADER_LINE, 16)
        self.stream.seek(max(position - 1, 0))
        while True:
            data = self.stream.peek(_SCAN)
            match = pattern.search(data)
            if match:
                self.stream.skip(match.start() + 1)
                return True
            if len(data) < _SCAN:
                self.stream.skip(len(data))
                return False
            self.stream.skip(len(data) - overlap)

    def _read_headers(self) -> bytes | None:
        """The header block up to and including its blank line; None if it ends or runs past the limit."""
        lines = []
        size = 0
        while size <= MAX_HEADER_BYTES:
            line = self.stream.readline(MAX_HEADER_BYTES)
            if not line or not line.endswith(b"\n"):
                return None
            lines.append(line)
            size += len(line)
            if line in (b"\r\n", b"\n"):
                return b"".join(lines)
        return None

    def _well_framed(self, arc: bool) -> bool:
        """After a block: only line breaks, then the next record header or the end of the data."""
        skipped = 0
        while skipped <= _MAX_TRAILER:
            head = self.stream.peek(64)
            n = len(head) - len(head.lstrip(b"\r\n"))
            if not n:
                break
            self.stream.skip(n)
            skipped += n
        else:
            return False
        if self.stream.at_member_start():
            # Per-record gzip: the block ends exactly where its member does, so its length is right
            # whatever the next member holds (that member is judged on its own).
            return True
        line = self._peek_line()
        if not line:
            return True
        return bool(_arc_header(line)) if arc else line.startswith(b"WARC/")

    # -- one record

    def _warc_record(self, start: int) -> Iterator[Item]:
        offset = self.stream.member_offset(start)
        header_bytes = self._read_headers()
        locator = warc_offset(self.ctx.relpath, offset)
        if header_bytes is None:
            if self.stream.at_end():
                yield self._cut_short(locator, offset, "the data ends inside the record's WARC headers")
            else:
                yield Quarantined(
                    locator,
                    QuarantineReason.INVALID_RECORD,
                    f"WARC headers of the record at byte {offset} exceed {MAX_HEADER_BYTES} bytes",
                )
                self._resync(start + 1, arc=False)
            return
        try:
            headers = _WARC_PARSER.parse(io.BytesIO(header_bytes))
        except (StatusAndHeadersParserException, ValueError, EOFError, UnicodeError):
            yield Quarantined(
                locator,
                QuarantineReason.INVALID_RECORD,
                f"WARC headers of the record at byte {offset} cannot be parsed",
            )
            self._resync(start + 1, arc=False)
            return
        record_id = (headers.get_header("WARC-Record-ID") or "").strip() or None
        locator = warc_record(self.ctx.relpath, record_id, offset)
        length_text = (headers.get_header("Content-Length") or "").strip()
        if not length_text.isdigit():
            yield Quarantined(
                locator, QuarantineReason.INVALID_RECORD, f"record at byte {offset} has no valid Content-Length"
            )
            self._resync(start + 1, arc=False)
            return
        url = (headers.get_header("WARC-Target-URI") or "").strip().strip("<>")
        record = Record(
            locator=locator,
            offset=offset,
            kind=(headers.get_header("WARC-Type") or "").strip().lower(),
            url=url,
            date=headers.get_header("WARC-Date"),
            length=int(length_text),
            content_type=headers.get_header("Content-Type"),
            warc_headers=headers,
            record_id=record_id,
        )
        yield from self._block(record, arc=False)

    def _arc_record(self, start: int, line: bytes) -> Iterator[Item]:
        offset = self.stream.member_offset(start)
        self.stream.skip(len(line))
        fields = _arc_header(line)
        assert fields is not None  # items() calls this only for a line _arc_header accepted
        url = fields[0]
        record = Record(
            locator=warc_record(self.ctx.relpath, None, offset),
            offset=offset,
            kind="arc_filedesc" if url.startswith("filedesc:") else "response",
            url=url,
            date=_arc_date(fields[2]),
            length=int(fields[-1]),
            content_type=fields[3] or None,
            warc_headers=None,
        )
        yield from self._block(record, arc=True)

    def _block(self, record: Record, arc: bool) -> Iterator[Item]:
        """Read (or skip) the block, confirm the framing, then say what the record is."""
        stream = self.stream
        block_start = stream.tell()
        head = b""
        plan = plan_without_block(record, self.max_payload)
        if plan is None:
            head = stream.read(min(record.length, HEAD_BYTES))
            plan = plan_from_head(record, head, self.max_payload)
        want = min(record.length, plan.payload_limit) if plan.action in ("document", "signal") else 0
        rest = stream.read(want - len(head)) if want > len(head) else b""
        got = len(head) + len(rest) + stream.skip(record.length - len(head) - len(rest))
        if got < record.length:
            yield self._block_cut_short(record, block_start, got, arc)
            return
        if not self._well_framed(arc):
            yield Quarantined(
                record.locator,
                QuarantineReason.LENGTH_MISMATCH,
                f"declared Content-Length {record.length} of the record at byte {record.offset} "
                f"does not end where the next record starts; resynchronised on the next header",
            )
            self._resync(block_start, arc)
            return
        block = head + rest
        if plan.action == "skip":
            yield Skipped(record.locator, plan.reason, url=record.url or None)
        elif plan.action == "quarantine":
            yield Quarantined(
                record.locator, plan.quarantine or QuarantineReason.INVALID_RECORD, plan.message, record.length
            )
        else:
            yield self._payload_item(record, plan, block)

    def _payload_item(self, record: Record, plan: Plan, block: bytes) -> Item:
        """The document or signal of a well-framed record; a failure while reading its payload costs that record only."""
        try:
            if plan.action == "signal":
                return signal_item(record, plan, block, self.max_payload)
            item = document_item(record, plan, block, self.max_payload, self.ctx.source.limits)
            return storable_document(item) if isinstance(item, Document) else item
        except Exception as exc:  # the framing is sound: the next record is read whatever this payload holds
            return Quarantined(
                record.locator,
                QuarantineReason.READER_ERROR,
                # Only the exception's type: parser messages can quote the input, which may hold personal data.
                f"the payload of the record at byte {record.offset} could not be read ({type(exc).__name__}); "
                f"the next records are read",
                record.length,
            )

    def _block_cut_short(self, record: Record, block_start: int, got: int, arc: bool) -> Quarantined:
        # Either the length lies (the block swallowed later records: one can be found inside it)
        # or the data really ends (truncated file or stream).
        if self._resync(block_start, arc):
            return Quarantined(
                record.locator,
                QuarantineReason.LENGTH_MISMATCH,
                f"declared Content-Length {record.length} of the record at byte {record.offset} "
                f"runs past the next record; resynchronised on the next header",
            )
        return self._cut_short(
            record.locator,
            record.offset,
            f"the data ends {record.length - got} bytes before the end of the record's block",
        )

    def _cut_short(self, locator: str, offset: int, what: str) -> Quarantined:
        error = self.stream.error
        if error is not None:
            self._reported.add(error.member_offset)
            what = f"{what}: {error.describe()}"
        return Quarantined(locator, QuarantineReason.TRUNCATED_STREAM, f"record at byte {offset}: {what}")


def read_warc(ctx: ReaderContext) -> Iterator[Item]:
    """Every record of a WARC or ARC file (plain or compressed), streamed; see the module docstring."""
    max_payload = max(8 * ctx.source.max_document_chars, 16 << 20)
    with DecompressedStream(ctx.path) as stream:
        yield from WarcReader(ctx, stream, max_payload).items()
