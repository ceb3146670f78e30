"""Where a page states a licence, and whether the statement covers the page or only something it embeds.

Only page-level statements decide a page's licence (the rights stage reads them): ``<link rel=license>``
and ``dcterms``/``DC.rights`` metas in the head, a licence link or sentence in the page's own footer
(``<footer>``, ``role=contentinfo`` or a ``#footer``-like block not inside an ``<aside>``, a ``<nav>`` or
an item ``<article>``, or the page's last block after its main content), the main
text's own licence notice ("This article is licensed under ...", "Ce contenu est publié sous licence ..."),
``rel=license`` links and CC badges outside embedded media, and JSON-LD ``license`` of the page's main entity.

Statements about what the page embeds are kept as evidence (scope ``embedded``) and decide nothing:
inside ``<figure>``, captions, image credits ("Photo : X, CC BY-SA 4.0", "Some images under CC BY-SA"),
galleries, iframes and videos, teasers of other articles (``<article>``s side by side, or nested), and JSON-LD
of media objects or nested items.

Each page-level statement keeps a snippet: the text of the block that holds it (one footer line, one
paragraph), at most ``SNIPPET_CHARS`` either side of the statement, e-mail addresses masked. Never the
rest of the footer (addresses, phone numbers), never the page's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from resiliparse.parse.html import DOMNode, HTMLTree, NodeType

from provenance.ingest.jsonld import PAGE_TYPES, jsonld_ids, jsonld_licences, jsonld_objects, jsonld_types, same_page
from provenance.ingest.page_layout import BLOCK_TAGS, MAX_BLOCK_CHARS, MAX_NODES, SKIP_TAGS, Page, block_lines, norm
from provenance.schema import LicenceScope

PAGE = LicenceScope.PAGE
EMBEDDED = LicenceScope.EMBEDDED

SNIPPET_CHARS = 500
MAX_STATEMENT_CHARS = 400
MAX_EMBEDDED = 30

_LICENCE_META = ("dcterms.license", "dc.license", "dcterms.rights", "dc.rights", "license", "licence", "rights")
# resiliparse walks a selector's matches anew for each one read: selectors stay narrow, and the paragraphs of
# the text are reached by one walk of the page (``_paragraphs``) only when the footers left a statement unread.
_LINK_SELECTOR = (
    'a[rel~=license], a[href*="creativecommons.org/licen"], a[href*="creativecommons.org/publicdomain"], '
    'a[href*="licensebuttons.net/"], a[href*="spdx.org/licenses/"], a[href^="/licenses/"], a[href^="/licences/"], '
    'a[href^="/publicdomain/"]'
)
_BADGE_SELECTOR = (
    'img[src*="licensebuttons.net/"], img[src*="i.creativecommons.org/"], img[src*="mirrors.creativecommons.org/"]'
)
_NOTICE_TAGS = frozenset({"p", "small", "address", "dd", "blockquote"})
#: Links whose target is a licence deed (a Creative Commons or SPDX page, a badge).
_LICENCE_URL = re.compile(
    r"(?:creativecommons\.org/(?:licen[cs]es|publicdomain)/|licensebuttons\.net/|spdx\.org/licenses/)", re.IGNORECASE
)

#: A licence sentence as wikis, CMS footers and notices write it, in English or French.
_LICENCE_SENTENCE = re.compile(
    r"[^.!?\n]{0,160}?\b(?:"
    r"(?:available|licen[cs]ed|published|released|distributed|reusable|shared|dedicated) (?:under|to)\b"
    r"|(?:disponibles?|publi[ée]e?s?|diffus[ée]e?s?|plac[ée]e?s?|distribu[ée]e?s?|mise?s? à disposition|réutilisables?"
    r"|est|sont) sous (?:la |une |les )?licences?\b"
    r"|sous licence\b"
    r")(?:[^.!?\n]|\.(?=\S)){0,200}",
    re.IGNORECASE,
)
_LICENCE_WORDS = re.compile(
    r"licen[cs]e|creative commons|\bcc[ -]?(?:by|0|zero)\b|domaine public|public domain|gfdl|etalab|licence ouverte",
    re.IGNORECASE,
)
#: A licence named without a sentence around it ("CC BY-SA 4.0", "Creative Commons Attribution 4.0").
_LICENCE_NAME = re.compile(
    r"\bcc[ -]?(?:by|0|zero)\b|creative commons (?:attribution|paternit|zero|by|cc0)|\bcc0\b|licence ouverte"
    r"|public domain|domaine public|\bgnu free documentation|\bgfdl\b",
    re.IGNORECASE,
)
_RESERVED = re.compile(
    r"all rights reserved|tous droits (?:de reproduction )?r[ée]serv[ée]s|droits r[ée]serv[ée]s|reproduction interdite"
    r"|alle rechte vorbehalten|todos los derechos reservados|tutti i diritti riservati",
    re.IGNORECASE,
)
#: A copyright notice: the sign, or the word before a year ("Copyright 2023", "Copyright (c) 2007").
_COPYRIGHT = re.compile(r"©|&copy;|\(c\)\s*\d{4}|\bcopyright\s*(?:\(c\)\s*)?\d{4}", re.IGNORECASE)
#: Any of the above: a cheap test before a block is looked at more closely.
_ANY = re.compile(_LICENCE_WORDS.pattern + "|" + _RESERVED.pattern + "|" + _COPYRIGHT.pattern, re.IGNORECASE)

#: A statement about media, not the page: a credit line, or a sentence whose subject is images or icons.
_MEDIA_CREDIT = re.compile(
    r"^\W*(?:©\s*)?(?:(?:\w+\s+){0,2}(?:photos?|photographs?|photographies?|images?|pictures?|illustrations?|icons?"
    r"|icônes?|logos?|videos?|vidéos?|graphics?|graphiques?|infographies?|maps?|cartes?|dessins?|visuels?|covers?"
    r"|couvertures?|media|médias|fonts?|polices?)\b|cr[ée]dits?\b|credits?\b)",
    re.IGNORECASE,
)
#: The main text's own licence notice: the page, the site or "except where noted" is its subject.
_NOTICE = re.compile(
    r"\b(?:this|the)\s+(?:article|post|blog post|page|work|content|text|story|entry|essay|document|site|website|blog"
    r"|piece|report|book|chapter|paper|guide|tutorial|publication|wiki)\b"
    r"|\b(?:content|contents|text|texts|material|articles?|posts?)\s+(?:on|of|in|from)\s+(?:this|the|our)\s+"
    r"(?:site|website|page|blog|wiki)\b"
    r"|\b(?:except|unless)\s+(?:where\s+|as\s+)?otherwise\s+(?:noted|stated|indicated|specified)"
    r"|\ball\s+(?:original\s+)?(?:content|text|articles?|posts?)\b"
    r"|\b(?:cet?|cette)\s+(?:article|billet|contenu|texte|page|œuvre|oeuvre|site|document|ouvrage|publication|dossier"
    r"|chapitre|guide|blog|wiki)\b"
    r"|\b(?:le\s+)?contenu\s+(?:de\s+ce|du)\s+(?:site|blog|wiki)\b"
    r"|\bsauf\s+(?:mention|indication)\s+(?:contraire|particuli[èe]re)"
    r"|\b(?:les|tous les)\s+(?:articles|contenus|textes)\s+(?:de|du)\s+(?:ce\s+)?(?:site|blog|wiki)\b",
    re.IGNORECASE,
)
#: Where a notice's predicate starts: its subject (what _NOTICE looks for) comes before.
_NOTICE_VERB = re.compile(
    r"\b(?:is|are|was|has been|have been)?\s*(?:licen[cs]ed|available|published|released|distributed|shared|placed"
    r"|dedicated)\b|\b(?:est|sont)?\s*(?:publi[ée]e?s?|diffus[ée]e?s?|disponibles?|plac[ée]e?s?|distribu[ée]e?s?"
    r"|mise?s? à disposition|réutilisables?|sous licence)\b|\b(?:est|sont) sous\b",
    re.IGNORECASE,
)
_MAX_SUBJECT_CHARS = 120


def _is_notice(sentence: str) -> bool:
    """A sentence about the page itself: "This article is licensed under", "Ce contenu est publié sous licence",
    "Except where otherwise noted, content on this site is ...", or one that opens on its verb ("Licensed under")."""
    verb = _NOTICE_VERB.search(sentence)
    if verb is None:
        return False
    subject = sentence[: verb.start()]
    return not subject.strip(" \t-–—:«“\"'") or (len(subject) <= _MAX_SUBJECT_CHARS and bool(_NOTICE.search(subject)))


_EMBEDDED_SELECTOR = (
    "figure, picture, video, audio, iframe, object, [class*=caption], [class*=credit], [id*=credit], "
    "[class*=attribution], [class*=gallery], [class*=slideshow], [class*=carousel], [class*=thumb], [class*=photo]"
)
_PAGE_FOOTER_SELECTOR = (
    "footer, [role=contentinfo], #footer, .footer, #footer-info, [id*=footer], [class*=footer], #colophon"
)
_LICENCE_BLOCK_SELECTOR = "[class*=licen], [id*=licen], #copyright, .copyright, [class*=copyright]"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass(frozen=True, slots=True)
class LicenceStatement:
    """One licence statement a page makes, where it was found and what it covers."""

    #: what it says: a URL (link, badge, meta, JSON-LD) or the sentence, at most MAX_STATEMENT_CHARS
    text: str
    #: 'page' (decides the page licence) | 'embedded' (evidence only)
    scope: str
    #: head_link | meta | jsonld | http_link | footer | last_block | notice | licence_block | rel_license | badge
    #: | media | credit | item | jsonld_embedded
    where: str
    #: page-level only: the visible text around it (its block, SNIPPET_CHARS either side), or the markup it is
    snippet: str | None = None

    def as_dict(self) -> dict:
        out = {"text": self.text, "scope": str(self.scope), "where": self.where}
        if self.snippet:
            out["snippet"] = self.snippet
        return out


def _snippet(block: str, start: int, end: int) -> str:
    """The block's text, SNIPPET_CHARS either side of [start, end), e-mail addresses masked."""
    cut = block[max(0, start - SNIPPET_CHARS) : end + SNIPPET_CHARS]
    return _EMAIL.sub("[email]", cut)


