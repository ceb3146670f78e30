"""The Parquet reader: one document per row with the contract's field mapping, streamed; damage costs only what it touches."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq

from provenance.ingest.locators import parquet_row
from provenance.ingest.parquet import read_parquet
from provenance.ingest.records import QuarantineReason

FIELDS = {
    "text": "body",
    "id": "doc_ref",
    "url": "source.url",
    "title": "headline",
    "licence": "license",
    "author": "byline",
    "date": "published",
    "lang": "language",
}

JUDGMENT = (
    "COUR D'APPEL DE LYON, 3e chambre civile, arrêt du 7 février 2023. La société Transports Girard SARL, "
    "représentée par son gérant, interjette appel du jugement rendu par le tribunal de commerce le 12 mai 2022."
)
FORUM = (
    "Has anyone else had trouble renewing a passport online this month? I submitted mine three weeks ago and the "
    "tracker still says 'application received'."
)


def table(n: int = 6) -> pa.Table:
    texts = [JUDGMENT if i % 2 == 0 else FORUM for i in range(n)]
    return pa.table(
        {
            "doc_ref": [f"doc-{i}" for i in range(n)],
            "body": [f"{t} ({i})" for i, t in enumerate(texts)],
            "headline": [f"Décision {i}" if i % 2 == 0 else f"Passport renewal thread {i}" for i in range(n)],
            "license": ["etalab-2.0" if i % 2 == 0 else None for i in range(n)],
            "byline": [None] * n,
            "published": pa.array([dt.datetime(2023, 2, 7, 9, 0, tzinfo=dt.UTC)] * n, pa.timestamp("us", tz="UTC")),
            "language": ["fr" if i % 2 == 0 else "en" for i in range(n)],
            "source": [{"url": f"https://juri.example.fr/{i}", "crawl": 3} for i in range(n)],
            "chamber": ["3e civile"] * n,
            "pages": [4] * n,
            "html": ["<html>" + "x" * 1000 + "</html>"] * n,
            "scan": [b"\x00\x01" * 10] * n,
        }
    )


def test_each_row_becomes_a_document_with_the_mapped_fields_and_small_extras(kit, tmp_dump):
    path = tmp_dump / "decisions.parquet"
    pq.write_table(table(), path, row_group_size=4)
    items = kit.by_type(kit.read_all(read_parquet, path, kit.make_source("parquet", fields=FIELDS)))
    docs = items["documents"]
    assert items["quarantined"] == [] and len(docs) == 6
    assert [d.locator for d in docs] == [parquet_row("landing/src/decisions.parquet", i) for i in range(6)]
    first = docs[0]
    assert first.text == f"{JUDGMENT} (0)"
    assert (first.url, first.title, first.licence, first.lang) == (
        "https://juri.example.fr/0",
        "Décision 0",
        "etalab-2.0",
        "fr",
    )
    assert first.published_at == dt.datetime(2023, 2, 7, 9, 0, tzinfo=dt.UTC)
    # small scalar columns are kept; the large html string and the binary scan are not
    assert first.metadata == {"record_id": "doc-0", "chamber": "3e civile", "pages": 4}
    assert docs[1].licence is None and docs[1].lang == "en"


def test_null_or_non_string_text_is_quarantined_as_missing_text(kit, tmp_dump):
    path = tmp_dump / "nulls.parquet"
    t = table(4)
    t = t.set_column(t.schema.get_field_index("body"), "body", pa.array([JUDGMENT, None, FORUM, None]))
    pq.write_table(t, path)
    items = kit.by_type(kit.read_all(read_parquet, path, kit.make_source("parquet", fields=FIELDS)))
    assert [d.locator[-5:] for d in items["documents"]] == ["row=0", "row=2"]
    assert [(q.locator[-5:], q.reason) for q in items["quarantined"]] == [
        ("row=1", QuarantineReason.MISSING_TEXT),
        ("row=3", QuarantineReason.MISSING_TEXT),
    ]

    numbers = tmp_dump / "numbers.parquet"
    pq.write_table(pa.table({"body": [1, 2]}), numbers)
    items = kit.by_type(kit.read_all(read_parquet, numbers, kit.make_source("parquet", fields=FIELDS)))
    assert [q.reason for q in items["quarantined"]] == [QuarantineReason.MISSING_TEXT] * 2
    assert "'body' is a number" in items["quarantined"][0].message


def test_a_truncated_parquet_file_is_one_quarantine_row_naming_the_file(kit, tmp_dump):
    path = tmp_dump / "cut.parquet"
    pq.write_table(table(), path)
    path.write_bytes(path.read_bytes()[:-200])
    (item,) = kit.read_all(read_parquet, path, kit.make_source("parquet", fields=FIELDS))
    assert item.reason == QuarantineReason.TRUNCATED_STREAM
    assert "landing/src/cut.parquet" in item.message and "truncated" in item.message

    notparquet = tmp_dump / "notparquet.parquet"
    notparquet.write_text("doc_ref,body\n1,hello\n")
    (item,) = kit.read_all(read_parquet, notparquet, kit.make_source("parquet", fields=FIELDS))
    assert item.reason == QuarantineReason.INVALID_RECORD


def test_a_corrupt_row_group_quarantines_its_rows_and_later_row_groups_are_read(kit, tmp_dump):
    path = tmp_dump / "damaged.parquet"
    pq.write_table(table(9), path, row_group_size=3, compression="zstd")
    meta = pq.ParquetFile(path).metadata
    column = meta.row_group(1).column(meta.schema.names.index("body"))
    start = column.data_page_offset
    data = bytearray(path.read_bytes())
    for i in range(start + 10, start + column.total_compressed_size - 4):
        data[i] = 0xFF
    path.write_bytes(bytes(data))

    items = kit.by_type(kit.read_all(read_parquet, path, kit.make_source("parquet", fields=FIELDS)))
    assert [d.locator[-5:] for d in items["documents"]] == ["row=0", "row=1", "row=2", "row=6", "row=7", "row=8"]
    assert [(q.locator[-5:], q.reason) for q in items["quarantined"]] == [
        ("row=3", QuarantineReason.INVALID_RECORD),
        ("row=4", QuarantineReason.INVALID_RECORD),
        ("row=5", QuarantineReason.INVALID_RECORD),
    ]


def test_long_documents_are_read_in_small_batches(kit, tmp_dump, monkeypatch):
    import provenance.ingest.parquet as reader

    monkeypatch.setattr(reader, "BATCH_BYTES", 64 << 10)  # 64 KiB batches: ~4 rows of 16 KiB
    path = tmp_dump / "long.parquet"
    pq.write_table(pa.table({"body": [f"Article {i}. " + "Le tribunal statue. " * 800 for i in range(40)]}), path)
    seen = []
    original = reader._batch_items

    def spy(ctx, mapping, batch, first_row):
        seen.append(batch.num_rows)
        return original(ctx, mapping, batch, first_row)

    monkeypatch.setattr(reader, "_batch_items", spy)
    docs = kit.read_all(read_parquet, path, kit.make_source("parquet", fields={"text": "body"}))
    assert len(docs) == 40 and max(seen) <= 4
