"""Builders for ingest tests: source contracts, reader runs, and realistic dumps written in tmp_path."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from provenance.contracts import SourceContract
from provenance.ingest.records import Document, Quarantined, ReaderContext, SiteSignal, Skipped

FRENCH_ARTICLE = """<!DOCTYPE html>
<html lang="fr-FR">
<head>
<meta charset="utf-8">
<title>Conseil municipal de Villeurbanne : le budget 2024 adopté | Le Progrès local</title>
<meta name="author" content="Claire Dubois">
<meta name="robots" content="index, follow, noai">
<meta name="GPTBot" content="noindex, nofollow">
<meta name="CCBot" content="nofollow">
<meta name="tdm-reservation" content="1">
<meta name="tdm-policy" content="https://www.progres-local.fr/tdm-policy.json">
<meta property="article:published_time" content="2024-03-14T18:05:00+01:00">
<meta name="dcterms.license" content="https://creativecommons.org/licenses/by-nc/4.0/">
<link rel="license" href="https://creativecommons.org/licenses/by-nc/4.0/">
<style>body{font-family:serif}</style>
</head>
<body>
<header><nav><a href="/">Accueil</a> | <a href="/politique">Politique</a> | <a href="/sport">Sport</a></nav></header>
<main>
<article>
<h1>Conseil municipal de Villeurbanne : le budget 2024 adopté</h1>
<p class="byline">Par Claire Dubois, publié le 14 mars 2024</p>
<p>Le conseil municipal de Villeurbanne s'est réuni jeudi soir pour examiner le budget primitif de l'exercice 2024.
Après plus de trois heures de débats, le texte a été adopté par 38 voix contre 15.</p>
<p>« Nous faisons le choix d'investir dans les écoles et les transports », a déclaré M. Jean-Paul Martin, adjoint
aux finances, joignable au 04 78 12 34 56 ou à jp.martin@mairie-exemple.fr.</p>
<p>L'opposition a dénoncé une hausse de la fiscalité locale et a demandé un audit indépendant des dépenses de
fonctionnement de la ville.</p>
</article>
</main>
<aside><h3>À lire aussi</h3><ul><li><a href="/a">Les travaux du tramway reprennent</a></li></ul></aside>
<footer>
<p>© 2024 Le Progrès local. Sauf mention contraire, les articles de ce site sont publiés sous licence
<a rel="license" href="https://creativecommons.org/licenses/by-nc/4.0/">CC BY-NC 4.0</a>.</p>
<a href="https://creativecommons.org/licenses/by-nc/4.0/"><img src="https://i.creativecommons.org/l/by-nc/4.0/88x31.png" alt="Licence Creative Commons"></a>
</footer>
</body></html>
"""

ENGLISH_WIKI_PAGE = """<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="UTF-8">
<title>River Thames - Openpedia, the free encyclopedia</title>
<meta name="robots" content="max-image-preview:standard">
<meta name="DC.rights" content="CC BY-SA 4.0">
</head>
<body>
<div id="mw-navigation"><ul><li><a href="/wiki/Main_Page">Main page</a></li><li><a href="/wiki/Special:Random">Random article</a></li></ul></div>
<div id="content" class="mw-body">
<h1 id="firstHeading">River Thames</h1>
<div id="mw-content-text">
<p>The <b>River Thames</b> is a river that flows through southern England including London. At 215 miles (346 km),
it is the longest river entirely in England and the second-longest in the United Kingdom, after the River Severn.</p>
<p>The river rises at Thames Head in Gloucestershire and flows into the Thames Estuary, the North Sea and the English
Channel. It has a tidal section, reaching up to Teddington Lock, which is about 55 miles (89 km) from its mouth.</p>
<h2>Etymology</h2>
<p>The name of the river is thought to come from a Celtic root meaning "dark", which was recorded in Latin as Tamesis.</p>
</div>
</div>
<div id="footer">
<ul id="footer-info">
<li id="footer-info-lastmod">This page was last edited on 2 February 2024, at 10:12.</li>
<li id="footer-info-copyright">Text is available under the Creative Commons Attribution-ShareAlike License 4.0;
additional terms may apply.</li>
</ul>
<a href="https://creativecommons.org/licenses/by-sa/4.0/"><img src="https://licensebuttons.net/l/by-sa/4.0/88x31.png" alt="CC BY-SA"></a>
</div>
</body></html>
"""


def make_source(format: str, source_id: str = "src", **extra) -> SourceContract:
    return SourceContract(
        id=source_id,
        title="Test source",
        rights_holder="Test holder",
        licence="CC-BY-4.0",
        attribution="Test holder",
        provenance_url="https://example.org/dumps",
        format=format,
        dumps=(f"landing/{source_id}/*",),
        language="auto",
        max_quarantine_rate=0.5,
        **extra,
    )


def read_all(reader, path: Path, source: SourceContract, relpath: str | None = None) -> list:
    relpath = relpath or f"landing/{source.id}/{path.name}"
    ctx = ReaderContext(source=source, dump_id=f"{source.id}.dump", path=path, relpath=relpath)
    return list(reader(ctx))


def by_type(items: list) -> dict[str, list]:
    out: dict[str, list] = {"documents": [], "quarantined": [], "signals": [], "skipped": []}
    for item in items:
        key = {Document: "documents", Quarantined: "quarantined", SiteSignal: "signals", Skipped: "skipped"}[
            type(item)
        ]
        out[key].append(item)
    return out


def http_response(
    url: str,
    body: bytes,
    content_type: str = "text/html; charset=utf-8",
    status: str = "200 OK",
    headers: list[tuple[str, str]] = (),
    record_id: str | None = None,
    date: str = "2024-03-15T08:30:00Z",
) -> dict:
    return dict(
        kind="response",
        url=url,
        body=body,
        status=status,
        record_id=record_id,
        date=date,
        headers=[("Content-Type", content_type), *headers] if content_type else list(headers),
    )


def warc_record_bytes(spec: dict, n: int) -> bytes:
    """One uncompressed WARC record, written by warcio, with a fixed record id and date."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    record_id = spec.get("record_id") or f"<urn:uuid:00000000-0000-4000-8000-{n:012d}>"
    warc_headers = {"WARC-Record-ID": record_id, "WARC-Date": spec.get("date", "2024-03-15T08:30:00Z")}
    if spec["kind"] == "warcinfo":
        record = writer.create_warc_record(
            "",
            "warcinfo",
            payload=io.BytesIO(b"software: test\r\n"),
            warc_content_type="application/warc-fields",
            warc_headers_dict=warc_headers,
        )
    elif spec["kind"] == "response":
        http = StatusAndHeaders(spec["status"], spec["headers"], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            spec["url"],
            "response",
            payload=io.BytesIO(spec["body"]),
            http_headers=http,
            warc_headers_dict=warc_headers,
        )
    else:  # request, metadata, resource
        record = writer.create_warc_record(
            spec["url"],
            spec["kind"],
            payload=io.BytesIO(spec["body"]),
            warc_content_type=spec.get("content_type", "text/plain"),
            warc_headers_dict=warc_headers,
        )
    writer.write_record(record)
    return buf.getvalue()


