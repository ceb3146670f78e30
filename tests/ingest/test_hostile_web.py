"""Hostile input to the WARC and text-tree readers: each bad value costs one record at most, never the rest of the file.

Every case runs the real ingest (discovery, reader, Parquet stage files) on crafted bytes and checks that the run
finishes, every record is accounted for (seen = documents + quarantined + skipped) and the records after the bad
one are kept.
"""

from __future__ import annotations

import gzip
import io
import os
import tarfile
import zipfile
from functools import partial

import pyarrow.parquet as pq
import pytest

from provenance.dumps import content_hash, discover_dumps
from provenance.ingest import warc_items
from provenance.ingest.run import ingest_dump
from provenance.ingest.text_tree import TreeReader
from provenance.workspace import publish_stage

PAGE = "<html><head>{meta}<title>Budget {n}</title></head><body><p>{text}</p></body></html>"
ROBOTS_URL = "https://www.mairie-exemple.fr/robots.txt"
TEXT = "Le conseil municipal a adopté le budget primitif de l'exercice après trois heures de débats."


def page(n: int, meta: str = "") -> bytes:
    return PAGE.format(meta=meta, n=n, text=f"{TEXT} Séance numéro {n}.").encode("utf-8")


def ingest(home, source):
    """Ingest the one dump of ``source``; the stats and the rows of its stage files."""
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


def locators(rows: list[dict]) -> list[str]:
    return [row["locator"] for row in rows]


# -- WARC


def write_crawl(kit, tmp_dump, bad: list[dict]) -> None:
    """A good page, the ``bad`` responses, then two good pages and a robots.txt after them."""
    url = "https://www.mairie-exemple.fr/actes/{}"
    specs = [kit.http_response(url.format(0), page(0)), *bad]
    specs += [kit.http_response(url.format(n), page(n)) for n in (98, 99)]
    specs.append(kit.http_response(ROBOTS_URL, b"User-agent: *\nAllow: /\n"))
    records = [kit.warc_record_bytes(spec, n) for n, spec in enumerate(specs)]
    kit.write_warc(tmp_dump / "crawl.warc.gz", records, gzip_members=True)


@pytest.mark.parametrize("codec", ["rot13", "base64", "hex", "zlib"])
def test_a_non_text_charset_in_a_warc_is_an_unknown_one_and_the_records_after_it_are_kept(
    kit, tmp_path, tmp_dump, codec
):
    url = "https://www.mairie-exemple.fr/actes/{}"
    bad = [
        kit.http_response(url.format(1), page(1), content_type=f"text/html; charset={codec}"),
        kit.http_response(url.format(2), page(2, f'<meta charset="{codec}">'), content_type="text/html"),
        kit.http_response(
            url.format(3),
            page(3, f'<meta http-equiv="Content-Type" content="text/html; charset={codec}">'),
            content_type="text/html",
        ),
        kit.http_response(url.format(4), TEXT.encode(), content_type=f"text/plain; charset={codec}"),
        kit.http_response(
            ROBOTS_URL, b"User-agent: GPTBot\nDisallow: /\n", content_type=f"text/plain; charset={codec}"
        ),
    ]
    write_crawl(kit, tmp_dump, bad)
    stats, rows = ingest(tmp_path, kit.make_source("warc"))
    # 7 pages, all kept (the charset is ignored, the bytes are UTF-8), and the 2 robots.txt signals
    assert (stats.records_seen, stats.documents, stats.quarantined, stats.site_signals) == (7, 7, 0, 2)
    docs = {row["url"]: row for row in rows["documents"]}
    assert sorted(docs) == sorted(url.format(n) for n in (0, 1, 2, 3, 4, 98, 99))
    for n in (1, 2, 3, 4):
        assert "unknown_declared_encoding" in docs[url.format(n)]["flags"]
        assert f"numéro {n}." in docs[url.format(n)]["text"] or n == 4


