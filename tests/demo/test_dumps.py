"""Each demo dump is a valid file of its format, read here with the format's own libraries, not our readers."""

import bz2
import gzip
import io
import json
import tarfile
import zlib

import mwxml
import pyarrow.parquet as pq
import zstandard
from warcio.statusandheaders import StatusAndHeadersParser

from provenance_demo.ground_truth import PII_TYPES


def _dump(demo_home, truth, source_id):
    return demo_home / truth.sources[source_id]["dumps"][0]


def _warc_records(path):
    """Every record of a per-record-gzipped WARC, its headers parsed with warcio, its declared and real lengths."""
    data = path.read_bytes()
    records = []
    while data:
        member = zlib.decompressobj(31)
        block = member.decompress(data)
        data = member.unused_data
        head, _, rest = block.partition(b"\r\n\r\n")
        warc = StatusAndHeadersParser(["WARC/1.1"]).parse(io.BytesIO(head + b"\r\n\r\n"))
        http = None
        if warc.get_header("WARC-Type") in ("response", "request"):
            http = StatusAndHeadersParser(["HTTP/1.1", "GET"], verify=False).parse(io.BytesIO(rest))
        records.append(
            {
                "type": warc.get_header("WARC-Type"),
                "id": warc.get_header("WARC-Record-ID"),
                "url": warc.get_header("WARC-Target-URI"),
                "declared": int(warc.get_header("Content-Length")),
                "actual": len(rest) - 4,
                "http": http,
            }
        )
    return records


def test_warc_crawls_hold_requests_responses_site_files_and_an_image(demo_home, truth):
    for source_id in ("gazette_ouest", "plumes_blogs"):
        relpath = truth.sources[source_id]["dumps"][0]
        records = _warc_records(demo_home / relpath)
        assert records[0]["type"] == "warcinfo" and any(r["type"] == "request" for r in records)
        responses = [r for r in records if r["type"] == "response"]
        assert {"text/html", "text/plain", "image/png"} <= {
            r["http"].get_header("Content-Type").split(";")[0] for r in responses
        }
        assert any(r["url"].endswith("/robots.txt") for r in responses)
        ids = {r["id"] for r in records}
        for planted in truth.records_of(relpath):
            assert planted.locator.split("#", 1)[1] in ids
        # Every record is framed truthfully except the one planted to lie about its length.
        liars = {r["id"] for r in records if r["declared"] != r["actual"]}
        planted_liars = {
            p.locator.split("#", 1)[1] for p in truth.records_of(relpath) if p.quarantine_reason == "length_mismatch"
        }
        assert liars == planted_liars
    assert any(s["kind"] == "tdmrep.json" for s in truth.site_signals)
    assert sum(r.quarantine_reason == "length_mismatch" for r in truth.records) == 1


def test_every_response_header_variant_is_in_the_crawl(demo_home, truth):
    headers = []
    for source_id in ("gazette_ouest", "plumes_blogs"):
        headers += [
            h
            for r in _warc_records(demo_home / truth.sources[source_id]["dumps"][0])
            if r["type"] == "response"
            for h in r["http"].headers
        ]
    assert ("TDM-Reservation", "1") in headers and ("tdm-reservation", "0") in headers
    assert ("X-Robots-Tag", "noai") in headers
    assert ("Content-Usage", "train-ai=n") in headers and ("Content-Usage", 'train-ai="n"') in headers


def test_jsonl_dumps_are_gzip_zstd_and_plain_with_nested_fields(demo_home, truth):
    an = gzip.decompress(_dump(demo_home, truth, "an_debats").read_bytes()).split(b"\n")
    forum = (
        zstandard.ZstdDecompressor()
        .decompressobj()
        .decompress(_dump(demo_home, truth, "forum_riverside").read_bytes())
    )
    plain = _dump(demo_home, truth, "presse_rhodanienne").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line.decode("utf-8", "replace")) for line in an if line]
    assert all(isinstance(r["contenu"], dict) and isinstance(r["seance"], dict) for r in records)
    assert sum(b"\xe9" in line for line in an) == 1  # the one line carrying latin-1 bytes
    assert json.loads(plain[0])["texte"]
    lines = forum.split(b"\n")
    parsed = 0
    for line in lines:
        try:
            value = json.loads(line)
        except ValueError:
            continue
        parsed += isinstance(value, dict)
    assert parsed == sum(1 for r in truth.records if r.source_id == "forum_riverside" and r.expect == "document")


