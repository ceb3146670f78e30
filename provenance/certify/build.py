"""Pass 2 of a release build: each bucket decided in fingerprint order, survivors written to shards.

Buckets are read in fingerprint order; each is sorted by (fingerprint, rank) so every fingerprint's
survivor comes first (:mod:`provenance.certify.dedup`). Survivors go to the shards in fingerprint
order; every other copy gets a ``duplicate`` decision naming it. Each sample's commitment is kept for
the Merkle root; the lineage facts (samples and decisions) go to the build's work folder.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from provenance.certify import dedup
from provenance.certify.merkle import merkle_root, sample_commitment
from provenance.certify.partition import READ_BATCH_ROWS, Partition
from provenance.certify.shards import ShardInfo, ShardWriter
from provenance.contracts import PersonNames
from provenance.layout import CERTIFY_DECISIONS, RELEASE_SAMPLES
from provenance.schema import SAMPLE_SCHEMA
from provenance.workspace import ParquetSink, RowSink, Workspace

#: The key columns a bucket is sorted by; the texts are taken once, for the survivors.
_KEY_COLUMNS = [
    "fingerprint",
    "doc_id",
    "source_id",
    "dump_id",
    "class_rank",
    "neg_priority",
    "published_at",
    "retrieved_at",
]


def sample_id_for(doc_id: str, fp: str) -> str:
    """A sample's id: stable across re-runs, and new when the document's published text changes."""
    return hashlib.sha256(f"provenance.sample\x1f{doc_id}\x1f{fp}".encode()).hexdigest()[:32]


class ReleaseBuild(Partition):
    """State of one release build: spills (pass 1), shard writer, lineage sinks, commitments, counters."""

    def __init__(
        self,
        ws: Workspace,
        work: Path,
        out: Path,
        priorities: dict[str, int],
        bits: int,
        shard_max_rows: int,
        shard_max_bytes: int,
    ):
        super().__init__(ws, work, priorities, bits)
        self.work, self.out = work, out
        self.shards = ShardWriter(out, max_rows=shard_max_rows, max_bytes=shard_max_bytes)
        self.samples_sink = ParquetSink(work / RELEASE_SAMPLES.name, RELEASE_SAMPLES.schema)
        self.decisions_sink = RowSink(work / CERTIFY_DECISIONS.name, CERTIFY_DECISIONS.schema, READ_BATCH_ROWS)
        self.decisions_digest = hashlib.sha256()
        self.sample_ids = bytearray()
        self.commitments = bytearray()

    def decide_all(self) -> None:
        self.rows.close()
        self.prior.close()
        for bucket in range(self.rows.count):
            table = self.rows.read(bucket)
            if table is not None and table.num_rows:
                self._decide_bucket(table, self.prior.read(bucket))

    def _decide_bucket(self, table: pa.Table, prior_table: pa.Table | None) -> None:
        released, decided = _prior_facts(prior_table)
        keys = table.select(_KEY_COLUMNS)
        order = pc.sort_indices(keys, sort_keys=dedup.sort_keys())
        keys = keys.take(order)
        cols = {name: keys.column(name).to_pylist() for name in keys.column_names}
        fps, doc_ids = cols["fingerprint"], cols["doc_id"]
        survivors: list[int] = []
        start, n = 0, len(fps)
        while start < n:
            fp = fps[start]
            stop = start + 1
            while stop < n and fps[stop] == fp:
                stop += 1
            earlier = released.get(fp)
            # Rows sorted best first; documents an earlier release already published or decided are not decided again.
            members = [
                i
                for i in range(start, stop)
                if (fp, doc_ids[i]) not in decided and not (earlier is not None and doc_ids[i] == earlier["doc_id"])
            ]
            self.counts["already_released"] += (stop - start) - len(members)
            start = stop
            if members:
                self._decide_fingerprint(fp, members, earlier, cols, survivors)
        if survivors:
            self._publish(table.take(order.take(pa.array(survivors, pa.int64()))))

    def _decide_fingerprint(
        self, fp: str, members: list[int], earlier: dict | None, cols: dict[str, list], survivors: list[int]
    ) -> None:
        """One fingerprint's copies: the best survives (unless an earlier release has it), the others are duplicates."""
        if earlier is not None:
            survivor, survivor_rank = earlier, None
        else:
            best = members.pop(0)
            survivors.append(best)
            survivor_rank = {name: values[best] for name, values in cols.items()}
            survivor = {
                "doc_id": cols["doc_id"][best],
                "sample_id": sample_id_for(cols["doc_id"][best], fp),
                "source_id": cols["source_id"][best],
                "release_id": None,
            }
        for i in members:
            row = {name: values[i] for name, values in cols.items()}
            rule = "earlier_release" if survivor_rank is None else dedup.deciding_rule(survivor_rank, row)
            self._decide(
                dedup.duplicate_decision(
                    row,
                    survivor_doc_id=survivor["doc_id"],
                    survivor_sample_id=survivor["sample_id"],
                    survivor_source_id=survivor["source_id"],
                    survivor_release_id=survivor["release_id"],
                    fingerprint=fp,
                    rule=rule,
                )
            )
            self.counts["duplicates"] += 1
            self.counts["duplicates_by_source"][row["source_id"]] += 1
            self.counts["duplicates_won_by"][rule] += 1

    def _publish(self, kept: pa.Table) -> None:
        fps = kept.column("fingerprint").to_pylist()
        doc_ids = kept.column("doc_id").to_pylist()
        sample_ids = [sample_id_for(d, f) for d, f in zip(doc_ids, fps, strict=True)]
        samples = pa.table(
            {
                "sample_id": pa.array(sample_ids, pa.string()),
                **{name: kept.column(name) for name in ("text", "lang", "licence", "licence_class", "attribution")},
                **{name: kept.column(name) for name in ("source_id", "doc_id", "fingerprint")},
            },
            schema=SAMPLE_SCHEMA,
        )
        placements = self.shards.add(samples)
        shard_names: list[str] = []
        rows: list[int] = []
        for p in placements:
            shard_names.extend([p.shard] * p.count)
            rows.extend(range(p.first_row, p.first_row + p.count))
        licences = kept.column("licence").to_pylist()
        sources = kept.column("source_id").to_pylist()
        digests = kept.column("text_sha256").to_pylist()
        for sid, fp, lic, src, doc, digest in zip(sample_ids, fps, licences, sources, doc_ids, digests, strict=True):
            self.sample_ids += bytes.fromhex(sid)
            self.commitments += sample_commitment(sid, fp, lic, src, doc, digest)
        self.samples_sink.write(_release_samples(kept, samples, shard_names, rows))
        self.counts["samples"] += kept.num_rows
        self.counts["by_source"].update(sources)
        self.counts["by_person_names"].update(
            zip(sources, kept.column("person_names").to_pylist(), kept.column("dump_id").to_pylist(), strict=True)
        )
        self.counts["by_licence"].update(licences)
        self.counts["by_licence_class"].update(kept.column("licence_class").to_pylist())
        self.counts["by_lang"].update(kept.column("lang").to_pylist())

    def _decide(self, row: dict) -> None:
        self.decisions_sink.add(row)
        self.decisions_digest.update(
            "\x1f".join((row["doc_id"], row["decision"], row["reason"], row["evidence_sha256"])).encode("utf-8")
            + b"\n"
        )

    def person_names_summary(self) -> list[dict]:
        """Per source and person-name policy (with its basis): how many samples of this release went through it."""
        grouped: Counter = Counter()
        for (source_id, person_names, dump_id), n in self.counts["by_person_names"].items():
            basis = self.bases.get((dump_id, person_names)) if person_names == PersonNames.KEEP else None
            grouped[(source_id, person_names, basis)] += n
        return [
            {"source_id": source_id, "person_names": person_names, "basis": basis, "samples": n}
            for (source_id, person_names, basis), n in sorted(
                grouped.items(), key=lambda item: tuple(v or "" for v in item[0])
            )
        ]

    def merkle_root(self) -> str:
        n = len(self.sample_ids) // 16
        if n == 0:
            return merkle_root([])
        ids = np.frombuffer(bytes(self.sample_ids), dtype=">u8").reshape(n, 2)
        order = np.lexsort((ids[:, 1], ids[:, 0]))
        commitments = np.frombuffer(bytes(self.commitments), dtype=np.uint8).reshape(n, 32)[order]
        return merkle_root([c.tobytes() for c in commitments])

    def close_sinks(self) -> list[ShardInfo]:
        self.samples_sink.close()
        self.decisions_sink.close()
        return self.shards.close()

    def abort(self) -> None:
        self.rows.close()
        self.prior.close()
        self.shards.abort()
        for sink in (self.samples_sink, self.decisions_sink):
            with contextlib.suppress(Exception):  # aborting: the first error is the one to report
                sink.close()


