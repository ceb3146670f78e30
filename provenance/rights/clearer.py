"""Deciding one document's rights: who holds them, every reservation signal, its licence, the decision and evidence.

Precedence: a request of the ledger covering the document (:mod:`provenance.rights.requests`), a deny-listed
site or any effective reservation (registry entry, TDMRep, robots.txt,
aipref, Content-Signal, noai) excludes the document, the first in
:data:`provenance.rights.evidence.SIGNALS` order being the reason and all of them listed in the
evidence. Then, when the page's robots.txt or tdmrep.json was never checked (no capture covers its
host at its capture date), the source contract's ``unverified`` decides: ``hold`` quarantines it
with reason ``rights_unverified`` (the evidence lists every signal not checked), ``allow`` lets it
on with the contract's written reason in its evidence. Otherwise the licence policy decides.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from provenance.contracts import DenyList, OptOutRegistry, SourceContract, Unverified
from provenance.ingest.warc import HTML_TYPES
from provenance.rights.attribution import AuthorCredit, DocumentCredit, attribution_for, author_credit
from provenance.rights.captures import ROBOTS, TDMREP, SiteCaptures
from provenance.rights.denylist import DenyListMatcher
from provenance.rights.evidence import RIGHTS_UNVERIFIED, SIGNALS, SITE_FILES, SignalEvidence
from provenance.rights.optouts import OptOutMatcher
from provenance.rights.policy import LicencePolicy
from provenance.rights.requests import RequestMatcher
from provenance.rights.resolve import DocumentLicence, resolve_document_licence, statements_in
from provenance.rights.signals import (
    content_signal_signal,
    content_usage_signal,
    meta_robots_signal,
    robots_content_usage_signal,
    robots_txt_signal,
    tdmrep_signals,
    x_robots_tag_signal,
)
from provenance.rights.sites import Holder, document_holder, is_crawl
from provenance.rights.urls import host_of
from provenance.schema import PII_DETECTION_FAILED_FLAG
from provenance.vocabulary import CLEARING, RECORDED_AS, Decision, Reason

#: policy decision -> decision row vocabulary (DECISION_SCHEMA)
_DECISION_ROW = RECORDED_AS
_SIGNAL_ORDER: dict[str, int] = {s: i for i, s in enumerate(SIGNALS)}


@dataclass(frozen=True)
class RightsDecision:
    """What the rights stage decided about one document, and everything it looked at."""

    decision: str  # include | include_with_attribution | include_with_share_alike | excluded | quarantined
    reason: str
    licence: DocumentLicence | None
    signals: tuple[SignalEvidence, ...]
    attribution: str | None
    evidence: dict
    #: whether the document's author is kept (None: it states none)
    author: AuthorCredit | None = None
    #: who holds the rights in the document (None: the checks failed before it was known)
    holder: Holder | None = None

    @property
    def cleared(self) -> bool:
        return self.decision in CLEARING


def _wiki_facts(metadata: dict) -> dict[str, str]:
    """What MediaWiki ingest records for credit: the wiki's site name and the page's history URL."""
    return {k: str(metadata[k]) for k in ("wiki_site_name", "history_url") if metadata.get(k)}


def _metadata(row: dict) -> dict:
    """The record's format-specific extras (ingest's ``metadata`` JSON); {} when none or unreadable."""
    try:
        found = json.loads(row.get("metadata") or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _bot_metas(metadata: dict) -> dict[str, str] | None:
    """Crawler-specific robots metas ingest keeps in ``metadata["meta_robots_bots"]`` (name -> content)."""
    found = metadata.get("meta_robots_bots")
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else None


def headers_kept(metadata: dict) -> bool:
    """Whether the record came with its HTTP response: WARC/ARC ingest records its ``http_status``.

    JSONL, Parquet, MediaWiki and text records, and WARC resource records, keep no HTTP headers, so
    their header signals (tdm-reservation, Content-Usage, X-Robots-Tag) were never seen.
    """
    return "http_status" in metadata


def capture_date(row: dict) -> dt.datetime | None:
    """When a document was captured: retrieved_at, else published_at. Signals count as of this date."""
    return row.get("retrieved_at") or row.get("published_at")


class DocumentClearer:
    """Decides one document at a time; holds the policy, registry index and site captures of one dump."""

    def __init__(
        self,
        *,
        source: SourceContract,
        policy: LicencePolicy,
        registry: OptOutRegistry,
        captures: SiteCaptures,
        crawl: bool | None = None,
        denylist: DenyList | None = None,
        requests: RequestMatcher | None = None,
    ):
        self.source = source
        #: whether pages are credited to their sites (None: as the source's format and contract say)
        self.crawl = is_crawl(source) if crawl is None else crawl
        self.policy = policy
        self.registry = registry
        self.matcher = OptOutMatcher(registry)
        self.captures = captures
        self.denylist = denylist if denylist is not None else DenyList.empty()
        self.denied = DenyListMatcher(self.denylist)
        #: the request ledger; None or empty: no request signal is recorded (as before the ledger existed)
        self.requests = requests if requests is not None and requests.requests else None

    def holder(self, row: dict, metadata: dict | None = None) -> Holder:
        """Who holds the rights in the document (:func:`provenance.rights.sites.document_holder`).
        ``metadata``: the row's ``metadata`` already parsed (:func:`_metadata`), else it is read here."""
        if self.source.format != "mediawiki":
            wiki = {}
        else:
            wiki = _wiki_facts(_metadata(row) if metadata is None else metadata)
        return document_holder(
            self.source,
            row.get("url"),
            crawl=self.crawl,
            lang=row.get("lang"),
            wiki_site_name=wiki.get("wiki_site_name"),
        )

    def signals(self, row: dict, holder: Holder | None = None, metadata: dict | None = None) -> list[SignalEvidence]:
        capture_time = capture_date(row)
        metadata = _metadata(row) if metadata is None else metadata
        holder = holder or self.holder(row, metadata)
        url = row.get("url")
        host = host_of(url)
        settings = self.policy.reservations
        robots = self.captures.select(ROBOTS, host, capture_time)
        evidence = [self.denied.evidence(url)]
        if self.requests is not None:
            evidence.append(self._request_evidence(row, holder))
        evidence += self.matcher.evidence(
            url=url,
            rights_holder=(self.source.rights_holder, holder.name),
            author=row.get("author"),
            fingerprint=row.get("content_fingerprint"),
            captured_on=capture_time.date() if capture_time else None,
        )
        headers, html = headers_kept(metadata), row.get("content_type") in HTML_TYPES
        evidence += tdmrep_signals(
            header_reservation=row.get("tdm_reservation"),
            header_policy=row.get("tdm_policy"),
            meta_reservation=row.get("meta_tdm_reservation"),
            meta_policy=row.get("meta_tdm_policy"),
            tdmrep_capture=self.captures.select(TDMREP, host, capture_time),
            url=url,
            headers_checked=headers,
            html_checked=html,
        )
        evidence.append(robots_txt_signal(robots, url, settings))
        evidence.append(content_usage_signal(row.get("content_usage"), settings, checked=headers))
        evidence.append(robots_content_usage_signal(robots, url, settings))
        evidence.append(content_signal_signal(robots, url, settings))
        evidence.append(x_robots_tag_signal(row.get("x_robots_tag"), checked=headers))
        evidence.append(meta_robots_signal(row.get("meta_robots"), _bot_metas(metadata), settings, checked=html))
        return sorted(evidence, key=lambda e: _SIGNAL_ORDER[e.signal])

    def _request_evidence(self, row: dict, holder: Holder) -> SignalEvidence:
        """Which requests cover the document; ``row["sample"]``: (sample id, fingerprint) its text would give."""
        assert self.requests is not None
        sample_id, fingerprint = row.get("sample") or (None, None)
        covering = self.requests.matching(
            doc_id=row["doc_id"],
            url=row.get("url"),
            rights_holders=[self.source.rights_holder, holder.name],
            fingerprints=[row.get("content_fingerprint"), fingerprint],
            sample_id=sample_id,
        )
        return self.requests.evidence(covering)

    def decide(self, row: dict) -> RightsDecision:
        decision = self._decide(row)
        if not (row.get("author") or "").strip():
            return decision
        resolution = decision.licence.resolution if decision.licence else None
        author = author_credit(resolution, self.policy, decision.cleared)
        decision.evidence["author"] = author.as_evidence()
        return dataclasses.replace(decision, author=author)

    def _decide(self, row: dict) -> RightsDecision:
        metadata = _metadata(row)  # read once: the holder, the signals, the licence and the credit use it
        holder = self.holder(row, metadata)
        decision = self._decide_for(row, holder, metadata)
        decision.evidence["rights_holder"] = holder.as_evidence()
        return dataclasses.replace(decision, holder=holder)

    def _decide_for(self, row: dict, holder: Holder, metadata: dict) -> RightsDecision:
        signals = self.signals(row, holder, metadata)
        licence = resolve_document_licence(
            row.get("licence"),
            row.get("licence_hints"),
            self.source.licence,
            self.policy,
            statements=statements_in(metadata),
        )
        reservations = [s for s in signals if s.reserves]
        not_checked = [s.signal for s in signals if s.status == "not_checked"]
        evidence = self._evidence(row, licence, signals, reservations, not_checked)
        checked = tuple(signals)
        if reservations:
            first = reservations[0]
            evidence["deciding"] = first.as_dict()
            return RightsDecision(Decision.EXCLUDED, first.reason, licence, checked, None, evidence)
        if self._held_unverified(not_checked, evidence):
            return RightsDecision(Decision.QUARANTINED, RIGHTS_UNVERIFIED, licence, checked, None, evidence)
        if PII_DETECTION_FAILED_FLAG in (row.get("flags") or ()):
            # Its text was withheld by the redaction stage: there is nothing lawful to publish.
            too_slow = Reason.TOO_SLOW in (row.get("flags") or ())
            detail = "over the policy's time limit" if too_slow else "failed on this document"
            evidence["deciding"] = {"signal": "redaction", "detail": f"personal-data detection {detail}"}
            reason = Reason.TOO_SLOW.value if too_slow else PII_DETECTION_FAILED_FLAG
            return RightsDecision(Decision.QUARANTINED, reason, licence, checked, None, evidence)
        resolution = licence.resolution
        evidence["deciding"] = {"signal": "licence", "detail": resolution.why}
        if not resolution.allows:
            return RightsDecision(
                _DECISION_ROW[resolution.decision], resolution.reason, licence, checked, None, evidence
            )
        credit = DocumentCredit(
            title=row.get("title"),
            author=row.get("author"),
            url=row.get("url"),
            published_at=row.get("published_at"),
            retrieved_at=row.get("retrieved_at"),
            history_url=_wiki_facts(metadata).get("history_url"),
            holder=holder,
        )
        attribution = attribution_for(resolution, credit, self.source, self.policy)
        return RightsDecision(resolution.decision, resolution.reason, licence, checked, attribution, evidence)

    def _evidence(
        self,
        row: dict,
        licence: DocumentLicence,
        signals: list[SignalEvidence],
        reservations: list[SignalEvidence],
        not_checked: list[str],
    ) -> dict[str, Any]:
        """What every decision row records: the capture date, licence, reservations, signals and contract versions."""
        capture_time = capture_date(row)
        evidence: dict[str, Any] = {
            "capture_date": capture_time.isoformat() if capture_time else None,
            "licence": licence.as_evidence(),
            "reservations": [r.as_dict() for r in reservations],
            "signals_checked": [s.signal for s in signals],
            "policy": {"version": self.policy.version, "sha256": self.policy.sha256},
            "registry": {"version": self.registry.version, "sha256": self.registry.sha256},
            "denylist": {"version": self.denylist.version, "sha256": self.denylist.sha256},
        }
        if self.requests is not None:
            evidence["requests"] = sorted(self.requests.requests)
        tokens = self.policy.reservations.crawler_tokens
        if tokens is not None:
            evidence["crawler_tokens"] = tokens.as_evidence()
        if not_checked:
            evidence["not_checked"] = not_checked
        return evidence

    def _held_unverified(self, not_checked: list[str], evidence: dict[str, Any]) -> bool:
        """Whether the page is held because its site files were never checked (``unverified: hold``).

        Records in ``evidence`` what the contract's ``unverified`` said, whenever a site file was not checked.
        """
        unchecked_files = [s for s in SITE_FILES if s in not_checked]
        if not unchecked_files:
            return False
        policy, reason, default = self.source.unverified_policy
        evidence["unverified"] = {
            "policy": policy.value,
            "default": default,
            "reason": reason,
            "site_files_not_checked": unchecked_files,
        }
        if policy is not Unverified.HOLD:
            return False
        evidence["deciding"] = {
            "signal": "unverified",
            "detail": f"{' and '.join(unchecked_files)} not checked: no capture covers "
            f"this page's site at its capture date, and the source contract says unverified: hold"
            + (" (the default for web sources)" if default else ""),
            "not_checked": not_checked,
        }
        return True