def test_a_warc_payload_that_fails_to_read_costs_that_record_only(kit, tmp_path, tmp_dump, monkeypatch):
    """Whatever a parser raises on one payload (here: forced), the record is a row and the next ones are read."""
    url = "https://www.mairie-exemple.fr/actes/{}"
    write_crawl(kit, tmp_dump, [kit.http_response(url.format(1), page(1, "<!-- poison -->"))])
    real = warc_items.document_item

    def fragile(record, plan, block, *bounds):
        if b"poison" in block:
            raise RecursionError("maximum recursion depth exceeded")
        return real(record, plan, block, *bounds)

    monkeypatch.setattr("provenance.ingest.warc.document_item", fragile)
    stats, rows = ingest(tmp_path, kit.make_source("warc"))
    assert (stats.records_seen, stats.documents, stats.quarantined, stats.site_signals) == (4, 3, 1, 1)
    (bad,) = rows["quarantine"]
    assert bad["reason"] == "reader_error" and "RecursionError" in bad["message"]
    assert "the next records are read" in bad["message"]
    assert [row["url"] for row in rows["documents"]] == [url.format(n) for n in (0, 98, 99)]


def test_an_invalid_target_url_does_not_end_the_warc(kit, tmp_path, tmp_dump):
    write_crawl(kit, tmp_dump, [kit.http_response("http://[2001:db8::1/robots.txt", page(1))])
    stats, rows = ingest(tmp_path, kit.make_source("warc"))
    assert (stats.records_seen, stats.documents + stats.quarantined, stats.site_signals) == (4, 4, 1)
    assert "https://www.mairie-exemple.fr/actes/99" in [row["url"] for row in rows["documents"]]


# -- text trees


def test_a_hostile_folder_costs_one_row_per_bad_file(kit, tmp_path, tmp_dump, monkeypatch):
    tree = tmp_dump / "archives-municipales"
    (tree / "actes").mkdir(parents=True)
    (tree / "actes/01-budget.txt").write_text(TEXT, encoding="utf-8")
    (tree / "actes/02-rot13.html").write_bytes(page(2, '<meta charset="rot13">'))
    (tree / "actes/03-base64.html").write_bytes(page(3, '<meta charset="base64">'))
    os.mkfifo(tree / "actes/04-pipe.txt")  # opening it would block forever
    (tree / "actes/05-verrouille.txt").write_text(TEXT, encoding="utf-8")
    (tree / "actes/06-zzz-fin.md").write_text("# Fin\n\n" + TEXT, encoding="utf-8")
    latin1 = os.fsencode(tree / "actes") + b"/07-d\xe9lib\xe9ration.txt"  # a name that is not UTF-8
    with open(latin1, "wb") as fh:
        fh.write(TEXT.encode("latin-1", "replace"))
    (tree / "annexes").mkdir()
    (tree / "annexes/plan.txt").write_text(TEXT, encoding="utf-8")
    (tree / "suite").mkdir()
    (tree / "suite/zz-dernier.txt").write_text(TEXT, encoding="utf-8")
    locked, unlisted = tree / "actes/05-verrouille.txt", str(tree / "annexes")
    # Root reads everything: refuse these two as a permission error would for another user.
    real_read, real_scandir = TreeReader._read_file, os.scandir

    def read_file(self, path):
        if path == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(self, path)

    def scandir(path="."):
        if os.fspath(path) == unlisted:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(TreeReader, "_read_file", read_file)
    monkeypatch.setattr(os, "scandir", scandir)
    stats, rows = ingest(tmp_path, kit.make_source("text"))

    prefix = "landing/src/archives-municipales!"
    assert [loc.removeprefix(prefix) for loc in locators(rows["documents"])] == [
        "actes/01-budget.txt",
        "actes/02-rot13.html",
        "actes/03-base64.html",
        "actes/06-zzz-fin.md",
        "actes/07-d\\xe9lib\\xe9ration.txt",  # the name's bytes escaped; the file is read
        "suite/zz-dernier.txt",
    ]
    skipped = [(row["locator"].removeprefix(prefix), row["reason"]) for row in rows["skipped"]]
    assert skipped == [("actes/04-pipe.txt", "tree_other_file")]  # never opened
    quarantined = {row["locator"].removeprefix(prefix): row for row in rows["quarantine"]}
    assert sorted(quarantined) == ["actes/05-verrouille.txt", "annexes"]
    for row in quarantined.values():
        assert row["reason"] == "reader_error" and "PermissionError" in row["message"]
        assert "the other files of the tree are read" in row["message"]
    assert stats.records_seen == 9
    flagged = {row["locator"].removeprefix(prefix): row["flags"] for row in rows["documents"]}
    assert "unknown_declared_encoding" in flagged["actes/02-rot13.html"]