def _classify_text(text: str, ctx: dict[str, bool]) -> tuple[str, str] | None:
    """(scope, where) of a statement found in a block with this context; None when it is a mere mention."""
    if ctx["media"]:
        return EMBEDDED, "media"
    if _MEDIA_CREDIT.search(text):
        return EMBEDDED, "credit"
    if ctx["credit"]:
        return EMBEDDED, "credit"
    if ctx["item"]:
        return EMBEDDED, "item"
    if ctx["footer"]:
        return PAGE, "footer"
    if ctx.get("last_block"):
        return PAGE, "last_block"
    if ctx["licence_block"]:
        return PAGE, "licence_block"
    if _is_notice(text):
        return PAGE, "notice"
    return None


def _sentences(line: str) -> list[tuple[int, int]]:
    """Spans of the statements a line makes: licence sentences, reservations, licence names, copyright notices."""
    spans: list[tuple[int, int]] = []
    for match in _LICENCE_SENTENCE.finditer(line):
        if _LICENCE_WORDS.search(match.group(0)):
            spans.append((match.start(), match.end()))
    position = 0
    for piece in re.split(r"(?<=[.!?;|])\s+|\s+[|·•–—]\s+", line):
        start = line.find(piece, position)
        end = start + len(piece)
        position = end
        if any(s < end and start < e for s, e in spans):
            continue
        if _RESERVED.search(piece) or _LICENCE_NAME.search(piece) or _COPYRIGHT.search(piece):
            spans.append((start, end))
    return sorted(spans)


