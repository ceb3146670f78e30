"""The ``redacted_documents`` stage: one dump's documents in, the same documents redacted out, with an audit table.

Reads ``documents.parquet`` (DOCUMENT_SCHEMA) in bounded batches and writes, into the folder
it is given (callers wrap it in :func:`provenance.workspace.publish_dir`):

- ``documents.parquet`` (REDACTED_DOCUMENT_SCHEMA): every document, text redacted, ``lang``
  resolved (record or contract, else detected), ``redaction_count``. Documents in = out.
- ``redactions.parquet`` (REDACTION_SCHEMA): one row per redacted span, original offsets,
  entity type, score, recognizer and the keyed HMAC of the value. Never the value.
- ``_stats.json``: counts per entity type, documents, words, languages.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from provenance.pii.policy import PiiPolicy
from provenance.pii.workers import WITHHELD, Redactor, RedactorPool, redact_batches
from provenance.schema import DOCUMENT_SCHEMA, PII_DETECTION_FAILED_FLAG, REDACTED_DOCUMENT_SCHEMA, REDACTION_SCHEMA
from provenance.workspace import STAGE_STATS_FILE, ParquetSink, write_json_atomic

STAGE = "redacted_documents"
DOCUMENTS_FILE = "documents.parquet"
REDACTIONS_FILE = "redactions.parquet"

#: Flag added to a document whose text was withheld because detection failed on it.
WITHHELD_FLAG = PII_DETECTION_FAILED_FLAG


class RedactInputError(ValueError):
    """The documents file cannot be read as DOCUMENT_SCHEMA. The message names the file and the problem."""


@dataclass
class RedactStats:
    dump_id: str = ""
    documents: int = 0
    documents_redacted: int = 0
    documents_withheld: int = 0
    redactions: int = 0
    entities: Counter = field(default_factory=Counter)
    words: int = 0
    chars: int = 0
    languages: Counter = field(default_factory=Counter)
    languages_detected: int = 0
    policy_version: str = ""
    policy_sha256: str = ""
    workers: int = 1
    #: wall time of the run; kept out of _stats.json so the stage output stays deterministic
    seconds: float = 0.0

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return {
            "dump_id": self.dump_id,
            "documents": self.documents,
            "documents_redacted": self.documents_redacted,
            "documents_withheld": self.documents_withheld,
            "redactions": self.redactions,
            "entities": dict(sorted(self.entities.items())),
            "words": self.words,
            "chars": self.chars,
            "languages": dict(sorted(self.languages.items())),
            "languages_detected": self.languages_detected,
            "policy_version": self.policy_version,
            "policy_sha256": self.policy_sha256,
        }


def _check_schema(path: Path, schema: pa.Schema) -> None:
    missing = [f.name for f in DOCUMENT_SCHEMA if f.name not in schema.names]
    if missing:
        raise RedactInputError(f"{path}: not a documents file: missing column(s) {', '.join(missing)}")
    wrong = [f"{f.name} is {schema.field(f.name).type}, expected {f.type}" for f in DOCUMENT_SCHEMA
             if f.name in ("doc_id", "text", "lang", "dump_id") and not schema.field(f.name).type.equals(f.type)
             and not (pa.types.is_large_string(schema.field(f.name).type) and pa.types.is_string(f.type))]
    if wrong:
        raise RedactInputError(f"{path}: unexpected column type(s): {'; '.join(wrong)}")


def _read_batches(path: Path, policy: PiiPolicy) -> Iterator[pa.RecordBatch]:
    """Record batches of at most ``task_docs`` documents and (beyond one document) ``task_chars`` characters."""
    try:
        parquet = pq.ParquetFile(path)
    except FileNotFoundError:
        raise RedactInputError(f"{path}: documents file does not exist") from None
    except (pa.ArrowInvalid, OSError) as exc:
        raise RedactInputError(f"{path}: not a readable Parquet file ({type(exc).__name__})") from None
    _check_schema(path, parquet.schema_arrow)
    for batch in parquet.iter_batches(batch_size=policy.task_docs, columns=DOCUMENT_SCHEMA.names):
        lengths = pc.utf8_length(batch.column("text")).to_pylist()
        start, chars = 0, 0
        for i, n in enumerate(lengths):
            if i > start and chars + (n or 0) > policy.task_chars:
                yield batch.slice(start, i - start)
                start, chars = i, 0
            chars += n or 0
        if start < batch.num_rows:
            yield batch.slice(start, batch.num_rows - start)


class _RedactionRows:
    def __init__(self, sink: ParquetSink, flush_rows: int = 50_000):
        self.sink = sink
        self.flush_rows = flush_rows
        self.columns: dict[str, list] = {name: [] for name in REDACTION_SCHEMA.names}

    def add(self, doc_id: str, dump_id: str, span, value_hmac: str) -> None:
        c = self.columns
        c["doc_id"].append(doc_id)
        c["dump_id"].append(dump_id)
        c["start"].append(span.start)
        c["end"].append(span.end)
        c["entity_type"].append(span.entity_type)
        c["score"].append(round(float(span.score), 6))
        c["recognizer"].append(span.recognizer)
        c["value_hmac"].append(value_hmac)
        if len(c["doc_id"]) >= self.flush_rows:
            self.flush()

    def flush(self) -> None:
        if self.columns["doc_id"]:
            self.sink.write(pa.RecordBatch.from_pydict(self.columns, schema=REDACTION_SCHEMA))
            for column in self.columns.values():
                column.clear()


def redact_dump(
    documents_path: Path,
    out_dir: Path,
    *,
    policy: PiiPolicy,
    key: bytes,
    workers: int = 1,
    source_lang: str | None = None,
    redactor: Redactor | RedactorPool | None = None,
) -> RedactStats:
    """Redact one dump's ``documents.parquet`` into ``out_dir``; see the module docstring for the files.

    ``source_lang`` is the contract's language, used for documents that carry none ('auto'
    or None: detect). ``workers`` > 1 spreads batches over that many processes; the output
    is identical whatever the number. ``redactor`` reuses already-built analyzers, in this process
    (:class:`Redactor`) or in worker processes (:class:`RedactorPool`).
    """
    documents_path, out_dir = Path(documents_path), Path(out_dir)
    started = time.perf_counter()
    stats = RedactStats(policy_version=policy.version, policy_sha256=policy.sha256, workers=max(1, workers))
    contract_lang = None if source_lang in (None, "", "auto") else source_lang

    def tasks() -> Iterator[tuple[pa.RecordBatch, list[str], list[str | None]]]:
        for batch in _read_batches(documents_path, policy):
            texts = batch.column("text").to_pylist()
            declared = [lang or contract_lang for lang in batch.column("lang").to_pylist()]
            yield batch, texts, declared

    with ParquetSink(out_dir / DOCUMENTS_FILE, REDACTED_DOCUMENT_SCHEMA) as doc_sink, \
            ParquetSink(out_dir / REDACTIONS_FILE, REDACTION_SCHEMA) as redaction_sink:
        rows = _RedactionRows(redaction_sink)
        for batch, result in redact_batches(tasks(), policy, key, workers=workers, redactor=redactor):
            doc_ids = batch.column("doc_id").to_pylist()
            dump_ids = batch.column("dump_id").to_pylist()
            originals = batch.column("text").to_pylist()
            flags = batch.column("flags").to_pylist()
            counts = []
            for i, doc in enumerate(result.documents):
                stats.dump_id = stats.dump_id or dump_ids[i]
                stats.documents += 1
                stats.words += len(originals[i].split())
                stats.chars += len(originals[i])
                stats.languages[doc.lang] += 1
                stats.languages_detected += int(doc.detected_lang)
                if doc.failed:
                    stats.documents_withheld += 1
                    flags[i] = sorted(set(flags[i] or []) | {WITHHELD_FLAG})
                counts.append(len(doc.spans))
                if doc.spans:
                    stats.documents_redacted += 1
                for span, value_hmac in zip(doc.spans, doc.hmacs):
                    rows.add(doc_ids[i], dump_ids[i], span, value_hmac)
                    if span.entity_type != WITHHELD:
                        stats.entities[span.entity_type] += 1
                stats.redactions += len(doc.spans)
            table = pa.Table.from_batches([batch])
            table = table.set_column(table.schema.get_field_index("text"), DOCUMENT_SCHEMA.field("text"),
                                     pa.array([d.text for d in result.documents], pa.string()))
            table = table.set_column(table.schema.get_field_index("lang"), DOCUMENT_SCHEMA.field("lang"),
                                     pa.array([d.lang for d in result.documents], pa.string()))
            table = table.set_column(table.schema.get_field_index("flags"), DOCUMENT_SCHEMA.field("flags"),
                                     pa.array(flags, DOCUMENT_SCHEMA.field("flags").type))
            table = table.append_column(REDACTED_DOCUMENT_SCHEMA.field("redaction_count"), pa.array(counts, pa.int32()))
            doc_sink.write(table.cast(REDACTED_DOCUMENT_SCHEMA))
        rows.flush()
    stats.seconds = time.perf_counter() - started
    write_json_atomic(out_dir / STAGE_STATS_FILE, stats.as_dict())
    return stats
