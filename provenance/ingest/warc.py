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
it are kept.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypedDict
from urllib.parse import urljoin, urlsplit

from warcio.bufferedreaders import BufferedReader, ChunkedDataReader
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser, StatusAndHeadersParserException

from provenance.ingest.decode import decode_bytes, decode_text
from provenance.ingest.html import html_document, primary_language
from provenance.ingest.licence_statements import LicenceStatement
from provenance.ingest.locators import warc_offset, warc_record
from provenance.ingest.records import (
    Document,
    Item,
    Quarantined,
    QuarantineReason,
    ReaderContext,
    SiteSignal,
    Skipped,
    SkipReason,
)
from provenance.ingest.streams import DecompressedStream
from provenance.schema import LICENCE_STATEMENTS_KEY, LicenceScope

WARC_VERSIONS = ["WARC/1.1", "WARC/1.0", "WARC/0.18", "WARC/0.17"]
HTTP_VERSIONS = ["HTTP/1.1", "HTTP/1.0", "HTTP/2", "HTTP/3", "HTTP/0.9"]
HTML_TYPES = ("text/html", "application/xhtml+xml")
PLAIN_TYPES = ("text/plain",)
SIGNAL_PATHS = {"/robots.txt": "robots.txt", "/.well-known/tdmrep.json": "tdmrep.json"}
#: WARC record types that never hold a document, with the reason they are skipped for.
SKIPPED_TYPES = {
    t: SkipReason(f"warc_{t}") for t in ("warcinfo", "request", "metadata", "revisit", "conversion", "continuation")
}
_WEB_SCHEMES = ("http:", "https:")

#: How much of a block is read first, to parse the HTTP headers and decide what to keep.
HEAD_BYTES = 1 << 16
MAX_HEADER_BYTES = 1 << 18
#: Bodies of robots.txt / tdmrep.json kept (Google reads the first 500 KiB of a robots.txt).
MAX_SIGNAL_BYTES = 512 << 10
#: After a block, at most this many CR/LF bytes may come before the next record.
_MAX_TRAILER = 4096

_WARC_HEADER_LINE = re.compile(rb"\nWARC/(?:1\.[01]|0\.1[78])\r?\n")
_ARC_HEADER_LINE = re.compile(rb"\n[A-Za-z][A-Za-z0-9+.-]*:[^\s]* \S+ \d{14} \S* (?:\S+ ){0,5}\d+\r?\n")
_SCAN = 1 << 16
_WARC_PARSER = StatusAndHeadersParser(WARC_VERSIONS)
_HTTP_PARSER = StatusAndHeadersParser(HTTP_VERSIONS, verify=False)


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


