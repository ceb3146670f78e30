"""Lineage of the real web archives and JSON exports (tests/fixtures/real): what a legal reader finds in DuckDB
about the records that are not documents, and about the dumps' notices."""

from __future__ import annotations

import shutil
from functools import partial
from pathlib import Path

import duckdb
import pytest

from provenance.contracts import load_sources
from provenance.dumps import discover_dumps
from provenance.ingest.run import ingest_dump
from provenance.lineage.build import build_lineage
from provenance.lineage.completeness import check_completeness
from provenance.workspace import Workspace, publish_stage

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"
SOURCES = (
    "ukwa-wget-crawl",
    "ukwa-heritrix-crawl",
    "commoncrawl-whirlwind",
    "pywb-wpull-crawl",
    "judilibre-search-results",
    "judilibre-decision",
)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    root = tmp_path_factory.mktemp("real-archives")
    home, contracts = root / "home", root / "contracts"
    for folder in ("warc", "json"):
        shutil.copytree(REAL / folder, home / folder)
    (contracts / "sources").mkdir(parents=True)
    for source_id in SOURCES:
        shutil.copy(REAL / "contracts" / "sources" / f"{source_id}.yaml", contracts / "sources")
    ws = Workspace(home=home.resolve(), contracts=contracts.resolve())
    sources = load_sources(ws.contracts)
    for dump in discover_dumps(ws.home, sources):
        publish_stage(ws.stage_dir("documents", dump.dump_id), partial(ingest_dump, dump, sources[dump.source_id]))
    build_lineage(ws)
    assert check_completeness(ws.lineage_db).ok, check_completeness(ws.lineage_db).describe()
    with duckdb.connect(str(ws.lineage_db), read_only=True) as connection:
        yield connection


def test_every_real_dump_adds_up_documents_quarantined_and_skipped(con):
    rows = con.execute("""SELECT source_id, records_seen, documents, quarantined_ingest, skipped, notices
                          FROM dumps ORDER BY source_id""").fetchall()
    assert rows == [
        ("commoncrawl-whirlwind", 4, 1, 0, 3, 0),
        ("judilibre-decision", 1, 1, 0, 0, 0),
        ("judilibre-search-results", 200, 70, 130, 0, 1),
        ("pywb-wpull-crawl", 4, 1, 0, 3, 0),
        ("ukwa-heritrix-crawl", 22, 2, 0, 20, 0),
        ("ukwa-wget-crawl", 35, 2, 0, 33, 0),
    ]
    assert all(seen == docs + quarantined + skipped for _, seen, docs, quarantined, skipped, _ in rows)


def test_wgets_own_records_are_in_skipped_never_in_documents(con):
    wget_own = dict(
        con.execute("""SELECT url, locator FROM skipped
                                   WHERE url LIKE 'metadata://%' AND reason = 'non_http_resource'""").fetchall()
    )
    base = "metadata://gnu.org/software/wget/warc/"
    assert sorted(wget_own) == [base + "MANIFEST.txt", base + "wget.log", base + "wget_arguments.txt"]
    # wget 1.14 gave the manifest and the arguments one WARC-Record-ID: two records, two locators
    assert wget_own[base + "wget_arguments.txt"] == wget_own[base + "MANIFEST.txt"] + "~2"
    assert con.execute("""SELECT count(*) FROM documents
                          WHERE source_id LIKE '%-crawl' AND NOT regexp_matches(url, '^https?://')""").fetchall() == [
        (0,)
    ]
    reasons = dict(
        con.execute("""SELECT reason, count(*) FROM skipped WHERE source_id = 'ukwa-wget-crawl'
                                  GROUP BY reason""").fetchall()
    )
    assert reasons == {
        "warc_warcinfo": 1,
        "warc_request": 16,
        "http_redirect": 9,
        "non_text_response": 4,
        "non_http_resource": 3,
    }


def test_the_records_view_lists_every_record_seen_with_its_outcome(con):
    per_outcome = dict(
        con.execute("""SELECT outcome, count(*) FROM records WHERE source_id = 'ukwa-heritrix-crawl'
                                      GROUP BY outcome""").fetchall()
    )
    assert per_outcome == {"held": 2, "skipped": 20}
    assert con.execute("SELECT outcome, reason FROM records WHERE url = 'dns:www.archive.org'").fetchall() == [
        ("skipped", "non_http_response")
    ]


def test_a_dumps_notices_are_in_ingest_notices(con):
    assert con.execute("SELECT source_id, locator, code FROM ingest_notices").fetchall() == [
        ("judilibre-search-results", "json/judilibre-cc-search-results.json", "json_several_record_arrays")
    ]
