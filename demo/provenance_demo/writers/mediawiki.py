"""MediaWiki XML exports (schema 0.11) compressed with bz2: siteinfo, pages with several revisions, redirects, talk pages."""

from __future__ import annotations

import bz2
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from provenance.ingest.locators import wiki_page, wiki_revision
from provenance_demo.entry import Entry

EXPORT_NS = "http://www.mediawiki.org/xml/export-0.11/"


@dataclass
class Revision:
    id: int
    timestamp: str  # 2021-03-14T10:12:00Z
    text: str
    user: str | None = None  # a registered user name ...
    user_id: int | None = None
    ip: str | None = None  # ... or an anonymous editor's address
    comment: str = ""
    parent: int | None = None
    minor: bool = False


@dataclass
class Page:
    id: int
    title: str
    ns: int = 0
    redirect: str | None = None
    revisions: list[Revision] = field(default_factory=list)
    #: the ground-truth entry this page is (None for pages readers skip)
    entry: Entry | None = None


@dataclass
class Site:
    sitename: str
    dbname: str
    base: str
    lang: str
    namespaces: dict[int, str]


def _sha1_base36(text: str) -> str:
    value = int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16)
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while value:
        value, r = divmod(value, 36)
        out = digits[r] + out
    return out.rjust(31, "0")


def _revision_xml(rev: Revision) -> str:
    parts = ["    <revision>", f"      <id>{rev.id}</id>"]
    if rev.parent:
        parts.append(f"      <parentid>{rev.parent}</parentid>")
    parts.append(f"      <timestamp>{rev.timestamp}</timestamp>")
    if rev.ip:
        parts.append(f"      <contributor>\n        <ip>{escape(rev.ip)}</ip>\n      </contributor>")
    else:
        parts.append(
            f"      <contributor>\n        <username>{escape(rev.user or '')}</username>\n"
            f"        <id>{rev.user_id or 0}</id>\n      </contributor>"
        )
    if rev.minor:
        parts.append("      <minor />")
    if rev.comment:
        parts.append(f"      <comment>{escape(rev.comment)}</comment>")
    sha1 = _sha1_base36(rev.text)
    parts += [
        f"      <origin>{rev.id}</origin>",
        "      <model>wikitext</model>",
        "      <format>text/x-wiki</format>",
        f'      <text bytes="{len(rev.text.encode("utf-8"))}" sha1="{sha1}" xml:space="preserve">{escape(rev.text)}</text>',
        f"      <sha1>{sha1}</sha1>",
        "    </revision>",
    ]
    return "\n".join(parts)


def export_xml(site: Site, pages: list[Page]) -> str:
    namespaces = "\n".join(
        f'      <namespace key="{key}" case="first-letter">{escape(name)}</namespace>'
        if name
        else f'      <namespace key="{key}" case="first-letter" />'
        for key, name in sorted(site.namespaces.items())
    )
    out = [
        f'<mediawiki xmlns="{EXPORT_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{EXPORT_NS} http://www.mediawiki.org/xml/export-0.11.xsd" version="0.11" '
        f'xml:lang="{site.lang}">',
        "  <siteinfo>",
        f"    <sitename>{escape(site.sitename)}</sitename>",
        f"    <dbname>{site.dbname}</dbname>",
        f"    <base>{escape(site.base)}</base>",
        "    <generator>MediaWiki 1.41.0</generator>",
        "    <case>first-letter</case>",
        "    <namespaces>",
        namespaces,
        "    </namespaces>",
        "  </siteinfo>",
    ]
    for page in pages:
        out += [
            "  <page>",
            f"    <title>{escape(page.title)}</title>",
            f"    <ns>{page.ns}</ns>",
            f"    <id>{page.id}</id>",
        ]
        if page.redirect:
            out.append(f"    <redirect title={quoteattr(page.redirect)} />")
        out.extend(_revision_xml(rev) for rev in page.revisions)
        out.append("  </page>")
    out.append("</mediawiki>")
    return "\n".join(out) + "\n"


def write_mediawiki(path: Path, relpath: str, site: Site, pages: list[Page]) -> list[tuple[str, str]]:
    """Write the export; set each article entry's locator (page id and latest revision). Returns skipped pages."""
    skipped = []
    for page in pages:
        latest = max(page.revisions, key=lambda r: (r.timestamp, r.id))
        if page.entry is not None:
            page.entry.locator = wiki_revision(relpath, page.id, latest.id)
        else:
            skipped.append((wiki_page(relpath, page.id), "wiki_redirect" if page.redirect else "wiki_namespace"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bz2.compress(export_xml(site, pages).encode("utf-8"), 9))
    return skipped
