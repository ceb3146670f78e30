"""Re-scanning redacted output for structured identifiers left behind: the evidence behind the ``no_residual_pii`` check.

A deterministic sample of redacted documents (the same for the same output and seed) is
read again with the pattern recognizers only (e-mail, phones, IBAN, NIR, SIREN, SIRET,
cards, IP ...): no NLP, so the check is cheap. A finding carries the document id, the
entity type and offsets into the redacted text, never the value.
"""

from __future__ import annotations

import hashlib
import heapq
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from provenance.layout import REDACTED_DOCUMENTS
from provenance.pii.policy import PiiPolicy, load_pii_policy

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


@dataclass(frozen=True)
class ResidualFinding:
    doc_id: str
    entity_type: str
    start: int
    end: int


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


def residual_scan(
    stage_dir: Path, sample_size: int = 500, seed: int = 0, *, policy: PiiPolicy | None = None, detector=None
) -> list[ResidualFinding]:
    """Structured identifiers found in a deterministic sample of ``stage_dir/documents.parquet``.

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
    for batch in parquet.iter_batches(columns=["doc_id", "text", "lang"], batch_size=1024):
        for doc_id, text, lang in zip(*(batch.column(c).to_pylist() for c in ("doc_id", "text", "lang")), strict=True):
            if doc_id not in chosen:
                continue
            analyzer_lang = lang if lang in policy.models else policy.fallback_language
            for span in detector.structured_spans(text, analyzer_lang, types):
                findings.append(ResidualFinding(doc_id, span.entity_type, span.start, span.end))
    return sorted(findings, key=lambda f: (f.doc_id, f.start, f.entity_type))
