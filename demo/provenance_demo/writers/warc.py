"""WARC 1.1 crawls with warcio: warcinfo, request/response pairs, robots.txt and tdmrep.json captures, an image."""

from __future__ import annotations

import datetime as dt
import gzip
import random
import struct
import uuid
import zlib
from dataclasses import dataclass, field
from email.utils import format_datetime
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from provenance.ingest.locators import warc_record
from provenance_demo.entry import Entry
from provenance_demo.writers.html import render_page


def png_pixel() -> bytes:
    """A valid 1x1 transparent PNG: an image response a reader must skip."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00\x00", 9))
        + chunk(b"IEND", b"")
    )


@dataclass
class Capture:
    """A non-document response: robots.txt, tdmrep.json or an image."""

    url: str
    body: bytes
    content_type: str
    when: dt.datetime
    status: int = 200


@dataclass
class Crawl:
    """What one WARC holds, in crawl order: site captures first (as a crawler fetches them), then pages."""

    site_name: dict[str, str]
    captures: list[Capture] = field(default_factory=list)
    pages: list[Entry] = field(default_factory=list)
    images: list[Capture] = field(default_factory=list)


def _record_id(rng: random.Random) -> str:
    return f"<urn:uuid:{uuid.UUID(int=rng.getrandbits(128), version=4)}>"


def _warc_date(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class _Writer:
    def __init__(self, out, rng: random.Random, relpath: str):
        self.out = out
        self.writer = WARCWriter(out, gzip=True, warc_version="1.1")
        self.rng = rng
        self.relpath = relpath
        self.skipped: list[tuple[str, str]] = []

    def _request(self, url: str, when: dt.datetime, response_id: str) -> None:
        parts = urlsplit(url)
        http = StatusAndHeaders(
            f"GET {parts.path or '/'} HTTP/1.1",
            [
                ("Host", parts.hostname),
                ("User-Agent", "Mozilla/5.0 (compatible; archive-crawler/3.4; +https://archive.example.org/bot)"),
                ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
                ("Accept-Language", "fr-FR,fr;q=0.9,en;q=0.6"),
            ],
            is_http_request=True,
        )
        record_id = _record_id(self.rng)
        record = self.writer.create_warc_record(
            url,
            "request",
            payload=BytesIO(b""),
            length=0,
            http_headers=http,
            warc_headers_dict={
                "WARC-Record-ID": record_id,
                "WARC-Date": _warc_date(when),
                "WARC-Concurrent-To": response_id,
            },
        )
        self.writer.write_record(record)
        self.skipped.append((warc_record(self.relpath, record_id, 0), "warc_request"))

    def response(
        self,
        url: str,
        when: dt.datetime,
        status: int,
        content_type: str,
        body: bytes,
        extra_headers: list[tuple[str, str]] = (),
        length_lie: int = 0,
    ) -> str:
        record_id = _record_id(self.rng)
        self._request(url, when, record_id)
        reason = {200: "OK", 404: "Not Found"}.get(status, "OK")
        headers = [
            ("Date", format_datetime(when.astimezone(dt.UTC), usegmt=True)),
            ("Server", "nginx"),
            ("Content-Type", content_type),
            ("Content-Length", str(len(body))),
        ]
        headers.extend(extra_headers)
        http = StatusAndHeaders(f"{status} {reason}", headers, protocol="HTTP/1.1")
        record = self.writer.create_warc_record(
            url,
            "response",
            payload=BytesIO(body),
            length=len(body),
            http_headers=http,
            warc_headers_dict={
                "WARC-Record-ID": record_id,
                "WARC-Date": _warc_date(when),
                "WARC-IP-Address": "203.0.113.80",
            },
        )
        if not length_lie:
            self.writer.write_record(record)
            return record_id
        # A record whose WARC Content-Length understates its block: written uncompressed, the header
        # patched, then gzipped as its own member (mtime 0) like every other record.
        plain = BytesIO()
        WARCWriter(plain, gzip=False, warc_version="1.1").write_record(record)
        data = plain.getvalue()
        head_end = data.index(b"\r\n\r\n")
        head = data[:head_end]
        declared = int(head.split(b"Content-Length: ", 1)[1].split(b"\r\n", 1)[0])
        head = head.replace(
            f"Content-Length: {declared}".encode(), f"Content-Length: {declared - length_lie}".encode()
        )
        self.out.write(gzip.compress(head + data[head_end:], compresslevel=9, mtime=0))
        return record_id

    def warcinfo(self, when: dt.datetime, filename: str) -> None:
        record_id = _record_id(self.rng)
        info = (
            f"software: provenance-demo crawler 1.0\r\nformat: WARC File Format 1.1\r\n"
            f"description: Demo crawl for {filename}\r\nrobots: obey\r\n"
        ).encode()
        record = self.writer.create_warc_record(
            "",
            "warcinfo",
            payload=BytesIO(info),
            length=len(info),
            warc_content_type="application/warc-fields",
            warc_headers_dict={"WARC-Record-ID": record_id, "WARC-Date": _warc_date(when), "WARC-Filename": filename},
        )
        self.writer.write_record(record)
        self.skipped.append((warc_record(self.relpath, record_id, 0), "warc_warcinfo"))


def write_warc(path: Path, relpath: str, crawl: Crawl, rng: random.Random) -> tuple[list[tuple[str, str]], list[dict]]:
    """Write the crawl; set each page's locator. Returns (skipped (locator, reason), site signals)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    signals = []
    with open(path, "wb") as out:
        w = _Writer(out, rng, relpath)
        start = min([c.when for c in crawl.captures] + [p.retrieved for p in crawl.pages])
        w.warcinfo(start, path.name)
        for capture in crawl.captures:
            record_id = w.response(capture.url, capture.when, capture.status, capture.content_type, capture.body)
            kind = "robots.txt" if capture.url.endswith("/robots.txt") else "tdmrep.json"
            signals.append(
                {
                    "dump_relpath": relpath,
                    "locator": warc_record(relpath, record_id, 0),
                    "kind": kind,
                    "url": capture.url,
                    "host": urlsplit(capture.url).hostname,
                }
            )
        for entry in crawl.pages:
            host = urlsplit(entry.url).hostname
            body = render_page(entry, crawl.site_name.get(host, host)).encode("utf-8")
            record_id = w.response(
                entry.url,
                entry.retrieved,
                200,
                "text/html; charset=utf-8",
                body,
                entry.html.headers,
                length_lie=entry.html.length_lie,
            )
            entry.locator = warc_record(relpath, record_id, 0)
        for image in crawl.images:
            record_id = w.response(image.url, image.when, 200, image.content_type, image.body)
            w.skipped.append((warc_record(relpath, record_id, 0), "non_text_response"))
    return w.skipped, signals
