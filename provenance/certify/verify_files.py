"""What a release folder holds, against what its signed manifest lists: nothing missing, nothing extra.

A release holds exactly ``manifest.dsse.json``, ``public_key.pem``, the shards the manifest
names and the withdrawal lists added after publication (``withdrawals/NNNN.dsse.json``, each signed
and checked by itself: see :mod:`provenance.certify.withdrawals`); any other file, at any depth (a shard in a sub-folder of ``shards/``, Parquet anywhere
else, a FIFO), is something a trainer could be made to read that no signature covers.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from provenance.certify.manifest import MANIFEST_FILE, PUBLIC_KEY_FILE
from provenance.certify.withdrawals import LIST_FILE_NAME, WITHDRAWALS_DIR

#: Files a release holds besides its shards.
RELEASE_FILES = frozenset({MANIFEST_FILE, PUBLIC_KEY_FILE})


def release_files(release_dir: Path) -> tuple[set[str], set[str]]:
    """(regular files, other entries: FIFOs, sockets, devices, dangling links), as paths relative to the folder.

    Sub-folders are walked, never followed through a symlink; a symlink to a regular file counts as that file.
    Special files are listed without being opened (opening a FIFO would block).
    """
    regular: set[str] = set()
    special: set[str] = set()
    for folder, dirs, files in os.walk(release_dir, onerror=_raise):
        base = Path(folder).relative_to(release_dir)
        linked_dirs = [d for d in dirs if (Path(folder) / d).is_symlink()]
        dirs[:] = sorted(d for d in dirs if d not in linked_dirs)
        for name in [*files, *linked_dirs]:
            path = Path(folder) / name
            try:
                mode = path.stat().st_mode
            except OSError:
                mode = 0  # a dangling link
            (regular if stat.S_ISREG(mode) else special).add((base / name).as_posix())
    return regular, special


def inventory_problem(release_dir: Path, subjects: set[str]) -> str | None:
    """The first file listed but missing, or present but not listed (or not a regular file); None if none."""
    try:
        regular, special = release_files(release_dir)
    except OSError as exc:
        return f"{exc.filename or release_dir}: cannot be listed ({exc.strerror})"
    missing = sorted(set(subjects) - regular - special)
    if missing:
        return f"{missing[0]} is in the manifest but missing from the release"
    odd = sorted(special)
    if odd:
        return f"{odd[0]} is in the release but not a regular file"
    extra = sorted(f for f in regular - set(subjects) - RELEASE_FILES if not is_withdrawal_list(f))
    if extra:
        return f"{extra[0]} is in the release but not in the signed manifest"
    return None


def is_withdrawal_list(name: str) -> bool:
    """Whether a release file's relative path is where a withdrawal list goes (its content is checked apart)."""
    folder, _, file = name.rpartition("/")
    return folder == WITHDRAWALS_DIR and LIST_FILE_NAME.match(file) is not None


def _raise(error: OSError) -> None:
    raise error
