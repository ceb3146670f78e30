"""`provenance summary RELEASE_ID`: write the public summary of training content as Markdown and JSON."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from provenance.summary.document import build, load_provider, to_json
from provenance.summary.figures import compute
from provenance.summary.markdown import to_markdown
from provenance.workspace import Workspace

SUMMARIES = "summaries"
_err = Console(stderr=True, soft_wrap=True)


def write_summary(ws: Workspace, release_id: str, out: Path | None, provider_file: Path | None) -> tuple[Path, Path]:
    """Write ``<release_id>.summary.md`` and ``.json`` into ``out`` (default ``$PROVENANCE_HOME/summaries``,
    never the signed release folder, whose verification refuses unlisted files)."""
    doc = build(compute(ws.lineage_db, release_id), load_provider(provider_file))
    folder = out if out is not None else ws.home / SUMMARIES
    folder.mkdir(parents=True, exist_ok=True)
    md, js = folder / f"{release_id}.summary.md", folder / f"{release_id}.summary.json"
    md.write_text(to_markdown(doc), encoding="utf-8")
    js.write_text(to_json(doc), encoding="utf-8")
    return md, js


def summary(
    release_id: str = typer.Argument(..., help="The release to summarise (as in `provenance query releases`)."),
    out: Path | None = typer.Option(None, "--out", help="Folder to write into; default $PROVENANCE_HOME/summaries."),
    provider: Path | None = typer.Option(None, "--provider", help="YAML file of the provider's and model's fields."),
) -> None:
    """Write the public summary of training content of a release (EU AI Act art. 53(1)(d)) as Markdown and JSON."""
    from provenance.cli_settings import current_settings
    from provenance.summary.figures import SummaryError

    try:
        md, js = write_summary(current_settings().workspace(), release_id, out, provider)
    except (SummaryError, ValueError, OSError) as exc:
        _err.print(f"error: {exc}", markup=False, highlight=False)
        raise typer.Exit(1) from None
    typer.echo(f"wrote {md}\nwrote {js}")
