"""The certify stage's schemas: the rows of a certified shard and the lineage of a release's samples."""

from __future__ import annotations

import pyarrow as pa

from provenance.schema.ingest import SCHEMA_VERSION

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
