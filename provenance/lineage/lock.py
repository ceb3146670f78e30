"""One lineage writer at a time: an exclusive lock on a file beside the database.

Dagster's ``lineage`` pool keeps two runs from building at once inside one instance; this lock
holds whatever starts the build (a second instance, a script, a test), so two writers can never
interleave. Readers never take it: they open the published database read-only.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path


class LineageBusyError(RuntimeError):
    """Another lineage build holds the lock; ``str()`` names the lock file and how long we waited."""


@contextlib.contextmanager
def writer_lock(lock_path: Path, timeout: float = 1800.0, poll: float = 0.2) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``lock_path``, waiting up to ``timeout`` seconds for it.

    The lock belongs to the open file, so it is released when the process dies: a crashed build
    never leaves a stale lock behind.
    """
    lock_path = Path(lock_path)
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LineageBusyError(
                        f"{lock_path}: another lineage build has held this lock for over {timeout:.0f} s; "
                        "wait for it to finish (only one writer may build lineage.duckdb at a time)"
                    ) from None
                time.sleep(poll)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
