"""The survivor rule among exact duplicates, and the decision row each duplicate gets.

Among documents with the same fingerprint, one survives, chosen by, in order:

1. the most permissive licence class (:data:`LICENCE_CLASS_ORDER`; classes not listed rank last),
2. the higher source priority (``SourceContract.priority``),
3. the earliest ``published_at``, then the earliest ``retrieved_at`` (unknown dates rank last),
4. the smallest ``doc_id``, so the order is total and the choice never depends on input order.

A fingerprint already published in an earlier release always keeps that sample: new copies
are recorded as duplicates of it and not published again.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from provenance.digests import canonical_json, sha256_hex
from provenance.vocabulary import Decision, Stage

#: Most permissive first. The one place this order is defined.
LICENCE_CLASS_ORDER = ("public_domain", "attribution", "share_alike")

#: Version of this rule; stored as ``policy_version`` on every duplicate decision.
DEDUP_POLICY_VERSION = "certify-exact-dedup/v1"

#: The rank columns, best first, as (column, rule name). Ascending order on all of them ranks
#: the survivor first (certify fills unknown dates with a far-future date, so they rank last).
RANK_COLUMNS = (
    ("class_rank", "licence_class"),
    ("neg_priority", "source_priority"),
    ("published_at", "earliest_published"),
    ("retrieved_at", "earliest_retrieved"),
    ("doc_id", "doc_id"),
)


def class_rank(licence_class: pa.Array) -> pa.Array:
    """0 for the most permissive class, len(LICENCE_CLASS_ORDER) for any class not in the order."""
    ranks = pc.index_in(licence_class, value_set=pa.array(LICENCE_CLASS_ORDER))
    return pc.fill_null(ranks, len(LICENCE_CLASS_ORDER)).cast(pa.int8())


def negated_priority(source_id: pa.Array, priorities: dict[str, int]) -> pa.Array:
    """-priority of each row's source (0 for a source without a contract), so ascending ranks higher first."""
    names = sorted(priorities)
    idx = pc.index_in(source_id, value_set=pa.array(names, pa.string()))
    values = pa.array([-priorities[n] for n in names] + [0], pa.int64())
    return values.take(pc.fill_null(idx, len(names)))


def sort_keys() -> list[tuple[str, str]]:
    """Sort order that puts each fingerprint's survivor first."""
    return [("fingerprint", "ascending")] + [(column, "ascending") for column, _ in RANK_COLUMNS]


def deciding_rule(survivor: dict, duplicate: dict) -> str:
    """The first rank column on which the survivor beat the duplicate (for the decision's evidence)."""
    for column, rule in RANK_COLUMNS:
        if survivor.get(column) != duplicate.get(column):
            return rule
    return "doc_id"


def duplicate_decision(
    duplicate: dict,
    *,
    survivor_doc_id: str,
    survivor_sample_id: str,
    survivor_source_id: str,
    survivor_release_id: str | None,
    fingerprint: str,
    rule: str,
) -> dict:
    """A DECISION_SCHEMA row for a duplicate, naming its survivor. Never holds text."""
    evidence = canonical_json(
        {
            "fingerprint": fingerprint,
            "survivor_doc_id": survivor_doc_id,
            "survivor_sample_id": survivor_sample_id,
            "survivor_source_id": survivor_source_id,
            "survivor_release_id": survivor_release_id,
            "won_by": rule,
        }
    )
    return {
        "doc_id": duplicate["doc_id"],
        "source_id": duplicate["source_id"],
        "dump_id": duplicate["dump_id"],
        "stage": Stage.CERTIFY,
        "decision": Decision.DUPLICATE,
        "reason": "exact_duplicate",
        "evidence": evidence,
        "evidence_sha256": sha256_hex(evidence),
        "policy_version": DEDUP_POLICY_VERSION,
        "registry_version": None,
    }


def quarantine_decision(row: dict, reason: str, detail: str) -> dict:
    """A DECISION_SCHEMA row for a cleared row certify cannot publish (e.g. blank text, not cleared)."""
    evidence = canonical_json({"problem": detail})
    return {
        "doc_id": row.get("doc_id") or "",
        "source_id": row.get("source_id") or "",
        "dump_id": row.get("dump_id") or "",
        "stage": Stage.CERTIFY,
        "decision": Decision.QUARANTINED,
        "reason": reason,
        "evidence": evidence,
        "evidence_sha256": sha256_hex(evidence),
        "policy_version": DEDUP_POLICY_VERSION,
        "registry_version": None,
    }
