"""The workspace's run lock: a second holder is refused naming the first, or waits a bounded time; a note left
by a dead process never blocks; a nested holding (the demo, then its run) shares the first."""

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from dagster_defs.run_lock import LOCK_FILE, RunBusyError, RunLockError, current_holder, hold, read_note

# A process that holds the lock until its stdin closes, saying when it has it.
HOLDER = """
import sys
from pathlib import Path
from dagster_defs.run_lock import hold
with hold(Path(sys.argv[1]), "provenance run"):
    print("held", flush=True)
    sys.stdin.read()
"""


@pytest.fixture
def other_run(tmp_path):
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline() == "held\n"
    yield child
    child.communicate()


@pytest.mark.timeout(60)
def test_a_second_holder_is_refused_in_one_line_naming_the_first(tmp_path, other_run):
    with pytest.raises(RunBusyError) as refused, hold(tmp_path, "provenance run"):
        pass
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith(f"another run is using the workspace {tmp_path}: pid {other_run.pid} on ")
    assert f"on {socket.gethostname()}, started " in message and "`provenance run`" in message


@pytest.mark.timeout(60)
def test_a_bounded_wait_says_once_for_whom_it_waits_then_gives_up_naming_it(tmp_path, other_run):
    said: list[str] = []
    refused = pytest.raises(RunBusyError, match=f"after waiting 1 s: pid {other_run.pid} on ")
    with refused, hold(tmp_path, "provenance run", wait=1, say=said.append):
        pass
    [line] = said
    assert line.startswith(f"waiting up to 1 s for the run using this workspace to end: pid {other_run.pid} ")


@pytest.mark.timeout(60)
def test_a_killed_holders_note_blocks_nothing_and_is_replaced(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    note = {"pid": int(dead.stdout), "host": socket.gethostname(), "started": "2020-01-01T00:00:00+00:00"}
    (tmp_path / LOCK_FILE).write_text(json.dumps({**note, "command": "provenance run", "token": "x"}))
    with hold(tmp_path, "provenance demo") as holder:
        assert read_note(tmp_path / LOCK_FILE) == holder
        assert holder.pid == os.getpid() and holder.command == "provenance demo"
        # The demo's own run takes the lock again: the same holding, not a wait on itself.
        with hold(tmp_path, "provenance run") as nested:
            assert nested == holder == current_holder(tmp_path)
    assert current_holder(tmp_path) is None
    assert (tmp_path / LOCK_FILE).read_text() == ""  # a note describes a live holder only


@pytest.mark.timeout(60)
def test_the_lock_is_free_again_once_its_holder_is_killed(tmp_path, other_run):
    other_run.kill()
    other_run.wait()
    with hold(tmp_path, "provenance run") as holder:
        assert holder.pid == os.getpid()


def test_an_unusable_lock_file_is_one_clear_line(tmp_path):
    (tmp_path / LOCK_FILE).mkdir()
    unusable = pytest.raises(
        RunLockError, match=re.escape(f"cannot open the workspace's run lock {tmp_path / LOCK_FILE}: ")
    )
    with unusable, hold(Path(tmp_path), "provenance run"):
        pass
