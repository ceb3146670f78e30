"""The workspace on disk: where dumps land, stages write, releases publish, and how writes stay atomic.

Layout under ``PROVENANCE_HOME`` (default ``./var``)::

    landing/                          incoming dumps
    staging/<stage>/<dump_id>/        one stage's Parquet output for one dump
    releases/<release_id>/            certified shards and the signed manifest
    lineage.duckdb                    the legal team's database
    keys/                             demo keys (created only by ``provenance demo``)

A stage's output folder for a dump is published by swapping a symlink, so a reader sees
either the previous complete output or the new complete output, never a mix. Stages never
publish: :func:`publish_stage` runs one into a fresh folder, writes its stats, and swaps it in.
What each stage writes is declared in :mod:`provenance.layout`.

Every temporary name made here carries its owner's process id (:mod:`provenance.leftovers`), so what a
killed run left is told apart from what a live run is writing: :meth:`Workspace.remove_leftovers`, called
when `provenance run` starts, removes the former.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Self, TypeVar

import pyarrow as pa
import pyarrow.parquet as pq

from provenance import leftovers
from provenance.faults import AFTER_STAGE, FaultPoint, fault_point
from provenance.layout import STAGING, STATS_FILE, StageOutput
from provenance.stats import StageStats

HOME_ENV = "PROVENANCE_HOME"
CONTRACTS_ENV = "PROVENANCE_CONTRACTS"
SIGNING_KEY_ENV = "PROVENANCE_SIGNING_KEY"
PII_KEY_ENV = "PROVENANCE_PII_KEY"

DEFAULT_HOME = Path("var")
DEFAULT_CONTRACTS = Path("data_contracts")

S = TypeVar("S", bound=StageStats)


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
        return self.home / STAGING

    @property
    def releases(self) -> Path:
        return self.home / "releases"

    @property
    def keys(self) -> Path:
        return self.home / "keys"

    @property
    def lineage_db(self) -> Path:
        return self.home / "lineage.duckdb"

    def stage_dir(self, stage: StageOutput | str, dump_id: str) -> Path:
        return self.staging / _stage_name(stage) / dump_id

    def stage_dumps(self, stage: StageOutput | str) -> list[str]:
        """The dump ids that have a published output for ``stage``."""
        root = self.staging / _stage_name(stage)
        if not root.is_dir():
            return []
        return sorted(p.name for p in root.iterdir() if not p.name.startswith(".") and p.is_dir())

    def stats(self, stage: StageOutput[S], key: str) -> S | None:
        """The stats ``stage`` published for ``key`` (None: nothing published); strictly loaded."""
        return stage.load_stats(self.stage_dir(stage, key))

    def publish(self, stage: StageOutput[S], key: str, run: Callable[[Path], S]) -> S:
        """Run ``stage`` for ``key`` into a fresh folder and publish it (see :func:`publish_stage`)."""
        stats = publish_stage(self.stage_dir(stage, key), run)
        fault_point(AFTER_STAGE.get(stage.name))
        return stats

    def remove_leftovers(self, say: Callable[[str], None] | None = None) -> list[Path]:
        """Remove the temporary files and folders that dead runs left (:mod:`provenance.leftovers`), saying
        each one removed through ``say``; the paths removed."""
        removed = []
        for path in list(leftovers.find_leftovers(self.staging, self.releases, self.lineage_db)):
            leftovers.remove(path)
            removed.append(path)
            if say is not None:
                say(f"removed {path.relative_to(self.home)}, left by an interrupted run")
        return removed


def _stage_name(stage: StageOutput | str) -> str:
    return stage.name if isinstance(stage, StageOutput) else stage


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
    token = leftovers.owner_token()
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


def publish_stage(final: Path, run: Callable[[Path], S]) -> S:
    """The one way a stage's output is published: ``run`` writes into a fresh folder and returns its stats,
    which are written beside its files as ``_stats.json``; then the folder atomically replaces ``final``."""
    with publish_dir(final) as folder:
        stats = run(folder)
        write_stats(folder, stats)
    return stats


def publish_release_dir(built: Path, final: Path) -> None:
    """Publish a fully written release folder as ``final``: its files are synced, then one rename makes it visible.

    A release is a real folder, not a staging symlink: trainers copy it and verify it by itself, and its id
    names its content, so an earlier release of the same id (other content) is moved aside, then removed.
    """
    for path in sorted(Path(built).rglob("*")):
        if path.is_file():
            with open(path, "rb") as fh:
                os.fsync(fh.fileno())
    aside = None
    if final.exists():
        aside = final.parent / f".{final.name}.old-{leftovers.owner_token()}"
        final.rename(aside)
    Path(built).rename(final)
    fault_point(FaultPoint.AFTER_RELEASE_RENAME)
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)


def publish_file(built: Path, final: Path) -> None:
    """Publish a fully written single-file output (the lineage database) as ``final``: synced, then one
    ``os.replace``, then the folder synced, so a reader opens the previous file or the new one."""
    with open(built, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(built, final)
    fd = os.open(Path(final).parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_stats(folder: Path, stats: StageStats) -> None:
    """Write (or rewrite) a stage output's ``_stats.json``, atomically."""
    write_json_atomic(Path(folder) / STATS_FILE, stats.as_dict())


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

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class RowSink(ParquetSink):
    """Rows of one schema, buffered as columns and written as a record batch when ``flush_rows`` rows or
    ``flush_chars`` characters (as the caller counts them) are pending, on :meth:`flush`, and on close.

    A column the row lacks is null. The batches written decide the file's row groups, so callers that
    need reproducible bytes flush at the same points on every run.
    """

    def __init__(
        self,
        path: Path,
        schema: pa.Schema,
        flush_rows: int | None = None,
        flush_chars: int | None = None,
        compression: str = "zstd",
    ):
        super().__init__(path, schema, compression)
        self.flush_rows = flush_rows
        self.flush_chars = flush_chars
        self._columns: dict[str, list] = {name: [] for name in schema.names}
        self._pending = 0
        self._chars = 0

    def add(self, row: Mapping[str, object], chars: int = 0) -> None:
        for name, column in self._columns.items():
            column.append(row.get(name))
        self._pending += 1
        self._chars += chars
        if (self.flush_rows is not None and self._pending >= self.flush_rows) or (
            self.flush_chars is not None and self._chars >= self.flush_chars
        ):
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        self.write(pa.RecordBatch.from_pydict(self._columns, schema=self.schema))
        for column in self._columns.values():
            column.clear()
        self._pending = self._chars = 0

    def close(self) -> None:
        self.flush()
        super().close()


def write_json_atomic(path: Path, data: object) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{leftovers.owner_token()}.tmp"
    tmp.write_text(
        json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )
    os.replace(tmp, path)
