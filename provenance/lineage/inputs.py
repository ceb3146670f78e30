"""What lineage is built from: every stage's files pinned to their published version, and the dumps they name.

Stage folders are symlinks that a re-run swaps (:func:`provenance.workspace.publish_dir`), so each
folder is resolved once, here, and every later read uses that version. A stage file that is
missing or unreadable is not fatal: it becomes a problem naming the file, and the dump it belongs
to is reported incomplete.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TypeVar

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from provenance.contracts import ContractError, load_sources
from provenance.dumps import Dump, discover_dumps
from provenance.ingest.failures import FailureNote, failure_notes
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
from provenance.stats import ClearStats, IngestStats, StageStats, StatsFileError
from provenance.workspace import Workspace

S = TypeVar("S", bound=StageStats)

#: The stage names lineage groups its inputs and problems by.
INGEST, REDACTED, CLEARED, CERTIFY = (stage.name for stage in STAGES)


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
    # Its locator, URL and licence statements are read only for documents with no redacted row, identifiers
    # redacted (documents.sql).
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
        (
            "doc_id",
            "dump_id",
            "lang",
            "flags",
            "redaction_count",
            "title",
            "person_names",
            "person_names_basis",
            "locator",
            "url",
            "licence",
            "licence_hints",
        ),
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
    #: the dumps in landing/ now, by id; None when the contracts cannot be read (then nothing is set aside)
    landing: dict[str, Dump] | None = None
    #: dumps whose last run of a stage raised (their failure notes), in landing/
    failed: list[FailureNote] = dataclasses.field(default_factory=list)
    #: (dump_id, stage, folder) of staging left by dumps no longer in landing/: not counted, only reported
    stale: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)


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
    landing = _landing(ws)
    stale = _set_aside_stale(ws, landing, files, problems, present)
    ingest_stats = {d: ingest for d in present[INGEST] if (ingest := _stats(ws, INGEST_OUTPUT, d, problems))}
    cleared_stats = {d: cleared for d in present[CLEARED] if (cleared := _stats(ws, RIGHTS, d, problems))}
    failed = _failed(ws, landing, problems)
    return Inputs(files, lacking, problems, present, ingest_stats, cleared_stats, landing, failed, stale)


def _landing(ws: Workspace) -> dict[str, Dump] | None:
    try:
        return {d.dump_id: d for d in discover_dumps(ws.home, load_sources(ws.contracts))}
    except ContractError:
        return None


def _set_aside_stale(
    ws: Workspace,
    landing: dict[str, Dump] | None,
    files: dict[str, list[tuple[str, Path]]],
    problems: list[tuple[str, str, str]],
    present: dict[str, list[str]],
) -> list[tuple[str, str, str]]:
    """Drop the staging of dumps no longer in landing/ from what lineage counts, and list it.

    Their staging is the user's (a dump may be put back), so it is reported, never removed. A dump a release
    read (a sample or a certify decision names it) stays counted: the release must still trace to its documents.
    """
    if landing is None:
        return []
    released = samples_dump_ids(files["samples"] + files["cert_decisions"])
    stale: list[tuple[str, str, str]] = []
    for stage in (INGEST, REDACTED, CLEARED):
        gone = {d for d in present[stage] if d not in landing and d not in released}
        stale += [(d, stage, str(ws.stage_dir(stage, d))) for d in sorted(gone)]
        present[stage] = [d for d in present[stage] if d not in gone]
        for kind_name, kind in KINDS.items():
            if kind.stage == stage:
                files[kind_name] = [(d, path) for d, path in files[kind_name] if d not in gone]
        problems[:] = [p for p in problems if not (p[1] == stage and p[0] in gone)]
    return stale


def _failed(ws: Workspace, landing: dict[str, Dump] | None, problems: list[tuple[str, str, str]]) -> list[FailureNote]:
    """The failure notes of dumps in landing/, each also a problem of its dump (so it is not complete)."""
    notes, unreadable = failure_notes(ws)
    problems += unreadable
    notes = [n for n in notes if landing is None or n.dump_id in landing]
    for n in notes:
        problems.append(
            (
                n.dump_id,
                n.stage,
                f"{n.stage} failed for {n.path} at {n.failed_at}: {n.cause}; it has no current output",
            )
        )
    return notes


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


# --------------------------------------------------------------------------- configurations and dumps


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


def dump_info(ws: Workspace, inputs: Inputs, samples_dumps: list[str]) -> pa.Table:
    """dump_id, source_id, path and records seen for every dump any stage knows."""
    found = inputs.landing or {}
    known = set().union(*(inputs.present[s] for s in (INGEST, REDACTED, CLEARED))) | set(samples_dumps)
    ids = sorted(known | {n.dump_id for n in inputs.failed})
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


FAILED_DUMPS_SCHEMA = pa.schema(
    [(name, pa.string()) for name in ("dump_id", "source_id", "path", "stage", "cause", "failed_at")]
)
STALE_STAGING_SCHEMA = pa.schema([("dump_id", pa.string()), ("stage", pa.string()), ("folder", pa.string())])


def failed_dumps_table(inputs: Inputs) -> pa.Table:
    rows = [dataclasses.asdict(n) for n in inputs.failed]
    return pa.Table.from_pylist(rows, schema=FAILED_DUMPS_SCHEMA)


def stale_staging_table(inputs: Inputs) -> pa.Table:
    rows = [{"dump_id": d, "stage": s, "folder": f} for d, s, f in inputs.stale]
    return pa.Table.from_pylist(rows, schema=STALE_STAGING_SCHEMA)


def samples_dump_ids(files: list[tuple[str, Path]]) -> set[str]:
    out: set[str] = set()
    for _, path in files:
        for batch in pq.ParquetFile(path).iter_batches(columns=["dump_id"], batch_size=1 << 16):
            out.update(pc.unique(batch.column(0)).to_pylist())
    return {d for d in out if d}
