"""One instance, one memory: `provenance run` and the sensors skip what is up to date and re-run only what changed.

A demo workspace is made once with the real `provenance demo` (which runs the whole pipeline); each test works
on a copy of it (dumps, stage outputs, releases, lineage and the Dagster instance) in real Dagster.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pyarrow.parquet as pq
import pytest

from dagster_defs.ingest import landing_sensor
from dagster_defs.resources import ProvenanceResource
from dagster_defs.rights import rights_config_sensor
from dagster_defs.runner import materialize_all
from provenance.certify.inputs import requests_honoured
from provenance.contracts import file_sha256, load_denylist, load_optout_registry, load_sources
from provenance.layout import RIGHTS
from provenance.rights.policy import LicencePolicy
from provenance.rights.verify import verify_cleared
from provenance.workspace import Settings, Workspace

pytestmark = pytest.mark.xdist_group("incremental_runs")

BIN = Path(sys.executable).parent / "provenance"
STAGES = ["documents", "redacted_documents", "cleared_documents"]
CHANGED_DUMP = "presse_rhodanienne.depeches-2023-2024"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("incremental")
    env = {
        **os.environ,
        "PROVENANCE_HOME": str(base / "home"),
        "PROVENANCE_CONTRACTS": "",
        "PROVENANCE_PII_KEY": "",
        "PROVENANCE_SIGNING_KEY": "",
        "DAGSTER_HOME": "",
    }
    result = subprocess.run(
        [str(BIN), "demo", "--docs", "30"], capture_output=True, text=True, env=env, cwd=base, timeout=900
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return base / "home"


@pytest.fixture
def ws(demo, tmp_path, monkeypatch) -> Workspace:
    home = tmp_path / "home"
    shutil.copytree(demo, home, symlinks=True)
    env = {
        "PROVENANCE_HOME": home,
        "PROVENANCE_CONTRACTS": home / "contracts",
        "DAGSTER_HOME": home / "dagster",
        "PROVENANCE_PII_KEY": home / "keys" / "pii_hmac.key",
        "PROVENANCE_SIGNING_KEY": home / "keys" / "signing_key.pem",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, str(value))
    return Settings.from_environ(os.environ).workspace()


def run(ws: Workspace):
    lines: list[str] = []
    summary = materialize_all(ws, progress=lines.append)
    assert summary.ok, [(r.label, r.error, r.failed_checks) for r in summary.runs]
    return summary, lines


def ran(summary) -> dict[str, list[str]]:
    return {r.label: r.materialized for r in summary.runs}


def evaluate_sensors(ws: Workspace, landing_cursor=None, rights_cursor=None):
    instance = dg.DagsterInstance.get()
    resources = {"provenance": ProvenanceResource.for_workspace(ws)}
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
    path.write_text(
        path.read_text(encoding="utf-8") + first.replace("PR-2023-0001", "PR-2024-0999") + "\n", encoding="utf-8"
    )
    landing, rights = evaluate_sensors(ws)
    [request] = requests(landing)
    assert request.partition_key == CHANGED_DUMP and request.asset_selection == [dg.AssetKey(s) for s in STAGES]
    assert requests(rights) == []

    summary, lines = run(ws)
    assert ran(summary) == {CHANGED_DUMP: STAGES, "release": ["certified_release", "lineage_db"]}
    assert (
        f"materialising dump {CHANGED_DUMP} (landing/presse_rhodanienne/depeches-2023-2024.jsonl): "
        f"running documents, redacted_documents, cleared_documents (documents: dump)" in lines
    )
    assert all(summary.skipped[d] == STAGES for d in dump_ids(ws) if d != CHANGED_DUMP)
    # The sensors see the CLI's work as done, even with the cursors they had before it ran.
    landing, rights = evaluate_sensors(ws, landing.cursor, rights.cursor)
    assert requests(landing) == [] and requests(rights) == []

    # A new dump file: only it runs.
    shutil.copy(path, path.with_name("depeches-2025.jsonl"))
    summary, _ = run(ws)
    assert ran(summary) == {"presse_rhodanienne.depeches-2025": STAGES, "release": ["certified_release", "lineage_db"]}


def test_changing_a_licence_alias_reclears_every_dump_rights_and_the_release_only(ws):
    landing, rights = evaluate_sensors(ws)
    policy = ws.contracts / "licence_policy.yaml"
    text = policy.read_text(encoding="utf-8")
    assert '"Marque du domaine public"]' in text
    # An alias changes how any document's licence statement may be read: every dump depends on it.
    policy.write_text(
        text.replace('"Marque du domaine public"]', '"Marque du domaine public", "PDM 1.0"]').replace(
            'version: "2025.2"', 'version: "2025.3"'
        ),
        encoding="utf-8",
    )

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
    assert any(
        line.endswith(
            "running cleared_documents (cleared_documents: licence_policy: licence policy: aliases, an include "
            "decision, unknown_decision, cc_ports_follow_unported, reservations or another setting "
            "changed, which every dump depends on); skipped documents, redacted_documents (unchanged)"
        )
        for line in lines
    )
    # The runs the rights sensor asked for are the work the CLI did: once both see it, nobody asks again.
    landing, rights = evaluate_sensors(ws, landing.cursor, rights.cursor)
    assert requests(landing) == [] and requests(rights) == []


def cleared_files(ws: Workspace, dump_id: str) -> dict[str, str]:
    folder = ws.stage_dir("cleared_documents", dump_id).resolve()
    return {p.name: file_sha256(p) for p in sorted(folder.glob("*.parquet"))}


def test_changing_one_licence_entry_reclears_only_the_dumps_that_use_it(ws):
    before = {d: cleared_files(ws, d) for d in dump_ids(ws)}
    policy = ws.contracts / "licence_policy.yaml"
    text = policy.read_text(encoding="utf-8")
    old = "name: Licence Ouverte / Open Licence (version 1.0)"
    assert old in text
    # Only the parliamentary debates use Licence Ouverte 1.0 (its name is in their attributions).
    policy.write_text(
        text.replace(old, "name: Licence Ouverte / Open Licence, version 1.0").replace(
            'version: "2025.2"', 'version: "2025.3"'
        ),
        encoding="utf-8",
    )
    debates = "an_debats.cri-2016-2024"
    _landing, rights = evaluate_sensors(ws)
    assert {r.partition_key for r in requests(rights)} == {None, debates}

    summary, lines = run(ws)
    assert ran(summary) == {
        debates: ["cleared_documents"],
        "rights configuration": ["licence_policy"],
        "release": ["certified_release", "lineage_db"],
    }
    others = sorted(d for d in dump_ids(ws) if d != debates)
    # The sensor judged the others already (and recorded it): the run finds the debates alone to clear.
    assert f"rights configuration changed (licence_policy): re-clearing 1 of 9 dumps ({debates})" in lines
    # The others kept their outputs byte for byte, and say under which policy they now count as cleared.
    for dump_id in others:
        assert cleared_files(ws, dump_id) == before[dump_id]
        stats = ws.stats(RIGHTS, dump_id)
        [equivalent] = stats.equivalent_under
        assert (stats.policy_version, equivalent["policy_version"]) == ("2025.2", "2025.3")
        assert "LicenseRef-Licence-Ouverte-1.0 changed, none of its documents uses it" in equivalent["reason"]
    assert cleared_files(ws, debates) != before[debates]
    assert ws.stats(RIGHTS, debates).equivalent_under == []
    assert "equivalent_under" not in json.loads((ws.stage_dir(RIGHTS, debates) / "_stats.json").read_text())
    # Nothing is stale for anyone afterwards.
    assert materialize_all(ws, progress=lambda _: None).runs == []
    assert requests(evaluate_sensors(ws)[1]) == []


def test_an_optout_for_one_dumps_domain_reclears_that_dump_only_and_the_release_verifies(ws):
    registry = ws.contracts / "optouts" / "registry.csv"
    registry.write_text(
        registry.read_text(encoding="utf-8") + "optout-2026-0100,domain,assemblee-nationale.fr,"
        "2015-01-01,Lettre du 2 janvier 2026,2026-01-02,Assemblée nationale\n",
        encoding="utf-8",
    )
    debates = "an_debats.cri-2016-2024"
    gazette = "gazette_ouest.gazette-ouest-2024-03"
    before = cleared_files(ws, gazette)
    summary, lines = run(ws)
    assert ran(summary) == {
        debates: ["cleared_documents"],
        "rights configuration": ["optout_registry"],
        "release": ["certified_release", "lineage_db"],
    }
    others = sorted(d for d in dump_ids(ws) if d != debates)
    assert (
        f"rights configuration changed (optout_registry): re-clearing 1 of 9 dumps ({debates}); "
        f"unaffected: {', '.join(others)}" in lines
    )
    assert (
        f"dump {gazette}: rights configuration change does not affect it (optout registry (+1 entry; domain): no "
        f"changed entry covers any of its 28 documents), skipped documents, redacted_documents, "
        f"cleared_documents" in lines
    )
    # The sensors, started afterwards, see nothing left to do.
    landing, rights = evaluate_sensors(ws)
    assert requests(landing) == [] and requests(rights) == []
    assert cleared_files(ws, gazette) == before
    cleared = pq.read_table(ws.stage_dir("cleared_documents", debates) / "documents.parquet")
    assert cleared.num_rows == 0

    # The release verifies; certify counts the new request as honoured by every input (each was checked against it).
    result = subprocess.run(
        [str(BIN), "verify", str(summary.release_dir)],
        capture_output=True,
        text=True,
        env={**os.environ},
        cwd=ws.home,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    with duckdb.connect(str(ws.lineage_db), read_only=True) as con:
        rows = con.execute(
            "SELECT basis, registry_version, reason FROM rights_clearings WHERE dump_id = ? "
            "ORDER BY judged_at NULLS FIRST",
            [gazette],
        ).fetchall()
    assert [r[0] for r in rows] == ["cleared", "judged equivalent"] and rows[0][1] != rows[1][1]
    assert rows[1][1] == load_optout_registry(ws.contracts).version and "no changed entry covers" in rows[1][2]
    assert "optout-2026-0100" in requests_honoured(ws, dump_ids(ws))

    # The check accepts the kept output under the new registry only because the equivalence is recorded.
    source = load_sources(ws.contracts)["gazette_ouest"]
    current = dict(
        source=source,
        policy=LicencePolicy.load(ws.contracts),
        registry=load_optout_registry(ws.contracts),
        denylist=load_denylist(ws.contracts),
    )
    assert verify_cleared(ws.stage_dir("cleared_documents", gazette), **current).passed
    stats_path = ws.stage_dir("cleared_documents", gazette) / "_stats.json"
    stats = json.loads(stats_path.read_text(encoding="utf-8"))
    stats.pop("equivalent_under")
    stats_path.write_text(json.dumps(stats), encoding="utf-8")
    report = verify_cleared(ws.stage_dir("cleared_documents", gazette), **current)
    assert not report.passed and "cleared under another licence policy or opt-out registry" in report.problems[0]


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
