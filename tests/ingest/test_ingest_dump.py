"""Ingesting a whole dump: the published folder holds documents, quarantine, site signals and counts that add up."""

from __future__ import annotations

import dataclasses
import json
from functools import partial
from pathlib import Path

import pyarrow.parquet as pq

from provenance.contracts import load_source
from provenance.dumps import discover_dumps
from provenance.ingest.records import (
    Document,
    Notice,
    Quarantined,
    QuarantineReason,
    ReaderContext,
    Skipped,
)
from provenance.ingest.run import ingest_dump, ingest_items
from provenance.schema import (
    DOCUMENT_SCHEMA,
    NOTICE_SCHEMA,
    QUARANTINE_SCHEMA,
    SITE_SIGNAL_SCHEMA,
    SKIPPED_SCHEMA,
    record_id,
)
from provenance.workspace import publish_stage


def crawl(kit, landing):
    pages = [
        kit.http_response(
            f"https://www.progres-local.fr/article/{i}",
            kit.FRENCH_ARTICLE.replace("Villeurbanne", f"Villeurbanne ({i})").encode(),
            headers=[("TDM-Reservation", "1")],
        )
        for i in range(5)
    ]
    pages.append(
        kit.http_response(
            "https://www.progres-local.fr/robots.txt", b"User-agent: CCBot\nDisallow: /\n", content_type="text/plain"
        )
    )
    pages.append(kit.http_response("https://www.progres-local.fr/vide", b"<html><body>  </body></html>"))
    records = [kit.warc_record_bytes(spec, n) for n, spec in enumerate(pages)]
    records[2] = kit.set_content_length(records[2], -30)
    path = landing / "crawl-2024-03.warc.gz"
    kit.write_warc(path, records, gzip_members=True)
    return path


def ingest(kit, home, source):
    (dump,) = discover_dumps(home, {source.id: source})
    out = home / "staging" / "documents" / dump.dump_id
    return dump, out, publish_stage(out, partial(ingest_dump, dump, source))


def test_a_warc_dump_is_published_with_every_record_accounted_for(kit, tmp_path, tmp_dump):
    crawl(kit, tmp_dump)
    source = kit.make_source("warc")
    dump, out, stats = ingest(kit, tmp_path, source)

    assert dump.dump_id == "src.crawl-2024-03"
    assert sorted(p.name for p in out.iterdir()) == [
        "_stats.json",
        "documents.parquet",
        "notices.parquet",
        "quarantine.parquet",
        "site_signals.parquet",
        "skipped.parquet",
    ]
    documents = pq.read_table(out / "documents.parquet")
    quarantine = pq.read_table(out / "quarantine.parquet")
    signals = pq.read_table(out / "site_signals.parquet")
    assert documents.schema.equals(DOCUMENT_SCHEMA) and quarantine.schema.equals(QUARANTINE_SCHEMA)
    assert signals.schema.equals(SITE_SIGNAL_SCHEMA)

    # 6 records seen: 4 pages + the lying record + the empty page; robots.txt is a signal, not a record
    assert (stats.records_seen, stats.documents, stats.quarantined, stats.site_signals) == (6, 4, 2, 1)
    assert stats.skipped_records == 0 and pq.read_table(out / "skipped.parquet").num_rows == 0
    assert sorted(quarantine.column("reason").to_pylist()) == ["empty_document", "length_mismatch"]
    assert stats.records_seen == documents.num_rows + quarantine.num_rows
    on_disk = json.loads((out / "_stats.json").read_text())
    assert on_disk["records_seen"] == 6 and on_disk["quarantine_reasons"] == {
        "empty_document": 1,
        "length_mismatch": 1,
    }

    rows = documents.to_pylist()
    for row in rows:
        assert row["doc_id"] == record_id("src", row["locator"])
        assert row["tdm_reservation"] == "1" and row["meta_tdm_reservation"] == "1"
        assert json.loads(row["metadata"])["http_status"] == 200
    assert rows[0]["retrieved_at"].isoformat() == "2024-03-15T08:30:00+00:00"
    assert rows[0]["lang"] == "fr"
    assert signals.column("host").to_pylist() == ["www.progres-local.fr"]


