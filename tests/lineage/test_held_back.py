"""Everything held back, answered by name: `query held`, `query quarantined`, what `query excluded` says when it
shows none, and `query releases` with every stage's count under its own name."""

import csv
import io
import json
import re
from functools import partial

import duckdb
import pytest
from lineage_workspace import RELEASE_1, RELEASE_2
from typer.testing import CliRunner

from provenance.contracts import load_optout_registry, load_sources
from provenance.dumps import discover_dumps
from provenance.lineage import queries
from provenance.lineage.build import build_lineage
from provenance.lineage.cli import query_app
from provenance.lineage.held_back import holds
from provenance.rights.policy import LicencePolicy
from provenance.rights.stage import clear_dump
from provenance.workspace import publish_stage

runner = CliRunner()


def run(*args):
    return runner.invoke(query_app, [str(a) for a in args], catch_exceptions=False)


def test_held_lists_the_unknown_licence_waiting_for_review_and_the_dump_waiting_for_redaction(db, planted):
    rows = {r["record_id"]: r for r in queries.held(db).to_pylist()}
    unknown = planted.doc("wiki", "pages.jsonl:line=4")
    not_redacted = planted.doc("wiki", "pages-2.jsonl:line=1")
    assert set(rows) == {unknown, not_redacted}
    assert rows[unknown] | {"waits_for": None, "evidence_sha256": None} == {
        "record_id": unknown,
        "source_id": "wiki",
        "dump_id": "wiki.pages",
        "stage": "rights",
        "reason": "licence_unknown",
        "waits_for": None,
        "url": "https://encyclopedie.example.org/wiki/Saone",
        "locator": "landing/wiki/pages.jsonl:line=4",
        "detail": "not an SPDX expression, licence URL or known licence name",
        "evidence_sha256": None,
        "release_id": None,
    }
    assert "licence" in rows[unknown]["waits_for"] and re.fullmatch(r"[0-9a-f]{64}", rows[unknown]["evidence_sha256"])
    assert rows[not_redacted]["stage"] == "redacted_documents" and rows[not_redacted]["reason"] == "stage_not_run"
    assert rows[not_redacted]["waits_for"] == "the redaction stage to run for its dump"
    assert "wiki.pages-2" in rows[not_redacted]["detail"]


def test_quarantined_lists_the_records_ingest_rejected_with_locator_and_message(db, planted):
    rows = queries.quarantined(db).to_pylist()
    assert {r["record_id"] for r in rows} == planted.quarantined_records
    by_reason = {r["reason"]: r for r in rows}
    assert set(by_reason) == {"malformed_json", "empty_document"}
    assert by_reason["malformed_json"]["locator"] == "landing/assemblee/seance-2024-03.jsonl:line=4"
    assert by_reason["malformed_json"]["detail"].startswith("line 4: invalid JSON")
    assert all(r["stage"] == "ingest" and r["source_id"] == "assemblee" and r["evidence_sha256"] for r in rows)
    assert "waits_for" not in queries.quarantined(db).column_names


def test_filters_by_reason_stage_and_source_and_unknown_values_say_what_exists(db, planted):
    assert queries.quarantined(db, reason="empty_document").num_rows == 1
    assert queries.quarantined(db, stage="ingest", source="assemblee").num_rows == 2
    assert queries.held(db, stage="rights").column("reason").to_pylist() == ["licence_unknown"]
    assert queries.held(db, source="wiki", reason="stage_not_run").num_rows == 1
    # a known source or stage with nothing held back is an empty answer, not an error
    assert queries.held(db, source="tribune").num_rows == 0
    assert queries.quarantined(db, stage="certify").num_rows == 0
    with pytest.raises(queries.LineageQueryError, match=r"stage 'rigths' \(stages: ingest, redacted_documents, "):
        queries.held(db, stage="rigths")
    with pytest.raises(
        queries.LineageQueryError,
        match=r"reason 'licence_unknwn' \(reasons present: "
        r"licence_unknown, stage_not_run\)",
    ):
        queries.held(db, reason="licence_unknwn")
    with pytest.raises(queries.LineageQueryError, match=r"source 'nowhere' \(sources known: assemblee, gazette"):
        queries.quarantined(db, source="nowhere")


def test_held_back_accounts_for_every_held_and_quarantined_record_of_every_dump_once(db):
    with duckdb.connect(str(db), read_only=True) as con:
        per_dump = dict(con.execute("SELECT dump_id, held + quarantined FROM dumps").fetchall())
        listed = dict(con.execute("SELECT dump_id, count(*) FROM held_back GROUP BY dump_id").fetchall())
        assert con.execute("SELECT count(*) - count(DISTINCT record_id) FROM held_back").fetchone()[0] == 0
    assert listed == {d: n for d, n in per_dump.items() if n}


def test_held_and_quarantined_as_csv_and_json(db):
    result = run("held", "--source", "wiki", "--format", "csv", "--db", db)
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["reason"] for r in rows} == {"licence_unknown", "stage_not_run"} and all(r["waits_for"] for r in rows)
    result = run("quarantined", "--reason", "malformed_json", "-f", "json", "--db", db)
    [row] = json.loads(result.stdout)
    assert row["stage"] == "ingest" and row["locator"].endswith(":line=4")
    result = run("held", "--stage", "nowhere", "--db", db)
    assert result.exit_code == 1 and "(stages: ingest," in result.stderr