def test_parquet_dump_has_a_nested_programme_and_several_row_groups(demo_home, truth):
    parquet = pq.ParquetFile(_dump(demo_home, truth, "radio_albion"))
    assert parquet.metadata.num_rows == truth.sources["radio_albion"]["records"]
    assert parquet.metadata.num_row_groups >= 1
    assert parquet.schema_arrow.field("programme").type.num_fields == 2
    transcripts = parquet.read(columns=["transcript"]).column(0).to_pylist()
    assert None in transcripts and "" in transcripts


def test_mediawiki_exports_have_siteinfo_revisions_a_redirect_and_a_talk_page(demo_home, truth):
    for source_id in ("wikimemoire", "localwiki_en"):
        with bz2.open(_dump(demo_home, truth, source_id)) as fh:
            dump = mwxml.Dump.from_file(fh)
            assert dump.site_info.dbname and dump.site_info.namespaces
            pages = {p.id: (p.namespace, p.redirect, [(r.timestamp, r.id) for r in p]) for p in dump}
        assert any(ns == 1 for ns, _, _ in pages.values())
        assert any(redirect for _, redirect, _ in pages.values())
        assert any(len(revs) >= 3 for _, _, revs in pages.values())
        relpath = truth.sources[source_id]["dumps"][0]
        records = truth.records_of(relpath)
        assert len(records) == sum(1 for ns, redirect, _ in pages.values() if ns == 0 and not redirect)
        for r in records:
            page, rev = (int(part.split("=")[1]) for part in r.locator.split("#", 1)[1].split("&"))
            # The locator names the page's latest revision, by date.
            assert rev == max(pages[page][2])[1]


def test_text_tree_holds_txt_md_html_a_windows_1252_file_and_non_text_files(demo_home, truth):
    with tarfile.open(_dump(demo_home, truth, "cdj_decisions")) as tar:
        names = tar.getnames()
        suffixes = {n.rsplit(".", 1)[1] for n in names}
        assert {"txt", "md", "html", "png", "pdf"} <= suffixes
        cp1252 = [r for r in truth.records if "encoding_guessed" in r.expected_flags]
        assert len(cp1252) == 1
        raw = tar.extractfile(cp1252[0].locator.split("!", 1)[1]).read()
        try:
            raw.decode("utf-8")
            raise AssertionError("the Windows-1252 member must not be valid UTF-8")
        except UnicodeDecodeError:
            pass
        markdown = [n for n in names if n.endswith(".md")]
        assert all(tar.extractfile(n).read().startswith(b"---\n") for n in markdown)
    assert {s["reason"] for s in truth.skipped} >= {
        "tree_other_file",
        "warc_request",
        "warc_warcinfo",
        "non_text_response",
        "wiki_redirect",
        "wiki_namespace",
    }


def test_ground_truth_names_only_known_entity_types(truth):
    assert {p.entity_type for r in truth.records for p in r.pii} == set(PII_TYPES)


def test_reading_the_raw_bytes_back_is_possible_for_every_format(demo_home, truth):
    # A smoke check that nothing was written half: every dump file is non-empty and fully decompressible.
    for source in truth.sources.values():
        path = demo_home / source["dumps"][0]
        data = path.read_bytes()
        assert data
        if path.name.endswith(".gz"):
            gzip.decompress(data)
        elif path.name.endswith(".bz2"):
            bz2.decompress(data)
        elif path.name.endswith(".zst"):
            zstandard.ZstdDecompressor().decompressobj().decompress(data)
