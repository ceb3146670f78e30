"""The WARC/ARC reader: pages become documents with their rights signals; broken records are quarantined, never fatal."""

from __future__ import annotations

import gzip

import pytest

from provenance.ingest.locators import warc_offset, warc_record
from provenance.ingest.records import QuarantineReason
from provenance.ingest.warc import read_warc

ROBOTS = b"User-agent: GPTBot\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
TDMREP = b'[{"location": "/articles/*", "tdm-reservation": 1, "tdm-policy": "https://www.progres-local.fr/policy.json"}]'


def rid(n: int) -> str:
    return f"<urn:uuid:00000000-0000-4000-8000-{n:012d}>"


def site_records(kit) -> list[bytes]:
    """A realistic crawl of two sites: warcinfo, pages, signals, and the records that are not documents."""
    specs = [
        dict(kind="warcinfo"),
        kit.http_response("https://www.progres-local.fr/politique/budget-2024", kit.FRENCH_ARTICLE.encode(),
                          headers=[("TDM-Reservation", "1"), ("tdm-policy", "https://www.progres-local.fr/policy.json"),
                                   ("X-Robots-Tag", "noai"), ("x-robots-tag", "noimageai"),
                                   ("Content-Usage", "train-ai=n"),
                                   ("Link", '<https://creativecommons.org/licenses/by-nc/4.0/>; rel="license"')]),
        dict(kind="request", url="https://www.progres-local.fr/politique/budget-2024", body=b"GET / HTTP/1.1\r\n\r\n",
             content_type="application/http; msgtype=request"),
        kit.http_response("https://en.openpedia.org/wiki/River_Thames", kit.ENGLISH_WIKI_PAGE.encode()),
        kit.http_response("https://www.progres-local.fr/robots.txt", ROBOTS, content_type="text/plain"),
        kit.http_response("https://www.progres-local.fr/.well-known/tdmrep.json", TDMREP, content_type="application/json"),
        kit.http_response("https://www.progres-local.fr/ancien", b"", status="301 Moved Permanently",
                          headers=[("Location", "https://www.progres-local.fr/nouveau")]),
        kit.http_response("https://www.progres-local.fr/absent", b"<html><body>Page introuvable</body></html>",
                          status="404 Not Found"),
        kit.http_response("https://www.progres-local.fr/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), content_type="image/png"),
        kit.http_response("https://www.progres-local.fr/style.css", b"body{color:#333}", content_type="text/css"),
        kit.http_response("https://www.progres-local.fr/rapport.pdf", b"%PDF-1.7\n" + bytes(100), content_type="application/pdf"),
        dict(kind="metadata", url="https://www.progres-local.fr/politique/budget-2024", body=b"outlink: /a\r\n",
             content_type="application/warc-fields"),
        kit.http_response("https://www.mairie-exemple.fr/avis.txt",
                          "Avis au public : la séance du conseil est ouverte à tous.".encode("latin-1"),
                          content_type="text/plain; charset=iso-8859-1"),
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
        "http_redirect", "non_200_response", "non_text_response", "non_text_response", "non_text_response",
        "warc_metadata", "warc_request", "warc_warcinfo",
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
    assert any(h.startswith("Text is available under the Creative Commons Attribution-ShareAlike License 4.0")
               for h in doc.licence_hints)


def test_a_plain_text_response_is_decoded_with_its_declared_charset(kit, tmp_dump):
    path = tmp_dump / "text.warc.gz"
    kit.write_warc(path, site_records(kit), gzip_members=True)
    doc = kit.by_type(kit.read_all(read_warc, path, kit.make_source("warc")))["documents"][2]
    assert doc.text == "Avis au public : la séance du conseil est ouverte à tous."
    assert doc.content_type == "text/plain" and doc.metadata["charset"] == "iso-8859-1"


def test_gzip_encoded_and_chunked_bodies_are_decoded(kit, tmp_dump):
    body = kit.FRENCH_ARTICLE.encode()
    gz = gzip.compress(body, mtime=0)
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(gz[i:i + 500]), gz[i:i + 500]) for i in range(0, len(gz), 500)) + b"0\r\n\r\n"
    spec = kit.http_response("https://www.progres-local.fr/a", chunked,
                             headers=[("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")])
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
    return [kit.warc_record_bytes(kit.http_response(f"https://www.assemblee-exemple.fr/seance/{i}",
                                                    body.replace("{i}", str(i)).encode()), i)
            for i, body in enumerate(bodies)]


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
        (warc_record(f"landing/src/{path.name}", rid(1), offsets[1]),
         QuarantineReason.LENGTH_MISMATCH)
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
    assert truncated.locator in (warc_record(f"landing/src/{path.name}", rid(3), offsets[3]),
                                 warc_offset(f"landing/src/{path.name}", offsets[3]))
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
    broken = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:bad>\r\n"
              b"Content-Length: twelve\r\n\r\nhello world!\r\n\r\n")
    path = tmp_dump / "headers.warc"
    kit.write_warc(path, [records[0], broken, b"this line is not a WARC header\r\n\r\n", records[1], records[2]],
                   gzip_members=False)
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
        members = [parts[0] + b"\n"] + [b"https://" + p + (b"\n" if i < len(parts) - 2 else b"") for i, p in enumerate(parts[1:])]
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
    offsets = kit.write_warc(path, [records[0], b"<html>stray bytes from a broken writer</html>\r\n", records[1],
                                    records[2]], gzip_members=True)
    items = kit.by_type(kit.read_all(read_warc, path, kit.make_source("warc")))
    assert [d.metadata["warc_record_id"] for d in items["documents"]] == [rid(0), rid(1), rid(2)]
    assert [(q.locator, q.reason) for q in items["quarantined"]] == [
        (warc_offset(f"landing/src/{path.name}", offsets[1]), QuarantineReason.INVALID_RECORD)]
