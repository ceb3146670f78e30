"""The named legal questions, answered on a workspace whose every outcome is known by construction."""

import duckdb
import pytest
from lineage_workspace import PII_KEY, RELEASE_1, RELEASE_2

from provenance.lineage import queries
from provenance.lineage.database import LineageDatabaseError


def sample_of(db, doc_id: str) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT sample_id FROM samples WHERE doc_id = ?", [doc_id]).fetchall()[0][0]


def test_every_document_has_the_outcome_planted_in_it(planted, db):
    with duckdb.connect(str(db), read_only=True) as con:
        got = {
            r[0]: (r[1], r[2]) for r in con.execute("SELECT doc_id, outcome, outcome_reason FROM documents").fetchall()
        }
    assert set(got) == set(planted.documents)
    for doc_id, (source, locator, outcome, reason) in planted.documents.items():
        assert got[doc_id][0] == outcome, (source, locator, got[doc_id])
        if reason:
            assert got[doc_id][1] == reason, (source, locator, got[doc_id])


def test_sample_story_traces_a_sample_to_its_dump_licence_signals_redactions_and_signed_release(planted, db):
    doc_id = planted.doc("gazette", "000000000001>")
    story = queries.sample(db, sample_of(db, doc_id))
    f = story.facts
    assert f["doc_id"] == doc_id and f["release_id"] == RELEASE_1
    assert f["dump_id"] == "gazette.crawl-2024" and f["dump_path"] == "landing/gazette/crawl-2024.warc.gz"
    assert f["locator"] == planted.documents[doc_id][1]
    assert f["url"] == "https://www.gazette-rhone.example.fr/actualites/budget-villeurbanne.html"
    # The page states no licence: the contract's CC BY 4.0 applies, and the story says so.
    assert (f["licence"], f["licence_source"], f["licence_declared"]) == ("CC-BY-4.0", "contract", None)
    assert '"source":"contract"' in f["licence_evidence"]
    assert f["attribution"] and "Budget 2024 adopté à Villeurbanne" in f["attribution"]
    assert f["rights_holder"] == "Éditions du Rhône"
    # Signed release facts, straight from the manifest.
    assert f["signature_valid"] is True and len(f["manifest_sha256"]) == 64 and len(f["shard_sha256"]) == 64
    assert f["shard"].startswith("shards/shard-")
    # Every signal the rights stage checked is listed, the robots.txt one with the capture it read.
    signals = {r["signal"]: r for r in story.sections["optout_signals"].to_pylist()}
    assert {"optout_registry", "tdm_header", "robots_txt", "x_robots_tag", "meta_robots"} <= set(signals)
    assert not any(r["reserves"] for r in signals.values())
    assert signals["robots_txt"]["status"] == "not_reserved"
    assert signals["robots_txt"]["capture_locator"].endswith("000000000000>")
    # Redactions by type, counts only.
    redactions = {r["entity_type"]: r["spans"] for r in story.sections["redactions"].to_pylist()}
    assert redactions == {"PERSON": 1, "PHONE_NUMBER": 1}
    assert "value_hmac" not in story.sections["redactions"].column_names


def test_sample_story_of_an_unknown_id_says_so(db):
    with pytest.raises(queries.LineageQueryError, match="no sample 'ffffffffffffffffffffffffffffffff'"):
        queries.sample(db, "f" * 32)


def test_document_by_url_shows_the_robots_rule_that_excluded_it(db):
    [story] = queries.document(db, "https://www.gazette-rhone.example.fr/dossiers/enquete-logement.html")
    assert (story.facts["outcome"], story.facts["outcome_reason"]) == ("excluded", "robots_txt")
    robots = next(r for r in story.sections["optout_signals"].to_pylist() if r["signal"] == "robots_txt")
    assert robots["reserves"] and robots["rule"] == "Disallow: /dossiers/"
    assert "GPTBot" in robots["detail"]
    assert story.sections["samples"].num_rows == 0
    [rights] = [d for d in story.sections["decisions"].to_pylist() if d["stage"] == "rights"]
    assert rights["decision"] == "excluded" and "Disallow: /dossiers/" in rights["deciding_detail"]


