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

import json
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from resiliparse.parse.html import DocumentNode, DOMNode, ElementNode, HTMLTree, NodeType

from provenance.schema import LicenceScope

PAGE = LicenceScope.PAGE
EMBEDDED = LicenceScope.EMBEDDED

SNIPPET_CHARS = 500
MAX_STATEMENT_CHARS = 400
MAX_EMBEDDED = 30
_MAX_BLOCK_CHARS = 4000
_MAX_JSONLD_CHARS = 1 << 16
_MAX_NODES = 5000

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


_MEDIA_TAGS = frozenset({"figure", "figcaption", "picture", "video", "audio", "iframe", "object", "embed"})
#: class or id tokens of credits, captions and galleries ("wp-caption-text", "photo-credit", "thumbinner"),
#: not of pages that merely have one ("has-post-thumbnail")
_CREDIT_TOKEN = re.compile(
    r"^(?:[\w-]*[-_])?(?:captions?|credits?|attributions?|gallery|slideshow|carousel|lightbox|thumb|thumbinner"
    r"|thumbcaption|photos?)(?:[-_][\w-]*)?$",
    re.IGNORECASE,
)
_FOOTER_CLASS = re.compile(r"footer|contentinfo|colophon", re.IGNORECASE)
_LICENCE_CLASS = re.compile(r"licen[cs]e|copyright", re.IGNORECASE)
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "tr",
        "td",
        "th",
        "section",
        "article",
        "aside",
        "header",
        "footer",
        "nav",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "figure",
        "figcaption",
        "blockquote",
        "address",
        "form",
        "br",
        "hr",
        "pre",
        "main",
        "caption",
        "details",
        "summary",
        "tbody",
        "thead",
        "tfoot",
    }
)
_SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "svg", "select", "option", "button", "head", "input", "textarea"}
)
_EMBEDDED_SELECTOR = (
    "figure, picture, video, audio, iframe, object, [class*=caption], [class*=credit], [id*=credit], "
    "[class*=attribution], [class*=gallery], [class*=slideshow], [class*=carousel], [class*=thumb], [class*=photo]"
)
_PAGE_FOOTER_SELECTOR = (
    "footer, [role=contentinfo], #footer, .footer, #footer-info, [id*=footer], [class*=footer], #colophon"
)
_LICENCE_BLOCK_SELECTOR = "[class*=licen], [id*=licen], #copyright, .copyright, [class*=copyright]"
_JSONLD_PAGE_TYPES = frozenset(
    {
        "webpage",
        "article",
        "newsarticle",
        "blogposting",
        "creativework",
        "scholarlyarticle",
        "report",
        "techarticle",
        "aboutpage",
        "itempage",
        "collectionpage",
        "faqpage",
        "qapage",
        "profilepage",
        "website",
        "book",
        "chapter",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "liveblogposting",
        "socialmediaposting",
        "discussionforumposting",
        "medicalwebpage",
        "searchresultspage",
        "dataset",
        "course",
        "howto",
        "recipe",
        "review",
        "legislation",
        "periodical",
        "publicationissue",
        "thesis",
        "manuscript",
    }
)
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


def _norm(text: str) -> str:
    return " ".join(text.split())


def _snippet(block: str, start: int, end: int) -> str:
    """The block's text, SNIPPET_CHARS either side of [start, end), e-mail addresses masked."""
    cut = block[max(0, start - SNIPPET_CHARS) : end + SNIPPET_CHARS]
    return _EMAIL.sub("[email]", cut)


def _classes(node: ElementNode) -> str:
    return f"{node.getattr('id') or ''} {node.getattr('class') or ''}"


def block_lines(node: DOMNode) -> list[tuple[str, DOMNode]]:
    """The text of an element as a reader sees its lines (one per paragraph, list item, cell or <br>), each with
    the innermost block element it was read from."""
    pieces: list[tuple[str, DOMNode | None]] = []
    stack: list[tuple[DOMNode | None, DOMNode]] = [(node, node)]
    seen = 0
    while stack and seen < _MAX_NODES:
        current, owner = stack.pop()
        if current is None:  # the end of a block
            pieces.append(("\n", None))
            continue
        seen += 1
        if current.type == NodeType.TEXT:
            pieces.append((current.text or "", owner))
            continue
        if current.type != NodeType.ELEMENT or current.tag in _SKIP_TAGS:
            continue
        if current.tag in _BLOCK_TAGS:
            pieces.append(("\n", None))
            stack.append((None, owner))
            owner = current
        child = current.last_child
        while child is not None:
            stack.append((child, owner))
            child = child.prev
    lines: list[tuple[str, DOMNode]] = []
    text: list[str] = []
    first: DOMNode | None = None
    for piece, block in [*pieces, ("\n", None)]:
        if block is None:
            line = _norm("".join(text))
            if line and first is not None:
                lines.append((line, first))
            text, first = [], None
        else:
            text.append(piece)
            if first is None and piece.strip():
                first = block
    return lines


