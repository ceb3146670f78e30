"""Materialise the whole graph from the command line, in the same Dagster instance the UI reads.

`provenance run` and `provenance demo` call :func:`materialize_all`: the rights configuration
assets first, then the per-dump pipeline for every dump partition (a blocking check that
fails stops that dump only), then the release and lineage assets over all dumps.
"""

import os
from typing import Callable

import dagster as dg

from dagster_defs.home import prepare_dagster_home
from dagster_defs.lineage import LINEAGE_POOL
from provenance.contracts import load_sources
from provenance.dumps import discover_dumps
from provenance.report import CheckOutcome, RunOutcome, RunSummary
from provenance.workspace import CONTRACTS_ENV, HOME_ENV, Workspace


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
            message = (event.step_failure_data.user_failure_data and event.step_failure_data.user_failure_data.description) \
                or error.message.strip().splitlines()[-1]
            outcome.error = f"{event.step_key}: {message}"
    outcome.skipped = [e.step_key or "?" for e in result.get_step_skipped_events()]
    for evaluation in result.get_asset_check_evaluations():
        outcome.checks.append(CheckOutcome(
            asset=evaluation.asset_key.to_user_string(),
            name=evaluation.check_name,
            passed=evaluation.passed,
            description=evaluation.description or "",
        ))
    return outcome


def _execute(defs: dg.Definitions, job_name: str, instance: dg.DagsterInstance, label: str,
             partition_key: str | None = None) -> RunOutcome:
    job = defs.resolve_job_def(job_name)
    result = job.execute_in_process(
        instance=instance, partition_key=partition_key, raise_on_error=False,
        # The run's full event log is in the instance (the UI shows it); the terminal gets warnings only.
        run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
        tags={"provenance/launched_by": "provenance run"},
    )
    return _outcome(label, result)


def materialize_all(ws: Workspace, progress: Callable[[str], None] = print) -> RunSummary:
    # The resource reads the workspace from the environment, as in the UI.
    os.environ[HOME_ENV] = str(ws.home)
    os.environ[CONTRACTS_ENV] = str(ws.contracts)
    from dagster_defs import PER_DUMP_JOB, RELEASE_JOB, RIGHTS_CONFIG_JOB, defs

    instance = instance_for(ws)
    dumps = discover_dumps(ws.home, load_sources(ws.contracts))
    known = set(instance.get_dynamic_partitions("dumps"))
    new = [d.dump_id for d in dumps if d.dump_id not in known]
    if new:
        instance.add_dynamic_partitions("dumps", new)
    summary = RunSummary(dumps=[d.dump_id for d in dumps])
    job_names = {job.name for job in defs.resolve_all_job_defs()}

    if RIGHTS_CONFIG_JOB in job_names:
        progress("materialising the licence policy and opt-out registry")
        summary.runs.append(_execute(defs, RIGHTS_CONFIG_JOB, instance, "rights configuration"))
    for dump in dumps:
        progress(f"materialising dump {dump.dump_id} ({dump.relpath})")
        outcome = _execute(defs, PER_DUMP_JOB, instance, dump.dump_id, partition_key=dump.dump_id)
        summary.runs.append(outcome)
        for check in outcome.failed_checks:
            progress(f"  check {check.name} failed: {check.description}; nothing downstream ran for this dump")
    if RELEASE_JOB in job_names:
        progress("certifying the release and building lineage over all dumps")
        outcome = _execute(defs, RELEASE_JOB, instance, "release")
        summary.runs.append(outcome)
        releases = sorted((p for p in ws.releases.glob("*") if p.is_dir() and not p.name.startswith(".")),
                          key=lambda p: p.stat().st_mtime)
        summary.release_dir = releases[-1] if releases else None
    return summary
