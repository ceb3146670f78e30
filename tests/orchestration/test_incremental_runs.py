"""One instance, one memory: `provenance run` and the sensors skip what is up to date and re-run only what changed.

A demo workspace is made once with the real `provenance demo` (which runs the whole pipeline); each test works
on a copy of it (dumps, stage outputs, releases, lineage and the Dagster instance) in real Dagster.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from dagster_defs.ingest import landing_sensor
from dagster_defs.resources import ProvenanceResource
from dagster_defs.rights import rights_config_sensor
from dagster_defs.runner import materialize_all
from provenance.workspace import Workspace

pytestmark = pytest.mark.xdist_group("incremental_runs")

BIN = Path(sys.executable).parent / "provenance"
STAGES = ["documents", "redacted_documents", "cleared_documents"]
CHANGED_DUMP = "presse_rhodanienne.depeches-2023-2024"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("incremental")
    env = {**os.environ, "PROVENANCE_HOME": str(base / "home"), "PROVENANCE_CONTRACTS": "", "PROVENANCE_PII_KEY": "",
           "PROVENANCE_SIGNING_KEY": "", "DAGSTER_HOME": ""}
    result = subprocess.run([str(BIN), "demo", "--docs", "30"], capture_output=True, text=True, env=env, cwd=base,
                            timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    return base / "home"


@pytest.fixture
def ws(demo, tmp_path, monkeypatch) -> Workspace:
    home = tmp_path / "home"
    shutil.copytree(demo, home, symlinks=True)
    env = {"PROVENANCE_HOME": home, "PROVENANCE_CONTRACTS": home / "contracts", "DAGSTER_HOME": home / "dagster",
           "PROVENANCE_PII_KEY": home / "keys" / "pii_hmac.key",
           "PROVENANCE_SIGNING_KEY": home / "keys" / "signing_key.pem"}
    for name, value in env.items():
        monkeypatch.setenv(name, str(value))
    return Workspace.from_env()


def run(ws: Workspace):
    lines: list[str] = []
    summary = materialize_all(ws, progress=lines.append)
    assert summary.ok, [(r.label, r.error, r.failed_checks) for r in summary.runs]
    return summary, lines


def ran(summary) -> dict[str, list[str]]:
    return {r.label: r.materialized for r in summary.runs}


def evaluate_sensors(ws: Workspace, landing_cursor=None, rights_cursor=None):
    instance = dg.DagsterInstance.get()
    resources = {"provenance": ProvenanceResource(home=str(ws.home), contracts=str(ws.contracts))}
    with dg.build_sensor_context(instance=instance, cursor=landing_cursor, resources=resources) as context:
        landing = landing_sensor(context)
    with dg.build_sensor_context(instance=instance, cursor=rights_cursor, resources=resources) as context:
        rights = rights_config_sensor(context)
    return landing, rights


def requests(result) -> list[dg.RunRequest]:
    return list(result.run_requests or []) if isinstance(result, dg.SensorResult) else []


def dump_ids(ws: Workspace) -> list[str]:
    return ws.stage_dumps("documents")


def test_a_second_run_on_unchanged_input_recomputes_nothing_and_says_what_it_skipped(ws):
    instance = dg.DagsterInstance.get()
    runs_before = instance.get_runs_count()
    releases = sorted(p.name for p in ws.releases.iterdir())
    lineage = ws.lineage_db.stat()
    env = {**os.environ}
    result = subprocess.run([str(BIN), "run"], capture_output=True, text=True, env=env, cwd=ws.home, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    for dump_id in dump_ids(ws):
        assert f"dump {dump_id}: unchanged, skipped documents, redacted_documents, cleared_documents" in out
    assert "rights configuration unchanged, skipped licence_policy, optout_registry" in out
    assert "release and lineage unchanged, skipped certified_release, lineage_db" in out
    assert f"unchanged, not recomputed: {len(dump_ids(ws))} of {len(dump_ids(ws))} dumps" in out
    # Nothing ran: no Dagster run, no new release id, the very same lineage file.
    assert dg.DagsterInstance.get().get_runs_count() == runs_before
    assert sorted(p.name for p in ws.releases.iterdir()) == releases
    after = ws.lineage_db.stat()
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (lineage.st_ino, lineage.st_mtime_ns, lineage.st_size)


def test_sensors_started_after_cli_runs_request_nothing(ws):
    # The UI's daemon starts with empty cursors on an instance `provenance demo` and `provenance run` filled.
    landing, rights = evaluate_sensors(ws)
    assert isinstance(landing, dg.SensorResult) and requests(landing) == []
    assert landing.dynamic_partitions_requests == []
    assert requests(rights) == []
    # A second CLI run (nothing to do) changes nothing for them either.
    run(ws)
    landing, rights = evaluate_sensors(ws, landing.cursor, rights.cursor)
    assert requests(landing) == [] and requests(rights) == []


def test_changing_one_dump_reruns_that_dump_and_the_release_only(ws):
    path = ws.home / "landing" / "presse_rhodanienne" / "depeches-2023-2024.jsonl"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    path.write_text(path.read_text(encoding="utf-8") + first.replace("PR-2023-0001", "PR-2024-0999") + "\n",
                    encoding="utf-8")
    landing, rights = evaluate_sensors(ws)
    [request] = requests(landing)
    assert request.partition_key == CHANGED_DUMP and request.asset_selection == [dg.AssetKey(s) for s in STAGES]
    assert requests(rights) == []

    summary, lines = run(ws)
    assert ran(summary) == {CHANGED_DUMP: STAGES, "release": ["certified_release", "lineage_db"]}
    assert f"materialising dump {CHANGED_DUMP} (landing/presse_rhodanienne/depeches-2023-2024.jsonl): " \
           f"running documents, redacted_documents, cleared_documents (documents: dump)" in lines
    assert all(summary.skipped[d] == STAGES for d in dump_ids(ws) if d != CHANGED_DUMP)
    # The sensors see the CLI's work as done, even with the cursors they had before it ran.
    landing, rights = evaluate_sensors(ws, landing.cursor, rights.cursor)
    assert requests(landing) == [] and requests(rights) == []

    # A new dump file: only it runs.
    shutil.copy(path, path.with_name("depeches-2025.jsonl"))
    summary, _ = run(ws)
    assert ran(summary) == {"presse_rhodanienne.depeches-2025": STAGES, "release": ["certified_release", "lineage_db"]}


def test_changing_the_licence_policy_reclears_rights_and_the_release_only(ws):
    landing, rights = evaluate_sensors(ws)
    policy = ws.contracts / "licence_policy.yaml"
    policy.write_text(policy.read_text(encoding="utf-8").replace('version: "2025.2"', 'version: "2025.3"'),
                      encoding="utf-8")

    # The rights sensor re-clears every dump (rights stage only); the landing sensor leaves them to it.
    landing, rights = evaluate_sensors(ws, landing.cursor, rights.cursor)
    assert requests(landing) == []
    by_partition = {r.partition_key: r.asset_selection for r in requests(rights)}
    assert by_partition.pop(None) == [dg.AssetKey("licence_policy")]
    assert by_partition == {d: [dg.AssetKey("cleared_documents")] for d in dump_ids(ws)}

    summary, lines = run(ws)
    expected = {d: ["cleared_documents"] for d in dump_ids(ws)}
    expected |= {"rights configuration": ["licence_policy"], "release": ["certified_release", "lineage_db"]}
    assert ran(summary) == expected
    assert any(line.endswith("running cleared_documents (cleared_documents: licence_policy); skipped documents, "
                             "redacted_documents (unchanged)") for line in lines)
    # The runs the rights sensor asked for are the work the CLI did: once both see it, nobody asks again.
    landing, rights = evaluate_sensors(ws, landing.cursor, rights.cursor)
    assert requests(landing) == [] and requests(rights) == []


def test_changing_one_source_contract_reruns_only_the_stages_that_read_what_changed(ws):
    contract = ws.contracts / "sources" / "presse_rhodanienne.yaml"
    text = contract.read_text(encoding="utf-8")
    # The attribution is read by the rights stage only.
    contract.write_text(text.replace("attribution:", "attribution: Agence Rhodanienne —", 1), encoding="utf-8")
    summary, _ = run(ws)
    assert ran(summary) == {CHANGED_DUMP: ["cleared_documents"], "release": ["certified_release", "lineage_db"]}
    # The quarantine rate is ingest's: that dump is ingested again, and what follows.
    contract.write_text(text.replace("max_quarantine_rate: ", "max_quarantine_rate: 0.5 #", 1), encoding="utf-8")
    summary, _ = run(ws)
    assert ran(summary)[CHANGED_DUMP] == STAGES and set(ran(summary)) == {CHANGED_DUMP, "release"}


def test_a_dump_whose_blocking_check_failed_is_not_taken_as_done(ws):
    # A check that fails stops the dump; the next run tries it again rather than trusting its output.
    contract = ws.contracts / "sources" / "cdj_decisions.yaml"
    text = contract.read_text(encoding="utf-8")
    contract.write_text(text.replace("max_quarantine_rate: ", "max_quarantine_rate: 0.0 #", 1), encoding="utf-8")
    lines: list[str] = []
    first = materialize_all(ws, progress=lines.append)
    [failed] = [r for r in first.runs if r.failed_checks]
    assert failed.label == "cdj_decisions.cdj-export-2024" and failed.materialized == ["documents"]
    again = materialize_all(ws, progress=lines.append)
    assert [r.label for r in again.runs if r.label != "release"] == ["cdj_decisions.cdj-export-2024"]
    # The sensor does not loop on it either: that very work (its run key) was tried already.
    landing, _ = evaluate_sensors(ws)
    assert requests(landing) == []
