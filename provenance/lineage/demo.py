"""What `provenance demo` ends with: a few `provenance query` answers on the demo workspace."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from provenance.lineage import queries
from provenance.lineage.completeness import check_completeness
from provenance.lineage.database import LineageDatabaseError, connect_readonly
from provenance.lineage.render import Format, emit, print_attribution_list, print_table
from provenance.lineage.sql import render
from provenance.workspace import Workspace


def _showcase_sample(con) -> str | None:
    """A sample worth telling: one with redactions and an attribution, else any; the smallest id, so it is stable."""
    row = con.execute(render("queries", "showcase_sample")).fetchall()
    return row[0][0] if row else None


def demo_answers(workspace: Workspace, console: Console) -> None:
    """Print the releases, one sample's story, the head of the excluded list and of the attribution list,
    each with the `provenance query` command that gives it in full."""
    path = workspace.lineage_db
    try:
        con = connect_readonly(path)
    except LineageDatabaseError as exc:
        console.print(f"[yellow]no lineage answers: {escape(str(exc))}[/yellow]")
        return
    try:
        console.rule("[bold]Lineage: questions a legal team asks")
        report = check_completeness(con)
        console.print(Text(report.describe(), style="green" if report.ok else "red"))

        console.print("\n[bold]$ provenance query releases[/bold]")
        releases = queries.releases(con)
        emit(
            releases.select(
                ["release_id", "created_at", "samples", "shards", "duplicates", "signature_valid", "manifest_sha256"]
            ),
            Format.table,
            console=console,
        )

        sample_id = _showcase_sample(con)
        if sample_id:
            console.print(f"\n[bold]$ provenance query sample {sample_id}[/bold]")
            emit(queries.sample(con, sample_id), Format.table, console=console)

        excluded = queries.excluded(con)
        console.print(f"\n[bold]$ provenance query excluded[/bold]  ({excluded.num_rows} documents; first 8)")
        print_table(console, excluded.select(["source_id", "reason", "url", "deciding_detail"]), limit=8)

        if releases.num_rows:
            latest = releases.column("release_id")[-1].as_py()
            credits = queries.attribution(con, latest)
            console.print(
                f"\n[bold]$ provenance query attribution {latest}[/bold]  ({credits.num_rows} credits; first 8)"
            )
            print_attribution_list(console, credits, limit=8)
        console.print(
            f"\nOpen the database yourself: [bold]duckdb -readonly {escape(str(path))}[/bold] (see docs/legal.md)"
        )
    finally:
        con.close()
