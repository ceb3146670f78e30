"""Building a release: fingerprint and deduplicate every cleared dump, write shards, sign the manifest, publish.

``build_release`` streams, with memory bounded by one fingerprint bucket rather than by the
corpus:

1. *Partition.* Each cleared dump is read in small record batches; every row gets its
   fingerprint and the sha256 of its text, and is spilled (Arrow IPC) to the bucket named by
   its fingerprint's leading bits, with its rank columns. Fingerprints of earlier releases'
   samples are spilled the same way. Rows certify cannot publish become ``quarantined`` decisions.
2. *Decide.* Buckets are read in fingerprint order; each is sorted by (fingerprint, rank) so
   every fingerprint's survivor comes first (:mod:`provenance.certify.dedup`). Survivors go to
   the shards in fingerprint order; every other copy gets a ``duplicate`` decision naming it.
3. *Commit.* The Merkle root over per-sample commitments, the in-toto statement, its DSSE
   signature and the public key are written beside the shards in a hidden
   ``releases/.<id>.tmp-*`` folder, which one rename makes ``releases/<id>/``. Lineage facts go to
   ``staging/certified_release/<id>/`` through :func:`provenance.workspace.publish_dir`.

Per release: cleared rows = samples + duplicates + already released + quarantined.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

import provenance
from provenance.certify import dedup
from provenance.certify.dsse import EnvelopeError, envelope_bytes, parse_envelope, sign_envelope
from provenance.certify.keys import key_id, load_signing_key, public_key_pem
from provenance.certify.manifest import (
    MANIFEST_FILE,
    PREDICATE_TYPE,
    PUBLIC_KEY_FILE,
    build_statement,
    iso_utc,
    model_versions,
    statement_bytes,
)
from provenance.certify.manifest import (
    git_commit as current_git_commit,
)
from provenance.certify.merkle import COMMITMENT_TAG, merkle_root, sample_commitment
from provenance.certify.shards import (
    DEFAULT_SHARD_MAX_BYTES,
    DEFAULT_SHARD_MAX_ROWS,
    SHARD_DIR,
    ShardInfo,
    ShardWriter,
)
from provenance.certify.spill import SpillBuckets, bucket_bits
from provenance.contracts import (
    PersonNames,
    SourceContract,
    contract_hashes,
    file_sha256,
    load_crawler_tokens,
    load_denylist,
    load_licence_policy_document,
    load_optout_registry,
    load_sources,
)
from provenance.fingerprint import fingerprint
from provenance.rights.affected import accepted_configs
from provenance.schema import DECISION_SCHEMA, RELEASE_SAMPLE_SCHEMA, SAMPLE_SCHEMA
from provenance.vocabulary import CLEARING_ORDER
from provenance.workspace import (
    STAGE_STATS_FILE,
    ParquetSink,
    Workspace,
    publish_dir,
    read_stage_stats,
    write_json_atomic,
)

STAGE = "certified_release"
INPUT_STAGE = "cleared_documents"
INPUT_FILE = "documents.parquet"
SAMPLES_FILE = "samples.parquet"
DECISIONS_FILE = "decisions.parquet"

#: Decisions of the rights stage under which a document may be published.
CLEARED_DECISIONS = CLEARING_ORDER
#: What the manifest says every sample had redacted, whatever its source's person-name policy.
PERSONAL_DATA_ALWAYS_REDACTED = (
    "contact details and identifiers: every entity type the personal-data policy redacts except PERSON"
)
#: Language of a sample whose language nobody could tell (BCP 47 "undetermined").
UNDETERMINED_LANG = "und"

DEFAULT_BUCKET_BYTES = 64 << 20
READ_BATCH_ROWS = 1024

_RELEASE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
_INPUT_COLUMNS = [
    "doc_id",
    "source_id",
    "dump_id",
    "published_at",
    "retrieved_at",
    "lang",
    "text",
    "licence_spdx",
    "licence_class",
    "attribution",
    "decision",
]
#: The person-name policy each document went through; absent from outputs of an older rights stage (null).
_POLICY_COLUMNS = ["person_names", "person_names_basis"]
_ts = pa.timestamp("us", tz="UTC")
#: Stands in for an unknown date in the rank columns, so an unknown date ranks after every known one.
_UNKNOWN_DATE = pa.scalar(dt.datetime(9999, 12, 31, tzinfo=dt.UTC), _ts)
_SPILL_SCHEMA = pa.schema(
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
_PRIOR_SCHEMA = pa.schema(
    [
        ("fingerprint", pa.string()),
        ("sample_id", pa.string()),
        ("doc_id", pa.string()),
        ("source_id", pa.string()),
        ("release_id", pa.string()),
    ]
)


class CertifyInputError(ValueError):
    """An input of the release cannot be read; ``str()`` names the file and the problem."""


def sample_id_for(doc_id: str, fp: str) -> str:
    """A sample's id: stable across re-runs, and new when the document's published text changes."""
    return hashlib.sha256(f"provenance.sample\x1f{doc_id}\x1f{fp}".encode()).hexdigest()[:32]


@dataclass
class ReleaseResult:
    """What ``build_release`` did. ``published`` is False when there was nothing new to release."""

    release_id: str | None
    release_dir: Path | None
    published: bool
    #: True when an identical release already existed under this id and was left as it was
    unchanged: bool = False
    cleared: int = 0
    samples: int = 0
    duplicates: int = 0
    already_released: int = 0
    quarantined: int = 0
    shards: list[ShardInfo] = field(default_factory=list)
    merkle_root: str = ""
    manifest_sha256: str = ""
    statement_sha256: str = ""
    key_id: str = ""
    counts: dict = field(default_factory=dict)
    lineage_dir: Path | None = None
    message: str = ""


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class _Input:
    dump_id: str
    path: Path
    rows: int
    uncompressed_bytes: int
    #: the file records the person-name policy of its documents
    has_policy: bool = True


def _cleared_inputs(ws: Workspace, sources: dict[str, SourceContract]) -> list[_Input]:
    inputs = []
    for dump_id in ws.stage_dumps(INPUT_STAGE):
        path = ws.stage_dir(INPUT_STAGE, dump_id) / INPUT_FILE
        if not path.is_file():
            raise CertifyInputError(f"{path}: missing (the {INPUT_STAGE} output of dump {dump_id} is incomplete)")
        try:
            meta = pq.ParquetFile(path).metadata
            schema = pq.read_schema(path)
        except (OSError, pa.ArrowException) as exc:
            raise CertifyInputError(f"{path}: not a readable Parquet file ({type(exc).__name__}: {exc})") from None
        missing = [c for c in _INPUT_COLUMNS if c not in schema.names]
        if missing:
            raise CertifyInputError(f"{path}: missing column(s) {', '.join(missing)} of CLEARED_DOCUMENT_SCHEMA")
        has_policy = all(c in schema.names for c in _POLICY_COLUMNS)
        if has_policy:
            _check_names_still_kept(path, sources)
        size = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
        # The stage folder is a symlink swapped on re-runs: pin the version listed now, so every
        # read (and the sha256 in the manifest) is of the same file.
        inputs.append(_Input(dump_id, path.resolve(), meta.num_rows, size, has_policy=has_policy))
    return inputs


def _requests_honoured(ws: Workspace, dump_ids: list[str]) -> list[str]:
    """The opt-out requests every input's rights run was checked against: the requests this release honours.
    An input cleared before the stage recorded its request ids honours none."""
    honoured: set[str] | None = None
    for dump_id in dump_ids:
        # The latest configuration the dump counts as cleared under: its own run's, or one judged equivalent.
        stats = read_stage_stats(ws.stage_dir(INPUT_STAGE, dump_id)) or {}
        ids = set(accepted_configs(stats)[-1].get("registry_request_ids") or ())
        honoured = ids if honoured is None else honoured & ids
    return sorted(honoured or ())


def _check_names_still_kept(path: Path, sources: dict[str, SourceContract]) -> None:
    """Documents that kept names under ``keep`` are released only while their source's contract still says so."""
    table = pq.read_table(path, columns=["source_id", "person_names"])
    kept = table.filter(pc.equal(table["person_names"], PersonNames.KEEP.value))
    for source_id in sorted(set(kept["source_id"].to_pylist())):
        source = sources.get(source_id)
        if source is None or source.person_names is not PersonNames.KEEP:
            now = source.person_names.value if source else "no contract"
            raise CertifyInputError(
                f"{path}: documents of {source_id} kept person names, but its contract now says "
                f"{now}: materialise its redacted_documents and cleared_documents again"
            )


