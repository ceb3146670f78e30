"""One `provenance run` (or `provenance demo`) at a time per workspace: an flock on a file in it, with a note naming
who holds it.

Two runs on one workspace would plan the same work, write the same stage outputs and race on the release and
the lineage; the second learns nothing the first will not publish. So the second one **refuses** by default,
at once, naming the running one in one line (pid, host, start time, command) with exit code 1: a scheduled
run that overlaps a long one is skipped visibly instead of piling up silently behind it, and a steward at a
terminal sees immediately why nothing happens. ``--wait SECONDS`` makes it wait instead, up to that bound,
saying once for whom it waits; it starts as soon as the lock is free.

The lock is an ``flock`` on ``$PROVENANCE_HOME/.provenance-run.lock`` (like :mod:`provenance.lineage.lock`): the
kernel releases it when its process dies, however it dies, so a killed run never blocks the next one. The
note (JSON in the same file) only *describes* the holder; whether the workspace is busy is always the
lock's answer, so a stale note left by a killed run blocks nothing: the next holder overwrites it. Runs
launched by the Dagster daemon (sensors, the UI) do not take this lock; Dagster's own run queue and the
``lineage_db`` pool order them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import json
import os
import secrets
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

LOCK_FILE = ".provenance-run.lock"
POLL_SECONDS = 0.5


class RunLockError(Exception):
    """The workspace's run lock cannot be used; ``str()`` says why in one line."""


class RunBusyError(RunLockError):
    """Another run holds the workspace; ``str()`` names it in one line."""


@dataclass(frozen=True)
class Holder:
    """Who holds the workspace: what the note says. ``token`` tells this holding apart from every other one."""

    pid: int
    host: str
    started: str  # ISO 8601, UTC, to the second
    command: str
    token: str

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host}, started {self.started}: `{self.command}`"

    def gone(self) -> bool:
        """On this host and no process has its pid any more (a note a killed run left behind)."""
        if self.host != socket.gethostname():
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False


#: lock file -> what this process holds there: a nested `hold` (demo, then its run) shares the holding
_held: dict[Path, Holder] = {}


def lock_path(home: Path) -> Path:
    return Path(home) / LOCK_FILE


def current_holder(home: Path) -> Holder | None:
    """The holding this process has on ``home``'s lock, if any (its token tags the runs it launches)."""
    return _held.get(lock_path(home).resolve())


@contextlib.contextmanager
def hold(home: Path, command: str, wait: float = 0.0, say: Callable[[str], None] = print) -> Iterator[Holder]:
    """Hold ``home``'s run lock for the block; refuse (``wait`` 0) or wait up to ``wait`` seconds when another
    run holds it, raising :class:`RunBusyError` naming that run."""
    path = lock_path(home).resolve()
    if path in _held:
        yield _held[path]
        return
    fd = _open(path)
    try:
        _acquire(fd, path, wait, say)
        holder = Holder(
            pid=os.getpid(),
            host=socket.gethostname(),
            started=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            command=command,
            token=secrets.token_hex(8),
        )
        _write_note(fd, path, json.dumps(asdict(holder)).encode())
        _held[path] = holder
        try:
            yield holder
        finally:
            del _held[path]
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)  # a note describes a live holder only
    finally:
        os.close(fd)  # releases the flock


def _open(path: Path) -> int:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise  # a full disk, said as such by the caller
        raise RunLockError(f"cannot open the workspace's run lock {path}: {exc.strerror}") from None


def _acquire(fd: int, path: Path, wait: float, say: Callable[[str], None]) -> None:
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        holder = _describe_holder(path)
        if wait <= 0:
            raise RunBusyError(
                f"another run is using the workspace {path.parent}: {holder}; "
                "wait for it to end, or pass --wait SECONDS to wait for it"
            )
        if time.monotonic() >= deadline:
            raise RunBusyError(
                f"another run still uses the workspace {path.parent} after waiting {wait:.0f} s: {holder}"
            )
        if not told:
            say(f"waiting up to {wait:.0f} s for the run using this workspace to end: {holder}")
            told = True
        time.sleep(POLL_SECONDS)


def _write_note(fd: int, path: Path, note: bytes) -> None:
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, note, 0)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None  # say which file


def _describe_holder(path: Path) -> str:
    """The holder as its note names it. The note is written just after the lock is taken, so an empty or stale
    one (a killed run's) is read again briefly before saying the holder is unknown."""
    for _ in range(5):
        holder = read_note(path)
        if holder is not None and not holder.gone():
            return holder.describe()
        time.sleep(0.1)
    return f"a process that has not yet written its note in {path}"


def read_note(path: Path) -> Holder | None:
    try:
        fields = json.loads(path.read_text(encoding="utf-8"))
        return Holder(**fields)
    except (OSError, ValueError, TypeError):
        return None
