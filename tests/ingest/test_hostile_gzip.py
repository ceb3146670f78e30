"""Hostile gzip members in WARC files and text trees: each record is read once, a corrupt member costs itself only.

A crawler writes a .warc.gz as one gzip member per record; a damaged member must cost that record and nothing
after it, and no byte decoded from it may be published, whatever the member's size.
"""

from __future__ import annotations

import gzip
import json
from functools import partial

import pyarrow.parquet as pq
import pytest

from provenance.dumps import discover_dumps
from provenance.ingest.locators import stream_offset
from provenance.ingest.run import ingest_dump
from provenance.ingest.streams import DecompressedStream
from provenance.workspace import publish_stage

URL = "https://www.mairie-exemple.fr/actes/{}"


def ingest(home, source):
    """Ingest the one dump of ``source``; the stats and the rows of its stage files, every record accounted for."""
    (dump,) = discover_dumps(home, {source.id: source})
    out = home / "staging" / "documents" / dump.dump_id
    stats = publish_stage(out, partial(ingest_dump, dump, source))
    rows = {
        name: pq.read_table(out / f"{name}.parquet").to_pylist() for name in ("documents", "quarantine", "skipped")
    }
    assert stats.records_seen == stats.documents + stats.quarantined + stats.skipped_records
    assert (stats.documents, stats.quarantined, stats.skipped_records) == tuple(
        len(rows[name]) for name in ("documents", "quarantine", "skipped")
    )
    return stats, rows


def corrupt_deflate(member: bytes) -> bytes:
    """The member with bytes of its deflate data flipped (its header and trailer intact)."""
    return member[:12] + bytes(b ^ 0xA5 for b in member[12:40]) + member[40:]


def corrupt_crc(member: bytes) -> bytes:
    """The member with only its CRC-32 wrong: every byte still decodes."""
    return member[:-8] + bytes(b ^ 0xFF for b in member[-8:-4]) + member[-4:]


@pytest.mark.timeout(120)
def test_records_after_a_very_compressible_multi_megabyte_member_are_read_once(kit, tmp_path, tmp_dump):
    bodies = [b"<p>P</p>", b"<p>" + b"x" * 3_500_000 + b"</p>", b"<p>R</p>"]
    records = [kit.warc_record_bytes(kit.http_response(URL.format(n), body), n) for n, body in enumerate(bodies)]
    kit.write_warc(tmp_dump / "crawl.warc.gz", records, gzip_members=True)
    stats, rows = ingest(tmp_path, kit.make_source("warc"))
    # the long page is over max_document_chars: a row of its own; the page after it is read once
    assert (stats.records_seen, stats.documents, stats.quarantined) == (3, 2, 1)
    assert [row["url"] for row in rows["documents"]] == [URL.format(n) for n in (0, 2)]
    assert [row["reason"] for row in rows["quarantine"]] == ["oversize"]


