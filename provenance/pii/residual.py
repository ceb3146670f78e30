"""Re-scanning redacted output for structured identifiers left behind: the evidence behind the ``no_residual_pii`` check.

A deterministic sample of redacted documents (the same for the same output and seed) is
read again with the pattern recognizers only (e-mail, phones, IBAN, NIR, SIREN, SIRET,
cards, IP ...): no NLP, so the check is cheap. Every stored string column is read, not only
the text: the text and the title in the document's language, as the redaction stage reads them;
every other string (URL, author, locator, rights signals, licence hints, each key and value of
the metadata JSON) with every language's recognizers, as :mod:`provenance.pii.fields` reads them.
Only the ids the pipeline computes (``doc_id``, ``content_fingerprint``) are not read.
A finding carries the document id, the field, the entity type and offsets into the redacted
value, never the value.
"""

from __future__ import annotations

import hashlib
import heapq
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from provenance.layout import REDACTED_DOCUMENTS
from provenance.pii.field_values import url_view
from provenance.pii.fields import METADATA, SEPARATORS, metadata_values
from provenance.pii.policy import PiiPolicy, load_pii_policy
from provenance.pii.spans import Span

#: Identifier types the residual scan looks for (those a pattern and checksum recognise exactly).
STRUCTURED_TYPES = frozenset(
    {
        "EMAIL_ADDRESS",
        "PHONE_NUMBER",
        "IBAN_CODE",
        "FR_NIR",
        "FR_SIREN",
        "FR_SIRET",
        "CREDIT_CARD",
        "IP_ADDRESS",
        "URL_WITH_CREDENTIALS",
        "FR_PASSPORT",
        "FR_ID_CARD",
        "FR_VEHICLE_PLATE",
    }
)


#: Read in the document's own language, as the redaction stage's whole detection reads them.
IN_DOCUMENT_LANGUAGE = ("text", "title")
#: Hashes the pipeline computes: no record value is in them.
COMPUTED_IDS = frozenset({"doc_id", "content_fingerprint"})


@dataclass(frozen=True)
class ResidualFinding:
    doc_id: str
    entity_type: str
    start: int
    end: int
    #: the column (``metadata/<path>`` in the metadata, ``licence_hints/<i>`` in a list) the offsets are into
    field: str = "text"


def _rank(seed: int, doc_id: str) -> bytes:
    return hashlib.sha256(f"{seed}\x1f{doc_id}".encode()).digest()


def sample_doc_ids(documents: Path, sample_size: int, seed: int = 0) -> set[str]:
    """The ``sample_size`` doc ids with the smallest hash under ``seed``: deterministic, bounded memory."""
    heap: list[tuple[bytes, str]] = []  # max-heap by negated rank
    parquet = pq.ParquetFile(documents)
    for batch in parquet.iter_batches(columns=["doc_id"], batch_size=65536):
        for doc_id in batch.column("doc_id").to_pylist():
            rank = _rank(seed, doc_id)
            neg = bytes(255 - b for b in rank)
            if len(heap) < sample_size:
                heapq.heappush(heap, (neg, doc_id))
            elif neg > heap[0][0]:
                heapq.heapreplace(heap, (neg, doc_id))
    return {doc_id for _, doc_id in heap}


def string_columns(schema: pa.Schema) -> list[str]:
    """The columns of ``schema`` that hold strings or lists of strings, but the computed ids."""
    out = []
    for f in schema:
        kind = f.type.value_type if pa.types.is_list(f.type) or pa.types.is_large_list(f.type) else f.type
        if (pa.types.is_string(kind) or pa.types.is_large_string(kind)) and f.name not in COMPUTED_IDS:
            out.append(f.name)
    return out


def _values(column: str, value: object) -> list[tuple[str, str]]:
    """(field, text) of one stored value: a list's items and a metadata's keys and values each on their own."""
    if value is None:
        return []
    if isinstance(value, list):
        return [(f"{column}/{i}", item) for i, item in enumerate(value) if item]
    if column == METADATA:
        return list(metadata_values(str(value)))
    return [(column, str(value))]


def _scan(detector, where: str, text: str, langs: list[str] | tuple[str, ...], types: frozenset[str]) -> set:
    """Spans in ``text`` as the redaction stage reads it: a URL outside the text and title by its path,
    query and fragment, decoded (:meth:`provenance.pii.fields.FieldRedactor.value`), offsets into the URL."""
    view = url_view(text) if where not in IN_DOCUMENT_LANGUAGE else None
    read = text if view is None else view.text
    # Outside the text and title, a value is read twice, as the stage reads it (provenance.pii.fields.SEPARATORS).
    readings = {read} if where in IN_DOCUMENT_LANGUAGE else {read, read.translate(SEPARATORS)}
    found = {s for reading in readings for lang in langs for s in detector.structured_spans(reading, lang, types)}
    if view is None:
        return found
    return {Span(*view.raw(s.start, s.end), s.entity_type, s.score, s.recognizer) for s in found}


def residual_scan(
    stage_dir: Path, sample_size: int = 500, seed: int = 0, *, policy: PiiPolicy | None = None, detector=None
) -> list[ResidualFinding]:
    """Structured identifiers found in any string column of a deterministic sample of ``stage_dir/documents.parquet``.

    Looks for the structured types the policy redacts (all of :data:`STRUCTURED_TYPES` under
    the default policy). An empty list means the sample is clean.
    """
    from provenance.pii.detect import PiiDetector

    documents = Path(stage_dir) / REDACTED_DOCUMENTS.name
    if not documents.exists():
        raise FileNotFoundError(f"{documents}: no redacted documents to scan")
    policy = policy or load_pii_policy()
    detector = detector or PiiDetector(policy)
    types = STRUCTURED_TYPES & policy.redacted_types
    chosen = sample_doc_ids(documents, sample_size, seed)
    findings: list[ResidualFinding] = []
    parquet = pq.ParquetFile(documents)
    columns = string_columns(parquet.schema_arrow)
    for batch in parquet.iter_batches(columns=["doc_id", *columns], batch_size=1024):
        for row in batch.to_pylist():
            if row["doc_id"] not in chosen:
                continue
            lang = row.get("lang")
            own = [lang if lang in policy.models else policy.fallback_language]
            for column in columns:
                langs = own if column in IN_DOCUMENT_LANGUAGE else policy.languages
                for where, text in _values(column, row[column]):
                    found = _scan(detector, where, text, langs, types)
                    findings.extend(
                        ResidualFinding(row["doc_id"], s.entity_type, s.start, s.end, where) for s in found
                    )
    return sorted(set(findings), key=lambda f: (f.doc_id, f.field, f.start, f.entity_type))