def test_re_ingesting_a_dump_gives_the_same_ids_and_fingerprints(kit, tmp_path, tmp_dump):
    crawl(kit, tmp_dump)
    source = kit.make_source("warc")
    _, out, _ = ingest(kit, tmp_path, source)
    first = pq.read_table(out / "documents.parquet", columns=["doc_id", "content_fingerprint", "locator"]).to_pylist()
    first_q = pq.read_table(out / "quarantine.parquet", columns=["record_id"]).to_pylist()
    _, out, _ = ingest(kit, tmp_path, source)
    assert (
        pq.read_table(out / "documents.parquet", columns=["doc_id", "content_fingerprint", "locator"]).to_pylist()
        == first
    )
    assert pq.read_table(out / "quarantine.parquet", columns=["record_id"]).to_pylist() == first_q
    assert len({r["doc_id"] for r in first}) == len(first) == 4


def test_a_jsonl_dump_with_invalid_utf8_is_flagged_not_lost(kit, tmp_path, tmp_dump):
    lines = [
        '{"id": 1, "text": "Le Sénat a adopté le texte en première lecture."}'.encode(),
        b'{"id": 2, "text": "Compte rendu int\xe9gral de la s\xe9ance du 4 juillet."}',
        b'{"id": 3, "text": "tronqu',
    ]
    (tmp_dump / "senat.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    source = kit.make_source("jsonl", fields={"text": "text", "id": "id"})
    _, out, stats = ingest(kit, tmp_path, source)
    assert (stats.records_seen, stats.documents, stats.quarantined) == (3, 2, 1)
    docs = pq.read_table(out / "documents.parquet").to_pylist()
    assert docs[1]["text"] == "Compte rendu intégral de la séance du 4 juillet."
    assert docs[1]["flags"] == ["encoding_guessed"]


def test_skipped_records_are_records_seen_written_with_their_reason_in_bounded_batches(kit, tmp_path, tmp_dump):
    specs = [dict(kind="warcinfo")]
    for i in range(6):
        url = f"https://www.progres-local.fr/article/{i}"
        specs.append(
            dict(
                kind="request",
                url=url,
                body=b"GET / HTTP/1.1\r\n\r\n",
                content_type="application/http; msgtype=request",
            )
        )
        specs.append(kit.http_response(url, kit.FRENCH_ARTICLE.replace("Villeurbanne", f"Lyon {i}").encode()))
    specs.append(
        kit.http_response(
            "https://www.progres-local.fr/logo.png", b"\x89PNG\r\n" + bytes(64), content_type="image/png"
        )
    )
    kit.write_warc(
        tmp_dump / "crawl.warc.gz", [kit.warc_record_bytes(s, n) for n, s in enumerate(specs)], gzip_members=True
    )
    (dump,) = discover_dumps(tmp_path, {"src": kit.make_source("warc")})
    out = tmp_path / "staging" / "documents" / dump.dump_id
    stats = publish_stage(out, partial(ingest_dump, dump, kit.make_source("warc"), batch_rows=3))

    skipped = pq.read_table(out / "skipped.parquet")
    assert skipped.schema.equals(SKIPPED_SCHEMA)
    # 14 records seen = 6 documents + 0 quarantined + 8 skipped (warcinfo, 6 requests, the image)
    assert (stats.records_seen, stats.documents, stats.quarantined, stats.skipped_records) == (14, 6, 0, 8)
    assert stats.records_seen == stats.documents + stats.quarantined + skipped.num_rows
    assert dict(stats.skipped) == {"warc_warcinfo": 1, "warc_request": 6, "non_text_response": 1}
    rows = skipped.to_pylist()
    assert [r["reason"] for r in rows] == ["warc_warcinfo"] + ["warc_request"] * 6 + ["non_text_response"]
    assert rows[-1]["url"] == "https://www.progres-local.fr/logo.png"
    assert all(r["record_id"] == record_id("src", r["locator"]) for r in rows)
    # written in batches of at most batch_rows rows, never held whole
    assert pq.ParquetFile(out / "skipped.parquet").metadata.num_row_groups == 3
    on_disk = json.loads((out / "_stats.json").read_text())
    assert on_disk["records_seen"] == 14 and on_disk["skipped_records"] == 8 and on_disk["candidate_records"] == 6


def test_the_quarantine_rate_counts_candidate_records_not_skipped_ones(kit, tmp_path):
    source = kit.make_source("jsonl")
    ctx = ReaderContext(source=source, dump_id="src.x", path=tmp_path, relpath="landing/src/x.jsonl")
    items = [Skipped(f"landing/src/x.jsonl:line={n}", "blank_line") for n in range(1, 9)]
    items += [
        Document("landing/src/x.jsonl:line=9", "Le conseil a siégé."),
        Quarantined("landing/src/x.jsonl:line=10", QuarantineReason.MALFORMED_JSON, "invalid JSON"),
    ]
    stats = ingest_items(items, ctx, tmp_path)
    assert (stats.records_seen, stats.candidate_records) == (10, 2)
    assert stats.quarantine_rate == 0.5  # 1 of 2 candidates; 1 of 10 records would hide a broken reader


def test_notices_are_a_stage_file_and_a_bounded_summary_never_records(kit, tmp_path):
    source = kit.make_source("mediawiki")
    ctx = ReaderContext(source=source, dump_id="src.wiki", path=tmp_path, relpath="landing/src/wiki.xml")
    notice = Notice(
        "landing/src/wiki.xml#siteinfo",
        "header_language_differs",
        "the dump header says 'de', the contract says 'fr'; the contract was kept",
    )
    stats = ingest_items([notice] * 25 + [Document("landing/src/wiki.xml#page=1&rev=2", "Texte.")], ctx, tmp_path)
    notices = pq.read_table(tmp_path / "notices.parquet")
    assert notices.schema.equals(NOTICE_SCHEMA) and notices.num_rows == 25
    assert notices.to_pylist()[0] == {
        "source_id": "src",
        "dump_id": "src.wiki",
        "locator": notice.locator,
        "code": notice.code,
        "message": notice.message,
    }
    assert stats.records_seen == 1 and dict(stats.notices) == {"header_language_differs": 25}
    assert len(stats.notice_examples) == 20
    assert stats.as_dict()["notices"] == {"header_language_differs": 25}


def test_titles_are_plain_text_for_every_reader_and_a_missing_title_stays_missing(kit, tmp_path):
    source = kit.make_source("jsonl")
    ctx = ReaderContext(source=source, dump_id="src.x", path=tmp_path, relpath="landing/src/x.jsonl")
    titles = [
        "<i>Die Welt</i> &amp; <b>Le Monde</b>",
        "Caf&eacute;  de\n la <span class='x'>Gare</span>",
        "&lt;em&gt;Échos&lt;/em&gt; du 3 mars",
        "Ligne 1<br>Ligne 2",
        "a < b et c > d",
        "  ",
        None,
    ]
    docs = [Document(f"landing/src/x.jsonl:line={n}", "Texte du document.", title=t) for n, t in enumerate(titles)]
    ingest_items(docs, ctx, tmp_path)
    assert pq.read_table(tmp_path / "documents.parquet").column("title").to_pylist() == [
        "Die Welt & Le Monde",
        "Café de la Gare",
        "Échos du 3 mars",
        "Ligne 1 Ligne 2",
        "a < b et c > d",
        None,
        None,
    ]


def test_a_contract_that_names_the_wrong_language_is_caught_document_by_document(tmp_path):
    # The real Code civil, declared English by mistake: every article long enough to judge is flagged.
    real = Path(__file__).resolve().parents[1] / "fixtures" / "real"
    source = dataclasses.replace(
        load_source(real / "contracts" / "sources" / "code-civil-parquet.yaml"), language="en"
    )
    [dump] = discover_dumps(real, {source.id: source})
    stats = publish_stage(tmp_path / "out", partial(ingest_dump, dump, source))
    table = pq.read_table(tmp_path / "out" / "documents.parquet", columns=["text", "lang", "flags", "metadata"])
    judged = [row for row in table.to_pylist() if len(row["text"]) >= 200]
    assert judged and all(row["flags"] and "lang_mismatch" in row["flags"] for row in judged)
    assert {json.loads(row["metadata"])["detected_lang"] for row in judged} == {"fr"}
    assert {row["lang"] for row in table.to_pylist()} == {"en"}  # what it is read as stays on record
    assert stats.flags["lang_mismatch"] == len(judged)

    # read as French, as its contract says, nothing is flagged
    right = load_source(real / "contracts" / "sources" / "code-civil-parquet.yaml")
    assert "lang_mismatch" not in publish_stage(tmp_path / "again", partial(ingest_dump, dump, right)).flags
