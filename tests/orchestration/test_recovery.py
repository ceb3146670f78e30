"""What dead runs leave in a real Dagster instance is released at the start of the next `provenance run`: its
runs marked failed, the pool slots of ended runs freed; runs it cannot judge (the UI's, a live holder's) stay."""

import uuid

import dagster as dg
import pytest

from dagster_defs.lineage import LINEAGE_POOL
from dagster_defs.recovery import launch_tags, recover
from dagster_defs.run_lock import Holder
from provenance.workspace import Workspace

DEAD = Holder(pid=2**22 + 1, host="worker-1", started="2026-01-01T00:00:00+00:00", command="provenance run", token="a")
LIVE = Holder(pid=1, host="worker-1", started="2026-01-02T00:00:00+00:00", command="provenance run", token="b")


def open_instance(ws: Workspace) -> dg.DagsterInstance:
    (ws.home / "dagster").mkdir(parents=True)
    return dg.DagsterInstance.from_config(str(ws.home / "dagster"))


def add_run(instance: dg.DagsterInstance, status: dg.DagsterRunStatus, tags: dict[str, str]) -> str:
    run = dg.DagsterRun(job_name="release", run_id=str(uuid.uuid4()), status=status, tags=tags)
    instance.add_run(run)
    return run.run_id


@pytest.mark.timeout(120)
def test_runs_of_dead_holders_are_failed_and_ended_runs_slots_freed_while_others_stay(tmp_path, monkeypatch):
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    ws = Workspace.at(tmp_path / "home", tmp_path / "contracts")
    with open_instance(ws) as instance:
        storage = instance.event_log_storage
        storage.set_concurrency_slots(LINEAGE_POOL, 1)
        dead = add_run(instance, dg.DagsterRunStatus.STARTED, launch_tags(ws, DEAD))
        queued = add_run(instance, dg.DagsterRunStatus.NOT_STARTED, launch_tags(ws, DEAD))
        live = add_run(instance, dg.DagsterRunStatus.STARTED, launch_tags(ws, LIVE))
        other_workspace = add_run(
            instance, dg.DagsterRunStatus.STARTED, launch_tags(Workspace.at(tmp_path / "other", tmp_path), DEAD)
        )
        # Killed before runs carried these tags; the instance is the workspace's own, so it was a run of this one.
        legacy = add_run(instance, dg.DagsterRunStatus.STARTED, {"provenance/launched_by": "provenance run"})
        from_the_ui = add_run(instance, dg.DagsterRunStatus.STARTED, {})
        ended_from_the_ui = add_run(instance, dg.DagsterRunStatus.CANCELED, {})
        storage.claim_concurrency_slot(LINEAGE_POOL, dead, "lineage_db")
        storage.set_concurrency_slots("other_pool", 1)
        storage.claim_concurrency_slot("other_pool", ended_from_the_ui, "step")

        said: list[str] = []
        recover(ws, instance, LIVE, said.append)

        def status(run_id: str) -> dg.DagsterRunStatus:
            run = instance.get_run_by_id(run_id)
            assert run is not None
            return run.status

        assert status(dead) == status(queued) == status(legacy) == dg.DagsterRunStatus.FAILURE
        assert status(live) == status(other_workspace) == status(from_the_ui) == dg.DagsterRunStatus.STARTED
        assert storage.get_concurrency_info(LINEAGE_POOL).claimed_slots == []
        assert storage.get_concurrency_info("other_pool").claimed_slots == []
        assert sorted(said) == sorted(
            [
                f"marked run {dead} (release, pid {DEAD.pid} on worker-1, STARTED) failed: its process is gone",
                f"marked run {queued} (release, pid {DEAD.pid} on worker-1, NOT_STARTED) failed: its process is gone",
                f"marked run {legacy} (release, an earlier version, STARTED) failed: its process is gone",
                f"freed pool slot {LINEAGE_POOL} (step lineage_db) held by run {dead} (FAILURE)",
                f"freed pool slot other_pool (step step) held by run {ended_from_the_ui} (CANCELED)",
            ]
        )
        # The failure says why, in the run's own event log (what the UI shows).
        [failure] = [e for e in instance.all_logs(dead) if e.dagster_event and e.dagster_event.is_run_failure]
        assert f"pid {DEAD.pid} on worker-1" in failure.message


@pytest.mark.timeout(120)
def test_a_slot_held_by_a_live_run_is_left_alone(tmp_path):
    ws = Workspace.at(tmp_path / "home", tmp_path / "contracts")
    with open_instance(ws) as instance:
        storage = instance.event_log_storage
        storage.set_concurrency_slots(LINEAGE_POOL, 1)
        live = add_run(instance, dg.DagsterRunStatus.STARTED, launch_tags(ws, LIVE))
        storage.claim_concurrency_slot(LINEAGE_POOL, live, "lineage_db")
        said: list[str] = []
        recover(ws, instance, LIVE, said.append)
        assert said == []
        [slot] = storage.get_concurrency_info(LINEAGE_POOL).claimed_slots
        assert slot.run_id == live
