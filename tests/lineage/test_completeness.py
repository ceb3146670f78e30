"""Completeness: every record seen is a sample or a decision, and a record lost by any stage is caught."""

import shutil

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from lineage_workspace import RELEASE_1, RELEASE_2

from provenance.lineage.build import build_lineage
from provenance.lineage.completeness import check_completeness


def drop_rows(path, column: str, value: str) -> int:
    """Rewrite one stage file without the rows whose ``column`` equals ``value`` (as a lost write would)."""
    table = pq.read_table(path)
    kept = table.filter(pc.invert(pc.equal(table.column(column), value)))
    pq.write_table(kept, path)
    return table.num_rows - kept.num_rows


def stage_file(ws, stage: str, key: str, name: str):
    return ws.stage_dir(stage, key).resolve() / name


def test_the_built_workspace_accounts_for_every_record(planted, db):
    report = check_completeness(db)
    assert report.ok, report.describe()
    by_dump = {d.dump_id: d for d in report.dumps}
    assert all(d.records_seen == d.accounted and d.missing == 0 for d in report.dumps)
    assert report.records_seen == len(planted.documents) + len(planted.quarantined_records) + len(planted.skipped)
    assert by_dump["gazette.crawl-2024"].skipped == 4
    assert (by_dump["assemblee.seance-2024-03"].samples, by_dump["assemblee.seance-2024-03"].quarantined) == (4, 2)
    assert (by_dump["wiki.pages-2"].held, by_dump["wiki.pages-2"].held_at) == (1, "redacted_documents")
    assert "held until a stage runs: wiki.pages-2 1 at redacted_documents" in report.describe()


@pytest.mark.parametrize(
    "stage, key, name, column, pick, dump, named",
    [
        ("documents", "wiki.pages", "quarantine.parquet", "reason", None, "wiki.pages", 0),
        (
            "documents",
            "assemblee.seance-2024-03",
            "quarantine.parquet",
            "record_id",
            "a quarantined record",
            "assemblee.seance-2024-03",
            0,
        ),
        ("documents", "wiki.pages", "documents.parquet", "doc_id", ("wiki", "pages.jsonl:line=2"), "wiki.pages", 1),
        ("documents", "gazette.crawl-2024", "skipped.parquet", "reason", "warc_request", "gazette.crawl-2024", 0),
        (
            "redacted_documents",
            "gazette.crawl-2024",
            "documents.parquet",
            "doc_id",
            ("gazette", "000000000003>"),
            "gazette.crawl-2024",
            1,
        ),
        (
            "cleared_documents",
            "tribune.articles",
            "decisions.parquet",
            "doc_id",
            ("tribune", "articles.jsonl:line=1"),
            "tribune.articles",
            1,
        ),
        (
            "certified_release",
            RELEASE_1,
            "samples.parquet",
            "doc_id",
            ("assemblee", "seance-2024-03.jsonl:line=6"),
            "assemblee.seance-2024-03",
            1,
        ),
        ("certified_release", RELEASE_2, "decisions.parquet", "decision", "duplicate", "assemblee.seance-2024-04", 1),
    ],
    ids=[
        "ingest-quarantine-empty",
        "ingest-quarantine",
        "ingest-document",
        "ingest-skipped",
        "redacted-document",
        "rights-decision",
        "release-sample",
        "certify-duplicate",
    ],
)
def test_a_row_lost_from_any_stage_output_fails_completeness_naming_the_dump(
    planted, ws_copy, stage, key, name, column, pick, dump, named
):
    path = stage_file(ws_copy, stage, key, name)
    if pick is None:  # wiki.pages has no ingest quarantine: nothing to lose, still complete
        assert pq.read_metadata(path).num_rows == 0
        build_lineage(ws_copy)
        assert check_completeness(ws_copy.lineage_db).ok
        return
    if pick == "a quarantined record":
        value = sorted(planted.quarantined_records)[0]
    else:
        value = planted.doc(*pick) if isinstance(pick, tuple) else pick
    assert drop_rows(path, column, value) == 1
    stats = build_lineage(ws_copy)
    report = check_completeness(ws_copy.lineage_db)
    assert not report.ok and [d.dump_id for d in report.incomplete] == [dump]
    [account] = report.incomplete
    assert account.missing == 1 and account.missing_doc_ids == named
    assert f"dump {dump}: 1 of {account.records_seen} records unaccounted for" in report.describe()
    assert [d for d, _, _ in stats.incomplete] == [dump]