def _earlier_releases(ws: Workspace, rebuilding: str | None) -> list[Path]:
    if not ws.releases.is_dir():
        return []
    return sorted(
        p
        for p in ws.releases.iterdir()
        if p.is_dir() and not p.name.startswith(".") and p.name != rebuilding and (p / MANIFEST_FILE).is_file()
    )


def _pipeline_counts(ws: Workspace, dump_ids: list[str]) -> dict:
    """Ingest quarantine and rights decisions over the dumps of this release, from their stage outputs."""
    ingest: Counter = Counter()
    rights: Counter = Counter()
    for dump_id in dump_ids:
        stats = read_stage_stats(ws.stage_dir("documents", dump_id))
        for key in ("records_seen", "documents", "quarantined"):
            ingest[key] += int(stats.get(key, 0))
        decisions = ws.stage_dir(INPUT_STAGE, dump_id) / DECISIONS_FILE
        if decisions.is_file():
            column = pq.read_table(decisions, columns=["decision"]).column("decision")
            for entry in pc.value_counts(column).to_pylist():
                rights[entry["values"]] += entry["counts"]
    return {"ingest": dict(sorted(ingest.items())), "rights": dict(sorted(rights.items()))}


# --------------------------------------------------------------------------- the build


class _Build:
    """State of one release build: spills, shard writer, lineage sinks, counters."""

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
        self.ws, self.work, self.out = ws, work, out
        self.priorities = priorities
        self.rows = SpillBuckets(work / "rows", bits, _SPILL_SCHEMA)
        self.prior = SpillBuckets(work / "prior", bits, _PRIOR_SCHEMA)
        self.shards = ShardWriter(out, max_rows=shard_max_rows, max_bytes=shard_max_bytes)
        self.samples_sink = ParquetSink(work / SAMPLES_FILE, RELEASE_SAMPLE_SCHEMA)
        self.decisions_sink = ParquetSink(work / DECISIONS_FILE, DECISION_SCHEMA)
        self.decisions_digest = hashlib.sha256()
        self._pending_decisions: list[dict] = []
        #: doc_ids an earlier release quarantined: counted, not decided again
        self.prior_quarantined: set[str] = set()
        self.sample_ids = bytearray()
        self.commitments = bytearray()
        self.counts = {
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
        #: (dump_id, person_names) -> the written basis the documents were redacted under
        self.bases: dict[tuple[str, str | None], str | None] = {}

    # -- pass 1

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
                        schema=_PRIOR_SCHEMA,
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
        path = self.ws.stage_dir(STAGE, release_id) / DECISIONS_FILE
        if not path.is_file():
            return
        table = pq.read_table(path, columns=["doc_id", "source_id", "decision", "evidence"])
        self.prior_quarantined.update(r["doc_id"] for r in table.to_pylist() if r["decision"] == "quarantined")
        rows = [r for r in table.to_pylist() if r["decision"] == "duplicate"]
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
            schema=_PRIOR_SCHEMA,
        )
        self.prior.write(prior, np.fromiter((self.prior.bucket_of(fps[i]) for i in keep), np.int64, len(keep)))

    def spill_dump(self, item: _Input) -> None:
        columns = _INPUT_COLUMNS + (_POLICY_COLUMNS if item.has_policy else [])
        try:
            batches = pq.ParquetFile(item.path).iter_batches(batch_size=READ_BATCH_ROWS, columns=columns)
            for batch in batches:
                table = pa.Table.from_batches([batch])
                if not item.has_policy:
                    for name in _POLICY_COLUMNS:
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
        pairs = table.select(_POLICY_COLUMNS).group_by(_POLICY_COLUMNS).aggregate([]).to_pylist()
        for pair in pairs:
            # The redaction stage writes one policy per dump; the first basis seen is kept, deterministically.
            self.bases.setdefault((dump_id, pair["person_names"]), pair["person_names_basis"])

    def _spill_batch(self, table: pa.Table, dump_id: str) -> None:
        n = table.num_rows
        self.counts["cleared"] += n
        texts = table.column("text").to_pylist()
        decisions = table.column("decision").to_pylist()
        required = {
            name: table.column(name).to_pylist() for name in ("doc_id", "source_id", "licence_spdx", "licence_class")
        }
        keep = np.ones(n, dtype=bool)
        fps: list[str] = []
        digests: list[str] = []
        buckets = []
        for i, text in enumerate(texts):
            problem = None
            if decisions[i] not in CLEARED_DECISIONS:
                problem = (
                    "not_cleared",
                    f"rights decision is {decisions[i]!r}, not one of {', '.join(CLEARED_DECISIONS)}",
                )
            elif text is None or not text.strip():
                problem = ("empty_text", "text is empty after redaction")
            else:
                for name, values in required.items():
                    if not values[i]:
                        problem = (f"missing_{name}", f"{name} is empty")
                        break
            if problem:
                keep[i] = False
                if required["doc_id"][i] and required["doc_id"][i] in self.prior_quarantined:
                    self.counts["already_released"] += 1
                    continue
                row = {"doc_id": required["doc_id"][i], "source_id": required["source_id"][i], "dump_id": dump_id}
                self._decide(dedup.quarantine_decision(row, *problem))
                self.counts["quarantined"] += 1
                self.counts["quarantine_reasons"][problem[0]] += 1
                continue
            fp = fingerprint(text)
            fps.append(fp)
            digests.append(hashlib.sha256(text.encode("utf-8")).hexdigest())
            buckets.append(self.rows.bucket_of(fp))
        if not keep.all():
            table = table.filter(pa.array(keep))
        if table.num_rows == 0:
            return
        spill = pa.table(
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
            schema=_SPILL_SCHEMA,
        )
        self.rows.write(spill, np.asarray(buckets, dtype=np.int64))

    # -- pass 2

    def decide_all(self) -> None:
        self.rows.close()
        self.prior.close()
        for bucket in range(self.rows.count):
            table = self.rows.read(bucket)
            if table is not None and table.num_rows:
                self._decide_bucket(table, self.prior.read(bucket))

    def _decide_bucket(self, table: pa.Table, prior_table: pa.Table | None) -> None:
        released: dict[str, dict] = {}  # fingerprint -> the sample an earlier release published
        decided: set[tuple[str, str]] = set()  # (fingerprint, doc_id) an earlier release recorded as duplicate
        if prior_table is not None:
            for row in prior_table.to_pylist():
                if row["sample_id"]:
                    released.setdefault(row["fingerprint"], row)
                else:
                    decided.add((row["fingerprint"], row["doc_id"]))
        # Sort the small key columns only; the texts are taken once, for the survivors.
        keys = table.select(
            [
                "fingerprint",
                "doc_id",
                "source_id",
                "dump_id",
                "class_rank",
                "neg_priority",
                "published_at",
                "retrieved_at",
            ]
        )
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
            if not members:
                continue
            if earlier is not None:
                survivor, survivor_rank = earlier, None
            else:
                best = members.pop(0)
                survivors.append(best)
                survivor_rank = {name: values[best] for name, values in cols.items()}
                survivor = {
                    "doc_id": doc_ids[best],
                    "sample_id": sample_id_for(doc_ids[best], fp),
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
        if survivors:
            self._publish(table.take(order.take(pa.array(survivors, pa.int64()))))

    def _publish(self, kept: pa.Table) -> None:
        fps = kept.column("fingerprint").to_pylist()
        doc_ids = kept.column("doc_id").to_pylist()
        sample_ids = [sample_id_for(d, f) for d, f in zip(doc_ids, fps)]
        samples = pa.table(
            {
                "sample_id": pa.array(sample_ids, pa.string()),
                "text": kept.column("text"),
                "lang": kept.column("lang"),
                "licence": kept.column("licence"),
                "licence_class": kept.column("licence_class"),
                "attribution": kept.column("attribution"),
                "source_id": kept.column("source_id"),
                "doc_id": kept.column("doc_id"),
                "fingerprint": kept.column("fingerprint"),
            },
            schema=SAMPLE_SCHEMA,
        )
        placements = self.shards.add(samples)
        shard_names, rows = [], []
        for p in placements:
            shard_names.extend([p.shard] * p.count)
            rows.extend(range(p.first_row, p.first_row + p.count))
        licences = kept.column("licence").to_pylist()
        sources = kept.column("source_id").to_pylist()
        classes = kept.column("licence_class").to_pylist()
        digests = kept.column("text_sha256").to_pylist()
        for sid, fp, lic, src, doc, digest in zip(sample_ids, fps, licences, sources, doc_ids, digests):
            self.sample_ids += bytes.fromhex(sid)
            self.commitments += sample_commitment(sid, fp, lic, src, doc, digest)
        self.samples_sink.write(
            pa.table(
                {
                    "sample_id": samples.column("sample_id"),
                    "release_id": pa.array([""] * kept.num_rows, pa.string()),  # filled in when the id is known
                    "shard": pa.array(shard_names, pa.string()),
                    "row": pa.array(rows, pa.int64()),
                    "doc_id": kept.column("doc_id"),
                    "source_id": kept.column("source_id"),
                    "dump_id": kept.column("dump_id"),
                    "licence": kept.column("licence"),
                    "licence_class": kept.column("licence_class"),
                    "attribution": kept.column("attribution"),
                    "fingerprint": kept.column("fingerprint"),
                },
                schema=RELEASE_SAMPLE_SCHEMA,
            )
        )
        self.counts["samples"] += kept.num_rows
        self.counts["by_source"].update(sources)
        self.counts["by_person_names"].update(
            zip(sources, kept.column("person_names").to_pylist(), kept.column("dump_id").to_pylist())
        )
        self.counts["by_licence"].update(licences)
        self.counts["by_licence_class"].update(classes)
        self.counts["by_lang"].update(kept.column("lang").to_pylist())

    def _decide(self, row: dict) -> None:
        self._pending_decisions.append(row)
        self.decisions_digest.update(
            "\x1f".join((row["doc_id"], row["decision"], row["reason"], row["evidence_sha256"])).encode("utf-8")
            + b"\n"
        )
        if len(self._pending_decisions) >= READ_BATCH_ROWS:
            self._flush_decisions()

    def _flush_decisions(self) -> None:
        if self._pending_decisions:
            self.decisions_sink.write(pa.Table.from_pylist(self._pending_decisions, schema=DECISION_SCHEMA))
            self._pending_decisions = []

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

    # -- the commitment

    def merkle_root(self) -> str:
        n = len(self.sample_ids) // 16
        if n == 0:
            return merkle_root([])
        ids = np.frombuffer(bytes(self.sample_ids), dtype=">u8").reshape(n, 2)
        order = np.lexsort((ids[:, 1], ids[:, 0]))
        commitments = np.frombuffer(bytes(self.commitments), dtype=np.uint8).reshape(n, 32)[order]
        return merkle_root([c.tobytes() for c in commitments])

    def close_sinks(self) -> list[ShardInfo]:
        self._flush_decisions()
        self.samples_sink.close()
        self.decisions_sink.close()
        return self.shards.close()

    def abort(self) -> None:
        self.rows.close()
        self.prior.close()
        self.shards.abort()
        for sink in (self.samples_sink, self.decisions_sink):
            try:
                sink.close()
            except Exception:
                pass


def _plain(counter: Counter) -> dict:
    return dict(sorted(counter.items()))


def _existing_content(release_dir: Path) -> dict | None:
    """The content facts of an already published release (unverified: only used to detect a no-op)."""
    try:
        envelope = parse_envelope((release_dir / MANIFEST_FILE).read_bytes())
        statement = json.loads(envelope.payload)
        predicate = statement["predicate"]
        return {
            "merkle_root": predicate["merkle"]["root"],
            "decisions_sha256": predicate["decisions_sha256"],
            "subject": statement["subject"],
            "key_id": predicate["signing_key"]["key_id"],
        }
    except (OSError, EnvelopeError, ValueError, KeyError, TypeError):
        return None


def build_release(
    workspace: Workspace,
    *,
    signing_key_path: Path,
    release_id: str | None = None,
    shard_max_rows: int = DEFAULT_SHARD_MAX_ROWS,
    shard_max_bytes: int = DEFAULT_SHARD_MAX_BYTES,
    created_at: dt.datetime | None = None,
    git_commit: str | None = None,
    bucket_bytes: int = DEFAULT_BUCKET_BYTES,
) -> ReleaseResult:
    """Certify every cleared dump of ``workspace`` into ``releases/<release_id>/``, signed with the key at
    ``signing_key_path``. The default id is ``r-`` + 12 hex of the release's content digest.

    Nothing new (every cleared document already released): publishes nothing, ``published`` is False.
    The same id with identical content: leaves the release as it was (``unchanged``). The same id with
    other content: replaces it atomically.
    """
    ws = workspace
    if release_id is not None and not _RELEASE_ID.match(release_id):
        raise ValueError(
            f"release id {release_id!r}: use letters, digits, '.', '_' or '-', starting with a letter or digit"
        )
    private_key = load_signing_key(Path(signing_key_path))
    public_key = private_key.public_key()
    signer_id = key_id(public_key)
    sources = load_sources(ws.contracts)
    policy = load_licence_policy_document(ws.contracts)
    registry = load_optout_registry(ws.contracts)
    denylist = load_denylist(ws.contracts)
    inputs = _cleared_inputs(ws, sources)
    earlier = _earlier_releases(ws, rebuilding=release_id)
    created = created_at or dt.datetime.now(dt.UTC)

    ws.releases.mkdir(parents=True, exist_ok=True)
    token = uuid.uuid4().hex[:12]
    work = ws.releases / f".work-{token}"
    out = ws.releases / f".{release_id or 'pending'}.tmp-{token}"
    work.mkdir()
    out.mkdir()
    build = None
    try:
        bits = bucket_bits(sum(i.uncompressed_bytes for i in inputs), bucket_bytes)
        build = _Build(
            ws, work, out, {s.id: s.priority for s in sources.values()}, bits, shard_max_rows, shard_max_bytes
        )
        for release_dir in earlier:
            build.spill_prior(release_dir)
        for item in inputs:
            build.spill_dump(item)
        build.decide_all()
        shards = build.close_sinks()
        counts = build.counts
        root = build.merkle_root()
        decisions_sha256 = build.decisions_digest.hexdigest()
        content_digest = hashlib.sha256(f"{root}\n{decisions_sha256}".encode()).hexdigest()
        rid = release_id or f"r-{content_digest[:12]}"
        result = ReleaseResult(
            release_id=rid,
            release_dir=None,
            published=False,
            cleared=counts["cleared"],
            samples=counts["samples"],
            duplicates=counts["duplicates"],
            already_released=counts["already_released"],
            quarantined=counts["quarantined"],
            shards=shards,
            merkle_root=root,
            key_id=signer_id,
        )
        if counts["samples"] == 0 and counts["duplicates"] == 0 and counts["quarantined"] == 0:
            result.release_id = None
            result.message = (
                f"nothing new to release: all {counts['cleared']} cleared documents were already published or "
                f"decided in {len(earlier)} earlier release(s)"
                if counts["cleared"]
                else "no cleared documents to release"
            )
            return result

        predicate = {
            "release_id": rid,
            "created_at": iso_utc(created),
            "producer": {
                "name": "provenance",
                "version": provenance.__version__,
                "git_commit": git_commit or current_git_commit(),
            },
            "signing_key": {
                "key_id": signer_id,
                "algorithm": "ecdsa-p256-sha256",
                "key_id_definition": "sha256 of the DER SubjectPublicKeyInfo",
            },
            "contracts": {
                "files": contract_hashes(ws.contracts),
                "licence_policy": {"version": policy.version, "sha256": policy.sha256},
                "crawler_tokens": _crawler_tokens(ws.contracts),
                "optout_registry": {
                    "version": registry.version,
                    "sha256": registry.sha256,
                    "entries": len(registry.entries),
                    "files": dict(sorted(registry.files.items())),
                    "requests_honoured": _requests_honoured(ws, [i.dump_id for i in inputs]),
                },
                "denylist": {
                    "version": denylist.version,
                    "sha256": denylist.sha256,
                    "entries": len(denylist.entries),
                    "files": dict(sorted(denylist.files.items())),
                },
            },
            "models": model_versions(),
            "inputs": [
                {"dump_id": i.dump_id, "stage": INPUT_STAGE, "rows": i.rows, "sha256": file_sha256(i.path)}
                for i in inputs
            ],
            "earlier_releases": [
                {"release_id": p.name, "manifest_sha256": file_sha256(p / MANIFEST_FILE)} for p in earlier
            ],
            "shards": [{"name": s.name, "rows": s.rows, "bytes": s.bytes} for s in shards],
            "sample_schema": {
                "name": SAMPLE_SCHEMA.metadata[b"schema"].decode(),
                "version": SAMPLE_SCHEMA.metadata[b"version"].decode(),
                "columns": SAMPLE_SCHEMA.names,
            },
            "counts": {
                "samples": counts["samples"],
                "by_source": _plain(counts["by_source"]),
                "by_licence": _plain(counts["by_licence"]),
                "by_licence_class": _plain(counts["by_licence_class"]),
                "by_lang": _plain(counts["by_lang"]),
                "decisions": {
                    **_pipeline_counts(ws, [i.dump_id for i in inputs]),
                    "certify": {
                        "cleared": counts["cleared"],
                        "sample": counts["samples"],
                        "duplicate": counts["duplicates"],
                        "already_released": counts["already_released"],
                        "quarantined": counts["quarantined"],
                    },
                },
                "duplicates_by_source": _plain(counts["duplicates_by_source"]),
                "duplicates_won_by": _plain(counts["duplicates_won_by"]),
                "certify_quarantine_reasons": _plain(counts["quarantine_reasons"]),
            },
            "personal_data": {
                "always_redacted": PERSONAL_DATA_ALWAYS_REDACTED,
                "person_names": build.person_names_summary(),
            },
            "dedup": {
                "method": "exact: equal fingerprints",
                "fingerprint": "xxh3-128 hex of the NFC-normalised, whitespace-collapsed text",
                "survivor_order": [
                    "licence_class: " + " > ".join(dedup.LICENCE_CLASS_ORDER) + " > any other",
                    "source priority, higher first",
                    "earliest published_at",
                    "earliest retrieved_at",
                    "smallest doc_id",
                    "a fingerprint already in an earlier release keeps that sample",
                ],
                "policy_version": dedup.DEDUP_POLICY_VERSION,
            },
            "decisions_sha256": decisions_sha256,
            "merkle": {
                "root": root,
                "leaves": counts["samples"],
                "tree": "RFC 6962: leaf = sha256(0x00 || commitment), node = sha256(0x01 || left || right)",
                "leaf_order": "sample_id ascending",
                "commitment": (
                    f"sha256({COMMITMENT_TAG.decode()} || for each of sample_id, fingerprint, licence, "
                    "source_id, doc_id, sha256(text) hex: uint32 big-endian byte length || UTF-8 bytes)"
                ),
            },
        }
        statement = statement_bytes(build_statement([s.__dict__ for s in shards], predicate))
        final = ws.releases / rid
        existing = _existing_content(final) if final.exists() else None
        subject = [{"name": s.name, "digest": {"sha256": s.sha256}} for s in shards]
        # Same content signed by the same key: a no-op. Another key (rotated) re-signs and replaces.
        if existing == {
            "merkle_root": root,
            "decisions_sha256": decisions_sha256,
            "subject": subject,
            "key_id": signer_id,
        }:
            result.unchanged = True
            statement = parse_envelope((final / MANIFEST_FILE).read_bytes()).payload
        else:
            (out / PUBLIC_KEY_FILE).write_bytes(public_key_pem(public_key))
            (out / MANIFEST_FILE).write_bytes(envelope_bytes(sign_envelope(statement, private_key)))
            _fsync_tree(out)
            _swap_into_place(out, final, token)
        result.release_dir = final
        result.published = True
        result.manifest_sha256 = file_sha256(final / MANIFEST_FILE)
        result.statement_sha256 = hashlib.sha256(statement).hexdigest()
        result.counts = predicate["counts"]
        result.lineage_dir = _publish_lineage(ws, work, rid, result)
        return result
    except BaseException:
        if build is not None:
            build.abort()
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)


