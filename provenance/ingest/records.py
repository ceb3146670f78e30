"""What a format reader yields: a document, a quarantined or skipped record, a site signal, or a notice.

Readers parse one record at a time and hand these small objects to the ingest run,
which validates, identifies and columnarises them into bounded Arrow record batches.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from provenance.contracts import SourceContract


class QuarantineReason(str, Enum):
    """Why a record could not become a document. The value is the code stored in ``quarantine.reason``."""

    TRUNCATED_STREAM = "truncated_stream"  # compressed stream or archive ends early / is corrupt
    LENGTH_MISMATCH = "length_mismatch"  # a WARC record's declared Content-Length lies
    INVALID_RECORD = "invalid_record"  # record framing or headers cannot be parsed
    MALFORMED_JSON = "malformed_json"  # a JSONL line, or a JSON file from some point on, is not valid JSON
    NOT_AN_OBJECT = "not_an_object"  # a JSONL line / JSON array element is valid but not an object
    MISSING_TEXT = "missing_text"  # the contract's text field is absent or not a string
    EMPTY_DOCUMENT = "empty_document"  # nothing left after extraction / whitespace only
    OVERSIZE = "oversize"  # longer than the contract's max_document_chars, or more HTML elements than a page may have
    TOO_DEEP = "too_deep"  # markup nested deeper than a page may be (parsers and extractors slow down quadratically)
    UNKNOWN_ENCODING = "unknown_encoding"  # bytes whose encoding cannot be determined
    UNSUPPORTED_CONTENT = "unsupported_content"  # e.g. a binary file in a text tree
    READER_ERROR = "reader_error"  # an unexpected parser failure; the rest of the file is unread

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class ReaderContext:
    source: SourceContract
    dump_id: str
    #: the dump's file or folder
    path: Path
    #: the dump's path relative to PROVENANCE_HOME; every locator starts with it
    relpath: str


@dataclass(slots=True)
class Document:
    locator: str
    #: str, or bytes to be decoded by the run (UTF-8, flagged when invalid bytes were replaced)
    text: str | bytes
    url: str | None = None
    title: str | None = None
    author: str | None = None
    #: datetime, ISO 8601 string, or None; an unparseable string is dropped and flagged
    published_at: dt.datetime | dt.date | str | None = None
    retrieved_at: dt.datetime | dt.date | str | None = None
    lang: str | None = None
    licence: str | None = None
    content_type: str | None = None
    tdm_reservation: str | None = None
    tdm_policy: str | None = None
    x_robots_tag: str | None = None
    content_usage: str | None = None
    meta_robots: str | None = None
    meta_tdm_reservation: str | None = None
    meta_tdm_policy: str | None = None
    licence_hints: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Quarantined:
    locator: str
    reason: QuarantineReason
    #: says what is wrong; never quotes the record's content (it may hold personal data)
    message: str
    byte_size: int | None = None


@dataclass(slots=True)
class SiteSignal:
    """A robots.txt or /.well-known/tdmrep.json capture: evidence for the rights stage, not a document."""

    locator: str
    kind: str  # 'robots.txt' | 'tdmrep.json'
    url: str
    body: str
    retrieved_at: dt.datetime | str | None = None
    http_status: int | None = None


class SkipReason(str, Enum):
    """Why a record is not a document by design. The value is the code stored in ``skipped.reason``."""

    WARC_WARCINFO = "warc_warcinfo"  # the WARC file's own description
    WARC_REQUEST = "warc_request"  # what the crawler sent
    WARC_METADATA = "warc_metadata"  # crawler notes about a capture (outlinks, fetch times)
    WARC_REVISIT = "warc_revisit"  # a capture whose payload was identical to an earlier one
    WARC_CONVERSION = "warc_conversion"  # a converted copy of another record
    WARC_CONTINUATION = "warc_continuation"  # the tail of a segmented record
    WARC_SEGMENTED = "warc_segmented"  # the first segment of a record split across files
    WARC_UNKNOWN_TYPE = "warc_unknown_type"  # a WARC-Type this reader does not know
    ARC_FILEDESC = "arc_filedesc"  # an ARC file's description record
    NON_HTTP_RESPONSE = "non_http_response"  # a response for a dns:, ftp:... target
    NON_HTTP_RESOURCE = "non_http_resource"  # a resource that is no web page: wget's metadata:// arguments,
    #                                              log and manifest, a crawler's urn: log
    HTTP_REDIRECT = "http_redirect"  # a 3xx response
    NON_200_RESPONSE = "non_200_response"  # any other status than 200 (errors, partial content...)
    NON_TEXT_RESPONSE = "non_text_response"  # an HTTP payload that is not HTML or plain text
    NON_TEXT_RESOURCE = "non_text_resource"  # a resource record whose payload is not HTML or plain text
    BLANK_LINE = "blank_line"  # an empty line in a JSON Lines file
    WIKI_REDIRECT = "wiki_redirect"  # a MediaWiki redirect page
    WIKI_NAMESPACE = "wiki_namespace"  # a page outside the article namespace
    WIKI_NON_WIKITEXT = "wiki_non_wikitext"  # a page whose content model is not wikitext
    TREE_SYMLINK = "tree_symlink"  # a symbolic link in a text tree
    TREE_OTHER_FILE = "tree_other_file"  # a file of another type in a text tree
    TREE_HIDDEN_FILE = "tree_hidden_file"  # a hidden file (dot file, __MACOSX) in a text tree
    TREE_UNSAFE_NAME = "tree_unsafe_name"  # an archive member whose name climbs out of the archive ("../x")

    def __str__(self) -> str:
        return self.value


@dataclass(slots=True)
class Skipped:
    """A record that is not a document by design: a record seen, written to ``skipped.parquet`` with its reason.
    WARC request, metadata and warcinfo records, non-text responses (images, scripts), crawler logs,
    MediaWiki redirects and non-article namespaces, files of other types in a text tree."""

    locator: str
    #: a SkipReason (readers of other stages may still pass its plain string value)
    reason: SkipReason | str
    #: the record's URL when it has one (a WARC target), so a legal reader can ask "was this page seen?"
    url: str | None = None


@dataclass(slots=True)
class Notice:
    """Something a steward must know about a dump that decides nothing about any record: e.g. a MediaWiki
    header whose language or site contradicts the source contract. Not a record: written to ``notices.parquet``,
    the lineage table ``ingest_notices`` and the dump's materialisation."""

    locator: str
    #: a short code, e.g. 'header_language_differs'
    code: str
    #: says what differs and what was done; never quotes a record's content
    message: str


Item = Document | Quarantined | SiteSignal | Skipped | Notice
