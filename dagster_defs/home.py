"""The Dagster instance folder that `provenance run` and `provenance ui` share: created when missing, telemetry off.

``DAGSTER_HOME`` defaults to ``$PROVENANCE_HOME/dagster``. The product runs offline, so its
``dagster.yaml`` must say ``telemetry: {enabled: false}``: a missing file is written so, a file
that leaves telemetry unset gets that block appended (the rest of the file is kept as written),
and a file that turns telemetry on is refused rather than silently edited.
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
    _telemetry_off(home / INSTANCE_CONFIG, say)
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


def _telemetry_off(config: Path, say: Callable[[str], None]) -> None:
    if not config.exists():
        _write(config, TELEMETRY_OFF, "w")
        say(f"wrote {config} with Dagster telemetry off (the pipeline runs offline)")
        return
    try:
        settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DagsterHomeError(f"cannot read {config}: {exc}") from None
    if settings is None:
        settings = {}
    if not isinstance(settings, dict):
        raise DagsterHomeError(f"{config}: expected a mapping of Dagster instance settings")
    if "telemetry" not in settings:
        text = config.read_text(encoding="utf-8")
        _write(config, ("" if not text or text.endswith("\n") else "\n") + TELEMETRY_OFF, "a")
        say(f"turned Dagster telemetry off in {config} (it was not set, and Dagster's default is on)")
        return
    telemetry = settings["telemetry"]
    if not (isinstance(telemetry, dict) and telemetry.get("enabled") is False):
        raise DagsterHomeError(
            f"{config}: telemetry.enabled must be false (found telemetry: {telemetry!r}); "
            "the pipeline runs offline and never sends usage statistics"
        )


def _write(config: Path, text: str, mode: str) -> None:
    try:
        with config.open(mode, encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        raise DagsterHomeError(f"cannot write {config}: {exc.strerror}") from None
