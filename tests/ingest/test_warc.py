"""The WARC/ARC reader: pages become documents with their rights signals; broken records are quarantined, never fatal."""

from __future__ import annotations

import dataclasses
import gzip
import shutil
from collections import Counter
from functools import partial
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from provenance.dumps import discover_dumps
from provenance.ingest.locators import warc_offset, warc_record
from provenance.ingest.records import QuarantineReason
from provenance.ingest.run import ingest_dump
from provenance.ingest.text_quality import markup_residue
from provenance.ingest.warc import read_warc
from provenance.workspace import publish_stage

ROBOTS = b"User-agent: GPTBot\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
TDMREP = (
    b'[{"location": "/articles/*", "tdm-reservation": 1, "tdm-policy": "https://www.progres-local.fr/policy.json"}]'
)


def rid(n: int) -> str:
    return f"<urn:uuid:00000000-0000-4000-8000-{n:012d}>"


def site_records(kit) -> list[bytes]:
    """A realistic crawl of two sites: warcinfo, pages, signals, and the records that are not documents."""
    specs = [
        dict(kind="warcinfo"),
        kit.http_response(
            "https://www.progres-local.fr/politique/budget-2024",
            kit.FRENCH_ARTICLE.encode(),
            headers=[
                ("TDM-Reservation", "1"),
                ("tdm-policy", "https://www.progres-local.fr/policy.json"),
                ("X-Robots-Tag", "noai"),
                ("x-robots-tag", "noimageai"),
                ("Content-Usage", "train-ai=n"),
                ("Link", '<https://creativecommons.org/licenses/by-nc/4.0/>; rel="license"'),
            ],
        ),
        dict(
            kind="request",
            url="https://www.progres-local.fr/politique/budget-2024",
            body=b"GET / HTTP/1.1\r\n\r\n",
            content_type="application/http; msgtype=request",
        ),
        kit.http_response("https://en.openpedia.org/wiki/River_Thames", kit.ENGLISH_WIKI_PAGE.encode()),
        kit.http_response("https://www.progres-local.fr/robots.txt", ROBOTS, content_type="text/plain"),
        kit.http_response(
            "https://www.progres-local.fr/.well-known/tdmrep.json", TDMREP, content_type="application/json"
        ),
        kit.http_response(
            "https://www.progres-local.fr/ancien",
            b"",
            status="301 Moved Permanently",
            headers=[("Location", "https://www.progres-local.fr/nouveau")],
        ),
        kit.http_response(
            "https://www.progres-local.fr/absent",
            b"<html><body>Page introuvable</body></html>",
            status="404 Not Found",
        ),
        kit.http_response(
            "https://www.progres-local.fr/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), content_type="image/png"
        ),
        kit.http_response("https://www.progres-local.fr/style.css", b"body{color:#333}", content_type="text/css"),
        kit.http_response(
            "https://www.progres-local.fr/rapport.pdf", b"%PDF-1.7\n" + bytes(100), content_type="application/pdf"
        ),
        dict(
            kind="metadata",
            url="https://www.progres-local.fr/politique/budget-2024",
            body=b"outlink: /a\r\n",
            content_type="application/warc-fields",
        ),
        kit.http_response(
            "https://www.mairie-exemple.fr/avis.txt",
            "Avis au public : la séance du conseil est ouverte à tous.".encode("latin-1"),
            content_type="text/plain; charset=iso-8859-1",
        ),
    ]
    return [kit.warc_record_bytes(spec, n) for n, spec in enumerate(specs)]