def test_a_latin1_tar_member_name_is_kept_escaped_and_the_members_after_it_are_read(kit, tmp_path, tmp_dump):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz", format=tarfile.USTAR_FORMAT, encoding="latin-1") as tar:
        for name, data in [
            ("actes/délibération-2023.txt", TEXT.encode("utf-8")),
            ("actes/hex.html", page(1, '<meta charset="hex">')),
            ("actes/latin1.txt", TEXT.encode("latin-1")),  # decoded with the contract's encoding: "hex" here
            ("actes/zz-fin.txt", TEXT.encode("utf-8")),
        ]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        fifo = tarfile.TarInfo("actes/pipe.txt")
        fifo.type = tarfile.FIFOTYPE
        tar.addfile(fifo)
    assert b"d\xe9lib\xe9ration" in gzip.decompress(buf.getvalue())  # the name really is latin-1
    (tmp_dump / "actes.tar.gz").write_bytes(buf.getvalue())
    stats, rows = ingest(tmp_path, kit.make_source("text", encoding="hex"))
    prefix = "landing/src/actes.tar.gz!"
    assert [loc.removeprefix(prefix) for loc in locators(rows["documents"])] == [
        "actes/d\\xe9lib\\xe9ration-2023.txt",
        "actes/hex.html",
        "actes/latin1.txt",
        "actes/zz-fin.txt",
    ]
    assert [row["reason"] for row in rows["skipped"]] == ["tree_other_file"]  # the FIFO member
    assert (stats.records_seen, stats.quarantined) == (5, 0)
    latin1 = rows["documents"][2]
    assert latin1["text"] == TEXT and "unknown_declared_encoding" in latin1["flags"]


def test_a_dump_whose_file_name_is_not_utf8_is_ingested_under_an_escaped_locator(kit, tmp_path, tmp_dump):
    write_crawl(kit, tmp_dump, [])
    os.rename(tmp_dump / "crawl.warc.gz", os.fsencode(tmp_dump) + b"/r\xe9colte-2024.warc.gz")
    stats, rows = ingest(tmp_path, kit.make_source("warc"))
    assert (stats.dump_id, stats.records_seen, stats.documents) == ("src.r-xe9colte-2024", 3, 3)
    assert all(loc.startswith("landing/src/r\\xe9colte-2024.warc.gz#") for loc in locators(rows["documents"]))


def test_a_folder_with_a_non_utf8_name_has_a_content_hash(tmp_path):
    (tmp_path / "tree").mkdir()
    with open(os.fsencode(tmp_path / "tree") + b"/d\xe9lib\xe9ration.txt", "wb") as fh:
        fh.write(TEXT.encode())
    (tmp_path / "tree/plain.txt").write_text(TEXT)
    assert len(content_hash(tmp_path / "tree")) == 64


