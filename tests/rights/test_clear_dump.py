"""clear_dump on a realistic little dump: every document decided, reserved ones never cleared, evidence kept."""

import hashlib
import json
from functools import partial

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from provenance.contracts import load_optout_registry
from provenance.layout import RIGHTS
from provenance.rights.stage import clear_dump
from provenance.rights.verify import verify_cleared
from provenance.schema import CLEARED_DOCUMENT_SCHEMA, DECISION_SCHEMA, OPTOUT_EVIDENCE_SCHEMA
from provenance.workspace import publish_stage

ROBOTS_2023 = "User-agent: *\nAllow: /\n"
ROBOTS_2024 = "User-agent: GPTBot\nDisallow: /dossiers/\n\nUser-agent: *\nAllow: /\n"
TDMREP = json.dumps(
    [
        {"location": "/reserve/*.html$", "tdm-reservation": 1, "tdm-policy": "https://gazette.example.org/tdm.json"},
        {"location": "/", "tdm-reservation": 0},
    ]
)
REGISTRY = """\
id,scope,value,effective_from,reference
OPT-1,domain,opted-out.example.net,2024-01-01,lettre recommandée 2024-117
OPT-2,author,Paul Durand,2024-06-01,courriel du 2024-05-30
"""


@pytest.fixture
def contracts(tmp_path):
    folder = tmp_path / "contracts"
    (folder / "optouts").mkdir(parents=True)
    (folder / "optouts" / "registry.csv").write_text(REGISTRY, encoding="utf-8")
    return folder


def doc(name, **fields):
    # The URL names what the document is for; bodies are ordinary municipal-news text.
    base = {
        "url": f"https://gazette.example.org/{name}.html",
        "title": f"Article {name}",
        "author": "Claire Martin",
        "retrieved_at": None,
        "text": f"Le conseil municipal a voté le budget ({name}).",
    }
    base.update(fields)
    return base


@pytest.fixture
def dump(tmp_path, at, write_redacted, write_site_signals):
    redacted, documents = tmp_path / "redacted", tmp_path / "documents"
    when = at(2024, 3, 1)
    rows = write_redacted(
        redacted,
        [
            doc("libre", retrieved_at=when),  # 0 contract CC-BY-4.0
            doc("tdm-header", retrieved_at=when, tdm_reservation=" 1 "),  # 1 excluded
            doc("reserve/page", retrieved_at=when),  # 2 tdmrep.json
            doc("dossiers/enquete", retrieved_at=at(2024, 7, 1)),  # 3 robots 2024 GPTBot
            doc("dossiers/ancien", retrieved_at=at(2023, 6, 1)),  # 4 robots 2023 allows
            doc("cu", retrieved_at=when, content_usage="train-ai=n"),  # 5 excluded
            doc("cu-quoted", retrieved_at=when, content_usage='train-ai="n"'),  # 6 included
            doc("noai", retrieved_at=when, x_robots_tag="noindex, noai"),  # 7 excluded
            doc("noimageai", retrieved_at=when, meta_robots="noimageai"),  # 8 included
            doc("nc", retrieved_at=when, licence="CC-BY-NC-4.0"),  # 9 licence excluded
            doc("inconnue", retrieved_at=when, licence="Licence maison v3"),  # 10 quarantined
            doc("dual", retrieved_at=when, licence="CC-BY-NC-4.0 OR CC-BY-SA-4.0"),  # 11 SA chosen
            doc(
                "page", retrieved_at=when, licence_hints=["https://creativecommons.org/publicdomain/zero/1.0/"]
            ),  # 12 CC0 page
            {**doc("x"), "url": "https://www.opted-out.example.net/a", "retrieved_at": at(2024, 2, 1)},  # 13 registry
            {
                **doc("y"),
                "url": "https://www.opted-out.example.net/b",
                "retrieved_at": at(2023, 12, 31),
            },  # 14 before opt-out
            doc("durand", retrieved_at=at(2024, 5, 1), author="Paul Durand"),  # 15 author opt-out not yet effective
            doc("durand-2", retrieved_at=at(2024, 6, 2), author="Paul Durand"),  # 16 author opt-out effective
            doc("both", retrieved_at=when, tdm_reservation="1", x_robots_tag="noai"),  # 17 two reservations
            doc(
                "withheld",
                retrieved_at=when,
                flags=["pii_detection_failed"],  # 18 redaction failed
                text="[DOCUMENT WITHHELD: personal-data detection failed]",
            ),
        ],
    )
    write_site_signals(
        documents,
        [
            ("robots.txt", "https://gazette.example.org/robots.txt", ROBOTS_2023, at(2023, 1, 1)),
            ("robots.txt", "https://gazette.example.org/robots.txt", ROBOTS_2024, at(2024, 5, 1)),
            ("tdmrep.json", "https://gazette.example.org/.well-known/tdmrep.json", TDMREP, at(2023, 1, 1)),
        ],
    )
    return redacted, documents, rows


