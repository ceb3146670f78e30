"""The workspace on disk: where dumps land, stages write, releases publish, and how writes stay atomic.

Layout under ``PROVENANCE_HOME`` (default ``./var``)::

    landing/                          incoming dumps
    staging/<stage>/<dump_id>/        one stage's Parquet output for one dump
    releases/<release_id>/            certified shards and the signed manifest
    lineage.duckdb                    the legal team's database
    keys/                             demo keys (created only by ``provenance demo``)

A stage's output folder for a dump is published by swapping a symlink, so a reader sees
either the previous complete output or the new complete output, never a mix.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

HOME_ENV = "PROVENANCE_HOME"
CONTRACTS_ENV = "PROVENANCE_CONTRACTS"
SIGNING_KEY_ENV = "PROVENANCE_SIGNING_KEY"
PII_KEY_ENV = "PROVENANCE_PII_KEY"

STAGE_STATS_FILE = "_stats.json"


@dataclass(frozen=True)
class Workspace:
    home: Path
    contracts: Path

    @classmethod
    def from_env(
        cls, home: str | os.PathLike | None = None, contracts: str | os.PathLike | None = None
    ) -> Workspace:
        home_path = Path(home or os.environ.get(HOME_ENV) or "var")
        contracts_path = Path(contracts or os.environ.get(CONTRACTS_ENV) or "data_contracts")
        return cls(home_path.resolve(), contracts_path.resolve())

    @property
    def landing(self) -> Path:
        return self.home / "landing"

    @property
    def staging(self) -> Path:
        return self.home / "staging"

    @property
    def releases(self) -> Path:
        return self.home / "releases"

    @property
    def keys(self) -> Path:
        return self.home / "keys"

    @property
    def lineage_db(self) -> Path:
        return self.home / "lineage.duckdb"

    def stage_dir(self, stage: str, dump_id: str) -> Path:
        return self.staging / stage / dump_id

    def stage_dumps(self, stage: str) -> list[str]:
        """The dump ids that have a published output for ``stage``."""
        root = self.staging / stage
        if not root.is_dir():
            return []
        return sorted(p.name for p in root.iterdir() if not p.name.startswith(".") and p.is_dir())


def signing_key_path() -> Path | None:
    value = os.environ.get(SIGNING_KEY_ENV)
    return Path(value) if value else None


def pii_key_path() -> Path | None:
    value = os.environ.get(PII_KEY_ENV)
    return Path(value) if value else None


@contextlib.contextmanager
def publish_dir(final: Path) -> Iterator[Path]:
    """Yield a fresh folder to write into; on success it atomically replaces ``final``.

    ``final`` becomes a symlink to a hidden versioned sibling folder. The swap is one
    ``rename`` of a symlink, so readers never see a half-written output. On error the
    fresh folder is removed and ``final`` is left as it was.
    """
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    token = uuid.uuid4().hex[:12]
    target = final.parent / f".{final.name}.{token}"
    target.mkdir()
    try:
        yield target
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    previous = final.resolve() if final.is_symlink() else None
    if final.exists() and not final.is_symlink():
        # An output from before symlink publication: move it aside, then swap.
        aside = final.parent / f".{final.name}.old-{token}"
        final.rename(aside)
        previous = aside
    link = final.parent / f".{final.name}.link-{token}"
    os.symlink(target.name, link)
    os.replace(link, final)
    if previous is not None and previous != target.resolve():
        shutil.rmtree(previous, ignore_errors=True)


class ParquetSink:
    """Streams record batches of one schema into one Parquet file; writes a valid empty file if none come."""

    def __init__(self, path: Path, schema: pa.Schema, compression: str = "zstd"):
        self.path = Path(path)
        self.schema = schema
        self.rows = 0
        self._writer = pq.ParquetWriter(self.path, schema, compression=compression)

    def write(self, batch: pa.RecordBatch | pa.Table) -> None:
        if batch.num_rows == 0:
            return
        if batch.schema != self.schema:
            batch = (
                batch.cast(self.schema)
                if isinstance(batch, pa.Table)
                else pa.Table.from_batches([batch]).cast(self.schema)
            )
        if isinstance(batch, pa.RecordBatch):
            self._writer.write_batch(batch)
        else:
            self._writer.write_table(batch)
        self.rows += batch.num_rows

    def close(self) -> None:
        self._writer.close()

    def __enter__(self) -> ParquetSink:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def write_json_atomic(path: Path, data: object) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{uuid.uuid4().hex[:8]}.tmp"
    tmp.write_text(
        json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )
    os.replace(tmp, path)


def read_stage_stats(stage_dir: Path) -> dict:
    path = Path(stage_dir) / STAGE_STATS_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
