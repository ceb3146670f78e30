"""Ingesting a whole dump: the published folder holds documents, quarantine, site signals and counts that add up."""

from __future__ import annotations

import json

import pyarrow.parquet as pq

from provenance.dumps import discover_dumps
from provenance.ingest.run import ingest_dump
from provenance.schema import DOCUMENT_SCHEMA, QUARANTINE_SCHEMA, SITE_SIGNAL_SCHEMA, record_id


def crawl(kit, landing):
    pages = [kit.http_response(f"https://www.progres-local.fr/article/{i}", kit.FRENCH_ARTICLE.replace(
        "Villeurbanne", f"Villeurbanne ({i})").encode(), headers=[("TDM-Reservation", "1")]) for i in range(5)]
    pages.append(kit.http_response("https://www.progres-local.fr/robots.txt", b"User-agent: CCBot\nDisallow: /\n",
                                   content_type="text/plain"))
    pages.append(kit.http_response("https://www.progres-local.fr/vide", b"<html><body>  </body></html>"))
    records = [kit.warc_record_bytes(spec, n) for n, spec in enumerate(pages)]
    records[2] = kit.set_content_length(records[2], -30)
    path = landing / "crawl-2024-03.warc.gz"
    kit.write_warc(path, records, gzip_members=True)
    return path


def ingest(kit, home, source):
    (dump,) = discover_dumps(home, {source.id: source})
    out = home / "staging" / "documents" / dump.dump_id
    return dump, out, ingest_dump(dump, source, out)


def test_a_warc_dump_is_published_with_every_record_accounted_for(kit, tmp_path, tmp_dump):
    crawl(kit, tmp_dump)
    source = kit.make_source("warc")
    dump, out, stats = ingest(kit, tmp_path, source)

    assert dump.dump_id == "src.crawl-2024-03"
    assert sorted(p.name for p in out.iterdir()) == [
        "_stats.json", "documents.parquet", "quarantine.parquet", "site_signals.parquet"]
    documents = pq.read_table(out / "documents.parquet")
    quarantine = pq.read_table(out / "quarantine.parquet")
    signals = pq.read_table(out / "site_signals.parquet")
    assert documents.schema.equals(DOCUMENT_SCHEMA) and quarantine.schema.equals(QUARANTINE_SCHEMA)
    assert signals.schema.equals(SITE_SIGNAL_SCHEMA)

    # 6 records seen: 4 pages + the lying record + the empty page; robots.txt is a signal
    assert (stats.records_seen, stats.documents, stats.quarantined, stats.site_signals) == (6, 4, 2, 1)
    assert sorted(quarantine.column("reason").to_pylist()) == ["empty_document", "length_mismatch"]
    assert stats.records_seen == documents.num_rows + quarantine.num_rows
    on_disk = json.loads((out / "_stats.json").read_text())
    assert on_disk["records_seen"] == 6 and on_disk["quarantine_reasons"] == {"empty_document": 1, "length_mismatch": 1}

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
    assert pq.read_table(out / "documents.parquet", columns=["doc_id", "content_fingerprint", "locator"]).to_pylist() == first
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
