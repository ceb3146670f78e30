"""Parquet dumps: one row per entry from a column layout the source defines, zstd-compressed."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from provenance.ingest.locators import parquet_row
from provenance_demo.entry import Entry


def write_parquet(path: Path, relpath: str, entries: list[Entry], schema: pa.Schema, row_group_size: int = 64) -> None:
    """Rows are the entries' ``record`` dicts (keys = schema columns); sets each entry's locator (0-based row)."""
    for row, entry in enumerate(entries):
        entry.locator = parquet_row(relpath, row)
    table = pa.Table.from_pylist([e.record for e in entries], schema=schema)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Several row groups, so readers are exercised across group boundaries.
    pq.write_table(table, path, compression="zstd", row_group_size=row_group_size)