def test_document_by_id_lists_its_samples_in_every_release(planted, db):
    doc_id = planted.doc("assemblee", "seance-2024-03.jsonl:line=6")
    [story] = queries.document(db, doc_id)
    assert story.facts["outcome"] == "sample"
    assert story.sections["samples"].column("release_id").to_pylist() == [RELEASE_1]


def test_a_quarantined_record_is_found_by_its_id_with_the_ingest_reason(planted, db):
    record = sorted(planted.quarantined_records)[0]
    [story] = queries.document(db, record)
    assert story.facts["outcome"] == "quarantined" and story.facts["outcome_stage"] == "ingest"
    [decision] = story.sections["decisions"].to_pylist()
    assert decision["stage"] == "ingest" and decision["reason"]


def test_a_url_or_id_that_names_only_skipped_records_answers_with_them_and_their_reason(planted, db):
    [story] = queries.document(db, "metadata://gnu.org/software/wget/warc/wget.log")
    assert (story.facts["outcome"], story.facts["reason"]) == ("skipped", "non_http_resource")
    record = next(r for r, (_, reason) in planted.skipped.items() if reason == "warc_request")
    [story] = queries.document(db, record)
    assert story.facts["outcome"] == "skipped" and story.facts["locator"] == planted.skipped[record][0]


def test_document_unknown_url_says_so(db):
    with pytest.raises(queries.LineageQueryError, match="no document with URL"):
        queries.document(db, "https://nowhere.example/")


def test_excluded_lists_every_rights_exclusion_with_registry_entry_and_reference(planted, db):
    table = queries.excluded(db)
    expected = {d for d, (_, _, o, _) in planted.documents.items() if o == "excluded"}
    assert set(table.column("doc_id").to_pylist()) == expected
    optouts = queries.excluded(db, reason="optout_registry").to_pylist()
    assert {(r["source_id"], r["entry_id"], r["reference"]) for r in optouts} == {
        ("tribune", "OPT-2", "formulaire TDM 2023-042"),
        ("gazette", "OPT-1", "lettre recommandée 2024-117"),
        ("gazette", "OPT-3", "courriel du 2024-05-30"),
    }
    assert sum(r["source_id"] == "tribune" for r in optouts) == 2
    assert queries.excluded(db, reason="optout_registry", source="tribune").num_rows == 2


def test_excluded_with_an_unknown_reason_names_the_reasons_present(db):
    with pytest.raises(queries.LineageQueryError, match=r"reasons present: .*robots_txt"):
        queries.excluded(db, reason="robot")


def test_licences_of_a_release_count_samples_per_licence(db):
    rows = {r["licence"]: r for r in queries.licences(db, RELEASE_1).to_pylist()}
    assert {k: v["samples"] for k, v in rows.items()} == {
        "etalab-2.0": 4,
        "CC-BY-4.0": 1,
        "CC-BY-SA-4.0": 1,
        "CC0-1.0": 1,
    }
    assert (
        rows["CC-BY-SA-4.0"]["share_alike"] is True and rows["CC-BY-SA-4.0"]["decision"] == "include_with_share_alike"
    )
    assert rows["etalab-2.0"]["licence_class"] == "attribution"
    assert abs(sum(r["share"] for r in rows.values()) - 1) < 1e-6
    assert [r["licence"] for r in queries.licences(db, RELEASE_2).to_pylist()] == ["etalab-2.0"]