class _Collector:
    def __init__(self) -> None:
        self.statements: list[LicenceStatement] = []
        self._seen: set[tuple[str, str]] = set()
        self._embedded = 0
        self.lines = []

    #: every line looked at, to tell whether the page's text holds statements no footer or figure did
    lines: list[str]

    def add(self, text: str, scope: str, where: str, snippet: str | None = None) -> None:
        text = norm(text)[:MAX_STATEMENT_CHARS]
        if not text or (text, scope) in self._seen:
            return
        if scope == EMBEDDED:
            if (text, PAGE) in self._seen or self._embedded >= MAX_EMBEDDED:
                return
            self._embedded += 1
            snippet = None
        self._seen.add((text, scope))
        self.statements.append(LicenceStatement(text, scope, where, snippet))


def _text_statements(page: Page, out: _Collector, node: DOMNode, done: set[int]) -> None:
    """Licence statements in one element's lines, each classified by the block it was read from."""
    text = node.text or ""
    if not _ANY.search(text) or len(text) > 20 * MAX_BLOCK_CHARS:
        return
    for line, owner in block_lines(node):
        key = hash((line, owner))
        if key in done or not _ANY.search(line):
            continue
        done.add(key)
        out.lines.append(line)
        ctx = None
        for start, end in _sentences(line):
            sentence = line[start:end].strip(" ;|·")
            ctx = ctx or page.context(owner)
            where = _classify_text(sentence, ctx)
            if where is None:
                continue
            scope, kind = where
            names = _LICENCE_NAME.search(sentence) or _LICENCE_SENTENCE.search(sentence) or _RESERVED.search(sentence)
            if not names and (scope == EMBEDDED or kind == "notice"):
                continue  # a bare "© photographer" credit, or a copyright line in the text: no licence stated
            out.add(sentence, scope, kind, _snippet(line, start, end))


def _link_block_text(node: DOMNode) -> str:
    """The text of the block a link or badge sits in (its paragraph, list item or cell), if short."""
    current = node.parent
    while current is not None and current.type == NodeType.ELEMENT and current.tag not in BLOCK_TAGS:
        current = current.parent
    if current is None or current.type != NodeType.ELEMENT or current.tag in ("body", "html"):
        return ""
    text = norm(current.text or "")
    return text if len(text) <= 2 * SNIPPET_CHARS else ""


