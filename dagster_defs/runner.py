"""Materialise the whole graph from the command line, in the same Dagster instance the UI reads.

`provenance run` and `provenance demo` call :func:`materialize_all`: the rights configuration
assets first, then the per-dump pipeline for every dump partition (a blocking check that
fails stops that dump only), then the release and lineage assets over all dumps. Each runs only
where it is out of date (:mod:`dagster_defs.plan`); what is skipped is said, per dump and stage.
"""

from collections.abc import Callable

import dagster as dg

from dagster_defs.definitions import PER_DUMP_JOB, RELEASE_JOB, RIGHTS_CONFIG_JOB, definitions
from dagster_defs.home import prepare_dagster_home
from dagster_defs.lineage import LINEAGE_POOL
from dagster_defs.plan import (
    CONFIG_ASSETS,
    DumpPlan,
    plan_dumps,
    plan_release,
    run_tags,
    settle_config_changes,
    stale_config_assets,
)
from dagster_defs.resources import ProvenanceResource
from provenance.report import CheckOutcome, RunOutcome, RunSummary
from provenance.workspace import Workspace

#: Where a run reports what it does, one line at a time (print, by default).
Progress = Callable[[str], None]


def instance_for(ws: Workspace) -> dg.DagsterInstance:
    """The instance under $DAGSTER_HOME, by default $PROVENANCE_HOME/dagster (what `provenance ui` uses too)."""
    prepare_dagster_home(ws)
    instance = dg.DagsterInstance.get()
    # One writer of the lineage database at a time: its asset runs in the pool named after it.
    storage = instance.event_log_storage
    if storage.supports_global_concurrency_limits and storage.get_concurrency_info(LINEAGE_POOL).slot_count != 1:
        storage.set_concurrency_slots(LINEAGE_POOL, 1)
    return instance


def _outcome(label: str, result: dg.ExecuteInProcessResult) -> RunOutcome:
    outcome = RunOutcome(label=label, run_id=result.run_id, success=result.success)
    for event in result.get_asset_materialization_events():
        asset_key = event.asset_key
        key = asset_key.to_user_string() if asset_key else event.step_key or "?"
        if key not in outcome.materialized:
            outcome.materialized.append(key)
    for event in result.get_step_failure_events():
        outcome.failed.append(event.step_key or "?")
        if not outcome.error and event.step_failure_data and event.step_failure_data.error:
            error = event.step_failure_data.error
            # A dg.Failure carries the stage's own message; anything else, its exception's last line.
            message = (
                event.step_failure_data.user_failure_data and event.step_failure_data.user_failure_data.description
            ) or error.message.strip().splitlines()[-1]
            outcome.error = f"{event.step_key}: {message}"
    outcome.skipped = [e.step_key or "?" for e in result.get_step_skipped_events()]
    for evaluation in result.get_asset_check_evaluations():
        outcome.checks.append(
            CheckOutcome(
                asset=evaluation.asset_key.to_user_string(),
                name=evaluation.check_name,
                passed=evaluation.passed,
                description=evaluation.description or "",
            )
        )
    return outcome


def _execute(
    defs: dg.Definitions,
    job_name: str,
    instance: dg.DagsterInstance,
    label: str,
    partition_key: str | None = None,
    assets: list[str] | None = None,
    run_key: str = "",
) -> RunOutcome:
    job = defs.resolve_job_def(job_name)
    result = job.execute_in_process(
        instance=instance,
        partition_key=partition_key,
        raise_on_error=False,
        asset_selection=[dg.AssetKey(a) for a in assets] if assets else None,
        # The run's full event log is in the instance (the UI shows it); the terminal gets warnings only.
        run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
        tags={"provenance/launched_by": "provenance run", **(run_tags(run_key) if run_key else {})},
    )
    return _outcome(label, result)


def materialize_all(ws: Workspace, progress: Progress = print) -> RunSummary:
    """Run what is out of date, say what was skipped: see :mod:`dagster_defs.plan` for the memory it shares
    with the sensors."""
    ws.remove_leftovers(progress)
    defs = definitions(ProvenanceResource.for_workspace(ws))
    instance = instance_for(ws)
    plans = plan_dumps(ws, instance)
    # A rights configuration change re-clears only the dumps it can affect; the others record it as equivalent.
    change = settle_config_changes(ws, plans)
    if change.components:
        progress(change.describe(len(plans)))
    known = set(instance.get_dynamic_partitions("dumps"))
    new = [p.dump.dump_id for p in plans if p.dump.dump_id not in known]
    if new:
        instance.add_dynamic_partitions("dumps", new)
    summary = RunSummary(dumps=[p.dump.dump_id for p in plans])
    job_names = {job.name for job in defs.resolve_all_job_defs()}

    if RIGHTS_CONFIG_JOB in job_names:
        _run_config_assets(defs, ws, instance, summary, progress)
    for plan in plans:
        _run_dump(defs, instance, plan, summary, progress)
    if RELEASE_JOB in job_names:
        _run_release(defs, ws, instance, summary, progress)
    return summary


def _run_config_assets(
    defs: dg.Definitions, ws: Workspace, instance: dg.DagsterInstance, summary: RunSummary, progress: Progress
) -> None:
    stale = stale_config_assets(ws, instance)
    if stale:
        progress(f"materialising {' and '.join(stale)}")
        summary.runs.append(_execute(defs, RIGHTS_CONFIG_JOB, instance, "rights configuration", assets=stale))
    else:
        summary.skipped["rights configuration"] = list(CONFIG_ASSETS)
        progress(f"rights configuration unchanged, skipped {', '.join(CONFIG_ASSETS)}")


def _run_dump(
    defs: dg.Definitions, instance: dg.DagsterInstance, plan: DumpPlan, summary: RunSummary, progress: Progress
) -> None:
    dump = plan.dump
    if plan.skipped:
        summary.skipped[dump.dump_id] = plan.skipped
    if not plan.stale:
        progress(f"dump {dump.dump_id}: {plan.describe()}")
        return
    progress(f"materialising dump {dump.dump_id} ({dump.relpath}): {plan.describe()}")
    outcome = _execute(
        defs,
        PER_DUMP_JOB,
        instance,
        dump.dump_id,
        partition_key=dump.dump_id,
        assets=plan.stale,
        run_key=plan.run_key,
    )
    summary.runs.append(outcome)
    for check in outcome.failed_checks:
        progress(f"  check {check.name} failed: {check.description}; nothing downstream ran for this dump")


def _run_release(
    defs: dg.Definitions, ws: Workspace, instance: dg.DagsterInstance, summary: RunSummary, progress: Progress
) -> None:
    reasons = plan_release(ws, instance)
    stale = [asset for asset, why in reasons.items() if why]
    skipped = [asset for asset, why in reasons.items() if not why]
    if skipped:
        summary.skipped["release"] = skipped
    if stale:
        why = "; ".join(f"{asset}: {', '.join(reasons[asset])}" for asset in stale)
        progress(f"materialising {', '.join(stale)} over all dumps ({why})")
        summary.runs.append(_execute(defs, RELEASE_JOB, instance, "release", assets=stale))
    else:
        progress(f"release and lineage unchanged, skipped {', '.join(skipped)}")
    releases = sorted(
        (p for p in ws.releases.glob("*") if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
    )
    summary.release_dir = releases[-1] if releases else None
