"""A page's main text: known page furniture removed first, then trafilatura, with resiliparse as the fallback.

Chosen by measurement (``benchmarks/extraction_quality.py``: token F1 against hand-made references
on real French and English pages). Every main-content extractor measured there keeps furniture that
sits inside the content column of wikis and CMS pages (edit links, citation markers, reference lists,
navigation boxes, tables of contents, banners), and drops a date in ``<time>`` even mid-sentence,
leaving "né le à". So, on the page's lxml tree:

1. ``<time>`` elements are unwrapped into their text, so dates stay the words they are.
2. Furniture that publishers mark up the same way everywhere is removed, by general rules rather than
   per-site hacks: ARIA landmarks (``role=navigation|search|banner|contentinfo|dialog``), ``<nav>``,
   the page-level ``<header>``/``<footer>``; the classes of MediaWiki (edit sections, citation markers,
   reference lists, navboxes, message boxes, hatnotes, TOC, categories), of DocBook and Sphinx
   navigation, of WordPress share bars, related posts and comments; the common consent managers;
   heading permalinks (a heading's own ``#``, ``¶`` or ``§`` link). Looser signs (``aria-hidden``,
   ``hidden``, "cookie" or "consent" in an id or class) remove an element only when it is short, since
   a page wrapper can carry them too. A heading left with nothing under it (the "References" or "See
   also" of a list that was furniture) goes too; headings that were already empty (stacked title lines) stay.
3. trafilatura extracts the main text (tables kept, comments not; its own fallbacks off: they cost
   time and, after cleaning, added nothing measurable).
4. When trafilatura keeps nothing, resiliparse's main-content extraction runs on the cleaned page, then
   its whole text: the fallback this reader always had. When even that is empty (lxml could not parse
   the page, or cut it short: libxml2 stops at 256 levels of nesting), the page as it came is read
   whole by resiliparse, without its main-content heuristic, which runs for minutes on a page nested
   100,000 levels deep.

Bounded: every cleaning step handles at most ``MAX_NODES_PER_STEP`` elements, and trafilatura leaves
pages of more than ``MAX_TREE_SIZE`` elements to the fallback.
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html
import trafilatura
from cssselect import HTMLTranslator
from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.html import HTMLTree
from trafilatura.settings import use_config

#: Furniture removed before extraction, one group per source of the convention.
FURNITURE_SELECTORS: tuple[str, ...] = (
    # ARIA landmarks and HTML semantics that are never the page's content
    "[role=navigation], [role=search], [role=banner], [role=contentinfo], [role=dialog], [role=alertdialog]",
    "nav, body > footer, body > header",
    # MediaWiki: edit links, citation markers and lists, navigation boxes, banners, hatnotes, TOC, categories
    ".mw-editsection, sup.reference, .mw-cite-backlink, .reflist, .references, .mw-references-wrap",
    ".navbox, .vertical-navbox, .navbox-styles, .ambox, .ombox, .tmbox, .cmbox, .fmbox, .mbox-small",
    ".hatnote, .dablink, .rellink, .noprint, .mw-empty-elt, #toc, .toc, #catlinks, .catlinks, #siteSub",
    "#contentSub, .mw-jump-link, #jump-to-nav, .printfooter, .mw-indicators, .sistersitebox, #mw-navigation",
    "#mw-panel, #mw-head, #footer, .mw-footer, .vector-header-container, .vector-column-start",
    # Wikipedia's own templates: French banners, portals and sister-project boxes; English stub notices,
    # series sidebars, authority control; coordinates of either
    ".bandeau-container, .bandeau-portail, #bandeau-portail, .autres-projets, .navbox-container, .asbox",
    ".sidebar, .authority-control, .portalbox, .portal-bar, .shortdescription, .navbar, #coordinates",
    # documentation generators: DocBook and Sphinx navigation
    ".navheader, .navfooter, .sphinxsidebar, .related, .breadcrumbs, .breadcrumb",
    # blogs and CMS: share bars, related posts, comments, skip links, admin bar
    ".sharedaddy, .share-buttons, .social-share, .related-posts, #comments, .comments-area, .comment-respond",
    ".skip-link, .screen-reader-shortcut, #wpadminbar",
    # cookie and consent banners: the common consent managers
    "#onetrust-consent-sdk, #CybotCookiebotDialog, #didomi-host, #tarteaucitronRoot, .qc-cmp2-container, .cc-window",
)
#: Furniture recognised by a looser sign: removed only when short, since a page wrapper may carry the same
#: sign (``<body class="cookies-accepted">``, the page behind an open modal marked ``aria-hidden``).
SHORT_FURNITURE_SELECTORS: tuple[str, ...] = (
    "[aria-hidden=true], [hidden]",
    "[id*=cookie], [class*=cookie], [id*=consent], [class*=consent], [id*=gdpr], [class*=gdpr]",
)
#: What "short" means for those: a cookie notice or a hidden menu is a few hundred characters.
MAX_SHORT_FURNITURE_CHARS = 2000
#: Upper bound on elements touched by one cleaning step: a hostile page cannot make cleaning quadratic.
MAX_NODES_PER_STEP = 20_000
#: Pages with more elements than this are left to resiliparse (trafilatura gives up on them).
MAX_TREE_SIZE = 500_000
_TRAFILATURA_CONFIG = use_config()
_TRAFILATURA_CONFIG.set("DEFAULT", "MAX_TREE_SIZE", str(MAX_TREE_SIZE))
_PERMALINK_TEXT = frozenset({"#", "¶", "§", "🔗", "link", "permalink"})
_NEVER_REMOVED = frozenset({"html", "head", "body"})
#: trafilatura writes tables as Markdown; the row separators "|---|---|" are markup, not text.
_TABLE_RULE = re.compile(r"^\|(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*(?:\n|$)", re.MULTILINE)
#: A Markdown table row, "| cell | cell |", and the cell separators in it (a "\|" inside a cell is text).
_TABLE_ROW = re.compile(r"^\|(.*)\|[ \t]*$", re.MULTILINE)
_CELL_SEPARATOR = re.compile(r"(?<!\\)\|")


def _xpath(selectors: tuple[str, ...]) -> list[lxml.etree.XPath]:
    translate = HTMLTranslator().css_to_xpath
    return [lxml.etree.XPath(translate(selector)) for selector in selectors]


_FURNITURE = _xpath(FURNITURE_SELECTORS)
_SHORT_FURNITURE = _xpath(SHORT_FURNITURE_SELECTORS)
_TIMES = lxml.etree.XPath("//time")
_HEADING_LEVELS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_HEADING_LINKS = lxml.etree.XPath(
    "//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6]//a[starts-with(@href, '#')]"
)


def _drop(elements, max_chars: int | None = None) -> None:
    for i, element in enumerate(elements):
        if i >= MAX_NODES_PER_STEP:
            break
        if not isinstance(element.tag, str) or element.tag in _NEVER_REMOVED or element.getparent() is None:
            continue
        if max_chars is not None and len(element.text_content()) > max_chars:
            continue
        element.drop_tree()


def remove_furniture(root: lxml.html.HtmlElement) -> None:
    """Unwrap ``<time>`` elements and remove page furniture from the tree under ``root``, in place."""
    # Headings already empty on the page are kept (a court decision's stacked title lines); only those that
    # the furniture removal empties (a "References" over a reference list) go.
    empty_before = set(_empty_headings(root))
    for i, element in enumerate(_TIMES(root)):
        if i >= MAX_NODES_PER_STEP:
            break
        if element.getparent() is not None:
            element.drop_tag()
    for xpath in _FURNITURE:
        _drop(xpath(root))
    for xpath in _SHORT_FURNITURE:
        _drop(xpath(root), MAX_SHORT_FURNITURE_CHARS)
    _drop(a for a in _HEADING_LINKS(root) if a.text_content().strip().lower() in _PERMALINK_TEXT)
    _drop(heading for heading in _empty_headings(root) if heading not in empty_before)


def _empty_headings(root: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Headings with no text before the next heading of the same or a higher level, in one document-order walk."""
    open_headings: list[list] = []  # [level, heading, has text under it], outermost first
    empty: list[lxml.html.HtmlElement] = []
    inside: lxml.html.HtmlElement | None = None  # the heading being walked through

    def close(level: int) -> None:
        while open_headings and open_headings[-1][0] >= level:
            _, heading, has_text = open_headings.pop()
            if not has_text:
                empty.append(heading)

    def saw(text: str | None) -> None:
        if inside is None and text and text.strip():
            for entry in open_headings:
                entry[2] = True

    for i, (event, element) in enumerate(lxml.etree.iterwalk(root, events=("start", "end"))):
        if i >= 100 * MAX_NODES_PER_STEP or not isinstance(element.tag, str):
            continue
        level = _HEADING_LEVELS.get(element.tag)
        if event == "start":
            if level is not None and inside is None:
                close(level)
                open_headings.append([level, element, False])
                inside = element
            else:
                saw(element.text)
        else:
            if element is inside:
                inside = None
            saw(element.tail)
    close(0)
    return empty


