"""The Dagster instance folder that `provenance run` and `provenance ui` share: created when missing, telemetry off.

``DAGSTER_HOME`` defaults to ``$PROVENANCE_HOME/dagster``. The product runs offline, so its
``dagster.yaml`` must say ``telemetry: {enabled: false}``: a missing file is written so, a file
that leaves telemetry unset gets that block appended (the rest of the file is kept as written),
and a file that turns telemetry on is refused rather than silently edited. Run monitoring is turned
on the same way (a missing ``run_monitoring`` block is appended; one the steward wrote is kept).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import yaml

from provenance.workspace import Workspace

DAGSTER_HOME_ENV = "DAGSTER_HOME"
INSTANCE_CONFIG = "dagster.yaml"
TELEMETRY_OFF = "telemetry:\n  enabled: false\n"
# Runs the daemon launches (sensors, the UI) are watched by Dagster's monitoring daemon, not by
# dagster_defs.recovery: a run whose worker never started is failed, a stuck cancel is ended, and a pool slot
# left by an ended run is freed (a slot held on `lineage_db` would block every later run). The default run
# launcher cannot resume a run, hence no resume attempts.
RUN_MONITORING = (
    "run_monitoring:\n"
    "  enabled: true\n"
    "  start_timeout_seconds: 180\n"
    "  cancel_timeout_seconds: 180\n"
    "  max_resume_run_attempts: 0\n"
    "  poll_interval_seconds: 60\n"
    "  free_slots_after_run_end_seconds: 60\n"
)
# The UI's code location, named as in pyproject.toml's [tool.dagster], wherever the command runs from.
WORKSPACE_FILE = "provenance.workspace.yaml"
WORKSPACE = (
    "load_from:\n  - python_module:\n      module_name: dagster_defs.definitions\n      location_name: provenance\n"
)


class DagsterHomeError(Exception):
    """DAGSTER_HOME or its dagster.yaml cannot be used; the message names the path and what to do."""


def dagster_home_for(ws: Workspace) -> Path:
    """$DAGSTER_HOME when set (made absolute, as Dagster requires), else $PROVENANCE_HOME/dagster."""
    value = os.environ.get(DAGSTER_HOME_ENV)
    return Path(value).expanduser().resolve() if value else ws.home / "dagster"


def prepare_dagster_home(ws: Workspace, say: Callable[[str], None] = print) -> Path:
    """Make the instance folder usable with telemetry off, export ``DAGSTER_HOME``, return the folder."""
    home = dagster_home_for(ws)
    _ensure_folder(home, say)
    _instance_settings(home / INSTANCE_CONFIG, say)
    os.environ[DAGSTER_HOME_ENV] = str(home)
    return home


def workspace_file(home: Path) -> Path:
    """The workspace file `provenance ui` hands the webserver: this package's code location, named provenance."""
    path = home / WORKSPACE_FILE
    if not path.exists() or path.read_text(encoding="utf-8") != WORKSPACE:
        _write(path, WORKSPACE, "w")
    return path


def _ensure_folder(home: Path, say: Callable[[str], None]) -> None:
    if home.exists() and not home.is_dir():
        raise DagsterHomeError(
            f"{DAGSTER_HOME_ENV} {home} is not a folder: point {DAGSTER_HOME_ENV} at a folder "
            f"(it is created when missing) or unset it to use $PROVENANCE_HOME/dagster"
        )
    if not home.exists():
        try:
            home.mkdir(parents=True)
        except OSError as exc:
            raise DagsterHomeError(f"cannot create {DAGSTER_HOME_ENV} {home}: {exc.strerror}") from None
        say(f"created the Dagster instance folder {home} ({DAGSTER_HOME_ENV}: run history and schedules)")
    if not os.access(home, os.W_OK | os.X_OK):
        raise DagsterHomeError(f"{DAGSTER_HOME_ENV} {home} is not writable: Dagster keeps its run history there")


def _instance_settings(config: Path, say: Callable[[str], None]) -> None:
    """Write a missing dagster.yaml, or append the blocks an existing one leaves unset (keeping what it says)."""
    if not config.exists():
        _write(config, TELEMETRY_OFF + RUN_MONITORING, "w")
        say(f"wrote {config} with Dagster telemetry off (the pipeline runs offline) and run monitoring on")
        return
    try:
        settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DagsterHomeError(f"cannot read {config}: {exc}") from None
    if settings is None:
        settings = {}
    if not isinstance(settings, dict):
        raise DagsterHomeError(f"{config}: expected a mapping of Dagster instance settings")
    telemetry = settings.get("telemetry", {"enabled": False})
    if not (isinstance(telemetry, dict) and telemetry.get("enabled") is False):
        raise DagsterHomeError(
            f"{config}: telemetry.enabled must be false (found telemetry: {telemetry!r}); "
            "the pipeline runs offline and never sends usage statistics"
        )
    if "telemetry" not in settings:
        _append(config, TELEMETRY_OFF)
        say(f"turned Dagster telemetry off in {config} (it was not set, and Dagster's default is on)")
    if "run_monitoring" not in settings:  # a block the steward wrote is theirs, whatever it says
        _append(config, RUN_MONITORING)
        say(f"turned Dagster run monitoring on in {config} (runs whose worker never starts are marked failed)")


def _append(config: Path, block: str) -> None:
    text = config.read_text(encoding="utf-8")
    _write(config, ("" if not text or text.endswith("\n") else "\n") + block, "a")


def _write(config: Path, text: str, mode: str) -> None:
    try:
        with config.open(mode, encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        raise DagsterHomeError(f"cannot write {config}: {exc.strerror}") from None
