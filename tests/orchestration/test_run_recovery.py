"""Crash consistency of runs: one `provenance run` per workspace at a time, a killed run's leftovers in Dagster
released by the next, and a full disk said in one line with nothing half-published.

A demo workspace is made once with the real `provenance demo`; each test works on a copy, with real
`provenance run` processes and a real Dagster instance. A run is held inside its lineage build, where it
holds the ``lineage_db`` pool slot, by taking the lineage writer's file lock in the test
(:mod:`provenance.lineage.lock`): no timing, the run waits there until the test lets it go or kills it.
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest

from dagster_defs.lineage import LINEAGE_POOL
from dagster_defs.run_lock import LOCK_FILE, read_note
from provenance.lineage.lock import writer_lock

pytestmark = pytest.mark.xdist_group("run_recovery")

CLI = [sys.executable, "-m", "dagster_defs.cli"]
PROBE = Path(__file__).parent / "full_disk_probe.py"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("recovery")
    env = {**os.environ, "PROVENANCE_HOME": str(base / "home"), "DAGSTER_HOME": ""}
    for name in ("PROVENANCE_CONTRACTS", "PROVENANCE_PII_KEY", "PROVENANCE_SIGNING_KEY"):
        env[name] = ""
    result = subprocess.run([*CLI, "demo", "--docs", "30"], capture_output=True, text=True, env=env, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    return base / "home"


@pytest.fixture
def home(demo, tmp_path) -> Path:
    home = tmp_path / "home"
    shutil.copytree(demo, home, symlinks=True)
    (home / "lineage.duckdb").unlink()  # so that a run has the lineage to build
    return home


def environ(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "PROVENANCE_HOME": str(home),
        "PROVENANCE_CONTRACTS": str(home / "contracts"),
        "DAGSTER_HOME": str(home / "dagster"),
        "PROVENANCE_PII_KEY": str(home / "keys" / "pii_hmac.key"),
        "PROVENANCE_SIGNING_KEY": str(home / "keys" / "signing_key.pem"),
    }


def start(home: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environ(home)
    )


def provenance(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, env=environ(home), timeout=900)


def instance(home: Path) -> dg.DagsterInstance:
    return dg.DagsterInstance.from_config(str(home / "dagster"))


@contextlib.contextmanager
def lineage_held(home: Path) -> Iterator[None]:
    """Runs that reach the lineage build wait inside it, holding the pool slot, until the block ends."""
    with writer_lock(home / "lineage.duckdb.lock", timeout=0):
        yield


def slot_holder(home: Path, process: subprocess.Popen[str]) -> str:
    """The run id that holds the lineage pool slot, once ``process``'s run has claimed it."""
    with instance(home) as dagster:
        while True:
            claimed = dagster.event_log_storage.get_concurrency_info(LINEAGE_POOL).claimed_slots
            if claimed:
                return claimed[0].run_id
            assert process.poll() is None, process.communicate()
            time.sleep(0.2)


def read_until(process: subprocess.Popen[str], text: str) -> str:
    assert process.stdout is not None
    seen = ""
    while text not in seen:
        line = process.stdout.readline()
        assert line, f"{text!r} never came: {seen}"
        seen += line
    return seen


@pytest.mark.timeout(900)
def test_a_second_run_refuses_naming_the_first_or_waits_for_it_and_the_first_is_unaffected(home):
    with lineage_held(home):
        first = start(home, "run")
        run_id = slot_holder(home, first)

        refused = provenance(home, "run")
        assert refused.returncode == 1
        [line] = refused.stderr.splitlines()
        assert line.startswith(f"error: another run is using the workspace {home}: pid {first.pid} on ")
        assert f"on {socket.gethostname()}, started " in line and "`provenance run`" in line
        assert "--wait SECONDS" in line

        # The demo rewrites dumps and contracts: it refuses before touching any.
        landing = {p: p.read_bytes() for p in (home / "landing").rglob("*") if p.is_file()}
        demo = provenance(home, "demo", "--docs", "30")
        assert demo.returncode == 1 and f"pid {first.pid}" in demo.stderr.splitlines()[-1]
        assert {p: p.read_bytes() for p in (home / "landing").rglob("*") if p.is_file()} == landing

        waiting = start(home, "run", "--wait", "600")
        said = read_until(waiting, "waiting up to 600 s for the run using this workspace to end: ")
        assert f"pid {first.pid} on {socket.gethostname()}" in said.splitlines()[-1]

    out, err = first.communicate(timeout=600)
    assert first.returncode == 0, err[-3000:]
    assert "marked run" not in out and "freed pool slot" not in out
    out, err = waiting.communicate(timeout=600)
    assert waiting.returncode == 0, err[-3000:]
    assert "release and lineage unchanged" in out and "marked run" not in out
    with instance(home) as dagster:
        run = dagster.get_run_by_id(run_id)
        assert run is not None and run.status == dg.DagsterRunStatus.SUCCESS


