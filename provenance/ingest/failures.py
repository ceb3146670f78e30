"""Failure notes: a dump whose stage raised is remembered as failed (a small JSON file) until it next succeeds.

The asset that runs a stage (ingest, redaction, rights) writes the note before re-raising (``failure_noted``),
so a dump whose output was never published (or is older than its dump) still has a row in lineage
(``failed_dumps``) and ``lineage_complete`` fails for it. The cause is one line without content: the
exception's type, an OSError's reason, and where in the code it was raised (an exception's message can
quote the input, which may hold personal data).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import traceback
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from provenance.contracts import ContractError, file_sha256, load_sources
from provenance.dumps import Dump, discover_dumps
from provenance.layout import FAILED, StageOutput
from provenance.workspace import Workspace, write_json_atomic


@dataclass(frozen=True)
class FailureNote:
    dump_id: str
    source_id: str
    path: str
    stage: str
    cause: str
    failed_at: str


def note_path(ws: Workspace, stage: StageOutput | str, dump_id: str) -> Path:
    name = stage if isinstance(stage, str) else stage.name
    return ws.staging / FAILED / name / f"{dump_id}.json"


def one_line_cause(exc: BaseException) -> str:
    """``ValueError raised in provenance/ingest/warc.py:123 (_block)``: what and where, never the message."""
    what = type(exc).__name__
    if isinstance(exc, OSError) and exc.strerror:
        what += f" ({exc.strerror})"
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return what
    frame = frames[-1]
    parts = Path(frame.filename).parts
    ours = [i for i, part in enumerate(parts) if part in ("provenance", "dagster_defs")]
    where = "/".join(parts[ours[-1] :]) if ours else parts[-1]  # a path inside the package, never a home folder
    return f"{what} raised in {where}:{frame.lineno} ({frame.name})"


def record_failure(ws: Workspace, stage: StageOutput, dump: Dump, exc: BaseException, when: dt.datetime) -> None:
    note = FailureNote(dump.dump_id, dump.source_id, dump.relpath, stage.name, one_line_cause(exc), when.isoformat())
    write_json_atomic(note_path(ws, stage, dump.dump_id), asdict(note))


def clear_failure(ws: Workspace, stage: StageOutput, dump_id: str) -> None:
    note_path(ws, stage, dump_id).unlink(missing_ok=True)


@contextlib.contextmanager
def failure_noted(ws: Workspace, stage: StageOutput, dump: Dump) -> Iterator[None]:
    """Run a stage's work for one dump: a note when it raises (the exception goes on), none once it succeeds."""
    try:
        yield
    except Exception as exc:
        record_failure(ws, stage, dump, exc, dt.datetime.now(dt.UTC))
        raise
    clear_failure(ws, stage, dump.dump_id)


def failure_notes(ws: Workspace) -> tuple[list[FailureNote], list[tuple[str, str, str]]]:
    """Every failure note (sorted by stage, dump), and (dump_id, stage, problem) for each that cannot be read."""
    notes: list[FailureNote] = []
    problems: list[tuple[str, str, str]] = []
    root = ws.staging / FAILED
    for path in sorted(root.glob("*/*.json")) if root.is_dir() else []:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            notes.append(FailureNote(**{k: str(data[k]) for k in FailureNote.__dataclass_fields__}))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            problems.append(
                (path.stem, path.parent.name, f"{path}: the failure note cannot be read ({type(exc).__name__})")
            )
    return notes, problems


def lineage_listing(ws: Workspace) -> dict[str, object]:
    """What lineage reads besides the stage outputs, for its fingerprint: the dumps in landing/ (their ids: a
    removed dump's staging stops counting) and every failure note (by content)."""
    try:
        landing: list[str] | None = [d.dump_id for d in discover_dumps(ws.home, load_sources(ws.contracts))]
    except ContractError:
        landing = None
    root = ws.staging / FAILED
    notes = {p.relative_to(root).as_posix(): file_sha256(p) for p in sorted(root.glob("*/*.json"))}
    return {"landing": landing, "failures": notes}
