"""What a licence statement means under the policy, and how the verdicts of an expression's licences combine.

An ``OR`` takes its best branch, an ``AND`` its worst part; a ``WITH`` exception keeps its licence's verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from provenance.vocabulary import CLEARING, LicenceClass, LicenceDecision, Reason

CLASSES: tuple[LicenceClass, ...] = tuple(LicenceClass)
DECISIONS: tuple[LicenceDecision, ...] = tuple(LicenceDecision)
#: Best first: an ``OR`` takes the best branch, an ``AND`` the worst part.
_DECISION_RANK: dict[str, int] = {d: i for i, d in enumerate(DECISIONS)}
_CLASS_RANK: dict[str, int] = {c: i for i, c in enumerate(CLASSES)}


@dataclass(frozen=True)
class LicenceResolution:
    """What one licence statement means under the policy."""

    #: the statement as found (record field, page hint or contract default), verbatim
    raw: str | None
    #: the whole statement as a normalised SPDX expression; None when nothing in it was recognised
    expression: str | None
    #: the licence the document is used under: the chosen branch of an OR, the whole of an AND
    spdx: str | None
    licence_class: str
    #: include | include_with_attribution | include_with_share_alike | exclude | quarantine
    decision: str
    share_alike: bool
    #: licence_allows | licence_excluded | licence_unknown | licence_review
    reason: str
    #: spdx | alias | cc_url | cc_badge | spdx_url | cc_text | named_in_text | page | missing | unrecognised
    recognised_as: str
    #: why, in words a reviewer can check against the policy file
    why: str
    #: the licences whose obligations apply (attribution is owed for each that requires it)
    licences: tuple[str, ...] = ()

    @property
    def allows(self) -> bool:
        return self.decision in CLEARING

    def as_evidence(self) -> dict[str, Any]:
        return {
            "raw": self.raw,
            "expression": self.expression,
            "spdx": self.spdx,
            "class": self.licence_class,
            "decision": self.decision,
            "share_alike": self.share_alike,
            "recognised_as": self.recognised_as,
            "licences": list(self.licences),
            "why": self.why,
        }


@dataclass(frozen=True)
class Verdict:
    """One licence's (or one sub-expression's) decision, class and obligations, with why."""

    decision: str
    licence_class: str
    share_alike: bool
    spdx: str
    licences: tuple[str, ...]
    why: str

    @property
    def rank(self) -> tuple[int, int]:
        """Best first: (decision rank, class rank)."""
        return _DECISION_RANK[self.decision], _CLASS_RANK[self.licence_class]


def either(parts: list[Verdict]) -> Verdict:
    """An ``OR``: the best branch decides (the first of equals)."""
    best = min(parts, key=lambda v: v.rank)  # min() keeps the first of equals: stable
    others = [p.spdx for p in parts if p is not best]
    return Verdict(
        best.decision,
        best.licence_class,
        best.share_alike,
        best.spdx,
        best.licences,
        f"OR: {best.spdx} chosen ({best.decision}) over {', '.join(others)}",
    )


def all_of(parts: list[Verdict]) -> Verdict:
    """An ``AND``: every part must allow; the worst decision and the most restrictive class decide."""
    worst = max(parts, key=lambda v: v.rank)
    licences = tuple(dict.fromkeys(licence for p in parts for licence in p.licences))
    spdx = " AND ".join(f"({p.spdx})" if " OR " in p.spdx else p.spdx for p in parts)
    return Verdict(
        worst.decision,
        worst.licence_class,
        any(p.share_alike for p in parts),
        spdx,
        licences,
        f"AND: every part must allow; {worst.spdx} decides ({worst.decision})",
    )


#: Reason codes of a licence the policy quarantines: none could be read, or its class is set to review.
LICENCE_UNKNOWN = Reason.LICENCE_UNKNOWN
LICENCE_REVIEW = Reason.LICENCE_REVIEW


def licence_reason(decision: str, licence_class: str) -> str:
    if decision in CLEARING:
        return Reason.LICENCE_ALLOWS
    if decision == LicenceDecision.EXCLUDE:
        return Reason.LICENCE_EXCLUDED
    return LICENCE_UNKNOWN if licence_class == LicenceClass.UNKNOWN else LICENCE_REVIEW
