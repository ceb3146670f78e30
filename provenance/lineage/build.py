"""Building ``lineage.duckdb``: a snapshot of every stage's lineage facts, swapped in whole.

:func:`build_lineage` reads every stage's Parquet under ``staging/`` (never a document's text),
the release manifests and the contracts, and materialises the tables of
:mod:`provenance.lineage.tables` into a NEW database file beside the published one. When the file
is complete and checkpointed, :func:`provenance.workspace.publish_file` puts it in place. So:

- an analyst holding the old database open keeps answering from the old snapshot (the old file
  lives on until they close it) and never sees a half-built database;
- a reader never takes a lock the builder needs, and the builder never writes a file a reader has;
- two builders never interleave: :func:`provenance.lineage.lock.writer_lock` serialises them.

Every record is accounted for per dump (``docs/legal.md`` and ``docs/ARCHITECTURE.md``):
a document's ``outcome`` (``documents.sql``) is the first of

1. ``held`` / ``missing`` at ``redacted_documents``: it has no redacted row. *Held* when the dump has
   no redaction output at all (the stage has not run for it, or a blocking check stopped it);
   *missing* when the output exists and lacks it (a lost row).
2. the same at ``cleared_documents`` for its rights decision;
3. ``excluded`` / ``quarantined`` by the rights stage;
4. ``sample`` when any release published it, else ``duplicate`` / ``quarantined`` by certify;
5. otherwise ``held`` at ``certified_release`` when no release exists yet, and ``missing`` when one
   does: every release reads every cleared dump, so a cleared document in none of them was lost.

Records seen = documents + ingest quarantine + skipped records (``skipped``: records that are not
documents by design); a dump is complete when that holds, no document is ``missing``, no stage output
is unreadable and every sample traces back to a document. Notices (``ingest_notices``) are not records.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import time
from pathlib import Path

import duckdb
import pyarrow as pa

import provenance
from provenance.faults import FaultPoint, fault_point
from provenance.leftovers import owner_token
from provenance.lineage.contract_inputs import contract_tables, denylist_table, requests_table
from provenance.lineage.held_back import holds_table
from provenance.lineage.inputs import (
    CERTIFY,
    PROBLEM_SCHEMA,
    Inputs,
    collect,
    dump_info,
    failed_dumps_table,
    rights_clearings_table,
    samples_dump_ids,
    stale_staging_table,
)
from provenance.lineage.lock import writer_lock
from provenance.lineage.personal_data import register_identifier_redaction
from provenance.lineage.raw_views import register_raw_views
from provenance.lineage.release_inputs import release_accounting, release_tables
from provenance.lineage.sql import literal, render
from provenance.lineage.tables import BY_NAME, RELATIONS
from provenance.lineage.withdrawals import withdrawals_table
from provenance.workspace import Workspace, publish_file

LOCK_SUFFIX = ".lock"
#: The storage format the database is written in: the oldest that DuckDB 1.1 and every later reader opens.
#: A newer DuckDB writes its own newest format by default, which older readers refuse ("version number 69").
#: v1.0.0 would name the same format, but DuckDB 1.0 cannot read the indexes a 2.x writer stores in it.
STORAGE_COMPATIBILITY = "v1.1.0"
#: The oldest DuckDB that opens the database (README "Opening it"; tests/lineage/test_old_duckdb.py).
OLDEST_READER = "1.1.0"
#: The SQL files (provenance.lineage.sql) that build every table and view, in the order they run.
BUILD_SQL = (
    "stage_tables",
    "documents",
    "decisions",
    "optout_evidence",
    "accounting",
    "licences_and_views",
    "optout_requests",  # the opt-out ledger across releases
    "requests",  # the erasure, objection and takedown ledger
    "held_back",
    "withdrawals",  # the signed withdrawal lists after release
)


class LineageInputError(RuntimeError):
    """A stage output could not be read while building; ``str()`` names the file or says which read failed."""


@dataclasses.dataclass
class LineageStats:
    """What one build produced: where, row counts per table and view, and the accounting totals."""

    path: Path
    built_at: dt.datetime
    seconds: float
    rows: dict[str, int]
    dumps: int
    releases: int
    records_seen: int
    samples: int
    held: int
    missing: int
    #: (dump or release id, missing records, first problem) for every dump or release that is not complete
    incomplete: list[tuple[str, int, str]]

    @property
    def complete(self) -> bool:
        return not self.incomplete


# --------------------------------------------------------------------------- the build


def build_lineage(
    workspace: Workspace,
    *,
    built_at: dt.datetime | None = None,
    memory_limit: str = "4GB",
    threads: int | None = None,
    lock_timeout: float = 1800.0,
) -> LineageStats:
    """Build ``$PROVENANCE_HOME/lineage.duckdb`` from every stage's output and swap it into place atomically.

    Unreadable stage files do not stop the build: they become rows of ``gaps`` naming the file, and
    the dump is not complete. A failure of the build itself leaves the published database untouched.
    """
    ws = workspace
    final = ws.lineage_db
    final.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with writer_lock(final.with_name(final.name + LOCK_SUFFIX), timeout=lock_timeout):
        token = owner_token()
        tmp = final.with_name(f".{final.stem}.{token}.building.duckdb")
        spill = final.with_name(f".{final.stem}.{token}.spill")
        try:
            stats = _build_into(ws, tmp, spill, built_at=built_at, memory_limit=memory_limit, threads=threads)
            fault_point(FaultPoint.DURING_LINEAGE_BUILD)
            publish_file(tmp, final)
        finally:
            tmp.unlink(missing_ok=True)
            Path(str(tmp) + ".wal").unlink(missing_ok=True)
            shutil.rmtree(spill, ignore_errors=True)
    stats.path = final
    stats.seconds = time.perf_counter() - started
    return stats


def _build_into(
    ws: Workspace, tmp: Path, spill: Path, *, built_at: dt.datetime | None, memory_limit: str, threads: int | None
) -> LineageStats:
    inputs = collect(ws)
    tables, versions = _python_tables(ws, inputs)
    any_release = (
        tables["releases_now"].num_rows > 0 or bool(inputs.files["samples"]) or bool(inputs.files["cert_decisions"])
    )
    con = duckdb.connect(str(tmp), config={"storage_compatibility_version": STORAGE_COMPATIBILITY})
    try:
        spill.mkdir(parents=True, exist_ok=True)
        con.execute(f"SET memory_limit = {literal(memory_limit)}")
        con.execute(f"SET temp_directory = {literal(str(spill))}")
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        register_raw_views(con, inputs)
        register_identifier_redaction(con, ws)
        for name, table in tables.items():
            con.register(name, table)
        con.execute(render("snapshot_tables"))
        _run_build_sql(con, any_release)
        when = built_at or dt.datetime.now(dt.UTC)
        con.register("build_now", _build_row(ws, when, versions))
        con.execute(render("finish"))
        _comment(con)
        stats = _stats(con, tmp, when)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return stats


def _python_tables(ws: Workspace, inputs: Inputs) -> tuple[dict[str, pa.Table], dict[str, str | None]]:
    """The tables built in Python, by the name the SQL reads them as, and the contracts' versions."""
    sources, registry, versions = contract_tables(ws)
    denylist, denylist_info = denylist_table(ws)
    versions.update(
        denylist_version=denylist_info["denylist_version"], denylist_sha256=denylist_info["denylist_sha256"]
    )
    requests, requests_problem = requests_table(ws)
    if denylist_info["problem"] or requests_problem:
        versions["contract_problems"] = "\n".join(
            filter(None, [versions["contract_problems"], denylist_info["problem"], requests_problem])
        )
    releases, shards = release_tables(ws, inputs.present[CERTIFY])
    withdrawals, withdrawal_problems = withdrawals_table(ws, releases.column("release_id").to_pylist(), CERTIFY)
    dumps = dump_info(ws, inputs, sorted(samples_dump_ids(inputs.files["samples"])))
    problems = pa.Table.from_pylist(
        [{"dump_id": d, "stage": s, "problem": p} for d, s, p in [*inputs.problems, *withdrawal_problems]],
        schema=PROBLEM_SCHEMA,
    )
    tables = {
        "sources_now": sources,
        "registry_now": registry,
        "denylist_now": denylist,
        "requests_now": requests,
        "releases_now": releases,
        "shards_now": shards,
        "dump_info_now": dumps,
        "file_problems_now": problems,
        "hold_reasons_now": holds_table(),
        "rights_clearings_now": rights_clearings_table(inputs),
        "release_accounting_now": release_accounting(releases),
        "failed_dumps_now": failed_dumps_table(inputs),
        "stale_staging_now": stale_staging_table(inputs),
        "withdrawals_now": withdrawals,
    }
    return tables, versions


