"""`provenance ui --check`: start the Dagster webserver on the workspace, wait until it shows the pipeline, stop it.

The webserver runs alone (no daemon, so no sensor launches a run) in a session of its own, so that
stopping it also stops the code server it started.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path

from dagster_defs.definitions import defs

LOCATIONS_QUERY = """{ workspaceOrError { __typename ... on Workspace { locationEntries {
  name loadStatus locationOrLoadError { __typename ... on PythonError { message } } } } } }"""
ASSETS_QUERY = "{ assetNodes { assetKey { path } } }"
STARTUP_TIMEOUT_S = 600  # a cold start on a loaded 2-core machine takes well under a minute
STOP_TIMEOUT_S = 60


class WebserverError(Exception):
    """The webserver stopped, never loaded the pipeline, or loaded it with an error; the message says which."""


def start_and_stop(workspace: Path, host: str, port: int, environ: Mapping[str, str]) -> str:
    """Start the webserver on ``workspace`` (a workspace file) in ``environ`` (the settings its code location
    reads), wait until its code location is loaded, return what it shows, stop it."""
    url = f"http://{host}:{port}"
    command = [
        sys.executable,
        "-m",
        "dagster_webserver",
        "-w",
        str(workspace),
        "-h",
        host,
        "-p",
        str(port),
        "--dagster-log-level",
        "warning",
    ]
    process = subprocess.Popen(command, env=dict(environ), start_new_session=True)
    try:
        entries = _wait_until_loaded(url, process)
        errors = [
            f"{e['name']}: {e['locationOrLoadError']['message'].strip()}"
            for e in entries
            if (e.get("locationOrLoadError") or {}).get("__typename") == "PythonError"
        ]
        if errors:
            raise WebserverError("the UI could not load the pipeline: " + "; ".join(errors))
        shown = {"/".join(node["assetKey"]["path"]) for node in graphql(url, ASSETS_QUERY)["assetNodes"]}
        expected = {key.to_user_string() for key in defs.resolve_asset_graph().get_all_asset_keys()}
        if shown != expected:
            raise WebserverError(f"the UI shows the assets {sorted(shown)}, the pipeline has {sorted(expected)}")
        return f"code location {', '.join(e['name'] for e in entries)} with {len(shown)} assets"
    finally:
        _stop(process)


def graphql(url: str, query: str) -> dict:
    request = urllib.request.Request(
        f"{url}/graphql", data=json.dumps({"query": query}).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = json.load(response)
    if answer.get("errors"):
        raise WebserverError(f"the UI's GraphQL API answered with errors: {answer['errors']}")
    return answer["data"]


def _wait_until_loaded(url: str, process: subprocess.Popen) -> list[dict]:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise WebserverError(
                f"the Dagster webserver stopped (exit code {process.returncode}) before answering "
                f"at {url}; its messages are above"
            )
        try:
            workspace = graphql(url, LOCATIONS_QUERY)["workspaceOrError"]
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            workspace = None  # not listening yet
        if workspace is not None:
            if workspace["__typename"] != "Workspace":
                raise WebserverError(f"the UI could not read its workspace: {workspace['__typename']}")
            entries = workspace["locationEntries"]
            if entries and all(e["loadStatus"] == "LOADED" for e in entries):
                return entries
        time.sleep(0.5)
    raise WebserverError(f"the Dagster webserver did not load the pipeline at {url} within {STARTUP_TIMEOUT_S} s")


def _stop(process: subprocess.Popen) -> None:
    """Stop the webserver and the code server it started: both are in the session it leads."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=STOP_TIMEOUT_S)
            return
        except subprocess.TimeoutExpired:
            continue
