"""A dump whose ingest failed is in lineage as failed; staging left by a dump removed from landing/ is not counted.

Both are built on a private copy of the session's workspace, as a steward would meet them: a dump whose reader
raised (its note written by the `documents` asset), and a dump file deleted from landing/ after it was ingested.
"""

import datetime as dt
import json

import duckdb
import pytest

from provenance.contracts import load_sources
from provenance.dumps import discover_dumps
from provenance.ingest.failures import clear_failure, failure_notes, one_line_cause, record_failure
from provenance.layout import INGEST
from provenance.lineage.build import build_lineage
from provenance.lineage.completeness import check_completeness

WHEN = dt.datetime(2024, 6, 1, 12, 0, tzinfo=dt.UTC)


def dump_of(ws, dump_id: str):
    (dump,) = [d for d in discover_dumps(ws.home, load_sources(ws.contracts)) if d.dump_id == dump_id]
    return dump


def raised(exc: Exception) -> Exception:
    try:
        raise exc
    except Exception as caught:
        return caught


def test_a_new_dump_whose_ingest_failed_is_a_failed_dump_and_lineage_is_not_complete(ws_copy):
    path = ws_copy.home / "landing/tribune/articles-2.jsonl"
    path.write_text('{"id": "t-9", "text": "Tribune."}\n', encoding="utf-8")
    dump = dump_of(ws_copy, "tribune.articles-2")
    # The message could quote the dump (here: a value that must never reach lineage).
    record_failure(ws_copy, INGEST, dump, raised(ValueError("jean.dupont@example.org is odd")), WHEN)

    build_lineage(ws_copy)
    report = check_completeness(ws_copy.lineage_db)
    assert not report.ok and [d.dump_id for d in report.incomplete] == ["tribune.articles-2"]
    described = report.describe()
    assert described.startswith("dump tribune.articles-2: documents failed for landing/tribune/articles-2.jsonl at ")
    assert "ValueError raised in test_failed_and_stale_dumps.py:" in described
    with duckdb.connect(str(ws_copy.lineage_db), read_only=True) as con:
        rows = con.execute("SELECT dump_id, source_id, path, stage, cause, failed_at FROM failed_dumps").fetchall()
        everything = str(con.execute("SELECT * FROM gaps").fetchall()) + str(rows)
    assert rows == [
        (
            "tribune.articles-2",
            "tribune",
            "landing/tribune/articles-2.jsonl",
            "documents",
            rows[0][4],
            WHEN.isoformat(),
        )
    ]
    assert rows[0][4].startswith("ValueError raised in ")
    assert "dupont" not in everything


def test_a_later_success_clears_the_failure(ws_copy):
    dump = dump_of(ws_copy, "tribune.articles")
    record_failure(ws_copy, INGEST, dump, raised(OSError(28, "No space left on device")), WHEN)
    (note,) = failure_notes(ws_copy)[0]
    assert note.cause.startswith("OSError (No space left on device) raised in ")
    build_lineage(ws_copy)
    assert [d.dump_id for d in check_completeness(ws_copy.lineage_db).incomplete] == ["tribune.articles"]

    clear_failure(ws_copy, INGEST, dump.dump_id)
    build_lineage(ws_copy)
    assert check_completeness(ws_copy.lineage_db).ok


def test_an_unreadable_failure_note_is_a_problem_of_its_dump(ws_copy):
    dump = dump_of(ws_copy, "tribune.articles")
    record_failure(ws_copy, INGEST, dump, raised(RuntimeError("x")), WHEN)
    note = ws_copy.staging / "failed/documents/tribune.articles.json"
    note.write_text("{not json", encoding="utf-8")
    build_lineage(ws_copy)
    report = check_completeness(ws_copy.lineage_db)
    assert [d.dump_id for d in report.incomplete] == ["tribune.articles"]
    assert "failure note cannot be read" in report.describe()


def test_the_cause_never_holds_the_message():
    cause = one_line_cause(raised(KeyError("claire.martin@example.fr")))
    assert cause.startswith("KeyError raised in ") and "claire" not in cause


def test_staging_of_a_dump_removed_from_landing_is_reported_not_counted_and_kept(ws_copy):
    before = check_completeness_after_build(ws_copy)
    assert "wiki.pages-2" in before
    (ws_copy.home / "landing/wiki/pages-2.jsonl").unlink()

    after = check_completeness_after_build(ws_copy)
    assert "wiki.pages-2" not in after
    report = check_completeness(ws_copy.lineage_db)
    assert report.ok, report.describe()
    with duckdb.connect(str(ws_copy.lineage_db), read_only=True) as con:
        stale = con.execute("SELECT dump_id, stage, folder FROM stale_staging").fetchall()
        docs = con.execute("SELECT count(*) FROM documents WHERE dump_id = 'wiki.pages-2'").fetchone()
    assert stale == [("wiki.pages-2", "documents", str(ws_copy.stage_dir("documents", "wiki.pages-2")))]
    assert docs == (0,)
    assert ws_copy.stage_dir("documents", "wiki.pages-2").is_dir()  # the steward's to remove, never removed here


