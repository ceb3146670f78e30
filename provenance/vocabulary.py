"""The pipeline's shared vocabularies: stages, decisions, outcomes, reasons and rights signals, as enums.

Every value here is stored: in decision rows, evidence JSON, stats files and the lineage database,
whose SQL is rendered from these enums (:mod:`provenance.lineage.sql`). They are ``StrEnum`` s, so a
member is the very string it stands for (``Decision.EXCLUDED == "excluded"``) and what is written
does not change; only the places that name a value do: here, once.
"""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    """A pipeline stage, in flow order; ``decisions.stage`` holds the three that decide."""

    INGEST = "ingest"
    PII = "pii"
    RIGHTS = "rights"
    CERTIFY = "certify"
    LINEAGE = "lineage"


class StageOutput(StrEnum):
    """A stage's published output (its Dagster asset), where lineage says a record waits or went missing."""

    DOCUMENTS = "documents"
    REDACTED_DOCUMENTS = "redacted_documents"
    CLEARED_DOCUMENTS = "cleared_documents"
    CERTIFIED_RELEASE = "certified_release"


class LicenceClass(StrEnum):
    """What a licence lets a trainer do, as the licence policy classes it; most permissive first."""

    PUBLIC_DOMAIN = "public_domain"
    ATTRIBUTION = "attribution"
    SHARE_ALIKE = "share_alike"
    NON_COMMERCIAL = "non_commercial"
    NO_DERIVATIVES = "no_derivatives"
    UNKNOWN = "unknown"


class LicenceDecision(StrEnum):
    """What the licence policy decides for a licence class (``licence_policy.yaml``), best first."""

    INCLUDE = "include"
    INCLUDE_WITH_ATTRIBUTION = "include_with_attribution"
    INCLUDE_WITH_SHARE_ALIKE = "include_with_share_alike"
    QUARANTINE = "quarantine"
    EXCLUDE = "exclude"

    @property
    def allows(self) -> bool:
        """Whether this decision lets a document be trained on."""
        return self in CLEARING


class Decision(StrEnum):
    """A decision row's ``decision`` (rights and certify): a clearing licence decision, or what stopped it."""

    INCLUDE = "include"
    INCLUDE_WITH_ATTRIBUTION = "include_with_attribution"
    INCLUDE_WITH_SHARE_ALIKE = "include_with_share_alike"
    EXCLUDED = "excluded"
    QUARANTINED = "quarantined"
    DUPLICATE = "duplicate"


#: The decisions that clear a document for training, in policy and in rows alike, best first.
CLEARING_ORDER: tuple[Decision, ...] = (
    Decision.INCLUDE,
    Decision.INCLUDE_WITH_ATTRIBUTION,
    Decision.INCLUDE_WITH_SHARE_ALIKE,
)
#: The same as a set: ``decision in CLEARING`` for a policy's or a row's decision.
CLEARING: frozenset[str] = frozenset(CLEARING_ORDER)
#: The row a policy decision that does not clear becomes.
RECORDED_AS: dict[str, Decision] = {
    LicenceDecision.EXCLUDE: Decision.EXCLUDED,
    LicenceDecision.QUARANTINE: Decision.QUARANTINED,
}


class Outcome(StrEnum):
    """What became of a record in the end (``documents.outcome``, ``records.outcome``)."""

    SAMPLE = "sample"
    EXCLUDED = "excluded"
    QUARANTINED = "quarantined"
    DUPLICATE = "duplicate"
    HELD = "held"
    MISSING = "missing"
    SKIPPED = "skipped"


class HeldBack(StrEnum):
    """Why a record is out of every release without being decided: waiting (held) or rejected (quarantined)."""

    HELD = "held"
    QUARANTINED = "quarantined"


