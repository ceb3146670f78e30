"""Reading Parquet dumps: one document per row, streamed row group by row group in bounded Arrow batches.

Only the columns the contract maps are read, plus other scalar columns as small extras for
the metadata. Batches are sized from the row group's own statistics so that one batch holds
about ``BATCH_BYTES`` of data whatever the documents' length. A file whose footer cannot be
read (truncated, not Parquet) becomes one quarantine row naming the file; a row group that
cannot be decoded quarantines its unread rows, one row each, and the next row group is read.
A value Python cannot hold (a timestamp outside years 1-9999) is dropped and its document flagged.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from provenance.ingest.fields import MAX_EXTRA_CHARS, FieldMapping
from provenance.ingest.locators import parquet_row
from provenance.ingest.records import Item, Quarantined, QuarantineReason, ReaderContext

#: Target uncompressed bytes per Arrow batch, and the most rows in one.
BATCH_BYTES = 32 << 20
BATCH_ROWS = 1024
_PARQUET_MAGIC = b"PAR1"
#: A document one of whose values Python cannot hold (dropped): e.g. a timestamp in year 0 or 300000.
UNREADABLE_FLAG = "unreadable_value_dropped"


def _extra_columns(parquet: pq.ParquetFile, wanted: set[str]) -> list[str]:
    """Unmapped columns worth copying to metadata: scalars, and strings short on average (from row group 0)."""
    metadata = parquet.metadata
    average: dict[str, float] = {}
    if metadata.num_row_groups and metadata.row_group(0).num_rows:
        group = metadata.row_group(0)
        for i in range(group.num_columns):
            chunk = group.column(i)
            average[chunk.path_in_schema] = chunk.total_uncompressed_size / group.num_rows
    extras = []
    for f in parquet.schema_arrow:
        if (
            f.name in wanted
            or pa.types.is_nested(f.type)
            or pa.types.is_binary(f.type)
            or pa.types.is_large_binary(f.type)
            or pa.types.is_fixed_size_binary(f.type)
        ):
            continue
        if (pa.types.is_string(f.type) or pa.types.is_large_string(f.type)) and average.get(
            f.name, 0
        ) > MAX_EXTRA_CHARS:
            continue
        extras.append(f.name)
    return extras


def _unreadable(ctx: ReaderContext, exc: Exception) -> Quarantined:
    with open(ctx.path, "rb") as fh:
        head = fh.read(4)
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(size - 4, 0))
        tail = fh.read(4)
    truncated = head == _PARQUET_MAGIC and tail != _PARQUET_MAGIC
    reason = QuarantineReason.TRUNCATED_STREAM if truncated else QuarantineReason.INVALID_RECORD
    what = "ends before its footer (truncated)" if truncated else "is not a readable Parquet file"
    return Quarantined(
        parquet_row(ctx.relpath, 0),
        reason,
        f"{ctx.relpath} {what} ({type(exc).__name__}); none of its rows can be read",
        size,
    )


def read_parquet(ctx: ReaderContext) -> Iterator[Item]:
    """Every row of a Parquet file as a Document or a Quarantined row."""
    mapping = FieldMapping(ctx.source.fields)
    try:
        parquet = pq.ParquetFile(ctx.path)
        schema = parquet.schema_arrow
    except (pa.ArrowException, OSError, ValueError) as exc:
        yield _unreadable(ctx, exc)
        return
    with parquet:
        wanted = set(mapping.top_level_columns)
        extras = set(_extra_columns(parquet, wanted))
        columns = [f.name for f in schema if f.name in wanted or f.name in extras]
        metadata = parquet.metadata
        row = 0
        for group in range(metadata.num_row_groups):
            group_rows = metadata.row_group(group).num_rows
            group_bytes = metadata.row_group(group).total_byte_size
            batch_rows = max(1, min(BATCH_ROWS, BATCH_BYTES * group_rows // max(group_bytes, 1)))
            done = 0
            try:
                for batch in parquet.iter_batches(
                    batch_size=batch_rows, row_groups=[group], columns=columns, use_threads=False
                ):
                    yield from _batch_items(ctx, mapping, batch, row + done)
                    done += batch.num_rows
            except (pa.ArrowException, OSError, ValueError) as exc:
                for lost in range(row + done, row + group_rows):
                    yield Quarantined(
                        parquet_row(ctx.relpath, lost),
                        QuarantineReason.INVALID_RECORD,
                        f"row group {group} of {ctx.relpath} cannot be decoded from row {row + done} "
                        f"on ({type(exc).__name__})",
                    )
            row += group_rows


def _batch_items(ctx: ReaderContext, mapping: FieldMapping, batch: pa.RecordBatch, first_row: int) -> Iterator[Item]:
    # Column-wise conversion: one Python list per column, then the rows are zipped together.
    names = batch.schema.names
    unreadable: set[int] = set()
    values = [_column_values(column, unreadable) for column in batch.columns]
    for offset, row_values in enumerate(zip(*values, strict=True)):
        record = dict(zip(names, row_values, strict=True))
        flags = [UNREADABLE_FLAG] if offset in unreadable else None
        yield mapping.to_item(parquet_row(ctx.relpath, first_row + offset), record, flags)


def _column_values(column: pa.Array, unreadable: set[int]) -> list:
    """The column as Python values; a value Python cannot hold (a timestamp before year 1 or after 9999) is
    None, and its row's offset is added to ``unreadable``: it costs that value, never the row or the batch."""
    try:
        return column.to_pylist()
    except (OverflowError, ValueError):
        pass
    out = []
    for offset, scalar in enumerate(column):
        try:
            out.append(scalar.as_py())
        except (OverflowError, ValueError):
            out.append(None)
            unreadable.add(offset)
    return out


#: Line/row numbers never repeat: the ingest run need not remember every locator (memory stays flat).
read_parquet.unique_locators = True  # type: ignore[attr-defined]