def _mime(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _charset(content_type: str | None) -> str | None:
    for param in (content_type or "").split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip("'\""):
            return value.strip().strip("'\"")
    return None


class _HeaderRights(TypedDict, total=False):
    """The rights signals a response's HTTP headers carry, as Document fields."""

    tdm_reservation: str | None
    tdm_policy: str | None
    x_robots_tag: str | None
    content_usage: str | None


def _header_rights(http: StatusAndHeaders | None) -> _HeaderRights:
    if http is None:
        return {}
    return _HeaderRights(
        tdm_reservation=_all(http, "tdm-reservation"),
        tdm_policy=_all(http, "tdm-policy"),
        x_robots_tag=_all(http, "x-robots-tag"),
        content_usage=_all(http, "content-usage"),
    )


def _all(headers: StatusAndHeaders, name: str) -> str | None:
    """Every value of a (case-insensitive) header, joined by ', ' as HTTP allows."""
    name = name.lower()
    values = [v.strip() for k, v in headers.headers if k.lower() == name and v and v.strip()]
    return ", ".join(values) or None


def _link_licences(headers: StatusAndHeaders, url: str) -> list[LicenceStatement]:
    """HTTP ``Link: <...>; rel="license"`` headers: page-level statements (they describe the response itself),
    relative targets resolved against the record's URL, the header as sent for snippet."""
    out = []
    for value in (_all(headers, "link") or "").split(","):
        target, _, params = value.partition(";")
        target = target.strip().strip("<>").strip()
        if target and re.search(r"""rel\s*=\s*["']?[^"']*\blicense\b""", params, re.IGNORECASE):
            out.append(
                LicenceStatement(
                    urljoin(url, target) if url else target, LicenceScope.PAGE, "http_link", f"Link: {value.strip()}"
                )
            )
    return out


def _add_statements(doc: Document, statements: list[LicenceStatement]) -> None:
    for statement in statements:
        if statement.text not in doc.licence_hints:
            doc.licence_hints.append(statement.text)
    if statements:
        listed = doc.metadata.setdefault(LICENCE_STATEMENTS_KEY, [])
        listed[:0] = [s.as_dict() for s in statements]


@dataclass
class _Record:
    """One framed record's headers, as much as the reader needs of them."""

    locator: str
    offset: int  # file offset of the record (member start when compressed)
    kind: str  # WARC-Type, or 'response' / 'arc_filedesc' for ARC
    url: str
    date: str | None
    length: int
    content_type: str | None
    warc_headers: StatusAndHeaders | None
    record_id: str | None = None


@dataclass
class _Plan:
    """What to do with a record's block once its framing is confirmed."""

    action: str  # 'skip' | 'document' | 'signal' | 'quarantine'
    reason: str = ""  # SkipReason, signal kind or document mime type
    quarantine: QuarantineReason | None = None
    message: str = ""
    http: StatusAndHeaders | None = None
    status: int | None = None
    payload_limit: int = 0
    body_start: int = 0  # where the payload starts in the block (after the HTTP headers)


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
                yield from self._stream_end()
                return
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

    def _stream_end(self) -> Iterator[Item]:
        error = self.stream.error
        if error is not None and error.member_offset not in self._reported:
            self._reported.add(error.member_offset)
            yield Quarantined(
                warc_offset(self.ctx.relpath, error.member_offset),
                QuarantineReason.TRUNCATED_STREAM,
                f"{error.describe()}; the rest of the file is unreadable",
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
        record = _Record(
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
        record = _Record(
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

    def _block(self, record: _Record, arc: bool) -> Iterator[Item]:
        """Read (or skip) the block, confirm the framing, then say what the record is."""
        stream = self.stream
        block_start = stream.tell()
        head = b""
        plan = self._plan_without_block(record)
        if plan is None:
            head = stream.read(min(record.length, HEAD_BYTES))
            plan = self._plan_from_head(record, head)
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
        elif plan.action == "signal":
            yield self._signal(record, plan, block)
        else:
            yield self._document(record, plan, block)

    def _block_cut_short(self, record: _Record, block_start: int, got: int, arc: bool) -> Quarantined:
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

    # -- deciding what a record is

    def _plan_without_block(self, record: _Record) -> _Plan | None:
        """Decisions that need only the record headers; None when the HTTP headers must be read."""
        kind = record.kind
        if kind == "arc_filedesc":
            return _Plan("skip", SkipReason.ARC_FILEDESC)
        if kind in SKIPPED_TYPES:
            return _Plan("skip", SKIPPED_TYPES[kind])
        if record.warc_headers is not None and record.warc_headers.get_header("WARC-Segment-Number"):
            return _Plan("skip", SkipReason.WARC_SEGMENTED)
        web = record.url.lower().startswith(_WEB_SCHEMES)
        if kind == "resource":
            # A resource is a page only when it stands for a web URL: wget's manifest, arguments and log
            # (metadata://...) and a crawler's own log (urn:...) are text written by the crawler, not published.
            if not web:
                return _Plan("skip", SkipReason.NON_HTTP_RESOURCE)
            return self._plan_payload(record, _mime(record.content_type), record.content_type, None)
        if kind != "response":
            return _Plan("skip", SkipReason.WARC_UNKNOWN_TYPE)
        if not web:
            return _Plan("skip", SkipReason.NON_HTTP_RESPONSE)
        return None

    def _plan_from_head(self, record: _Record, head: bytes) -> _Plan:
        end = head.find(b"\r\n\r\n")
        end = end + 4 if end >= 0 else -1
        if end < 0:
            end = head.find(b"\n\n")
            end = end + 2 if end >= 0 else -1
        if end < 0:
            if record.length > len(head):
                return _Plan(
                    "quarantine",
                    quarantine=QuarantineReason.INVALID_RECORD,
                    message=f"HTTP headers of the record at byte {record.offset} do not end within {HEAD_BYTES} bytes",
                )
            end = len(head)
        try:
            http = _HTTP_PARSER.parse(io.BytesIO(head[:end]))
            status = int(http.get_statuscode())
        except (StatusAndHeadersParserException, ValueError, EOFError, UnicodeError, IndexError):
            return _Plan(
                "quarantine",
                quarantine=QuarantineReason.INVALID_RECORD,
                message=f"HTTP status line or headers of the record at byte {record.offset} cannot be parsed",
            )
        if not http.protocol.upper().startswith("HTTP/"):
            return _Plan(
                "quarantine",
                quarantine=QuarantineReason.INVALID_RECORD,
                message=f"the response record at byte {record.offset} does not start with an HTTP status line",
            )
        content_type = http.get_header("Content-Type")
        plan = self._plan_payload(record, _mime(content_type), content_type, status, head[end : end + 512])
        plan.http = http
        plan.status = status
        plan.body_start = end
        plan.payload_limit += end  # the limit counts from the block start
        return plan

    def _plan_payload(
        self, record: _Record, mime: str, content_type: str | None, status: int | None, sniff: bytes = b""
    ) -> _Plan:
        signal = SIGNAL_PATHS.get(urlsplit(record.url).path) if record.url else None
        if signal:
            if status is not None and 300 <= status < 400:
                return _Plan("skip", SkipReason.HTTP_REDIRECT)
            return _Plan("signal", reason=signal, payload_limit=MAX_SIGNAL_BYTES, status=status)
        if status is not None and 300 <= status < 400:
            return _Plan("skip", SkipReason.HTTP_REDIRECT)
        if status is not None and status != 200:
            return _Plan("skip", SkipReason.NON_200_RESPONSE)
        if not mime and sniff.lstrip()[:14].lower().startswith((b"<!doctype html", b"<html")):
            mime = "text/html"
        if mime not in HTML_TYPES and mime not in PLAIN_TYPES:
            return _Plan("skip", SkipReason.NON_TEXT_RESPONSE if status is not None else SkipReason.NON_TEXT_RESOURCE)
        if record.length > self.max_payload:
            return _Plan(
                "quarantine",
                quarantine=QuarantineReason.OVERSIZE,
                message=f"record of {record.length} bytes, above the {self.max_payload}-byte limit for a page",
            )
        return _Plan("document", reason=mime, payload_limit=self.max_payload, status=status)

    # -- payloads

    def _payload(self, plan: _Plan, block: bytes) -> bytes | None:
        """The HTTP body, de-chunked and decoded per Content-Encoding; bounded by the payload limit."""
        if plan.http is None:
            return block
        body = block[plan.body_start :]
        encoding = (plan.http.get_header("Content-Encoding") or "").strip().lower()
        if encoding in ("", "identity", "none"):
            encoding = None
        elif encoding not in BufferedReader.get_supported_decompressors():
            return None
        chunked = "chunked" in (plan.http.get_header("Transfer-Encoding") or "").lower()
        if not encoding and not chunked:
            return body
        reader = (
            ChunkedDataReader(io.BytesIO(body), decomp_type=encoding)
            if chunked
            else BufferedReader(io.BytesIO(body), decomp_type=encoding)
        )
        parts, size = [], 0
        while size <= self.max_payload:
            part = reader.read(1 << 16)
            if not part:
                break
            parts.append(part)
            size += len(part)
        return b"".join(parts)

    def _metadata(self, record: _Record, plan: _Plan) -> dict:
        metadata: dict = {"warc_type": record.kind if record.warc_headers is not None else "arc"}
        if record.record_id:
            metadata["warc_record_id"] = record.record_id
        if plan.status is not None:
            metadata["http_status"] = plan.status
        if record.warc_headers is not None:
            digest = record.warc_headers.get_header("WARC-Payload-Digest")
            if digest:
                metadata["payload_digest"] = digest.strip()
            truncated = record.warc_headers.get_header("WARC-Truncated")
            if truncated:
                metadata["warc_truncated"] = truncated.strip()
        return metadata

    def _signal(self, record: _Record, plan: _Plan, block: bytes) -> Item:
        body = self._payload(plan, block)
        if body is None:
            return Quarantined(
                record.locator,
                QuarantineReason.UNSUPPORTED_CONTENT,
                f"{plan.reason} capture at byte {record.offset} uses an unsupported Content-Encoding",
            )
        charset = _charset(plan.http.get_header("Content-Type") if plan.http else record.content_type)
        text, _ = decode_bytes(body[:MAX_SIGNAL_BYTES], charset)
        return SiteSignal(
            record.locator, plan.reason, record.url, text, retrieved_at=record.date, http_status=plan.status
        )

    def _unreadable(self, record: _Record, payload: bytes | None) -> Quarantined:
        """The quarantine row of a payload that is no document: an unsupported encoding, or too large."""
        if payload is None:
            return Quarantined(
                record.locator,
                QuarantineReason.UNSUPPORTED_CONTENT,
                f"response at byte {record.offset} uses an unsupported Content-Encoding",
                record.length,
            )
        return Quarantined(
            record.locator,
            QuarantineReason.OVERSIZE,
            f"decoded payload above the {self.max_payload}-byte limit for a page",
            record.length,
        )

    def _document(self, record: _Record, plan: _Plan, block: bytes) -> Item:
        payload = self._payload(plan, block)
        if payload is None or len(payload) > self.max_payload:
            return self._unreadable(record, payload)
        http = plan.http
        flags = []
        metadata = self._metadata(record, plan)
        if "warc_truncated" in metadata:
            flags.append("warc_truncated_payload")
        rights = _header_rights(http)
        charset = _charset(http.get_header("Content-Type") if http else record.content_type)
        if plan.reason in HTML_TYPES:
            item = html_document(
                record.locator,
                payload,
                charset=charset,
                url=record.url or None,
                retrieved_at=record.date,
                content_type=plan.reason,
                metadata=metadata,
                flags=flags,
                **rights,
            )
            if isinstance(item, Document):
                _add_statements(item, _link_licences(http, record.url) if http else [])
                if item.lang is None and http is not None:
                    item.lang = primary_language(http.get_header("Content-Language"))
            return item
        text, decode_flags = decode_text(payload, charset)
        if text is None:
            return Quarantined(
                record.locator,
                QuarantineReason.UNKNOWN_ENCODING,
                f"the text of the record at byte {record.offset} does not decode as "
                f"{charset or 'any detected encoding'}",
                record.length,
            )
        if charset:
            metadata["charset"] = charset
        doc = Document(
            locator=record.locator,
            text=text,
            url=record.url or None,
            retrieved_at=record.date,
            content_type=plan.reason,
            flags=flags + decode_flags,
            metadata=metadata,
            lang=primary_language(http.get_header("Content-Language")) if http else None,
            **rights,
        )
        _add_statements(doc, _link_licences(http, record.url) if http else [])
        return doc


def read_warc(ctx: ReaderContext) -> Iterator[Item]:
    """Every record of a WARC or ARC file (plain or compressed), streamed; see the module docstring."""
    max_payload = max(8 * ctx.source.max_document_chars, 16 << 20)
    with DecompressedStream(ctx.path) as stream:
        yield from WarcReader(ctx, stream, max_payload).items()
