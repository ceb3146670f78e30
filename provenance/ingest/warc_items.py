"""A WARC record's block as an item: a page's Document (with the rights its HTTP headers carry and its licence
links), a robots.txt or tdmrep.json capture as a site signal, or the quarantine row saying why it is neither."""

from __future__ import annotations

import io
import re
from typing import TypedDict
from urllib.parse import urljoin

from warcio.bufferedreaders import BufferedReader, ChunkedDataReader
from warcio.statusandheaders import StatusAndHeaders

from provenance.contracts import SourceLimits
from provenance.ingest.decode import decode_bytes, decode_text
from provenance.ingest.html import html_document, primary_language
from provenance.ingest.licence_statements import LicenceStatement
from provenance.ingest.records import Document, Item, Quarantined, QuarantineReason, SiteSignal
from provenance.ingest.warc_plan import HTML_TYPES, MAX_SIGNAL_BYTES, Plan, Record
from provenance.schema import LICENCE_STATEMENTS_KEY, LicenceScope


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


def _payload(plan: Plan, block: bytes, max_payload: int) -> bytes | None:
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
    while size <= max_payload:
        part = reader.read(1 << 16)
        if not part:
            break
        parts.append(part)
        size += len(part)
    return b"".join(parts)


def _metadata(record: Record, plan: Plan) -> dict:
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


def signal_item(record: Record, plan: Plan, block: bytes, max_payload: int) -> Item:
    """A robots.txt or tdmrep.json capture as a site signal (its first MAX_SIGNAL_BYTES)."""
    body = _payload(plan, block, max_payload)
    if body is None:
        return Quarantined(
            record.locator,
            QuarantineReason.UNSUPPORTED_CONTENT,
            f"{plan.reason} capture at byte {record.offset} uses an unsupported Content-Encoding",
        )
    charset = _charset(plan.http.get_header("Content-Type") if plan.http else record.content_type)
    text, _ = decode_bytes(body[:MAX_SIGNAL_BYTES], charset)
    return SiteSignal(record.locator, plan.reason, record.url, text, retrieved_at=record.date, http_status=plan.status)


def _unreadable(record: Record, payload: bytes | None, max_payload: int) -> Quarantined:
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
        f"decoded payload above the {max_payload}-byte limit for a page",
        record.length,
    )


def document_item(record: Record, plan: Plan, block: bytes, max_payload: int, limits: SourceLimits) -> Item:
    """A page's response or resource as a Document, or the quarantine row saying why it is none."""
    payload = _payload(plan, block, max_payload)
    if payload is None or len(payload) > max_payload:
        return _unreadable(record, payload, max_payload)
    http = plan.http
    flags = []
    metadata = _metadata(record, plan)
    if "warc_truncated" in metadata:
        flags.append("warc_truncated_payload")
    rights = _header_rights(http)
    charset = _charset(http.get_header("Content-Type") if http else record.content_type)
    if plan.reason in HTML_TYPES:
        item = html_document(
            record.locator,
            payload,
            charset=charset,
            limits=limits,
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
            f"the text of the record at byte {record.offset} does not decode as {charset or 'any detected encoding'}",
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
