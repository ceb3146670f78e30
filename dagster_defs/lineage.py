"""The `lineage_db` asset (lineage.duckdb over every stage, one writer at a time) and its blocking check `lineage_complete`.

One writer: the asset is in the Dagster pool ``lineage_db``. Pools are unlimited until a limit is
set, so a steward sets it once per instance::

    dagster instance concurrency set lineage_db 1      # or: UI > Deployment > Concurrency > Add pool limit

(or ``concurrency: {pools: {default_limit: 1}}`` in dagster.yaml, which limits every pool without
a limit of its own). Whatever Dagster is told, the library's file lock beside the database
(``lineage.duckdb.lock``) keeps two builds from interleaving, and readers are never blocked: the
database is rebuilt as a new file and swapped in.
"""

import dagster as dg

from dagster_defs.plan import CODE_VERSIONS, release_inputs
from dagster_defs.resources import ProvenanceResource
from provenance.lineage.build import LineageInputError, build_lineage
from provenance.lineage.completeness import check_completeness
from provenance.lineage.database import LineageDatabaseError
from provenance.lineage.lock import LineageBusyError

LINEAGE_POOL = "lineage_db"


def _dump_table(report) -> str:
    lines = [
        "| dump | records seen | samples | quarantined | excluded | duplicates | held | skipped | missing |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for d in report.dumps:
        held = f"{d.held} ({d.held_at})" if d.held else "0"
        lines.append(
            f"| {d.dump_id} | {d.records_seen} | {d.samples} | {d.quarantined} | {d.excluded} | "
            f"{d.duplicates} | {held} | {d.skipped} | {'**' + str(d.missing) + '**' if d.missing else 0} |"
        )
    return "\n".join(lines)


@dg.asset(
    deps=[dg.AssetKey("certified_release")],
    group_name="lineage",
    kinds={"duckdb"},
    pool=LINEAGE_POOL,
    code_version=CODE_VERSIONS["lineage_db"],
    description=(
        "The legal team's lineage database, $PROVENANCE_HOME/lineage.duckdb: every document, decision, "
        "opt-out signal, redaction (offsets, types and keyed hashes only), sample, shard and release, rebuilt "
        "from the stage outputs as a new file and swapped in atomically, so analysts with it open are never "
        "blocked and never see a half-built database. One writer at a time (pool `lineage_db`, and a file lock)."
    ),
)
def lineage_db(context: dg.AssetExecutionContext, provenance: ProvenanceResource) -> dg.MaterializeResult:
    ws = provenance.workspace()
    try:
        stats = build_lineage(ws)
    except (LineageInputError, LineageBusyError) as exc:
        raise dg.Failure(description=str(exc)) from None
    release_inputs(ws)[1].record(context.run.run_id)
    context.log.info(
        f"lineage database built in {stats.seconds:.1f} s: {stats.rows['documents']} documents, "
        f"{stats.rows['samples']} samples, {stats.releases} release(s)"
    )
    report = check_completeness(stats.path)
    incomplete = ", ".join(f"{d} ({m} missing)" for d, m, _ in stats.incomplete) or "none"
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(stats.path)),
            "dagster/row_count": stats.rows["samples"],
            "rows": dg.MetadataValue.json(stats.rows),
            **{f"rows/{name}": count for name, count in stats.rows.items()},
            "dumps": stats.dumps,
            "releases": stats.releases,
            "records_seen": stats.records_seen,
            "samples": stats.samples,
            "held": stats.held,
            "missing": stats.missing,
            "complete_dumps": stats.dumps - len(stats.incomplete),
            "incomplete_dumps": incomplete,
            "completeness": dg.MetadataValue.md(_dump_table(report)),
            "seconds": round(stats.seconds, 3),
        }
    )


@dg.asset_check(
    asset=lineage_db,
    blocking=True,
    description=(
        "Every record is accounted for: for every dump, records seen = samples + quarantined + excluded + "
        "duplicates + skipped (records that are not documents, e.g. WARC requests; + held, for a dump a stage "
        "has not reached yet), and no stage output lost a row. "
        "Fails naming the dump and how many records (and doc_ids) are missing; the `gaps` table lists them."
    ),
)
def lineage_complete(context: dg.AssetCheckExecutionContext, provenance: ProvenanceResource) -> dg.AssetCheckResult:
    try:
        report = check_completeness(provenance.workspace().lineage_db)
    except LineageDatabaseError as exc:
        return dg.AssetCheckResult(passed=False, severity=dg.AssetCheckSeverity.ERROR, description=str(exc))
    return dg.AssetCheckResult(
        passed=report.ok,
        severity=dg.AssetCheckSeverity.ERROR,
        description=report.describe(),
        metadata={
            "records_seen": report.records_seen,
            "missing": report.missing,
            "held": report.held,
            "incomplete_dumps": dg.MetadataValue.json([d.dump_id for d in report.incomplete]),
            "dumps": dg.MetadataValue.md(_dump_table(report)),
        },
    )
