"""Hostile HTML: pages nested too deep or holding too many elements are quarantined before any parser sees them,
quickly, and the records after them are read as usual."""

from __future__ import annotations

from functools import partial

import pyarrow.parquet as pq
import pytest

from provenance.contracts import ContractError, SourceContract, load_source
from provenance.dumps import discover_dumps
from provenance.ingest.html import MAX_HTML_DEPTH, MAX_HTML_ELEMENTS, html_document, markup_bound
from provenance.ingest.records import Document, Quarantined, QuarantineReason
from provenance.ingest.run import ingest_dump
from provenance.ingest.warc import read_warc
from provenance.workspace import publish_stage

PAGE = (
    "<!doctype html><html lang=fr><head><title>Budget</title></head><body><article><p>{}</p></article></body></html>"
)
TEXT = "Le conseil municipal a voté le budget primitif pour l'année 2024 après un long débat public."


def _page(body: str) -> bytes:
    return f"<!doctype html><html><head><title>Page</title></head><body><p>{TEXT}</p>{body}</body></html>".encode()


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("<div>" * 40_000 + "fin" + "</div>" * 40_000, QuarantineReason.TOO_DEEP),
        ("<div>" * 1_000_000 + "fin", QuarantineReason.TOO_DEEP),
        ("<table>" * 500_000 + "fin", QuarantineReason.TOO_DEEP),
        ("<span>x</span>" * (MAX_HTML_ELEMENTS // 2 + 1), QuarantineReason.OVERSIZE),
    ],
    ids=["div_40k_closed", "div_1m_unclosed", "table_500k_unclosed", "too_many_elements"],
)
def test_a_page_over_a_bound_is_quarantined_with_its_reason(body, reason):
    data = _page(body)
    found = html_document("landing/src/page.html", data)
    assert isinstance(found, Quarantined)
    assert found.reason == reason and found.byte_size == len(data)
    assert TEXT not in found.message  # the message says what is wrong, never quotes the page


def test_ordinary_deep_markup_and_unclosed_paragraphs_stay_within_bounds():
    # A real page nests a few dozen levels; unclosed <p>, <li>, <td> are closed by the parser, not nested.
    nested = "<div>" * 200 + f"<p>{TEXT}" + "</div>" * 200
    sloppy = "<ul>" + "<li>item" * 5000 + "</ul><table>" + "<tr><td>cell" * 5000 + "</table>" + "<p>para<br>" * 5000
    assert markup_bound(nested) is None and markup_bound(sloppy) is None
    found = html_document("landing/src/page.html", _page(nested))
    assert isinstance(found, Document) and TEXT in found.text


def test_the_depth_bound_is_exact():
    assert markup_bound("<div>" * MAX_HTML_DEPTH) is None
    bound = markup_bound("<div>" * (MAX_HTML_DEPTH + 1))
    assert bound is not None and bound[0] == QuarantineReason.TOO_DEEP


@pytest.mark.timeout(60)
@pytest.mark.parametrize("gzip_members", [False, True])
def test_a_crawl_with_hostile_pages_keeps_every_good_page_and_accounts_for_every_record(kit, tmp_dump, gzip_members):
    # Pages just over the bound (the huge ones are above): members of a few megabytes of repeated tags make
    # the gzip WARC reader re-read records, a reader bug of its own (reported with issue 14).
    bodies = [
        _page("<p>Première page.</p>"),
        _page("<div>" * 2 * MAX_HTML_DEPTH),
        _page("<p>Deuxième page.</p>"),
        _page("<table>" * 2 * MAX_HTML_DEPTH),
        _page("<p>Troisième page.</p>"),
    ]
    urls = [f"https://www.mairie-exemple.fr/page-{i}" for i in range(len(bodies))]
    records = [
        kit.warc_record_bytes(kit.http_response(url, body), i)
        for i, (url, body) in enumerate(zip(urls, bodies, strict=True))
    ]
    path = tmp_dump / ("crawl.warc.gz" if gzip_members else "crawl.warc")
    kit.write_warc(path, records, gzip_members=gzip_members)

    items = kit.by_type(kit.read_all(read_warc, path, kit.make_source("warc")))

    assert len(items["documents"]) + len(items["quarantined"]) + len(items["skipped"]) == len(records)
    assert [d.url for d in items["documents"]] == [urls[0], urls[2], urls[4]]
    assert [q.reason for q in items["quarantined"]] == [QuarantineReason.TOO_DEEP, QuarantineReason.TOO_DEEP]
    assert all("nests deeper than" in q.message for q in items["quarantined"])


