"""Spill files partitioned by fingerprint prefix: how certify deduplicates a corpus larger than memory.

Rows are appended, in Arrow IPC stream files, to the bucket named by the leading bits of
their fingerprint; every copy of a text lands in the same bucket, so each bucket can be
deduplicated on its own, and reading buckets in order yields fingerprints in order.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pyarrow as pa

MAX_BUCKET_BITS = 12


class SpillBuckets:
    """Arrow IPC spill files, one per fingerprint prefix bucket, opened on first use."""

    def __init__(self, folder: Path, bits: int, schema: pa.Schema):
        self.folder, self.bits, self.schema = folder, bits, schema
        self.count = 1 << bits
        self._writers: dict[int, pa.ipc.RecordBatchStreamWriter] = {}
        folder.mkdir(parents=True, exist_ok=True)

    def bucket_of(self, fp: str) -> int:
        return int(fp[:4], 16) >> (16 - self.bits) if self.bits else 0

    def write(self, table: pa.Table, buckets: np.ndarray) -> None:
        if table.num_rows == 0:
            return
        if self.bits == 0:
            self._writer(0).write_table(table)
            return
        order = np.argsort(buckets, kind="stable")
        sorted_buckets = buckets[order]
        table = table.take(pa.array(order))
        edges = np.flatnonzero(np.diff(sorted_buckets)) + 1
        for start, stop in zip(np.r_[0, edges], np.r_[edges, len(order)], strict=True):
            self._writer(int(sorted_buckets[start])).write_table(table.slice(start, stop - start))

    def _writer(self, bucket: int) -> pa.ipc.RecordBatchStreamWriter:
        if bucket not in self._writers:
            self._writers[bucket] = pa.ipc.new_stream(self.folder / f"{bucket:04d}.arrow", self.schema)
        return self._writers[bucket]

    def close(self) -> None:
        for writer in self._writers.values():
            writer.close()
        self._writers.clear()

    def read(self, bucket: int) -> pa.Table | None:
        path = self.folder / f"{bucket:04d}.arrow"
        if not path.exists():
            return None
        with pa.ipc.open_stream(path) as reader:
            return reader.read_all()


def bucket_bits(total_bytes: int, bucket_bytes: int) -> int:
    if total_bytes <= bucket_bytes:
        return 0
    return min(MAX_BUCKET_BITS, math.ceil(math.log2(total_bytes / bucket_bytes)))
