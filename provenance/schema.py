"""The canonical Arrow schemas: every stage reads and writes these, and only these.

One place defines what a document, a quarantine or skipped row, a notice, a site signal, a redaction,
a decision and a certified sample look like. Stages import the schemas from here;
nothing else declares a column.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum

import pyarrow as pa

SCHEMA_VERSION = "1"

_ts = pa.timestamp("us", tz="UTC")

# --------------------------------------------------------------------------- ingest

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

# --------------------------------------------------------------------------- personal data

#: Flag on a redacted document whose text was withheld whole because personal-data detection
#: failed on it. The rights stage quarantines such documents: they never reach a shard.
PII_DETECTION_FAILED_FLAG = "pii_detection_failed"


class RedactedField(StrEnum):
    """The document fields the redaction stage reads: a redaction row says which one its offsets are into."""

    TEXT = "text"
    TITLE = "title"


def _redefined(schema: pa.Schema, name: str, doc: str) -> pa.Schema:
    index = schema.get_field_index(name)
    return schema.set(index, schema.field(name).with_metadata({"doc": doc}))


#: Documents after redaction: the document schema, text and title redacted, language resolved, and the
#: person-name policy each document went through.
REDACTED_DOCUMENT_SCHEMA = _redefined(
    _redefined(
        _redefined(
            DOCUMENT_SCHEMA.append(
                pa.field(
                    "redaction_count",
                    pa.int32(),
                    nullable=False,
                    metadata={"doc": "redacted spans in the text and the title (rows of redactions.parquet)"},
                )
            )
            .append(
                pa.field(
                    "person_names",
                    pa.string(),
                    metadata={
                        "doc": "redact | keep: the source contract's person_names the document was redacted under"
                    },
                )
            )
            .append(
                pa.field(
                    "person_names_basis",
                    pa.string(),
                    metadata={"doc": "the contract's written basis for keeping names (person_names keep); else null"},
                )
            ),
            "title",
            "redacted like the text, under the same person_names policy",
        ),
        "text",
        "the text with the personal data its policy redacts replaced by typed placeholders, e.g. [EMAIL_ADDRESS]",
    ),
    "author",
    "as published: the rights stage needs it for author opt-outs and credit, and keeps it in "
    "cleared documents only when the licence requires credit",
).with_metadata({"schema": "provenance.redacted_document", "version": SCHEMA_VERSION})

#: One row per redacted span. Offsets are into the ORIGINAL value of the field. Never the value.
REDACTION_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("dump_id", pa.string(), nullable=False),
        pa.field(
            "field",
            pa.string(),
            nullable=False,
            metadata={"doc": "text | title (RedactedField): which field the offsets are into"},
        ),
        pa.field("start", pa.int64(), nullable=False),
        pa.field("end", pa.int64(), nullable=False),
        pa.field("entity_type", pa.string(), nullable=False),
        pa.field("score", pa.float64(), nullable=False),
        pa.field("recognizer", pa.string(), nullable=False),
        pa.field(
            "value_hmac",
            pa.string(),
            nullable=False,
            metadata={"doc": "hex HMAC-SHA256 of the normalised value under PROVENANCE_PII_KEY"},
        ),
    ],
    metadata={"schema": "provenance.redaction", "version": SCHEMA_VERSION},
)

# --------------------------------------------------------------------------- rights

#: Redacted documents that passed the rights stage, with their resolved licence.
CLEARED_DOCUMENT_SCHEMA = (
    _redefined(
        REDACTED_DOCUMENT_SCHEMA,
        "author",
        "kept only when the document's licence requires credit (the rights decision's evidence says which); else null",
    )
    .append(
        pa.field(
            "licence_spdx",
            pa.string(),
            nullable=False,
            metadata={"doc": "the resolved licence as an SPDX expression (NOASSERTION when none)"},
        )
    )
    .append(
        pa.field(
            "licence_class",
            pa.string(),
            nullable=False,
            metadata={"doc": "the licence policy's class: public_domain | attribution | share_alike | ..."},
        )
    )
    .append(
        pa.field("licence_source", pa.string(), nullable=False, metadata={"doc": "'record', 'page' or 'contract'"})
    )
    .append(pa.field("attribution", pa.string(), metadata={"doc": "the credit line the licence requires; else null"}))
    .append(
        pa.field(
            "share_alike",
            pa.bool_(),
            nullable=False,
            metadata={"doc": "true when derived data must be shared under the same licence"},
        )
    )
    .append(
        pa.field(
            "decision",
            pa.string(),
            nullable=False,
            metadata={"doc": "include | include_with_attribution | include_with_share_alike"},
        )
    )
    .append(
        pa.field(
            "rights_holder",
            pa.string(),
            metadata={
                "doc": "who holds the rights in the document: the contract's rights holder, a sites "
                "entry's, the page's registrable domain (crawls), a wiki's contributors"
            },
        )
    )
    .append(
        pa.field(
            "rights_holder_origin",
            pa.string(),
            metadata={"doc": "contract | site_mapping | registrable_domain | host | wiki_contributors"},
        )
    )
    .with_metadata({"schema": "provenance.cleared_document", "version": SCHEMA_VERSION})
)

#: One row per decision taken about a record, at any stage.
DECISION_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("source_id", pa.string(), nullable=False),
        pa.field("dump_id", pa.string(), nullable=False),
        pa.field("stage", pa.string(), nullable=False, metadata={"doc": "ingest | rights | certify"}),
        pa.field(
            "decision",
            pa.string(),
            nullable=False,
            metadata={
                "doc": "quarantined | excluded | duplicate | include | include_with_attribution"
                " | include_with_share_alike"
            },
        ),
        pa.field("reason", pa.string(), nullable=False),
        pa.field("evidence", pa.string(), nullable=False, metadata={"doc": "JSON; never personal data"}),
        pa.field("evidence_sha256", pa.string(), nullable=False),
        pa.field("policy_version", pa.string()),
        pa.field("registry_version", pa.string()),
    ],
    metadata={"schema": "provenance.decision", "version": SCHEMA_VERSION},
)

#: Every rights signal checked for a document, whether or not it reserved it (rights stage).
OPTOUT_EVIDENCE_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("source_id", pa.string(), nullable=False),
        pa.field("dump_id", pa.string(), nullable=False),
        pa.field(
            "signal",
            pa.string(),
            nullable=False,
            metadata={
                "doc": "optout_registry | tdm_meta | tdm_header | tdmrep_json | robots_txt | content_usage"
                " | robots_content_usage | x_robots_tag | meta_robots"
            },
        ),
        pa.field(
            "status",
            pa.string(),
            nullable=False,
            metadata={
                "doc": "reserved | not_reserved | allowed | absent | superseded | not_effective | invalid"
                " | not_applicable"
            },
        ),
        pa.field(
            "reserves",
            pa.bool_(),
            nullable=False,
            metadata={"doc": "true when this signal reserves TDM rights as of the document's capture date"},
        ),
        pa.field("detail", pa.string(), nullable=False, metadata={"doc": "one readable line; never personal data"}),
        pa.field(
            "evidence",
            pa.string(),
            nullable=False,
            metadata={"doc": "JSON: header value, rule, robots.txt/tdmrep.json digest and locator, registry entry"},
        ),
        pa.field("evidence_sha256", pa.string(), nullable=False),
    ],
    metadata={"schema": "provenance.optout_evidence", "version": SCHEMA_VERSION},
)

# --------------------------------------------------------------------------- certify

#: The rows of a certified shard, as trainers read them.
SAMPLE_SCHEMA = pa.schema(
    [
        pa.field(
            "sample_id",
            pa.string(),
            nullable=False,
            metadata={"doc": "sha256('provenance.sample' \\x1f doc_id \\x1f fingerprint), 32 hex chars"},
        ),
        pa.field("text", pa.string(), nullable=False, metadata={"doc": "the redacted text"}),
        pa.field("lang", pa.string(), nullable=False, metadata={"doc": "resolved language; 'und' when undetermined"}),
        pa.field("licence", pa.string(), nullable=False, metadata={"doc": "SPDX expression"}),
        pa.field("licence_class", pa.string(), nullable=False, metadata={"doc": "the licence policy's class"}),
        pa.field("attribution", pa.string(), metadata={"doc": "the credit line to keep with the sample; else null"}),
        pa.field("source_id", pa.string(), nullable=False, metadata={"doc": "the source contract's id"}),
        pa.field("doc_id", pa.string(), nullable=False, metadata={"doc": "the document it came from (lineage)"}),
        pa.field(
            "fingerprint",
            pa.string(),
            nullable=False,
            metadata={"doc": "xxh3-128 of the normalised redacted text; exact duplicates share it"},
        ),
    ],
    metadata={"schema": "provenance.sample", "version": SCHEMA_VERSION},
)

#: Lineage facts of a release: where each sample sits (shard, row) and which document it came from.
#: Written by certify to ``staging/certified_release/<release_id>/samples.parquet``.
RELEASE_SAMPLE_SCHEMA = pa.schema(
    [
        pa.field(
            "sample_id",
            pa.string(),
            nullable=False,
            metadata={"doc": "sha256('provenance.sample' \\x1f doc_id \\x1f fingerprint), 32 hex chars"},
        ),
        pa.field("release_id", pa.string(), nullable=False),
        pa.field("shard", pa.string(), nullable=False, metadata={"doc": "e.g. shards/shard-00000.parquet"}),
        pa.field("row", pa.int64(), nullable=False, metadata={"doc": "0-based row in the shard"}),
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("source_id", pa.string(), nullable=False),
        pa.field("dump_id", pa.string(), nullable=False),
        pa.field("licence", pa.string(), nullable=False),
        pa.field("licence_class", pa.string(), nullable=False),
        pa.field("attribution", pa.string()),
        pa.field("fingerprint", pa.string(), nullable=False),
    ],
    metadata={"schema": "provenance.release_sample", "version": SCHEMA_VERSION},
)


def record_id(source_id: str, locator: str) -> str:
    """The stable id of a record: the same source and locator always give the same id."""
    return hashlib.sha256(f"{source_id}\x1f{locator}".encode()).hexdigest()[:32]
