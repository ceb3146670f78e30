"""Each demo dump is a valid file of its format, read here with the format's own libraries, not our readers."""

import bz2
import gzip
import json
import tarfile

import mwxml
import pyarrow.parquet as pq
import zstandard
from warcio.archiveiterator import ArchiveIterator

from provenance.demo.ground_truth import PII_TYPES


def _dump(demo_home, truth, source_id):
    return demo_home / truth.sources[source_id]["dumps"][0]


def test_warc_crawls_hold_requests_responses_site_files_and_an_image(demo_home, truth):
    for source_id in ("gazette_ouest", "plumes_blogs"):
        path = _dump(demo_home, truth, source_id)
        relpath = truth.sources[source_id]["dumps"][0]
        kinds, ids, types, urls = [], set(), set(), set()
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                kinds.append(record.rec_type)
                ids.add(record.rec_headers.get_header("WARC-Record-ID"))
                if record.rec_type == "response":
                    types.add(record.http_headers.get_header("Content-Type").split(";")[0])
                    urls.add(record.rec_headers.get_header("WARC-Target-URI"))
                record.content_stream().read()
        assert kinds[0] == "warcinfo" and "request" in kinds
        assert {"text/html", "text/plain", "image/png"} <= types
        assert any(u.endswith("/robots.txt") for u in urls)
        for r in truth.records_of(relpath):
            assert r.locator.split("#", 1)[1] in ids
    assert any(s["kind"] == "tdmrep.json" for s in truth.site_signals)


def test_every_response_header_variant_is_in_the_crawl(demo_home, truth):
    headers = []
    with open(_dump(demo_home, truth, "gazette_ouest"), "rb") as fh:
        headers += [h for rec in ArchiveIterator(fh) if rec.rec_type == "response" for h in rec.http_headers.headers]
    with open(_dump(demo_home, truth, "plumes_blogs"), "rb") as fh:
        headers += [h for rec in ArchiveIterator(fh) if rec.rec_type == "response" for h in rec.http_headers.headers]
    assert ("TDM-Reservation", "1") in headers and ("tdm-reservation", "0") in headers
    assert ("X-Robots-Tag", "noai") in headers
    assert ("Content-Usage", "train-ai=n") in headers and ("Content-Usage", 'train-ai="n"') in headers


def test_jsonl_dumps_are_gzip_zstd_and_plain_with_nested_fields(demo_home, truth):
    an = gzip.decompress(_dump(demo_home, truth, "an_debats").read_bytes()).split(b"\n")
    forum = zstandard.ZstdDecompressor().decompressobj().decompress(_dump(demo_home, truth, "forum_riverside").read_bytes())
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
    assert {s["reason"] for s in truth.skipped} >= {"tree_other_file", "warc_request", "warc_warcinfo",
                                                     "non_text_response", "wiki_redirect", "wiki_namespace"}


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
