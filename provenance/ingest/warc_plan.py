"""What a WARC or ARC record is, from its headers: skipped (and why), a site signal, a page, or quarantined."""

from __future__ import annotations

import io
from dataclasses import dataclass
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser, StatusAndHeadersParserException

from provenance.ingest.records import QuarantineReason, SkipReason

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
#: Bodies of robots.txt / tdmrep.json kept (Google reads the first 500 KiB of a robots.txt).
MAX_SIGNAL_BYTES = 512 << 10
_HTTP_PARSER = StatusAndHeadersParser(HTTP_VERSIONS, verify=False)


def _mime(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


@dataclass
class Record:
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
class Plan:
    """What to do with a record's block once its framing is confirmed."""

    action: str  # 'skip' | 'document' | 'signal' | 'quarantine'
    reason: str = ""  # SkipReason, signal kind or document mime type
    quarantine: QuarantineReason | None = None
    message: str = ""
    http: StatusAndHeaders | None = None
    status: int | None = None
    payload_limit: int = 0
    body_start: int = 0  # where the payload starts in the block (after the HTTP headers)


def _url_path(url: str) -> str:
    try:
        return urlsplit(url).path
    except ValueError:  # e.g. an unclosed IPv6 bracket: no path to recognise a signal by
        return ""


def plan_without_block(record: Record, max_payload: int) -> Plan | None:
    """Decisions that need only the record headers; None when the HTTP headers must be read."""
    kind = record.kind
    if kind == "arc_filedesc":
        return Plan("skip", SkipReason.ARC_FILEDESC)
    if kind in SKIPPED_TYPES:
        return Plan("skip", SKIPPED_TYPES[kind])
    if record.warc_headers is not None and record.warc_headers.get_header("WARC-Segment-Number"):
        return Plan("skip", SkipReason.WARC_SEGMENTED)
    web = record.url.lower().startswith(_WEB_SCHEMES)
    if kind == "resource":
        # A resource is a page only when it stands for a web URL: wget's manifest, arguments and log
        # (metadata://...) and a crawler's own log (urn:...) are text written by the crawler, not published.
        if not web:
            return Plan("skip", SkipReason.NON_HTTP_RESOURCE)
        return plan_payload(record, _mime(record.content_type), record.content_type, None, max_payload)
    if kind != "response":
        return Plan("skip", SkipReason.WARC_UNKNOWN_TYPE)
    if not web:
        return Plan("skip", SkipReason.NON_HTTP_RESPONSE)
    return None


def plan_from_head(record: Record, head: bytes, max_payload: int) -> Plan:
    end = head.find(b"\r\n\r\n")
    end = end + 4 if end >= 0 else -1
    if end < 0:
        end = head.find(b"\n\n")
        end = end + 2 if end >= 0 else -1
    if end < 0:
        if record.length > len(head):
            return Plan(
                "quarantine",
                quarantine=QuarantineReason.INVALID_RECORD,
                message=f"HTTP headers of the record at byte {record.offset} do not end within {HEAD_BYTES} bytes",
            )
        end = len(head)
    try:
        http = _HTTP_PARSER.parse(io.BytesIO(head[:end]))
        status = int(http.get_statuscode())
    except (StatusAndHeadersParserException, ValueError, EOFError, UnicodeError, IndexError):
        return Plan(
            "quarantine",
            quarantine=QuarantineReason.INVALID_RECORD,
            message=f"HTTP status line or headers of the record at byte {record.offset} cannot be parsed",
        )
    if not http.protocol.upper().startswith("HTTP/"):
        return Plan(
            "quarantine",
            quarantine=QuarantineReason.INVALID_RECORD,
            message=f"the response record at byte {record.offset} does not start with an HTTP status line",
        )
    content_type = http.get_header("Content-Type")
    plan = plan_payload(record, _mime(content_type), content_type, status, max_payload, head[end : end + 512])
    plan.http = http
    plan.status = status
    plan.body_start = end
    plan.payload_limit += end  # the limit counts from the block start
    return plan


def plan_payload(
    record: Record, mime: str, content_type: str | None, status: int | None, max_payload: int, sniff: bytes = b""
) -> Plan:
    signal = SIGNAL_PATHS.get(_url_path(record.url)) if record.url else None
    if signal:
        if status is not None and 300 <= status < 400:
            return Plan("skip", SkipReason.HTTP_REDIRECT)
        return Plan("signal", reason=signal, payload_limit=MAX_SIGNAL_BYTES, status=status)
    if status is not None and 300 <= status < 400:
        return Plan("skip", SkipReason.HTTP_REDIRECT)
    if status is not None and status != 200:
        return Plan("skip", SkipReason.NON_200_RESPONSE)
    if not mime and sniff.lstrip()[:14].lower().startswith((b"<!doctype html", b"<html")):
        mime = "text/html"
    if mime not in HTML_TYPES and mime not in PLAIN_TYPES:
        return Plan("skip", SkipReason.NON_TEXT_RESPONSE if status is not None else SkipReason.NON_TEXT_RESOURCE)
    if record.length > max_payload:
        return Plan(
            "quarantine",
            quarantine=QuarantineReason.OVERSIZE,
            message=f"record of {record.length} bytes, above the {max_payload}-byte limit for a page",
        )
    return Plan("document", reason=mime, payload_limit=max_payload, status=status)
