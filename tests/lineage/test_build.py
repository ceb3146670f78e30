"""Building lineage.duckdb: the documented tables, no text or personal value, deterministic, safe for readers."""

import datetime as dt
import subprocess
import sys
import threading
from functools import partial

import duckdb
import pyarrow.parquet as pq
import pytest
from lineage_workspace import PLANTED_VALUES

from provenance.lineage.build import build_lineage
from provenance.lineage.completeness import check_completeness
from provenance.lineage.lock import LineageBusyError, writer_lock
from provenance.lineage.tables import RELATIONS
from provenance.workspace import publish_stage

BUILT_AT = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)


def test_every_table_and_view_has_exactly_the_documented_columns_with_comments(db):
    with duckdb.connect(str(db), read_only=True) as con:
        for relation in RELATIONS:
            columns = [
                r[0]
                for r in con.execute(
                    "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
                    [relation.name],
                ).fetchall()
            ]
            assert columns == relation.column_names, relation.name
        comments = dict(
            con.execute(
                "SELECT table_name, comment FROM duckdb_tables() UNION ALL "
                "SELECT view_name, comment FROM duckdb_views() WHERE NOT internal"
            ).fetchall()
        )
        assert all(comments[r.name] == r.description for r in RELATIONS)


def test_the_database_holds_no_text_and_no_detected_personal_value(db):
    with duckdb.connect(str(db), read_only=True) as con:
        assert not con.execute("SELECT * FROM duckdb_columns() WHERE column_name = 'text'").fetchall()
        string_columns = con.execute("""
            SELECT table_name, column_name FROM duckdb_columns()
            WHERE NOT internal AND (data_type = 'VARCHAR' OR data_type = 'VARCHAR[]')""").fetchall()
        assert string_columns
        for table, column in string_columns:
            for value in PLANTED_VALUES:
                hits = con.execute(
                    f'SELECT count(*) FROM "{table}" WHERE "{column}"::VARCHAR ILIKE ?', [f"%{value}%"]
                ).fetchall()[0][0]
                assert hits == 0, (table, column, value)


def test_same_workspace_gives_the_same_tables(ws_copy):
    def snapshot():
        build_lineage(ws_copy, built_at=BUILT_AT)
        with duckdb.connect(str(ws_copy.lineage_db), read_only=True) as con:
            return {
                r.name: con.execute(f'SELECT * FROM "{r.name}"').fetchall()
                for r in RELATIONS
                if r.name != "lineage_build"
            }

    assert snapshot() == snapshot()


def test_a_reader_holding_the_database_open_keeps_answering_during_and_after_a_rebuild(ws_copy):
    build_lineage(ws_copy)
    reader = duckdb.connect(str(ws_copy.lineage_db), read_only=True)
    before = reader.execute("SELECT count(*) FROM decisions").fetchall()[0][0]
    # A new dump arrives (its ingest quarantine is a new decision) and lineage is rebuilt under the reader.
    landing = ws_copy.home / "landing" / "wiki" / "pages-3.jsonl"
    landing.write_text(
        '{"id": "w-20", "text": "Grenoble est une commune."}\n{"id": "w-21", "text": ""}\n', encoding="utf-8"
    )
    from provenance.contracts import load_sources
    from provenance.dumps import discover_dumps
    from provenance.ingest.run import ingest_dump

    sources = load_sources(ws_copy.contracts)
    [dump] = [d for d in discover_dumps(ws_copy.home, sources) if d.dump_id == "wiki.pages-3"]
    publish_stage(ws_copy.stage_dir("documents", dump.dump_id), partial(ingest_dump, dump, sources["wiki"]))
    rebuilt = []
    thread = threading.Thread(target=lambda: rebuilt.append(build_lineage(ws_copy)))
    thread.start()
    while thread.is_alive():  # the reader keeps querying its snapshot while the build runs
        assert reader.execute("SELECT count(*) FROM decisions").fetchall()[0][0] == before
    thread.join()
    assert rebuilt and reader.execute("SELECT count(*) FROM decisions").fetchall()[0][0] == before
    assert reader.execute("SELECT count(*) FROM dumps WHERE dump_id = 'wiki.pages-3'").fetchall()[0][0] == 0
    # Another process connecting now sees the new snapshot, while this reader still holds the old one.
    count = subprocess.run(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=True); "
            "print(c.execute('SELECT count(*) FROM decisions').fetchall()[0][0])",
            str(ws_copy.lineage_db),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert int(count) == before + 1
    reader.close()
    with duckdb.connect(str(ws_copy.lineage_db), read_only=True) as fresh:
        assert fresh.execute("SELECT count(*) FROM decisions").fetchall()[0][0] == before + 1
        assert fresh.execute("SELECT held_at FROM dumps WHERE dump_id = 'wiki.pages-3'").fetchall() == [
            ("redacted_documents",)
        ]
    assert not [p for p in ws_copy.home.iterdir() if p.name.startswith(".lineage")]


