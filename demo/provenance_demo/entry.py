"""One record the generator plans to write: its content, its rights, what ingest must make of it.

A format writer gives each entry its locator; the ground truth is then read off the entries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from provenance_demo.ground_truth import Reservation
from provenance_demo.scene import Span


@dataclass
class HtmlPage:
    """How a web page carries its text and rights signals, for the WARC and text-tree writers."""

    #: HTTP response headers beyond the usual ones, exact name casing kept (e.g. "TDM-Reservation")
    headers: list[tuple[str, str]] = field(default_factory=list)
    #: <meta name=... content=...> in the head
    metas: list[tuple[str, str]] = field(default_factory=list)
    #: <link rel="license" href=...>
    licence_link: str | None = None
    #: a footer sentence (a wiki or CMS licence notice); None: no footer
    footer: str | None = None
    #: navigation and footer chrome around the article (kept off for pages whose text must match a copy)
    chrome: bool = True
    #: render no body text at all (a page the extractor finds empty)
    empty: bool = False
    #: WARC only: declare a Content-Length this many bytes shorter than the record's block
    length_lie: int = 0


@dataclass
class Entry:
    key: str
    source_id: str
    #: 'document' or 'quarantined'
    expect: str = "document"
    quarantine_reason: str | None = None
    register: str | None = None
    lang: str | None = None
    #: the text as ingest should produce it (for HTML and wikitext: as an extractor should recover it)
    text: str | None = None
    #: text blocks ((kind, text) pairs) for formats that mark paragraphs up (HTML, wikitext)
    blocks: list[tuple[str, str]] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    #: whether ``spans`` offsets hold in the ingested text (JSONL, Parquet, .txt and .md members)
    offsets_exact: bool = False
    title: str | None = None
    author: str | None = None
    url: str | None = None
    published: dt.datetime | dt.date | None = None
    retrieved: dt.datetime | None = None
    #: the licence statement the record or page carries; None: the contract's default applies
    licence: str | None = None
    reservations: list[Reservation] = field(default_factory=list)
    duplicate_group: str | None = None
    #: key of the entry whose text this one changes by a sentence
    near_duplicate_of: str | None = None
    expected_flags: list[str] = field(default_factory=list)
    html: HtmlPage | None = None
    #: JSONL: a raw line written as is (malformed or not an object); record fields replaced wholesale
    raw_line: bytes | None = None
    record: dict | None = None
    #: text tree: the member path, its bytes' encoding, Markdown front matter
    member: str | None = None
    encoding: str = "utf-8"
    front_matter: dict | None = None
    #: MediaWiki: the page's wikitext and revision history, set by the wiki planner
    wiki: dict | None = None
    #: filled by the writer
    locator: str | None = None

    @property
    def capture_date(self) -> dt.date | None:
        """When the record was captured, as the rights stage reads it: retrieved, else published."""
        when = self.retrieved or self.published
        if when is None:
            return None
        return when.date() if isinstance(when, dt.datetime) else when
