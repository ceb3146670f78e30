"""Hostile gzip members in WARC files and text trees: each record is read once, a corrupt member costs itself only.

A crawler writes a .warc.gz as one gzip member per record; a damaged member must cost that record and nothing
after it, and no byte decoded from it may be published, whatever the member's size.
"""

from __future__ import annotations

import gzip
import zlib
from functools import partial

import pyarrow.parquet as pq
import pytest

from provenance.dumps import discover_dumps
from provenance.ingest.locators import stream_offset
from provenance.ingest.run import ingest_dump
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
