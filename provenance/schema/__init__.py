"""The canonical Arrow schemas: every stage reads and writes these, and only these.

One place defines what a document, a quarantine or skipped row, a notice, a site signal, a redaction,
a decision and a certified sample look like: one module per stage that writes them (``ingest``, ``redaction``,
``rights``, ``certify``), every name importable from here. Stages import the schemas from here;
nothing else declares a column.
"""

from provenance.schema.certify import RELEASE_SAMPLE_SCHEMA, SAMPLE_SCHEMA
from provenance.schema.ingest import (
    DOCUMENT_SCHEMA,
    LICENCE_STATEMENTS_KEY,
    NOTICE_SCHEMA,
    QUARANTINE_SCHEMA,
    SCHEMA_VERSION,
    SITE_SIGNAL_SCHEMA,
    SKIPPED_SCHEMA,
    LicenceScope,
    record_id,
)
from provenance.schema.redaction import (
    PII_DETECTION_FAILED_FLAG,
    REDACTED_DOCUMENT_SCHEMA,
    REDACTION_SCHEMA,
    RedactedField,
)
from provenance.schema.rights import CLEARED_DOCUMENT_SCHEMA, DECISION_SCHEMA, OPTOUT_EVIDENCE_SCHEMA

__all__ = [
    "CLEARED_DOCUMENT_SCHEMA",
    "DECISION_SCHEMA",
    "DOCUMENT_SCHEMA",
    "LICENCE_STATEMENTS_KEY",
    "NOTICE_SCHEMA",
    "OPTOUT_EVIDENCE_SCHEMA",
    "PII_DETECTION_FAILED_FLAG",
    "QUARANTINE_SCHEMA",
    "REDACTED_DOCUMENT_SCHEMA",
    "REDACTION_SCHEMA",
    "RELEASE_SAMPLE_SCHEMA",
    "SAMPLE_SCHEMA",
    "SCHEMA_VERSION",
    "SITE_SIGNAL_SCHEMA",
    "SKIPPED_SCHEMA",
    "LicenceScope",
    "RedactedField",
    "record_id",
]
