"""Reading MediaWiki XML exports (.xml, .xml.bz2, .xml.gz): one document per article, its latest revision as plain text.

mwxml streams pages and revisions; mwparserfromhell reduces wikitext to readable text
(templates, references, files, categories, interlanguage links and tables dropped; link
text and headings kept). Only the main namespace is read: other namespaces and redirects
are skipped. Of a page's revisions in the dump only the latest's text is held in memory;
the others contribute their contributors (registered user names only: an anonymous
editor's IP address is personal data and is counted, never kept).

A damaged file ends reading at the failure point with one quarantine row
(TRUNCATED_STREAM for a cut or corrupt stream, INVALID_RECORD for malformed XML); every
page read before it is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator
from urllib.parse import quote
from xml.etree.ElementTree import ParseError

import mwparserfromhell
from mwparserfromhell.nodes import Tag, Template, Wikilink
from mwxml import Dump
from mwxml.element_iterator import ElementIterator
from mwxml.errors import MalformedXML

from provenance.ingest.html import primary_language
from provenance.ingest.locators import stream_offset, wiki_page, wiki_revision
from provenance.ingest.records import Document, Item, Quarantined, QuarantineReason, ReaderContext, Skipped
from provenance.ingest.streams import DecompressedStream

#: Contributors listed per page in metadata; the total is always counted.
MAX_CONTRIBUTORS = 100
_MAX_COUNTED = 100_000
#: Namespaces whose links are not prose: media (-2), file (6), category (14); their usual names.
_HIDDEN_NAMESPACE_IDS = (-2, 6, 14)
_HIDDEN_NAMESPACE_NAMES = {"media", "file", "image", "category", "média", "fichier", "catégorie"}
#: Tags whose content is not prose (wiki tables parse as <table>).
_HIDDEN_TAGS = {"ref", "references", "gallery", "math", "chem", "score", "timeline", "graph", "templatedata",
                "mapframe", "maplink", "imagemap", "inputbox", "categorytree", "table", "hiero"}
_NUMBER_TEMPLATES = {"formatnum", "nombre", "nb", "nobr", "unité"}
_INTERLANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[a-z]+)*:", re.IGNORECASE)
_BEHAVIOUR_SWITCH = re.compile(r"__[A-Z]+__")
_BLANK_LINES = re.compile(r"\n{3,}")
#: expat codes raised when the document simply stops: no element found, unclosed token, partial character.
_CUT_OFF_CODES = (3, 5, 6)
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DAMAGE = (ParseError, MalformedXML, AssertionError, ValueError, TypeError, KeyError, AttributeError, IndexError)


def wikitext_to_text(wikitext: str, hidden_namespaces: set[str] = _HIDDEN_NAMESPACE_NAMES) -> str:
    """Readable plain text of a wikitext page."""
    code = mwparserfromhell.parse(wikitext)
    doomed = []
    for node in code.ifilter(recursive=True):
        if isinstance(node, Tag) and str(node.tag).strip().lower() in _HIDDEN_TAGS:
            doomed.append(node)
        elif isinstance(node, Wikilink):
            title = str(node.title).strip()
            prefix = title.split(":", 1)[0].strip().lower() if ":" in title else ""
            if not title.startswith(":") and (prefix in hidden_namespaces or _INTERLANGUAGE.match(title)):
                doomed.append(node)
        elif isinstance(node, Template):
            name = str(node.name).strip()
            head, _, rest = name.partition(":")
            if head.lower() in _NUMBER_TEMPLATES:
                value = rest or (str(node.params[0].value) if node.params else "")
                try:
                    code.replace(node, value)
                except ValueError:  # inside a node already replaced
                    pass
    for node in doomed:
        try:
            code.remove(node)
        except ValueError:  # inside a node already removed
            pass
    text = code.strip_code(normalize=True, collapse=True)
    text = _BEHAVIOUR_SWITCH.sub("", text)
    text = "\n".join(line.strip() for line in text.splitlines())
    return _BLANK_LINES.sub("\n\n", text).strip()


@dataclass
class _PageState:
    """What is kept of a page while its revisions stream past."""

    page_id: int
    title: str
    best: tuple | None = None        # (timestamp, revision id) of the latest revision seen
    text: str | None = None
    author: str | None = None
    model: str | None = None
    revisions: int = 0
    last_rev_id: int | None = None
    contributors: dict[str, None] = field(default_factory=dict)
    anonymous: int = 0

    def add(self, revision) -> None:
        self.revisions += 1
        self.last_rev_id = revision.id
        user = revision.user
        name = None
        if user is not None and user.text:
            if user.id is None:          # an IP address: count, never keep
                self.anonymous += 1
            else:
                name = user.text
                if len(self.contributors) < _MAX_COUNTED:
                    self.contributors.setdefault(name)
        key = (str(revision.timestamp.long_format()) if revision.timestamp else "", revision.id or 0)
        if self.best is None or key >= self.best:
            self.best = key
            self.text = revision.text or ""
            self.author = name
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
            return Quarantined(locator, QuarantineReason.TRUNCATED_STREAM,
                               f"{where}: {detail}; nothing after it is readable")
        position = getattr(exc, "position", None)
        at = f" at line {position[0]}, column {position[1]}" if position else ""
        return Quarantined(locator, QuarantineReason.INVALID_RECORD,
                           f"{where}: malformed MediaWiki XML{at} ({type(exc).__name__}); nothing after it is readable")

    def items(self) -> Iterator[Item]:
        ctx = self.ctx
        try:
            root = ElementIterator.from_file(self.stream)
            dump = Dump.from_element(root)
        except _DAMAGE as exc:
            yield self.damage(exc, "before the first page", stream_offset(ctx.relpath, 0))
            return
        info = dump.site_info
        hidden = set(_HIDDEN_NAMESPACE_NAMES)
        for namespace in info.namespaces or []:
            if namespace.id in _HIDDEN_NAMESPACE_IDS and namespace.name:
                hidden.add(namespace.name.lower())
        url_prefix = _url_prefix(info.base)
        lang = primary_language(root.element.attrib.get(_XML_LANG))
        pages = iter(dump.pages)
        last = "before the first page"
        while True:
            try:
                page = next(pages)
            except StopIteration:
                return
            except _DAMAGE as exc:
                yield self.damage(exc, f"after {last}", stream_offset(ctx.relpath, self.stream.raw_position))
                return
            state = _PageState(page.id, page.title)
            if page.namespace != 0 or page.redirect:
                yield Skipped(wiki_page(ctx.relpath, page.id), "wiki_redirect" if page.redirect else "wiki_namespace")
            else:
                try:
                    for revision in page:
                        state.add(revision)
                except _DAMAGE as exc:
                    yield self.damage(exc, f"page {page.id}", wiki_page(ctx.relpath, page.id))
                    return
                yield self.document(state, url_prefix, lang, hidden)
            last = f"page {page.id}"
            # Pages already read stay attached to the root element; drop them so memory stays flat.
            del root.element[:]

    def document(self, state: _PageState, url_prefix: str | None, lang: str | None, hidden: set[str]) -> Item:
        ctx = self.ctx
        if state.best is None:
            return Quarantined(wiki_page(ctx.relpath, state.page_id), QuarantineReason.EMPTY_DOCUMENT,
                               f"page {state.page_id} has no revision in the dump")
        timestamp, rev_id = state.best
        locator = wiki_revision(ctx.relpath, state.page_id, rev_id)
        if state.model not in (None, "wikitext"):
            return Skipped(locator, "wiki_non_wikitext")
        contributors = list(state.contributors)
        metadata = {
            "page_id": state.page_id,
            "revision_id": rev_id,
            "revisions_in_dump": state.revisions,
            "contributors": contributors[:MAX_CONTRIBUTORS],
            "contributors_total": len(contributors),
            "anonymous_edits": state.anonymous,
        }
        return Document(
            locator=locator,
            text=wikitext_to_text(state.text or "", hidden),
            url=url_prefix + quote(state.title.replace(" ", "_"), safe="/:(),'!*-._~") if url_prefix else None,
            title=state.title,
            author=state.author,
            published_at=timestamp or None,
            lang=lang,
            content_type="text/x-wiki",
            metadata=metadata,
        )


def _url_prefix(base: str | None) -> str | None:
    """Where article URLs start, from the siteinfo base (the main page's URL)."""
    if not base or not base.startswith(("http://", "https://")):
        return None
    if "title=" in base:
        return base[: base.index("title=") + len("title=")]
    return base[: base.rfind("/") + 1]


def read_mediawiki(ctx: ReaderContext) -> Iterator[Item]:
    """Every page of a MediaWiki export: a Document per article, Skipped for the rest; see the module docstring."""
    with DecompressedStream(ctx.path) as stream:
        yield from _Wiki(ctx, stream).items()