@pytest.mark.timeout(60)
def test_a_page_of_thousands_of_sibling_paragraphs_is_read_in_linear_time():
    # resiliparse's child_nodes is quadratic in the number of children: 4,000 paragraphs took it 48 s.
    body = "".join(f"<p>Paragraphe {i} : {TEXT}</p>" for i in range(10_000))
    found = html_document("landing/src/page.html", _page(body))
    assert isinstance(found, Document)
    assert "Paragraphe 0 :" in found.text and "Paragraphe 9999 :" in found.text


CONTRACT = """\
id: src
title: Mairie d'exemple
rights_holder: Mairie d'exemple
licence: CC-BY-4.0
attribution: Mairie d'exemple
provenance_url: https://www.mairie-exemple.fr/
format: {format}
dumps: landing/src/*
language: fr
max_quarantine_rate: 1
"""


def _contract(tmp_path, format: str, limits: str = "") -> SourceContract:
    path = tmp_path / "contracts" / "sources" / "src.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CONTRACT.format(format=format) + limits, encoding="utf-8")
    return load_source(path)


def _ingest(home, source: SourceContract):
    (dump,) = discover_dumps(home, {source.id: source})
    out = home / "staging" / "documents" / dump.dump_id
    stats = publish_stage(out, partial(ingest_dump, dump, source))
    quarantine = pq.read_table(out / "quarantine.parquet").to_pylist()
    assert stats.records_seen == stats.documents + stats.quarantined + stats.skipped_records
    return stats, quarantine


@pytest.mark.timeout(120)
@pytest.mark.parametrize("format", ["warc", "text"])
def test_a_lowered_depth_limit_in_the_contract_quarantines_a_page_the_default_accepts(kit, tmp_path, tmp_dump, format):
    # A real page's layout nests a hundred levels at most: well within the default, over a limit of 64.
    deep = _page("<div>" * 100 + "<p>Le détail des votes.</p>" + "</div>" * 100)
    shallow = _page("<p>Le compte rendu de la séance.</p>")
    if format == "warc":
        urls = [f"https://www.mairie-exemple.fr/page-{i}" for i in range(2)]
        records = [
            kit.warc_record_bytes(kit.http_response(u, b), i)
            for i, (u, b) in enumerate(zip(urls, [deep, shallow], strict=True))
        ]
        kit.write_warc(tmp_dump / "crawl.warc", records, gzip_members=False)
    else:
        tree = tmp_dump / "pages"
        tree.mkdir()
        (tree / "deep.html").write_bytes(deep)
        (tree / "shallow.html").write_bytes(shallow)
    stats, quarantine = _ingest(tmp_path, _contract(tmp_path, format))
    assert (stats.documents, stats.quarantined) == (2, 0)
    assert stats.limits == {
        "max_document_chars": 2_000_000,
        "html_depth": MAX_HTML_DEPTH,
        "html_tags": MAX_HTML_ELEMENTS,
    }

    lowered = _contract(tmp_path, format, "limits:\n  html_depth: 64\n  html_tags: 5000\n")
    stats, quarantine = _ingest(tmp_path, lowered)
    assert (stats.documents, stats.quarantined) == (1, 1)
    (row,) = quarantine
    assert row["reason"] == QuarantineReason.TOO_DEEP and "deeper than 64 levels (limits.html_depth)" in row["message"]
    assert stats.limits == {"max_document_chars": 2_000_000, "html_depth": 64, "html_tags": 5000}


@pytest.mark.parametrize(
    ("limits", "field"),
    [
        ("limits:\n  html_depth: 0\n", "limits.html_depth"),
        ("limits:\n  html_tags: many\n", "limits.html_tags"),
        ("limits:\n  html_nesting: 40\n", "limits"),
    ],
)
def test_a_bad_limit_in_a_source_contract_is_an_error_naming_the_file_and_the_field(tmp_path, limits, field):
    with pytest.raises(ContractError) as excinfo:
        _contract(tmp_path, "warc", limits)
    assert "src.yaml" in str(excinfo.value) and field in str(excinfo.value)