@pytest.mark.parametrize("compression", ["plain", "gzip_per_record", "gzip_single_stream"])
def test_a_crawl_yields_documents_signals_and_counted_skips(kit, tmp_dump, compression):
    records = site_records(kit)
    path = tmp_dump / ("crawl.warc" if compression == "plain" else "crawl.warc.gz")
    kit.write_warc(path, records, gzip_members=compression == "gzip_per_record")
    if compression == "gzip_single_stream":
        path.write_bytes(gzip.compress(b"".join(records)))
    items = kit.by_type(kit.read_all(read_warc, path, kit.make_source("warc")))

    assert [d.url for d in items["documents"]] == [
        "https://www.progres-local.fr/politique/budget-2024",
        "https://en.openpedia.org/wiki/River_Thames",
        "https://www.mairie-exemple.fr/avis.txt",
    ]
    assert items["quarantined"] == []
    assert sorted((s.kind, s.url) for s in items["signals"]) == [
        ("robots.txt", "https://www.progres-local.fr/robots.txt"),
        ("tdmrep.json", "https://www.progres-local.fr/.well-known/tdmrep.json"),
    ]
    assert sorted(s.reason for s in items["skipped"]) == [
        "http_redirect",
        "non_200_response",
        "non_text_response",
        "non_text_response",
        "non_text_response",
        "warc_metadata",
        "warc_request",
        "warc_warcinfo",
    ]
    robots = next(s for s in items["signals"] if s.kind == "robots.txt")
    assert robots.body == ROBOTS.decode() and robots.http_status == 200
    assert robots.retrieved_at == "2024-03-15T08:30:00Z"


def test_a_french_news_page_keeps_its_main_text_and_every_rights_signal(kit, tmp_dump):
    path = tmp_dump / "news.warc.gz"
    kit.write_warc(path, site_records(kit), gzip_members=True)
    doc = kit.by_type(kit.read_all(read_warc, path, kit.make_source("warc")))["documents"][0]

    assert "le budget primitif de l'exercice 2024" in doc.text
    assert "Accueil" not in doc.text and "À lire aussi" not in doc.text  # navigation and asides are not content
    assert doc.title.startswith("Conseil municipal de Villeurbanne")
    assert doc.author == "Claire Dubois"
    assert doc.published_at == "2024-03-14T18:05:00+01:00"
    assert doc.retrieved_at == "2024-03-15T08:30:00Z"
    assert doc.lang == "fr"
    assert doc.content_type == "text/html"
    # HTTP headers, case-insensitive, repeated ones joined
    assert doc.tdm_reservation == "1"
    assert doc.tdm_policy == "https://www.progres-local.fr/policy.json"
    assert doc.x_robots_tag == "noai, noimageai"
    assert doc.content_usage == "train-ai=n"
    # HTML signals
    assert doc.meta_robots == "index, follow, noai"
    assert doc.meta_tdm_reservation == "1"
    assert doc.meta_tdm_policy == "https://www.progres-local.fr/tdm-policy.json"
    assert doc.metadata["meta_robots_bots"] == {"gptbot": "noindex, nofollow", "ccbot": "nofollow"}
    assert "https://creativecommons.org/licenses/by-nc/4.0/" in doc.licence_hints
    assert "https://i.creativecommons.org/l/by-nc/4.0/88x31.png" in doc.licence_hints
    assert any("publiés sous licence CC BY-NC 4.0" in h for h in doc.licence_hints)
    assert doc.metadata["warc_record_id"] == rid(1)
    assert doc.metadata["http_status"] == 200
    assert doc.metadata["payload_digest"].startswith("sha1:")
    assert doc.locator == warc_record(f"landing/src/{path.name}", rid(1), 0)


def test_an_english_wiki_page_keeps_its_licence_footer_and_dc_rights(kit, tmp_dump):
    path = tmp_dump / "wiki.warc"
    kit.write_warc(path, site_records(kit), gzip_members=False)
    doc = kit.by_type(kit.read_all(read_warc, path, kit.make_source("warc")))["documents"][1]

    assert "The River Thames is a river that flows through southern England" in doc.text
    assert "Random article" not in doc.text
    assert doc.lang == "en"
    assert doc.meta_robots == "max-image-preview:standard"
    assert doc.tdm_reservation is None and doc.x_robots_tag is None
    assert "CC BY-SA 4.0" in doc.licence_hints
    assert "https://licensebuttons.net/l/by-sa/4.0/88x31.png" in doc.licence_hints
    assert any(
        h.startswith("Text is available under the Creative Commons Attribution-ShareAlike License 4.0")
        for h in doc.licence_hints
    )


def test_a_plain_text_response_is_decoded_with_its_declared_charset(kit, tmp_dump):
    path = tmp_dump / "text.warc.gz"
    kit.write_warc(path, site_records(kit), gzip_members=True)
    doc = kit.by_type(kit.read_all(read_warc, path, kit.make_source("warc")))["documents"][2]
    assert doc.text == "Avis au public : la séance du conseil est ouverte à tous."
    assert doc.content_type == "text/plain" and doc.metadata["charset"] == "iso-8859-1"