class _Page:
    """One parsed page and what its licence statements need to know about its layout."""

    def __init__(self, tree: HTMLTree, document: DocumentNode, url: str | None):
        self.tree = tree
        self.document = document
        self.body = tree.body
        self.url = url
        base = self.document.query_selector("base[href]")
        self.base = urljoin(url or "", base.getattr("href") or "") if base is not None else url
        self._items: dict[DOMNode, bool] = {}
        self.last_block = self._last_block()

    def _last_block(self) -> ElementNode | None:
        """The page's last block after its main content, where pages without a footer put their notice."""
        node = self.body
        for _ in range(6):
            if node is None:
                return None
            children = [
                c
                for c in node.child_nodes
                if isinstance(c, ElementNode) and c.tag not in _SKIP_TAGS and _norm(c.text or "")
            ]
            if not children:
                return None
            if len(children) > 1:
                last = children[-1]
                if last.query_selector("main, article, h1, [role=main]") is not None:
                    return None
                return last
            node = children[0]
        return None

    def absolute(self, href: str) -> str:
        href = href.strip()
        if self.base and not urlsplit(href).scheme:
            return urljoin(self.base, href)
        return href

    def is_item(self, article: DOMNode) -> bool:
        """An <article> that is not the page's own: one of several side by side (teasers), or inside another."""
        found = self._items.get(article)
        if found is None:
            parent = article.parent
            siblings = sum(
                1
                for c in (parent.child_nodes if parent is not None else ())
                if c.type == NodeType.ELEMENT and c.tag == "article"
            )
            ancestor = article.parent
            while ancestor is not None and ancestor.type == NodeType.ELEMENT and ancestor.tag != "article":
                ancestor = ancestor.parent
            found = siblings > 1 or (ancestor is not None and ancestor.type == NodeType.ELEMENT)
            self._items[article] = found
        return found

    def context(self, node: DOMNode) -> dict[str, bool]:
        """What a node sits in: embedded media, a credit, an item, the page footer, the last block, a licence block."""
        found = {
            "media": False,
            "credit": False,
            "item": False,
            "footer": False,
            "last_block": False,
            "licence_block": False,
        }
        current: DOMNode | None = node
        footer_open = False  # a footer-like element seen, no aside/nav/item above it yet
        while isinstance(current, ElementNode) and current.tag not in ("body", "html"):
            tag = current.tag
            classes = _classes(current)
            if tag in _MEDIA_TAGS:
                found["media"] = True
            if _credit_classes(classes) and len(current.text or "") < _MAX_BLOCK_CHARS:
                found["credit"] = True
            item = tag == "article" and self.is_item(current)
            if item:
                found["item"] = True
            if tag in ("aside", "nav") or item:
                footer_open = False  # a footer inside a sidebar or an item is theirs, not the page's
            if tag == "footer" or current.getattr("role") == "contentinfo" or _FOOTER_CLASS.search(classes):
                footer_open = True
            if _LICENCE_CLASS.search(classes):
                found["licence_block"] = True
            if self.last_block is not None and current == self.last_block:
                found["last_block"] = True
            current = current.parent
        found["footer"] = footer_open
        return found


def _credit_classes(classes: str) -> bool:
    return any(_CREDIT_TOKEN.match(token) for token in classes.split())


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
        text = _norm(text)[:MAX_STATEMENT_CHARS]
        if not text or (text, scope) in self._seen:
            return
        if scope == EMBEDDED:
            if (text, PAGE) in self._seen or self._embedded >= MAX_EMBEDDED:
                return
            self._embedded += 1
            snippet = None
        self._seen.add((text, scope))
        self.statements.append(LicenceStatement(text, scope, where, snippet))


def _text_statements(page: _Page, out: _Collector, node: DOMNode, done: set[int]) -> None:
    """Licence statements in one element's lines, each classified by the block it was read from."""
    text = node.text or ""
    if not _ANY.search(text) or len(text) > 20 * _MAX_BLOCK_CHARS:
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
    while current is not None and current.type == NodeType.ELEMENT and current.tag not in _BLOCK_TAGS:
        current = current.parent
    if current is None or current.type != NodeType.ELEMENT or current.tag in ("body", "html"):
        return ""
    text = _norm(current.text or "")
    return text if len(text) <= 2 * SNIPPET_CHARS else ""


