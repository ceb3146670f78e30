"""A run killed (SIGKILL) at any stage boundary is recovered by the next `provenance run`, as if never killed.

The real pipeline (real Dagster, real models, real keys) runs in a subprocess on a small crafted landing
area: two JSONL dumps of readers' letters, one letter in both (so the release records a duplicate) and
one that names a person and gives a phone number (so redaction has work). The process kills itself at
a named point (``PROVENANCE_FAULT_POINT``, :mod:`provenance.faults`); the next run must exit 0 with the
release id of an uninterrupted run, exactly one release folder, a complete lineage and no leftover
temporary folder.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from dagster_defs.lineage import LINEAGE_POOL
from provenance.certify.keys import keygen
from provenance.faults import FAULT_POINT_ENV, FaultPoint
from provenance.leftovers import find_leftovers
from provenance.lineage.completeness import check_completeness
from provenance.workspace import Workspace

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("fault_injection")]

REPO = Path(__file__).resolve().parents[2]
#: a normal run of this workspace takes well under a minute: this only keeps a hang from holding the suite
RUN_TIMEOUT = 300

SOURCE = """\
id: courrier
title: Courrier des lecteurs
rights_holder: La Gazette du Cantal
licence: CC-BY-4.0
attribution: La Gazette du Cantal, CC BY 4.0
provenance_url: https://archives.gazette-cantal.example/
format: jsonl
dumps: landing/courrier/*.jsonl
language: fr
fields: {text: body, id: id, date: date}
max_quarantine_rate: 0.25
"""
SHARED = {"id": "3", "date": "2024-03-04", "body": "Les travaux de la route de Murat dureront jusqu'à l'été."}
DUMPS = {
    "2024-03": [
        {"id": "1", "date": "2024-03-02", "body": "Le conseil municipal de Saint-Flour a voté hier le budget."},
        {
            "id": "2",
            "date": "2024-03-03",
            "body": "Pour la foire aux bestiaux, appelez Jeanne Rouchy au 04 71 60 22 18 avant lundi.",
        },
        SHARED,
    ],
    "2024-04": [
        {"id": "4", "date": "2024-04-05", "body": "Le club de rugby accueille Aurillac dimanche au stade municipal."},
        SHARED,
    ],
}


def _write_workspace(root: Path) -> Path:
    """Contracts (the repository's policies and one source), the two dumps and keys under ``root``."""
    contracts = root / "contracts"
    shutil.copytree(REPO / "data_contracts", contracts)
    (contracts / "sources" / "courrier.yaml").write_text(SOURCE, encoding="utf-8")
    for name, letters in DUMPS.items():
        path = root / "home" / "landing" / "courrier" / f"{name}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in letters), encoding="utf-8")
    keys = root / "keys"
    keygen(keys)
    pii = keys / "pii_hmac.key"
    pii.write_text("5" * 64 + "\n", encoding="utf-8")
    pii.chmod(0o600)
    return root


def _environ(root: Path, fault: FaultPoint | None = None) -> dict[str, str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "demo")]),
        "PROVENANCE_HOME": str(root / "home"),
        "PROVENANCE_CONTRACTS": str(root / "contracts"),
        "PROVENANCE_SIGNING_KEY": str(root / "keys" / "signing_key.pem"),
        "PROVENANCE_PII_KEY": str(root / "keys" / "pii_hmac.key"),
        "DAGSTER_HOME": "",
        "COLUMNS": "1000",  # one progress line per line
    }
    env.pop(FAULT_POINT_ENV, None)
    if fault is not None:
        env[FAULT_POINT_ENV] = fault.value
    return env


def provenance_run(root: Path, fault: FaultPoint | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dagster_defs.cli", "run"],
        capture_output=True,
        text=True,
        env=_environ(root, fault),
        cwd=root,
        timeout=RUN_TIMEOUT,
    )


def workspace(root: Path) -> Workspace:
    return Workspace.at(root / "home", root / "contracts")


def release_folders(root: Path) -> list[str]:
    return sorted(p.name for p in workspace(root).releases.iterdir())


def temporary_names(root: Path) -> list[str]:
    """Every hidden name a run leaves in the workspace (relative to its home), except the published versions of
    stage outputs (the folders their symlinks name) and the release's and lineage's input records."""
    ws = workspace(root)
    names = [f"releases/{p.name}" for p in ws.releases.glob(".*")]
    names += [p.name for p in ws.home.iterdir() if p.name.startswith(".lineage")]
    for stage in (p for p in ws.staging.iterdir() if not p.name.startswith(".")):
        published = {os.readlink(p) for p in stage.iterdir() if p.is_symlink()}
        names += [
            f"staging/{stage.name}/{p.name}"
            for p in stage.iterdir()
            if p.name.startswith(".") and p.name not in published
        ]
    return sorted(names)


def lineage_releases(root: Path) -> list[str]:
    with duckdb.connect(str(workspace(root).lineage_db), read_only=True) as con:
        return [r[0] for r in con.execute("SELECT release_id FROM releases ORDER BY release_id").fetchall()]


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return _write_workspace(tmp_path_factory.mktemp("fault_template"))


@pytest.fixture(scope="module")
def reference(template, tmp_path_factory) -> dict:
    """An uninterrupted run of the workspace: what every recovered run must end with."""
    root = tmp_path_factory.mktemp("fault_reference")
    shutil.copytree(template, root, dirs_exist_ok=True)
    result = provenance_run(root)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    [release_id] = release_folders(root)
    assert temporary_names(root) == [] and check_completeness(workspace(root).lineage_db).ok
    return {"release_id": release_id, "lineage_releases": lineage_releases(root)}


def kill_at(template: Path, tmp_path: Path, point: FaultPoint) -> tuple[Path, list[str]]:
    """A copy of the workspace whose run was killed at ``point``, and the temporary names the run left."""
    root = tmp_path / "ws"
    shutil.copytree(template, root)
    killed = provenance_run(root, point)
    assert killed.returncode == -signal.SIGKILL, f"never reached {point}: " + killed.stderr[-3000:]
    return root, temporary_names(root)


def assert_recovered(root: Path, again: subprocess.CompletedProcess[str], left: list[str], reference: dict) -> None:
    """The run after the kill ended as an uninterrupted run does, and removed (and named) what the kill left."""
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    for name in left:
        assert f"removed {name}," in again.stdout
    assert release_folders(root) == [reference["release_id"]]
    assert lineage_releases(root) == reference["lineage_releases"]
    report = check_completeness(workspace(root).lineage_db)
    assert report.ok, report.describe()
    assert temporary_names(root) == []
    ws = workspace(root)
    assert list(find_leftovers(ws.staging, ws.releases, ws.lineage_db)) == []


@pytest.mark.parametrize(
    "point",
    [
        FaultPoint.AFTER_INGEST,
        FaultPoint.AFTER_PII,
        FaultPoint.AFTER_RIGHTS,
        FaultPoint.AFTER_RELEASE_RENAME,
    ],
)
def test_a_run_killed_at_a_stage_boundary_is_recovered_by_the_next_run(template, tmp_path, point, reference):
    root, left = kill_at(template, tmp_path, point)
    if point is FaultPoint.AFTER_RELEASE_RENAME:
        assert any(name.startswith("releases/.work-") for name in left), left  # the build's scratch, with its spills
    assert_recovered(root, provenance_run(root), left, reference)


class SlotHeldByDeadRun(AssertionError):
    """The run waits for the lineage pool slot that the killed run still holds."""


def run_unless_blocked(root: Path, dead_run_ids: set[str]) -> subprocess.CompletedProcess[str]:
    """`provenance run`, stopped (SlotHeldByDeadRun) as soon as its lineage step waits for a dead run's slot."""
    out, err = root / "run.out", root / "run.err"
    with out.open("w") as stdout, err.open("w") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-m", "dagster_defs.cli", "run"],
            stdout=stdout,
            stderr=stderr,
            env=_environ(root),
            cwd=root,
        )
    with dg.DagsterInstance.from_config(str(root / "home" / "dagster")) as instance:
        deadline = time.monotonic() + RUN_TIMEOUT  # a hang guard, not a measure
        while proc.poll() is None and time.monotonic() < deadline:
            info = instance.event_log_storage.get_concurrency_info(LINEAGE_POOL)
            if info.active_run_ids & dead_run_ids and info.pending_run_ids - dead_run_ids:
                proc.kill()
                proc.wait()
                raise SlotHeldByDeadRun(
                    f"the run waits for the {LINEAGE_POOL} slot the killed run {dead_run_ids} holds"
                )
            time.sleep(1)
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    return subprocess.CompletedProcess(proc.args, proc.returncode, out.read_text(), err.read_text())


def test_a_run_killed_during_the_lineage_build_is_recovered_by_the_next_run(template, tmp_path, reference):
    root, left = kill_at(template, tmp_path, FaultPoint.DURING_LINEAGE_BUILD)
    assert any(name.startswith(".lineage.") for name in left), left  # the database being built
    with dg.DagsterInstance.from_config(str(root / "home" / "dagster")) as instance:
        dead = instance.event_log_storage.get_concurrency_info(LINEAGE_POOL).active_run_ids
    assert_recovered(root, run_unless_blocked(root, dead), left, reference)