def test_gzip_encoded_and_chunked_bodies_are_decoded(kit, tmp_dump):
    body = kit.FRENCH_ARTICLE.encode()
    gz = gzip.compress(body, mtime=0)
    chunked = (
        b"".join(b"%x\r\n%s\r\n" % (len(gz[i : i + 500]), gz[i : i + 500]) for i in range(0, len(gz), 500))
        + b"0\r\n\r\n"
    )
    spec = kit.http_response(
        "https://www.progres-local.fr/a",
        chunked,
        headers=[("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")],
    )
    path = tmp_dump / "enc.warc"
    kit.write_warc(path, [kit.warc_record_bytes(spec, 1)], gzip_members=False)
    (doc,) = kit.read_all(read_warc, path, kit.make_source("warc"))
    assert "le budget primitif de l'exercice 2024" in doc.text


def _pages(kit, n: int) -> list[bytes]:
    bodies = [
        "<html lang='fr'><head><title>Séance du {i} mars</title></head><body><article><p>"
        + "Le président ouvre la séance à quinze heures et donne la parole au rapporteur. " * 8
        + "Séance numéro {i}.</p></article></body></html>"
        for _ in range(n)
    ]
    return [
        kit.warc_record_bytes(
            kit.http_response(f"https://www.assemblee-exemple.fr/seance/{i}", body.replace("{i}", str(i)).encode()), i
        )
        for i, body in enumerate(bodies)
    ]


@pytest.mark.parametrize("gzip_members", [False, True], ids=["plain", "gzip_per_record"])
@pytest.mark.parametrize("delta", [-40, 300, 5000], ids=["too_short", "too_long", "past_the_end"])
def test_a_record_whose_content_length_lies_is_quarantined_and_reading_resumes(kit, tmp_dump, gzip_members, delta):
    records = _pages(kit, 4)
    records[1] = kit.set_content_length(records[1], delta)
    path = tmp_dump / ("lies.warc.gz" if gzip_members else "lies.warc")
    offsets = kit.write_warc(path, records, gzip_members)
    items = kit.by_type(kit.read_all(read_warc, path, kit.make_source("warc")))

    # records seen = 4 = 3 documents + 1 quarantined: the lie costs exactly one record
    assert [d.metadata["warc_record_id"] for d in items["documents"]] == [rid(0), rid(2), rid(3)]
    assert [(q.locator, q.reason) for q in items["quarantined"]] == [
        (warc_record(f"landing/src/{path.name}", rid(1), offsets[1]), QuarantineReason.LENGTH_MISMATCH)
    ]
    assert "Content-Length" in items["quarantined"][0].message


@pytest.mark.parametrize("gzip_members", [False, True], ids=["plain", "gzip_per_record"])
def test_a_lying_last_record_is_quarantined_without_losing_earlier_ones(kit, tmp_dump, gzip_members):
    records = _pages(kit, 3)
    records[2] = kit.set_content_length(records[2], -25)
    path = tmp_dump / "last.warc"
    kit.write_warc(path, records, gzip_members)
    items = kit.by_type(kit.read_all(read_warc, path, kit.make_source("warc")))
    assert len(items["documents"]) == 2
    assert [q.reason for q in items["quarantined"]] == [QuarantineReason.LENGTH_MISMATCH]


