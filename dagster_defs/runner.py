"""Materialise the whole graph from the command line, in the same Dagster instance the UI reads.

`provenance run` and `provenance demo` call :func:`materialize_all`: the rights configuration
assets first, then the per-dump pipeline for every dump partition (a blocking check that
fails stops that dump only), then the release and lineage assets over all dumps. Each runs only
where it is out of date (:mod:`dagster_defs.plan`); what is skipped is said, per dump and stage.

Around that: one run per workspace at a time (:mod:`dagster_defs.run_lock`); holding it, what killed runs
left in the instance is released first (:mod:`dagster_defs.recovery`); a full disk stops the run with one
line naming the stage and the path (:mod:`dagster_defs.no_space`).
"""

import contextlib
import io
import sys
from collections.abc import Callable
from dataclasses import dataclass

import dagster as dg

from dagster_defs import no_space, run_lock
from dagster_defs.definitions import PER_DUMP_JOB, RELEASE_JOB, RIGHTS_CONFIG_JOB, definitions
from dagster_defs.home import dagster_home_for, prepare_dagster_home
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
from dagster_defs.recovery import launch_tags, recover
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


@dataclass(frozen=True)
class _Run:
    """What every Dagster run of one `provenance run` shares."""

    defs: dg.Definitions
    ws: Workspace
    instance: dg.DagsterInstance
    tags: dict[str, str]  # whose runs they are (:func:`dagster_defs.recovery.launch_tags`)

    def execute(
        self,
        job_name: str,
        label: str,
        partition_key: str | None = None,
        assets: list[str] | None = None,
        run_key: str = "",
    ) -> RunOutcome:
        job = self.defs.resolve_job_def(job_name)
        # Dagster's console log (warnings and step failures, to stderr) is held until the run ends: a full disk
        # then says it all in one line, and the failure's trace stays in the instance, for the UI.
        held = io.StringIO()
        try:
            with (
                no_space.named(f"materialising {label}", self.ws.home, dagster_home_for(self.ws)),
                contextlib.redirect_stderr(held),
            ):
                result = job.execute_in_process(
                    instance=self.instance,
                    partition_key=partition_key,
                    raise_on_error=False,
                    asset_selection=[dg.AssetKey(a) for a in assets] if assets else None,
                    # The run's full event log is in the instance (the UI shows it); the terminal gets warnings only.
                    run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
                    tags={**self.tags, **(run_tags(run_key) if run_key else {})},
                )
                self._stop_on_full_disk(label, result)
        except no_space.NoSpaceError:
            raise  # its one line says it all
        except BaseException:
            sys.stderr.write(held.getvalue())
            raise
        sys.stderr.write(held.getvalue())
        return _outcome(label, result)

    def _stop_on_full_disk(self, label: str, result: dg.ExecuteInProcessResult) -> None:
        """A full disk fails every later stage too: stop at the first step it failed, naming it."""
        for event in result.get_step_failure_events():
            found = no_space.in_step_error(event.step_failure_data.error if event.step_failure_data else None)
            if found:
                detail = no_space.with_free_space(found, self.ws.home, dagster_home_for(self.ws))
                raise no_space.NoSpaceError(f"materialising {label} ({event.step_key})", detail)


def materialize_all(
    ws: Workspace, progress: Progress = print, wait: float = 0.0, command: str = "provenance run"
) -> RunSummary:
    """Run what is out of date, say what was skipped: see :mod:`dagster_defs.plan` for the memory it shares
    with the sensors. One run per workspace at a time (:mod:`dagster_defs.run_lock`: refuses, or waits up to
    ``wait`` seconds); what dead runs left in the instance and the workspace is released first
    (:mod:`dagster_defs.recovery`, :meth:`Workspace.remove_leftovers`)."""
    defs = definitions(ProvenanceResource.for_workspace(ws))
    with contextlib.ExitStack() as stack:
        with no_space.named("taking the workspace's run lock", ws.home, dagster_home_for(ws)):
            holder = stack.enter_context(run_lock.hold(ws.home, command, wait, progress))
            ws.remove_leftovers(progress)
        with no_space.named("opening the Dagster instance", ws.home, dagster_home_for(ws)):
            instance = instance_for(ws)
            recover(ws, instance, holder, progress)
            plans = _plan(ws, instance, progress)
        run = _Run(defs, ws, instance, launch_tags(ws, holder))
        summary = RunSummary(dumps=[p.dump.dump_id for p in plans])
        job_names = {job.name for job in defs.resolve_all_job_defs()}
        if RIGHTS_CONFIG_JOB in job_names:
            _run_config_assets(run, summary, progress)
        for plan in plans:
            _run_dump(run, plan, summary, progress)
        if RELEASE_JOB in job_names:
            _run_release(run, summary, progress)
    return summary


def _plan(ws: Workspace, instance: dg.DagsterInstance, progress: Progress) -> list[DumpPlan]:
    plans = plan_dumps(ws, instance)
    # A rights configuration change re-clears only the dumps it can affect; the others record it as equivalent.
    change = settle_config_changes(ws, plans)
    if change.components:
        progress(change.describe(len(plans)))
    known = set(instance.get_dynamic_partitions("dumps"))
    new = [p.dump.dump_id for p in plans if p.dump.dump_id not in known]
    if new:
        instance.add_dynamic_partitions("dumps", new)
    return plans


def _run_config_assets(run: _Run, summary: RunSummary, progress: Progress) -> None:
    stale = stale_config_assets(run.ws, run.instance)
    if stale:
        progress(f"materialising {' and '.join(stale)}")
        summary.runs.append(run.execute(RIGHTS_CONFIG_JOB, "rights configuration", assets=stale))
    else:
        summary.skipped["rights configuration"] = list(CONFIG_ASSETS)
        progress(f"rights configuration unchanged, skipped {', '.join(CONFIG_ASSETS)}")


def _run_dump(run: _Run, plan: DumpPlan, summary: RunSummary, progress: Progress) -> None:
    dump = plan.dump
    if plan.skipped:
        summary.skipped[dump.dump_id] = plan.skipped
    if not plan.stale:
        progress(f"dump {dump.dump_id}: {plan.describe()}")
        return
    progress(f"materialising dump {dump.dump_id} ({dump.relpath}): {plan.describe()}")
    outcome = run.execute(
        PER_DUMP_JOB,
        dump.dump_id,
        partition_key=dump.dump_id,
        assets=plan.stale,
        run_key=plan.run_key,
    )
    summary.runs.append(outcome)
    for check in outcome.failed_checks:
        progress(f"  check {check.name} failed: {check.description}; nothing downstream ran for this dump")


def _run_release(run: _Run, summary: RunSummary, progress: Progress) -> None:
    ws = run.ws
    reasons = plan_release(ws, run.instance)
    stale = [asset for asset, why in reasons.items() if why]
    skipped = [asset for asset, why in reasons.items() if not why]
    if skipped:
        summary.skipped["release"] = skipped
    if stale:
        why = "; ".join(f"{asset}: {', '.join(reasons[asset])}" for asset in stale)
        progress(f"materialising {', '.join(stale)} over all dumps ({why})")
        summary.runs.append(run.execute(RELEASE_JOB, "release", assets=stale))
    else:
        progress(f"release and lineage unchanged, skipped {', '.join(skipped)}")
    releases = sorted(
        (p for p in ws.releases.glob("*") if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
    )
    summary.release_dir = releases[-1] if releases else None
