"""The rights assets, check and sensor run in real Dagster over a small workspace."""

import shutil
from pathlib import Path

import dagster as dg
import pytest

from dagster_defs.resources import ProvenanceResource
from dagster_defs.rights import (
    cleared_documents,
    licence_policy,
    no_reserved_content,
    optout_registry,
    rights_config_sensor,
)
from provenance.dumps import dump_id_for
from provenance.rights.policy import LicencePolicy

SOURCE = """\
id: presse_locale
title: Archives de La Gazette du Rhône
rights_holder: Éditions du Rhône
licence: CC-BY-4.0
attribution: La Gazette du Rhône, CC BY 4.0
provenance_url: https://archives.example.fr/
format: warc
dumps: landing/presse/*.warc.gz
language: fr
max_quarantine_rate: 0.2
"""
REGISTRY = "id,scope,value,effective_from,reference\nOPT-1,domain,opted-out.example.net,2024-01-01,lettre 117\n"


@pytest.fixture
def ws(tmp_path, write_redacted, write_site_signals, at):
    repo_contracts = Path(__file__).resolve().parents[2] / "data_contracts"
    home, contracts = tmp_path / "home", tmp_path / "contracts"
    (home / "landing" / "presse").mkdir(parents=True)
    (home / "landing" / "presse" / "crawl-2024.warc.gz").write_bytes(b"not read by the rights stage")
    (contracts / "sources").mkdir(parents=True)
    (contracts / "optouts").mkdir()
    (contracts / "sources" / "presse_locale.yaml").write_text(SOURCE, encoding="utf-8")
    (contracts / "optouts" / "registry.csv").write_text(REGISTRY, encoding="utf-8")
    shutil.copy(repo_contracts / "licence_policy.yaml", contracts / "licence_policy.yaml")
    dump_id = dump_id_for("presse_locale", "landing/presse/crawl-2024.warc.gz")
    when = at(2024, 3, 1)
    write_redacted(
        home / "staging" / "redacted_documents" / dump_id,
        [
            {
                "url": "https://gazette.example.org/a.html",
                "retrieved_at": when,
                "title": "A",
                "author": "Claire Martin",
            },
            {"url": "https://gazette.example.org/b.html", "retrieved_at": when, "tdm_reservation": "1"},
            {"url": "https://www.opted-out.example.net/c", "retrieved_at": when},
            {"url": "https://gazette.example.org/d.html", "retrieved_at": when, "licence": "CC-BY-SA-4.0"},
        ],
        dump_id=dump_id,
    )
    write_site_signals(
        home / "staging" / "documents" / dump_id,
        [
            ("robots.txt", "https://gazette.example.org/robots.txt", "User-agent: *\nAllow: /\n", at(2023, 1, 1)),
            ("tdmrep.json", "https://gazette.example.org/.well-known/tdmrep.json", "Not Found", at(2023, 1, 1), 404),
        ],
        dump_id=dump_id,
    )
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("dumps", [dump_id])
    resource = ProvenanceResource(home=str(home), contracts=str(contracts))
    return {"home": home, "contracts": contracts, "dump_id": dump_id, "instance": instance, "resource": resource}


def test_configuration_assets_record_version_and_hash(ws):
    result = dg.materialize(
        [licence_policy, optout_registry], instance=ws["instance"], resources={"provenance": ws["resource"]}
    )
    assert result.success
    by_key = {
        e.materialization.asset_key.to_user_string(): e.materialization.metadata
        for e in result.get_asset_materialization_events()
    }
    assert by_key["licence_policy"]["version"].value == LicencePolicy.load(ws["contracts"]).version
    assert len(by_key["licence_policy"]["sha256"].value) == 64
    assert by_key["optout_registry"]["entries"].value == 1
    assert len(by_key["optout_registry"]["sha256"].value) == 64


def test_cleared_documents_materialise_with_a_licence_mix_and_a_passing_blocking_check(ws):
    result = dg.materialize(
        [cleared_documents, no_reserved_content],
        partition_key=ws["dump_id"],
        instance=ws["instance"],
        resources={"provenance": ws["resource"]},
    )
    assert result.success
    metadata = result.get_asset_materialization_events()[0].materialization.metadata
    assert (metadata["cleared"].value, metadata["excluded"].value, metadata["quarantined"].value) == (2, 2, 0)
    mix = {r.data["licence"]: r.data["documents"] for r in metadata["licence_mix"].value.records}
    assert mix == {"CC-BY-4.0": 1, "CC-BY-SA-4.0": 1}
    assert metadata["decisions"].value == {"excluded": 2, "include_with_attribution": 1, "include_with_share_alike": 1}
    assert metadata["authors"].value == {"kept": 1}  # credited under CC BY; counted, never named
    assert "Claire Martin" not in repr({k: v.value for k, v in metadata.items()})
    [check] = result.get_asset_check_evaluations()
    assert (check.check_name, check.passed) == ("no_reserved_content", True)


def test_the_sensor_requests_the_configuration_once_per_version_and_leaves_never_run_dumps_alone(ws):
    context = dg.build_sensor_context(instance=ws["instance"], resources={"provenance": ws["resource"]})
    first = rights_config_sensor(context)
    digest = first.cursor
    # The configuration assets were never materialised; the dump's ingest and redaction were never run
    # through Dagster either, so it is the landing sensor's (its whole chain), not a re-clearing.
    [request] = first.run_requests
    assert request.asset_selection == [licence_policy.key, optout_registry.key] and request.partition_key is None

    unchanged = rights_config_sensor(
        dg.build_sensor_context(instance=ws["instance"], cursor=digest, resources={"provenance": ws["resource"]})
    )
    assert isinstance(unchanged, dg.SkipReason)

    (ws["contracts"] / "optouts" / "registry.csv").write_text(
        REGISTRY + "OPT-2,author,Paul Durand,2024-06-01,ticket 10\n", encoding="utf-8"
    )
    changed = rights_config_sensor(
        dg.build_sensor_context(instance=ws["instance"], cursor=digest, resources={"provenance": ws["resource"]})
    )
    assert changed.cursor != digest
    [again] = changed.run_requests
    assert again.run_key != request.run_key and again.run_key.endswith(changed.cursor[:16])


def test_the_sensor_skips_an_invalid_configuration_and_says_why(ws):
    (ws["contracts"] / "licence_policy.yaml").write_text("version: x\nlicences: []\n", encoding="utf-8")
    result = rights_config_sensor(
        dg.build_sensor_context(instance=ws["instance"], resources={"provenance": ws["resource"]})
    )
    assert isinstance(result, dg.SkipReason)
    assert "licence_policy.yaml" in result.skip_message
