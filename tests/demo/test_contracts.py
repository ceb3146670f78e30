"""The demo's contracts and opt-out registry validate, find their dumps, and say what the dumps need."""

import datetime as dt

import pytest

from provenance.contracts import (
    FORMATS,
    OPTOUT_SCOPES,
    load_licence_policy_document,
    load_optout_registry,
    load_sources,
)
from provenance.dumps import discover_dumps
from provenance.fingerprint import fingerprint
from provenance_demo import catalogue
from provenance_demo.generate import REPO_CONTRACTS, generate_demo


def test_every_source_contract_validates_and_finds_exactly_its_dump(demo_home, truth):
    sources = load_sources(demo_home / "contracts")
    assert set(sources) == set(truth.sources)
    assert {s.format for s in sources.values()} == set(FORMATS)
    assert {s.language for s in sources.values()} == {"fr", "en", "auto"}
    dumps = discover_dumps(demo_home, sources)
    assert sorted(d.relpath for d in dumps) == sorted(s["dumps"][0] for s in truth.sources.values())
    for source in sources.values():
        assert source.rights_holder and source.attribution and source.provenance_url.startswith("https://")
        if source.format in ("jsonl", "parquet"):
            assert source.fields["text"]
    # One source asserts no licence: its undeclared records must end up quarantined by the rights stage.
    assert [s.id for s in sources.values() if s.licence == "NOASSERTION"] == ["plumes_blogs"]


def test_quarantine_limits_sit_above_what_each_dump_plants(truth):
    for source_id, source in truth.sources.items():
        records = [r for r in truth.records if r.source_id == source_id]
        quarantined = sum(r.expect == "quarantined" for r in records)
        assert quarantined / len(records) < source["max_quarantine_rate"], source_id


def test_the_supplied_robots_txt_is_where_the_contract_says(demo_home):
    plumes = load_sources(demo_home / "contracts")["plumes_blogs"]
    for host, relpath in plumes.robots_txt.items():
        assert (demo_home / "contracts" / relpath).read_text() == catalogue.SUPPLIED_ROBOTS[host]


def test_the_optout_registry_validates_with_every_scope(demo_home, truth):
    registry = load_optout_registry(demo_home / "contracts")
    assert {e.scope for e in registry.entries} == set(OPTOUT_SCOPES)
    work = next(e for e in registry.entries if e.scope == "fingerprint")
    assert work.value == fingerprint(catalogue.PLANTED_WORK)
    # One entry took effect after the crawl of the pages it names: it must not apply to them.
    late = next(e for e in registry.entries if e.value == catalogue.LATE_OPTOUT_AUTHOR)
    covered = [r for r in truth.records if r.author == catalogue.LATE_OPTOUT_AUTHOR]
    assert covered and all(dt.date.fromisoformat(r.retrieved_at[:10]) < late.effective_from for r in covered)
    assert all(any(x.detail == late.id and not x.effective for x in r.reservations) for r in covered)
    # A request ledger: when each request came and who asked (an organisation, or "the author").
    assert all(e.date_received and e.date_received <= e.effective_from and e.requested_by for e in registry.entries)


def test_policies_are_copied_from_the_repository_not_invented(tmp_path):
    repo = tmp_path / "repo_contracts"
    repo.mkdir()
    (repo / "licence_policy.yaml").write_text("version: '9'\nlicences: []\n")
    (repo / "pii_policy.yaml").write_text("version: '3'\n")
    (repo / "notes.txt").write_text("not a policy")
    generate_demo(tmp_path / "home", docs=30, seed=1, repo_contracts=repo)
    contracts = tmp_path / "home" / "contracts"
    assert (contracts / "licence_policy.yaml").read_bytes() == (repo / "licence_policy.yaml").read_bytes()
    assert (contracts / "pii_policy.yaml").read_bytes() == (repo / "pii_policy.yaml").read_bytes()
    assert not (contracts / "notes.txt").exists()
    generate_demo(tmp_path / "bare", docs=30, seed=1, repo_contracts=tmp_path / "missing")
    assert not (tmp_path / "bare" / "contracts" / "licence_policy.yaml").exists()


@pytest.mark.skipif(
    not (REPO_CONTRACTS / "licence_policy.yaml").exists(), reason="no licence policy in the repository yet"
)
def test_the_copied_licence_policy_validates(demo_home):
    assert load_licence_policy_document(demo_home / "contracts").version
