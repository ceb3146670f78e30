"""`provenance keygen` and `provenance verify`: make a signing key pair, and verify a release offline."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from provenance.certify.keys import key_id, load_public_key
from provenance.certify.keys import keygen as write_key_pair
from provenance.certify.verify import CHECKS, RELEASE_KEY_WARNING, verify_release

out = Console()
err = Console(stderr=True)


def keygen(
    directory: Path = typer.Argument(..., help="Folder to write signing_key.pem and signing_key.pub.pem into."),
) -> None:
    """Write an ECDSA P-256 signing key pair into DIR (private key mode 0600); never overwrites one."""
    try:
        private_path, public_path = write_key_pair(directory)
    except (FileExistsError, OSError) as exc:
        err.print(f"error: {exc}", markup=False, highlight=False)
        raise typer.Exit(1) from None
    out.print(
        f"private key: {private_path} (mode 0600, keep it secret; point PROVENANCE_SIGNING_KEY at it)",
        markup=False,
        highlight=False,
    )
    out.print(
        f"public key:  {public_path} (publish it: trainers verify releases with it)", markup=False, highlight=False
    )
    out.print(f"key id:      {key_id(load_public_key(public_path))}", markup=False, highlight=False)


def verify(
    release_dir: Path = typer.Argument(..., help="The release folder (releases/<release_id>)."),
    key: Path | None = typer.Option(
        None, "--key", help="The publisher's public key (PEM). Default: the release's own public_key.pem."
    ),
) -> None:
    """Verify a release: signature, shard digests, row counts, every fingerprint, the Merkle root, withdrawals."""
    report = verify_release(release_dir, key)
    table = Table(title=f"release {report.release_id or release_dir.name}")
    table.add_column("check")
    table.add_column("result")
    table.add_column("detail", overflow="fold")
    done = {c.name: c for c in report.checks}
    for name in CHECKS:
        check = done.get(name)
        if check is None:
            table.add_row(name, "[dim]not run[/dim]", "")
        else:
            table.add_row(
                name, "[green]ok[/green]" if check.passed else "[red]FAILED[/red]", check.detail.replace("[", r"\[")
            )
    out.print(table)
    if report.key_id:
        out.print(
            f"key: {report.key_path} ({report.key_source}), key id {report.key_id}", markup=False, highlight=False
        )
    for warning in report.warnings:
        if warning != RELEASE_KEY_WARNING:
            out.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)
    failure = report.first_failure
    if failure is not None:
        err.print(
            f"error: verification failed at {failure.name}: {failure.detail}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(1)
    if report.key_source == "release":
        # On stderr, last, in capitals: the one thing a trainer skimming the output must not miss.
        err.print(
            f"WARNING: INTEGRITY ONLY, NO TRUSTED KEY (--key): {RELEASE_KEY_WARNING}", markup=False, soft_wrap=True
        )
    withdrawn = f", {len(report.withdrawn)} withdrawn (signed withdrawal lists)" if report.withdrawn else ""
    out.print(
        f"[green]release {report.release_id} verifies:[/green] {report.samples} samples in {report.shards} shard(s)"
        + withdrawn
        + (" (integrity only: not checked against a trusted key)" if report.key_source == "release" else "")
    )
