"""Records held back from every release, in two kinds: *held* (waiting) and *quarantined* (rejected).

- **held**: nothing is wrong with the record; it waits for a stage that has not run for its dump,
  for a release, or for a person to verify or review its rights (:func:`holds` says what each
  waits for). It goes on by itself once that happens.
- **quarantined**: the record was rejected as unreadable, invalid or failed (broken JSON, empty
  text, a rights check or PII detection that failed, a row certify could not publish). It stays
  out until its input or the code is fixed and the stage runs again.

Excluded documents (a reservation, an opt-out, a licence that forbids training) are neither: they
are decided, and ``provenance query excluded`` lists them. The lineage table ``held_back`` holds one
row per held or quarantined record (``held_back.sql``); ``provenance query held`` and
``provenance query quarantined`` read it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from provenance.vocabulary import Reason, Stage, StageOutput

#: Every stage a record can be held back at, in flow order (held_back.stage).
STAGES = (
    Stage.INGEST,
    StageOutput.REDACTED_DOCUMENTS,
    StageOutput.CLEARED_DOCUMENTS,
    Stage.RIGHTS,
    Stage.CERTIFY,
    StageOutput.CERTIFIED_RELEASE,
)


@dataclass(frozen=True)
class Hold:
    """A (stage, reason) that holds a record rather than rejecting it, and what it waits for."""

    stage: str
    reason: str
    waits_for: str


def holds() -> tuple[Hold, ...]:
    """Every (stage, reason) that holds a record; any other record held back is quarantined."""
    return (
        Hold(StageOutput.REDACTED_DOCUMENTS, Reason.STAGE_NOT_RUN, "the redaction stage to run for its dump"),
        Hold(StageOutput.CLEARED_DOCUMENTS, Reason.STAGE_NOT_RUN, "the rights stage to run for its dump"),
        Hold(StageOutput.CERTIFIED_RELEASE, Reason.NO_RELEASE_YET, "a release (materialise certified_release)"),
        Hold(
            Stage.RIGHTS,
            Reason.RIGHTS_UNVERIFIED,
            "its site's robots.txt and tdmrep.json captured (the contract's "
            "signal_captures), or the contract's unverified: allow with a written reason",
        ),
        Hold(
            Stage.RIGHTS,
            Reason.LICENCE_UNKNOWN,
            "a licence someone can read: stated by the record, its page or its contract",
        ),
        Hold(
            Stage.RIGHTS,
            Reason.LICENCE_REVIEW,
            "a person's review: the licence policy sends this licence class to review",
        ),
    )


def holds_table() -> pa.Table:
    """:func:`holds` as the Arrow table the build registers as ``hold_reasons``."""
    rows = holds()
    return pa.table(
        {
            "stage": [h.stage for h in rows],
            "reason": [h.reason for h in rows],
            "waits_for": [h.waits_for for h in rows],
        }
    )
