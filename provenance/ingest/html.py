"""HTML pages to documents: the main text (``main_text.py``), plus the rights signals and metadata a page states.

Shared by the WARC reader and the text-tree reader. From a resiliparse parse of the page it takes
the title (plain text), author, publication date and declared language, and every statement the
rights stage weighs: ``<meta name=robots>`` and bot-specific robots metas (``CCBot``, ``GPTBot``...),
``tdm-reservation`` / ``tdm-policy`` metas, and its licence statements (``licence_statements.py``: which
cover the page, which only what it embeds). The main text is extracted separately, since extraction
removes exactly the furniture (footers, banners) where some of those statements live.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from resiliparse.parse.html import HTMLTree

from provenance.contracts import SourceLimits
from provenance.ingest.decode import decode_text
from provenance.ingest.jsonld import jsonld_objects
from provenance.ingest.licence_statements import LicenceStatement, licence_statements
from provenance.ingest.main_text import main_text
from provenance.ingest.records import Document, Quarantined, QuarantineReason
from provenance.ingest.titles import plain_title
from provenance.schema import LICENCE_STATEMENTS_KEY, LicenceScope

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))

#: <meta name> values (lower-case) naming a crawler rather than all robots: their content is a
#: robots directive for that crawler only (e.g. <meta name="GPTBot" content="noindex">).
_BOT_META = re.compile(
    r"^(?:[a-z0-9_.-]*(?:bot|crawler|spider|agent)(?:-[a-z0-9]+)?|[a-z0-9_.-]+-(?:ai|extended)|anthropic-ai|cohere-ai)$"
)
_AUTHOR_META = ("author", "dc.creator", "dcterms.creator", "article:author", "citation_author")
_DATE_META = (
    "article:published_time",
    "dcterms.issued",
    "dcterms.created",
    "dcterms.date",
    "dc.date.issued",
    "dc.date.created",
    "dc.date",
    "citation_publication_date",
    "date",
    "pubdate",
    "og:published_time",
)
#: Bounds on one page, checked on its markup before any parser sees it: extraction and layout analysis are
#: quadratic in nesting depth (500 unclosed <table> tags take seconds, 40,000 nested <div> tags over a minute).
#: Real pages nest a few dozen levels (libxml2 itself stops at 256) and hold a few thousand elements.
#: The defaults of a source contract's ``limits.html_depth`` and ``limits.html_tags``.
DEFAULT_LIMITS = SourceLimits()
MAX_HTML_DEPTH = DEFAULT_LIMITS.html_depth
MAX_HTML_ELEMENTS = DEFAULT_LIMITS.html_tags
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
#: Elements that never hold others, or that the HTML parser closes by itself when a sibling opens:
#: an unclosed one does not nest what follows, so it does not count towards the depth.
_FLAT_ELEMENTS = frozenset(
    "area base br col embed hr img input link meta param source track wbr keygen "
    "p li dt dd tr td th option optgroup thead tbody tfoot colgroup caption rp rt".split()
)
_LANG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*$")


def primary_language(value: str | None) -> str | None:
    """'fr-FR' -> 'fr'; None for anything that is not a language tag."""
    if not value:
        return None
    match = _LANG.match(value.strip())
    return match.group(1).lower() if match else None


def sniff_charset(data: bytes) -> str | None:
    """The charset a page declares for itself: a byte-order mark, else <meta charset> / http-equiv in its first 4 KiB."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


@dataclass(slots=True)
class PageSignals:
    """What a page says about itself, beyond its text."""

    title: str | None = None
    author: str | None = None
    published_at: str | None = None
    lang: str | None = None
    meta_robots: str | None = None
    meta_tdm_reservation: str | None = None
    meta_tdm_policy: str | None = None
    #: crawler name (lower-case) -> robots directives for that crawler
    bot_robots: dict[str, str] = field(default_factory=dict)
    #: every licence statement, page-level first; licence_hints are the page-level ones' texts
    licence_statements: list[LicenceStatement] = field(default_factory=list)

    @property
    def licence_hints(self) -> list[str]:
        return [s.text for s in self.licence_statements if s.scope == LicenceScope.PAGE]


def _join(values: list[str]) -> str | None:
    values = [v.strip() for v in values if v and v.strip()]
    return ", ".join(dict.fromkeys(values)) or None


def _first(values: dict[str, list[str]], names: tuple[str, ...]) -> str | None:
    for name in names:
        for value in values.get(name, ()):
            if value and value.strip():
                return value.strip()
    return None


def _jsonld_name(value) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return value.get("name") if isinstance(value.get("name"), str) else None
    if isinstance(value, list) and value:
        return _jsonld_name(value[0])
    return None


