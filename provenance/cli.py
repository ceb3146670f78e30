"""The `provenance` command: the pipeline's stages and the legal, steward and trainer tools on top of them."""

from __future__ import annotations

import importlib
import os
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

import typer
from rich.console import Console

from provenance.certify import cli as certify_cli
from provenance.certify.keys import keygen
from provenance.contracts import ContractError
from provenance.lineage import cli as lineage_cli
from provenance.pii import cli as pii_cli
from provenance.workspace import CONTRACTS_ENV, HOME_ENV, PII_KEY_ENV, SIGNING_KEY_ENV, Workspace

app = typer.Typer(
    help=(
        "Copyright- and GDPR-aware provenance pipeline for LLM training data.\n\n"
        f"Workspace: ${HOME_ENV} (default ./var). Contracts: ${CONTRACTS_ENV} (default ./data_contracts)."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
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


# --------------------------------------------------------------------------- pipeline commands


@app.command("demo-data")
def demo_data(
    directory: Path = typer.Argument(..., help="Folder to write dumps, contracts and ground truth into."),
    docs: int = typer.Option(200, "--docs", help="About how many documents, over all sources."),
    seed: int = typer.Option(7, "--seed", help="Same seed, same bytes."),
) -> None:
    """Write realistic synthetic dumps in all five formats, their contracts, and the ground truth."""
    try:  # the generator is its own distribution, not part of the product
        from provenance_demo.generate import generate_demo
    except ModuleNotFoundError as exc:
        if exc.name != "provenance_demo":
            raise
        raise UsageError(
            "the demo generator is not installed: it is a separate package, provenance-demo, in the checkout's "
            "demo/ folder. Install it with `pip install -e ./demo` from the checkout (`make demo` does)"
        ) from None

    truth = generate_demo(directory, docs=docs, seed=seed)
    documents = sum(1 for r in truth.records if r.expect == "document")
    out.print(
        f"wrote {len(truth.records)} records ({documents} documents) from {len(truth.sources)} sources to {directory}\n"
        f"  dumps:        {directory / 'landing'}\n  contracts:    {directory / 'contracts'}\n"
        f"  ground truth: {directory / 'ground_truth.json'}"
    )


def _ensure_demo_keys(ws: Workspace) -> list[str]:
    """Create the demo's keys under $PROVENANCE_HOME/keys (mode 0600) when absent; export their paths."""
    said = []
    ws.keys.mkdir(parents=True, exist_ok=True)
    pii_key = ws.keys / "pii_hmac.key"
    if not os.environ.get(PII_KEY_ENV):
        if not pii_key.exists():
            fd = os.open(pii_key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32) + "\n")
            said.append(f"created a DEMO personal-data HMAC key: {pii_key} (mode 0600)")
        os.environ[PII_KEY_ENV] = str(pii_key)
    signing_key = ws.keys / "signing_key.pem"
    if not os.environ.get(SIGNING_KEY_ENV):
        if not signing_key.exists():
            keygen(ws.keys)
            said.append(f"created a DEMO release signing key: {signing_key} (mode 0600)")
        os.environ[SIGNING_KEY_ENV] = str(signing_key)
    return said


@app.command()
def demo(
    docs: int = typer.Option(200, "--docs", help="About how many demo documents to generate."),
    seed: int = typer.Option(7, "--seed"),
) -> None:
    """Make demo dumps, contracts and keys in $PROVENANCE_HOME, run the whole pipeline, print a summary."""
    ws = Workspace.from_env()
    if not os.environ.get(CONTRACTS_ENV):
        # The demo is self-contained: its contracts live in the workspace it generates.
        os.environ[CONTRACTS_ENV] = str(ws.home / "contracts")
        ws = Workspace.from_env()
    out.rule("[bold]provenance demo")
    demo_data(ws.home, docs=docs, seed=seed)
    for line in _ensure_demo_keys(ws):
        out.print(
            f"[yellow]{line}[/yellow] — for the demo only; production keys come from {SIGNING_KEY_ENV} / {PII_KEY_ENV}"
        )
    summary = _run_pipeline(ws)
    from provenance.report import print_demo_summary

    print_demo_summary(out, ws, summary)


def _preflight(ws: Workspace) -> None:
    """Refuse to start a run that could only fail: bad contracts or missing keys, said once, up front."""
    from provenance.certify.keys import SigningKeyError, load_signing_key
    from provenance.contracts import load_denylist, load_licence_policy_document, load_optout_registry, load_sources
    from provenance.pii.keys import PiiKeyError, load_pii_key
    from provenance.workspace import signing_key_path

    load_sources(ws.contracts)
    load_licence_policy_document(ws.contracts)
    load_optout_registry(ws.contracts)
    load_denylist(ws.contracts)
    problems = []
    try:
        load_pii_key()
    except PiiKeyError as exc:
        problems.append(str(exc))
    path = signing_key_path()
    if path is None:
        problems.append(
            f"no release signing key: {SIGNING_KEY_ENV} is not set; `provenance keygen DIR` writes a key pair"
        )
    else:
        try:
            load_signing_key(path)
        except SigningKeyError as exc:
            problems.append(str(exc))
    if problems:
        raise UsageError("\n".join(problems))


@app.command()
def run() -> None:
    """Materialise the whole asset graph for every dump the contracts find, as "Materialize all" in the UI."""
    ws = Workspace.from_env()
    _preflight(ws)
    summary = _run_pipeline(ws)
    from provenance.report import print_run_summary

    print_run_summary(out, ws, summary)
    if not summary.ok:
        raise typer.Exit(1)


def _run_pipeline(ws: Workspace):
    # The orchestration lives in dagster_defs (the core library never imports Dagster).
    runner = importlib.import_module("dagster_defs.runner")
    home = importlib.import_module("dagster_defs.home")
    try:
        return runner.materialize_all(ws, progress=lambda line: out.print(line))
    except home.DagsterHomeError as exc:
        raise UsageError(str(exc)) from None


# --------------------------------------------------------------------------- the UI

DEMO_MARKER = "ground_truth.json"  # written by `provenance demo-data`: this workspace holds the demo


@app.command()
def ui(
    host: str = typer.Option("127.0.0.1", "--host", help="Address the webserver listens on."),
    port: int = typer.Option(3000, "--port", help="Port the webserver listens on."),
    demo_workspace: bool = typer.Option(
        False,
        "--demo",
        help="Open the demo's own workspace with its contracts and keys; an empty "
        "$PROVENANCE_HOME gets the demo first. Never writes the demo into a workspace that holds anything else.",
    ),
    check: bool = typer.Option(
        False,
        "--check",
        help="Start the webserver alone (no daemon, so no sensor runs), wait until it has "
        "loaded the pipeline, say what it shows, and stop: for scripts and CI.",
    ),
) -> None:
    """Open the Dagster UI (webserver and daemon) on $PROVENANCE_HOME with the settings `provenance run` uses."""
    ui_setup = prepare_ui(demo_workspace)
    _port_is_free(host, port)
    url = f"http://{host}:{port}"
    out.print(
        f"workspace {ui_setup.ws.home}\ncontracts {ui_setup.ws.contracts}\nDagster instance {ui_setup.dagster_home}",
        markup=False,
        highlight=False,
    )
    if check:
        webserver = importlib.import_module("dagster_defs.webserver")
        try:
            shown = webserver.start_and_stop(ui_setup.code_locations, host, port)
        except webserver.WebserverError as exc:
            raise UsageError(str(exc)) from None
        out.print(f"the UI answered at {url}: {shown}; stopped", markup=False, highlight=False)
        return
    out.print(f"opening the Dagster UI at {url} (Ctrl-C stops it)", markup=False, highlight=False)
    sys.stdout.flush()
    os.execv(
        sys.executable,
        [sys.executable, "-m", "dagster", "dev", "-w", str(ui_setup.code_locations), "-h", host, "-p", str(port)],
    )


@dataclass(frozen=True)
class UiSetup:
    ws: Workspace
    dagster_home: Path
    code_locations: Path  # the Dagster workspace file naming this package's code location


def prepare_ui(demo_workspace: bool = False, say=None) -> UiSetup:
    """What `provenance ui` does before Dagster starts: settings checked as `provenance run` checks them,
    the demo made only on request and only in a workspace of its own, the Dagster instance folder ready."""
    say = say or (lambda line: out.print(line, markup=False, highlight=False))
    ws = _demo_workspace(say) if demo_workspace else Workspace.from_env()
    try:
        _preflight(ws)
    except UsageError as exc:
        if not demo_workspace and (ws.home / DEMO_MARKER).exists():
            raise UsageError(
                f"{exc}\n{ws.home} holds the demo: `provenance ui --demo` (or `make demo-ui`) opens it "
                "with the demo's contracts and keys"
            ) from None
        raise
    # The orchestration lives in dagster_defs (the core library never imports Dagster).
    home = importlib.import_module("dagster_defs.home")
    runner = importlib.import_module("dagster_defs.runner")
    try:
        dagster_home = home.prepare_dagster_home(ws, say=say)
        code_locations = home.workspace_file(dagster_home)
        runner.instance_for(ws)  # also limits the lineage writer's pool to one run, as `provenance run` does
    except home.DagsterHomeError as exc:
        raise UsageError(str(exc)) from None
    # Runs launched from the UI read the workspace from the environment, as `provenance run` does.
    os.environ[HOME_ENV] = str(ws.home)
    os.environ[CONTRACTS_ENV] = str(ws.contracts)
    return UiSetup(ws, dagster_home, code_locations)


def _demo_workspace(say) -> Workspace:
    """The demo's workspace, its contracts and keys; the demo is made first only in an empty $PROVENANCE_HOME."""
    ws = Workspace.from_env()
    if not (ws.home / DEMO_MARKER).exists():
        if ws.home.is_dir() and any(ws.home.iterdir()):
            raise UsageError(
                f"{ws.home} is not the demo's workspace (it has no {DEMO_MARKER}) and is not empty: the demo is only "
                f"made in a workspace of its own. Set {HOME_ENV} to a new folder for the demo, or run `provenance ui` "
                "without --demo to open this workspace with its own settings"
            )
        say(f"{ws.home} is empty: making the demo in it first (`provenance demo`)")
        demo(docs=200, seed=7)
    if not os.environ.get(CONTRACTS_ENV):
        os.environ[CONTRACTS_ENV] = str(ws.home / "contracts")
    for line in _ensure_demo_keys(ws):
        say(f"{line} (for the demo only)")
    return Workspace.from_env()


def _port_is_free(host: str, port: int) -> None:
    import socket

    with socket.socket() as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise UsageError(
                f"cannot listen on {host}:{port} ({exc.strerror}): another program uses it; choose another with --port"
            ) from None


@app.command("check-contracts")
def check_contracts() -> None:
    """Validate every contract, the licence policy, the opt-out registry and the deny-list; list the dumps they find."""
    from provenance.contracts import load_denylist, load_licence_policy_document, load_optout_registry, load_sources
    from provenance.dumps import discover_dumps

    ws = Workspace.from_env()
    sources = load_sources(ws.contracts)
    policy = load_licence_policy_document(ws.contracts)
    registry = load_optout_registry(ws.contracts)
    denylist = load_denylist(ws.contracts)
    dumps = discover_dumps(ws.home, sources)
    out.print(
        f"{len(sources)} source contracts, licence policy {policy.version}, "
        f"opt-out registry {registry.version} ({len(registry.entries)} entries), "
        f"deny-list {denylist.version} ({len(denylist.entries)} sites): all valid"
    )
    for dump in dumps:
        out.print(f"  {dump.dump_id:<40} {dump.format:<9} {dump.relpath}")
    if not dumps:
        out.print(f"  no dump matches the contracts' globs under {ws.home}")


def main() -> None:
    try:
        app()
    except ContractError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False)
        sys.exit(1)
    except UsageError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
