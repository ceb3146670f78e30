"""Hugging Face ``datasets`` views of a verified release (the optional extra ``hf``; imported only when asked for)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import datasets
import pyarrow as pa

from provenance.schema import SAMPLE_SCHEMA

if TYPE_CHECKING:
    from provenance.loader.release import VerifiedRelease


def hf_dataset(release: VerifiedRelease, columns: Sequence[str] | None) -> datasets.Dataset:
    """The release's verified, unwithdrawn rows as an in-memory ``datasets.Dataset`` (Arrow, no copy to Python)."""
    batches = list(release.iter_batches(columns=columns))
    schema = batches[0].schema if batches else _schema(columns)
    table = pa.Table.from_batches(batches, schema=schema)
    return datasets.Dataset(datasets.table.InMemoryTable(table), info=_info(release))


def hf_iterable_dataset(
    release: VerifiedRelease, columns: Sequence[str] | None, batch_size: int
) -> datasets.IterableDataset:
    """A ``datasets.IterableDataset`` over the verified rows; ``shards`` is a list in ``gen_kwargs``, so
    ``datasets`` hands each data-loader worker (and ``split_dataset_by_node`` each rank) its own shards."""
    schema = _schema(columns)
    return datasets.IterableDataset.from_generator(
        _rows,
        features=datasets.Features.from_arrow_schema(schema),
        # Only ``shards`` is a list: datasets splits every list in gen_kwargs across workers.
        gen_kwargs={
            "release": release,
            "shards": [s.name for s in release.shards],
            "columns": tuple(columns) if columns is not None else None,
            "batch_size": batch_size,
        },
    )


def _rows(
    release: VerifiedRelease, shards: list[str], columns: tuple[str, ...] | None, batch_size: int
) -> Iterator[dict[str, Any]]:
    for batch in release.iter_batches(columns=columns, batch_size=batch_size, shards=shards):
        yield from batch.to_pylist()


def _schema(columns: Sequence[str] | None) -> pa.Schema:
    return SAMPLE_SCHEMA if columns is None else pa.schema([SAMPLE_SCHEMA.field(c) for c in columns])


def _info(release: VerifiedRelease) -> datasets.DatasetInfo:
    return datasets.DatasetInfo(
        description=f"provenance release {release.release_id}, verified with key {release.key_id}"
    )