def _link_statements(page: Page, out: _Collector) -> None:
    document = page.document
    for element in document.query_selector_all("link[rel]"):
        href = element.getattr("href")
        if "license" in (element.getattr("rel") or "").lower().split() and href and href.strip():
            out.add(page.absolute(href), PAGE, "head_link", f'<link rel="license" href="{href.strip()}">')
    for element in document.query_selector_all(_LINK_SELECTOR):
        href = (element.getattr("href") or "").strip()
        rel_licence = "license" in (element.getattr("rel") or "").lower().split()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        href = page.absolute(href)
        if not (rel_licence or _LICENCE_URL.search(href)):
            continue
        block = _link_block_text(element)
        label = norm(element.text or "")
        where = _classify_text(block or label, page.context(element))
        if where is None:
            if not rel_licence:
                continue  # a link to a licence in the text: a mention, not a statement
            where = (PAGE, "rel_license")  # HTML: rel=license covers the page's main content
        snippet = _snippet(block, *_span(block, label)) if block else f'<a rel="license" href="{href}">{label}</a>'
        out.add(href, *where, snippet)
    for image in document.query_selector_all(_BADGE_SELECTOR):
        src = (image.getattr("src") or "").strip()
        where = _classify_text(_link_block_text(image), page.context(image)) or (PAGE, "badge")
        out.add(src, *where, f'<img src="{src}" alt="{norm(image.getattr("alt") or "")}">')


def _span(block: str, label: str) -> tuple[int, int]:
    start = block.find(label) if label else -1
    return (start, start + len(label)) if start >= 0 else (0, 0)


def _meta_statements(metas: dict[str, list[str]], out: _Collector) -> None:
    for name in _LICENCE_META:
        for value in metas.get(name, ()):
            if value and value.strip():
                out.add(value, PAGE, "meta", f'<meta name="{name}" content="{norm(value)[:MAX_STATEMENT_CHARS]}">')


def _jsonld_statements(page: Page, out: _Collector) -> None:
    for item, top in jsonld_objects(page.tree):
        licences = jsonld_licences(item.get("license"))
        if not licences:
            continue
        types = jsonld_types(item)
        main = top and bool(types & PAGE_TYPES)
        if main and page.url:
            ids = [page.absolute(i) for i in jsonld_ids(item) if not i.startswith("_:")]
            ids = [i for i in ids if not urlsplit(i).fragment or same_page(i.split("#")[0], page.url)]
            main = not ids or any(same_page(i.split("#")[0], page.url) for i in ids)
        kind = item.get("@type") if isinstance(item.get("@type"), str) else "/".join(sorted(types)) or "untyped"
        for licence in licences:
            if main:
                out.add(licence, PAGE, "jsonld", f'{{"@type": "{kind}", "license": "{licence}"}}')
            else:
                out.add(licence, EMBEDDED, "jsonld_embedded")


_CORE = re.compile(
    _LICENCE_NAME.pattern
    + "|"
    + _RESERVED.pattern
    + r"|\b(?:licen[cs]ed|available|published|released|distributed) under\b|\bsous licence\b",
    re.IGNORECASE,
)


def _unread(page: Page, out: _Collector) -> bool:
    """Whether the page's text names a licence more often than the blocks already read do."""
    body = norm(page.body.text or "") if page.body is not None else ""
    return len(_CORE.findall(body)) > len(_CORE.findall(" ".join(out.lines)))


def _paragraphs(node: DOMNode):
    """Paragraph-like elements under ``node``, in document order, by one walk of the tree."""
    stack = [node]
    seen = 0
    while stack and seen < 20 * MAX_NODES:
        current = stack.pop()
        seen += 1
        if current.tag in _NOTICE_TAGS:
            yield current
            continue
        child = current.last_child
        while child is not None:
            if child.type == NodeType.ELEMENT and child.tag not in SKIP_TAGS:
                stack.append(child)
            child = child.prev


def licence_statements(tree: HTMLTree, metas: dict[str, list[str]], url: str | None = None) -> list[LicenceStatement]:
    """Every licence statement of a parsed page, page-level first, in the order found."""
    if tree.document is None:
        return []
    page = Page(tree, tree.document, url)
    out = _Collector()
    _link_statements(page, out)
    _meta_statements(metas, out)
    _jsonld_statements(page, out)
    document = page.document
    done: set[int] = set()
    # Embedded blocks first: a credit inside a footer stays a credit.
    for selector in (_EMBEDDED_SELECTOR, _PAGE_FOOTER_SELECTOR, _LICENCE_BLOCK_SELECTOR):
        for node in document.query_selector_all(selector):
            _text_statements(page, out, node, done)
    if page.last_block is not None:
        _text_statements(page, out, page.last_block, done)
    if page.body is not None and _unread(page, out):
        for node in _paragraphs(page.body):
            _text_statements(page, out, node, done)
    page_level = [s for s in out.statements if s.scope == PAGE]
    return page_level + [s for s in out.statements if s.scope != PAGE]