def test_without_any_release_cleared_documents_are_held_not_missing(ws_copy):
    shutil.rmtree(ws_copy.releases)
    shutil.rmtree(ws_copy.staging / "certified_release")
    build_lineage(ws_copy)
    report = check_completeness(ws_copy.lineage_db)
    assert report.ok, report.describe()
    held = {d.dump_id: (d.held, d.held_at) for d in report.dumps if d.held}
    assert held["assemblee.seance-2024-03"] == (4, "certified_release")
    assert held["wiki.pages"] == (3, "certified_release")


def test_a_cleared_dump_no_release_has_read_is_missing_once_a_release_exists(ws_copy):
    shutil.rmtree(ws_copy.releases / RELEASE_2)
    for link in (ws_copy.staging / "certified_release").iterdir():
        if link.name == RELEASE_2 or link.name.startswith(f".{RELEASE_2}."):
            (shutil.rmtree if link.is_dir() and not link.is_symlink() else lambda p: p.unlink())(link)
    build_lineage(ws_copy)
    report = check_completeness(ws_copy.lineage_db)
    [account] = report.incomplete
    assert account.dump_id == "assemblee.seance-2024-04" and account.missing == 2 and account.missing_doc_ids == 2
    assert "materialise certified_release" in account.problems[0]


def test_a_sample_whose_document_lineage_is_gone_makes_its_dump_incomplete(ws_copy):
    shutil.rmtree(ws_copy.stage_dir("documents", "gazette.crawl-2024").resolve())
    build_lineage(ws_copy)
    report = check_completeness(ws_copy.lineage_db)
    [account] = report.incomplete
    assert account.dump_id == "gazette.crawl-2024"
    assert any("has no document in staging/documents" in p for p in account.problems)


def test_an_unreadable_release_file_is_named_and_its_samples_count_as_missing(ws_copy):
    target = stage_file(ws_copy, "certified_release", RELEASE_2, "samples.parquet")
    target.write_bytes(b"not parquet at all")
    build_lineage(ws_copy)
    report = check_completeness(ws_copy.lineage_db)
    assert not report.ok
    assert [d.dump_id for d in report.incomplete] == ["assemblee.seance-2024-04"]
    assert report.release_problems == [
        f"release {RELEASE_2}: {ws_copy.stage_dir('certified_release', RELEASE_2) / 'samples.parquet'}: "
        "not a readable Parquet file (ArrowInvalid)"
    ]
    assert report.describe().endswith(report.release_problems[0])


def test_skipped_records_are_lineage_rows_and_records_seen_adds_up_in_duckdb(planted, db):
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT record_id, locator, reason FROM skipped").fetchall()
        skipped = {record: (locator, reason) for record, locator, reason in rows}
        assert skipped == planted.skipped
        assert con.execute("""SELECT count(*) FROM dumps
                              WHERE records_seen <> documents + quarantined_ingest + skipped""").fetchall() == [(0,)]
        assert con.execute("SELECT skipped, notices FROM dumps WHERE dump_id = 'gazette.crawl-2024'").fetchall() == [
            (4, 0)
        ]
        # the legal reader's one list of every record seen names them too
        assert con.execute(
            "SELECT count(*) FROM records WHERE outcome = 'skipped' AND outcome_stage = 'ingest'"
        ).fetchall() == [(4,)]
        assert con.execute("SELECT url FROM records WHERE reason = 'non_http_resource'").fetchall() == [
            ("metadata://gnu.org/software/wget/warc/wget.log",)
        ]


def test_a_lost_skipped_file_is_caught_but_an_output_from_before_skipped_files_is_complete(ws_copy):
    folder = stage_file(ws_copy, "documents", "gazette.crawl-2024", "skipped.parquet").parent
    (folder / "skipped.parquet").unlink()
    build_lineage(ws_copy)
    [account] = check_completeness(ws_copy.lineage_db).incomplete
    assert (account.dump_id, account.missing) == ("gazette.crawl-2024", 4)
    assert "neither documents nor quarantined nor skipped" in account.problems[0]

    # An ingest output written before skipped records were counted: no skipped file, records seen without them.
    import json

    stats = json.loads((folder / "_stats.json").read_text())
    stats["records_seen"] -= 4
    (folder / "_stats.json").write_text(json.dumps(stats))
    (folder / "notices.parquet").unlink()
    build_lineage(ws_copy)
    assert check_completeness(ws_copy.lineage_db).ok
