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
from enum import StrEnum
from pathlib import Path

import pyarrow as pa

#: Builds the ``held_back`` table from ``documents``, ``decisions``, ``quarantine`` and ``hold_reasons``.
HELD_BACK_SQL = Path(__file__).with_name("held_back.sql")


class HeldBack(StrEnum):
    HELD = "held"
    QUARANTINED = "quarantined"


#: Every stage a record can be held back at, in flow order (held_back.stage).
STAGES = ("ingest", "redacted_documents", "cleared_documents", "rights", "certify", "certified_release")

#: The documents' outcome reasons of a document waiting for a stage (provenance.lineage.build's outcome).
STAGE_NOT_RUN = "stage_not_run"
NO_RELEASE_YET = "no_release_yet"


@dataclass(frozen=True)
class Hold:
    """A (stage, reason) that holds a record rather than rejecting it, and what it waits for."""

    stage: str
    reason: str
    waits_for: str


def holds() -> tuple[Hold, ...]:
    """Every (stage, reason) that holds a record; any other record held back is quarantined."""
    # Imported here: the licence policy module is slow to import, and `provenance query` needs only HeldBack.
    from provenance.rights.evidence import RIGHTS_UNVERIFIED
    from provenance.rights.policy import LICENCE_REVIEW, LICENCE_UNKNOWN

    return (
        Hold("redacted_documents", STAGE_NOT_RUN, "the redaction stage to run for its dump"),
        Hold("cleared_documents", STAGE_NOT_RUN, "the rights stage to run for its dump"),
        Hold("certified_release", NO_RELEASE_YET, "a release (materialise certified_release)"),
        Hold(
            "rights",
            RIGHTS_UNVERIFIED,
            "its site's robots.txt and tdmrep.json captured (the contract's "
            "signal_captures), or the contract's unverified: allow with a written reason",
        ),
        Hold("rights", LICENCE_UNKNOWN, "a licence someone can read: stated by the record, its page or its contract"),
        Hold("rights", LICENCE_REVIEW, "a person's review: the licence policy sends this licence class to review"),
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
