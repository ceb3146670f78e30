"""What a release is built from: every cleared dump pinned to its published version, earlier releases, and the
pipeline's counts over those dumps (read from the ingest and rights outputs declared in :mod:`provenance.layout`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from provenance.certify.manifest import MANIFEST_FILE
from provenance.contracts import PersonNames, SourceContract
from provenance.layout import CLEARED_DOCUMENTS, INGEST, RIGHTS, RIGHTS_DECISIONS, StageOutput
from provenance.rights.affected import accepted_configs
from provenance.stats import StageStats, StatsFileError
from provenance.workspace import Workspace

S = TypeVar("S", bound=StageStats)

#: The columns of CLEARED_DOCUMENT_SCHEMA certify reads.
INPUT_COLUMNS = [
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
POLICY_COLUMNS = ["person_names", "person_names_basis"]


class CertifyInputError(ValueError):
    """An input of the release cannot be read; ``str()`` names the file and the problem."""


@dataclass(frozen=True)
class ClearedInput:
    """One dump's cleared documents, pinned to the version published when the release started."""

    dump_id: str
    path: Path
    rows: int
    uncompressed_bytes: int
    #: the file records the person-name policy of its documents
    has_policy: bool = True


def cleared_inputs(ws: Workspace, sources: dict[str, SourceContract]) -> list[ClearedInput]:
    inputs = []
    for dump_id in ws.stage_dumps(RIGHTS):
        path = ws.stage_dir(RIGHTS, dump_id) / CLEARED_DOCUMENTS.name
        if not path.is_file():
            raise CertifyInputError(f"{path}: missing (the {RIGHTS.name} output of dump {dump_id} is incomplete)")
        try:
            meta = pq.ParquetFile(path).metadata
            schema = pq.read_schema(path)
        except (OSError, pa.ArrowException) as exc:
            raise CertifyInputError(f"{path}: not a readable Parquet file ({type(exc).__name__}: {exc})") from None
        missing = [c for c in INPUT_COLUMNS if c not in schema.names]
        if missing:
            raise CertifyInputError(f"{path}: missing column(s) {', '.join(missing)} of CLEARED_DOCUMENT_SCHEMA")
        has_policy = all(c in schema.names for c in POLICY_COLUMNS)
        if has_policy:
            _check_names_still_kept(path, sources)
        size = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
        # The stage folder is a symlink swapped on re-runs: pin the version listed now, so every
        # read (and the sha256 in the manifest) is of the same file.
        inputs.append(ClearedInput(dump_id, path.resolve(), meta.num_rows, size, has_policy=has_policy))
    return inputs


def _stats(ws: Workspace, stage: StageOutput[S], dump_id: str) -> S:
    """A dump's stats for ``stage``, strictly loaded; a missing or unreadable file is a CertifyInputError."""
    try:
        stats = ws.stats(stage, dump_id)
    except StatsFileError as exc:
        raise CertifyInputError(str(exc)) from None
    if stats is None:
        raise CertifyInputError(f"{ws.stage_dir(stage, dump_id) / stage.stats_file}: missing")
    return stats


def requests_honoured(ws: Workspace, dump_ids: list[str]) -> list[str]:
    """The opt-out requests every input's rights run was checked against: the requests this release honours."""
    honoured: set[str] | None = None
    for dump_id in dump_ids:
        # The latest configuration the dump counts as cleared under: its own run's, or one judged equivalent.
        stats = _stats(ws, RIGHTS, dump_id)
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


def earlier_releases(ws: Workspace, rebuilding: str | None) -> list[Path]:
    if not ws.releases.is_dir():
        return []
    return sorted(
        p
        for p in ws.releases.iterdir()
        if p.is_dir() and not p.name.startswith(".") and p.name != rebuilding and (p / MANIFEST_FILE).is_file()
    )


def pipeline_counts(ws: Workspace, dump_ids: list[str]) -> dict:
    """Ingest quarantine and rights decisions over the dumps of this release, from their stage outputs."""
    ingest: Counter = Counter()
    rights: Counter = Counter()
    for dump_id in dump_ids:
        stats = _stats(ws, INGEST, dump_id)
        ingest.update(records_seen=stats.records_seen, documents=stats.documents, quarantined=stats.quarantined)
        decisions = ws.stage_dir(RIGHTS, dump_id) / RIGHTS_DECISIONS.name
        if decisions.is_file():
            column = pq.read_table(decisions, columns=["decision"]).column("decision")
            for entry in pc.value_counts(column).to_pylist():
                rights[entry["values"]] += entry["counts"]
    return {"ingest": dict(sorted(ingest.items())), "rights": dict(sorted(rights.items()))}
