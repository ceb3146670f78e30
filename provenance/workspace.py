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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

HOME_ENV = "PROVENANCE_HOME"
CONTRACTS_ENV = "PROVENANCE_CONTRACTS"
SIGNING_KEY_ENV = "PROVENANCE_SIGNING_KEY"
PII_KEY_ENV = "PROVENANCE_PII_KEY"

DEFAULT_HOME = Path("var")
DEFAULT_CONTRACTS = Path("data_contracts")

STAGE_STATS_FILE = "_stats.json"


@dataclass(frozen=True)
class Workspace:
    """Where a run reads and writes, and the keys it signs and hashes with (``None``: not configured)."""

    home: Path
    contracts: Path
    signing_key: Path | None = None
    pii_key: Path | None = None

    @classmethod
    def at(
        cls,
        home: str | os.PathLike,
        contracts: str | os.PathLike,
        signing_key: str | os.PathLike | None = None,
        pii_key: str | os.PathLike | None = None,
    ) -> Workspace:
        """The workspace with its folders made absolute (a relative path is read from the current folder)."""
        return cls(
            Path(home).resolve(),
            Path(contracts).resolve(),
            Path(signing_key) if signing_key else None,
            Path(pii_key) if pii_key else None,
        )

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


@dataclass(frozen=True)
class Settings:
    """The public settings as the user gave them (``None``: not set), read once by the command line's entry
    point from ``PROVENANCE_HOME``, ``PROVENANCE_CONTRACTS``, ``PROVENANCE_SIGNING_KEY`` and ``PROVENANCE_PII_KEY``."""

    home: Path | None = None
    contracts: Path | None = None
    signing_key: Path | None = None
    pii_key: Path | None = None

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Settings:
        def path(name: str) -> Path | None:
            value = environ.get(name)
            return Path(value) if value else None

        return cls(path(HOME_ENV), path(CONTRACTS_ENV), path(SIGNING_KEY_ENV), path(PII_KEY_ENV))

    def workspace(self, default_contracts: Path | None = None) -> Workspace:
        """The workspace these settings name, with the documented defaults (``./var``, ``./data_contracts``)."""
        home = self.home or DEFAULT_HOME
        contracts = self.contracts or default_contracts or DEFAULT_CONTRACTS
        return Workspace.at(home, contracts, self.signing_key, self.pii_key)


def settings_environ(ws: Workspace) -> dict[str, str]:
    """The environment variables that give a process started from here (the UI's) the settings of ``ws``."""
    environ = {HOME_ENV: str(ws.home), CONTRACTS_ENV: str(ws.contracts)}
    if ws.signing_key is not None:
        environ[SIGNING_KEY_ENV] = str(ws.signing_key)
    if ws.pii_key is not None:
        environ[PII_KEY_ENV] = str(ws.pii_key)
    return environ


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
