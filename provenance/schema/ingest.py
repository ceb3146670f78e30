"""The ingest stage's schemas: documents, quarantine and skipped rows, notices, site signals; and a document's id."""

from __future__ import annotations

import hashlib
from enum import StrEnum

import pyarrow as pa

SCHEMA_VERSION = "1"

_ts = pa.timestamp("us", tz="UTC")


#: One row per document that entered the pipeline from an archive dump.
DOCUMENT_SCHEMA = pa.schema(
    [
        pa.field(
            "doc_id",
            pa.string(),
            nullable=False,
            metadata={"doc": "sha256(source_id \\x1f locator), 32 hex chars; stable across re-runs"},
        ),
        pa.field("source_id", pa.string(), nullable=False, metadata={"doc": "the source contract's id"}),
        pa.field(
            "dump_id", pa.string(), nullable=False, metadata={"doc": "the dump (Dagster partition) it was read from"}
        ),
        pa.field(
            "locator",
            pa.string(),
            nullable=False,
            metadata={
                "doc": "where the record sits in its dump: file plus byte offset, line, "
                "WARC-Record-ID, member name, or page id and revision"
            },
        ),
        pa.field("url", pa.string(), metadata={"doc": "the page's URL (WARC target, record field or wiki page)"}),
        pa.field("title", pa.string(), metadata={"doc": "as published"}),
        pa.field("author", pa.string(), metadata={"doc": "as published"}),
        pa.field("published_at", _ts, metadata={"doc": "publication date from the record, UTC"}),
        pa.field(
            "retrieved_at",
            _ts,
            metadata={"doc": "capture date (WARC-Date, revision time); opt-outs are judged as of this date"},
        ),
        pa.field("lang", pa.string(), metadata={"doc": "declared language (record, else contract); null when 'auto'"}),
        pa.field(
            "licence", pa.string(), metadata={"doc": "licence as declared by the record, verbatim; null if none"}
        ),
        pa.field("text", pa.string(), nullable=False, metadata={"doc": "the extracted text, as read"}),
        pa.field("content_type", pa.string(), metadata={"doc": "the record's media type, e.g. text/html"}),
        pa.field(
            "content_fingerprint",
            pa.string(),
            nullable=False,
            metadata={"doc": "xxh3-128 of the normalised original text (provenance.fingerprint)"},
        ),
        # Rights signals, kept verbatim for the rights stage.
        pa.field("tdm_reservation", pa.string(), metadata={"doc": "HTTP tdm-reservation header"}),
        pa.field("tdm_policy", pa.string(), metadata={"doc": "HTTP tdm-policy header"}),
        pa.field("x_robots_tag", pa.string(), metadata={"doc": "HTTP X-Robots-Tag header(s), joined by ', '"}),
        pa.field("content_usage", pa.string(), metadata={"doc": "HTTP Content-Usage header (IETF aipref)"}),
        pa.field("meta_robots", pa.string(), metadata={"doc": "<meta name=robots> content(s), joined by ', '"}),
        pa.field("meta_tdm_reservation", pa.string(), metadata={"doc": "<meta name=tdm-reservation>"}),
        pa.field("meta_tdm_policy", pa.string(), metadata={"doc": "<meta name=tdm-policy>"}),
        pa.field(
            "licence_hints",
            pa.list_(pa.string()),
            metadata={
                "doc": "the page's own licence statements: rel=license hrefs, CC badges, dcterms/DC.rights "
                "meta, JSON-LD license of its main entity, its footer's or main text's licence "
                "notice, HTTP Link rel=license; those of embedded media are only in metadata's "
                "licence_statements"
            },
        ),
        pa.field("flags", pa.list_(pa.string()), metadata={"doc": "e.g. invalid_utf8_replaced, encoding_guessed"}),
        pa.field("metadata", pa.string(), metadata={"doc": "JSON object of format-specific extras"}),
    ],
    metadata={"schema": "provenance.document", "version": SCHEMA_VERSION},
)

