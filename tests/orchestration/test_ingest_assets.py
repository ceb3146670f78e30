"""The documents asset, its quarantine check and the landing sensor, in real Dagster over real dumps."""

import json
import os
import shutil
from pathlib import Path

import dagster as dg
import pyarrow.parquet as pq
import pytest
from courrier_workspace import LETTERS, SOURCE

from dagster_defs import resources
from dagster_defs.definitions import definitions, defs
from dagster_defs.ingest import documents, landing_sensor, quarantine_rate_within_contract
from dagster_defs.resources import ProvenanceResource
from provenance.contracts import load_sources
from provenance.stats import IngestStats

GOOD = LETTERS


def write_dump(home, name, lines):
    path = home / "landing" / "courrier" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.fixture
def ws(tmp_path):
    home, contracts = tmp_path / "home", tmp_path / "contracts"
    (contracts / "sources").mkdir(parents=True)
    (contracts / "sources" / "courrier.yaml").write_text(SOURCE, encoding="utf-8")
    # The sensor plans every stage of a dump, rights included: a workspace has a licence policy.
    shutil.copy(Path(__file__).resolve().parents[2] / "data_contracts" / "licence_policy.yaml", contracts)
    instance = dg.DagsterInstance.ephemeral()
    return {
        "home": home,
        "instance": instance,
        "resource": ProvenanceResource(home=str(home), contracts=str(contracts)),
    }


def materialize_documents(ws, dump_id):
    ws["instance"].add_dynamic_partitions("dumps", [dump_id])
    return dg.materialize(
        [documents, quarantine_rate_within_contract],
        partition_key=dump_id,
        instance=ws["instance"],
        resources={"provenance": ws["resource"]},
        raise_on_error=False,
    )


def test_ingesting_a_dump_writes_its_parquet_and_accounts_for_every_record(ws):
    lines = [json.dumps(r, ensure_ascii=False) for r in GOOD] + ['{"id": "5", "body": "tronqué']
    write_dump(ws["home"], "2024-03.jsonl", lines)
    result = materialize_documents(ws, "courrier.2024-03")
    assert result.success
    [mat] = result.asset_materializations_for_node("documents")
    meta = {k: v.value for k, v in mat.metadata.items()}
    assert (meta["records_seen"], meta["documents"], meta["quarantined"]) == (5, 4, 1)
    assert meta["records_seen"] == meta["documents"] + meta["quarantined"]
    assert "malformed_json" in meta["summary"]
    assert [c.name for c in mat.metadata["dagster/column_schema"].schema.columns][:3] == [
        "doc_id",
        "source_id",
        "dump_id",
    ]
    out = ws["home"] / "staging" / "documents" / "courrier.2024-03"
    assert pq.read_table(out / "documents.parquet").num_rows == 4
    quarantine = pq.read_table(out / "quarantine.parquet").to_pylist()
    assert quarantine[0]["reason"] == "malformed_json" and quarantine[0]["locator"].endswith(":line=5")
    [check] = result.get_asset_check_evaluations()
    assert check.passed and check.check_name == "quarantine_rate_within_contract"


def test_a_dump_over_its_quarantine_rate_fails_the_check_and_stops_its_pipeline(ws):
    lines = [json.dumps(GOOD[0], ensure_ascii=False), "not json", "[1, 2]", '{"id": "9"}']
    write_dump(ws["home"], "2024-04.jsonl", lines)
    ws["instance"].add_dynamic_partitions("dumps", ["courrier.2024-04"])
    job = definitions(ws["resource"]).resolve_job_def("dump_pipeline")
    result = job.execute_in_process(partition_key="courrier.2024-04", instance=ws["instance"], raise_on_error=False)
    [check] = [e for e in result.get_asset_check_evaluations() if e.check_name == "quarantine_rate_within_contract"]
    assert not check.passed
    assert check.description == (
        "3 of 4 candidate records quarantined (75.00%; 0 skipped records are not candidates); courrier allows 25.00%"
    )
    ran = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert ran == {"documents"}
    assert not (ws["home"] / "staging" / "redacted_documents" / "courrier.2024-04").exists()
    assert not (ws["home"] / "staging" / "cleared_documents" / "courrier.2024-04").exists()


