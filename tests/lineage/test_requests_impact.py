"""A request's impact from the lineage, and the next run excluding what it covers, on the shared lineage workspace."""

from __future__ import annotations

import base64
import datetime as dt
import json
import shutil
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
from lineage_workspace import GAZETTE_HOST, PII_KEY, RELEASE_1, RELEASE_2, _run_stages

from provenance.certify.keys import keygen
from provenance.certify.release import build_release
from provenance.contracts import load_optout_registry, load_sources
from provenance.lineage import queries
from provenance.lineage.build import build_lineage
from provenance.request_cli import person_hmacs, write_request
from provenance.requests import Request, load_requests
from provenance.requests_impact import counts_per_release, impact
from provenance.rights.policy import LicencePolicy
from provenance.rights.stage import clear_dump
from provenance.workspace import Workspace


def _request(rid: str, scope: str, value: str | None = None, hmacs: tuple[str, ...] = ()) -> Request:
    return Request(rid, "erasure", scope, value, hmacs, dt.date(2026, 11, 30), f"ticket {rid}", "GDPR art. 17")


DUPONT = _request("REQ-2026-0001", "person", hmacs=person_hmacs(PII_KEY, "Jean Dupont"))


def test_impact_of_a_person_request_is_every_document_naming_them_in_full_with_its_samples(planted, db) -> None:
    found = impact(db, DUPONT)
    named = {r["doc_id"] for r in queries.person(db, "Jean Dupont", PII_KEY).to_pylist() if r["match"] == "full_name"}
    assert named and set(found.column("doc_id").to_pylist()) == named
    with duckdb.connect(str(db), read_only=True) as con:
        expected = con.execute(
            "SELECT release_id, sample_id, doc_id FROM samples WHERE doc_id IN (SELECT unnest(?)) ORDER BY ALL",
            [sorted(named)],
        ).fetchall()
    rows = [(r["release_id"], r["sample_id"], r["doc_id"]) for r in found.to_pylist() if r["release_id"]]
    assert sorted(rows) == expected and {r[0] for r in rows} == {RELEASE_1, RELEASE_2}
    counts = counts_per_release(found)
    assert counts[RELEASE_1][1] + counts[RELEASE_2][1] == len(expected)
    # A named document that was never released (excluded by robots.txt) is listed with no release.
    assert None in counts and set(found.column("match").to_pylist()) == {"person"}
    assert (
        impact(
            db, _request("R", "person", hmacs=person_hmacs(b"another-key-of-sufficient-length", "Jean Dupont"))
        ).num_rows
        == 0
    )


def test_impact_of_url_domain_and_sample_requests(planted, db) -> None:
    with duckdb.connect(str(db), read_only=True) as con:
        gazette = {
            r[0]
            for r in con.execute(
                "SELECT doc_id FROM documents WHERE url LIKE '%://www.gazette-rhone.example.fr/%'"
            ).fetchall()
        }
        sample_id, doc_id, release_id = con.execute(
            "SELECT sample_id, doc_id, release_id FROM samples ORDER BY sample_id LIMIT 1"
        ).fetchone()
        url = con.execute("SELECT url FROM documents WHERE doc_id = ?", [doc_id]).fetchone()[0]
    host = GAZETTE_HOST.split("//")[1]
    by_domain = impact(db, _request("R1", "domain", host.removeprefix("www.")))
    assert set(by_domain.column("doc_id").to_pylist()) == gazette
    assert impact(db, _request("R2", "domain", "notgazette-rhone.example.fr")).num_rows == 0
    by_sample = impact(db, _request("R3", "sample_id", sample_id)).to_pylist()
    assert by_sample == [
        {
            "release_id": release_id,
            "sample_id": sample_id,
            "doc_id": doc_id,
            "source_id": by_sample[0]["source_id"],
            "match": "sample_id",
        }
    ]
    if url:
        assert doc_id in impact(db, _request("R4", "url", url)).column("doc_id").to_pylist()


def _copy(planted, root: Path) -> Workspace:
    shutil.copytree(planted.ws.home, root / "home", symlinks=True)
    shutil.copytree(planted.ws.contracts, root / "contracts")
    return Workspace(home=(root / "home").resolve(), contracts=(root / "contracts").resolve())


def _clear_again(ws: Workspace, dump_id: str, out: Path) -> Path:
    out.mkdir()
    source = load_sources(ws.contracts)[dump_id.split(".", maxsplit=1)[0]]
    clear_dump(
        ws.stage_dir("redacted_documents", dump_id),
        ws.stage_dir("documents", dump_id),
        out,
        source=source,
        policy=LicencePolicy.load(ws.contracts),
        registry=load_optout_registry(ws.contracts),
        contracts_dir=ws.contracts,
        home=ws.home,
    )
    return out / "decisions.parquet"


def test_the_next_run_excludes_what_a_request_covers_naming_it_and_past_releases_stay(
    planted, redactor, tmp_path
) -> None:
    ws = _copy(planted, tmp_path)
    manifests = {r: (ws.releases / r / "manifest.dsse.json").read_bytes() for r in (RELEASE_1, RELEASE_2)}
    write_request(ws.contracts, DUPONT)
    assert [r.id for r in load_requests(ws.contracts)] == [DUPONT.id]
    rows = pq.read_table(_clear_again(ws, "assemblee.seance-2024-03", tmp_path / "out")).to_pylist()
    excluded = {r["doc_id"]: r for r in rows if r["reason"] == "request"}
    assert set(excluded) == planted.dupont_full & {r["doc_id"] for r in rows}
    for row in excluded.values():
        assert row["decision"] == "excluded"
        evidence = json.loads(row["evidence"])
        assert evidence["deciding"]["requests"] == [DUPONT.summary()]
        assert "dupont" not in row["evidence"].casefold()
    before = {
        r["doc_id"]: r["reason"]
        for r in pq.read_table(
            ws.stage_dir("cleared_documents", "assemblee.seance-2024-03") / "decisions.parquet"
        ).to_pylist()
    }
    assert all(before[d] == r["reason"] for d, r in ((r["doc_id"], r) for r in rows) if d not in excluded)

    # The whole next run: every dump cleared again under the ledger, then a release of what is new.
    dumps = [
        "assemblee.seance-2024-03",
        "assemblee.seance-2024-04",
        "gazette.crawl-2024",
        "tribune.articles",
        "wiki.pages",
        "wiki.pages-2",
    ]
    _run_stages(ws, dumps, redactor)
    signing_key, _ = keygen(tmp_path / "keys")
    result = build_release(
        ws, signing_key_path=signing_key, created_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC), git_commit="0" * 40
    )
    assert result.published and result.release_id and result.release_id.startswith("r-")
    envelope = json.loads((ws.releases / result.release_id / "manifest.dsse.json").read_bytes())
    predicate = json.loads(base64.b64decode(envelope["payload"]))["predicate"]
    assert predicate["contracts"]["requests"]["ids"] == [DUPONT.id]
    assert predicate["contracts"]["files"]["requests/REQ-2026-0001.yaml"]
    assert {r: (ws.releases / r / "manifest.dsse.json").read_bytes() for r in manifests} == manifests
    build_lineage(ws)
    with duckdb.connect(str(ws.lineage_db), read_only=True) as con:
        assert con.execute("SELECT request_id, scope, value FROM requests").fetchall() == [(DUPONT.id, "person", None)]
        named = con.execute("SELECT doc_id FROM decisions WHERE reason = 'request' AND stage = 'rights'").fetchall()
    # Every document naming him in full, whatever else decided it before (robots.txt ranks after a request).
    assert {d for (d,) in named} == planted.dupont_full
