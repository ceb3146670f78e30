"""The rights stage's schemas: cleared documents, decisions about records, and the rights signals checked."""

from __future__ import annotations

import pyarrow as pa

from provenance.schema.ingest import SCHEMA_VERSION
from provenance.schema.redaction import REDACTED_DOCUMENT_SCHEMA, with_field_doc

#: Redacted documents that passed the rights stage, with their resolved licence.
CLEARED_DOCUMENT_SCHEMA = (
    with_field_doc(
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
