"""Reading MediaWiki XML exports (.xml, .xml.bz2, .xml.gz): one document per article, its latest revision as plain text.

mwxml streams pages and revisions; :mod:`provenance.ingest.wikitext` renders wikitext as the text a reader
sees (dates, numbers and centuries rendered by templates kept; infoboxes, references, tables and link
sections removed). Only the main namespace is read: other namespaces and redirects are skipped. Of a page's
revisions in the dump only the latest's text is held in memory.

A page is the work of all its editors, so no editor is its author: the document states no author, and the
rights stage credits the wiki's contributors collectively, with the page's history URL (``metadata``:
``wiki_site_name``, ``history_url``). Editors' user names and IP addresses are personal data that no credit
needs: they are counted (``contributors_total``, ``anonymous_edits``), never kept. The history URL is
``<script>?title=<Title>&action=history``: the base's own ``index.php?title=`` when it has one, else the
``/w/index.php`` MediaWiki recommends beside a ``/wiki/`` article path (Wikimedia's layout); no history URL
for any other layout. The site name is the header's ``sitename`` only when the header agrees with the
contract (no notice below): a header of another wiki does not name this one.

The source contract wins over the dump's own header. Documents are read in the contract's language (the
header's ``xml:lang`` only when the contract says ``auto``), and article URLs start with the contract's
``base_url``, else with the header's site, but never with a header that contradicts the contract's language
(an English site in a dump the contract calls French gives no URLs). Each disagreement is reported once as a
:class:`Notice`. Every document's text is checked against the language it is read as: a confident mismatch
flags it ``lang_mismatch`` with the detected language in its metadata.

A page whose fields cannot be read (``<id>abc</id>``, a revision id that is no number) is one
INVALID_RECORD row, and reading goes on at the next page. A damaged file ends reading at the failure
point with one quarantine row (TRUNCATED_STREAM for a cut or corrupt stream, INVALID_RECORD for
malformed XML); every page read before it is kept.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit
from xml.etree.ElementTree import ParseError

from mwxml import Page, SiteInfo
from mwxml.element_iterator import ElementIterator
from mwxml.errors import MalformedXML

from provenance.ingest.html import primary_language
from provenance.ingest.language import detect_language
from provenance.ingest.locators import stream_offset, wiki_page, wiki_page_number, wiki_revision
from provenance.ingest.records import (
    Document,
    Item,
    Notice,
    Quarantined,
    QuarantineReason,
    ReaderContext,
    Skipped,
)
from provenance.ingest.streams import DecompressedStream
from provenance.ingest.wikitext import DEFAULT_HIDDEN_NAMESPACES, wikitext_to_text

#: Unknown template names listed per page in metadata (they rendered nothing); the most frequent first.
MAX_UNKNOWN_TEMPLATES = 20
_MAX_COUNTED = 100_000
#: Namespaces whose links are not prose: media (-2), file (6), category (14).
_HIDDEN_NAMESPACE_IDS = (-2, 6, 14)
#: expat codes raised when the document simply stops: no element found, unclosed token, partial character.
_CUT_OFF_CODES = (3, 5, 6)
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DAMAGE = (ParseError, MalformedXML, AssertionError, ValueError, TypeError, KeyError, AttributeError, IndexError)
_URL_SAFE = "/:(),'!*-._~"


@dataclass(frozen=True)
class _Reading:
    """How a dump's pages are read: in which language, with which URLs, and what disagreed on the way."""

    lang: str | None
    url_prefix: str | None
    notices: tuple[Notice, ...]
    #: the header's sitename, when the header is this wiki's (it disagrees with the contract in nothing)
    site_name: str | None = None

    @property
    def history_prefix(self) -> str | None:
        """Where history URLs start: the article path's ``index.php?title=``, or ``/w/index.php?title=``."""
        prefix = self.url_prefix
        if not prefix:
            return None
        if prefix.endswith("title="):
            return prefix
        parts = urlsplit(prefix)
        if parts.path.endswith("/wiki/"):
            return f"{parts.scheme}://{parts.netloc}{parts.path[: -len('wiki/')]}w/index.php?title="
        return None


