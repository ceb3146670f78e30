"""Matching documents against the deny-list of sites recognised as persistently infringing.

The list (``data_contracts/denylist/*.csv``) is loaded and validated by
:func:`provenance.contracts.load_denylist`. A document whose URL host is a listed domain or one of
its subdomains (IDNA, case-insensitive; ``notexample.fr`` is not in ``example.fr``) is excluded,
whatever its licence, its capture date or any other signal says: the Code of Practice's measure asks
to leave such sites out of crawling altogether, so the listing date does not gate it. A document with
no URL (or no host in it) cannot be matched; its evidence says so.
"""

from __future__ import annotations

from provenance.contracts import DenyList, DenyListEntry
from provenance.rights.evidence import SignalEvidence
from provenance.rights.urls import host_of
from provenance.vocabulary import Signal, SignalStatus

SIGNAL = Signal.DENYLIST


class DenyListMatcher:
    """The deny-list indexed by domain."""

    def __init__(self, denylist: DenyList):
        self.denylist = denylist
        self._domains: dict[str, DenyListEntry] = {e.domain: e for e in denylist.entries}

    def entry_for(self, url: str | None) -> DenyListEntry | None:
        """The entry covering the URL's host (the longest listed suffix), or None."""
        host = host_of(url)
        if not host:
            return None
        labels = host.split(".")
        for i in range(len(labels) - 1):
            entry = self._domains.get(".".join(labels[i:]))
            if entry is not None:
                return entry
        return None

    def evidence(self, url: str | None) -> SignalEvidence:
        listed = {"denylist_version": self.denylist.version, "denylist_sha256": self.denylist.sha256}
        if not host_of(url):
            return SignalEvidence(
                SIGNAL,
                SignalStatus.NOT_APPLICABLE,
                "the document has no URL host: it cannot be matched against the deny-list",
                listed,
            )
        entry = self.entry_for(url)
        if entry is None:
            return SignalEvidence(SIGNAL, SignalStatus.ABSENT, "the document's host is on no deny-list entry", listed)
        data = {
            "domain": entry.domain,
            "registrable_domain": entry.registrable_domain,
            "host": host_of(url),
            "reference": entry.reference,
            "recognised_by": entry.recognised_by,
            "jurisdiction": entry.jurisdiction,
            "date_listed": entry.date_listed.isoformat(),
            "file": entry.file,
            "line": entry.line,
            **listed,
        }
        detail = (
            f"{entry.domain} is listed as persistently infringing ({entry.recognised_by}, {entry.jurisdiction}, "
            f"{entry.reference}; deny-list {self.denylist.version})"
        )
        return SignalEvidence(SIGNAL, SignalStatus.LISTED, detail, data)