def _fsync_tree(folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            with open(path, "rb") as fh:
                os.fsync(fh.fileno())


def _swap_into_place(built: Path, final: Path, token: str) -> None:
    """One rename publishes the release; an earlier release of the same id (other content) is moved aside first."""
    aside = None
    if final.exists():
        aside = final.parent / f".{final.name}.old-{token}"
        final.rename(aside)
    built.rename(final)
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)


def _publish_lineage(ws: Workspace, work: Path, release_id: str, result: ReleaseResult) -> Path:
    target = ws.stage_dir(STAGE, release_id)
    column = RELEASE_SAMPLE_SCHEMA.get_field_index("release_id")
    with publish_dir(target) as folder:
        with ParquetSink(folder / SAMPLES_FILE, RELEASE_SAMPLE_SCHEMA) as sink:
            for batch in pq.ParquetFile(work / SAMPLES_FILE).iter_batches(batch_size=65536):
                sink.write(
                    batch.set_column(column, "release_id", pa.array([release_id] * batch.num_rows, pa.string()))
                )
        shutil.copyfile(work / DECISIONS_FILE, folder / DECISIONS_FILE)
        write_json_atomic(
            folder / STAGE_STATS_FILE,
            {
                "release_id": release_id,
                "predicate_type": PREDICATE_TYPE,
                "cleared": result.cleared,
                "samples": result.samples,
                "duplicates": result.duplicates,
                "already_released": result.already_released,
                "quarantined": result.quarantined,
                "shards": len(result.shards),
                "merkle_root": result.merkle_root,
                "manifest_sha256": result.manifest_sha256,
                "key_id": result.key_id,
            },
        )
    return target


def _crawler_tokens(contracts: Path) -> dict:
    """The crawler token list robots.txt was read for: version, sha256, and whether the packaged default was used."""
    tokens = load_crawler_tokens(contracts)
    return {**tokens.as_evidence(), "file": tokens.path.name if not tokens.packaged_default else str(tokens.path)}