@pytest.fixture
def cleared(tmp_path, dump, contracts, make_source, policy):
    redacted, documents, rows = dump
    registry = load_optout_registry(contracts)
    source = make_source(licence="CC-BY-4.0")
    final = tmp_path / "staging" / "cleared_documents" / "presse_locale.crawl-2024"
    stats = publish_stage(
        final,
        partial(
            clear_dump,
            redacted,
            documents,
            source=source,
            policy=policy,
            registry=registry,
            contracts_dir=contracts,
            batch_rows=4,
        ),
    )
    decisions = pq.read_table(final / "decisions.parquet")
    by_doc = {r["doc_id"]: r for r in decisions.to_pylist()}
    return {
        "dir": final,
        "stats": stats,
        "rows": rows,
        "decisions": [by_doc[r["doc_id"]] for r in rows],
        "source": source,
        "registry": registry,
    }


def test_every_document_gets_exactly_one_rights_decision_with_the_expected_outcome(cleared):
    outcome = [(d["decision"], d["reason"]) for d in cleared["decisions"]]
    assert outcome == [
        ("include_with_attribution", "licence_allows"),
        ("excluded", "tdm_reservation"),
        ("excluded", "tdmrep_json"),
        ("excluded", "robots_txt"),
        ("include_with_attribution", "licence_allows"),
        ("excluded", "content_usage"),
        ("include_with_attribution", "licence_allows"),
        ("excluded", "x_robots_noai"),
        ("include_with_attribution", "licence_allows"),
        ("excluded", "licence_excluded"),
        ("quarantined", "licence_unknown"),
        ("include_with_share_alike", "licence_allows"),
        ("include", "licence_allows"),
        ("excluded", "optout_registry"),
        ("include_with_attribution", "licence_allows"),
        ("include_with_attribution", "licence_allows"),
        ("excluded", "optout_registry"),
        ("excluded", "tdm_reservation"),
        ("quarantined", "pii_detection_failed"),
    ]
    decisions = pq.read_table(cleared["dir"] / "decisions.parquet")
    assert decisions.schema.equals(DECISION_SCHEMA, check_metadata=False)
    assert decisions.num_rows == len(cleared["rows"])
    assert set(decisions["stage"].to_pylist()) == {"rights"}


def test_no_excluded_or_quarantined_document_reaches_the_cleared_documents(cleared):
    table = pq.read_table(cleared["dir"] / "documents.parquet")
    assert table.schema.equals(CLEARED_DOCUMENT_SCHEMA, check_metadata=False)
    kept = set(table["doc_id"].to_pylist())
    for d in cleared["decisions"]:
        assert (d["doc_id"] in kept) is d["decision"].startswith("include")
    stats = cleared["stats"]
    assert stats.documents == stats.cleared + stats.excluded + stats.quarantined == len(cleared["rows"])
    assert table["text"].to_pylist() == [
        r["text"]
        for r, d in zip(cleared["rows"], cleared["decisions"], strict=True)
        if d["decision"].startswith("include")
    ]


def test_cleared_documents_carry_licence_class_source_attribution_and_share_alike(cleared):
    table = {r["doc_id"]: r for r in pq.read_table(cleared["dir"] / "documents.parquet").to_pylist()}
    rows = cleared["rows"]
    first, dual, page = table[rows[0]["doc_id"]], table[rows[11]["doc_id"]], table[rows[12]["doc_id"]]
    assert (first["licence_spdx"], first["licence_class"], first["licence_source"], first["share_alike"]) == (
        "CC-BY-4.0",
        "attribution",
        "contract",
        False,
    )
    assert first["attribution"] == (
        "“Article libre” by Claire Martin, https://gazette.example.org/libre.html, licensed under "
        "Creative Commons Attribution 4.0 International (https://creativecommons.org/licenses/by/4.0/)"
    )
    assert (dual["licence_spdx"], dual["share_alike"], dual["licence_source"]) == ("CC-BY-SA-4.0", True, "record")
    assert (page["licence_spdx"], page["licence_class"], page["licence_source"], page["attribution"]) == (
        "CC0-1.0",
        "public_domain",
        "page",
        None,
    )


