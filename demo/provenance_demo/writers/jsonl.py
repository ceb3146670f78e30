"""JSON Lines dumps: plain, gzip (mtime 0) or zstd; one record per line, broken lines written as given."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import zstandard

from provenance.ingest.locators import jsonl_line
from provenance_demo.entry import Entry


def encode_line(record: dict) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode("utf-8")


def write_jsonl(path: Path, relpath: str, entries: list[Entry]) -> None:
    """One line per entry (its ``raw_line`` if set, else its ``record`` as JSON); sets each entry's locator."""
    lines = []
    for number, entry in enumerate(entries, start=1):
        lines.append(entry.raw_line if entry.raw_line is not None else encode_line(entry.record))
        entry.locator = jsonl_line(relpath, number)
    data = b"\n".join(lines) + b"\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    name = path.name
    if name.endswith(".gz"):
        buffer = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=6) as gz:
            gz.write(data)
        data = buffer.getvalue()
    elif name.endswith(".zst"):
        data = zstandard.ZstdCompressor(level=10).compress(data)
    path.write_bytes(data)