def page_signals(tree: HTMLTree, url: str | None = None) -> PageSignals:
    """What a parsed page says about itself; ``url`` (where it was captured) resolves relative licence links
    and tells the page's own JSON-LD entity from the items it embeds."""
    signals = PageSignals()
    document = tree.document
    if document is None:  # nothing parsed: a page with no statements
        return signals
    metas: dict[str, list[str]] = {}
    for meta in document.query_selector_all("meta[name], meta[property]"):
        name = (meta.getattr("name") or meta.getattr("property") or "").strip().lower()
        content = meta.getattr("content")
        if name and content is not None:
            metas.setdefault(name, []).append(content)
    signals.meta_robots = _join(metas.get("robots", []))
    signals.meta_tdm_reservation = _join(metas.get("tdm-reservation", []))
    signals.meta_tdm_policy = _join(metas.get("tdm-policy", []))
    for name, contents in metas.items():
        if name != "robots" and _BOT_META.match(name):
            signals.bot_robots[name] = _join(contents) or ""
    signals.title = plain_title(tree.title) or plain_title(_first(metas, ("og:title", "dc.title", "dcterms.title")))
    author = _first(metas, _AUTHOR_META)
    signals.author = author if author and not author.startswith(("http://", "https://")) else None
    signals.published_at = _first(metas, _DATE_META)
    root = document.document_element
    signals.lang = primary_language(root.getattr("lang") if root is not None else None) or primary_language(
        _first(metas, ("content-language", "dc.language", "og:locale"))
    )

    for item, top in jsonld_objects(tree):
        if not top:
            continue
        if signals.published_at is None and isinstance(item.get("datePublished"), str):
            signals.published_at = item["datePublished"]
        if signals.author is None and item.get("author") is not None:
            signals.author = _jsonld_name(item.get("author"))
    signals.licence_statements = licence_statements(tree, metas, url)
    return signals


def markup_bound(text: str, limits: SourceLimits = DEFAULT_LIMITS) -> tuple[QuarantineReason, str] | None:
    """Why a page is too big to parse, from one linear scan of its tags: nested deeper than ``limits.html_depth``
    (counting open tags not yet closed, an upper bound on the parsed depth) or more than ``limits.html_tags``
    tags; None for a page within bounds."""
    depth = 0
    for count, tag in enumerate(_TAG.finditer(text), 1):
        if count > limits.html_tags:
            return QuarantineReason.OVERSIZE, f"the page has more than {limits.html_tags} HTML tags (limits.html_tags)"
        if tag.group(2).lower() in _FLAT_ELEMENTS:
            continue
        if tag.group(1):
            depth = max(depth - 1, 0)
        else:
            depth += 1
            if depth > limits.html_depth:
                return (
                    QuarantineReason.TOO_DEEP,
                    f"the page's markup nests deeper than {limits.html_depth} levels (limits.html_depth)",
                )
    return None


def html_document(
    locator: str,
    data: bytes,
    charset: str | None = None,
    fallback_charset: str | None = None,
    limits: SourceLimits = DEFAULT_LIMITS,
    **fields,
) -> Document | Quarantined:
    """A Document from an HTML page's bytes, or a quarantine row when its encoding cannot be determined.

    ``charset`` is what the transport declared (HTTP Content-Type); a byte-order mark or the page's
    own <meta charset> come next, then ``fallback_charset`` (a contract's ``encoding``), then detection.
    ``limits`` (the source contract's) bound the markup (:func:`markup_bound`). ``fields`` are set on the
    Document as given (url, retrieved_at, rights headers, metadata...).
    """
    bom = sniff_charset(data[:4]) if data[:2] in (b"\xef\xbb", b"\xff\xfe", b"\xfe\xff") else None
    declared = bom or charset or sniff_charset(data) or fallback_charset
    text, flags = decode_text(data, declared)
    if text is None:
        return Quarantined(
            locator,
            QuarantineReason.UNKNOWN_ENCODING,
            f"the page's bytes do not decode as {declared or 'any detected encoding'}",
            len(data),
        )
    if (bound := markup_bound(text, limits)) is not None:
        return Quarantined(locator, bound[0], bound[1], len(data))
    tree = HTMLTree.parse(text)
    signals = page_signals(tree, fields.get("url"))
    metadata = dict(fields.pop("metadata", None) or {})
    if declared:
        metadata["charset"] = declared
    if signals.bot_robots:
        metadata["meta_robots_bots"] = signals.bot_robots
    if signals.licence_statements:
        metadata[LICENCE_STATEMENTS_KEY] = [s.as_dict() for s in signals.licence_statements]
    doc = Document(
        locator=locator,
        text=main_text(text),
        title=signals.title,
        author=signals.author,
        published_at=signals.published_at,
        lang=signals.lang,
        meta_robots=signals.meta_robots,
        meta_tdm_reservation=signals.meta_tdm_reservation,
        meta_tdm_policy=signals.meta_tdm_policy,
        licence_hints=signals.licence_hints,
        flags=flags + list(fields.pop("flags", None) or []),
        metadata=metadata,
    )
    for name, value in fields.items():
        setattr(doc, name, value)
    return doc