@pytest.mark.timeout(60)  # without the fix, a member's stale tail made reading loop without end
@pytest.mark.parametrize("size", [1_048_576, 3_500_000, 5_000_003])
def test_a_multi_member_stream_gives_each_member_s_bytes_exactly_once(tmp_path, size):
    # Members that compress so well that one read of input holds several of them, around the output step.
    parts = [b"first member\n", b"x" * size, b"y" * (size // 2) + b"\n", b"last member\n"]
    path = tmp_path / "parts.gz"
    path.write_bytes(b"".join(gzip.compress(part, mtime=0) for part in parts))
    with DecompressedStream(path) as stream:
        assert stream.read() == b"".join(parts) and stream.error is None


PAGE = "<html><head><title>Séance {n}</title></head><body><p>{text}</p></body></html>"
SITTING = "Le conseil municipal a adopté le budget primitif de l'exercice {n} par 38 voix contre 15. "


def page(n: int, repeat: int = 1) -> bytes:
    return PAGE.format(n=n, text=SITTING.format(n=n) * repeat).encode("utf-8")


def test_a_corrupt_warc_member_costs_its_record_only_whatever_its_size(kit, tmp_path, tmp_dump):
    # Record 1's deflate data is damaged; record 3 (about 1.7 MB, over the in-memory hold) decodes but its CRC-32
    # is wrong; garbage sits before record 5. Each costs one row; every other record is read, once.
    bodies = [page(0), page(1), page(2), page(3, repeat=18_000), page(4), page(5)]
    records = [kit.warc_record_bytes(kit.http_response(URL.format(n), body), n) for n, body in enumerate(bodies)]
    members = [gzip.compress(record, mtime=0) for record in records]
    members[1] = corrupt_deflate(members[1])
    members[3] = corrupt_crc(members[3])
    assert len(records[3]) > 1 << 20
    junk = b"\x00not a gzip member\x00"
    data = b"".join(members[:5]) + junk + members[5]
    offsets = [sum(len(m) for m in members[:i]) for i in range(6)]
    (tmp_dump / "crawl.warc.gz").write_bytes(data)
    stats, rows = ingest(tmp_path, kit.make_source("warc"))

    assert [row["url"] for row in rows["documents"]] == [URL.format(n) for n in (0, 2, 4, 5)]
    relpath = "landing/src/crawl.warc.gz"
    assert [(row["locator"], row["reason"]) for row in rows["quarantine"]] == [
        (stream_offset(relpath, offsets[1]), "truncated_stream"),
        (stream_offset(relpath, offsets[3]), "truncated_stream"),
        (stream_offset(relpath, offsets[5]), "truncated_stream"),
    ]
    assert all("reading goes on at the next member" in row["message"] for row in rows["quarantine"])
    assert (stats.records_seen, stats.documents, stats.quarantined) == (7, 4, 3)


def test_a_jsonl_member_over_the_memory_hold_with_a_bad_checksum_publishes_nothing(kit, tmp_path, tmp_dump):
    fields = {"text": "text", "id": "id"}

    def lines(first: int, count: int) -> bytes:
        return b"".join(
            json.dumps({"id": f"cm-{n}", "text": SITTING.format(n=n) * 20}).encode() + b"\n"
            for n in range(first, first + count)
        )

    big = lines(10, 1_500)  # about 2.7 MB, held in a temporary file past the first MiB
    assert len(big) > 2 << 20
    members = [gzip.compress(lines(1, 2), mtime=0), corrupt_crc(gzip.compress(big, mtime=0))]
    members.append(gzip.compress(lines(5000, 2), mtime=0))
    (tmp_dump / "conseil.jsonl.gz").write_bytes(b"".join(members))
    stats, rows = ingest(tmp_path, kit.make_source("jsonl", fields=fields))

    kept = [json.loads(row["metadata"])["record_id"] for row in rows["documents"]]
    assert kept == ["cm-1", "cm-2", "cm-5000", "cm-5001"]
    (bad,) = rows["quarantine"]
    assert (bad["locator"], bad["reason"]) == (
        stream_offset("landing/src/conseil.jsonl.gz", len(members[0])),
        "truncated_stream",
    )
    assert stats.records_seen == 5


@pytest.mark.parametrize("damage", ["corrupt member", "cut"])
def test_a_lone_compressed_text_file_with_a_damaged_member_is_one_row_never_a_document_with_a_hole(
    kit, tmp_path, tmp_dump, damage
):
    parts = [gzip.compress((SITTING.format(n=n) * 50).encode(), mtime=0) for n in range(3)]
    if damage == "cut":
        parts[2] = parts[2][: len(parts[2]) // 2]
    else:
        parts[1] = corrupt_crc(parts[1])
    (tmp_dump / "discours.txt.gz").write_bytes(b"".join(parts))
    stats, rows = ingest(tmp_path, kit.make_source("text"))

    assert rows["documents"] == []
    (bad,) = rows["quarantine"]
    assert (bad["locator"], bad["reason"]) == ("landing/src/discours.txt.gz!discours.txt", "truncated_stream")
    assert "not published" in bad["message"]
    assert (stats.records_seen, stats.documents, stats.quarantined) == (1, 0, 1)
