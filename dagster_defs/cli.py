"""The `provenance` command whole: the core commands of :mod:`provenance.cli` plus `run`, `demo` and `ui`,
which orchestrate the pipeline with Dagster.

The console script points at :func:`main`. Dagster is imported only when one of these three commands
runs, so the core commands start as fast as before.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import typer

from provenance.certify.keys import keygen
from provenance.cli import UsageError, app, demo_data, err, out
from provenance.cli import main as run_app
from provenance.cli_settings import current_settings
from provenance.report import RunSummary
from provenance.workspace import (
    CONTRACTS_ENV,
    HOME_ENV,
    PII_KEY_ENV,
    SIGNING_KEY_ENV,
    Settings,
    Workspace,
    settings_environ,
)

DEMO_MARKER = "ground_truth.json"  # written by `provenance demo-data`: this workspace holds the demo
PII_KEY_FILE = "pii_hmac.key"
SIGNING_KEY_FILE = "signing_key.pem"


def main() -> None:
    """The console script `provenance`."""
    run_app(app)


# --------------------------------------------------------------------------- run and demo


WAIT_HELP = (
    "When another run uses this workspace, wait up to SECONDS for it to end instead of refusing at once (naming it)."
)


@app.command()
def run(wait: float = typer.Option(0.0, "--wait", metavar="SECONDS", help=WAIT_HELP)) -> None:
    """Materialise the whole asset graph for every dump the contracts find, as "Materialize all" in the UI."""
    ws = current_settings().workspace()
    preflight(ws)
    summary = _run_pipeline(ws, wait, "provenance run")
    from provenance.report import print_run_summary

    print_run_summary(out, ws, summary)
    if not summary.ok:
        raise typer.Exit(1)


@app.command()
def demo(
    docs: int = typer.Option(200, "--docs", help="About how many demo documents to generate."),
    seed: int = typer.Option(7, "--seed"),
    wait: float = typer.Option(0.0, "--wait", metavar="SECONDS", help=WAIT_HELP),
) -> None:
    """Make demo dumps, contracts and keys in $PROVENANCE_HOME, run the whole pipeline, print a summary."""
    make_demo(current_settings(), docs=docs, seed=seed, wait=wait)


def make_demo(settings: Settings, docs: int = 200, seed: int = 7, wait: float = 0.0) -> Workspace:
    """What `provenance demo` does; returns the demo's workspace with its keys."""
    from dagster_defs.run_lock import RunLockError, hold

    # The demo is self-contained: its contracts live in the workspace it generates, unless told otherwise.
    ws = settings.workspace(default_contracts=settings.workspace().home / "contracts")
    out.rule("[bold]provenance demo")
    # The demo rewrites dumps and contracts: never under a run that is reading them.
    try:
        with hold(ws.home, "provenance demo", wait, say=_say):
            ws, summary = _demo_run(ws, docs, seed, wait)
    except RunLockError as exc:
        _fail(str(exc))
    from provenance.report import print_demo_summary

    print_demo_summary(out, ws, summary)
    return ws


def _demo_run(ws: Workspace, docs: int, seed: int, wait: float) -> tuple[Workspace, RunSummary]:
    demo_data(ws.home, docs=docs, seed=seed)
    ws, said = ensure_demo_keys(ws)
    for line in said:
        out.print(
            f"[yellow]{line}[/yellow] — for the demo only; production keys come from {SIGNING_KEY_ENV} / {PII_KEY_ENV}"
        )
    return ws, _run_pipeline(ws, wait, "provenance demo")


def ensure_demo_keys(ws: Workspace) -> tuple[Workspace, list[str]]:
    """The demo's keys under $PROVENANCE_HOME/keys (created with mode 0600 when absent) for the keys ``ws`` lacks;
    ``ws`` with them, and what was created."""
    said = []
    ws.keys.mkdir(parents=True, exist_ok=True)
    pii_key = ws.pii_key
    if pii_key is None:
        pii_key = ws.keys / PII_KEY_FILE
        if not pii_key.exists():
            fd = os.open(pii_key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32) + "\n")
            said.append(f"created a DEMO personal-data HMAC key: {pii_key} (mode 0600)")
    signing_key = ws.signing_key
    if signing_key is None:
        signing_key = ws.keys / SIGNING_KEY_FILE
        if not signing_key.exists():
            keygen(ws.keys)
            said.append(f"created a DEMO release signing key: {signing_key} (mode 0600)")
    return dataclasses.replace(ws, pii_key=pii_key, signing_key=signing_key), said


def preflight(ws: Workspace) -> None:
    """Refuse to start a run that could only fail: bad contracts or missing keys, said once, up front."""
    from provenance.certify.keys import SigningKeyError, load_signing_key
    from provenance.contracts import load_denylist, load_licence_policy_document, load_optout_registry, load_sources
    from provenance.pii.keys import PiiKeyError, load_pii_key
    from provenance.requests import load_requests

    load_sources(ws.contracts)
    load_licence_policy_document(ws.contracts)
    load_optout_registry(ws.contracts)
    load_denylist(ws.contracts)
    load_requests(ws.contracts)
    problems = []
    try:
        load_pii_key(ws.pii_key)
    except PiiKeyError as exc:
        problems.append(str(exc))
    if ws.signing_key is None:
        problems.append(
            f"no release signing key: {SIGNING_KEY_ENV} is not set; `provenance keygen DIR` writes a key pair"
        )
    else:
        try:
            load_signing_key(ws.signing_key)
        except SigningKeyError as exc:
            problems.append(str(exc))
    if problems:
        raise UsageError("\n".join(problems))