def test_the_decision_evidence_names_the_signal_and_raw_values_and_is_hashed(cleared):
    d = cleared["decisions"]
    robots = json.loads(d[3]["evidence"])
    assert robots["deciding"]["signal"] == "robots_txt"
    assert robots["deciding"]["disallowed"] == [
        {"group": "gptbot", "agents": ["GPTBot"], "purposes": ["training"], "rule": "Disallow: /dossiers/"}
    ]
    assert robots["deciding"]["robots"]["body_sha256"] == hashlib.sha256(ROBOTS_2024.encode()).hexdigest()
    assert robots["deciding"]["robots"]["locator"].startswith("landing/presse/crawl-2024.warc.gz#")
    tdm = json.loads(d[2]["evidence"])["deciding"]
    assert (tdm["location"], tdm["tdm-reservation"], tdm["rule_index"]) == ("/reserve/*.html$", 1, 0)
    registry = json.loads(d[13]["evidence"])["deciding"]
    assert (registry["entry_id"], registry["reference"]) == ("OPT-1", "lettre recommandée 2024-117")
    header = json.loads(d[1]["evidence"])["deciding"]
    assert header["tdm-reservation"] == " 1 "
    for row in d:
        assert hashlib.sha256(row["evidence"].encode()).hexdigest() == row["evidence_sha256"]
        assert row["policy_version"] and row["registry_version"] == cleared["registry"].version


def test_all_reservations_are_listed_and_the_first_decides(cleared):
    evidence = json.loads(cleared["decisions"][17]["evidence"])
    assert [r["signal"] for r in evidence["reservations"]] == ["tdm_header", "x_robots_tag"]
    assert evidence["deciding"]["signal"] == "tdm_header"


def test_every_signal_checked_is_kept_in_the_optout_evidence(cleared):
    table = pq.read_table(cleared["dir"] / "optout_evidence.parquet")
    assert table.schema.equals(OPTOUT_EVIDENCE_SCHEMA, check_metadata=False)
    rows = cleared["rows"]
    per_doc = {}
    for r in table.to_pylist():
        per_doc.setdefault(r["doc_id"], []).append(r)
    assert set(per_doc) == {r["doc_id"] for r in rows}
    checked = {r["signal"] for r in per_doc[rows[0]["doc_id"]]}
    assert checked == {
        "denylist",
        "optout_registry",
        "tdm_meta",
        "tdm_header",
        "tdmrep_json",
        "robots_txt",
        "content_usage",
        "content_signal",
        "robots_content_usage",
        "x_robots_tag",
        "meta_robots",
    }
    quoted = {r["signal"]: r for r in per_doc[rows[6]["doc_id"]]}["content_usage"]
    assert (quoted["status"], quoted["reserves"]) == ("not_reserved", False)
    before_optout = {r["signal"]: r for r in per_doc[rows[14]["doc_id"]]}["optout_registry"]
    assert (before_optout["status"], before_optout["reserves"]) == ("not_effective", False)
    not_yet = {r["signal"]: r for r in per_doc[rows[15]["doc_id"]]}["optout_registry"]
    assert (not_yet["status"], not_yet["reserves"]) == ("not_effective", False)
    old_robots = {r["signal"]: r for r in per_doc[rows[4]["doc_id"]]}["robots_txt"]
    assert (
        json.loads(old_robots["evidence"])["robots"]["body_sha256"] == hashlib.sha256(ROBOTS_2023.encode()).hexdigest()
    )


def test_evidence_never_holds_document_text_or_an_opted_out_authors_name(cleared):
    blobs = [r["evidence"] for r in pq.read_table(cleared["dir"] / "decisions.parquet").to_pylist()]
    blobs += [
        r["evidence"] + r["detail"] for r in pq.read_table(cleared["dir"] / "optout_evidence.parquet").to_pylist()
    ]
    for blob in blobs:
        assert "Le conseil municipal" not in blob
        assert "Paul Durand" not in blob


def test_stats_give_decision_counts_and_the_licence_mix(cleared):
    stats = RIGHTS.load_stats(cleared["dir"])
    assert stats.cleared == 8 and stats.excluded == 9 and stats.quarantined == 2
    assert stats.reasons["pii_detection_failed"] == 1
    assert stats.decisions["include_with_attribution"] == 6
    assert stats.licence_mix == {"CC-BY-4.0": 6, "CC-BY-SA-4.0": 1, "CC0-1.0": 1}
    assert stats.reservations["tdm_header"] == 2
    assert stats.policy_sha256 and stats.registry_sha256 == cleared["registry"].sha256


