"""Release what dead runs left in the Dagster instance: their runs still marked in progress, and the pool slots they hold.

A `provenance run` killed mid-way (SIGKILL, power loss, OOM) never reports its end, so Dagster keeps its run
``STARTED`` forever, and a slot it held in a pool stays claimed: killed while building the lineage, it holds
the ``lineage_db`` slot and every later run waits for it without end. :func:`recover` runs at the start of
every `provenance run`, *while holding the workspace's run lock* (:mod:`dagster_defs.run_lock`), which
every `provenance run` on this workspace holds while it runs: so a run launched by `provenance run` on
this workspace under another holding of the lock (its tag :data:`LOCK_TAG`) and still marked in progress
belongs to a dead process, and is marked failed. Runs the Dagster daemon launched (sensors, the UI) are
not judged here (Dagster's run monitoring does that), but a slot held by a run that has *ended*, whoever
launched it, is freed too: an ended run needs no slot.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import dagster as dg

from dagster_defs.home import dagster_home_for
from dagster_defs.run_lock import Holder
from provenance.workspace import Workspace

LAUNCHED_BY_TAG = "provenance/launched_by"
LAUNCHED_BY = "provenance run"
WORKSPACE_TAG = "provenance/workspace"
LOCK_TAG = "provenance/run_lock"
PID_TAG = "provenance/pid"
HOST_TAG = "provenance/host"

NOT_FINISHED = [
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
    dg.DagsterRunStatus.CANCELING,
]
FINISHED = {dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED}


def launch_tags(ws: Workspace, holder: Holder) -> dict[str, str]:
    """The tags of a run `provenance run` launches: whose it is, so that a later run can tell it died."""
    return {
        LAUNCHED_BY_TAG: LAUNCHED_BY,
        WORKSPACE_TAG: str(ws.home.resolve()),
        LOCK_TAG: holder.token,
        PID_TAG: str(holder.pid),
        HOST_TAG: holder.host,
    }


def recover(ws: Workspace, instance: dg.DagsterInstance, holder: Holder, say: Callable[[str], None]) -> None:
    """Mark failed the runs of dead `provenance run` processes on this workspace, then free every pool slot held
    by a run that has ended; say each."""
    for record in instance.get_run_records(filters=dg.RunsFilter(statuses=NOT_FINISHED)):
        run = record.dagster_run
        if not _dead(ws, run.tags, holder):
            continue
        who = f"pid {run.tags[PID_TAG]} on {run.tags.get(HOST_TAG)}" if PID_TAG in run.tags else "an earlier version"
        instance.report_run_failed(
            run, message=f"its process ({who}) ended without reporting; marked failed by the next `provenance run`"
        )
        say(f"marked run {run.run_id} ({run.job_name}, {who}, {run.status.value}) failed: its process is gone")
    _free_ended_runs_slots(instance, say)


def _dead(ws: Workspace, tags: Mapping[str, str], holder: Holder) -> bool:
    """Launched by `provenance run` on this workspace under another holding of the lock, which has ended."""
    if tags.get(LAUNCHED_BY_TAG) != LAUNCHED_BY:
        return False
    if WORKSPACE_TAG not in tags:
        # A run from before runs carried these tags: ours only when the instance is this workspace's own.
        return dagster_home_for(ws) == ws.home.resolve() / "dagster"
    return tags[WORKSPACE_TAG] == str(ws.home.resolve()) and tags.get(LOCK_TAG) != holder.token


def _free_ended_runs_slots(instance: dg.DagsterInstance, say: Callable[[str], None]) -> None:
    storage = instance.event_log_storage
    if not storage.supports_global_concurrency_limits:
        return
    keys = sorted(storage.get_concurrency_keys())
    holders: dict[str, list[str]] = {}
    for key, info in storage.get_concurrency_infos(keys).items():
        for slot in info.claimed_slots:
            holders.setdefault(slot.run_id, []).append(f"{key} (step {slot.step_key})")
        for step in info.pending_steps:
            holders.setdefault(step.run_id, [])
    for run_id, slots in sorted(holders.items()):
        run = instance.get_run_by_id(run_id)
        if run is not None and run.status not in FINISHED:
            continue
        storage.free_concurrency_slots_for_run(run_id)
        status = run.status.value if run is not None else "deleted"
        if slots:
            say(f"freed pool slot {', '.join(slots)} held by run {run_id} ({status})")
