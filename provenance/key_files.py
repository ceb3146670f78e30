"""Secret key files (the release signing key, the PII HMAC key): a warning when others than the owner can read one."""

from __future__ import annotations

import stat
import warnings
from pathlib import Path


class KeyPermissionWarning(UserWarning):
    """A secret key file others than its owner can read. ``str()`` names the file."""


def warn_if_readable_by_others(path: Path, what: str) -> None:
    """Warn (never refuse) when ``path`` is accessible to group or others: a key on a read-only mount or a CI
    secret file may be 0644 by design, but it is the owner's call to make, so it is said every time."""
    try:
        mode = stat.S_IMODE(Path(path).stat().st_mode)
    except OSError:
        return
    if mode & 0o077:
        warnings.warn(
            KeyPermissionWarning(
                f"{path}: the {what} is accessible to group or others (mode {mode:04o}); "
                f"restrict it with: chmod 600 {path}"
            ),
            stacklevel=3,
        )
