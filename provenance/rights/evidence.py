"""Evidence of one rights signal checked for one document (encoded and hashed by provenance.digests).

Every check the rights stage runs (a registry lookup, a header, a robots.txt group, a tdmrep.json
rule) yields a :class:`SignalEvidence`, whether or not it reserved the document, so a legal
reviewer sees what was looked at as well as what decided. Evidence never quotes document text or
personal data: header values, rules, digests, locators and registry entry ids only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Signal families, in the order a reservation's "first deciding signal" is taken from.
#: The deny-list comes first: a listed site is an unlawful source, which rules out its pages whatever
#: a rights holder reserved, so it is the reason a reviewer must read first.
SIGNALS = (
    "denylist",  # data_contracts/denylist: a site recognised as persistently infringing
    "optout_registry",  # data_contracts/optouts: a rights holder's letter, form or ticket
    "tdm_meta",  # <meta name="tdm-reservation">  (TDMRep: supersedes the header and file)
    "tdm_header",  # HTTP tdm-reservation            (TDMRep: supersedes the file)
    "tdmrep_json",  # /.well-known/tdmrep.json rule  (TDMRep)
    "robots_txt",  # robots.txt Disallow for an AI crawler token or *
    "content_usage",  # HTTP Content-Usage (IETF aipref)
    "robots_content_usage",  # robots.txt Content-Usage rule (IETF aipref)
    "content_signal",  # robots.txt Content-Signal: ai-train=no (Cloudflare's Content Signals)
    "x_robots_tag",  # HTTP X-Robots-Tag: noai
    "meta_robots",  # <meta name="robots" content="noai">
)

#: Reason code a reserving signal gives its decision.
REASONS = {
    "denylist": "denylist",
    "optout_registry": "optout_registry",
    "tdm_meta": "tdm_reservation",
    "tdm_header": "tdm_reservation",
    "tdmrep_json": "tdmrep_json",
    "robots_txt": "robots_txt",
    "content_usage": "content_usage",
    "robots_content_usage": "content_usage",
    "content_signal": "content_signal",
    "x_robots_tag": "x_robots_noai",
    "meta_robots": "meta_robots_noai",
}

#: Outcome codes (``SignalEvidence.status``).
STATUSES = (
    "reserved",  # the signal reserves TDM rights for this document, as of its capture date
    "not_reserved",  # the signal is present and says rights are not reserved
    "allowed",  # the signal explicitly allows the use (aipref train-ai=y)
    "absent",  # checked, and nothing of this kind was there (no header, a robots.txt 404, no rule)
    "not_checked",  # nothing covering the document was captured or supplied: it may or may not reserve
    "superseded",  # present, but a signal the protocol ranks higher decides (TDMRep order)
    "not_effective",  # would reserve, but only from a date after the document's capture
    "invalid",  # present but malformed: the protocol says to treat it as unset
    "not_applicable",  # e.g. noimageai on a text document
    "listed",  # the document's site is on the deny-list: excluded like a reservation
)

#: Statuses that exclude the document.
EXCLUDING = ("reserved", "listed")


#: The site-wide files a web page's reservation cannot be known without: when either was not
#: checked, a source whose contract says ``unverified: hold`` quarantines the page.
SITE_FILES = ("robots_txt", "tdmrep_json")

#: Reason code of a page held because its site files were never checked.
RIGHTS_UNVERIFIED = "rights_unverified"


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
