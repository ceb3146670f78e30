"""Evidence of one rights signal checked for one document (encoded and hashed by provenance.digests).

Every check the rights stage runs (a registry lookup, a header, a robots.txt group, a tdmrep.json
rule) yields a :class:`SignalEvidence`, whether or not it reserved the document, so a legal
reviewer sees what was looked at as well as what decided. Evidence never quotes document text or
personal data: header values, rules, digests, locators and registry entry ids only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from provenance.vocabulary import Reason, Signal, SignalStatus

#: Signal families, in the order a reservation's "first deciding signal" is taken from (see Signal).
SIGNALS: tuple[Signal, ...] = tuple(Signal)

#: Reason code a reserving signal gives its decision.
REASONS: dict[str, Reason] = {signal: signal.reason for signal in Signal}

#: Outcome codes (``SignalEvidence.status``).
STATUSES: tuple[SignalStatus, ...] = tuple(SignalStatus)

#: Statuses that exclude the document.
EXCLUDING = (SignalStatus.RESERVED, SignalStatus.LISTED)


#: The site-wide files a web page's reservation cannot be known without: when either was not
#: checked, a source whose contract says ``unverified: hold`` quarantines the page.
SITE_FILES = (Signal.ROBOTS_TXT, Signal.TDMREP_JSON)

#: Reason code of a page held because its site files were never checked.
RIGHTS_UNVERIFIED = Reason.RIGHTS_UNVERIFIED


@dataclass(frozen=True)
class SignalEvidence:
    signal: str
    status: str
    #: one line a reviewer can read, e.g. "GPTBot group: Disallow: /dossiers/"
    detail: str
    #: the raw evidence: values, rules, digests, capture locators, registry entry ids
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def reserves(self) -> bool:
        return self.status in EXCLUDING

    @property
    def reason(self) -> str:
        return REASONS[self.signal]

    def as_dict(self) -> dict[str, Any]:
        return {"signal": self.signal, "status": self.status, "detail": self.detail, **self.data}