def _resiliparse_text(html: str, main_content: bool = True) -> str:
    tree = HTMLTree.parse(html)
    if main_content and (text := _plain_text(tree, main_content=True)).strip():
        return text
    return _plain_text(tree, main_content=False)


def _plain_text(tree: HTMLTree, main_content: bool) -> str:
    return extract_plain_text(
        tree, main_content=main_content, alt_texts=False, links=False, form_fields=False, noscript=False
    )


def _plain_row(match: re.Match[str]) -> str:
    cells = (cell.strip().replace("\\|", "|") for cell in _CELL_SEPARATOR.split(match.group(1)))
    return " | ".join(cell for cell in cells if cell)


def _plain_tables(text: str) -> str:
    """trafilatura's Markdown tables as plain rows: outer pipes, separator rows and empty cells (a layout table's
    spacers) removed, the cells of a row joined by " | "; a row left empty disappears."""
    text = _TABLE_ROW.sub(_plain_row, _TABLE_RULE.sub("", text))
    return re.sub(r"\n{3,}", "\n\n", re.sub(r"(?m)^[ \t]+$", "", text)).strip()


def main_text(html: str) -> str:
    """The page's main content as plain text; the page's whole text when no extractor keeps anything."""
    root = trafilatura.load_html(html)  # None for an empty or unparseable page
    if root is not None:
        remove_furniture(root)
        text = trafilatura.extract(
            root,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            fast=True,
            config=_TRAFILATURA_CONFIG,
        )
        if text and text.strip():
            return _plain_tables(text)
        text = _resiliparse_text(lxml.html.tostring(root, encoding="unicode"))
        if text.strip():
            return text
    # lxml could not parse the page, or cut it (libxml2 stops at 256 levels of nesting): lexbor reads it whole.
    # Its main-content heuristic is not used here: on pages nested that deep it runs for minutes.
    return _resiliparse_text(html, main_content=False)