def _link_statements(page: _Page, out: _Collector) -> None:
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
        label = _norm(element.text or "")
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
        out.add(src, *where, f'<img src="{src}" alt="{_norm(image.getattr("alt") or "")}">')


def _span(block: str, label: str) -> tuple[int, int]:
    start = block.find(label) if label else -1
    return (start, start + len(label)) if start >= 0 else (0, 0)


def _meta_statements(metas: dict[str, list[str]], out: _Collector) -> None:
    for name in _LICENCE_META:
        for value in metas.get(name, ()):
            if value and value.strip():
                out.add(value, PAGE, "meta", f'<meta name="{name}" content="{_norm(value)[:MAX_STATEMENT_CHARS]}">')


def jsonld_objects(tree: HTMLTree):
    """(object, top_level) for every JSON-LD object of the page; top-level ones are direct or in @graph."""
    document = tree.document
    scripts = document.query_selector_all('script[type="application/ld+json"]') if document else ()
    for script in scripts:
        raw = script.text or ""
        if not raw.strip() or len(raw) > _MAX_JSONLD_CHARS:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        stack: list[tuple[object, bool]] = [(data, True)]
        count = 0
        while stack and count < 500:
            item, top = stack.pop()
            count += 1
            if isinstance(item, list):
                stack.extend((x, top) for x in item[:50])
            elif isinstance(item, dict):
                yield item, top
                for key, value in item.items():
                    if key == "@graph":
                        stack.extend((x, True) for x in (value if isinstance(value, list) else [value])[:50])
                    elif isinstance(value, (dict, list)) and key not in ("@context",):
                        stack.append((value, False))


def _jsonld_types(item: dict) -> set[str]:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1].lower() for k in kinds if isinstance(k, str)}


def _same_page(a: str, b: str) -> bool:
    def key(url: str) -> str:
        parts = urlsplit(url.strip())
        return (
            (parts.hostname or "").removeprefix("www.")
            + parts.path.rstrip("/")
            + (f"?{parts.query}" if parts.query else "")
        )

    return key(a) == key(b)


def _jsonld_ids(item: dict) -> list[str]:
    ids = []
    for key in ("url", "@id", "mainEntityOfPage"):
        value = item.get(key)
        if isinstance(value, dict):
            value = value.get("@id") or value.get("url")
        if isinstance(value, str) and value.strip():
            ids.append(value)
    return ids


def _jsonld_licence(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        found = value.get("url") or value.get("@id") or value.get("name")
        return [found] if isinstance(found, str) else []
    if isinstance(value, list):
        return [x for v in value[:10] for x in _jsonld_licence(v)]
    return []


def _jsonld_statements(page: _Page, out: _Collector) -> None:
    for item, top in jsonld_objects(page.tree):
        licences = _jsonld_licence(item.get("license"))
        if not licences:
            continue
        types = _jsonld_types(item)
        main = top and bool(types & _JSONLD_PAGE_TYPES)
        if main and page.url:
            ids = [page.absolute(i) for i in _jsonld_ids(item) if not i.startswith("_:")]
            ids = [i for i in ids if not urlsplit(i).fragment or _same_page(i.split("#")[0], page.url)]
            main = not ids or any(_same_page(i.split("#")[0], page.url) for i in ids)
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


def _unread(page: _Page, out: _Collector) -> bool:
    """Whether the page's text names a licence more often than the blocks already read do."""
    body = _norm(page.body.text or "") if page.body is not None else ""
    return len(_CORE.findall(body)) > len(_CORE.findall(" ".join(out.lines)))


def _paragraphs(node: DOMNode):
    """Paragraph-like elements under ``node``, in document order, by one walk of the tree."""
    stack = [node]
    seen = 0
    while stack and seen < 20 * _MAX_NODES:
        current = stack.pop()
        seen += 1
        if current.tag in _NOTICE_TAGS:
            yield current
            continue
        child = current.last_child
        while child is not None:
            if child.type == NodeType.ELEMENT and child.tag not in _SKIP_TAGS:
                stack.append(child)
            child = child.prev


def licence_statements(tree: HTMLTree, metas: dict[str, list[str]], url: str | None = None) -> list[LicenceStatement]:
    """Every licence statement of a parsed page, page-level first, in the order found."""
    if tree.document is None:
        return []
    page = _Page(tree, tree.document, url)
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