def test_a_second_writer_waits_for_the_first_and_gives_up_with_a_clear_error(ws_copy):
    lock = ws_copy.lineage_db.with_name("lineage.duckdb.lock")
    with writer_lock(lock), pytest.raises(LineageBusyError, match=r"lineage.duckdb.lock: another lineage build"):
        build_lineage(ws_copy, lock_timeout=0.3)
    assert build_lineage(ws_copy).complete


def test_two_concurrent_builds_both_finish_and_leave_one_valid_database(ws_copy):
    results, errors = [], []

    def build():
        try:
            results.append(build_lineage(ws_copy))
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=build) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(results) == 2
    assert check_completeness(ws_copy.lineage_db).ok


def test_an_unreadable_stage_file_becomes_a_gap_naming_it_and_the_build_goes_on(ws_copy):
    target = ws_copy.stage_dir("redacted_documents", "tribune.articles").resolve() / "redactions.parquet"
    target.write_bytes(b"PAR1 this is not parquet")
    stats = build_lineage(ws_copy)
    assert [d for d, _, _ in stats.incomplete] == ["tribune.articles"]
    report = check_completeness(ws_copy.lineage_db)
    [account] = report.incomplete
    assert "redacted_documents/tribune.articles/redactions.parquet: not a readable Parquet file" in account.problems[0]


def test_documents_keep_metadata_not_the_stage_texts(db, planted):
    stage_columns = set(pq.read_schema(planted.ws.stage_dir("documents", "wiki.pages") / "documents.parquet").names)
    with duckdb.connect(str(db), read_only=True) as con:
        columns = {
            r[0]
            for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'documents'").fetchall()
        }
    assert "text" in stage_columns and "metadata" in stage_columns
    assert "text" not in columns and "metadata" not in columns


def test_stage_files_written_before_titles_and_person_name_policies_were_recorded_still_build(ws_copy):
    """A workspace redacted by an older stage: no title, person_names or redactions.field columns. Its documents
    are read with those columns null (never the ingested title), and every record is still accounted for."""
    folder = ws_copy.stage_dir("redacted_documents", "assemblee.seance-2024-03").resolve()
    for name, dropped in (
        ("documents.parquet", ["title", "person_names", "person_names_basis"]),
        ("redactions.parquet", ["field"]),
    ):
        table = pq.read_table(folder / name)
        pq.write_table(table.drop_columns(dropped), folder / name)
    stats = build_lineage(ws_copy)
    assert stats.complete, stats.incomplete
    with duckdb.connect(str(ws_copy.lineage_db), read_only=True) as con:
        older = con.execute("""SELECT count(*), count(title), count(person_names) FROM documents
                               WHERE dump_id = 'assemblee.seance-2024-03'""").fetchone()
        fields = con.execute("""SELECT DISTINCT field FROM redactions r JOIN documents d USING (doc_id)
                                WHERE d.dump_id = 'assemblee.seance-2024-03'""").fetchall()
        newer = con.execute(
            "SELECT count(*) = count(person_names) FROM documents WHERE dump_id = 'tribune.articles'"
        ).fetchone()
    assert older[0] > 0 and older[1:] == (0, 0)
    assert fields == [("text",)]
    assert newer == (True,)


def test_the_legal_guide_lists_every_table_and_column_as_the_code_defines_them():
    from pathlib import Path

    from provenance.lineage.tables import markdown

    guide = (Path(__file__).resolve().parents[2] / "docs" / "legal.md").read_text(encoding="utf-8")
    assert markdown() in guide, (
        "regenerate the tables section of docs/legal.md from provenance.lineage.tables.markdown()"
    )