def test_a_truncated_gzip_warc_keeps_the_records_before_the_cut(kit, tmp_dump):
    records = _pages(kit, 5)
    path = tmp_dump / "cut.warc.gz"
    offsets = kit.write_warc(path, records, gzip_members=True)
    data = path.read_bytes()
    path.write_bytes(data[: offsets[3] + (offsets[4] - offsets[3]) // 2])  # cut inside the 4th member
    items = kit.by_type(kit.read_all(read_warc, path, kit.make_source("warc")))

    assert [d.metadata["warc_record_id"] for d in items["documents"]] == [rid(0), rid(1), rid(2)]
    (truncated,) = items["quarantined"]
    assert truncated.reason == QuarantineReason.TRUNCATED_STREAM
    assert truncated.locator in (
        warc_record(f"landing/src/{path.name}", rid(3), offsets[3]),
        warc_offset(f"landing/src/{path.name}", offsets[3]),
    )
    assert f"member starting at byte {offsets[3]}" in truncated.message


def test_a_corrupt_gzip_member_stops_reading_with_a_quarantine_row(kit, tmp_dump):
    records = _pages(kit, 3)
    path = tmp_dump / "corrupt.warc.gz"
    offsets = kit.write_warc(path, records, gzip_members=True)
    data = bytearray(path.read_bytes())
    for i in range(offsets[2] + 30, offsets[2] + 90):
        data[i] ^= 0xA5
    path.write_bytes(bytes(data))
    items = kit.by_type(kit.read_all(read_warc, path, kit.make_source("warc")))
    assert len(items["documents"]) == 2
    assert [q.reason for q in items["quarantined"]] == [QuarantineReason.TRUNCATED_STREAM]


def test_unparseable_record_headers_are_quarantined_and_the_next_record_is_read(kit, tmp_dump):
    records = _pages(kit, 3)
    broken = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:bad>\r\n"
        b"Content-Length: twelve\r\n\r\nhello world!\r\n\r\n"
    )
    path = tmp_dump / "headers.warc"
    kit.write_warc(
        path,
        [records[0], broken, b"this line is not a WARC header\r\n\r\n", records[1], records[2]],
        gzip_members=False,
    )
    items = kit.by_type(kit.read_all(read_warc, path, kit.make_source("warc")))
    assert [d.metadata["warc_record_id"] for d in items["documents"]] == [rid(0), rid(1), rid(2)]
    assert [(q.locator.split("#")[-1], q.reason) for q in items["quarantined"]] == [
        ("<urn:uuid:bad>", QuarantineReason.INVALID_RECORD),
    ]
    assert "twelve" not in items["quarantined"][0].message


def _arc(records: list[tuple[str, bytes]]) -> bytes:
    version = b"1 0 InternetArchive\nURL IP-address Archive-date Content-type Archive-length\n"
    out = [b"filedesc://crawl.arc 0.0.0.0 20240315083000 text/plain %d\n%s\n" % (len(version), version)]
    for url, block in records:
        out.append(b"%s 192.0.2.10 20240315083000 text/html %d\n%s\n" % (url.encode(), len(block), block))
    return b"".join(out)


@pytest.mark.parametrize("gz", [False, True], ids=["arc", "arc.gz"])
def test_arc_files_are_read_like_warcs_with_offsets_as_locators(kit, tmp_dump, gz):
    page = b"HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + kit.FRENCH_ARTICLE.encode()
    robots = b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n" + ROBOTS
    data = _arc([("https://www.progres-local.fr/a", page), ("https://www.progres-local.fr/robots.txt", robots)])
    path = tmp_dump / ("crawl.arc.gz" if gz else "crawl.arc")
    if gz:  # one gzip member per record, as ARC writers do
        parts = data.split(b"\nhttps://")
        members = [parts[0] + b"\n"] + [
            b"https://" + p + (b"\n" if i < len(parts) - 2 else b"") for i, p in enumerate(parts[1:])
        ]
        offsets = kit.write_warc(path, members, gzip_members=True)
    else:
        path.write_bytes(data)
        offsets = [0, data.index(b"https://www.progres-local.fr/a 192")]
    items = kit.by_type(kit.read_all(read_warc, path, kit.make_source("warc")))
    (doc,) = items["documents"]
    assert doc.locator == warc_offset(f"landing/src/{path.name}", offsets[1])
    assert doc.retrieved_at == "2024-03-15T08:30:00+00:00"
    assert doc.meta_tdm_reservation == "1" and "le budget primitif" in doc.text
    assert [s.kind for s in items["signals"]] == ["robots.txt"]
    assert [s.reason for s in items["skipped"]] == ["arc_filedesc"]
    assert items["quarantined"] == []


def test_reading_a_warc_twice_gives_the_same_locators_and_texts(kit, tmp_dump):
    path = tmp_dump / "again.warc.gz"
    kit.write_warc(path, site_records(kit), gzip_members=True)
    first = [(i.locator, getattr(i, "text", None)) for i in kit.read_all(read_warc, path, kit.make_source("warc"))]
    second = [(i.locator, getattr(i, "text", None)) for i in kit.read_all(read_warc, path, kit.make_source("warc"))]
    assert first == second
    assert len({loc for loc, _ in first}) == len(first)


def test_a_gzip_member_holding_no_record_costs_only_itself(kit, tmp_dump):
    records = _pages(kit, 3)
    path = tmp_dump / "junk.warc.gz"
    offsets = kit.write_warc(
        path,
        [records[0], b"<html>stray bytes from a broken writer</html>\r\n", records[1], records[2]],
        gzip_members=True,
    )
    items = kit.by_type(kit.read_all(read_warc, path, kit.make_source("warc")))
    assert [d.metadata["warc_record_id"] for d in items["documents"]] == [rid(0), rid(1), rid(2)]
    assert [(q.locator, q.reason) for q in items["quarantined"]] == [
        (warc_offset(f"landing/src/{path.name}", offsets[1]), QuarantineReason.INVALID_RECORD)
    ]


# --------------------------------------------------------------------------- real archives (tests/fixtures/real/warc)

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"


def read_real(kit, name: str) -> dict[str, list]:
    return kit.by_type(kit.read_all(read_warc, REAL / "warc" / name, kit.make_source("warc"), relpath=f"warc/{name}"))


def test_a_real_wget_crawl_keeps_its_two_pages_and_skips_wgets_manifest_arguments_and_log(kit):
    items = read_real(kit, "IAH-urls-wget.warc.gz")
    assert [(d.url, d.locator.split("#")[1]) for d in items["documents"]] == [
        ("https://archive.org/", "<urn:uuid:6DCBFDDB-2849-4205-ACEC-276072F90606>"),
        ("https://archive.org/", "<urn:uuid:F799DB9D-92F9-4353-9CAA-D89B63233DDC>"),
    ]
    assert all(
        d.title == "Internet Archive: Digital Library of Free Books, Movies, Music & Wayback Machine"
        for d in items["documents"]
    )
    assert items["quarantined"] == []
    assert [(s.kind, s.url) for s in items["signals"]] == [("robots.txt", "http://archive.org/robots.txt")]
    assert Counter(str(s.reason) for s in items["skipped"]) == {
        "warc_warcinfo": 1,
        "warc_request": 16,
        "http_redirect": 9,
        "non_text_response": 4,
        "non_http_resource": 3,
    }
    wget_own = [(s.url, str(s.reason)) for s in items["skipped"] if s.url and s.url.startswith("metadata://")]
    assert wget_own == [
        ("metadata://gnu.org/software/wget/warc/MANIFEST.txt", "non_http_resource"),
        ("metadata://gnu.org/software/wget/warc/wget_arguments.txt", "non_http_resource"),
        ("metadata://gnu.org/software/wget/warc/wget.log", "non_http_resource"),
    ]
    redirects = {s.url for s in items["skipped"] if s.reason == "http_redirect"}
    assert "http://www.archive.org/robots.txt" in redirects and "http://archive.org/index.php" in redirects
    assert {s.url for s in items["skipped"] if s.reason == "non_text_response"} == {
        "http://archive.org/images/logoc.jpg",
        "http://archive.org/images/go-button-gateway.gif",
        "http://archive.org/images/star.png",
        "http://archive.org/services/collection-rss.php",
    }


def test_wgets_manifest_and_arguments_share_a_record_id_yet_stay_two_skipped_rows(kit, tmp_path):
    home = tmp_path / "home"
    (home / "warc").mkdir(parents=True)
    shutil.copy(REAL / "warc" / "IAH-urls-wget.warc.gz", home / "warc")
    source = dataclasses.replace(kit.make_source("warc", source_id="ukwa"), dumps=("warc/*.warc.gz",))
    (dump,) = discover_dumps(home, {"ukwa": source})
    out = home / "staging" / "documents" / dump.dump_id
    stats = publish_stage(out, partial(ingest_dump, dump, source))
    skipped = pq.read_table(out / "skipped.parquet").to_pylist()
    shared = "warc/IAH-urls-wget.warc.gz#<urn:uuid:5709BD84-D58B-45AD-BBC4-0A9E61785C8B>"
    assert [r["locator"] for r in skipped if r["locator"].startswith(shared)] == [shared, shared + "~2"]
    assert len({r["record_id"] for r in skipped}) == len(skipped) == 33
    assert stats.records_seen == stats.documents + stats.quarantined + stats.skipped_records == 35


def test_a_real_heritrix_crawl_skips_dns_requests_metadata_and_images(kit):
    items = read_real(kit, "IAH-20080430204825-00000-blackbook-truncated.warc.gz")
    assert [d.url for d in items["documents"]] == ["http://www.archive.org/", "http://www.archive.org/index.php"]
    assert [d.title for d in items["documents"]] == [None, "Internet Archive"]  # no <title>: none, not a URL
    assert items["documents"][0].text == "Please visit our website at:\nhttp://www.archive.org"
    assert items["quarantined"] == []
    assert [s.url for s in items["signals"]] == ["http://www.archive.org/robots.txt"]
    assert Counter(str(s.reason) for s in items["skipped"]) == {
        "warc_warcinfo": 1,
        "non_http_response": 1,
        "warc_request": 7,
        "warc_metadata": 7,
        "non_text_response": 4,
    }
    assert [s.url for s in items["skipped"] if s.reason == "non_http_response"] == ["dns:www.archive.org"]


def test_a_real_layout_table_page_reads_as_rows_of_text_not_markdown_cells(kit):
    # archive.org in 2008: a page laid out with nested tables and spacer cells
    (_, home) = read_real(kit, "IAH-20080430204825-00000-blackbook-truncated.warc.gz")["documents"]
    assert "The Internet Archive is building a digital library" in home.text
    assert "Web | Moving Images | Texts | Audio | Software | Education | Patron Info | About IA" in home.text
    assert markup_residue(home.text) == 0 and "|  |" not in home.text and "\\|" not in home.text


def test_a_real_common_crawl_capture_is_one_page_and_three_skipped_records(kit):
    items = read_real(kit, "whirlwind.warc.gz")
    (page,) = items["documents"]
    assert page.url == "https://an.wikipedia.org/wiki/Escopete" and page.lang == "an"
    assert page.title == "Escopete - Biquipedia, a enciclopedia libre"
    assert page.retrieved_at == "2024-05-18T01:58:10Z"
    assert [str(s.reason) for s in items["skipped"]] == ["warc_warcinfo", "warc_request", "warc_metadata"]


def test_a_real_wpull_crawl_log_is_a_skipped_resource(kit):
    items = read_real(kit, "example-wpull.warc.gz")
    assert [d.url for d in items["documents"]] == ["http://example.com/"]
    assert [(s.url, str(s.reason)) for s in items["skipped"]] == [
        (None, "warc_warcinfo"),
        ("http://example.com/", "warc_request"),
        ("urn:X-wpull:log", "non_http_resource"),
    ]


def test_a_resource_record_is_a_document_only_for_a_web_url_with_a_text_payload(kit, tmp_dump):
    specs = [
        dict(
            kind="resource",
            url="https://www.mairie-exemple.fr/avis.html",
            body=kit.FRENCH_ARTICLE.encode(),
            content_type="text/html; charset=utf-8",
        ),
        dict(
            kind="resource",
            url="https://www.mairie-exemple.fr/plan.pdf",
            body=b"%PDF-1.7\n" + bytes(50),
            content_type="application/pdf",
        ),
        dict(
            kind="resource",
            url="metadata://gnu.org/software/wget/warc/wget.log",
            body="Connexion à www.mairie-exemple.fr (203.0.113.8)… connecté.\n".encode(),
            content_type="text/plain",
        ),
        dict(kind="resource", url="file:///home/archiviste/notes.txt", body=b"notes", content_type="text/plain"),
    ]
    path = tmp_dump / "resources.warc.gz"
    kit.write_warc(path, [kit.warc_record_bytes(s, n) for n, s in enumerate(specs)], gzip_members=True)
    items = kit.by_type(kit.read_all(read_warc, path, kit.make_source("warc")))
    assert [d.url for d in items["documents"]] == ["https://www.mairie-exemple.fr/avis.html"]
    assert [(s.url, str(s.reason)) for s in items["skipped"]] == [
        ("https://www.mairie-exemple.fr/plan.pdf", "non_text_resource"),
        ("metadata://gnu.org/software/wget/warc/wget.log", "non_http_resource"),
        ("file:///home/archiviste/notes.txt", "non_http_resource"),
    ]