def test_excluded_showing_none_says_how_many_were_held_or_quarantined_instead(db):
    result = run("excluded", "--source", "assemblee", "--db", db)
    assert result.exit_code == 0
    assert "(no rows)" in result.stdout
    assert (
        "Held back from source assemblee: 0 held and 2 quarantined (1 empty_document, 1 malformed_json; "
        "provenance query quarantined --source assemblee)"
    ) in " ".join(result.stdout.split())
    # CSV stays a clean (empty) table for scripts; the note goes to stderr
    result = run("excluded", "--source", "wiki", "--reason", "robots_txt", "-f", "csv", "--db", db)
    assert result.stdout.splitlines()[1:] == []
    assert "2 held (1 licence_unknown, 1 stage_not_run; provenance query held --source wiki)" in result.stderr
    # when rows are shown, nothing more is said
    result = run("excluded", "--source", "wiki", "--db", db)
    assert "Held back" not in result.stdout + result.stderr


def test_releases_show_every_stage_count_by_name_as_the_manifest_and_the_lineage_agree(db):
    rows = {r["release_id"]: r for r in queries.releases(db).to_pylist()}
    first = rows[RELEASE_1]
    # release 1 read assemblee 03, gazette, tribune and wiki.pages: 6 + 11 + 2 + 5 records
    assert {
        k: first[k]
        for k in (
            "input_dumps",
            "records_seen",
            "documents",
            "ingest_quarantined",
            "skipped",
            "redaction_held",
            "rights_cleared",
            "rights_excluded",
            "rights_quarantined",
            "already_released",
            "duplicates",
            "certify_quarantined",
            "samples",
        )
    } == {
        "input_dumps": 4,
        "records_seen": 24,
        "documents": 18,
        "ingest_quarantined": 2,
        "skipped": 4,
        "redaction_held": 0,
        "rights_cleared": 8,
        "rights_excluded": 9,
        "rights_quarantined": 1,
        "already_released": 0,
        "duplicates": 1,
        "certify_quarantined": 0,
        "samples": 7,
    }
    assert rows[RELEASE_2]["records_seen"] == 26 and rows[RELEASE_2]["already_released"] == 8
    # the signed counts agree with the lineage's own accounting of the same dumps
    with duckdb.connect(str(db), read_only=True) as con:
        lineage = con.execute("""
            SELECT sum(records_seen), sum(quarantined_ingest), sum(skipped), sum(excluded), sum(quarantined_rights)
            FROM dumps WHERE dump_id IN ('assemblee.seance-2024-03', 'gazette.crawl-2024', 'tribune.articles',
                                         'wiki.pages')""").fetchone()
    assert tuple(int(n) for n in lineage) == (
        first["records_seen"],
        first["ingest_quarantined"],
        first["skipped"],
        first["rights_excluded"],
        first["rights_quarantined"],
    )


def test_releases_as_csv_name_each_stage(db):
    result = run("releases", "-f", "csv", "--db", db)
    header, *rows = list(csv.reader(io.StringIO(result.stdout)))
    assert {
        "records_seen",
        "ingest_quarantined",
        "skipped",
        "redaction_held",
        "rights_excluded",
        "rights_quarantined",
        "duplicates",
        "certify_quarantined",
        "samples",
    } <= set(header)
    assert "quarantined" not in header and len(rows) == 2


def test_pages_whose_site_files_were_never_captured_are_held_for_verification(ws_copy):
    # The assemblée's pages have URLs but no robots.txt capture: without `unverified: allow` they wait.
    contract = ws_copy.contracts / "sources" / "assemblee.yaml"
    contract.write_text(
        "\n".join(
            line for line in contract.read_text(encoding="utf-8").splitlines() if not line.startswith("unverified")
        )
        + "\n",
        encoding="utf-8",
    )
    sources = load_sources(ws_copy.contracts)
    [dump] = [d for d in discover_dumps(ws_copy.home, sources) if d.dump_id == "assemblee.seance-2024-03"]
    publish_stage(
        ws_copy.stage_dir("cleared_documents", dump.dump_id),
        partial(
            clear_dump,
            ws_copy.stage_dir("redacted_documents", dump.dump_id),
            ws_copy.stage_dir("documents", dump.dump_id),
            source=sources["assemblee"],
            policy=LicencePolicy.load(ws_copy.contracts),
            registry=load_optout_registry(ws_copy.contracts),
            contracts_dir=ws_copy.contracts,
            home=ws_copy.home,
        ),
    )
    build_lineage(ws_copy)
    held = queries.held(ws_copy.lineage_db, reason="rights_unverified").to_pylist()
    assert len(held) == 4 and {r["dump_id"] for r in held} == {dump.dump_id}
    wait = next(h.waits_for for h in holds() if h.reason == "rights_unverified")
    assert all(r["stage"] == "rights" and r["waits_for"] == wait and r["url"] and r["detail"] for r in held)
    assert queries.quarantined(ws_copy.lineage_db, source="assemblee").num_rows == 2  # still only ingest's


def test_a_database_built_before_held_back_existed_asks_for_a_rebuild(tmp_path, db):
    old = tmp_path / "lineage.duckdb"
    with duckdb.connect(str(old)) as con:
        con.execute(f"ATTACH '{db}' AS built (READ_ONLY)")
        con.execute("CREATE TABLE releases AS SELECT * FROM built.releases")
    result = run("held", "--db", old)
    assert result.exit_code == 1
    assert f"{old}: this lineage database lacks" in result.stderr and "provenance run" in result.stderr
    assert run("releases", "--db", old).exit_code == 1
