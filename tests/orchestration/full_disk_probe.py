"""Run `provenance run` on a really full disk, inside a private mount namespace (``unshare -rm``), and report as JSON.

Usage: ``unshare -rm python full_disk_probe.py WORKSPACE MOUNTPOINT FREE_KIB INSTANCE``. A tmpfs is mounted
on MOUNTPOINT (visible to this process and its children only, gone when they end), the workspace is copied
onto it, one dump is changed so that a run has work to do, and a file fills the tmpfs up to FREE_KIB KiB of
free space. INSTANCE is ``on-the-full-disk`` (DAGSTER_HOME inside the copy) or ``elsewhere`` (DAGSTER_HOME
copied to MOUNTPOINT's parent, on the ordinary disk). Then `provenance run` runs; the digests of what was
published are taken before and after; the filler is removed and `provenance run` runs again.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

CHANGED = Path("landing/presse_rhodanienne/depeches-2023-2024.jsonl")


def published(home: Path) -> dict[str, str]:
    """Path -> sha256 of every published file: releases, lineage, stage outputs (never the hidden work folders)."""
    digests = {}
    roots = [home / "releases", home / "staging"]
    for root in roots:
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(home)
            if any(part.startswith(".") for part in relative.parts) or not path.is_file():
                continue
            digests[str(relative)] = hashlib.sha256(path.read_bytes()).hexdigest()
    lineage = home / "lineage.duckdb"
    digests["lineage.duckdb"] = hashlib.sha256(lineage.read_bytes()).hexdigest()
    return digests


def run(home: Path, dagster_home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PROVENANCE_HOME": str(home),
        "PROVENANCE_CONTRACTS": str(home / "contracts"),
        "PROVENANCE_PII_KEY": str(home / "keys" / "pii_hmac.key"),
        "PROVENANCE_SIGNING_KEY": str(home / "keys" / "signing_key.pem"),
        "DAGSTER_HOME": str(dagster_home),
    }
    command = [sys.executable, "-m", "dagster_defs.cli", "run"]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)


def main(source: Path, mount: Path, free_kib: int, instance: str) -> None:
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", str(mount)], check=True)
    home = mount / "home"
    shutil.copytree(source, home, symlinks=True)
    dagster_home = home / "dagster"
    if instance == "elsewhere":
        dagster_home = mount.parent / "dagster-elsewhere"
        shutil.copytree(home / "dagster", dagster_home)
    dump = home / CHANGED
    first = dump.read_text(encoding="utf-8").splitlines()[0]
    dump.write_text(dump.read_text(encoding="utf-8") + first.replace("PR-2023-0001", "PR-2024-0999") + "\n")
    before = published(home)
    stat = os.statvfs(mount)
    filler = mount / "filler"
    with filler.open("wb") as fh:
        fh.write(b"\0" * (stat.f_bavail * stat.f_frsize - free_kib * 1024))
    full = run(home, dagster_home)
    after = published(home)
    filler.unlink()
    again = run(home, dagster_home)
    report = {
        "returncode": full.returncode,
        "stdout": full.stdout,
        "stderr": full.stderr,
        "before": before,
        "after": after,
        "again_returncode": again.returncode,
        "again_stdout": again.stdout,
        "again_stderr": again.stderr[-3000:],
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
