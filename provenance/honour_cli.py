"""`provenance request honour`: sign the next withdrawal list of every release the recorded requests reach.

The affected samples come from the lineage (:func:`provenance.requests_impact.impact`), so the lineage
must be current: build it (`provenance run`) after the last release and before honouring.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import typer

from provenance.certify.honour import Honoured, honour
from provenance.certify.keys import SigningKeyError, load_signing_key
from provenance.certify.withdrawals import WithdrawalError
from provenance.cli_settings import current_settings
from provenance.requests import Request, load_requests
from provenance.requests_impact import impact
from provenance.workspace import SIGNING_KEY_ENV, Workspace


def honour_command(
    release: list[str] = typer.Option([], "--release", help="Only this release id (repeatable). Default: every one."),
    request: list[str] = typer.Option([], "--request", help="Only this request id (repeatable). Default: every one."),
) -> None:
    """Write a signed withdrawal list for each release the requests reach, of what is not yet withdrawn."""
    ws = current_settings().workspace()
    try:
        results = _honour(ws, set(release), set(request))
    except (ValueError, WithdrawalError, SigningKeyError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    if not results:
        typer.echo("no release holds a sample these requests cover: nothing to withdraw")
    for done in results:
        typer.echo(_summary(done))


def _honour(ws: Workspace, release_ids: set[str], request_ids: set[str]) -> list[Honoured]:
    if ws.signing_key is None:
        raise ValueError(f"{SIGNING_KEY_ENV} is not set: withdrawal lists are signed with the releases' key")
    key = load_signing_key(ws.signing_key)
    requests = [r for r in load_requests(ws.contracts) if not request_ids or r.id in request_ids]
    missing = sorted(request_ids - {r.id for r in requests})
    if missing:
        raise ValueError(f"request {missing[0]} is not in {ws.contracts / 'requests'}")
    folders = [p for p in sorted(ws.releases.glob("*")) if p.is_dir() and not p.name.startswith(".")]
    unknown = sorted(release_ids - {p.name for p in folders})
    if unknown:
        raise ValueError(f"release {unknown[0]} is not in {ws.releases}")
    affected = [a for a in _affected(ws.lineage_db, requests) if not release_ids or a[0] in release_ids]
    present = {p.name for p in folders}
    for gone in sorted({a[0] for a in affected} - present):
        # Nothing to sign beside a release that is no longer here; its samples stay listed in the lineage.
        typer.echo(f"release {gone}: its folder is no longer in {ws.releases}: no withdrawal list written", err=True)
    return honour(folders, [a for a in affected if a[0] in present], requests, key)


def _affected(db_path: Path, requests: Sequence[Request]) -> Iterator[tuple[str, str, str]]:
    """(release_id, sample_id, request_id) of every released sample each request covers."""
    for request in requests:
        table = impact(db_path, request)
        releases, samples = table.column("release_id").to_pylist(), table.column("sample_id").to_pylist()
        for release_id, sample_id in zip(releases, samples, strict=True):
            if release_id is not None and sample_id is not None:  # a covered document that was never released
                yield release_id, sample_id, request.id


def _summary(done: Honoured) -> str:
    if done.path is None:
        return f"release {done.release_id}: nothing new ({done.already} sample/request pair(s) already withdrawn)"
    return (
        f"release {done.release_id}: {done.path} signed: {done.newly_withdrawn} sample(s) newly withdrawn, "
        f"{done.recorded} sample/request pair(s) recorded, {done.already} already withdrawn"
    )
