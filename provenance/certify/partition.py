"""Pass 1 of a release build: every cleared row and every earlier release's sample spilled to its fingerprint's bucket.

Each cleared dump is read in small record batches; every row gets its fingerprint and the sha256 of
its text, and is spilled (Arrow IPC) to the bucket named by its fingerprint's leading bits, with its
rank columns. Fingerprints of earlier releases' samples (and the duplicates they recorded) are spilled
the same way. Rows certify cannot publish become ``quarantined`` decisions here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from provenance.certify import dedup
from provenance.certify.inputs import INPUT_COLUMNS, POLICY_COLUMNS, CertifyInputError, ClearedInput
from provenance.certify.shards import SHARD_DIR
from provenance.certify.spill import SpillBuckets
from provenance.fingerprint import fingerprint
from provenance.layout import CERTIFY, CERTIFY_DECISIONS
from provenance.vocabulary import CLEARING_ORDER, Decision
from provenance.workspace import Workspace

#: Decisions of the rights stage under which a document may be published.
CLEARED_DECISIONS = CLEARING_ORDER
#: Language of a sample whose language nobody could tell (BCP 47 "undetermined").
UNDETERMINED_LANG = "und"
READ_BATCH_ROWS = 1024

_ts = pa.timestamp("us", tz="UTC")
#: Stands in for an unknown date in the rank columns, so an unknown date ranks after every known one.
_UNKNOWN_DATE = pa.scalar(dt.datetime(9999, 12, 31, tzinfo=dt.UTC), _ts)
SPILL_SCHEMA = pa.schema(
    [
        ("fingerprint", pa.string()),
        ("class_rank", pa.int8()),
        ("neg_priority", pa.int64()),
        ("published_at", _ts),
        ("retrieved_at", _ts),
        ("doc_id", pa.string()),
        ("source_id", pa.string()),
        ("dump_id", pa.string()),
        ("text", pa.string()),
        ("text_sha256", pa.string()),
        ("lang", pa.string()),
        ("licence", pa.string()),
        ("licence_class", pa.string()),
        ("attribution", pa.string()),
        ("person_names", pa.string()),
    ]
)
PRIOR_SCHEMA = pa.schema(
    [
        ("fingerprint", pa.string()),
        ("sample_id", pa.string()),
        ("doc_id", pa.string()),
        ("source_id", pa.string()),
        ("release_id", pa.string()),
    ]
)
#: The columns every cleared row must have filled to be published.
_REQUIRED = ("doc_id", "source_id", "licence_spdx", "licence_class")


def new_counts() -> dict:
    """The counters of a release build (the manifest's counts are read from them)."""
    return {
        "cleared": 0,
        "samples": 0,
        "duplicates": 0,
        "already_released": 0,
        "quarantined": 0,
        "by_source": Counter(),
        "duplicates_by_source": Counter(),
        "by_licence": Counter(),
        "by_licence_class": Counter(),
        "by_lang": Counter(),
        "quarantine_reasons": Counter(),
        "duplicates_won_by": Counter(),
        #: samples per (source_id, person_names, dump_id): the basis is looked up per dump
        "by_person_names": Counter(),
    }


class Partition:
    """Pass 1: spills cleared rows and earlier releases' fingerprints into buckets; quarantines what cannot go."""

    def __init__(self, ws: Workspace, work: Path, priorities: dict[str, int], bits: int):
        self.ws = ws
        self.priorities = priorities
        self.rows = SpillBuckets(work / "rows", bits, SPILL_SCHEMA)
        self.prior = SpillBuckets(work / "prior", bits, PRIOR_SCHEMA)
        #: doc_ids an earlier release quarantined: counted, not decided again
        self.prior_quarantined: set[str] = set()
        self.counts = new_counts()
        #: (dump_id, person_names) -> the written basis the documents were redacted under
        self.bases: dict[tuple[str, str | None], str | None] = {}

    def _decide(self, row: dict) -> None:
        raise NotImplementedError

    def spill_prior(self, release_dir: Path) -> None:
        for shard in sorted((release_dir / SHARD_DIR).glob("*.parquet")):
            try:
                pfile = pq.ParquetFile(shard)
                batches = pfile.iter_batches(
                    batch_size=65536, columns=["fingerprint", "sample_id", "doc_id", "source_id"]
                )
                for batch in batches:
                    table = pa.table(
                        {
                            "fingerprint": batch.column("fingerprint"),
                            "sample_id": batch.column("sample_id"),
                            "doc_id": batch.column("doc_id"),
                            "source_id": batch.column("source_id"),
                            "release_id": pa.array([release_dir.name] * batch.num_rows, pa.string()),
                        },
                        schema=PRIOR_SCHEMA,
                    )
                    fps = table.column("fingerprint").to_pylist()
                    self.prior.write(table, np.fromiter((self.prior.bucket_of(f) for f in fps), np.int64, len(fps)))
            except (OSError, pa.ArrowException, KeyError) as exc:
                raise CertifyInputError(
                    f"{shard}: earlier release shard cannot be read ({type(exc).__name__}: {exc})"
                ) from None
        self._spill_prior_duplicates(release_dir.name)

    def _spill_prior_duplicates(self, release_id: str) -> None:
        """Duplicates an earlier release recorded (from its lineage facts): not decided again."""
        path = self.ws.stage_dir(CERTIFY, release_id) / CERTIFY_DECISIONS.name
        if not path.is_file():
            return
        table = pq.read_table(path, columns=["doc_id", "source_id", "decision", "evidence"])
        self.prior_quarantined.update(r["doc_id"] for r in table.to_pylist() if r["decision"] == Decision.QUARANTINED)
        rows = [r for r in table.to_pylist() if r["decision"] == Decision.DUPLICATE]
        fps = [json.loads(r["evidence"]).get("fingerprint", "") for r in rows]
        keep = [i for i, fp in enumerate(fps) if fp]
        if not keep:
            return
        prior = pa.table(
            {
                "fingerprint": [fps[i] for i in keep],
                "sample_id": [""] * len(keep),
                "doc_id": [rows[i]["doc_id"] for i in keep],
                "source_id": [rows[i]["source_id"] for i in keep],
                "release_id": [release_id] * len(keep),
            },
            schema=PRIOR_SCHEMA,
        )
        self.prior.write(prior, np.fromiter((self.prior.bucket_of(fps[i]) for i in keep), np.int64, len(keep)))

    def spill_dump(self, item: ClearedInput) -> None:
        columns = INPUT_COLUMNS + (POLICY_COLUMNS if item.has_policy else [])
        try:
            batches = pq.ParquetFile(item.path).iter_batches(batch_size=READ_BATCH_ROWS, columns=columns)
            for batch in batches:
                table = pa.Table.from_batches([batch])
                if not item.has_policy:
                    for name in POLICY_COLUMNS:
                        table = table.append_column(name, pa.nulls(table.num_rows, pa.string()))
                self._note_bases(table, item.dump_id)
                self._spill_batch(table, item.dump_id)
        except FileNotFoundError:
            raise CertifyInputError(
                f"{item.path}: replaced while the release was being built; build it again"
            ) from None
        except (OSError, pa.ArrowException) as exc:
            raise CertifyInputError(f"{item.path}: cannot be read ({type(exc).__name__}: {exc})") from None

    def _note_bases(self, table: pa.Table, dump_id: str) -> None:
        pairs = table.select(POLICY_COLUMNS).group_by(POLICY_COLUMNS).aggregate([]).to_pylist()
        for pair in pairs:
            # The redaction stage writes one policy per dump; the first basis seen is kept, deterministically.
            self.bases.setdefault((dump_id, pair["person_names"]), pair["person_names_basis"])

    def _spill_batch(self, table: pa.Table, dump_id: str) -> None:
        n = table.num_rows
        self.counts["cleared"] += n
        texts = table.column("text").to_pylist()
        decisions = table.column("decision").to_pylist()
        required = {name: table.column(name).to_pylist() for name in _REQUIRED}
        keep = np.ones(n, dtype=bool)
        fps: list[str] = []
        digests: list[str] = []
        buckets = []
        for i, text in enumerate(texts):
            problem = _problem(decisions[i], text, {name: values[i] for name, values in required.items()})
            if problem:
                keep[i] = False
                self._quarantine(required["doc_id"][i], required["source_id"][i], dump_id, problem)
                continue
            fp = fingerprint(text)
            fps.append(fp)
            digests.append(hashlib.sha256(text.encode("utf-8")).hexdigest())
            buckets.append(self.rows.bucket_of(fp))
        if not keep.all():
            table = table.filter(pa.array(keep))
        if table.num_rows:
            self.rows.write(self._spill_table(table, dump_id, fps, digests), np.asarray(buckets, dtype=np.int64))

    def _quarantine(self, doc_id: str | None, source_id: str | None, dump_id: str, problem: tuple[str, str]) -> None:
        if doc_id and doc_id in self.prior_quarantined:
            self.counts["already_released"] += 1
            return
        row = {"doc_id": doc_id, "source_id": source_id, "dump_id": dump_id}
        self._decide(dedup.quarantine_decision(row, *problem))
        self.counts["quarantined"] += 1
        self.counts["quarantine_reasons"][problem[0]] += 1

    def _spill_table(self, table: pa.Table, dump_id: str, fps: list[str], digests: list[str]) -> pa.Table:
        return pa.table(
            {
                "fingerprint": pa.array(fps, pa.string()),
                "class_rank": dedup.class_rank(table.column("licence_class")),
                "neg_priority": dedup.negated_priority(table.column("source_id"), self.priorities),
                "published_at": pc.fill_null(table.column("published_at").cast(_ts), _UNKNOWN_DATE),
                "retrieved_at": pc.fill_null(table.column("retrieved_at").cast(_ts), _UNKNOWN_DATE),
                "doc_id": table.column("doc_id"),
                "source_id": table.column("source_id"),
                "dump_id": pa.array([dump_id] * table.num_rows, pa.string()),
                "text": table.column("text"),
                "text_sha256": pa.array(digests, pa.string()),
                "lang": pc.fill_null(table.column("lang"), UNDETERMINED_LANG),
                "licence": table.column("licence_spdx"),
                "licence_class": table.column("licence_class"),
                "attribution": table.column("attribution"),
                "person_names": table.column("person_names"),
            },
            schema=SPILL_SCHEMA,
        )


def _problem(decision: str | None, text: str | None, required: dict[str, str | None]) -> tuple[str, str] | None:
    """Why a cleared row cannot be published (reason, detail), or None."""
    if decision not in CLEARED_DECISIONS:
        return "not_cleared", f"rights decision is {decision!r}, not one of {', '.join(CLEARED_DECISIONS)}"
    if text is None or not text.strip():
        return "empty_text", "text is empty after redaction"
    for name, value in required.items():
        if not value:
            return f"missing_{name}", f"{name} is empty"
    return None