@pytest.mark.timeout(900)
def test_a_run_killed_holding_the_lineage_slot_is_marked_failed_and_its_slot_freed_by_the_next(home, demo):
    with lineage_held(home):
        killed = start(home, "run")
        run_id = slot_holder(home, killed)
        killed.send_signal(signal.SIGKILL)
        killed.communicate(timeout=60)
    with instance(home) as dagster:
        run = dagster.get_run_by_id(run_id)
        assert run is not None and run.status == dg.DagsterRunStatus.STARTED  # what it leaves behind
    # Its note is left in the lock file: a stale note, which blocks nothing.
    note = read_note(home / LOCK_FILE)
    assert note is not None and note.pid == killed.pid and note.gone()

    after = provenance(home, "run")
    assert after.returncode == 0, after.stderr[-3000:]
    lines = after.stdout.splitlines()
    who = f"pid {killed.pid} on {socket.gethostname()}"
    assert f"marked run {run_id} (release, {who}, STARTED) failed: its process is gone" in lines
    assert f"freed pool slot {LINEAGE_POOL} (step lineage_db) held by run {run_id} (FAILURE)" in lines
    assert any(line.startswith("materialising lineage_db over all dumps") for line in lines)
    # The same release as the uninterrupted demo, and a complete lineage (its blocking check passed: exit 0).
    releases = sorted(p.name for p in (home / "releases").iterdir() if not p.name.startswith("."))
    assert releases == sorted(p.name for p in (demo / "releases").iterdir() if not p.name.startswith("."))
    with instance(home) as dagster:
        run = dagster.get_run_by_id(run_id)
        assert run is not None and run.status == dg.DagsterRunStatus.FAILURE
        assert dagster.event_log_storage.get_concurrency_info(LINEAGE_POOL).claimed_slots == []


def _unshare_works(tmp: Path) -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = tmp / "probe"
    probe.mkdir()
    mount = ["unshare", "-rm", "sh", "-c", f"mount -t tmpfs -o size=1m tmpfs {probe}"]
    return subprocess.run(mount, capture_output=True).returncode == 0


@pytest.mark.timeout(1200)
@pytest.mark.parametrize(
    ("instance_at", "free_kib", "where"),
    [
        # The stages' writes fail; Dagster's instance (on another disk) records the failure.
        ("elsewhere", 16, "while materialising presse_rhodanienne.depeches-2023-2024 (documents): "),
        # Dagster's own storage fails too: once a 70-line traceback out of SQLAlchemy.
        ("on-the-full-disk", 100, "while materialising presse_rhodanienne.depeches-2023-2024: "),
    ],
)
def test_a_full_disk_ends_in_one_line_naming_it_and_publishes_nothing_half(
    demo, tmp_path, instance_at, free_kib, where
):
    """A real full disk: a small tmpfs in a private mount namespace (``unshare -rm``, no root needed where
    user namespaces are allowed), filled up to ``free_kib`` KiB before the run."""
    if not _unshare_works(tmp_path):
        pytest.skip("unshare -rm cannot mount a tmpfs here (user namespaces disabled)")
    mount = tmp_path / "mnt"
    mount.mkdir()
    probe = subprocess.run(
        ["unshare", "-rm", sys.executable, str(PROBE), str(demo), str(mount), str(free_kib), instance_at],
        capture_output=True,
        text=True,
        timeout=1100,
    )
    assert probe.returncode == 0, probe.stderr[-3000:]
    report = json.loads(probe.stdout)
    assert report["returncode"] == 1
    # One line, nothing else: no traceback out of Dagster's storage, no step log of the failure.
    [line] = report["stderr"].splitlines()
    assert line.startswith(f"error: no space left on device {where}"), report["stderr"][-3000:]
    assert line.endswith("; free some space and run again")
    # What was published before (releases, stage outputs, lineage) is untouched, byte for byte. The one new file
    # is the failure note of the dump whose ingest failed (the lineage lists it in failed_dumps), when it fit.
    notes = {path for path in report["after"] if path.startswith("staging/failed/")}
    assert notes <= {"staging/failed/documents/presse_rhodanienne.depeches-2023-2024.json"}
    assert {p: d for p, d in report["after"].items() if p not in notes} == report["before"]
    # With room again, the next run finishes, and the lineage check passes.
    assert report["again_returncode"] == 0, report["again_stderr"]
