"""The redaction stage's schemas: redacted documents and one row per redacted span."""

from __future__ import annotations

from enum import StrEnum

import pyarrow as pa

from provenance.schema.ingest import DOCUMENT_SCHEMA, SCHEMA_VERSION

#: Flag on a redacted document whose text was withheld whole because personal-data detection
#: failed on it. The rights stage quarantines such documents: they never reach a shard.
PII_DETECTION_FAILED_FLAG = "pii_detection_failed"


class RedactedField(StrEnum):
    """The document fields the redaction stage reads: a redaction row says which one its offsets are into."""

    TEXT = "text"
    TITLE = "title"


def with_field_doc(schema: pa.Schema, name: str, doc: str) -> pa.Schema:
    """``schema`` with the ``doc`` metadata of its field ``name`` replaced."""
    index = schema.get_field_index(name)
    return schema.set(index, schema.field(name).with_metadata({"doc": doc}))


#: Documents after redaction: the document schema, text and title redacted, language resolved, and the
#: person-name policy each document went through.
REDACTED_DOCUMENT_SCHEMA = with_field_doc(
    with_field_doc(
        with_field_doc(
            DOCUMENT_SCHEMA.append(
                pa.field(
                    "redaction_count",
                    pa.int32(),
                    nullable=False,
                    metadata={
                        "doc": "redacted spans in the text, title and other fields (rows of redactions.parquet)"
                    },
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
    "as published, contact details and identifiers redacted; the name kept for the rights stage, which "
    "matches author opt-outs on it and keeps it in cleared documents only when the licence requires credit",
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
            metadata={
                "doc": "which field the offsets are into: text | title (RedactedField) | url | author | locator"
                " | a rights signal | licence_hints/<i> | metadata/<path> (positions, never a key's text)"
            },
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