def set_content_length(record: bytes, delta: int) -> bytes:
    """The record with its WARC Content-Length changed by ``delta`` (a lie: the block is unchanged)."""
    head, sep, rest = record.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    for i, line in enumerate(lines):
        if line.lower().startswith(b"content-length:"):
            lines[i] = b"Content-Length: " + str(int(line.split(b":")[1]) + delta).encode()
    return b"\r\n".join(lines) + sep + rest


def write_warc(path: Path, records: list[bytes], gzip_members: bool) -> list[int]:
    """Write record bytes as a WARC (each record its own gzip member when asked); returns each record's file offset."""
    offsets, out = [], io.BytesIO()
    for record in records:
        offsets.append(out.tell())
        out.write(gzip.compress(record, mtime=0) if gzip_members else record)
    path.write_bytes(out.getvalue())
    return offsets


@pytest.fixture
def tmp_dump(tmp_path):
    """A folder laid out like PROVENANCE_HOME/landing/<source>/ for dumps."""
    folder = tmp_path / "landing" / "src"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture(scope="session")
def kit():
    """The builders above, for test modules (conftest helpers are not importable under importlib mode)."""
    import types

    return types.SimpleNamespace(
        make_source=make_source,
        read_all=read_all,
        by_type=by_type,
        http_response=http_response,
        warc_record_bytes=warc_record_bytes,
        set_content_length=set_content_length,
        write_warc=write_warc,
        FRENCH_ARTICLE=FRENCH_ARTICLE,
        ENGLISH_WIKI_PAGE=ENGLISH_WIKI_PAGE,
    )
