"""Where a node sits on a parsed page: the lines a reader sees, and the footer, media, credit, teaser item,
last block or licence block around it. What :mod:`provenance.ingest.licence_statements` needs to know of a page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

from resiliparse.parse.html import DocumentNode, DOMNode, ElementNode, HTMLTree, NodeType

MAX_BLOCK_CHARS = 4000
MAX_NODES = 5000

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
BLOCK_TAGS = frozenset(
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
SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "svg", "select", "option", "button", "head", "input", "textarea"}
)


def norm(text: str) -> str:
    return " ".join(text.split())


def _classes(node: ElementNode) -> str:
    return f"{node.getattr('id') or ''} {node.getattr('class') or ''}"


def block_lines(node: DOMNode) -> list[tuple[str, DOMNode]]:
    """The text of an element as a reader sees its lines (one per paragraph, list item, cell or <br>), each with
    the innermost block element it was read from."""
    pieces: list[tuple[str, DOMNode | None]] = []
    stack: list[tuple[DOMNode | None, DOMNode]] = [(node, node)]
    seen = 0
    while stack and seen < MAX_NODES:
        current, owner = stack.pop()
        if current is None:  # the end of a block
            pieces.append(("\n", None))
            continue
        seen += 1
        if current.type == NodeType.TEXT:
            pieces.append((current.text or "", owner))
            continue
        if current.type != NodeType.ELEMENT or current.tag in SKIP_TAGS:
            continue
        if current.tag in BLOCK_TAGS:
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
            line = norm("".join(text))
            if line and first is not None:
                lines.append((line, first))
            text, first = [], None
        else:
            text.append(piece)
            if first is None and piece.strip():
                first = block
    return lines


def child_nodes(node: DOMNode) -> Iterator[DOMNode]:
    """A node's children, in order. Not resiliparse's ``child_nodes``, which is quadratic in their number
    (4,000 paragraphs under one <body> take it 48 s)."""
    child = node.first_child
    while child is not None:
        yield child
        child = child.next


class Page:
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
                for c in child_nodes(node)
                if isinstance(c, ElementNode) and c.tag not in SKIP_TAGS and norm(c.text or "")
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
                for c in (child_nodes(parent) if parent is not None else ())
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
            if _credit_classes(classes) and len(current.text or "") < MAX_BLOCK_CHARS:
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