def _url_prefix(base: str | None) -> str | None:
    """Where article URLs start, from the siteinfo base (the main page's URL)."""
    if not base or not base.startswith(("http://", "https://")):
        return None
    if "title=" in base:
        return base[: base.index("title=") + len("title=")]
    return base[: base.rfind("/") + 1]


def _site_language(url: str) -> str | None:
    """'https://fr.wikipedia.org/wiki/' -> 'fr': the language label Wikimedia sites carry; None for others."""
    labels = (urlsplit(url).hostname or "").split(".")
    return labels[0] if len(labels) >= 3 and 2 <= len(labels[0]) <= 3 and labels[0].isalpha() else None


def plan_reading(
    contract_lang: str | None,
    contract_base: str | None,
    header_lang: str | None,
    header_base: str | None,
    locator: str,
    header_site_name: str | None = None,
) -> _Reading:
    """The contract's language and base URL, else the header's; a Notice for each disagreement."""
    reading = _plan(contract_lang, contract_base, header_lang, header_base, locator)
    site_name = (header_site_name or "").strip() or None
    return dataclasses.replace(reading, site_name=None if reading.notices else site_name)


def _plan(
    contract_lang: str | None,
    contract_base: str | None,
    header_lang: str | None,
    header_base: str | None,
    locator: str,
) -> _Reading:
    notices = []
    lang = contract_lang or header_lang
    if contract_lang and header_lang and header_lang != contract_lang:
        notices.append(
            Notice(
                locator,
                "header_language_differs",
                f"the dump header declares xml:lang '{header_lang}' but the source contract says "
                f"'{contract_lang}'; its pages are read as '{contract_lang}'",
            )
        )
    header_prefix = _url_prefix(header_base)
    header_host = urlsplit(header_prefix).hostname if header_prefix else None
    if contract_base:
        if header_host and header_host != urlsplit(contract_base).hostname:
            notices.append(
                Notice(
                    locator,
                    "header_site_differs",
                    f"the dump header names the site {header_host} but the source contract's base_url "
                    f"is on {urlsplit(contract_base).hostname}; URLs are built from the base_url",
                )
            )
        return _Reading(lang, contract_base, tuple(notices))
    site_lang = _site_language(header_prefix) if header_prefix else None
    contradicts = bool(contract_lang) and (
        (site_lang or contract_lang) != contract_lang or (header_lang or contract_lang) != contract_lang
    )
    if header_prefix and contradicts:
        notices.append(
            Notice(
                locator,
                "header_site_differs",
                f"the dump header names the site {header_host} (language '{site_lang or header_lang}') "
                f"but the source contract says '{contract_lang}'; no URLs are given: set base_url "
                "in the source contract",
            )
        )
        return _Reading(lang, None, tuple(notices))
    return _Reading(lang, header_prefix, tuple(notices))


@dataclass
class _PageState:
    """What is kept of a page while its revisions stream past."""

    page_id: int
    title: str  # empty when the export has none
    best: tuple | None = None  # (timestamp, revision id) of the latest revision seen
    text: str | None = None
    model: str | None = None
    revisions: int = 0
    #: registered editors' names, only to count them; never written anywhere
    editors: set[str] = field(default_factory=set)
    anonymous: int = 0

    def add(self, revision) -> None:
        self.revisions += 1
        user = revision.user
        if user is not None and user.text:
            if user.id is None:  # an IP address
                self.anonymous += 1
            elif len(self.editors) < _MAX_COUNTED:
                self.editors.add(user.text)
        key = (str(revision.timestamp.long_format()) if revision.timestamp else "", revision.id or 0)
        if self.best is None or key >= self.best:
            self.best = key
            self.text = revision.text or ""
            self.model = revision.model


