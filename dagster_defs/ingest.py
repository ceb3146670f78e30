"""The `documents` asset, its quarantine check, and the sensor that finds new dumps in the landing folder.

The quarantine rate is quarantined / (documents + quarantined): skipped records (WARC requests, images,
redirects, crawler logs, wiki redirects) are records seen but never candidates to become documents, and
in a web crawl they are most records, so counting them would let a broken reader pass the check.
"""

import json
from typing import Any

import dagster as dg

from dagster_defs.metadata import (
    COLUMN_SCHEMA,
    ROWS_IN_DUMP,
    counts_table,
    dump_figures,
    table_schema,
    whole_asset_rows,
)
from dagster_defs.partitions import DUMPS, dumps_partitions
from dagster_defs.plan import CODE_VERSIONS, DumpPlan, already_launched, plan_dumps, run_tags
from dagster_defs.resources import ProvenanceResource
from provenance.contracts import ContractError
from provenance.ingest.failures import failure_noted
from provenance.ingest.run import ingest_dump
from provenance.layout import DOCUMENTS, INGEST
from provenance.stats import StatsFileError


@dg.asset(
    partitions_def=dumps_partitions,
    group_name="ingest",
    kinds={"parquet"},
    metadata={COLUMN_SCHEMA: table_schema(DOCUMENTS.schema)},
    code_version=CODE_VERSIONS[INGEST.name],
    description=(
        "The canonical document table for one archive dump: every record read by its format's "
        "streaming reader, as a document or a quarantine row with its reason. Written as Parquet "
        "under staging/documents/<dump_id>/."
    ),
)
def documents(context: dg.AssetExecutionContext, provenance: ProvenanceResource) -> dg.MaterializeResult:
    dump, source = provenance.dump(context.partition_key)
    ws = provenance.workspace()
    out_dir = ws.stage_dir(INGEST, dump.dump_id)
    inputs = provenance.stage_inputs(INGEST.name, dump)
    context.log.info(f"ingesting {dump.relpath} ({source.format}) for source {source.id}")
    # The readers turn bad input into rows; what escapes them leaves the dump failed in lineage (a note).
    with failure_noted(ws, INGEST, dump):
        stats = ws.publish(INGEST, dump.dump_id, lambda folder: ingest_dump(dump, source, folder))
    context.log_event(whole_asset_rows(context, ws, INGEST, lambda s: s.documents))
    inputs.record(context.run.run_id)
    summary = (
        f"**{stats.records_seen}** records seen = **{stats.documents}** documents + **{stats.quarantined}** "
        f"quarantined + **{stats.skipped_records}** skipped (not documents by design). Quarantine rate "
        f"{stats.quarantine_rate:.2%} of the {stats.candidate_records} candidate records; the contract allows "
        f"{source.max_quarantine_rate:.2%}.\n\n"
        + counts_table(("quarantine reason", "records"), stats.quarantine_reasons)
        + "\n"
        + counts_table(("skip reason", "records"), stats.skipped)
    )
    return dg.MaterializeResult(
        metadata={
            ROWS_IN_DUMP: stats.documents,
            COLUMN_SCHEMA: table_schema(DOCUMENTS.schema),
            "records_seen": stats.records_seen,
            "documents": stats.documents,
            "quarantined": stats.quarantined,
            "quarantine_rate": float(stats.quarantine_rate),
            "site_signals": stats.site_signals,
            "skipped_non_documents": stats.skipped_records,
            "skipped_reasons": dg.MetadataValue.json(dict(sorted(stats.skipped.items()))),
            "notices": sum(stats.notices.values()),
            "notice_list": dg.MetadataValue.md(_notices_table(stats.notice_examples, sum(stats.notices.values()))),
            "source_id": source.id,
            "dump_path": dg.MetadataValue.path(str(dump.path)),
            "output": dg.MetadataValue.path(str(out_dir)),
            "summary": dg.MetadataValue.md(summary),
        }
    )


def _notices_table(examples: list[dict], total: int) -> str:
    """The dump's notices as Markdown (the first ones; notices.parquet and ingest_notices hold them all)."""
    if not total:
        return "No notices: nothing in the dump contradicts its contract."
    lines = ["| code | where | what |", "|---|---|---|"]
    lines += [f"| {n['code']} | `{n['locator']}` | {n['message'].replace('|', '/')} |" for n in examples]
    if total > len(examples):
        lines.append(f"\n{total - len(examples)} more in notices.parquet (lineage table `ingest_notices`).")
    return "\n".join(lines) + "\n"