def test_a_released_dump_removed_from_landing_stays_traceable(ws_copy):
    (ws_copy.home / "landing/wiki/pages.jsonl").unlink()
    check_completeness_after_build(ws_copy)
    report = check_completeness(ws_copy.lineage_db)
    assert report.ok, report.describe()
    with duckdb.connect(str(ws_copy.lineage_db), read_only=True) as con:
        row = con.execute("SELECT path, samples > 0 FROM dumps WHERE dump_id = 'wiki.pages'").fetchone()
        stale = con.execute("SELECT count(*) FROM stale_staging").fetchone()
    assert row == (None, True) and stale == (0,)


@pytest.mark.parametrize("broken", ["contracts"])
def test_nothing_is_set_aside_when_the_contracts_cannot_be_read(ws_copy, broken):
    (ws_copy.home / "landing/wiki/pages-2.jsonl").unlink()
    for contract in ws_copy.contracts.glob("sources/*.yaml"):
        contract.write_text("id: [unclosed", encoding="utf-8")
    assert "wiki.pages-2" in check_completeness_after_build(ws_copy)


def check_completeness_after_build(ws) -> set[str]:
    """The dump ids of the lineage's dumps table after a build."""
    build_lineage(ws)
    return {d.dump_id for d in check_completeness(ws.lineage_db).dumps}


def test_a_failure_note_of_a_dump_no_longer_in_landing_is_ignored(ws_copy):
    dump = dump_of(ws_copy, "wiki.pages-2")
    record_failure(ws_copy, INGEST, dump, raised(RuntimeError("x")), WHEN)
    (ws_copy.home / "landing/wiki/pages-2.jsonl").unlink()
    assert json.loads((ws_copy.staging / "failed/documents/wiki.pages-2.json").read_text())["dump_id"]
    build_lineage(ws_copy)
    assert check_completeness(ws_copy.lineage_db).ok


def test_the_documents_asset_leaves_a_failure_note_when_ingest_raises_and_clears_it_on_success(ws_copy, monkeypatch):
    import dagster as dg

    from dagster_defs import ingest
    from dagster_defs.ingest import documents
    from dagster_defs.resources import ProvenanceResource

    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("dumps", ["tribune.articles"])
    resource = ProvenanceResource(home=str(ws_copy.home), contracts=str(ws_copy.contracts))
    real = ingest.ingest_dump

    def disk_full(dump, source, folder):
        real(dump, source, folder)
        raise OSError(28, "No space left on device")  # what escapes every reader: the disk, not the data

    monkeypatch.setattr(ingest, "ingest_dump", disk_full)
    materialise = dict(partition_key="tribune.articles", instance=instance, resources={"provenance": resource})
    assert not dg.materialize([documents], raise_on_error=False, **materialise).success
    (note,) = failure_notes(ws_copy)[0]
    assert (note.dump_id, note.stage, note.path) == ("tribune.articles", "documents", "landing/tribune/articles.jsonl")
    assert note.cause.startswith("OSError (No space left on device) raised in ")
    build_lineage(ws_copy)
    assert [d.dump_id for d in check_completeness(ws_copy.lineage_db).incomplete] == ["tribune.articles"]

    monkeypatch.setattr(ingest, "ingest_dump", real)
    assert dg.materialize([documents], **materialise).success
    assert failure_notes(ws_copy) == ([], [])
    build_lineage(ws_copy)
    assert check_completeness(ws_copy.lineage_db).ok


def test_a_dump_whose_redaction_raises_is_a_failed_dump_until_its_redaction_succeeds(ws_copy, tmp_path):
    import dagster as dg
    from lineage_workspace import PII_KEY

    from dagster_defs.pii import redacted_documents
    from dagster_defs.resources import ProvenanceResource

    key = tmp_path / "pii.key"
    key.write_bytes(PII_KEY[:8])  # a key cut short: redaction refuses it (before anything is published)
    key.chmod(0o600)
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("dumps", ["tribune.articles"])
    resource = ProvenanceResource(home=str(ws_copy.home), contracts=str(ws_copy.contracts), pii_key=str(key))
    materialise = dict(partition_key="tribune.articles", instance=instance, resources={"provenance": resource})

    assert not dg.materialize([redacted_documents], raise_on_error=False, **materialise).success
    (note,) = failure_notes(ws_copy)[0]
    assert (note.dump_id, note.stage) == ("tribune.articles", "redacted_documents")
    assert note.cause.startswith("PiiKeyError raised in provenance/pii/keys.py:")
    build_lineage(ws_copy)
    report = check_completeness(ws_copy.lineage_db)
    assert [d.dump_id for d in report.incomplete] == ["tribune.articles"]
    assert "dump tribune.articles: redacted_documents failed for landing/tribune/articles.jsonl" in report.describe()
    with duckdb.connect(str(ws_copy.lineage_db), read_only=True) as con:
        rows = con.execute("SELECT dump_id, stage FROM failed_dumps").fetchall()
    assert rows == [("tribune.articles", "redacted_documents")]

    key.write_bytes(PII_KEY)
    assert dg.materialize([redacted_documents], **materialise).success
    assert failure_notes(ws_copy) == ([], [])
    build_lineage(ws_copy)
    report = check_completeness(ws_copy.lineage_db)
    assert report.ok, report.describe()