class Signal(StrEnum):
    """Rights-signal families, in the order a reservation's "first deciding signal" is taken from.

    A request of the ledger comes first: it is a decision already taken about this very content.
    The deny-list comes next: a listed site is an unlawful source, which rules out its pages whatever
    a rights holder reserved, so it is the reason a reviewer must read first.
    """

    REQUEST = "request"  # data_contracts/requests: an erasure, objection or takedown request covers it
    DENYLIST = "denylist"  # data_contracts/denylist: a site recognised as persistently infringing
    OPTOUT_REGISTRY = "optout_registry"  # data_contracts/optouts: a rights holder's letter, form or ticket
    TDM_META = "tdm_meta"  # <meta name="tdm-reservation">  (TDMRep: supersedes the header and file)
    TDM_HEADER = "tdm_header"  # HTTP tdm-reservation            (TDMRep: supersedes the file)
    TDMREP_JSON = "tdmrep_json"  # /.well-known/tdmrep.json rule  (TDMRep)
    ROBOTS_TXT = "robots_txt"  # robots.txt Disallow for an AI crawler token or *
    CONTENT_USAGE = "content_usage"  # HTTP Content-Usage (IETF aipref)
    ROBOTS_CONTENT_USAGE = "robots_content_usage"  # robots.txt Content-Usage rule (IETF aipref)
    CONTENT_SIGNAL = "content_signal"  # robots.txt Content-Signal: ai-train=no (Cloudflare's Content Signals)
    X_ROBOTS_TAG = "x_robots_tag"  # HTTP X-Robots-Tag: noai
    META_ROBOTS = "meta_robots"  # <meta name="robots" content="noai">

    @property
    def reason(self) -> Reason:
        """The reason code a reservation by this signal gives its decision."""
        return _SIGNAL_REASONS[self]


class SignalStatus(StrEnum):
    """What one checked signal said about one document (``SignalEvidence.status``)."""

    RESERVED = "reserved"  # the signal reserves TDM rights for this document, as of its capture date
    NOT_RESERVED = "not_reserved"  # the signal is present and says rights are not reserved
    ALLOWED = "allowed"  # the signal explicitly allows the use (aipref train-ai=y)
    ABSENT = "absent"  # checked, and nothing of this kind was there (no header, a robots.txt 404, no rule)
    NOT_CHECKED = "not_checked"  # nothing covering the document was captured or supplied: it may or may not reserve
    SUPERSEDED = "superseded"  # present, but a signal the protocol ranks higher decides (TDMRep order)
    NOT_EFFECTIVE = "not_effective"  # would reserve, but only from a date after the document's capture
    INVALID = "invalid"  # present but malformed: the protocol says to treat it as unset
    NOT_APPLICABLE = "not_applicable"  # e.g. noimageai on a text document
    LISTED = "listed"  # the document's site is on the deny-list, or a request covers it: excluded like a reservation


class Reason(StrEnum):
    """Why a document was decided or stopped where it was (``decisions.reason``, ``documents.outcome_reason``)."""

    # the licence policy
    LICENCE_ALLOWS = "licence_allows"
    LICENCE_EXCLUDED = "licence_excluded"
    LICENCE_UNKNOWN = "licence_unknown"
    LICENCE_REVIEW = "licence_review"
    # the rights stage
    RIGHTS_UNVERIFIED = "rights_unverified"
    RIGHTS_CHECK_ERROR = "rights_check_error"
    # the redaction stage: detection went over the policy's limits.seconds_per_document; the text was withheld
    TOO_SLOW = "too_slow"
    # a reservation, by the signal that made it
    REQUEST = "request"
    DENYLIST = "denylist"
    OPTOUT_REGISTRY = "optout_registry"
    TDM_RESERVATION = "tdm_reservation"
    TDMREP_JSON = "tdmrep_json"
    ROBOTS_TXT = "robots_txt"
    CONTENT_USAGE = "content_usage"
    CONTENT_SIGNAL = "content_signal"
    X_ROBOTS_NOAI = "x_robots_noai"
    META_ROBOTS_NOAI = "meta_robots_noai"
    # lineage: a document that has not reached the end of the flow
    STAGE_NOT_RUN = "stage_not_run"
    NOT_IN_STAGE_OUTPUT = "not_in_stage_output"
    NO_RIGHTS_DECISION = "no_rights_decision"
    IN_NO_RELEASE = "in_no_release"
    NO_RELEASE_YET = "no_release_yet"


_SIGNAL_REASONS: dict[Signal, Reason] = {
    Signal.REQUEST: Reason.REQUEST,
    Signal.DENYLIST: Reason.DENYLIST,
    Signal.OPTOUT_REGISTRY: Reason.OPTOUT_REGISTRY,
    Signal.TDM_META: Reason.TDM_RESERVATION,
    Signal.TDM_HEADER: Reason.TDM_RESERVATION,
    Signal.TDMREP_JSON: Reason.TDMREP_JSON,
    Signal.ROBOTS_TXT: Reason.ROBOTS_TXT,
    Signal.CONTENT_USAGE: Reason.CONTENT_USAGE,
    Signal.ROBOTS_CONTENT_USAGE: Reason.CONTENT_USAGE,
    Signal.CONTENT_SIGNAL: Reason.CONTENT_SIGNAL,
    Signal.X_ROBOTS_TAG: Reason.X_ROBOTS_NOAI,
    Signal.META_ROBOTS: Reason.META_ROBOTS_NOAI,
}
