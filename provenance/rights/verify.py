"""Re-checking a published clearing output: nothing reserved, undecided or stale reached documents.parquet.

The Dagster check ``no_reserved_content`` runs :func:`verify_cleared` after every clearing. It
reads the three files back, independently of the code that wrote them, and fails when:

- a cleared document has no ``rights`` decision row, or a row that is not an ``include*``;
- a cleared document has evidence of an effective reservation in ``optout_evidence.parquet``;
- the current opt-out registry covers a cleared document (an entry added since the clearing);
- the current deny-list lists a cleared document's site, or the output was cleared under another deny-list;
- a cleared document keeps an author that its decision did not keep for credit;
- the output was cleared under another policy or registry version than the current one, unless its
  ``_stats.json`` records the current ones as judged equivalent for this dump (``equivalent_under``, written by
  :func:`dagster_defs.plan.settle_config_changes`); the opt-out and deny-list coverage checks above run against
  the current registry and deny-list whatever was recorded.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from provenance.contracts import DenyList, OptOutRegistry, SourceContract
from provenance.layout import CLEARED_DOCUMENTS, OPTOUT_EVIDENCE, RIGHTS, RIGHTS_DECISIONS
from provenance.rights.affected import accepted_configs
from provenance.rights.clearer import capture_date
from provenance.rights.denylist import DenyListMatcher
from provenance.rights.optouts import OptOutMatcher
from provenance.rights.policy import LicencePolicy
from provenance.stats import ClearStats
from provenance.vocabulary import CLEARING

DOCUMENTS_FILE, DECISIONS_FILE, EVIDENCE_FILE = CLEARED_DOCUMENTS.name, RIGHTS_DECISIONS.name, OPTOUT_EVIDENCE.name


@dataclass
class VerifyReport:
    cleared: int = 0
    problems: list[str] = field(default_factory=list)
    #: doc_ids at fault (at most a few, for the check's metadata)
    examples: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems

    def fail(self, message: str, doc_ids: Sequence[str] = ()) -> None:
        self.problems.append(message)
        self.examples.extend(d for d in doc_ids[:5] if d not in self.examples)


def verify_cleared(
    stage_dir: Path,
    *,
    source: SourceContract,
    policy: LicencePolicy,
    registry: OptOutRegistry,
    denylist: DenyList | None = None,
) -> VerifyReport:
    """Every check of the module docstring on one published clearing output; the report lists each failure."""
    stage_dir = Path(stage_dir)
    report = VerifyReport()
    paths = {name: stage_dir / name for name in (DOCUMENTS_FILE, DECISIONS_FILE, EVIDENCE_FILE)}
    missing = [name for name, path in paths.items() if not path.exists()]
    if missing:
        report.fail(f"{stage_dir}: missing {', '.join(missing)}")
        return report
    columns = ["doc_id", "url", "author", "content_fingerprint", "retrieved_at", "published_at", "decision"]
    # The document's own rights holder (a crawled site's); outputs written before the column existed lack it.
    columns += [c for c in ("rights_holder",) if c in pq.read_schema(paths[DOCUMENTS_FILE]).names]
    cleared = pq.read_table(paths[DOCUMENTS_FILE], columns=columns)
    decisions = pq.read_table(
        paths[DECISIONS_FILE],
        columns=["doc_id", "stage", "decision", "policy_version", "registry_version", "evidence"],
    )
    decisions = decisions.filter(pc.equal(decisions["stage"], "rights"))
    report.cleared = cleared.num_rows
    _check_authors(report, cleared, decisions)
    _check_decisions(report, cleared, decisions)
    _check_reservations(report, cleared, paths[EVIDENCE_FILE])
    _check_registry(report, cleared, source, registry)
    stats = RIGHTS.load_stats(stage_dir)
    _check_versions(report, decisions, stats, policy, registry)
    if denylist is not None:
        _check_denylist(report, cleared, denylist, stats)
    return report


def _check_decisions(report: VerifyReport, cleared: pa.Table, decisions: pa.Table) -> None:
    """Every cleared document has a rights decision row, and every row of it includes the document."""
    cleared_ids = cleared["doc_id"].to_pylist()
    by_doc: dict[str, list[str]] = {}
    for doc_id, decision in zip(decisions["doc_id"].to_pylist(), decisions["decision"].to_pylist(), strict=True):
        by_doc.setdefault(doc_id, []).append(decision)
    undecided = [d for d in cleared_ids if d not in by_doc]
    if undecided:
        report.fail(f"{len(undecided)} cleared document(s) have no rights decision row", undecided)
    not_included = [d for d in cleared_ids if d in by_doc and not all(x in CLEARING for x in by_doc[d])]
    if not_included:
        report.fail(f"{len(not_included)} cleared document(s) were decided excluded or quarantined", not_included)


def _check_reservations(report: VerifyReport, cleared: pa.Table, evidence_path: Path) -> None:
    """No cleared document has evidence of an effective reservation."""
    reserving = pq.read_table(
        evidence_path, columns=["doc_id", "signal", "reserves"], filters=[("reserves", "=", True)]
    )
    reserved_ids = set(reserving["doc_id"].to_pylist())
    leaked = [d for d in cleared["doc_id"].to_pylist() if d in reserved_ids]
    if leaked:
        report.fail(f"{len(leaked)} cleared document(s) carry an effective reservation in optout_evidence", leaked)


def _check_registry(report: VerifyReport, cleared: pa.Table, source: SourceContract, registry: OptOutRegistry) -> None:
    """The current opt-out registry covers no cleared document (an entry added since the clearing would)."""
    matcher = OptOutMatcher(registry)
    newly_reserved = []
    for row in cleared.to_pylist():
        when = capture_date(row)
        holders = (source.rights_holder, row.get("rights_holder") or source.rights_holder)
        evidence = matcher.evidence(
            url=row["url"],
            rights_holder=holders,
            author=row["author"],
            fingerprint=row["content_fingerprint"],
            captured_on=when.date() if when else None,
        )
        if any(e.reserves for e in evidence):
            newly_reserved.append(row["doc_id"])
    if newly_reserved:
        report.fail(
            f"{len(newly_reserved)} cleared document(s) are covered by the current opt-out registry "
            f"(version {registry.version}): clear this dump again",
            newly_reserved,
        )


def _check_versions(
    report: VerifyReport,
    decisions: pa.Table,
    stats: ClearStats | None,
    policy: LicencePolicy,
    registry: OptOutRegistry,
) -> None:
    """The output was cleared under the current policy and registry, or under ones judged equivalent."""
    versions = {
        (p, r)
        for p, r in zip(
            decisions["policy_version"].to_pylist(), decisions["registry_version"].to_pylist(), strict=True
        )
    }
    # Cleared under this policy and registry, or under earlier ones judged equivalent for this dump
    # (provenance.rights.affected): then its rows name the versions it actually ran with.
    equivalent = stats is not None and any(
        (c.get("policy_sha256"), c.get("registry_sha256")) == (policy.sha256, registry.sha256)
        for c in accepted_configs(stats)[1:]
    )
    ran_with = (
        (stats.policy_version, stats.registry_version)
        if stats is not None and equivalent
        else (policy.version, registry.version)
    )
    stale = [v for v in versions if v != ran_with]
    if (
        stats is not None
        and not equivalent
        and (stats.policy_sha256, stats.registry_sha256) != (policy.sha256, registry.sha256)
    ):
        stale.append(("policy or registry content changed", ""))
    if stale:
        report.fail(
            f"cleared under another licence policy or opt-out registry ({sorted(stale)[0]}); current is "
            f"policy {policy.version}, registry {registry.version}: clear this dump again"
        )


def _check_denylist(report: VerifyReport, cleared: pa.Table, denylist: DenyList, stats: ClearStats | None) -> None:
    matcher = DenyListMatcher(denylist)
    listed = [
        d
        for d, url in zip(cleared["doc_id"].to_pylist(), cleared["url"].to_pylist(), strict=True)
        if matcher.entry_for(url)
    ]
    if listed:
        report.fail(
            f"{len(listed)} cleared document(s) are on a site the current deny-list ({denylist.version}) "
            "lists: clear this dump again",
            listed,
        )
    if (
        stats is not None
        and stats.denylist_sha256 != denylist.sha256
        and not any(c.get("denylist_sha256") == denylist.sha256 for c in accepted_configs(stats)[1:])
    ):
        report.fail(
            f"cleared under deny-list {stats.denylist_version}; current is {denylist.version}: clear this dump again"
        )


def _check_authors(report: VerifyReport, cleared: pa.Table, decisions: pa.Table) -> None:
    """An author's name reaches a cleared document only when its decision kept it for credit."""
    with_author = {d for d, a in zip(cleared["doc_id"].to_pylist(), cleared["author"].to_pylist(), strict=True) if a}
    if not with_author:
        return
    kept: set[str] = set()
    for doc_id, evidence in zip(decisions["doc_id"].to_pylist(), decisions["evidence"].to_pylist(), strict=True):
        if doc_id in with_author and ((json.loads(evidence or "{}").get("author") or {}).get("kept") is True):
            kept.add(doc_id)
    unowed = sorted(with_author - kept)
    if unowed:
        report.fail(
            f"{len(unowed)} cleared document(s) keep an author no licence of theirs requires credit for", unowed
        )
