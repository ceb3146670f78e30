"""What a pipeline run reports back to the person who started it: per dump, per stage, per check."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from rich.console import Console
from rich.table import Table

from provenance.layout import INGEST, REDACTION, RIGHTS, StageOutput
from provenance.stats import StageStats, StatsFileError
from provenance.vocabulary import CLEARING
from provenance.workspace import Workspace

S = TypeVar("S", bound=StageStats)


@dataclass
class CheckOutcome:
    asset: str
    name: str
    passed: bool
    description: str = ""


@dataclass
class RunOutcome:
    """One Dagster run: which assets materialised, failed or were skipped, and its checks."""

    label: str
    run_id: str
    success: bool
    materialized: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    checks: list[CheckOutcome] = field(default_factory=list)
    error: str = ""

    @property
    def failed_checks(self) -> list[CheckOutcome]:
        return [c for c in self.checks if not c.passed]


@dataclass
class RunSummary:
    runs: list[RunOutcome] = field(default_factory=list)
    dumps: list[str] = field(default_factory=list)
    release_dir: Path | None = None
    #: what was up to date and not run: dump id (or "release", "rights configuration") -> stages
    skipped: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(r.success and not r.failed_checks for r in self.runs)


def _figure(stats: S | None, figure: Callable[[S], int]) -> str:
    return "-" if stats is None else str(figure(stats))


def _stats(ws: Workspace, stage: StageOutput[S], dump_id: str) -> S | None:
    """A dump's stats for the table; one that does not load shows as not there (the lineage names the problem)."""
    try:
        return ws.stats(stage, dump_id)
    except StatsFileError:
        return None


def dump_table(ws: Workspace, summary: RunSummary) -> Table:
    table = Table(title="Dumps", show_lines=False)
    for column in (
        "dump",
        "records",
        "documents",
        "quarantined",
        "skipped",
        "redactions",
        "cleared",
        "excluded/quarantined (rights)",
        "status",
    ):
        table.add_column(column, justify="right" if column not in ("dump", "status") else "left")
    by_label = {r.label: r for r in summary.runs}
    for dump_id in summary.dumps:
        run = by_label.get(dump_id)
        if run is None:
            status = "[green]unchanged, skipped[/green]" if dump_id in summary.skipped else "not run"
        elif run.failed_checks:
            status = "[red]check failed: " + ", ".join(c.name for c in run.failed_checks) + "[/red]"
        elif not run.success:
            status = "[red]failed: " + ", ".join(run.failed) + "[/red]"
        else:
            status = "[green]ok[/green]"
        ingest, redaction, rights = (
            _stats(ws, INGEST, dump_id),
            _stats(ws, REDACTION, dump_id),
            _stats(ws, RIGHTS, dump_id),
        )
        decisions = rights.decisions if rights else {}
        held = sum(v for k, v in decisions.items() if k not in CLEARING) if decisions else None
        table.add_row(
            dump_id,
            _figure(ingest, lambda s: s.records_seen),
            _figure(ingest, lambda s: s.documents),
            _figure(ingest, lambda s: s.quarantined),
            _figure(ingest, lambda s: s.skipped_records),
            _figure(redaction, lambda s: s.redactions),
            _figure(rights, lambda s: s.cleared),
            "-" if held is None else str(held),
            status,
        )
    return table


def print_run_summary(console: Console, ws: Workspace, summary: RunSummary) -> None:
    console.print(dump_table(ws, summary))
    errors: dict[str, list[str]] = {}
    for run in summary.runs:
        for check in run.failed_checks:
            console.print(f"[red]check {check.asset}/{check.name} failed for {run.label}:[/red] ", end="")
            console.print(check.description, markup=False, highlight=False)
        if not run.success and run.error:
            errors.setdefault(run.error, []).append(run.label)
    for error, labels in errors.items():
        # The same cause failing every dump is said once, with the dumps it stopped.
        console.print(f"[red]failed ({', '.join(labels)}):[/red] ", end="")
        console.print(error, markup=False, highlight=False)
    unchanged = [d for d in summary.dumps if d in summary.skipped and d not in {r.label for r in summary.runs}]
    if unchanged:
        console.print(
            f"unchanged, not recomputed: {len(unchanged)} of {len(summary.dumps)} dumps"
            + (f"; {', '.join(summary.skipped['release'])}" if summary.skipped.get("release") else "")
        )
    if summary.release_dir:
        console.print(f"release: {summary.release_dir}")
    console.print(f"lineage database: {ws.lineage_db}" if ws.lineage_db.exists() else "")


def print_demo_summary(console: Console, ws: Workspace, summary: RunSummary) -> None:
    from provenance.certify.verify import verify_release
    from provenance.lineage.demo import demo_answers

    print_run_summary(console, ws, summary)
    if summary.release_dir:
        console.rule("[bold]The release, verified as a trainer would")
        console.print(f"$ provenance verify {summary.release_dir}", markup=False, highlight=False)
        report = verify_release(summary.release_dir)
        for check in report.checks:
            mark = "[green]ok[/green]" if check.passed else "[red]FAILED[/red]"
            console.print(f"  {mark} {check.name}: ", end="")
            console.print(check.detail, markup=False, highlight=False)
        console.print(
            f"  {report.samples} samples in {report.shards} shard(s); {'verifies' if report.ok else 'DOES NOT VERIFY'}"
        )
    demo_answers(ws, console)
    console.print(
        "\nWhere to look next:\n"
        "  make ui                                the Dagster UI on this workspace\n"
        f"  duckdb -readonly {ws.lineage_db}   the lineage database (README: For legal teams)\n"
        "  provenance query --help                the named legal questions\n"
        f"  provenance verify {summary.release_dir or ws.releases}\n",
        markup=False,
        highlight=False,
    )