def _prior_facts(prior_table: pa.Table | None) -> tuple[dict[str, dict], set[tuple[str, str]]]:
    """(fingerprint -> the sample an earlier release published, (fingerprint, doc_id) it recorded as duplicate)."""
    released: dict[str, dict] = {}
    decided: set[tuple[str, str]] = set()
    if prior_table is not None:
        for row in prior_table.to_pylist():
            if row["sample_id"]:
                released.setdefault(row["fingerprint"], row)
            else:
                decided.add((row["fingerprint"], row["doc_id"]))
    return released, decided


def _release_samples(kept: pa.Table, samples: pa.Table, shard_names: list[str], rows: list[int]) -> pa.Table:
    """The lineage facts of the samples just placed (RELEASE_SAMPLE_SCHEMA); their release id is filled in later."""
    return pa.table(
        {
            "sample_id": samples.column("sample_id"),
            "release_id": pa.array([""] * kept.num_rows, pa.string()),
            "shard": pa.array(shard_names, pa.string()),
            "row": pa.array(rows, pa.int64()),
            **{name: kept.column(name) for name in ("doc_id", "source_id", "dump_id", "licence", "licence_class")},
            "attribution": kept.column("attribution"),
            "fingerprint": kept.column("fingerprint"),
        },
        schema=RELEASE_SAMPLES.schema,
    )