def test_a_run_reads_the_contracts_once_and_the_next_run_sees_them_changed(ws, monkeypatch):
    lines = [json.dumps(r, ensure_ascii=False) for r in GOOD[:3]] + ["not json"]
    write_dump(ws["home"], "2024-07.jsonl", lines)
    ws["instance"].add_dynamic_partitions("dumps", ["courrier.2024-07"])
    loads = []
    monkeypatch.setattr(resources, "load_sources", lambda folder: loads.append(folder) or load_sources(folder))
    job = definitions(ws["resource"]).resolve_job_def("dump_pipeline")

    def quarantine_check() -> dg.AssetCheckEvaluation:
        result = job.execute_in_process(
            partition_key="courrier.2024-07",
            instance=ws["instance"],
            raise_on_error=False,
            asset_selection=[documents.key],
        )
        [check] = result.get_asset_check_evaluations()
        return check

    assert quarantine_check().passed  # 1 of 4 quarantined, the contract allows 25%
    assert len(loads) == 1  # the asset and its check share the run's contracts
    contract = ws["resource"].workspace().contracts / "sources" / "courrier.yaml"
    contract.write_text(contract.read_text().replace("max_quarantine_rate: 0.25", "max_quarantine_rate: 0.1"))
    again = quarantine_check()
    assert not again.passed and again.description.endswith("courrier allows 10.00%")
    assert len(loads) == 2


def test_skipped_records_do_not_dilute_the_quarantine_rate(ws):
    # 2 of 4 candidates broken: blank lines are records seen (skipped), yet cannot hide a broken half.
    lines = [json.dumps(r, ensure_ascii=False) for r in GOOD[:2]] + ["not json", "[1]"] + [""] * 40
    write_dump(ws["home"], "2024-05.jsonl", lines)
    result = materialize_documents(ws, "courrier.2024-05")
    [mat] = result.asset_materializations_for_node("documents")
    meta = {k: v.value for k, v in mat.metadata.items()}
    assert (meta["records_seen"], meta["documents"], meta["quarantined"], meta["skipped_non_documents"]) == (
        44,
        2,
        2,
        40,
    )
    assert meta["skipped_reasons"] == {"blank_line": 40} and meta["quarantine_rate"] == 0.5
    assert "**44** records seen = **2** documents + **2** quarantined + **40** skipped" in meta["summary"]
    [check] = result.get_asset_check_evaluations()
    [figures] = check.metadata["figures"].value.records
    assert not check.passed and figures.data["candidate_records"] == 4 and figures.data["dump"] == "courrier.2024-05"


def test_a_json_dump_is_read_by_a_jsonl_source_and_its_notices_show_in_the_materialisation(ws, tmp_path):
    contract = SOURCE.replace("id: courrier", "id: courrier_api").replace("*.jsonl", "*.json")
    (tmp_path / "contracts" / "sources" / "courrier_api.yaml").write_text(contract, encoding="utf-8")
    path = ws["home"] / "landing" / "courrier" / "2024-06.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps({"resolved": GOOD[:2], "unresolved": GOOD[2:]}, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    result = materialize_documents(ws, "courrier_api.2024-06")
    assert result.success
    [mat] = result.asset_materializations_for_node("documents")
    meta = {k: v.value for k, v in mat.metadata.items()}
    assert (meta["records_seen"], meta["documents"], meta["notices"]) == (4, 4, 1)
    assert "json_several_record_arrays" in meta["notice_list"] and "resolved, unresolved" in meta["notice_list"]
    out = ws["home"] / "staging" / "documents" / "courrier_api.2024-06"
    assert pq.read_table(out / "notices.parquet").column("code").to_pylist() == ["json_several_record_arrays"]
    assert pq.read_table(out / "documents.parquet").column("locator").to_pylist()[0] == (
        "landing/courrier/2024-06.json#/resolved/0"
    )


