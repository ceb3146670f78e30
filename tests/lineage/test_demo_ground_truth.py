"""Lineage of the demo data, run through every real stage, checked against the generator's ground truth."""

import hashlib
import re
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from lineage_workspace import PII_KEY, build_demo_workspace
from rich.console import Console

from provenance.lineage import queries
from provenance.lineage.build import build_lineage
from provenance.lineage.completeness import check_completeness
from provenance.lineage.demo import demo_answers
from provenance_demo.ground_truth import GROUND_TRUTH_FILE, load_ground_truth

DEMO_DOCS, DEMO_SEED = 60, 7
#: ground-truth reservation signal -> the rights signal that records it in optout_evidence
SIGNAL = {
    "registry_domain": "optout_registry",
    "registry_url_prefix": "optout_registry",
    "registry_rights_holder": "optout_registry",
    "registry_author": "optout_registry",
    "registry_fingerprint": "optout_registry",
}
ATTRIBUTION_LICENCES = {"CC-BY-4.0", "CC-BY-SA-4.0", "etalab-2.0", "LicenseRef-Licence-Ouverte-1.0"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory, redactor):
    ws = build_demo_workspace(tmp_path_factory.mktemp("lineage-demo"), DEMO_DOCS, DEMO_SEED, redactor)
    build_lineage(ws)
    return ws, load_ground_truth(ws.home / GROUND_TRUTH_FILE)


@pytest.fixture(scope="module")
def con(demo):
    ws, _ = demo
    with duckdb.connect(str(ws.lineage_db), read_only=True) as con:
        yield con


def test_every_demo_record_is_accounted_for_per_dump(demo):
    ws, truth = demo
    report = check_completeness(ws.lineage_db)
    assert report.ok, report.describe()
    # records seen = the planted records (documents and quarantined) + the records planted to be skipped
    seen = Counter(r.dump_relpath for r in truth.records) + Counter(s["dump_relpath"] for s in truth.skipped)
    with duckdb.connect(str(ws.lineage_db), read_only=True) as con:
        paths = dict(con.execute("SELECT dump_id, path FROM dumps").fetchall())
    assert {paths[d.dump_id]: d.records_seen for d in report.dumps} == dict(seen)
    assert sum(d.skipped for d in report.dumps) == len(truth.skipped) > 0


def test_every_planted_non_document_is_in_skipped_with_its_reason_and_in_records(demo, con):
    _, truth = demo
    skipped = con.execute("SELECT locator, reason FROM skipped ORDER BY locator").fetchall()
    assert skipped == sorted((s["locator"], s["reason"]) for s in truth.skipped)
    outcomes = con.execute("SELECT outcome, count(*) FROM records WHERE outcome = 'skipped' GROUP BY ALL").fetchall()
    assert outcomes == [("skipped", len(truth.skipped))]
    per_dump = con.execute("""
        SELECT count(*) FROM dumps d
        WHERE d.records_seen <> d.documents + d.quarantined_ingest + d.skipped""").fetchall()[0][0]
    assert per_dump == 0


def test_every_planted_reservation_shows_in_excluded_with_its_evidence(demo, con):
    _ws, truth = demo
    excluded = {r["doc_id"]: r for r in queries.excluded(con).to_pylist()}
    planted = [r for r in truth.records if r.expect == "document" and r.reserved]
    assert planted
    for record in planted:
        assert record.record_id in excluded, (record.source_id, record.locator)
        reserving = con.execute(
            "SELECT signal, entry_id FROM optout_evidence WHERE doc_id = ? AND reserves", [record.record_id]
        ).fetchall()
        for reservation in (r for r in record.reservations if r.effective):
            signal = SIGNAL.get(reservation.signal, reservation.signal)
            found = [
                (s, e) for s, e in reserving if s == signal or (signal == "content_usage" and "content_usage" in s)
            ]
            assert found, (record.locator, reservation)
            if signal == "optout_registry":
                assert (signal, reservation.detail) in found
    # The stored evidence is the evidence its digest commits to.
    for doc_id, evidence, digest in con.execute(
        "SELECT doc_id, evidence, evidence_sha256 FROM decisions WHERE stage = 'rights'"
    ).fetchall():
        assert hashlib.sha256(evidence.encode("utf-8")).hexdigest() == digest, doc_id


def test_an_attribution_row_exists_for_each_cc_by_and_licence_ouverte_sample(demo, con):
    _ws, truth = demo
    expected = {r.record_id: r.licence_expected for r in truth.records}
    samples = con.execute(
        "SELECT doc_id, source_id, licence, attribution FROM samples WHERE release_id = 'demo-1'"
    ).fetchall()
    owed = [s for s in samples if s[2] in ATTRIBUTION_LICENCES]
    assert owed and all(expected[doc_id] == licence for doc_id, _, licence, _ in owed)
    credits = {
        (r["source_id"], r["licence"], r["attribution"]): r["samples"]
        for r in queries.attribution(con, "demo-1").to_pylist()
    }
    for doc_id, source_id, licence, attribution in owed:
        assert attribution and (source_id, licence, attribution) in credits, doc_id
    assert sum(credits.values()) == sum(1 for s in samples if s[3])


