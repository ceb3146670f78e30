"""The deny-list of sites recognised as persistently infringing: validated, matched by host suffix, and every
page of a listed site excluded with reason ``denylist`` and evidence naming the entry and the list's version."""

import json
from functools import partial
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from provenance.contracts import ContractError, DenyList, load_denylist, load_optout_registry
from provenance.layout import RIGHTS
from provenance.rights.config import rights_config_hash
from provenance.rights.denylist import DenyListMatcher
from provenance.rights.stage import clear_dump
from provenance.rights.verify import verify_cleared
from provenance.workspace import publish_stage

HEADER = "domain,reference,recognised_by,jurisdiction,date_listed\n"
# archive.org is one of the real crawls' sites (tests/fixtures/real/warc); listed here for the test only.
LISTED = HEADER + (
    'WWW.Archive.org.,"Tribunal judiciaire de Paris, 3e ch., RG 23/01234",Tribunal judiciaire de Paris,fr,2024-02-01\n'
    "bücher-piraten.de,LG München I 7 O 1234/24,Landgericht München I,DE,2024-05-10\n"
)


def write(folder, name, text):
    path = folder / "denylist" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_listed_domain_is_normalised_and_the_list_versioned(tmp_path):
    write(tmp_path, "2024.csv", LISTED)
    denylist = load_denylist(tmp_path)
    assert [e.domain for e in denylist.entries] == ["archive.org", "bücher-piraten.de".encode("idna").decode()]
    first = denylist.entries[0]
    assert (first.registrable_domain, first.jurisdiction, first.file, first.line) == (
        "archive.org",
        "FR",
        "2024.csv",
        2,
    )
    assert first.reference == "Tribunal judiciaire de Paris, 3e ch., RG 23/01234"
    assert denylist.version.startswith("2-") and len(denylist.sha256) == 64
    write(tmp_path, "2024.csv", LISTED.replace("2024-05-10", "2024-05-11"))
    assert load_denylist(tmp_path).sha256 != denylist.sha256


