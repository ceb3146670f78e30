"""The core of the `provenance` command: the stages' commands and the legal, steward and trainer tools.

The commands that orchestrate the pipeline (`run`, `demo`, `ui`) live with the orchestration code
(its ``cli`` module), which adds them to :data:`app` and is what the console script runs. Nothing
here imports the orchestrator, so these commands start fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console

from provenance.certify import cli as certify_cli
from provenance.cli_settings import current_settings, read_settings
from provenance.contracts import ContractError
from provenance.lineage import cli as lineage_cli
from provenance.pii import cli as pii_cli
from provenance.request_cli import request_app
from provenance.summary import cli as summary_cli
from provenance.workspace import CONTRACTS_ENV, HOME_ENV

app = typer.Typer(
    help=(
        "Copyright- and GDPR-aware provenance pipeline for LLM training data.\n\n"
        f"Workspace: ${HOME_ENV} (default ./var). Contracts: ${CONTRACTS_ENV} (default ./data_contracts)."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    callback=read_settings,
)
# Piped output (CI logs, files) gets wide tables rather than rich's default of 80 columns.
out = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 160)


class UsageError(Exception):
    """A problem the user can fix; printed to stderr without a traceback, exit code 1."""


# --------------------------------------------------------------------------- commands of the stages

# Each stage's command module imports its heavy dependencies (spaCy, Presidio) only when run.
app.command("redact", help="Redact personal data: JSONL on stdin to JSONL on stdout.")(pii_cli.redact)
app.command("eval-pii", help="Recall and precision per entity type against a gold JSONL file.")(pii_cli.eval_pii)
app.command("keygen", help="Write an ECDSA P-256 signing key pair into DIR.")(certify_cli.keygen)
app.command("verify", help="Verify a release: signature, shard digests, rows, fingerprints, Merkle root.")(
    certify_cli.verify
)
app.add_typer(lineage_cli.query_app, name="query", help="Answer legal questions from the lineage database.")
app.command("summary", help="Write the public summary of training content of a release (EU AI Act).")(
    summary_cli.summary
)
app.add_typer(request_app, name="request", help="The request ledger: record requests, list them, see their impact.")


# --------------------------------------------------------------------------- the demo's data and the contracts


def generate_demo(directory: Path, docs: int, seed: int):  # -> provenance_demo.ground_truth.GroundTruth
    """The demo generator, imported only here (and only when used): it is not part of the product."""
    try:  # the generator is its own distribution, not part of the product
        # The demo is a separate distribution, not always installed where mypy runs.
        from provenance_demo.generate import generate_demo  # type: ignore[import-not-found, unused-ignore]
    except ModuleNotFoundError as exc:
        if exc.name != "provenance_demo":
            raise
        raise UsageError(
            "the demo generator is not installed: it is a separate package, provenance-demo, in the checkout's "
            "demo/ folder. Install it with `pip install -e ./demo` from the checkout (`make demo` does)"
        ) from None

    return generate_demo(directory, docs=docs, seed=seed)


@app.command("demo-data")
def demo_data(
    directory: Path = typer.Argument(..., help="Folder to write dumps, contracts and ground truth into."),
    docs: int = typer.Option(200, "--docs", help="About how many documents, over all sources."),
    seed: int = typer.Option(7, "--seed", help="Same seed, same bytes."),
) -> None:
    """Write realistic synthetic dumps in all five formats, their contracts, and the ground truth."""
    truth = generate_demo(directory, docs=docs, seed=seed)
    documents = sum(1 for r in truth.records if r.expect == "document")
    out.print(
        f"wrote {len(truth.records)} records ({documents} documents) from {len(truth.sources)} sources to {directory}\n"
        f"  dumps:        {directory / 'landing'}\n  contracts:    {directory / 'contracts'}\n"
        f"  ground truth: {directory / 'ground_truth.json'}"
    )


@app.command("check-contracts")
def check_contracts() -> None:
    """Validate every contract, the licence policy, the opt-out registry, the deny-list and the request ledger; list
    the dumps they find."""
    from provenance.contracts import load_denylist, load_licence_policy_document, load_optout_registry, load_sources
    from provenance.dumps import discover_dumps
    from provenance.requests import load_requests

    ws = current_settings().workspace()
    sources = load_sources(ws.contracts)
    policy = load_licence_policy_document(ws.contracts)
    registry = load_optout_registry(ws.contracts)
    denylist = load_denylist(ws.contracts)
    requests = load_requests(ws.contracts)
    dumps = discover_dumps(ws.home, sources)
    out.print(
        f"{len(sources)} source contracts, licence policy {policy.version}, "
        f"opt-out registry {registry.version} ({len(registry.entries)} entries), "
        f"deny-list {denylist.version} ({len(denylist.entries)} sites), "
        f"{len(requests)} requests: all valid"
    )
    for dump in dumps:
        out.print(f"  {dump.dump_id:<40} {dump.format:<9} {dump.relpath}")
    if not dumps:
        out.print(f"  no dump matches the contracts' globs under {ws.home}")


def main(command: typer.Typer = app) -> None:
    """Run ``command`` (the whole `provenance` app), turning the errors a user can fix into a line on stderr and
    exit code 1."""
    try:
        command()
    except ContractError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False)
        sys.exit(1)
    except UsageError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
