"""The redacted_documents asset and its blocking checks in real Dagster over a small JSONL dump."""

import json
import shutil
from pathlib import Path

import dagster as dg
import pytest

from dagster_defs.ingest import documents
from dagster_defs.pii import no_residual_pii, redacted_documents, redaction_kept_every_document
from dagster_defs.resources import ProvenanceResource
from provenance.dumps import dump_id_for

SOURCE = """\
id: courrier
title: Courrier des lecteurs
rights_holder: La Gazette
licence: CC-BY-4.0
attribution: La Gazette, CC BY 4.0
provenance_url: https://archives.example.fr/
format: jsonl
dumps: landing/courrier/*.jsonl
language: auto
fields: {text: body, id: id}
max_quarantine_rate: 0.5
"""
RECORDS = [
    {
        "id": "1",
        "body": "Madame, je m'appelle Odile Marchetti et j'habite 4 route de Murat, 15100 Saint-Flour. "
        "Écrivez-moi à odile.marchetti@example.fr ou au 04 71 60 22 50.",
    },
    {"id": "2", "body": "Dear editor, my neighbour Mrs Edna Robson, who is 87, relies on the number 42 bus."},
    {"id": "3", "body": "Le marché de Saint-Flour aura lieu samedi sur la place d'Armes."},
]
PLANTED = ["Marchetti", "4 route de Murat", "odile.marchetti@example.fr", "04 71 60 22 50", "Robson"]


@pytest.fixture
def ws(tmp_path, key_file):
    home, contracts = tmp_path / "home", tmp_path / "contracts"
    (home / "landing" / "courrier").mkdir(parents=True)
    (home / "landing" / "courrier" / "2024.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8"
    )
    (contracts / "sources").mkdir(parents=True)
    (contracts / "sources" / "courrier.yaml").write_text(SOURCE, encoding="utf-8")
    shutil.copy(
        Path(__file__).resolve().parents[2] / "data_contracts" / "pii_policy.yaml", contracts / "pii_policy.yaml"
    )
    dump_id = dump_id_for("courrier", "landing/courrier/2024.jsonl")
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("dumps", [dump_id])
    return {
        "home": home,
        "dump_id": dump_id,
        "instance": instance,
        "resource": ProvenanceResource(home=str(home), contracts=str(contracts), pii_key=str(key_file)),
    }


def test_redaction_asset_reports_counts_per_type_and_its_checks_pass(ws):
    result = dg.materialize(
        [documents, redacted_documents, no_residual_pii, redaction_kept_every_document],
        partition_key=ws["dump_id"],
        instance=ws["instance"],
        resources={"provenance": ws["resource"]},
    )
    assert result.success
    [materialization] = list(result.asset_materializations_for_node("redacted_documents"))
    metadata = materialization.metadata
    assert metadata["documents"].value == 3
    by_type = metadata["redactions_by_type"].data
    assert by_type["PERSON"] >= 2 and by_type["EMAIL_ADDRESS"] == 1 and by_type["PHONE_NUMBER"] == 1
    assert by_type["STREET_ADDRESS"] == 1
    checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert checks == {"no_residual_pii": True, "redaction_kept_every_document": True}
    everything = repr({k: v.value for k, v in metadata.items()})
    for value in PLANTED:
        assert value not in everything
    for event in result.all_events:
        assert not any(value in str(event.message or "") for value in PLANTED)


def test_a_missing_key_fails_the_asset_with_how_to_create_one(ws):
    result = dg.materialize(
        [documents, redacted_documents],
        partition_key=ws["dump_id"],
        instance=ws["instance"],
        # The same settings, without a PII key.
        resources={"provenance": ProvenanceResource(home=ws["resource"].home, contracts=ws["resource"].contracts)},
        raise_on_error=False,
    )
    assert not result.success
    failure = next(e for e in result.all_events if e.event_type_value == "STEP_FAILURE")
    assert "PROVENANCE_PII_KEY" in str(failure.step_failure_data.error.message)


def test_a_source_that_keeps_names_is_redacted_under_its_contract_and_says_so(ws):
    contract = ws["resource"].workspace().contracts / "sources" / "courrier.yaml"
    basis = "Letters the writers signed for publication in the readers' page"
    contract.write_text(SOURCE + f"person_names: keep\nperson_names_basis: {basis}\n", encoding="utf-8")
    result = dg.materialize(
        [documents, redacted_documents, no_residual_pii, redaction_kept_every_document],
        partition_key=ws["dump_id"],
        instance=ws["instance"],
        resources={"provenance": ws["resource"]},
    )
    assert result.success
    [materialization] = list(result.asset_materializations_for_node("redacted_documents"))
    metadata = materialization.metadata
    assert metadata["person_names"].value == "keep" and metadata["person_names_basis"].value == basis
    by_type = metadata["redactions_by_type"].data
    assert "PERSON" not in by_type
    assert by_type["EMAIL_ADDRESS"] == 1 and by_type["PHONE_NUMBER"] == 1 and by_type["STREET_ADDRESS"] == 1
    checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert checks == {"no_residual_pii": True, "redaction_kept_every_document": True}
    everything = repr({k: v.value for k, v in metadata.items()})
    for value in ("4 route de Murat", "odile.marchetti@example.fr", "04 71 60 22 50"):
        assert value not in everything
