"""`provenance request`: recording erasure, objection and takedown requests in the ledger, and what each touches.

A person's name given to ``add --person`` is hashed with the PII key in memory (:func:`provenance.requests.person_hmacs`)
and never written, printed or logged. ``impact`` reads the lineage database read-only.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path

import pyarrow as pa
import typer
import yaml
from rich.console import Console

from provenance.cli_settings import current_settings
from provenance.contract_files import ContractError
from provenance.honour_cli import honour_command
from provenance.lineage.answers import Story
from provenance.lineage.render import Format, emit
from provenance.requests import REQUEST_KINDS, REQUEST_SCOPES, Request, load_requests, requests_folder
from provenance.workspace import publish_file

request_app = typer.Typer(
    help="The request ledger (data_contracts/requests/): record erasure, objection and takedown requests; "
    "list them; see what each touches in every release.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_out = Console()
_err = Console(stderr=True)
_ID = re.compile(r"^REQ-(\d{4})-(\d{4,})$")

FormatOption = typer.Option(Format.table, "--format", "-f", help="table (readable), csv or json (for scripts).")


def _fail(message: str) -> typer.Exit:
    _err.print(f"error: {message}", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(1)


def next_request_id(existing: list[str], year: int) -> str:
    """The next free ``REQ-<year>-NNNN`` after every id of that year in the ledger."""
    numbers = [int(m.group(2)) for i in existing if (m := _ID.match(i)) and int(m.group(1)) == year]
    return f"REQ-{year}-{max(numbers, default=0) + 1:04d}"


def write_request(contracts: Path, request: Request) -> Path:
    """Write the request's ledger file atomically (a new file only: an id is never overwritten), then validate the
    whole ledger with it; an invalid result is removed again and raises :class:`ContractError`."""
    folder = requests_folder(contracts)
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"{request.id}.yaml"
    fd, tmp = tempfile.mkstemp(prefix=f".{request.id}.", suffix=".tmp", dir=folder)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        yaml.safe_dump(request.document(), fh, sort_keys=False, allow_unicode=True)
    publish_file(Path(tmp), final)
    try:
        load_requests(contracts)
    except ContractError:
        final.unlink()
        raise
    return final


def person_hmacs(key: bytes, name: str) -> tuple[str, ...]:
    """The keyed hashes a person request records: each full-name form of ``name`` (as the lineage's person
    query matches it), under the PII key. The name itself is held only in memory."""
    from provenance.lineage.parties import name_variants
    from provenance.pii.keys import value_hmac

    return tuple(sorted({value_hmac(key, form) for kind, form in name_variants(name) if kind == "full_name"}))


def _person_hmacs(name: str) -> tuple[str, ...]:
    from provenance.pii.keys import PiiKeyError, load_pii_key

    try:
        key = load_pii_key(current_settings().pii_key)
    except PiiKeyError as exc:
        raise _fail(str(exc)) from None
    found = person_hmacs(key, name)
    if not found:
        raise _fail("--person is empty: give the person's name as they give it")
    return found


@request_app.command("add")
def add_cmd(
    kind: str = typer.Option(..., "--kind", help=" | ".join(REQUEST_KINDS)),
    scope: str = typer.Option(..., "--scope", help=" | ".join(REQUEST_SCOPES)),
    value: str | None = typer.Option(None, "--value", help="What it covers (every scope but person)."),
    person: str | None = typer.Option(
        None,
        "--person",
        metavar="NAME",
        help="Scope person: the name, kept only as keyed hashes (PROVENANCE_PII_KEY).",
    ),
    received: str | None = typer.Option(None, "--received", metavar="DATE", help="ISO date (default: today)."),
    reference: str = typer.Option(..., "--reference", help="The letter, form or ticket."),
    legal_basis: str = typer.Option(..., "--legal-basis", help="e.g. 'GDPR art. 17(1)(c)'."),
    requested_by: str | None = typer.Option(None, "--requested-by", help="An organisation or 'the data subject'."),
    request_id: str | None = typer.Option(None, "--id", help="Default: the next free REQ-YYYY-NNNN."),
) -> None:
    """Record a request in data_contracts/requests/<id>.yaml (validated, written atomically); prints its id."""
    if (scope == "person") != (person is not None) or (scope != "person") != (value is not None):
        raise _fail("scope person takes --person NAME (and no --value); every other scope takes --value")
    try:
        date_received = dt.date.fromisoformat(received) if received else dt.date.today()
    except ValueError:
        raise _fail(f"--received {received!r} is not an ISO date (YYYY-MM-DD)") from None
    contracts = current_settings().workspace().contracts
    existing = [r.id for r in load_requests(contracts)]
    request = Request(
        id=request_id or next_request_id(existing, date_received.year),
        kind=kind,
        scope=scope,
        value=value,
        person_hmacs=_person_hmacs(person) if person is not None else (),
        date_received=date_received,
        reference=reference,
        legal_basis=legal_basis,
        requested_by=requested_by or "",
    )
    if request.id in existing or (requests_folder(contracts) / f"{request.id}.yaml").exists():
        raise _fail(f"request {request.id} is already in the ledger ({requests_folder(contracts)})")
    write_request(contracts, request)
    _out.print(request.id, markup=False, highlight=False)


@request_app.command("list")
def list_cmd(format: Format = FormatOption) -> None:
    """Every request of the ledger: id, kind, scope, date received, reference (a person is never named)."""
    requests = load_requests(current_settings().workspace().contracts)
    table = pa.table(
        {
            "id": [r.id for r in requests],
            "kind": [r.kind for r in requests],
            "scope": [r.scope for r in requests],
            "received": [r.date_received.isoformat() for r in requests],
            "reference": [r.reference for r in requests],
        },
        schema=pa.schema([(n, pa.string()) for n in ("id", "kind", "scope", "received", "reference")]),
    )
    emit(table, format, console=_out)


@request_app.command("impact")
def impact_cmd(
    request_id: str = typer.Argument(..., metavar="ID", help="The request id."),
    format: Format = FormatOption,
    db: Path | None = typer.Option(
        None, "--db", help="The lineage database (default: $PROVENANCE_HOME/lineage.duckdb)."
    ),
) -> None:
    """Every document and sample the request covers, in every release, with counts per release (from the lineage)."""
    from provenance.lineage.answers import LineageQueryError
    from provenance.lineage.database import LineageDatabaseError
    from provenance.requests_impact import counts_per_release, impact

    ws = current_settings().workspace()
    found = [r for r in load_requests(ws.contracts) if r.id == request_id]
    if not found:
        raise _fail(f"no request {request_id!r} in the ledger ({requests_folder(ws.contracts)})")
    try:
        affected = impact(db if db is not None else ws.lineage_db, found[0])
    except (LineageDatabaseError, LineageQueryError) as exc:
        raise _fail(str(exc)) from None
    counts = counts_per_release(affected)
    per_release = pa.table(
        {
            "release_id": [r if r is not None else "(in no release)" for r in counts],
            "documents": pa.array([d for d, _ in counts.values()], pa.int64()),
            "samples": pa.array([s for _, s in counts.values()], pa.int64()),
        }
    )
    facts = {**found[0].summary(), "documents": len(set(affected.column("doc_id").to_pylist()))}
    facts["samples"] = len(affected.column("sample_id").drop_null())
    emit(Story(f"request {request_id}", facts, {"per_release": per_release, "affected": affected}), format, _out)


# Writing withdrawal lists signs with the releases' key: its command lives beside the withdrawal code.
request_app.command("honour")(honour_command)