def test_no_denylist_folder_is_an_empty_list_and_leaves_the_rights_hash_alone(tmp_path):
    (tmp_path / "optouts").mkdir()
    (tmp_path / "optouts" / "registry.csv").write_text("id,scope,value,effective_from,reference\n")
    (tmp_path / "licence_policy.yaml").write_text(
        (Path(__file__).resolve().parents[2] / "data_contracts" / "licence_policy.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    assert load_denylist(tmp_path) == DenyList.empty()
    before = rights_config_hash(tmp_path)
    write(tmp_path, "empty.csv", HEADER)
    assert rights_config_hash(tmp_path) == before
    write(tmp_path, "empty.csv", LISTED)
    assert rights_config_hash(tmp_path) != before


@pytest.mark.parametrize(
    "row, field, words",
    [
        ("com,ref,Cour d'appel,FR,2024-01-01", "line 2.domain", "expected form"),
        ("co.uk,ref,Cour d'appel,FR,2024-01-01", "line 2.domain", "public suffix"),
        ("blogspot.com,ref,Cour d'appel,FR,2024-01-01", "line 2.domain", "public suffix"),
        ("https://pirate.example.fr/,ref,Cour d'appel,FR,2024-01-01", "line 2.domain", "expected form"),
        ("pirate.example.fr,ref,US District Court,US,2024-01-01", "line 2.jurisdiction", "is not one of"),
        ("pirate.example.fr,ref,Cour d'appel,FR,2024-02-30", "line 2.date_listed", "is not a valid date"),
        ("pirate.example.fr,ref,Cour d'appel,FR,01/02/2024", "line 2.date_listed", "expected form"),
        ("pirate.example.fr,,Cour d'appel,FR,2024-01-01", "line 2.reference", "should be non-empty"),
        ("pirate.example.fr,ref,,FR,2024-01-01", "line 2.recognised_by", "should be non-empty"),
    ],
)
def test_a_bad_denylist_row_names_its_file_line_and_field(tmp_path, row, field, words):
    path = write(tmp_path, "bad.csv", HEADER + row + "\n")
    with pytest.raises(ContractError) as caught:
        load_denylist(tmp_path)
    message = str(caught.value)
    assert str(path) in message and f": {field}: " in message and words in message


def test_duplicates_wrong_headers_and_extra_cells_are_rejected_all_at_once(tmp_path):
    write(tmp_path, "a.csv", LISTED)
    write(
        tmp_path,
        "b.csv",
        HEADER + "archive.org,other ref,Cour de cassation,FR,2024-03-01\nx.example.fr,ref,Cour,FR,2024-03-01,extra\n",
    )
    write(tmp_path, "c.csv", "site,reference\nx.fr,y\n")
    with pytest.raises(ContractError) as caught:
        load_denylist(tmp_path)
    text = str(caught.value)
    assert "b.csv: line 2.domain: 'archive.org' is already listed in a.csv line 2" in text
    assert "b.csv: line 3: more cells than columns" in text
    assert "c.csv: header: columns must be domain,reference,recognised_by,jurisdiction,date_listed" in text


def test_a_listed_domain_covers_its_subdomains_and_nothing_else(tmp_path):
    write(tmp_path, "2024.csv", LISTED)
    matcher = DenyListMatcher(load_denylist(tmp_path))
    for url in (
        "https://archive.org/",
        "http://www.archive.org/index.php",
        "https://ia600.us.ARCHIVE.org./x",
        "https://bücher-piraten.de/neu",
    ):
        assert matcher.entry_for(url) is not None, url
    for url in (
        "https://notarchive.org/",
        "https://archive.org.example.net/",
        "http://example.com/",
        "archive.org",
        None,
        "",
    ):
        assert matcher.entry_for(url) is None, url
    assert matcher.evidence(None).status == "not_applicable"
    assert "no URL" in matcher.evidence(None).detail
    assert matcher.evidence("http://example.com/").status == "absent"


@pytest.fixture
def listed_dump(tmp_path, at, write_redacted):
    """Pages at the real crawls' URLs (tests/fixtures/real/warc), archive.org listed."""
    contracts = tmp_path / "contracts"
    (contracts / "optouts").mkdir(parents=True)
    (contracts / "optouts" / "registry.csv").write_text(
        "id,scope,value,effective_from,reference\nOPT-1,domain,archive.org,2010-01-01,lettre 2010-4\n"
    )
    write(contracts, "2024.csv", LISTED)
    redacted = tmp_path / "redacted"
    rows = write_redacted(
        redacted,
        [
            {"url": "https://archive.org/", "retrieved_at": at(2013, 10, 21, 21, 53, 9), "licence": "CC-BY-4.0"},
            {"url": "http://www.archive.org/index.php", "retrieved_at": at(2008, 4, 30, 20, 48, 26)},
            {"url": "http://example.com/", "retrieved_at": at(2015, 3, 30, 23, 50, 46)},
            {"url": None, "retrieved_at": at(2015, 3, 30)},
        ],
    )
    return contracts, redacted, rows


def test_every_page_of_a_listed_site_is_excluded_with_the_entry_as_evidence(
    tmp_path, listed_dump, make_source, policy
):
    contracts, redacted, rows = listed_dump
    registry = load_optout_registry(contracts)
    denylist = load_denylist(contracts)
    stats = publish_stage(
        tmp_path / "cleared",
        partial(
            clear_dump,
            redacted,
            tmp_path / "documents",
            source=make_source(),
            policy=policy,
            registry=registry,
            contracts_dir=contracts,
        ),
    )
    decisions = {r["doc_id"]: r for r in pq.read_table(tmp_path / "cleared" / "decisions.parquet").to_pylist()}
    for row in rows[:2]:
        decision = decisions[row["doc_id"]]
        assert (decision["decision"], decision["reason"]) == ("excluded", "denylist")
        evidence = json.loads(decision["evidence"])
        # The deny-list decides before the registry entry that also covers the page; both are listed.
        assert evidence["deciding"]["signal"] == "denylist"
        assert evidence["deciding"]["domain"] == "archive.org"
        assert evidence["deciding"]["reference"] == "Tribunal judiciaire de Paris, 3e ch., RG 23/01234"
        assert evidence["deciding"]["denylist_version"] == denylist.version
        assert evidence["reservations"][0]["signal"] == "denylist"
        assert evidence["denylist"] == {"version": denylist.version, "sha256": denylist.sha256}
    # The 2013 capture is also covered by the registry entry (in force since 2010): listed second.
    assert [r["signal"] for r in json.loads(decisions[rows[0]["doc_id"]]["evidence"])["reservations"]] == [
        "denylist",
        "optout_registry",
    ]
    assert decisions[rows[2]["doc_id"]]["reason"] != "denylist"
    assert decisions[rows[3]["doc_id"]]["reason"] != "denylist"
    signals = [
        r
        for r in pq.read_table(tmp_path / "cleared" / "optout_evidence.parquet").to_pylist()
        if r["signal"] == "denylist"
    ]
    by_doc = {r["doc_id"]: r for r in signals}
    assert {by_doc[r["doc_id"]]["status"] for r in rows[:2]} == {"listed"}
    assert by_doc[rows[2]["doc_id"]]["status"] == "absent"
    assert by_doc[rows[3]["doc_id"]]["status"] == "not_applicable"
    assert stats.reasons["denylist"] == 2 and stats.reservations["denylist"] == 2
    written = RIGHTS.load_stats(tmp_path / "cleared")
    assert (written.denylist_version, written.denylist_sha256) == (denylist.version, denylist.sha256)
    assert written.registry_request_ids == ["OPT-1"]


def test_the_check_fails_a_dump_cleared_before_its_site_was_listed(tmp_path, listed_dump, make_source, policy):
    contracts, redacted, rows = listed_dump
    (contracts / "denylist" / "2024.csv").write_text(HEADER)
    registry = load_optout_registry(contracts)
    publish_stage(
        tmp_path / "cleared",
        partial(
            clear_dump,
            redacted,
            tmp_path / "documents",
            source=make_source(),
            policy=policy,
            registry=registry,
            contracts_dir=contracts,
        ),
    )
    assert verify_cleared(
        tmp_path / "cleared", source=make_source(), policy=policy, registry=registry, denylist=load_denylist(contracts)
    ).passed
    (contracts / "denylist" / "2024.csv").write_text(
        HEADER + "example.com,CJEU C-000/24,Court of Justice,EU,2024-06-01\n"
    )
    report = verify_cleared(
        tmp_path / "cleared", source=make_source(), policy=policy, registry=registry, denylist=load_denylist(contracts)
    )
    assert not report.passed
    assert any("deny-list" in p and "clear this dump again" in p for p in report.problems)
    assert rows[2]["doc_id"] in report.examples


def test_check_contracts_names_a_bad_denylist_row_on_stderr(tmp_path):
    import os
    import subprocess
    import sys

    contracts = tmp_path / "contracts"
    contracts.mkdir()
    (contracts / "licence_policy.yaml").write_text(
        (Path(__file__).resolve().parents[2] / "data_contracts" / "licence_policy.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    path = write(
        contracts, "eu.csv", HEADER + "https://pirate.example.fr/films,ref,Cour d'appel de Paris,FR,2024-01-01\n"
    )
    env = {**os.environ, "PROVENANCE_HOME": str(tmp_path / "home"), "PROVENANCE_CONTRACTS": str(contracts)}
    result = subprocess.run(
        [str(Path(sys.executable).parent / "provenance"), "check-contracts"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 1 and result.stdout == ""
    stderr = "".join(result.stderr.split())  # the console wraps long lines
    assert f"{path}:line2.domain:'https://pirate.example.fr/films'doesnothavetheexpectedform" in stderr
    write(contracts, "eu.csv", LISTED)
    ok = subprocess.run(
        [str(Path(sys.executable).parent / "provenance"), "check-contracts"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert ok.returncode == 0 and "deny-list 2-" in ok.stdout and "(2 sites)" in ok.stdout