def _run_build_sql(con: duckdb.DuckDBPyConnection, any_release: bool) -> None:
    """Every table and view of the lineage database, from the raw views and the tables built in Python."""
    try:
        for name in BUILD_SQL:
            con.execute(render(name, any_release="true" if any_release else "false"))
    except duckdb.IOException as exc:
        raise LineageInputError(f"reading the stage outputs failed: {exc}") from None
    except duckdb.InvalidInputException as exc:
        raise LineageInputError(f"a stage output could not be read: {exc}") from None


def _build_row(ws: Workspace, when: dt.datetime, versions: dict[str, str | None]) -> pa.Table:
    """The ``lineage_build`` row: when, by which code, from which workspace and contracts."""
    row = {
        "built_at": when,
        "provenance_version": provenance.__version__,
        "git_commit": _git_commit(),
        "home": str(ws.home),
        "contracts": str(ws.contracts),
        **versions,
    }
    schema = pa.schema(
        [("built_at", pa.timestamp("us", tz="UTC"))]
        + [(n, pa.string()) for n in BY_NAME["lineage_build"].column_names[1:]]
    )
    return pa.Table.from_pylist([row], schema=schema)


def _comment(con: duckdb.DuckDBPyConnection) -> None:
    """Each table's and column's description (provenance.lineage.tables) as a DuckDB comment."""
    for relation in RELATIONS:
        kind = "VIEW" if relation.kind == "view" else "TABLE"
        con.execute(f'COMMENT ON {kind} "{relation.name}" IS {literal(relation.description)}')
        for column, doc in relation.columns:
            con.execute(f'COMMENT ON COLUMN "{relation.name}"."{column}" IS {literal(doc)}')


def _stats(con: duckdb.DuckDBPyConnection, path: Path, when: dt.datetime) -> LineageStats:
    rows = {r.name: con.execute(f'SELECT count(*) FROM "{r.name}"').fetchall()[0][0] for r in RELATIONS}
    totals = con.execute(render("build_totals")).fetchall()[0]
    incomplete = con.execute(render("build_incomplete")).fetchall()
    return LineageStats(
        path=path,
        built_at=when,
        seconds=0.0,
        rows=rows,
        dumps=rows["dumps"],
        releases=rows["releases"],
        records_seen=int(totals[0]),
        samples=int(totals[1]),
        held=int(totals[2]),
        missing=int(totals[3]),
        incomplete=[(d, int(m), p or "") for d, m, p, _ in incomplete],
    )


def _git_commit() -> str:
    from provenance.certify.manifest import git_commit

    return git_commit()