def test_person_finds_exactly_the_documents_where_a_planted_name_was_redacted(demo, con):
    _ws, truth = demo
    names = Counter(
        p.value
        for r in truth.records
        for p in r.pii
        if p.entity_type == "PERSON" and p.start is not None and len(p.value.split()) >= 2
    )
    name = sorted(names, key=lambda n: (-names[n], n))[0]
    spans = {
        (r.record_id, p.start, p.end) for r in truth.records for p in r.pii if p.value == name and p.start is not None
    }
    redacted = {
        (d, s, e)
        for d, s, e in con.execute(
            "SELECT doc_id, start, \"end\" FROM redactions WHERE entity_type = 'PERSON'"
        ).fetchall()
    }
    expected = {doc_id for doc_id, s, e in spans & redacted}
    assert expected, "the PII stage redacted none of the planted occurrences"
    found = queries.person(con, name, PII_KEY).to_pylist()
    full = {r["doc_id"] for r in found if r["match"] == "full_name"}
    with_offsets = {doc_id for doc_id, _, _ in spans}
    assert full & with_offsets == expected
    planted_in = {r.record_id for r in truth.records if any(p.value == name for p in r.pii)}
    assert full <= planted_in


def test_demo_answers_print_releases_a_sample_story_exclusions_and_credits(demo):
    ws, _ = demo
    console = Console(record=True, width=160)
    demo_answers(ws, console)
    out = console.export_text()
    for expected in (
        "$ provenance query releases",
        "demo-1",
        "$ provenance query sample",
        "optout signals",
        "$ provenance query excluded",
        "$ provenance query attribution demo-1",
        "are accounted for",
        "duckdb -readonly",
    ):
        assert expected in out


def test_demo_answers_without_a_database_say_so(tmp_path):
    from provenance.workspace import Workspace

    console = Console(record=True, width=160)
    demo_answers(Workspace(home=Path(tmp_path), contracts=Path(tmp_path)), console)
    assert "no lineage database here" in console.export_text()


def test_every_sql_example_in_the_legal_guides_runs_on_the_demo_lineage(con):
    root = Path(__file__).resolve().parents[2]
    guide = "".join((root / name).read_text(encoding="utf-8") for name in ("README.md", "docs/legal.md"))
    blocks = re.findall(r"```sql\n(.*?)```", guide, flags=re.S)
    assert len(blocks) >= 11  # the opening examples and the ten questions
    for block in blocks:
        sql = "\n".join(line for line in block.splitlines() if not line.startswith("."))  # CLI dot-commands
        for statement in (s.strip() for s in sql.split(";")):
            if statement and not all(line.startswith("--") for line in statement.splitlines()):
                con.execute(statement).fetchall()


def test_a_request_for_a_planted_person_or_a_released_url_lists_every_sample_it_touches(demo, con, tmp_path):
    import datetime as dt

    from provenance.request_cli import person_hmacs, write_request
    from provenance.requests import Request
    from provenance.requests_impact import counts_per_release, impact

    _ws, truth = demo
    names = Counter(p.value for r in truth.records for p in r.pii if p.entity_type == "PERSON" and " " in p.value)
    name = sorted(names, key=lambda n: (-names[n], n))[0]
    hmacs = person_hmacs(PII_KEY, name)
    person = Request("REQ-2026-0001", "erasure", "person", None, hmacs, dt.date(2026, 11, 30), "t-1", "GDPR art. 17")
    written = write_request(tmp_path, person).read_text(encoding="utf-8")
    words = [w for w in name.split() if len(w) > 2]  # "Le" of "Le Goff" is in "legal_basis"
    assert not [w for w in words if re.search(rf"\b{re.escape(w)}\b", written, re.IGNORECASE)], written
    found = impact(con, person)
    named = {r["doc_id"] for r in queries.person(con, name, PII_KEY).to_pylist() if r["match"] == "full_name"}
    assert named and set(found.column("doc_id").to_pylist()) == named
    released = con.execute(
        "SELECT release_id, sample_id FROM samples WHERE doc_id IN (SELECT unnest(?))", [sorted(named)]
    ).fetchall()
    assert sorted((r["release_id"], r["sample_id"]) for r in found.to_pylist() if r["sample_id"]) == sorted(released)
    assert sum(s for _, s in counts_per_release(found).values()) == len(released)
    doc_id, url, sample_id = con.execute(
        "SELECT d.doc_id, d.url, s.sample_id FROM samples s JOIN documents d USING (doc_id) "
        "WHERE d.url LIKE 'http%' ORDER BY s.sample_id LIMIT 1"
    ).fetchall()[0]
    by_url = impact(con, Request("REQ-2026-0002", "takedown", "url", url, (), dt.date(2026, 12, 1), "l-7", "DSM"))
    assert (doc_id, sample_id) in {(r["doc_id"], r["sample_id"]) for r in by_url.to_pylist()}
