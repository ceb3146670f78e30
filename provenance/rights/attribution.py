"""Attribution strings: the credit each licence requires, filled from the document and its source contract;
and whether a document's author may be kept at all.

Templates live in the licence policy (``attribution_templates``). ``{name}`` is a placeholder; a
part in ``[brackets]`` is dropped when one of its placeholders has no value. A missing
placeholder outside brackets means the document cannot be credited as the template asks: the
credit of the document's rights holder is used instead (the contract's ``attribution`` for a
single-publisher source, a ``sites`` entry's ``attribution``, else the holder with the title and
URLs), followed by the licence's name and URL, so a licence that requires attribution never gets
an empty one.

Who is credited is the document's rights holder (:mod:`provenance.rights.sites`), never the
archive's publisher for a crawled site's pages: ``{rights_holder}`` is that holder. A MediaWiki
page has no single author: ``{author}`` is the wiki's contributors, collectively, and
``{history_url}`` its history page, which lists them (how CC BY-SA asks a wiki to be credited).

An author's name is personal data. It is kept (in the cleared document, its attribution and the
lineage) only where a licence of the document requires credit: the CC BY family, BY-SA included,
and Licence Ouverte / etalab; anywhere else it is dropped, and the decision's evidence says which.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from provenance.rights.sites import Holder, HolderOrigin

if TYPE_CHECKING:
    from provenance.contracts import SourceContract
    from provenance.rights.licence_entries import LicenceEntry
    from provenance.rights.licence_verdict import LicenceResolution
    from provenance.rights.policy import LicencePolicy

PLACEHOLDERS = frozenset(
    {
        "title",
        "author",
        "source",
        "rights_holder",
        "url",
        "history_url",
        "licence",
        "licence_name",
        "licence_url",
        "date",
    }
)
#: the credit of a holder with no attribution text of its own
_HOLDER_CREDIT = "{rights_holder}[, “{title}”][, {url}][ (history: {history_url})]"

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")


def template_placeholders(template: str) -> set[str]:
    return set(_PLACEHOLDER.findall(template))


def render(template: str, values: dict[str, str | None]) -> str | None:
    """Fill ``template``; None when a placeholder outside brackets has no value."""

    def fill(part: str) -> str | None:
        missing = [name for name in _PLACEHOLDER.findall(part) if not values.get(name)]
        if missing:
            return None
        # A function replacement: values are inserted verbatim, never interpreted as a pattern.
        return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), part)

    def optional(match: re.Match) -> str:
        return fill(match.group(1)) or ""

    body = _OPTIONAL.sub(optional, template)
    result = fill(body)
    return re.sub(r"\s+", " ", result).strip() if result is not None else None


@dataclass(frozen=True)
class DocumentCredit:
    """The document fields attribution can use; none of them is required."""

    title: str | None = None
    author: str | None = None
    url: str | None = None
    published_at: dt.datetime | None = None
    retrieved_at: dt.datetime | None = None
    #: a wiki page's history (its contributors)
    history_url: str | None = None
    #: the document's rights holder; None: the source contract's
    holder: Holder | None = None

    @property
    def creator(self) -> str | None:
        """Whom a CC credit names as the creator: the stated author, else a wiki's contributors."""
        if self.author:
            return self.author
        return self.holder.name if self.holder and self.holder.collective_author else None

    def holder_of(self, source: SourceContract) -> Holder:
        return self.holder or Holder(source.rights_holder, HolderOrigin.CONTRACT, source.attribution)

    @property
    def date(self) -> str | None:
        # Licence Ouverte asks for the date of last update: publication, else when it was captured.
        when = self.published_at or self.retrieved_at
        return when.date().isoformat() if when else None


def _values(credit: DocumentCredit, source: SourceContract, entry: LicenceEntry) -> dict[str, str | None]:
    return {
        "title": credit.title,
        "author": credit.creator,
        "url": credit.url,
        "history_url": credit.history_url,
        "date": credit.date,
        "source": source.title,
        "rights_holder": credit.holder_of(source).name,
        "licence": entry.id,
        "licence_name": entry.name or entry.id,
        "licence_url": entry.url or None,
    }


def _fallback(credit: DocumentCredit, source: SourceContract, entry: LicenceEntry) -> str:
    holder = credit.holder_of(source)
    text = (holder.attribution or "").strip()
    if not text and holder.origin is HolderOrigin.CONTRACT:
        text = f"{source.rights_holder}, {source.title}"
    credit_text = text or render(_HOLDER_CREDIT, _values(credit, source, entry)) or holder.name
    licence = entry.name or entry.id
    return f"{credit_text} — {licence}" + (f" ({entry.url})" if entry.url else "")


def attribution_for(
    resolution: LicenceResolution, credit: DocumentCredit, source: SourceContract, policy: LicencePolicy
) -> str | None:
    """The attribution owed for a document used under ``resolution``; None when no licence in it requires one."""
    parts: list[str] = []
    for licence_id in resolution.licences:
        entry = policy.entry(licence_id)
        if entry is None or not entry.requires_attribution:
            continue
        template = policy.templates.get(entry.attribution or "") or policy.templates.get("generic")
        text = render(template, _values(credit, source, entry)) if template else None
        parts.append(text or _fallback(credit, source, entry))
    return " ; ".join(dict.fromkeys(parts)) or None


@dataclass(frozen=True)
class AuthorCredit:
    """Whether a document's stated author is kept, and why, in words that never quote the name."""

    kept: bool
    why: str

    def as_evidence(self) -> dict:
        return {"kept": self.kept, "why": self.why}


def credit_licences(resolution: LicenceResolution, policy: LicencePolicy) -> list[str]:
    """The licences of ``resolution`` that require their users to credit the work."""
    return [
        licence_id
        for licence_id in resolution.licences
        if (entry := policy.entry(licence_id)) is not None and entry.requires_attribution
    ]


def author_credit(resolution: LicenceResolution | None, policy: LicencePolicy, published: bool) -> AuthorCredit:
    """Whether the author of a document decided with ``resolution`` is kept: only for credit a licence requires."""
    if not published or resolution is None:
        return AuthorCredit(False, "dropped: the document is not published")
    owed = credit_licences(resolution, policy)
    if owed:
        return AuthorCredit(True, "credit required by " + ", ".join(owed))
    licence = resolution.spdx or resolution.expression or "its licence"
    return AuthorCredit(False, f"dropped: {licence} requires no credit")
