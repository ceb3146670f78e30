"""Matching documents against the opt-out registry: domain, URL prefix, rights holder, author, fingerprint.

The registry (``data_contracts/optouts/``) is loaded and validated by
:func:`provenance.contracts.load_optout_registry`; this module indexes it once and answers, per
document, which entries cover it and whether each was in force when the document was captured.

- ``domain``: the URL's host is the domain or one of its subdomains (IDNA, case-insensitive;
  ``notexample.fr`` is not in ``example.fr``).
- ``url_prefix``: the URL starts with the prefix, host case and scheme (http/https) ignored.
- ``rights_holder``: the source contract's rights holder or the document's own (a crawled site's,
  :mod:`provenance.rights.sites`), case-folded, whitespace normalised.
- ``author``: the document's author, same normalisation; a ``;``-separated author list matches
  if any one of its names does.
- ``fingerprint``: the document's ``content_fingerprint`` (of its original text).

An entry counts only from its ``effective_from`` date: it covers documents captured on or after
that day (``retrieved_at``, else ``published_at``). A document with neither date is covered by
every entry: we cannot show it was captured before the opt-out, so we do not assume it was.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence

from provenance.contracts import OptOutEntry, OptOutRegistry
from provenance.rights.evidence import SignalEvidence
from provenance.rights.urls import ascii_host, host_of, url_prefix_key
from provenance.vocabulary import Signal, SignalStatus


def normalise_name(name: str) -> str:
    """Case-folded, NFC, whitespace collapsed: how rights holders and authors are compared."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", name).casefold()).strip()


class OptOutMatcher:
    """The registry indexed by scope."""

    def __init__(self, registry: OptOutRegistry):
        self.registry = registry
        self._domains: dict[str, list[OptOutEntry]] = defaultdict(list)
        self._prefixes: list[tuple[str, OptOutEntry]] = []
        self._holders: dict[str, list[OptOutEntry]] = defaultdict(list)
        self._authors: dict[str, list[OptOutEntry]] = defaultdict(list)
        self._fingerprints: dict[str, list[OptOutEntry]] = defaultdict(list)
        for entry in registry.entries:
            if entry.scope == "domain":
                self._domains[ascii_host(entry.value)].append(entry)
            elif entry.scope == "url_prefix":
                key = url_prefix_key(entry.value)
                if key:
                    self._prefixes.append((key, entry))
            elif entry.scope == "rights_holder":
                self._holders[normalise_name(entry.value)].append(entry)
            elif entry.scope == "author":
                self._authors[normalise_name(entry.value)].append(entry)
            elif entry.scope == "fingerprint":
                self._fingerprints[entry.value.lower()].append(entry)

    def matching_entries(
        self,
        *,
        url: str | None,
        rights_holder: str | Sequence[str] | None,
        author: str | None,
        fingerprint: str | None,
    ) -> list[OptOutEntry]:
        """Every entry whose scope covers the document, whatever its date, sorted by id."""
        found: list[OptOutEntry] = []
        host = host_of(url)
        if host:
            labels = host.split(".")
            for i in range(len(labels)):
                found.extend(self._domains.get(".".join(labels[i:]), ()))
        if url and self._prefixes:
            key = url_prefix_key(url)
            if key:
                found.extend(e for prefix, e in self._prefixes if key.startswith(prefix))
        holders = (rights_holder,) if isinstance(rights_holder, str) else (rights_holder or ())
        for holder in sorted({normalise_name(h) for h in holders if h}):
            found.extend(self._holders.get(holder, ()))
        if author:
            names = {normalise_name(author), *(normalise_name(a) for a in author.split(";") if a.strip())}
            for name in sorted(names):
                found.extend(self._authors.get(name, ()))
        if fingerprint:
            found.extend(self._fingerprints.get(fingerprint.lower(), ()))
        return sorted({e.id: e for e in found}.values(), key=lambda e: e.id)

    def evidence(
        self,
        *,
        url: str | None,
        rights_holder: str | Sequence[str] | None,
        author: str | None,
        fingerprint: str | None,
        captured_on: dt.date | None,
    ) -> list[SignalEvidence]:
        """One evidence per matching entry (reserved, or not_effective before its date), or one 'absent'."""
        entries = self.matching_entries(url=url, rights_holder=rights_holder, author=author, fingerprint=fingerprint)
        if not entries:
            return [
                SignalEvidence(
                    Signal.OPTOUT_REGISTRY,
                    SignalStatus.ABSENT,
                    "no registry entry covers this document",
                    {"registry_version": self.registry.version},
                )
            ]
        out = []
        for entry in entries:
            effective = captured_on is None or entry.effective_from <= captured_on
            data = {
                "entry_id": entry.id,
                "scope": entry.scope,
                "effective_from": entry.effective_from.isoformat(),
                "reference": entry.reference,
                "file": entry.file,
                "registry_version": self.registry.version,
                "captured_on": captured_on.isoformat() if captured_on else None,
            }
            if entry.scope != "author":  # an author's name is personal data: the entry id points to it
                data["value"] = entry.value
            when = f"effective {entry.effective_from.isoformat()}"
            if captured_on is None or effective:
                detail = f"registry entry {entry.id} ({entry.scope}, {when}, {entry.reference})"
            else:
                detail = (
                    f"registry entry {entry.id} ({entry.scope}) takes effect {entry.effective_from.isoformat()}, "
                    f"after the capture on {captured_on.isoformat()}"
                )
            out.append(
                SignalEvidence(
                    Signal.OPTOUT_REGISTRY,
                    SignalStatus.RESERVED if effective else SignalStatus.NOT_EFFECTIVE,
                    detail,
                    data,
                )
            )
        return out
