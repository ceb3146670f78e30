"""`provenance query`: the legal team's named questions on the command line, as tables, CSV or JSON.

Reads ``$PROVENANCE_HOME/lineage.duckdb`` read-only (``--db`` for another file). Errors (no
database, unknown id, no PII key) go to stderr with exit code 1. Never imports spaCy or Presidio.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer
from rich.console import Console

from provenance.cli_settings import current_settings
from provenance.lineage import queries
from provenance.lineage.database import LineageDatabaseError
from provenance.lineage.render import Format, emit, print_attribution_list
from provenance.vocabulary import HeldBack

query_app = typer.Typer(
    help=(
        "Answer legal questions from the lineage database ($PROVENANCE_HOME/lineage.duckdb, opened read-only). "
        "Every command takes --format table|csv|json."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_out = Console()
_err = Console(stderr=True)

FormatOption = typer.Option(Format.table, "--format", "-f", help="table (readable), csv or json (for scripts).")
DbOption = typer.Option(None, "--db", help="The lineage database (default: $PROVENANCE_HOME/lineage.duckdb).")


def _db(db: Path | None) -> Path:
    return db if db is not None else current_settings().workspace().lineage_db


def _answer(
    fmt: Format,
    ask: Callable[[], object],
    show: Callable[[object], None] | None = None,
    when_none: Callable[[], str] | None = None,
) -> None:
    """Print the answer; when it has no rows, ``when_none()`` says why (after the table, or on stderr beside CSV and
    JSON, so scripts still read an empty answer)."""
    from provenance.pii.keys import PiiKeyError

    try:
        answer = ask()
        note = when_none() if when_none is not None and getattr(answer, "num_rows", None) == 0 else None
    except (LineageDatabaseError, queries.LineageQueryError, PiiKeyError) as exc:
        _err.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    if show is not None:
        show(answer)
    else:
        emit(answer, fmt, console=_out)
    if note:
        (_out if fmt == Format.table else _err).print(note, markup=False, highlight=False, soft_wrap=True)


def _held_back_note(db: Path, source: str | None) -> str:
    counts = queries.held_back_counts(db, source)
    flag = f" --source {source}" if source else ""
    parts = []
    for status in (HeldBack.HELD, HeldBack.QUARANTINED):
        by_reason = counts[status.value]
        total = sum(by_reason.values())
        reasons = ", ".join(f"{n} {reason}" for reason, n in by_reason.items())
        parts.append(
            f"{total} {status.value}" + (f" ({reasons}; provenance query {status.value}{flag})" if total else "")
        )
    return (
        f"No excluded document matches. Held back {'from source ' + source if source else 'in all sources'}: "
        + " and ".join(parts)
        + "."
    )


@query_app.command("sample")
def sample_cmd(
    sample_id: str = typer.Argument(..., help="The sample's id (sample_id column of a shard)."),
    format: Format = FormatOption,
    db: Path | None = DbOption,
) -> None:
    """The full story of one sample: source, dump, locator, URL, licence and how it was resolved, every
    opt-out signal checked, redactions by type, shard, release and manifest digest."""
    _answer(format, lambda: queries.sample(_db(db), sample_id))


@query_app.command("document")
def document_cmd(
    url_or_doc_id: str = typer.Argument(..., metavar="URL|DOC_ID", help="A document's URL or doc_id."),
    format: Format = FormatOption,
    db: Path | None = DbOption,
) -> None:
    """What happened to a document (or a quarantined record): metadata, decisions, signals, redactions, samples."""
    _answer(format, lambda: queries.document(_db(db), url_or_doc_id))


@query_app.command("excluded")
def excluded_cmd(
    reason: str | None = typer.Option(
        None, "--reason", help="e.g. optout_registry, robots_txt, tdm_reservation, content_usage, licence_excluded."
    ),
    source: str | None = typer.Option(None, "--source", help="A source id."),
    format: Format = FormatOption,
    db: Path | None = DbOption,
) -> None:
    """Every document excluded by the rights stage, with the deciding signal, registry entry and reference. When
    none is, says how many records are held or quarantined instead (`query held`, `query quarantined`)."""
    _answer(
        format,
        lambda: queries.excluded(_db(db), reason=reason, source=source),
        when_none=lambda: _held_back_note(_db(db), source),
    )


ReasonFilter = typer.Option(
    None, "--reason", help="A reason code, e.g. rights_unverified, licence_unknown, malformed_json."
)
StageFilter = typer.Option(
    None, "--stage", help="ingest, redacted_documents, cleared_documents, rights, certify or certified_release."
)
SourceFilter = typer.Option(None, "--source", help="A source id.")


@query_app.command("held")
def held_cmd(
    reason: str | None = ReasonFilter,
    stage: str | None = StageFilter,
    source: str | None = SourceFilter,
    format: Format = FormatOption,
    db: Path | None = DbOption,
) -> None:
    """Records held back while they wait: for a stage to run for their dump, for a release, or for a person to
    verify or review their rights (rights_unverified, licence_unknown, licence_review); with what each waits for,
    its URL or locator and the evidence in one line."""
    _answer(format, lambda: queries.held(_db(db), reason=reason, stage=stage, source=source))


@query_app.command("quarantined")
def quarantined_cmd(
    reason: str | None = ReasonFilter,
    stage: str | None = StageFilter,
    source: str | None = SourceFilter,
    format: Format = FormatOption,
    db: Path | None = DbOption,
) -> None:
    """Records rejected as unreadable, invalid or failed (at ingest, rights or certify), with reason, stage, URL or
    locator and the evidence in one line. They stay out until their input or the code is fixed."""
    _answer(format, lambda: queries.quarantined(_db(db), reason=reason, stage=stage, source=source))


@query_app.command("licences")
def licences_cmd(
    release: str = typer.Argument(..., help="A release id."),
    format: Format = FormatOption,
    db: Path | None = DbOption,
) -> None:
    """Samples per licence in a release: class, decision, share-alike, count and share."""
    _answer(format, lambda: queries.licences(_db(db), release))


@query_app.command("attribution")
def attribution_cmd(
    release: str = typer.Argument(..., help="A release id."),
    format: Format = FormatOption,
    db: Path | None = DbOption,
) -> None:
    """The attribution list a release owes (CC BY, CC BY-SA, Licence Ouverte), grouped by source and licence."""
    if format == Format.table:

        def show(answer):
            print_attribution_list(_out, answer)

        _answer(format, lambda: queries.attribution(_db(db), release), show=show)
    else:
        _answer(format, lambda: queries.attribution(_db(db), release))


@query_app.command("rights-holder")
def rights_holder_cmd(
    name: str = typer.Argument(..., help="A rights holder's name, or part of it."),
    format: Format = FormatOption,
    db: Path | None = DbOption,
) -> None:
    """Everything of one rights holder: its sources, what was included or excluded and why, its opt-outs."""
    _answer(format, lambda: queries.rights_holder(_db(db), name))


@query_app.command("optouts")
def optouts_cmd(
    request: str | None = typer.Option(None, "--request", help="One request id: its releases, one per row."),
    format: Format = FormatOption,
    db: Path | None = DbOption,
) -> None:
    """The opt-out ledger: each request's id, date received, scope, who asked, the first release that honours it,
    and the releases that still held its content before it was honoured, with counts."""
    _answer(format, lambda: queries.optouts(_db(db), request))


@query_app.command("person")
def person_cmd(
    name: str = typer.Option(..., "--name", help="The person's name as they give it."),
    format: Format = FormatOption,
    db: Path | None = DbOption,
) -> None:
    """Documents where that person's name was redacted, found by its keyed hash (needs PROVENANCE_PII_KEY); for
    access and erasure requests. The name is never stored or printed."""
    from provenance.pii.keys import load_pii_key

    _answer(format, lambda: queries.person(_db(db), name, load_pii_key(current_settings().pii_key)))


@query_app.command("releases")
def releases_cmd(format: Format = FormatOption, db: Path | None = DbOption) -> None:
    """Every release: each stage's count over the dumps it read (records seen, documents, ingest-quarantined, skipped,
    redaction-held, rights cleared, excluded and quarantined, already released, duplicates, certify-quarantined,
    samples), then its manifest digest, Merkle root and signing key."""
    _answer(format, lambda: queries.releases(_db(db)))