def test_attribution_list_credits_every_cc_by_and_licence_ouverte_sample_once(db):
    rows = queries.attribution(db, RELEASE_1).to_pylist()
    by_licence = {}
    for r in rows:
        by_licence[r["licence"]] = by_licence.get(r["licence"], 0) + r["samples"]
    # CC0 needs no credit; Licence Ouverte (4 samples), CC BY and CC BY-SA do.
    assert by_licence == {"etalab-2.0": 4, "CC-BY-4.0": 1, "CC-BY-SA-4.0": 1}
    assert len({r["attribution"] for r in rows}) == len(rows)
    ouverte = [r for r in rows if r["licence"] == "etalab-2.0"]
    assert all("Assemblée nationale" in r["attribution"] and "Licence Ouverte" in r["attribution"] for r in ouverte)
    assert [r["source_id"] for r in rows] == sorted(r["source_id"] for r in rows)


def test_unknown_release_names_the_known_ones(db):
    with pytest.raises(queries.LineageQueryError, match=f"no release '2099' \\(releases: {RELEASE_1}, {RELEASE_2}\\)"):
        queries.attribution(db, "2099")


def test_releases_list_manifest_facts_oldest_first(db):
    rows = queries.releases(db).to_pylist()
    assert [r["release_id"] for r in rows] == [RELEASE_1, RELEASE_2]
    assert [r["samples"] for r in rows] == [7, 1]
    assert rows[1]["earlier_releases"] == [RELEASE_1] and rows[1]["duplicates"] == 1
    assert all(r["signature_valid"] for r in rows)


def test_rights_holder_shows_sources_exclusions_and_opt_outs_accent_and_case_blind(db):
    story = queries.rights_holder(db, "tribune media")
    assert story.facts["sources"] == ["tribune"] and story.facts["excluded"] == 2 and story.facts["samples"] == 0
    [optout] = story.sections["optouts"].to_pylist()
    assert (optout["entry_id"], optout["reference"], optout["documents_excluded"]) == (
        "OPT-2",
        "formulaire TDM 2023-042",
        2,
    )
    gazette = queries.rights_holder(db, "EDITIONS DU RHONE")
    assert gazette.facts["rights_holders"] == ["Éditions du Rhône"]
    reasons: dict[str, int] = {}
    for r in gazette.sections["exclusions"].to_pylist():
        reasons[r["reason"]] = reasons.get(r["reason"], 0) + r["documents"]
    assert reasons == {
        "robots_txt": 1,
        "tdm_reservation": 1,
        "optout_registry": 2,
        "x_robots_noai": 1,
        "licence_excluded": 1,
    }
    assert {r["entry_id"] for r in gazette.sections["optouts"].to_pylist()} == {"OPT-1", "OPT-3"}
    with pytest.raises(queries.LineageQueryError, match=r"rights holders: .*Assemblée nationale"):
        queries.rights_holder(db, "Nobody Press")


def test_person_finds_exactly_the_documents_where_the_name_was_redacted(planted, db):
    found = queries.person(db, "Jean Dupont", PII_KEY).to_pylist()
    full = {r["doc_id"] for r in found if r["match"] == "full_name"}
    surname = {r["doc_id"] for r in found if r["match"] == "surname"}
    assert full == planted.dupont_full
    assert surname == planted.dupont_surname
    excluded_one = planted.doc("gazette", "000000000002>")
    assert [r["outcome"] for r in found if r["doc_id"] == excluded_one] == ["excluded"]
    published = [r for r in found if r["outcome"] == "sample"]
    assert published and all(r["sample_ids"] for r in published)
    # Case, accents and spacing of the request do not matter; the wrong key finds nothing.
    assert {r["doc_id"] for r in queries.person(db, "  JEAN   dupont ", PII_KEY).to_pylist()} == full | surname
    assert queries.person(db, "Jean Dupont", b"another-key-of-sufficient-length").num_rows == 0
    assert queries.person(db, "Marguerite Yourcenar", PII_KEY).num_rows == 0


def test_person_result_never_echoes_the_name(db):
    table = queries.person(db, "Jean Dupont", PII_KEY)
    assert "Dupont" not in str(table.to_pylist())


def test_queries_on_a_missing_database_say_how_to_build_it(tmp_path):
    with pytest.raises(LineageDatabaseError, match="no lineage database here"):
        queries.releases(tmp_path / "lineage.duckdb")
