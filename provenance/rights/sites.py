"""Who holds the rights in a document, and who is credited: the wiki's contributors, the site, or the source.

A source contract's ``rights_holder`` is whoever published the archive. For a single-publisher
archive (a parliament's debates, a broadcaster's transcripts) that is the rights holder of every
document in it. For a crawl it is not: Common Crawl or a library's crawler publishes the WARC, each
site holds the rights in its own pages. So a document's rights holder is (``HolderOrigin``):

- ``wiki_contributors``: a MediaWiki page's contributors, collectively, named from the dump's
  ``siteinfo`` site name in the page's language ("Wikipedia contributors", "Contributeurs de
  Wikipédia"); the contract's ``rights_holder`` when the dump header is not this wiki's (it names
  another site than the contract's ``base_url``) or has no site name. Never a single editor.
- ``site_mapping``: the contract's ``sites`` entry for the page's host: the longest key the host
  is, or is a subdomain of (``an.wikipedia.org`` before ``wikipedia.org``).
- ``registrable_domain``: otherwise, for a page of a crawl, its registrable domain (the public
  suffix plus one label, Public Suffix List private section included, so ``foo.blogspot.com`` and
  ``bar.github.io`` are sites of their own), as tldextract's bundled snapshot of the list reads it,
  offline.
- ``host``: a crawled page whose host has no registrable domain (an IP address, ``localhost``, a
  name under no public suffix): the host itself, and the evidence says why.
- ``contract``: every other document: the contract's ``rights_holder`` and ``attribution``.

A source is read as a crawl (:func:`is_crawl`) when its format is ``warc``, when its contract has
``sites``, or when the documents of a dump come from more than one registrable domain (a JSONL
export of Common Crawl pages is as multi-site as a WARC). A single-publisher export whose URLs are
all on its own site keeps the contract's rights holder.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING

import tldextract

from provenance.rights.urls import ascii_host, host_in_domain, host_of

if TYPE_CHECKING:
    from provenance.contracts import SourceContract

#: The Public Suffix List snapshot shipped with tldextract: never fetched, never cached on disk.
_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


class HolderOrigin(StrEnum):
    """Where a document's rights holder was read."""

    CONTRACT = "contract"
    SITE_MAPPING = "site_mapping"
    REGISTRABLE_DOMAIN = "registrable_domain"
    HOST = "host"
    WIKI_CONTRIBUTORS = "wiki_contributors"


@dataclass(frozen=True)
class SiteCredit:
    """A contract's ``sites`` entry: who holds the rights in one site's pages, and how they ask to be credited."""

    rights_holder: str
    attribution: str | None = None


@dataclass(frozen=True)
class Holder:
    """A document's rights holder, where it was read, and the credit text that stands in for a template."""

    name: str
    origin: HolderOrigin
    #: the contract's or the site's own attribution text, when one says how to credit
    attribution: str | None = None
    #: the registrable domain (or mapped domain) the holder was read from; None for contract and wiki holders
    domain: str | None = None
    detail: str = ""
    #: the holder made the work collectively (a wiki's contributors): credited as its author
    collective_author: bool = False

    def as_evidence(self) -> dict:
        return {"rights_holder": self.name, "origin": self.origin.value, "domain": self.domain, "detail": self.detail}


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


@lru_cache(maxsize=65536)
def registrable_domain(host: str | None) -> str | None:
    """``sport.gazette-ouest.fr`` -> ``gazette-ouest.fr``; None for an IP address, ``localhost`` or a public suffix."""
    if not host or _is_ip(host):
        return None
    return _EXTRACT(ascii_host(host)).top_domain_under_public_suffix or None


def site_key_problem(key: str) -> str | None:
    """Why ``key`` cannot be a ``sites`` key (a registrable domain or a host under one); None when it can."""
    host = ascii_host(key)
    if not host or any(c in host for c in "/:@?#* ") or host != host_of(f"http://{host}/"):
        return f"{key!r} is not a domain name (write the site's domain alone, e.g. example.fr)"
    if _is_ip(host):
        return f"{key!r} is an IP address, not a domain name"
    if registrable_domain(host) is None:
        return f"{key!r} has no registrable domain under the Public Suffix List (e.g. example.fr, not fr or localhost)"
    return None


def wiki_contributors(site_name: str, lang: str | None) -> str:
    """The collective credit of a wiki's contributors, in the page's language: French, else English."""
    return f"Contributeurs de {site_name}" if lang == "fr" else f"{site_name} contributors"


def is_crawl(source: SourceContract, domains: Iterable[str | None] = ()) -> bool:
    """Whether pages of ``source`` are credited to their sites: a WARC, a contract with ``sites``, or a dump whose
    documents come from more than one registrable domain (``domains``: the documents' registrable domains)."""
    if source.format == "mediawiki":
        return False
    return source.format == "warc" or bool(source.sites) or len({d for d in domains if d}) > 1


def document_holder(
    source: SourceContract,
    url: str | None,
    *,
    crawl: bool,
    lang: str | None = None,
    wiki_site_name: str | None = None,
) -> Holder:
    """The rights holder of one document of ``source`` (see the module docstring for the rule)."""
    if source.format == "mediawiki":
        if wiki_site_name:
            return Holder(
                wiki_contributors(wiki_site_name, lang),
                HolderOrigin.WIKI_CONTRIBUTORS,
                detail=f"the contributors of the wiki the dump's siteinfo names ({wiki_site_name})",
                collective_author=True,
            )
        return Holder(
            source.rights_holder,
            HolderOrigin.CONTRACT,
            source.attribution,
            detail="the dump's siteinfo does not name this wiki: the contract's rights holder",
            collective_author=True,
        )
    if not crawl:
        return Holder(source.rights_holder, HolderOrigin.CONTRACT, source.attribution)
    host = host_of(url)
    if not host:
        return Holder(
            source.rights_holder,
            HolderOrigin.CONTRACT,
            source.attribution,
            detail="the document has no URL with a host: the contract's rights holder",
        )
    mapped = [key for key in source.sites if host_in_domain(host, key)]
    if mapped:
        key = max(mapped, key=len)
        site = source.sites[key]
        return Holder(
            site.rights_holder, HolderOrigin.SITE_MAPPING, site.attribution, key, f"the contract's sites entry {key}"
        )
    domain = registrable_domain(host)
    if domain:
        return Holder(domain, HolderOrigin.REGISTRABLE_DOMAIN, None, domain, f"the registrable domain of {host}")
    why = "an IP address" if _is_ip(host) else "under no public suffix"
    return Holder(
        host,
        HolderOrigin.HOST,
        None,
        None,
        f"{host} is {why}, so it has no registrable domain: the host itself is credited",
    )