class _Wiki:
    def __init__(self, ctx: ReaderContext, stream: DecompressedStream):
        self.ctx = ctx
        self.stream = stream

    def damage(self, exc: Exception, where: str, locator: str) -> Quarantined:
        """The quarantine row for reading that stopped at ``where``."""
        error = self.stream.error
        cut = isinstance(exc, ParseError) and getattr(exc, "code", None) in _CUT_OFF_CODES and self.stream.at_end()
        if error is not None or cut:
            detail = error.describe() if error is not None else "the XML ends before its closing tags"
            return Quarantined(
                locator, QuarantineReason.TRUNCATED_STREAM, f"{where}: {detail}; nothing after it is readable"
            )
        position = getattr(exc, "position", None)
        at = f" at line {position[0]}, column {position[1]}" if position else ""
        return Quarantined(
            locator,
            QuarantineReason.INVALID_RECORD,
            f"{where}: malformed MediaWiki XML{at} ({type(exc).__name__}); nothing after it is readable",
        )

    def items(self) -> Iterator[Item]:
        ctx = self.ctx
        try:
            root = ElementIterator.from_file(self.stream)
            info, first, namespace_map = _header(root)
        except _DAMAGE as exc:
            yield self.damage(exc, "before the first page", stream_offset(ctx.relpath, 0))
            return
        hidden = DEFAULT_HIDDEN_NAMESPACES | {
            namespace.name.lower()
            for namespace in info.namespaces or []
            if namespace.id in _HIDDEN_NAMESPACE_IDS and namespace.name
        }
        reading = plan_reading(
            ctx.source.declared_lang,
            ctx.source.base_url,
            primary_language(root.element.attrib.get(_XML_LANG)),
            info.base,
            f"{ctx.relpath}#siteinfo",
            info.name,
        )
        yield from reading.notices
        elements = itertools.chain([first] if first is not None else [], root)
        last = "before the first page"
        for number in itertools.count(1):
            try:
                element = next(elements)
            except StopIteration:
                return
            except _DAMAGE as exc:
                yield self.damage(exc, f"after {last}", stream_offset(ctx.relpath, self.stream.raw_position))
                return
            if element.tag != "page":
                element.clear()  # a log item: no record
                continue
            page_id = yield from self.page(element, namespace_map, reading, hidden, number)
            where = f"page {page_id}" if page_id is not None else f"page number {number}"
            try:
                element.clear()  # the rest of a page left unread
            except _DAMAGE as exc:
                page_id = -1
                yield self.damage(exc, where, stream_offset(ctx.relpath, self.stream.raw_position))
            if page_id == -1:
                return  # the XML itself is damaged: nothing after it can be framed
            last = where
            # Pages already read stay attached to the root element; drop them so memory stays flat.
            del root.element[:]

    def page(
        self, element: ElementIterator, namespace_map: dict | None, reading: _Reading, hidden: frozenset[str], n: int
    ) -> Generator[Item, None, int | None]:
        """The ``n``th page's item; a page whose fields cannot be read (``<id>abc</id>``, a revision id that is no
        number, an unexpected tag) is one INVALID_RECORD row, and reading goes on at the next page.
        Returns the page's id (None when unreadable), or -1 when the XML itself is damaged (reading ends)."""
        ctx = self.ctx
        page_id: int | None = None
        try:
            page = Page.from_element(element, namespace_map)
            page_id = page.id
            if page_id is None:
                raise ValueError("page without id")
            state = _PageState(page_id, page.title or "")
            if page.namespace != 0 or page.redirect:
                yield Skipped(wiki_page(ctx.relpath, page_id), "wiki_redirect" if page.redirect else "wiki_namespace")
                return page_id
            for revision in page:
                state.add(revision)
        except _DAMAGE as exc:
            if isinstance(exc, ParseError) or self.stream.error is not None:
                where = f"page {page_id}" if page_id is not None else f"page number {n}"
                at = wiki_page(ctx.relpath, page_id) if page_id is not None else wiki_page_number(ctx.relpath, n)
                yield self.damage(exc, where, at)
                return -1
            what = "its id, namespace or a revision" if page_id is None else "a revision"
            locator = wiki_page(ctx.relpath, page_id) if page_id is not None else wiki_page_number(ctx.relpath, n)
            yield Quarantined(
                locator,
                QuarantineReason.INVALID_RECORD,
                f"page number {n} of {ctx.relpath}: {what} cannot be read ({type(exc).__name__}); "
                f"the page is not read, reading goes on at the next page",
            )
            return page_id
        yield self.document(state, reading, hidden)
        return page_id

    def document(self, state: _PageState, reading: _Reading, hidden: frozenset[str]) -> Item:
        ctx = self.ctx
        if state.best is None:
            return Quarantined(
                wiki_page(ctx.relpath, state.page_id),
                QuarantineReason.EMPTY_DOCUMENT,
                f"page {state.page_id} has no revision in the dump",
            )
        timestamp, rev_id = state.best
        locator = wiki_revision(ctx.relpath, state.page_id, rev_id)
        if state.model not in (None, "wikitext"):
            return Skipped(locator, "wiki_non_wikitext")
        rendered = wikitext_to_text(state.text or "", reading.lang, state.title, hidden)
        metadata: dict = {
            "page_id": state.page_id,
            "revision_id": rev_id,
            "revisions_in_dump": state.revisions,
            "contributors_total": len(state.editors),
            "anonymous_edits": state.anonymous,
        }
        if rendered.unknown_templates:
            metadata["unknown_templates"] = [
                n for n, _ in rendered.unknown_templates.most_common(MAX_UNKNOWN_TEMPLATES)
            ]
        flags = ["wikitext_render_error"] if rendered.failed_sections else []
        # Neither the contract nor the header says: the text says (a confident mismatch with a stated
        # language is flagged by the ingest run, for every format).
        lang = reading.lang or detect_language(rendered.text)
        url = None
        if reading.url_prefix and state.title:
            quoted = quote(state.title.replace(" ", "_"), safe=_URL_SAFE)
            url = reading.url_prefix + quoted
            if reading.history_prefix:
                metadata["history_url"] = f"{reading.history_prefix}{quoted}&action=history"
        if reading.site_name:
            metadata["wiki_site_name"] = reading.site_name
        return Document(
            locator=locator,
            text=rendered.text,
            url=url,
            title=state.title,
            published_at=timestamp or None,
            lang=lang,
            content_type="text/x-wiki",
            flags=flags,
            metadata=metadata,
        )


def _header(root: ElementIterator) -> tuple[SiteInfo, ElementIterator | None, dict | None]:
    """The export's ``<siteinfo>``, its first page (or log item) element, and the namespace map mwxml's pages use;
    as ``mwxml.Dump.from_element``, whose page iterator ends for good at the first page it cannot read."""
    site_info = first = None
    for element in root:
        if element.tag == "siteinfo":
            site_info = SiteInfo.from_element(element)
        elif element.tag in ("page", "logitem"):
            first = element
            break
        else:
            raise MalformedXML("unexpected tag in <mediawiki>")
    if site_info is None:
        raise MalformedXML("no <siteinfo> in <mediawiki>")
    namespaces = {namespace.name: namespace for namespace in site_info.namespaces or []}
    return site_info, first, namespaces if site_info.namespaces is not None else None


def read_mediawiki(ctx: ReaderContext) -> Iterator[Item]:
    """Every page of a MediaWiki export: a Document per article, Skipped for the rest; see the module docstring."""
    with DecompressedStream(ctx.path) as stream:
        yield from _Wiki(ctx, stream).items()
