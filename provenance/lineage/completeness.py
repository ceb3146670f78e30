"""Completeness: proof, per dump, that every record seen is a sample or a recorded decision.

For every dump, ``records_seen`` (ingest's count) must equal samples + quarantined (any stage) +
excluded + duplicates + held + skipped (records that are not documents by design), with nothing
missing; see :mod:`provenance.lineage.build` and ``documents.sql`` for how each document's outcome
is decided and when one is *held* (its dump has not reached a stage yet) rather than *missing* (a
stage output lacks it). The check reads the published database read-only, so it can run while an
analyst has it open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from provenance.lineage.database import connect_readonly, owns
from provenance.lineage.sql import render


@dataclass(frozen=True)
class DumpAccount:
    dump_id: str
    source_id: str
    records_seen: int
    samples: int
    quarantined: int
    excluded: int
    duplicates: int
    held: int
    held_at: str | None
    missing: int
    complete: bool
    #: gap rows that name a document id
    missing_doc_ids: int
    #: what is missing, most records first (at most five lines)
    problems: tuple[str, ...] = ()
    #: records that are not documents by design (the skipped table)
    skipped: int = 0

    @property
    def accounted(self) -> int:
        return self.samples + self.quarantined + self.excluded + self.duplicates + self.held + self.skipped


@dataclass
class CompletenessReport:
    db_path: Path | None
    dumps: list[DumpAccount] = field(default_factory=list)
    #: problems of a release rather than of a dump (e.g. its samples file cannot be read)
    release_problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(d.complete for d in self.dumps) and not self.release_problems

    @property
    def incomplete(self) -> list[DumpAccount]:
        return [d for d in self.dumps if not d.complete]

    @property
    def records_seen(self) -> int:
        return sum(d.records_seen for d in self.dumps)

    @property
    def missing(self) -> int:
        return sum(d.missing for d in self.dumps)

    @property
    def held(self) -> int:
        return sum(d.held for d in self.dumps)

    def describe(self) -> str:
        """One readable paragraph: what is unaccounted for, by dump, or that everything is."""
        if not self.dumps and not self.release_problems:
            return "no dumps in the lineage database yet"
        if self.ok:
            total = {
                name: sum(getattr(d, name) for d in self.dumps)
                for name in ("samples", "quarantined", "excluded", "duplicates", "skipped")
            }
            text = (
                f"all {self.records_seen} records of {len(self.dumps)} dump(s) are accounted for: "
                f"{total['samples']} samples, {total['quarantined']} quarantined, {total['excluded']} excluded, "
                f"{total['duplicates']} duplicates, {total['skipped']} skipped (not documents)"
            )
            held = [d for d in self.dumps if d.held]
            if held:
                text += "; held until a stage runs: " + ", ".join(f"{d.dump_id} {d.held} at {d.held_at}" for d in held)
            return text
        parts = []
        for d in self.incomplete:
            ids = f" ({d.missing_doc_ids} doc_ids named in the gaps table)" if d.missing_doc_ids else ""
            what = f": {d.problems[0]}" if d.problems else ""
            if not d.missing and d.problems:  # nothing lost that can be counted (a failed ingest, a bad file)
                parts.append(f"dump {d.dump_id}{what}")
                continue
            parts.append(f"dump {d.dump_id}: {d.missing} of {d.records_seen} records unaccounted for{ids}{what}")
        return "; ".join(parts + self.release_problems)


def check_completeness(db_path) -> CompletenessReport:
    """Read ``dumps`` and ``gaps`` from the lineage database at ``db_path`` (or an open connection)."""
    con = connect_readonly(db_path)
    try:
        rows = con.execute(render("completeness", "dumps")).fetchall()
        release_problems = con.execute(render("completeness", "release_problems")).fetchall()
    finally:
        if owns(db_path):
            con.close()
    report = CompletenessReport(
        db_path=Path(db_path) if owns(db_path) else None, release_problems=[r[0] for r in release_problems]
    )
    for r in rows:
        report.dumps.append(
            DumpAccount(
                dump_id=r[0],
                source_id=r[1],
                records_seen=int(r[2] or 0),
                samples=int(r[3]),
                quarantined=int(r[4]),
                excluded=int(r[5]),
                duplicates=int(r[6]),
                held=int(r[7]),
                held_at=r[8],
                missing=int(r[9]),
                complete=bool(r[10]),
                missing_doc_ids=int(r[11]),
                problems=tuple(r[12] or ()),
                skipped=int(r[13]),
            )
        )
    return report