@dg.asset_check(
    asset=documents,
    partitions_def=dumps_partitions,
    blocking=True,
    description=(
        "The dump's quarantine rate, quarantined / (documents + quarantined), is within its contract's "
        "max_quarantine_rate; if not, nothing downstream runs for it. Skipped records (requests, images, "
        "redirects, crawler logs) are not candidates and do not dilute the rate."
    ),
)
def quarantine_rate_within_contract(
    context: dg.AssetCheckExecutionContext, provenance: ProvenanceResource
) -> dg.AssetCheckResult:
    dump, source = provenance.dump(context.partition_key)
    try:
        stats = provenance.workspace().stats(INGEST, dump.dump_id)
    except StatsFileError as exc:
        # A stats file that does not say its rate proves nothing: the check fails, naming the file and key.
        return dg.AssetCheckResult(passed=False, severity=dg.AssetCheckSeverity.ERROR, description=str(exc))
    if stats is None:
        return dg.AssetCheckResult(
            passed=False, severity=dg.AssetCheckSeverity.ERROR, description="no ingest output for this dump"
        )
    rate = stats.quarantine_rate
    return dg.AssetCheckResult(
        passed=rate <= source.max_quarantine_rate,
        severity=dg.AssetCheckSeverity.ERROR,
        description=(
            f"{stats.quarantined} of {stats.candidate_records} candidate records quarantined ({rate:.2%}; "
            f"{stats.skipped_records} skipped records are not candidates); "
            f"{source.id} allows {source.max_quarantine_rate:.2%}"
        ),
        metadata={
            "figures": dump_figures(
                dump.dump_id,
                {
                    "records_seen": stats.records_seen,
                    "candidate_records": stats.candidate_records,
                    "quarantined": stats.quarantined,
                    "quarantine_rate": float(rate),
                    "max_quarantine_rate": float(source.max_quarantine_rate),
                },
            ),
            "reasons": dg.MetadataValue.json(dict(sorted(stats.quarantine_reasons.items()))),
        },
    )


@dg.sensor(
    description=(
        "Finds dump files matching the source contracts' `dumps` globs, adds a partition per dump, and requests "
        "a run of the stages of each dump that are out of date: a new or changed file, a changed source contract "
        "or stage code. It shares its memory with `provenance run` (the fingerprints recorded beside every stage's "
        "output, and run keys): a dump computed by either is never requested again while unchanged. A change to "
        "the shared rights configuration alone is the rights_config_sensor's."
    ),
    minimum_interval_seconds=30,
    job_name="dump_pipeline",
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def landing_sensor(
    context: dg.SensorEvaluationContext, provenance: ProvenanceResource
) -> dg.SensorResult | dg.SkipReason:
    ws = provenance.workspace()
    hashes, requested = _read_cursor(context.cursor)
    try:
        plans = plan_dumps(ws, context.instance, hashes)
    except ContractError as exc:
        return dg.SkipReason(f"contracts are invalid, nothing requested: {exc}")
    known = set(context.instance.get_dynamic_partitions(DUMPS))
    new_keys = [p.dump.dump_id for p in plans if p.dump.dump_id not in known]
    run_requests = []
    for plan in plans:
        if (
            not plan.stale
            or plan.config_only
            or requested.get(plan.dump.dump_id) == plan.run_key
            or already_launched(context.instance, plan.run_key)
        ):
            continue
        requested[plan.dump.dump_id] = plan.run_key
        run_requests.append(_run_request(plan))
    present = {p.dump.relpath for p in plans}
    cursor = {
        "files": {k: v for k, v in hashes.items() if k in present},
        "requested": {p.dump.dump_id: requested[p.dump.dump_id] for p in plans if p.dump.dump_id in requested},
    }
    return dg.SensorResult(
        run_requests=run_requests,
        dynamic_partitions_requests=[dumps_partitions.build_add_request(new_keys)] if new_keys else [],
        cursor=json.dumps(cursor, sort_keys=True),
    )


def _read_cursor(cursor: str | None) -> tuple[dict[str, Any], dict[str, str]]:
    """(each dump file's size, mtime and content hash, the run key last requested per dump) from the cursor:
    an unchanged file is not hashed again, and the same work is never requested twice."""
    state = json.loads(cursor) if cursor else {}
    if "files" not in state:  # a cursor from before run keys were remembered held the files only
        state = {"files": state, "requested": {}}
    return state["files"], state.get("requested", {})


def _run_request(plan: DumpPlan) -> dg.RunRequest:
    """A run of the dump's stale stages, keyed by what it computes."""
    return dg.RunRequest(
        run_key=plan.run_key,
        partition_key=plan.dump.dump_id,
        asset_selection=[dg.AssetKey(stage) for stage in plan.stale],
        tags={
            **run_tags(plan.run_key),
            "provenance/dump": plan.dump.relpath,
            "provenance/dump_sha256": plan.inputs[INGEST.name].components["dump"],
        },
    )