def test_a_folder_with_an_unreadable_file_has_a_content_hash(tmp_path, monkeypatch):
    (tmp_path / "tree").mkdir()
    (tmp_path / "tree/a.txt").write_text(TEXT)
    (tmp_path / "tree/b.txt").write_text(TEXT)
    readable = content_hash(tmp_path / "tree")

    def refuse(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("provenance.dumps.open", refuse, raising=False)
    assert content_hash(tmp_path / "tree") not in ("", readable)


JSONLD_PAGE = (
    '<html><head><title>Budget</title><script type="application/ld+json">{"@type": "NewsArticle", '
    '"headline": "Budget \\ud800", "author": {"@type": "Person", "name": "Claire \\udcff"}}</script></head>'
    f"<body><article><p>{TEXT}</p></article></body></html>"
)


def test_lone_surrogates_from_front_matter_or_json_ld_are_escaped_not_fatal(kit, tmp_path, tmp_dump):
    tree = tmp_dump / "tree"
    tree.mkdir()
    (tree / "a.md").write_text('---\ntitle: "Compte rendu \\ud800"\nauthor: "M. \\udce9"\n---\n' + TEXT + "\n")
    (tree / "b.html").write_text(JSONLD_PAGE)
    (tree / "c.txt").write_text(TEXT)
    stats, rows = ingest(tmp_path, kit.make_source("text"))
    assert (stats.records_seen, stats.documents) == (3, 3)
    a, b, c = rows["documents"]
    assert (a["title"], a["author"]) == ("Compte rendu \\ud800", "M. \\xe9")
    assert b["author"] == "Claire \\xff"  # from the JSON-LD
    assert "lone_surrogates_escaped" in a["flags"] and "lone_surrogates_escaped" in b["flags"] and not c["flags"]


def test_lone_surrogates_in_a_warc_page_cost_nothing(kit, tmp_path, tmp_dump):
    write_crawl(kit, tmp_dump, [kit.http_response("https://www.mairie-exemple.fr/actes/1", JSONLD_PAGE.encode())])
    stats, rows = ingest(tmp_path, kit.make_source("warc"))
    assert (stats.records_seen, stats.documents, stats.quarantined) == (4, 4, 0)
    page = rows["documents"][1]
    assert page["author"] == "Claire \\xff" and page["flags"] == ["lone_surrogates_escaped"]


def test_a_zip_with_a_false_utf8_name_loses_no_member_and_keeps_the_name_escaped(kit, tmp_path, tmp_dump):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("préambule.txt", TEXT + " Préambule.")
        archive.writestr("délibération.txt", TEXT + " Délibération.")
        archive.writestr("suite.txt", TEXT + " Suite.")
    # The same name in latin-1 (as long in bytes), still flagged UTF-8 in the directory and the local header.
    data = buf.getvalue().replace("délibération".encode(), b"d\xe9lib\xe9ration__")
    (tmp_dump / "actes.zip").write_bytes(data)
    stats, rows = ingest(tmp_path, kit.make_source("text"))
    assert (stats.records_seen, stats.documents, stats.quarantined) == (3, 3, 0)
    assert locators(rows["documents"]) == [
        "landing/src/actes.zip!préambule.txt",
        "landing/src/actes.zip!d\\xe9lib\\xe9ration__.txt",
        "landing/src/actes.zip!suite.txt",
    ]
    assert [row["text"].rsplit(" ", 1)[-1] for row in rows["documents"]] == ["Préambule.", "Délibération.", "Suite."]


def test_a_zip_with_utf8_names_not_flagged_as_such_reads_them_as_utf8(kit, tmp_path, tmp_dump):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name in ("délibération.txt", "suite.txt"):
            info = zipfile.ZipInfo(name)
            archive.writestr(info, TEXT)
    data = buf.getvalue()
    # Clear the UTF-8 flag everywhere (as archivers that write UTF-8 silently do): bytes unchanged.
    for signature, flags_at in ((b"PK\x03\x04", 7), (b"PK\x01\x02", 9)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            data = data[: start + flags_at] + bytes([data[start + flags_at] & ~0x08]) + data[start + flags_at + 1 :]
            start += 4
    with zipfile.ZipFile(io.BytesIO(data)) as check:
        assert check.namelist()[0] != "délibération.txt"  # zipfile alone reads it as code page 437
    (tmp_dump / "actes.zip").write_bytes(data)
    _stats, rows = ingest(tmp_path, kit.make_source("text"))
    assert locators(rows["documents"]) == ["landing/src/actes.zip!délibération.txt", "landing/src/actes.zip!suite.txt"]
