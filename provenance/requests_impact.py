"""What a request of the ledger touches: every document and every sample of every release it covers, from the lineage.

Reads ``lineage.duckdb`` read-only and matches with the rights stage's own matcher
(:class:`provenance.rights.requests.RequestMatcher`), so impact and future exclusion agree. A person is found by
the keyed hashes the request records, against the PERSON redactions' ``value_hmac``: no name is needed.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyarrow as pa

from provenance.lineage.answers import Question
from provenance.lineage.sql import render
from provenance.requests import Request
from provenance.rights.requests import RequestMatcher

IMPACT_SCHEMA = pa.schema(
    [
        pa.field("release_id", pa.string()),  # null: the document is in no release
        pa.field("sample_id", pa.string()),
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("source_id", pa.string()),
        pa.field("match", pa.string(), nullable=False),  # the request's scope that covers it
    ]
)
_BATCH_ROWS = 65536


def _person_documents(q: Question, request: Request) -> dict[str, set[str]]:
    hmacs = pa.table({"value_hmac": pa.array(request.person_hmacs, pa.string())})
    q.con.register("person_hmacs", hmacs)
    try:
        found = q.table(render("request_impact", "person_documents")).column("doc_id").to_pylist()
    finally:
        q.con.unregister("person_hmacs")
    return {doc_id: {request.id} for doc_id in found}


def impact(db_path: Path | str, request: Request) -> pa.Table:
    """Every (release, sample, document) the request covers, sorted by release, sample and document; a covered
    document in no release has one row with null release and sample. Columns: :data:`IMPACT_SCHEMA`."""
    rows: dict[str, list] = {name: [] for name in IMPACT_SCHEMA.names}
    with Question(db_path) as q:
        persons = _person_documents(q, request) if request.scope == "person" else {}
        matcher = RequestMatcher([request], persons)
        q.table("SELECT 1 FROM documents, samples, sources LIMIT 0")  # an old database: a clear error
        # A cursor of its own: a caller's connection is left with no half-read result.
        cursor = q.con.cursor()
        try:
            relation = cursor.sql(render("request_impact", "candidates"))
            # DuckDB 2 names it to_arrow_reader, 1.x fetch_record_batch (as answers.arrow_table does for tables).
            reader = getattr(relation, "to_arrow_reader", None) or relation.fetch_record_batch
            for batch in reader(_BATCH_ROWS):
                _add_covered(batch, matcher, request, rows)
        finally:
            cursor.close()
    table = pa.table(rows, schema=IMPACT_SCHEMA)
    return table.sort_by([("release_id", "ascending"), ("sample_id", "ascending"), ("doc_id", "ascending")])


def _add_covered(batch: pa.RecordBatch, matcher: RequestMatcher, request: Request, rows: dict[str, list]) -> None:
    """Append to ``rows`` each candidate row of ``batch`` the request covers."""
    for row in batch.to_pylist():
        covering = matcher.matching(
            doc_id=row["doc_id"],
            url=row["url"],
            rights_holders=[h for h in (row["rights_holder"], row["source_rights_holder"]) if h],
            fingerprints=[row["content_fingerprint"], row["sample_fingerprint"]],
            sample_id=row["sample_id"],
        )
        if covering:
            for name in ("release_id", "sample_id", "doc_id", "source_id"):
                rows[name].append(row[name])
            rows["match"].append(request.scope)


def counts_per_release(table: pa.Table) -> dict[str | None, tuple[int, int]]:
    """release id (None: in no release) -> (documents, samples) the request covers there."""
    docs: dict[str | None, set[str]] = {}
    samples: Counter[str | None] = Counter()
    for release_id, sample_id, doc_id in zip(
        table.column("release_id").to_pylist(),
        table.column("sample_id").to_pylist(),
        table.column("doc_id").to_pylist(),
        strict=True,
    ):
        docs.setdefault(release_id, set()).add(doc_id)
        samples[release_id] += sample_id is not None
    return {r: (len(d), samples[r]) for r, d in docs.items()}