def _run_pipeline(ws: Workspace, wait: float, command: str) -> RunSummary:
    from dagster_defs.home import DagsterHomeError
    from dagster_defs.no_space import NoSpaceError
    from dagster_defs.run_lock import RunLockError
    from dagster_defs.runner import materialize_all

    try:
        return materialize_all(ws, progress=out.print, wait=wait, command=command)
    except DagsterHomeError as exc:
        raise UsageError(str(exc)) from None
    except (RunLockError, NoSpaceError) as exc:
        _fail(str(exc))


def _say(line: str) -> None:
    out.print(line, markup=False, highlight=False)


def _fail(message: str) -> NoReturn:
    """One line on stderr, however long (a path may be), and exit code 1."""
    err.print(f"error: {message}", markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(1)


# --------------------------------------------------------------------------- the UI


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
    ui_setup = prepare_ui(current_settings(), demo_workspace)
    _port_is_free(host, port)
    url = f"http://{host}:{port}"
    out.print(
        f"workspace {ui_setup.ws.home}\ncontracts {ui_setup.ws.contracts}\nDagster instance {ui_setup.dagster_home}",
        markup=False,
        highlight=False,
    )
    if check:
        from dagster_defs.webserver import WebserverError, start_and_stop

        try:
            shown = start_and_stop(ui_setup.code_locations, host, port, ui_setup.environ)
        except WebserverError as exc:
            raise UsageError(str(exc)) from None
        out.print(f"the UI answered at {url}: {shown}; stopped", markup=False, highlight=False)
        return
    out.print(f"opening the Dagster UI at {url} (Ctrl-C stops it)", markup=False, highlight=False)
    sys.stdout.flush()
    os.execve(
        sys.executable,
        [sys.executable, "-m", "dagster", "dev", "-w", str(ui_setup.code_locations), "-h", host, "-p", str(port)],
        ui_setup.environ,
    )


@dataclass(frozen=True)
class UiSetup:
    ws: Workspace
    dagster_home: Path
    code_locations: Path  # the Dagster workspace file naming this package's code location
    environ: dict[str, str]  # the environment the UI's processes get: this workspace's settings, DAGSTER_HOME


def prepare_ui(settings: Settings, demo_workspace: bool = False, say: Callable[[str], None] | None = None) -> UiSetup:
    """What `provenance ui` does before Dagster starts: settings checked as `provenance run` checks them,
    the demo made only on request and only in a workspace of its own, the Dagster instance folder ready."""
    say = say or (lambda line: out.print(line, markup=False, highlight=False))
    ws = _demo_workspace(settings, say) if demo_workspace else settings.workspace()
    try:
        preflight(ws)
    except UsageError as exc:
        if not demo_workspace and (ws.home / DEMO_MARKER).exists():
            raise UsageError(
                f"{exc}\n{ws.home} holds the demo: `provenance ui --demo` (or `make demo-ui`) opens it "
                "with the demo's contracts and keys"
            ) from None
        raise
    from dagster_defs.home import DagsterHomeError, prepare_dagster_home, workspace_file
    from dagster_defs.runner import instance_for

    try:
        dagster_home = prepare_dagster_home(ws, say=say)
        code_locations = workspace_file(dagster_home)
        instance_for(ws)  # also limits the lineage writer's pool to one run, as `provenance run` does
    except DagsterHomeError as exc:
        raise UsageError(str(exc)) from None
    # The UI's processes (webserver, daemon, runs) read the settings from their environment, in Definitions.
    inherited = {
        k: v for k, v in os.environ.items() if k not in (HOME_ENV, CONTRACTS_ENV, SIGNING_KEY_ENV, PII_KEY_ENV)
    }
    return UiSetup(ws, dagster_home, code_locations, inherited | settings_environ(ws))


def _demo_workspace(settings: Settings, say: Callable[[str], None]) -> Workspace:
    """The demo's workspace, its contracts and keys; the demo is made first only in an empty $PROVENANCE_HOME."""
    ws = settings.workspace()
    if not (ws.home / DEMO_MARKER).exists():
        if ws.home.is_dir() and any(ws.home.iterdir()):
            raise UsageError(
                f"{ws.home} is not the demo's workspace (it has no {DEMO_MARKER}) and is not empty: the demo is only "
                f"made in a workspace of its own. Set {HOME_ENV} to a new folder for the demo, or run `provenance ui` "
                "without --demo to open this workspace with its own settings"
            )
        say(f"{ws.home} is empty: making the demo in it first (`provenance demo`)")
        make_demo(settings)
    ws, said = ensure_demo_keys(settings.workspace(default_contracts=ws.home / "contracts"))
    for line in said:
        say(f"{line} (for the demo only)")
    return ws


def _port_is_free(host: str, port: int) -> None:
    import socket

    with socket.socket() as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise UsageError(
                f"cannot listen on {host}:{port} ({exc.strerror}): another program uses it; choose another with --port"
            ) from None


if __name__ == "__main__":
    main()
