"""Temporary names in the workspace, and removing those a dead run left behind.

Every temporary file or folder the workspace makes is hidden and ends in an *owner token*,
``<host>-<pid>-<hex>``: 8 hex of the machine's name, the id of the process that made it, 12 random
hex. One shape per kind, so nothing else can be taken for one:

- ``staging/<stage>/.<dump>.<token>``: a version of a stage's output; the ``<dump>`` symlink names the
  published one, any other is being written, or was replaced, or was left by a killed run;
- ``staging/<stage>/.<dump>.link-<token>`` and ``.<dump>.old-<token>``: a symlink being swapped in, an
  output from before symlink publication being moved aside;
- ``releases/.work-<token>``: a release build's scratch (spills and lineage facts);
- ``releases/.building-<token>``: a release being written (unsigned shard copies);
- ``releases/.<release_id>.old-<token>``: a release being replaced;
- ``.lineage.<token>.building.duckdb`` (and its ``.wal``), ``.lineage.<token>.spill``: a lineage build;
- ``.<file>.<token>.tmp``: a JSON file being written (``_stats.json``, ``_inputs.json``).

A leftover is removed only when its owner is known dead: made on this machine by a process that no
longer exists. Names from before the owner token (random hex only) have no owner to ask and count as
dead: this version never makes them. A name made on another machine sharing the workspace is left alone.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

#: an owner token, or (older names) its random part alone
_TOKEN = r"(?:(?P<host>[0-9a-f]{8})-(?P<pid>[0-9]+)-)?[0-9a-f]{8,12}"
#: in ``staging/<stage>/``: versions of an output, symlinks being swapped in, old outputs moved aside
STAGE_TEMP = re.compile(rf"^\..+\.(?:(?:link|old)-)?{_TOKEN}$")
#: in ``releases/``: build scratch, a release being written (``.<id>.tmp-`` before the owner token), replaced
RELEASE_TEMP = re.compile(rf"^\.(?:work-|building-|.+\.(?:tmp|old)-){_TOKEN}$")
#: a JSON file being written, in a stage's output folder or under ``staging/.inputs/``
JSON_TEMP = re.compile(rf"^\..+\.{_TOKEN}\.tmp$")


def lineage_temp(stem: str) -> re.Pattern[str]:
    """The temporary names of a build of the lineage database ``<stem>.duckdb``."""
    return re.compile(rf"^\.{re.escape(stem)}\.{_TOKEN}\.(?:building\.duckdb(?:\.wal)?|spill)$")


@functools.cache
def _host() -> str:
    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]


def owner_token() -> str:
    """A fresh ``<host>-<pid>-<hex>`` naming this process as the owner of a temporary name."""
    return f"{_host()}-{os.getpid()}-{uuid.uuid4().hex[:12]}"


def owner_alive(match: re.Match[str]) -> bool:
    """Whether the process that made a temporary name may still be using it (another machine's: assume so)."""
    pid, host = match.group("pid"), match.group("host")
    if pid is None:
        return False
    if host != _host():
        return True
    if int(pid) == os.getpid():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def find_leftovers(staging: Path, releases: Path, lineage_db: Path) -> Iterator[Path]:
    """Every temporary name under the workspace whose owner is dead (see the module's docstring)."""
    for stage in _subdirs(staging):
        outputs = [p for p in stage.iterdir() if p.is_symlink() and not p.name.startswith(".")]
        published = {os.readlink(p) for p in outputs}
        for path in stage.iterdir():
            if path.name not in published:
                yield from _dead(path, STAGE_TEMP)
        for output in outputs:
            if output.is_dir():
                for inner in output.iterdir():
                    yield from _dead(inner, JSON_TEMP)
    for record in _subdirs(staging / ".inputs", hidden=True):
        for path in record.iterdir():
            yield from _dead(path, JSON_TEMP)
    if releases.is_dir():
        for path in releases.iterdir():
            yield from _dead(path, RELEASE_TEMP)
    if lineage_db.parent.is_dir():
        pattern = lineage_temp(lineage_db.stem)
        for path in lineage_db.parent.iterdir():
            yield from _dead(path, pattern)


def remove(path: Path) -> None:
    """Remove a leftover file, symlink or folder (a folder's symlinks are removed, never followed)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _subdirs(root: Path, hidden: bool = False) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if (hidden or not p.name.startswith(".")) and p.is_dir())


def _dead(path: Path, pattern: re.Pattern[str]) -> Iterator[Path]:
    match = pattern.match(path.name)
    if match is not None and not owner_alive(match):
        yield path