def test_the_same_inputs_give_byte_identical_decisions(tmp_path, dump, contracts, make_source, policy, cleared):
    redacted, documents, _ = dump
    again = tmp_path / "again"
    again.mkdir()
    clear_dump(
        redacted,
        documents,
        again,
        source=cleared["source"],
        policy=policy,
        registry=load_optout_registry(contracts),
        contracts_dir=contracts,
    )
    for name in ("decisions.parquet", "optout_evidence.parquet", "documents.parquet"):
        assert pq.read_table(again / name).equals(pq.read_table(cleared["dir"] / name))


def test_verification_passes_on_a_clean_output_and_fails_when_the_registry_changes(cleared, contracts, policy):
    report = verify_cleared(cleared["dir"], source=cleared["source"], policy=policy, registry=cleared["registry"])
    assert report.passed, report.problems
    (contracts / "optouts" / "registry.csv").write_text(
        REGISTRY + "OPT-3,domain,gazette.example.org,2020-01-01,ticket 9\n", encoding="utf-8"
    )
    report = verify_cleared(
        cleared["dir"], source=cleared["source"], policy=policy, registry=load_optout_registry(contracts)
    )
    assert not report.passed
    assert any("covered by the current opt-out registry" in p for p in report.problems)
    assert any("clear this dump again" in p for p in report.problems)


def test_verification_catches_a_reserved_document_slipped_into_the_cleared_file(cleared, policy):
    path = cleared["dir"] / "documents.parquet"
    table = pq.read_table(path)
    evidence = pq.read_table(cleared["dir"] / "optout_evidence.parquet")
    reserved_id = evidence.filter(evidence["reserves"])["doc_id"][0].as_py()
    forged = table.slice(0, 1).set_column(0, table.schema.field("doc_id"), pa.array([reserved_id]))
    pq.write_table(pa.concat_tables([table, forged]), path)
    report = verify_cleared(cleared["dir"], source=cleared["source"], policy=policy, registry=cleared["registry"])
    assert not report.passed
    assert reserved_id in report.examples


def test_a_missing_or_wrong_input_file_is_named(tmp_path, make_source, policy, contracts):
    registry = load_optout_registry(contracts)
    with pytest.raises(FileNotFoundError, match=r"redacted/documents.parquet: no redacted documents"):
        clear_dump(
            tmp_path / "redacted",
            tmp_path,
            tmp_path / "out",
            source=make_source(),
            policy=policy,
            registry=registry,
            contracts_dir=contracts,
        )
    (tmp_path / "redacted").mkdir()
    pq.write_table(pa.table({"doc_id": ["a"]}), tmp_path / "redacted" / "documents.parquet")
    with pytest.raises(
        ValueError, match=r"documents.parquet: not a redacted documents file: missing column\(s\) source_id"
    ):
        clear_dump(
            tmp_path / "redacted",
            tmp_path,
            tmp_path / "out",
            source=make_source(),
            policy=policy,
            registry=registry,
            contracts_dir=contracts,
        )


def test_crawler_metas_kept_by_ingest_are_honoured(tmp_path, write_redacted, contracts, make_source, policy, at):
    rows = write_redacted(
        tmp_path / "redacted",
        [
            doc("ccbot", retrieved_at=at(2024, 3, 1), metadata=json.dumps({"meta_robots_bots": {"ccbot": "noindex"}})),
            doc(
                "googlebot",
                retrieved_at=at(2024, 3, 1),
                metadata=json.dumps({"meta_robots_bots": {"googlebot": "noindex"}}),
            ),
        ],
    )
    out = tmp_path / "out"
    out.mkdir()
    clear_dump(
        tmp_path / "redacted",
        tmp_path / "no-documents",
        out,
        source=make_source(),
        policy=policy,
        registry=load_optout_registry(contracts),
        contracts_dir=contracts,
    )
    decisions = {r["doc_id"]: r for r in pq.read_table(out / "decisions.parquet").to_pylist()}
    assert (decisions[rows[0]["doc_id"]]["decision"], decisions[rows[0]["doc_id"]]["reason"]) == (
        "excluded",
        "meta_robots_noai",
    )
    assert decisions[rows[1]["doc_id"]]["decision"] == "include_with_attribution"
