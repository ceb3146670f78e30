"""Each stage's output, declared once: its staging folder, the files it writes with their schemas, its stats.

A stage writes ``staging/<stage>/<key>/`` (the key is a dump id, or a release id for certify): the
files below, and ``_stats.json`` holding its stats dataclass. Whoever reads a stage's output (the
next stage, lineage, the Dagster assets, the run report) imports its declaration from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

import pyarrow as pa

from provenance.schema import (
    CLEARED_DOCUMENT_SCHEMA,
    DECISION_SCHEMA,
    DOCUMENT_SCHEMA,
    NOTICE_SCHEMA,
    OPTOUT_EVIDENCE_SCHEMA,
    QUARANTINE_SCHEMA,
    REDACTED_DOCUMENT_SCHEMA,
    REDACTION_SCHEMA,
    RELEASE_SAMPLE_SCHEMA,
    SITE_SIGNAL_SCHEMA,
    SKIPPED_SCHEMA,
)
from provenance.stats import ClearStats, IngestStats, RedactStats, ReleaseStats, StageStats
from provenance.vocabulary import StageOutput as StageName

S = TypeVar("S", bound=StageStats)
#: Every stage writes its stats beside its files under this name.
#: The folder under PROVENANCE_HOME that holds every stage's output.
STAGING = "staging"
STATS_FILE = "_stats.json"


@dataclass(frozen=True)
class OutputFile:
    """One Parquet file a stage writes per key, and the schema of its rows."""

    name: str
    schema: pa.Schema


@dataclass(frozen=True)
class StageOutput(Generic[S]):
    """One stage's output folder: ``staging/<name>/<key>/``, its files, and the dataclass of its ``_stats.json``."""

    #: the staging folder, which is also the Dagster asset's name
    name: str
    files: tuple[OutputFile, ...]
    stats: type[S]
    stats_file: str = STATS_FILE

    def load_stats(self, folder: Path) -> S | None:
        """The stats published in ``folder`` (None: it has no stats file); strict, see :mod:`provenance.stats`."""
        path = Path(folder) / self.stats_file
        return self.stats.load(path) if path.is_file() else None


# --------------------------------------------------------------------------- ingest
DOCUMENTS = OutputFile("documents.parquet", DOCUMENT_SCHEMA)
QUARANTINE = OutputFile("quarantine.parquet", QUARANTINE_SCHEMA)
SKIPPED = OutputFile("skipped.parquet", SKIPPED_SCHEMA)
SITE_SIGNALS = OutputFile("site_signals.parquet", SITE_SIGNAL_SCHEMA)
NOTICES = OutputFile("notices.parquet", NOTICE_SCHEMA)
INGEST: StageOutput[IngestStats] = StageOutput(
    StageName.DOCUMENTS.value, (DOCUMENTS, QUARANTINE, SKIPPED, SITE_SIGNALS, NOTICES), IngestStats
)

# --------------------------------------------------------------------------- personal data
REDACTED_DOCUMENTS = OutputFile("documents.parquet", REDACTED_DOCUMENT_SCHEMA)
REDACTIONS = OutputFile("redactions.parquet", REDACTION_SCHEMA)
REDACTION: StageOutput[RedactStats] = StageOutput(
    StageName.REDACTED_DOCUMENTS.value, (REDACTED_DOCUMENTS, REDACTIONS), RedactStats
)

# --------------------------------------------------------------------------- rights
CLEARED_DOCUMENTS = OutputFile("documents.parquet", CLEARED_DOCUMENT_SCHEMA)
RIGHTS_DECISIONS = OutputFile("decisions.parquet", DECISION_SCHEMA)
OPTOUT_EVIDENCE = OutputFile("optout_evidence.parquet", OPTOUT_EVIDENCE_SCHEMA)
RIGHTS: StageOutput[ClearStats] = StageOutput(
    StageName.CLEARED_DOCUMENTS.value, (CLEARED_DOCUMENTS, RIGHTS_DECISIONS, OPTOUT_EVIDENCE), ClearStats
)

# --------------------------------------------------------------------------- certify (keyed by release id)
RELEASE_SAMPLES = OutputFile("samples.parquet", RELEASE_SAMPLE_SCHEMA)
CERTIFY_DECISIONS = OutputFile("decisions.parquet", DECISION_SCHEMA)
CERTIFY: StageOutput[ReleaseStats] = StageOutput(
    StageName.CERTIFIED_RELEASE.value, (RELEASE_SAMPLES, CERTIFY_DECISIONS), ReleaseStats
)

#: A dump whose stage raised leaves a note under ``staging/<FAILED>/<stage>/<dump_id>.json`` (the error's one-line
#: cause, when) until the stage next succeeds for it: lineage lists it in ``failed_dumps`` (``ingest/failures.py``).
FAILED = "failed"

#: The per-dump stages, in flow order.
DUMP_STAGES = (INGEST, REDACTION, RIGHTS)
#: Every stage with a staging folder, in flow order.
STAGES = (*DUMP_STAGES, CERTIFY)


def sql_names() -> dict[str, str]:
    """Template names for the lineage SQL: ``<stage>_dir`` -> staging folder, ``<stage>_<file>`` -> file name,
    e.g. ``documents_dir`` -> ``documents``, ``documents_quarantine`` -> ``quarantine.parquet``."""
    names = {"stats_file": STATS_FILE}
    for stage in STAGES:
        names[f"{stage.name}_dir"] = stage.name
        for output in stage.files:
            names[f"{stage.name}_{output.name.removesuffix('.parquet')}"] = output.name
    return names
