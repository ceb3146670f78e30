"""What lineage is built from: every stage's files pinned to their published version, releases, contracts.

Stage folders are symlinks that a re-run swaps (:func:`provenance.workspace.publish_dir`), so each
folder is resolved once, here, and every later read uses that version. A stage file that is
missing or unreadable is not fatal: it becomes a problem naming the file, and the dump it belongs
to is reported incomplete.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any, TypeVar

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from provenance.contracts import (
    ContractError,
    load_crawler_tokens,
    load_denylist,
    load_licence_policy_document,
    load_optout_registry,
    load_sources,
)
from provenance.dumps import discover_dumps
from provenance.layout import CERTIFY as CERTIFY_OUTPUT
from provenance.layout import (
    CERTIFY_DECISIONS,
    CLEARED_DOCUMENTS,
    DOCUMENTS,
    NOTICES,
    OPTOUT_EVIDENCE,
    QUARANTINE,
    REDACTED_DOCUMENTS,
    REDACTIONS,
    RELEASE_SAMPLES,
    RIGHTS,
    RIGHTS_DECISIONS,
    SITE_SIGNALS,
    SKIPPED,
    STAGES,
    OutputFile,
    StageOutput,
)
from provenance.layout import INGEST as INGEST_OUTPUT
from provenance.lineage.tables import BY_NAME
from provenance.stats import ClearStats, IngestStats, StageStats, StatsFileError
from provenance.vocabulary import CLEARING
from provenance.workspace import Workspace

S = TypeVar("S", bound=StageStats)

#: The stage names lineage groups its inputs and problems by.
INGEST, REDACTED, CLEARED, CERTIFY = (stage.name for stage in STAGES)
MANIFEST_FILE = "manifest.dsse.json"
PUBLIC_KEY_FILE = "public_key.pem"


@dataclasses.dataclass(frozen=True)
class Kind:
    """One kind of stage file: where it lives and the columns lineage reads from it (never ``text``)."""

    stage: str
    output: OutputFile
    columns: tuple[str, ...]
    #: absent from outputs written before the file existed; its loss still shows, as records seen that
    #: no document, quarantine or skipped row accounts for
    optional: bool = False
    #: columns of ``columns`` that outputs written before they existed lack: read as null there
    late_columns: tuple[str, ...] = ()

    @property
    def file(self) -> str:
        return self.output.name

    @property
    def schema(self) -> pa.Schema:
        return self.output.schema


KINDS = {
    # Never the ingested title or author: they are read once redacted, or kept for credit, from later stages.
    "docs": Kind(
        INGEST,
        DOCUMENTS,
        (
            "doc_id",
            "source_id",
            "dump_id",
            "locator",
            "url",
            "published_at",
            "retrieved_at",
            "lang",
            "licence",
            "licence_hints",
            "content_type",
            "content_fingerprint",
            "flags",
        ),
    ),
    "quarantine": Kind(INGEST, QUARANTINE, tuple(QUARANTINE.schema.names)),
    "skipped": Kind(INGEST, SKIPPED, tuple(SKIPPED.schema.names), optional=True),
    "notices": Kind(INGEST, NOTICES, tuple(NOTICES.schema.names), optional=True),
    "site_signals": Kind(INGEST, SITE_SIGNALS, tuple(SITE_SIGNALS.schema.names)),
    "red_docs": Kind(
        REDACTED,
        REDACTED_DOCUMENTS,
        ("doc_id", "dump_id", "lang", "flags", "redaction_count", "title", "person_names", "person_names_basis"),
        late_columns=("title", "person_names", "person_names_basis"),
    ),
    "spans": Kind(REDACTED, REDACTIONS, tuple(REDACTIONS.schema.names), late_columns=("field",)),
    "cleared": Kind(
        CLEARED,
        CLEARED_DOCUMENTS,
        (
            "doc_id",
            "dump_id",
            "licence_spdx",
            "licence_class",
            "licence_source",
            "attribution",
            "share_alike",
            "decision",
            "author",
            "person_names",
            "rights_holder",
            "rights_holder_origin",
        ),
        late_columns=("author", "person_names", "rights_holder", "rights_holder_origin"),
    ),
    "rights": Kind(CLEARED, RIGHTS_DECISIONS, tuple(RIGHTS_DECISIONS.schema.names)),
    "evidence": Kind(CLEARED, OPTOUT_EVIDENCE, tuple(OPTOUT_EVIDENCE.schema.names)),
    "samples": Kind(CERTIFY, RELEASE_SAMPLES, tuple(RELEASE_SAMPLES.schema.names)),
    "cert_decisions": Kind(CERTIFY, CERTIFY_DECISIONS, tuple(CERTIFY_DECISIONS.schema.names)),
}

PROBLEM_SCHEMA = pa.schema([("dump_id", pa.string()), ("stage", pa.string()), ("problem", pa.string())])


@dataclasses.dataclass
class Inputs:
    files: dict[str, list[tuple[str, Path]]]
    #: files written before some of their kind's ``late_columns`` existed: (kind, path) -> the columns they lack
    lacking: dict[tuple[str, Path], tuple[str, ...]]
    problems: list[tuple[str, str, str]]
    #: stage -> dump ids (or release ids) with a published output folder
    present: dict[str, list[str]]
    #: dump id -> its stats; a dump whose stats file is missing or unreadable is absent (and a problem if unreadable)
    ingest_stats: dict[str, IngestStats]
    cleared_stats: dict[str, ClearStats]


def collect(ws: Workspace) -> Inputs:
    """Every stage file, pinned to the version published now (stage folders are symlinks swapped on re-runs)."""
    files: dict[str, list[tuple[str, Path]]] = {k: [] for k in KINDS}
    lacking: dict[tuple[str, Path], tuple[str, ...]] = {}
    problems: list[tuple[str, str, str]] = []
    present: dict[str, list[str]] = {}
    for stage in (INGEST, REDACTED, CLEARED, CERTIFY):
        present[stage] = ws.stage_dumps(stage)
        for key in present[stage]:
            folder = ws.stage_dir(stage, key).resolve()
            for kind_name, kind in KINDS.items():
                if kind.stage != stage:
                    continue
                path = folder / kind.file
                if kind.optional and not path.exists():
                    continue
                problem, late = _check_file(path, kind)
                if problem:
                    # A release's facts carry their dump in their rows: the problem is the release's.
                    problems.append((key, stage, f"{ws.stage_dir(stage, key) / kind.file}: {problem}"))
                    continue
                files[kind_name].append((key, path))
                if late:
                    lacking[(kind_name, path)] = late
    ingest_stats = {d: ingest for d in present[INGEST] if (ingest := _stats(ws, INGEST_OUTPUT, d, problems))}
    cleared_stats = {d: cleared for d in present[CLEARED] if (cleared := _stats(ws, RIGHTS, d, problems))}
    return Inputs(files, lacking, problems, present, ingest_stats, cleared_stats)


def _stats(ws: Workspace, stage: StageOutput[S], key: str, problems: list[tuple[str, str, str]]) -> S | None:
    """The stats ``stage`` published for ``key``; None when missing, or unreadable (then a problem naming the file)."""
    try:
        return ws.stats(stage, key)
    except StatsFileError as exc:
        problems.append((key, stage.name, str(exc)))
        return None


def _check_file(path: Path, kind: Kind) -> tuple[str | None, tuple[str, ...]]:
    """(what is wrong with the file or None, the late columns it lacks)."""
    if not path.is_file():
        return "missing from the stage output", ()
    try:
        names = pq.read_schema(path).names
    except Exception as exc:
        return f"not a readable Parquet file ({type(exc).__name__})", ()
    missing = [c for c in kind.columns if c not in names and c not in kind.late_columns]
    if missing:
        return f"missing column(s) {', '.join(missing)} of {kind.schema.metadata[b'schema'].decode()}", ()
    return None, tuple(c for c in kind.late_columns if c not in names)


# --------------------------------------------------------------------------- contracts and releases


def contract_tables(ws: Workspace) -> tuple[pa.Table, pa.Table, dict]:
    """(sources, optout registry, versions) as they are now; problems are recorded, never fatal."""
    info: dict = {
        "licence_policy_version": None,
        "licence_policy_sha256": None,
        "optout_registry_version": None,
        "optout_registry_sha256": None,
        "crawler_tokens_version": None,
        "crawler_tokens_sha256": None,
        "contract_problems": None,
    }
    problems: list[str] = []
    source_rows = []
    try:
        sources = load_sources(ws.contracts)
    except ContractError as exc:
        sources, problems = {}, [*problems, str(exc)]
    for s in sorted(sources.values(), key=lambda s: s.id):
        source_rows.append(
            {
                "source_id": s.id,
                "title": s.title,
                "rights_holder": s.rights_holder,
                "licence": s.licence,
                "attribution": s.attribution,
                "provenance_url": s.provenance_url,
                "format": s.format,
                "language": s.language,
                "priority": s.priority,
                "person_names": s.person_names.value,
                "person_names_basis": s.person_names_basis,
                "contract_file": str(s.path) if s.path else None,
                "contract_sha256": s.sha256,
            }
        )
    try:
        policy = load_licence_policy_document(ws.contracts)
        info["licence_policy_version"], info["licence_policy_sha256"] = policy.version, policy.sha256
    except ContractError as exc:
        problems.append(str(exc))
    try:
        tokens = load_crawler_tokens(ws.contracts)
        info["crawler_tokens_version"], info["crawler_tokens_sha256"] = tokens.version, tokens.sha256
    except ContractError as exc:
        problems.append(str(exc))
    registry_rows = []
    try:
        registry = load_optout_registry(ws.contracts)
        info["optout_registry_version"], info["optout_registry_sha256"] = registry.version, registry.sha256
        for e in registry.entries:
            registry_rows.append(
                {
                    "entry_id": e.id,
                    "scope": e.scope,
                    # An author's name is personal data: the entry id and the registry file point to it.
                    "value": None if e.scope == "author" else e.value,
                    "effective_from": e.effective_from,
                    "reference": e.reference,
                    "file": e.file,
                    "date_received": e.received_on,
                    # The requesting party; an author's request may come from the author: left in the file.
                    "requested_by": None if e.scope == "author" or not e.requested_by else e.requested_by,
                }
            )
    except ContractError as exc:
        problems.append(str(exc))
    info["contract_problems"] = "\n".join(problems) or None
    source_schema = pa.schema(
        [(n, pa.int64() if n == "priority" else pa.string()) for n in BY_NAME["sources"].column_names]
    )
    registry_schema = pa.schema(
        [
            ("entry_id", pa.string()),
            ("scope", pa.string()),
            ("value", pa.string()),
            ("effective_from", pa.date32()),
            ("reference", pa.string()),
            ("file", pa.string()),
            ("date_received", pa.date32()),
            ("requested_by", pa.string()),
        ]
    )
    return (
        pa.Table.from_pylist(source_rows, schema=source_schema),
        pa.Table.from_pylist(registry_rows, schema=registry_schema),
        info,
    )


DENYLIST_SCHEMA = pa.schema(
    [
        ("domain", pa.string()),
        ("registrable_domain", pa.string()),
        ("reference", pa.string()),
        ("recognised_by", pa.string()),
        ("jurisdiction", pa.string()),
        ("date_listed", pa.date32()),
        ("file", pa.string()),
        ("line", pa.int64()),
    ]
)


def denylist_table(ws: Workspace) -> tuple[pa.Table, dict]:
    """(the deny-list as it is now, its version and sha256 and any problem); problems are recorded, never fatal."""
    info: dict = {"denylist_version": None, "denylist_sha256": None, "problem": None}
    try:
        denylist = load_denylist(ws.contracts)
    except ContractError as exc:
        info["problem"] = str(exc)
        return DENYLIST_SCHEMA.empty_table(), info
    info["denylist_version"], info["denylist_sha256"] = denylist.version, denylist.sha256
    rows = [
        {
            "domain": e.domain,
            "registrable_domain": e.registrable_domain,
            "reference": e.reference,
            "recognised_by": e.recognised_by,
            "jurisdiction": e.jurisdiction,
            "date_listed": e.date_listed,
            "file": e.file,
            "line": e.line,
        }
        for e in denylist.entries
    ]
    return pa.Table.from_pylist(rows, schema=DENYLIST_SCHEMA), info


RIGHTS_CLEARINGS_SCHEMA = pa.schema(
    [
        ("dump_id", pa.string()),
        ("basis", pa.string()),
        ("policy_version", pa.string()),
        ("policy_sha256", pa.string()),
        ("registry_version", pa.string()),
        ("registry_sha256", pa.string()),
        ("denylist_version", pa.string()),
        ("denylist_sha256", pa.string()),
        ("crawler_tokens_version", pa.string()),
        ("crawler_tokens_sha256", pa.string()),
        ("judged_at", pa.string()),
        ("reason", pa.string()),
    ]
)


def rights_clearings_table(inputs: Inputs) -> pa.Table:
    """Per dump, the configuration its rights output was cleared under and each one later judged equivalent
    for it (``equivalent_under`` in its _stats.json, see provenance.rights.affected)."""
    from provenance.rights.affected import accepted_configs

    rows = []
    for dump_id, stats in sorted(inputs.cleared_stats.items()):
        for i, config in enumerate(accepted_configs(stats)):
            rows.append(
                {
                    "dump_id": dump_id,
                    "basis": "judged equivalent" if i else "cleared",
                    **{k: config.get(k) for k in RIGHTS_CLEARINGS_SCHEMA.names[2:]},
                }
            )
    return pa.Table.from_pylist(rows, schema=RIGHTS_CLEARINGS_SCHEMA)


_RELEASE_SCHEMA = pa.schema(
    [
        ("release_id", pa.string()),
        ("created_at", pa.timestamp("us", tz="UTC")),
        ("manifest_sha256", pa.string()),
        ("statement_sha256", pa.string()),
        ("merkle_root", pa.string()),
        ("key_id", pa.string()),
        ("signature_valid", pa.bool_()),
        ("samples", pa.int64()),
        ("shards", pa.int64()),
        ("duplicates", pa.int64()),
        ("quarantined", pa.int64()),
        ("already_released", pa.int64()),
        ("licence_policy_version", pa.string()),
        ("optout_registry_version", pa.string()),
        ("optout_registry_sha256", pa.string()),
        ("crawler_tokens_version", pa.string()),
        ("producer_version", pa.string()),
        ("git_commit", pa.string()),
        ("earlier_releases", pa.list_(pa.string())),
        ("predicate_summary", pa.string()),
        ("path", pa.string()),
        ("optout_requests_honoured", pa.list_(pa.string())),
        ("denylist_version", pa.string()),
        ("denylist_sha256", pa.string()),
    ]
)
_SHARD_SCHEMA = pa.schema(
    [
        ("release_id", pa.string()),
        ("shard", pa.string()),
        ("sha256", pa.string()),
        ("rows", pa.int64()),
        ("bytes", pa.int64()),
        ("present", pa.bool_()),
    ]
)


def release_tables(ws: Workspace, release_ids: list[str]) -> tuple[pa.Table, pa.Table]:
    """One row per release (from its signed manifest, else its lineage stats) and one per shard."""
    # Imported here: verification code is only needed when there is a release to describe.
    from provenance.certify.dsse import EnvelopeError, parse_envelope, signature_matches
    from provenance.certify.keys import SigningKeyError, load_public_key

    on_disk = (
        sorted(
            p.name
            for p in ws.releases.iterdir()
            if p.is_dir() and not p.name.startswith(".") and (p / MANIFEST_FILE).is_file()
        )
        if ws.releases.is_dir()
        else []
    )
    releases, shards = [], []
    for rid in sorted(set(release_ids) | set(on_disk)):
        folder = ws.releases / rid
        row: dict[str, Any] = dict.fromkeys(_RELEASE_SCHEMA.names)
        row["release_id"] = rid
        stats = _stats(ws, CERTIFY_OUTPUT, rid, [])
        if stats is not None:
            row.update(
                samples=stats.samples,
                shards=stats.shards,
                duplicates=stats.duplicates,
                quarantined=stats.quarantined,
                already_released=stats.already_released,
                merkle_root=stats.merkle_root,
                manifest_sha256=stats.manifest_sha256,
                key_id=stats.key_id,
            )
        manifest = folder / MANIFEST_FILE
        summary: dict = {}
        if manifest.is_file():
            row["path"] = str(folder)
            data = manifest.read_bytes()
            row["manifest_sha256"] = hashlib.sha256(data).hexdigest()
            try:
                envelope = parse_envelope(data)
                statement = json.loads(envelope.payload)
                predicate = statement["predicate"]
            except (EnvelopeError, ValueError, KeyError, TypeError) as exc:
                summary = {"error": f"{manifest}: unreadable manifest ({type(exc).__name__})"}
                row["signature_valid"] = False
            else:
                row["statement_sha256"] = hashlib.sha256(envelope.payload).hexdigest()
                try:
                    row["signature_valid"] = signature_matches(envelope, load_public_key(folder / PUBLIC_KEY_FILE))[0]
                except SigningKeyError:
                    row["signature_valid"] = False
                counts = predicate.get("counts") or {}
                certify = (counts.get("decisions") or {}).get("certify") or {}
                contracts = predicate.get("contracts") or {}
                producer = predicate.get("producer") or {}
                created = predicate.get("created_at")
                row.update(
                    created_at=dt.datetime.fromisoformat(created.replace("Z", "+00:00")) if created else None,
                    merkle_root=(predicate.get("merkle") or {}).get("root"),
                    key_id=(predicate.get("signing_key") or {}).get("key_id"),
                    samples=counts.get("samples", row["samples"]),
                    shards=len(predicate.get("shards") or []),
                    duplicates=certify.get("duplicate", row["duplicates"]),
                    quarantined=certify.get("quarantined", row["quarantined"]),
                    already_released=certify.get("already_released", row["already_released"]),
                    licence_policy_version=(contracts.get("licence_policy") or {}).get("version"),
                    optout_registry_version=(contracts.get("optout_registry") or {}).get("version"),
                    optout_registry_sha256=(contracts.get("optout_registry") or {}).get("sha256"),
                    optout_requests_honoured=(contracts.get("optout_registry") or {}).get("requests_honoured"),
                    denylist_version=(contracts.get("denylist") or {}).get("version"),
                    denylist_sha256=(contracts.get("denylist") or {}).get("sha256"),
                    crawler_tokens_version=(contracts.get("crawler_tokens") or {}).get("version"),
                    producer_version=producer.get("version"),
                    git_commit=producer.get("git_commit"),
                    earlier_releases=[e.get("release_id") for e in predicate.get("earlier_releases") or []],
                )
                summary = {
                    "counts": counts,
                    "contracts": {k: v for k, v in contracts.items() if k != "files"},
                    "models": predicate.get("models"),
                    "dedup_policy": (predicate.get("dedup") or {}).get("policy_version"),
                    "inputs": predicate.get("inputs"),
                    "personal_data": predicate.get("personal_data"),
                }
                subjects = {s["name"]: s["digest"]["sha256"] for s in statement.get("subject", [])}
                for shard in predicate.get("shards") or []:
                    name = shard.get("name")
                    shards.append(
                        {
                            "release_id": rid,
                            "shard": name,
                            "sha256": subjects.get(name),
                            "rows": shard.get("rows"),
                            "bytes": shard.get("bytes"),
                            "present": (folder / name).is_file(),
                        }
                    )
        else:
            summary = {"error": f"{manifest} is not there: the release folder was removed or never published"}
        row["predicate_summary"] = json.dumps(summary, sort_keys=True, ensure_ascii=False, default=str)
        releases.append(row)
    return pa.Table.from_pylist(releases, schema=_RELEASE_SCHEMA), pa.Table.from_pylist(shards, schema=_SHARD_SCHEMA)


#: release_accounting: what became of every record of a release's input dumps, stage by stage, as its manifest says.
RELEASE_ACCOUNTING_SCHEMA = pa.schema(
    [("release_id", pa.string()), ("created_at", pa.timestamp("us", tz="UTC")), ("input_dumps", pa.int64())]
    + [
        (name, pa.int64())
        for name in (
            "records_seen",
            "documents",
            "ingest_quarantined",
            "skipped",
            "redaction_held",
            "rights_cleared",
            "rights_excluded",
            "rights_quarantined",
            "already_released",
            "duplicates",
            "certify_quarantined",
            "samples",
        )
    ]
)


def release_accounting(releases: pa.Table) -> pa.Table:
    """Per release, the counts of every stage over its input dumps, from its signed manifest's counts (null where a
    manifest states none): ingest, redaction, rights and certify, each under its own name."""
    rows = []
    for release in releases.select(["release_id", "created_at", "predicate_summary"]).to_pylist():
        summary = json.loads(release["predicate_summary"] or "{}")
        decisions = (summary.get("counts") or {}).get("decisions") or {}
        ingest, rights, certify = (decisions.get(stage) for stage in ("ingest", "rights", "certify"))
        row: dict[str, Any] = dict.fromkeys(RELEASE_ACCOUNTING_SCHEMA.names)
        row.update(release_id=release["release_id"], created_at=release["created_at"])
        if summary.get("inputs") is not None:
            row["input_dumps"] = len(summary["inputs"])
        if ingest:
            row.update(
                records_seen=ingest.get("records_seen"),
                documents=ingest.get("documents"),
                ingest_quarantined=ingest.get("quarantined"),
            )
            if None not in (row["records_seen"], row["documents"], row["ingest_quarantined"]):
                row["skipped"] = row["records_seen"] - row["documents"] - row["ingest_quarantined"]
        if rights is not None:
            row.update(
                rights_cleared=sum(n for d, n in rights.items() if d in CLEARING),
                rights_excluded=rights.get("excluded", 0),
                rights_quarantined=rights.get("quarantined", 0),
            )
            if row["documents"] is not None:
                row["redaction_held"] = row["documents"] - sum(rights.values())
        if certify:
            row.update(
                already_released=certify.get("already_released"),
                duplicates=certify.get("duplicate"),
                certify_quarantined=certify.get("quarantined"),
                samples=certify.get("sample"),
            )
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=RELEASE_ACCOUNTING_SCHEMA)


def dump_info(ws: Workspace, inputs: Inputs, samples_dumps: list[str]) -> pa.Table:
    """dump_id, source_id, path and records seen for every dump any stage knows."""
    try:
        found = {d.dump_id: d for d in discover_dumps(ws.home, load_sources(ws.contracts))}
    except ContractError:
        found = {}
    ids = sorted(set().union(*(inputs.present[s] for s in (INGEST, REDACTED, CLEARED))) | set(samples_dumps))
    rows = []
    for dump_id in ids:
        ingest = inputs.ingest_stats.get(dump_id)
        cleared = inputs.cleared_stats.get(dump_id)
        source_id = ingest.source_id if ingest else cleared.source_id if cleared else None
        if not source_id and dump_id in found:
            source_id = found[dump_id].source_id
        rows.append(
            {
                "dump_id": dump_id,
                "source_id": source_id or dump_id.split(".", 1)[0],
                "path": found[dump_id].relpath if dump_id in found else None,
                "records_seen": ingest.records_seen if ingest else None,
                "has_ingest": dump_id in inputs.present[INGEST],
                "has_redacted": dump_id in inputs.present[REDACTED],
                "has_rights": dump_id in inputs.present[CLEARED],
            }
        )
    schema = pa.schema(
        [
            ("dump_id", pa.string()),
            ("source_id", pa.string()),
            ("path", pa.string()),
            ("records_seen", pa.int64()),
            ("has_ingest", pa.bool_()),
            ("has_redacted", pa.bool_()),
            ("has_rights", pa.bool_()),
        ]
    )
    return pa.Table.from_pylist(rows, schema=schema)


def samples_dump_ids(files: list[tuple[str, Path]]) -> set[str]:
    out: set[str] = set()
    for _, path in files:
        for batch in pq.ParquetFile(path).iter_batches(columns=["dump_id"], batch_size=1 << 16):
            out.update(pc.unique(batch.column(0)).to_pylist())
    return {d for d in out if d}
