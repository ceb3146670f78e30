"""Finding archive dumps: the files (or folders) under PROVENANCE_HOME that match a source contract's globs."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from provenance.contracts import SourceContract
from provenance.ingest.locators import escaped_name

#: Multi-part extensions stripped from a dump's name to form its id.
_EXTENSIONS = re.compile(
    r"(\.(warc|arc|jsonl|ndjson|json|parquet|xml|tar|zip|txt))?(\.(gz|bz2|zst|zstd|xz))?$", re.IGNORECASE
)
_UNSAFE = re.compile(r"[^a-z0-9_-]+")


@dataclass(frozen=True)
class Dump:
    dump_id: str
    source_id: str
    path: Path
    #: the path relative to PROVENANCE_HOME, as locators name it
    relpath: str
    format: str


def dump_id_for(source_id: str, relpath: str) -> str:
    """``<source_id>.<slug of the file name without its archive extensions>``; stable and partition-safe."""
    name = Path(relpath).name
    stem = _EXTENSIONS.sub("", name) or name
    slug = _UNSAFE.sub("-", stem.lower()).strip("-") or "dump"
    return f"{source_id}.{slug}"


def discover_dumps(home: Path, sources: dict[str, SourceContract]) -> list[Dump]:
    """Every dump the contracts' ``dumps`` globs match, sorted by id. Ids never collide."""
    found: list[Dump] = []
    home = Path(home)
    for source in sorted(sources.values(), key=lambda s: s.id):
        paths: set[Path] = set()
        for pattern in source.dumps:
            for path in home.glob(pattern):
                if path.name.startswith("."):
                    continue
                if path.is_file() or (source.format == "text" and path.is_dir()):
                    paths.add(path)
        for path in sorted(paths):
            relpath = escaped_name(path.relative_to(home).as_posix())  # a locator prefix: valid text
            found.append(Dump(dump_id_for(source.id, relpath), source.id, path, relpath, source.format))
    # Two files whose names differ only by extension or punctuation would share an id:
    # disambiguate both with a hash of their path, so neither silently replaces the other.
    counts: dict[str, int] = {}
    for d in found:
        counts[d.dump_id] = counts.get(d.dump_id, 0) + 1
    out = []
    for d in found:
        if counts[d.dump_id] > 1:
            suffix = hashlib.sha256(d.relpath.encode()).hexdigest()[:6]
            out.append(Dump(f"{d.dump_id}-{suffix}", d.source_id, d.path, d.relpath, d.format))
        else:
            out.append(d)
    return sorted(out, key=lambda d: d.dump_id)


def content_hash(path: Path) -> str:
    """sha256 of a dump's bytes; for a folder, of every file's relative path and bytes in sorted order."""
    h = hashlib.sha256()
    path = Path(path)
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    for f in files:
        if f != path:
            h.update(os.fsencode(f.relative_to(path).as_posix()) + b"\0")  # a name's bytes, UTF-8 or not
        try:
            with open(f, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
        except OSError as exc:  # an unreadable file is the reader's quarantine row, not a failed run
            h.update(f"\0unreadable: {type(exc).__name__}".encode())
    return h.hexdigest()
