"""A full disk said in one line: recognise "no space left on device" wherever a run meets it, and name the path.

It surfaces in several shapes: an ``OSError`` (ENOSPC, or EDQUOT for a quota) from a stage's own writes;
SQLite's "database or disk is full" (or only "disk I/O error") from Dagster's instance storage, which
escapes Dagster as a 70-line traceback; DuckDB's "Could not write file ...: No space left on device" from
the lineage build; the same, serialised, in a failed step's error. Each becomes :class:`NoSpaceError`, whose
one line names the stage and the path, and the run stops there: every later stage would fail the same way.
What was published before stays as it was (publication is by rename, :mod:`provenance.workspace`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
from collections.abc import Iterator
from pathlib import Path

from dagster._utils.error import SerializableErrorInfo

NO_SPACE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})
#: how the C library, SQLite and DuckDB word it
MARKERS = ("no space left on device", "database or disk is full", "disk quota exceeded")
#: below this, a storage "disk I/O error" is taken for a full device (SQLite needs pages for its journal)
LOW_SPACE_BYTES = 1 << 20
_QUOTED_PATH = re.compile(r"""["'](/[^"']+)["']""")


class NoSpaceError(Exception):
    """A write failed for lack of space; ``str()`` is the one line the user reads."""

    def __init__(self, where: str, detail: str):
        super().__init__(f"no space left on device while {where}: {detail}; free some space and run again")


@contextlib.contextmanager
def named(where: str, home: Path, dagster_home: Path) -> Iterator[None]:
    """Turn a full disk met in the block into :class:`NoSpaceError` saying ``where``; other errors pass.
    ``home`` and ``dagster_home`` (the workspace, the Dagster instance) are named when the error names no file."""
    try:
        yield
    except NoSpaceError:
        raise
    except Exception as exc:
        chain = list(_chain(exc))
        found = next((f for f in map(_in_exception, chain) if f is not None), None)
        storage = any(type(link).__module__.startswith(("sqlalchemy", "sqlite3")) for link in chain)
        if found is None and storage:
            found = _low_space(exc, dagster_home)
        if found is None:
            raise
        if storage and not found.startswith("writing /"):
            found = f"writing Dagster's instance storage in {dagster_home} ({found})"  # SQLite names no file
        raise NoSpaceError(where, with_free_space(found, home, dagster_home)) from None


def with_free_space(found: str, home: Path, dagster_home: Path) -> str:
    """``found`` as is when it names what was written; else with what is free where the run writes, to say which
    is full."""
    if found.startswith("writing "):
        return found
    free = []
    for name, path in (("workspace", home), ("Dagster instance", dagster_home)):
        try:
            stat = os.statvfs(path)
        except OSError:
            continue
        free.append(f"{stat.f_bavail * stat.f_frsize // 1024} KiB free for the {name} {path}")
    return "; ".join([found, *free])


def in_step_error(error: SerializableErrorInfo | None) -> str | None:
    """What ran out of space, if a failed step's serialised error (or one it was caused by) is a full disk."""
    while error is not None:
        found = _in_message(error.message)
        if found:
            return found
        error = error.cause or error.context
    return None


def _in_exception(exc: BaseException) -> str | None:
    if isinstance(exc, OSError) and exc.errno in NO_SPACE_ERRNOS:
        return f"writing {exc.filename}" if exc.filename else (exc.strerror or "").lower()
    return _in_message(str(exc))


def _in_message(message: str) -> str | None:
    lowered = message.lower()
    marker = next((m for m in MARKERS if m in lowered), None)
    if marker is None:
        return None
    path = _QUOTED_PATH.search(message)
    return f"writing {path.group(1)}" if path else marker


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        yield link
        link = link.__cause__ or link.__context__


def _low_space(exc: BaseException, dagster_home: Path) -> str | None:
    """SQLite may say only "disk I/O error" when its device fills up: then the device's free space tells."""
    if "disk i/o error" not in str(exc).lower():
        return None
    try:
        stat = os.statvfs(dagster_home)
    except OSError:
        return None
    free = stat.f_bavail * stat.f_frsize
    return f"disk I/O error, {free // 1024} KiB free on its device" if free < LOW_SPACE_BYTES else None