#: Key of a document's ``metadata`` JSON listing every licence statement its page makes (HTML pages, HTTP
#: ``Link: rel=license``): ``{"text", "scope", "where", "snippet"}`` objects. ``licence_hints`` holds the
#: texts of the page-level ones; the rights stage reads both and records them as the licence's evidence.
LICENCE_STATEMENTS_KEY = "licence_statements"


class LicenceScope(StrEnum):
    """What a licence statement covers: the page (it decides the page's licence) or something the page embeds
    (a figure, an image credit, a video, another article's teaser: kept as evidence, decides nothing)."""

    PAGE = "page"
    EMBEDDED = "embedded"


#: One row per record that could not become a document. Never holds the record's content.
QUARANTINE_SCHEMA = pa.schema(
    [
        pa.field(
            "record_id",
            pa.string(),
            nullable=False,
            metadata={"doc": "derived like doc_id from source_id and locator"},
        ),
        pa.field("source_id", pa.string(), nullable=False),
        pa.field("dump_id", pa.string(), nullable=False),
        pa.field("locator", pa.string(), nullable=False),
        pa.field("reason", pa.string(), nullable=False, metadata={"doc": "a QuarantineReason code"}),
        pa.field("message", pa.string(), nullable=False),
        pa.field("byte_size", pa.int64()),
    ],
    metadata={"schema": "provenance.quarantine", "version": SCHEMA_VERSION},
)

#: One row per record that is not a document by design (a WARC request, an image, a redirect, a crawler log...).
#: Records seen = documents + quarantine rows + skipped rows, per dump.
SKIPPED_SCHEMA = pa.schema(
    [
        pa.field(
            "record_id",
            pa.string(),
            nullable=False,
            metadata={"doc": "derived like doc_id from source_id and locator"},
        ),
        pa.field("source_id", pa.string(), nullable=False),
        pa.field("dump_id", pa.string(), nullable=False),
        pa.field("locator", pa.string(), nullable=False),
        pa.field("reason", pa.string(), nullable=False, metadata={"doc": "a SkipReason code"}),
        pa.field("url", pa.string(), metadata={"doc": "the record's URL (WARC target), when it has one"}),
    ],
    metadata={"schema": "provenance.skipped", "version": SCHEMA_VERSION},
)

#: Dump-level facts a steward must know that decide nothing about a record (e.g. a dump header that
#: contradicts the contract). Not records: they are not counted in records seen.
NOTICE_SCHEMA = pa.schema(
    [
        pa.field("source_id", pa.string(), nullable=False),
        pa.field("dump_id", pa.string(), nullable=False),
        pa.field("locator", pa.string(), nullable=False, metadata={"doc": "where in the dump the fact was read"}),
        pa.field("code", pa.string(), nullable=False, metadata={"doc": "e.g. header_language_differs"}),
        pa.field(
            "message",
            pa.string(),
            nullable=False,
            metadata={"doc": "what differs and what was done; never quotes a record's content"},
        ),
    ],
    metadata={"schema": "provenance.notice", "version": SCHEMA_VERSION},
)

#: robots.txt and /.well-known/tdmrep.json captures found in a dump: signals, not documents.
SITE_SIGNAL_SCHEMA = pa.schema(
    [
        pa.field("source_id", pa.string(), nullable=False),
        pa.field("dump_id", pa.string(), nullable=False),
        pa.field("locator", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False, metadata={"doc": "'robots.txt' or 'tdmrep.json'"}),
        pa.field("url", pa.string(), nullable=False),
        pa.field("host", pa.string(), nullable=False, metadata={"doc": "lower-case host, no port"}),
        pa.field("retrieved_at", _ts),
        pa.field("http_status", pa.int32()),
        pa.field("body", pa.string(), nullable=False),
        pa.field("body_sha256", pa.string(), nullable=False),
    ],
    metadata={"schema": "provenance.site_signal", "version": SCHEMA_VERSION},
)


def record_id(source_id: str, locator: str) -> str:
    """The stable id of a record: the same source and locator always give the same id."""
    return hashlib.sha256(f"{source_id}\x1f{locator}".encode()).hexdigest()[:32]