def test_a_partition_whose_dump_file_is_gone_fails_with_a_clear_message(ws):
    result = materialize_documents(ws, "courrier.missing")
    assert not result.success
    [failure] = [e for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    assert "no dump with id 'courrier.missing'" in failure.step_failure_data.error.message


def evaluate(ws, cursor=None):
    with dg.build_sensor_context(
        instance=ws["instance"], cursor=cursor, resources={"provenance": ws["resource"]}
    ) as context:
        return landing_sensor(context)


def test_the_sensor_adds_a_partition_per_new_dump_and_requests_its_run_once(ws):
    write_dump(ws["home"], "2024-03.jsonl", [json.dumps(GOOD[0])])
    first = evaluate(ws)
    [add] = first.dynamic_partitions_requests
    assert add.partition_keys == ["courrier.2024-03"]
    [request] = first.run_requests
    assert request.partition_key == "courrier.2024-03" and request.run_key.startswith("courrier.2024-03:")
    assert request.asset_selection == [
        dg.AssetKey(s) for s in ("documents", "redacted_documents", "cleared_documents")
    ]

    ws["instance"].add_dynamic_partitions("dumps", add.partition_keys)
    again = evaluate(ws, first.cursor)
    assert again.run_requests == [] and again.dynamic_partitions_requests == []

    # Touching the file without changing it does not request a run either.
    path = ws["home"] / "landing" / "courrier" / "2024-03.jsonl"
    os.utime(path, (1, 1))
    touched = evaluate(ws, again.cursor)
    assert touched.run_requests == []

    # A new dump is added; a changed dump is requested again under a new run key.
    write_dump(ws["home"], "2024-04.jsonl", [json.dumps(GOOD[1])])
    write_dump(ws["home"], "2024-03.jsonl", [json.dumps(GOOD[0]), json.dumps(GOOD[2])])
    later = evaluate(ws, touched.cursor)
    assert later.dynamic_partitions_requests[0].partition_keys == ["courrier.2024-04"]
    keys = {r.partition_key: r.run_key for r in later.run_requests}
    assert set(keys) == {"courrier.2024-03", "courrier.2024-04"}
    assert keys["courrier.2024-03"] != request.run_key


def test_every_asset_has_a_description_and_a_group():
    graph = defs.resolve_asset_graph()
    keys = graph.get_all_asset_keys()
    assert {k.to_user_string() for k in keys} >= {
        "documents",
        "redacted_documents",
        "cleared_documents",
        "certified_release",
        "lineage_db",
    }
    for key in keys:
        node = graph.get(key)
        assert node.description, key
        assert node.group_name and node.group_name != "default", key


@pytest.mark.parametrize("renamed", [None, "quarantine_ratio"])
def test_the_quarantine_check_cannot_pass_on_a_missing_or_renamed_rate(ws, monkeypatch, renamed):
    # A writer that drops or renames the rate: the check must fail loudly, naming the file and the key,
    # never read the missing rate as 0 and pass.
    as_dict = IngestStats.as_dict

    def without_rate(stats):
        written = as_dict(stats)
        rate = written.pop("quarantine_rate")
        return {**written, renamed: rate} if renamed else written

    monkeypatch.setattr(IngestStats, "as_dict", without_rate)
    write_dump(ws["home"], "2024-06.jsonl", [json.dumps(r, ensure_ascii=False) for r in GOOD])
    result = materialize_documents(ws, "courrier.2024-06")
    [check] = result.get_asset_check_evaluations()
    assert not check.passed
    assert "_stats.json" in check.description
    assert ("unknown key 'quarantine_ratio'" if renamed else "missing key 'quarantine_rate'") in check.description
