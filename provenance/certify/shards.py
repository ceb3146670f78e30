"""Certified shards: sample rows cut into bounded, byte-reproducible zstd Parquet files.

Where a shard or a row group ends depends only on the rows themselves (their count and
their string bytes), never on how they were batched on the way in; every writer option is
fixed here, and Parquet's ``created_by`` names the library version, not a time. So the same
samples in the same order always give byte-identical files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from provenance.contracts import file_sha256
from provenance.schema import SAMPLE_SCHEMA

SHARD_DIR = "shards"
DEFAULT_SHARD_MAX_ROWS = 100_000
DEFAULT_SHARD_MAX_BYTES = 256 << 20
ROW_GROUP_MAX_ROWS = 10_000
ROW_GROUP_MAX_BYTES = 64 << 20

_STRING_COLUMNS = [f.name for f in SAMPLE_SCHEMA if pa.types.is_string(f.type)]

#: Every option that shapes the bytes, pinned. Statistics skip `text` (min/max of whole
#: documents would bloat the footer); shards are declared sorted by fingerprint.
WRITER_OPTIONS = dict(
    version="2.6",
    compression="zstd",
    compression_level=3,
    use_dictionary=["lang", "licence", "licence_class", "attribution", "source_id"],
    write_statistics=["sample_id", "lang", "licence", "licence_class", "source_id", "doc_id", "fingerprint"],
    data_page_version="1.0",
    data_page_size=1 << 20,
    write_batch_size=1024,
    dictionary_pagesize_limit=1 << 20,
    write_page_checksum=True,
    write_page_index=False,
    store_schema=True,
    use_byte_stream_split=False,
    sorting_columns=[pq.SortingColumn(SAMPLE_SCHEMA.get_field_index("fingerprint"))],
)


def shard_name(index: int) -> str:
    return f"{SHARD_DIR}/shard-{index:05d}.parquet"


def row_bytes(table: pa.Table) -> np.ndarray:
    """UTF-8 bytes of every string cell of each row: the size that bounds shards and row groups."""
    total = np.zeros(table.num_rows, dtype=np.int64)
    for name in _STRING_COLUMNS:
        lengths = pc.fill_null(pc.binary_length(table.column(name)), 0)
        total += lengths.to_numpy().astype(np.int64, copy=False)
    return total


@dataclass
class ShardInfo:
    name: str
    rows: int
    bytes: int = 0
    sha256: str = ""


@dataclass
class Placement:
    """Where a run of consecutive input rows went: ``count`` rows from ``first_row`` of ``shard``."""

    shard: str
    first_row: int
    count: int


@dataclass
class ShardWriter:
    """Appends sample tables (already in final order) to ``shards/shard-NNNNN.parquet`` under ``root``."""

    root: Path
    max_rows: int = DEFAULT_SHARD_MAX_ROWS
    max_bytes: int = DEFAULT_SHARD_MAX_BYTES
    row_group_rows: int = ROW_GROUP_MAX_ROWS
    row_group_bytes: int = ROW_GROUP_MAX_BYTES
    shards: list[ShardInfo] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.max_rows < 1 or self.max_bytes < 1:
            raise ValueError("shard_max_rows and shard_max_bytes must be positive")
        self.root = Path(self.root)
        (self.root / SHARD_DIR).mkdir(parents=True, exist_ok=True)
        self._writer: pq.ParquetWriter | None = None
        self._shard_rows = self._shard_bytes = 0
        self._buffer: list[pa.Table] = []
        self._buffer_rows = self._buffer_bytes = 0

    def add(self, table: pa.Table) -> list[Placement]:
        """Append rows; returns where each consecutive run of them was written."""
        table = table.select(SAMPLE_SCHEMA.names).cast(SAMPLE_SCHEMA)
        sizes = row_bytes(table)
        placements: list[Placement] = []
        pos, n = 0, table.num_rows
        while pos < n:
            if self._writer is None:
                self._open_shard()
            shard_rows_left = self.max_rows - self._shard_rows - self._buffer_rows
            shard_bytes_left = self.max_bytes - self._shard_bytes - self._buffer_bytes
            rows_left = min(shard_rows_left, self.row_group_rows - self._buffer_rows)
            bytes_left = min(shard_bytes_left, self.row_group_bytes - self._buffer_bytes)
            cumulative = np.cumsum(sizes[pos : pos + max(rows_left, 0)])
            take = int(np.searchsorted(cumulative, bytes_left, side="right"))
            if take == 0:
                if self._buffer_rows:
                    self._flush_row_group()
                    continue
                # Empty row group: the next row is larger than a row group, or the shard is full.
                shard_empty = self._shard_rows == 0
                fits_shard = shard_rows_left > 0 and sizes[pos] <= shard_bytes_left
                if not (shard_empty or fits_shard):
                    self._close_shard()
                    continue
                take = 1
            part = table.slice(pos, take)
            placements.append(Placement(self.shards[-1].name, self._shard_rows + self._buffer_rows, take))
            self._buffer.append(part)
            self._buffer_rows += take
            self._buffer_bytes += int(sizes[pos : pos + take].sum())
            pos += take
        return placements

    def close(self) -> list[ShardInfo]:
        if self._writer is not None:
            self._close_shard()
        return self.shards

    def abort(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def _open_shard(self) -> None:
        info = ShardInfo(name=shard_name(len(self.shards)), rows=0)
        self.shards.append(info)
        self._writer = pq.ParquetWriter(self.root / info.name, SAMPLE_SCHEMA, **WRITER_OPTIONS)
        self._shard_rows = self._shard_bytes = 0

    def _flush_row_group(self) -> None:
        assert self._writer is not None, "row groups are flushed into an open shard only"
        group = pa.concat_tables(self._buffer).combine_chunks()
        self._writer.write_table(group, row_group_size=group.num_rows)
        self._shard_rows += self._buffer_rows
        self._shard_bytes += self._buffer_bytes
        self._buffer, self._buffer_rows, self._buffer_bytes = [], 0, 0

    def _close_shard(self) -> None:
        if self._buffer_rows:
            self._flush_row_group()
        assert self._writer is not None, "only an open shard is closed"
        self._writer.close()
        self._writer = None
        info = self.shards[-1]
        path = self.root / info.name
        info.rows = self._shard_rows
        info.bytes = path.stat().st_size
        info.sha256 = file_sha256(path)
