"""`provenance ui`: any workspace, the settings of `provenance run`, its own Dagster instance with telemetry off,
never the demo unless asked for; and the real webserver and daemon answering on a free port."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import dagster as dg
import pytest
import yaml

from dagster_defs.cli import prepare_ui
from provenance.certify.keys import keygen
from provenance.cli import UsageError
from provenance.workspace import Settings

pytestmark = pytest.mark.xdist_group("ui_command")

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent / "provenance"
SETTINGS = ("PROVENANCE_HOME", "PROVENANCE_CONTRACTS", "PROVENANCE_SIGNING_KEY", "PROVENANCE_PII_KEY", "DAGSTER_HOME")


@pytest.fixture
def real_workspace(tmp_path) -> dict[str, str]:
    """A steward's workspace: the shipped contracts plus a real source contract, real keys, no demo."""
    contracts = tmp_path / "contracts"
    shutil.copytree(ROOT / "data_contracts", contracts)
    shutil.copy(ROOT / "tests/fixtures/real/contracts/sources/code-civil-parquet.yaml", contracts / "sources")
    home = tmp_path / "workspace"
    (home / "landing").mkdir(parents=True)
    keys = tmp_path / "keys"
    keygen(keys)
    (keys / "pii.key").write_text("5e0c" * 16 + "\n")
    return {
        "PROVENANCE_HOME": str(home),
        "PROVENANCE_CONTRACTS": str(contracts),
        "PROVENANCE_SIGNING_KEY": str(keys / "signing_key.pem"),
        "PROVENANCE_PII_KEY": str(keys / "pii.key"),
    }


def use(monkeypatch, settings: dict[str, str]) -> None:
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    for name, value in settings.items():
        monkeypatch.setenv(name, value)


def settings() -> Settings:
    """The settings `provenance ui` reads from the environment ``use`` made."""
    return Settings.from_environ(os.environ)


#: What a dagster.yaml the product writes says: no usage statistics, and Dagster's run monitoring on.
WRITTEN = {
    "telemetry": {"enabled": False},
    "run_monitoring": {
        "enabled": True,
        "start_timeout_seconds": 180,
        "cancel_timeout_seconds": 180,
        "max_resume_run_attempts": 0,
        "poll_interval_seconds": 60,
        "free_slots_after_run_end_seconds": 60,
    },
}


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b"" for p in sorted(folder.rglob("*"))}


def provenance(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if k not in SETTINGS} | env
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, env=full, timeout=600)


def test_prepare_creates_dagster_home_with_telemetry_off_and_leaves_a_real_workspace_as_it_was(
    real_workspace, tmp_path, monkeypatch
):
    dagster_home = tmp_path / "instances" / "provenance"  # neither it nor its parent exists
    use(monkeypatch, real_workspace | {"DAGSTER_HOME": str(dagster_home)})
    home = Path(real_workspace["PROVENANCE_HOME"])
    before = tree(home)
    said: list[str] = []

    setup = prepare_ui(settings(), say=said.append)

    assert setup.dagster_home == dagster_home and dagster_home.is_dir()
    assert any(f"created the Dagster instance folder {dagster_home}" in line for line in said)
    assert yaml.safe_load((dagster_home / "dagster.yaml").read_text()) == WRITTEN
    assert dg.DagsterInstance.get().telemetry_enabled is False
    assert setup.ws.home == home and setup.ws.contracts == Path(real_workspace["PROVENANCE_CONTRACTS"])
    # The UI's processes get the settings `provenance run` has, and the instance folder.
    for name, value in real_workspace.items():
        assert setup.environ[name] == value
    assert setup.environ["DAGSTER_HOME"] == str(dagster_home)
    assert tree(home) == before  # no demo dumps, contracts, keys or ground truth written into it
    assert yaml.safe_load(setup.code_locations.read_text()) == {
        "load_from": [{"python_module": {"module_name": "dagster_defs.definitions", "location_name": "provenance"}}]
    }


def test_the_default_instance_is_under_the_workspace(real_workspace, monkeypatch):
    use(monkeypatch, real_workspace)
    setup = prepare_ui(settings(), say=lambda line: None)
    assert setup.dagster_home == Path(real_workspace["PROVENANCE_HOME"]) / "dagster"
    assert os.environ["DAGSTER_HOME"] == str(setup.dagster_home)
    assert dg.DagsterInstance.get().telemetry_enabled is False


def test_a_dagster_yaml_that_leaves_telemetry_unset_keeps_its_settings_and_gets_telemetry_off(
    real_workspace, tmp_path, monkeypatch
):
    dagster_home = tmp_path / "dagster"
    dagster_home.mkdir()
    own = "# our instance\nrun_queue:\n  max_concurrent_runs: 2\n"
    (dagster_home / "dagster.yaml").write_text(own)
    use(monkeypatch, real_workspace | {"DAGSTER_HOME": str(dagster_home)})
    said: list[str] = []

    prepare_ui(settings(), say=said.append)

    text = (dagster_home / "dagster.yaml").read_text()
    assert text.startswith(own)
    assert yaml.safe_load(text) == {"run_queue": {"max_concurrent_runs": 2}} | WRITTEN
    assert any("turned Dagster telemetry off" in line for line in said)
    assert any("turned Dagster run monitoring on" in line for line in said)
    instance = dg.DagsterInstance.get()
    assert instance.telemetry_enabled is False
    assert instance.run_coordinator.get_run_queue_config().max_concurrent_runs == 2
    assert instance.run_monitoring_enabled


def test_the_written_instance_monitors_daemon_runs_and_never_tries_to_resume_them(
    real_workspace, tmp_path, monkeypatch
):
    """Runs the daemon launches (sensors, the UI) are judged by Dagster's monitoring daemon, which a real
    instance loaded from the written dagster.yaml runs: a worker that never starts fails its run, and the
    default run launcher, which cannot resume a run, is accepted (resume attempts 0)."""
    dagster_home = tmp_path / "dagster"
    use(monkeypatch, real_workspace | {"DAGSTER_HOME": str(dagster_home)})
    prepare_ui(settings(), say=lambda line: None)

    with dg.DagsterInstance.get() as instance:
        assert instance.run_monitoring_enabled
        assert "MONITORING" in instance.get_required_daemon_types()
        assert instance.run_monitoring_start_timeout_seconds == 180
        assert instance.run_monitoring_max_resume_run_attempts == 0
        assert instance.run_monitoring_poll_interval_seconds == 60
        assert instance.run_monitoring_settings["free_slots_after_run_end_seconds"] == 60
        assert instance.telemetry_enabled is False


def test_a_run_monitoring_block_the_steward_wrote_is_kept(real_workspace, tmp_path, monkeypatch):
    dagster_home = tmp_path / "dagster"
    dagster_home.mkdir()
    own = "telemetry:\n  enabled: false\nrun_monitoring:\n  enabled: false\n"
    (dagster_home / "dagster.yaml").write_text(own)
    use(monkeypatch, real_workspace | {"DAGSTER_HOME": str(dagster_home)})
    said: list[str] = []
    prepare_ui(settings(), say=said.append)
    assert (dagster_home / "dagster.yaml").read_text() == own and said == []
    with dg.DagsterInstance.get() as instance:
        assert not instance.run_monitoring_enabled


def test_a_dagster_yaml_that_enables_telemetry_is_refused_naming_the_file(real_workspace, tmp_path):
    dagster_home = tmp_path / "dagster"
    dagster_home.mkdir()
    (dagster_home / "dagster.yaml").write_text("telemetry:\n  enabled: true\n")
    result = provenance("ui", env=real_workspace | {"DAGSTER_HOME": str(dagster_home)})
    assert result.returncode == 1
    assert f"{dagster_home / 'dagster.yaml'}: telemetry.enabled must be false" in result.stderr
    assert "Traceback" not in result.stderr
    assert (dagster_home / "dagster.yaml").read_text() == "telemetry:\n  enabled: true\n"


@pytest.mark.parametrize("command", ["ui", "run"])
def test_a_dagster_home_that_is_a_file_is_a_clear_error(real_workspace, tmp_path, command):
    not_a_folder = tmp_path / "dagster-home.txt"
    not_a_folder.write_text("a file\n")
    result = provenance(command, env=real_workspace | {"DAGSTER_HOME": str(not_a_folder)})
    assert result.returncode == 1
    assert f"DAGSTER_HOME {not_a_folder} is not a folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_dagster_home_that_cannot_be_created_is_a_clear_error(real_workspace, tmp_path, monkeypatch):
    (tmp_path / "a-file").write_text("")
    use(monkeypatch, real_workspace | {"DAGSTER_HOME": str(tmp_path / "a-file" / "dagster")})
    with pytest.raises(UsageError, match=r"cannot create DAGSTER_HOME .*a-file/dagster: Not a directory"):
        prepare_ui(settings(), say=lambda line: None)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into any folder")
def test_a_dagster_home_that_is_not_writable_is_a_clear_error(real_workspace, tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    use(monkeypatch, real_workspace | {"DAGSTER_HOME": str(locked)})
    with pytest.raises(UsageError, match=rf"DAGSTER_HOME {locked} is not writable"):
        prepare_ui(settings(), say=lambda line: None)


def test_ui_refuses_without_the_keys_run_needs_and_starts_nothing(real_workspace, tmp_path):
    settings = real_workspace | {"PROVENANCE_PII_KEY": "", "DAGSTER_HOME": str(tmp_path / "dagster")}
    result = provenance("ui", env=settings)
    assert result.returncode == 1
    assert "no PII key: PROVENANCE_PII_KEY is not set" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "dagster").exists()


def test_ui_demo_never_writes_the_demo_into_a_workspace_that_is_not_the_demos(real_workspace, monkeypatch):
    use(monkeypatch, real_workspace)
    home = Path(real_workspace["PROVENANCE_HOME"])
    shutil.copy(ROOT / "tests/fixtures/real/parquet/code-civil-livre-iii.parquet", home / "landing")
    before = tree(home)
    with pytest.raises(UsageError, match=rf"{home} is not the demo's workspace .* and is not empty"):
        prepare_ui(settings(), demo_workspace=True, say=lambda line: None)
    assert tree(home) == before


def test_ui_demo_opens_the_demos_own_workspace_with_its_contracts_and_keys(tmp_path, monkeypatch):
    from provenance_demo.generate import generate_demo

    home = tmp_path / "demo"
    generate_demo(home, docs=20, seed=7)
    use(monkeypatch, {"PROVENANCE_HOME": str(home)})
    with pytest.raises(UsageError, match=r"holds the demo: `provenance ui --demo`"):
        prepare_ui(
            settings(), say=lambda line: None
        )  # without --demo: the settings of `provenance run`, which has no keys here

    said: list[str] = []
    setup = prepare_ui(settings(), demo_workspace=True, say=said.append)
    assert setup.ws.contracts == home / "contracts"
    assert setup.environ["PROVENANCE_CONTRACTS"] == str(home / "contracts")
    assert setup.environ["PROVENANCE_PII_KEY"] == str(home / "keys" / "pii_hmac.key")
    assert setup.environ["PROVENANCE_SIGNING_KEY"] == str(home / "keys" / "signing_key.pem")
    assert any("DEMO" in line and "(for the demo only)" in line for line in said)
    assert not (home / "releases").exists()  # opening the demo's workspace runs nothing


def test_make_ui_runs_provenance_ui_and_never_the_demo():
    # Under `make test` the outer make's flags would print "Entering/Leaving directory" lines: run make afresh.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES")}
    make = ["make", "--no-print-directory", "-n", "-W", ".venv/.installed"]
    ui = subprocess.run([*make, "ui"], cwd=ROOT, capture_output=True, text=True, env=env)
    demo_ui = subprocess.run([*make, "demo-ui"], cwd=ROOT, capture_output=True, text=True, env=env)
    assert ui.returncode == 0 and demo_ui.returncode == 0, ui.stderr + demo_ui.stderr
    assert ui.stdout.strip().splitlines()[-1] == ".venv/bin/provenance ui"
    assert "demo" not in ui.stdout
    assert demo_ui.stdout.strip().splitlines()[-1] == ".venv/bin/provenance ui --demo"


# --------------------------------------------------------------------------- the real webserver and daemon


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def graphql(port: int, query: str) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)["data"]


def answered(port: int, ui: subprocess.Popen, query: str, ready) -> dict:
    """Poll the UI until ``ready(answer)``; fail if the command stops first. A generous deadline, no threshold."""
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        assert ui.poll() is None, f"provenance ui stopped with exit code {ui.returncode}"
        try:
            answer = graphql(port, query)
            if ready(answer):
                return answer
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(1)
    raise AssertionError(f"the UI on port {port} never answered {query}")


LOCATIONS = "{ workspaceOrError { ... on Workspace { locationEntries { name loadStatus } } } }"
DAEMONS = "{ instance { daemonHealth { allDaemonStatuses { daemonType healthy } } } }"
SENSORS = """{ repositoriesOrError { ... on RepositoryConnection { nodes { name location { name }
  sensors { name sensorState { status } } assetNodes { assetKey { path } } } } } }"""


def test_provenance_ui_serves_the_pipeline_with_webserver_and_daemon_on_a_real_workspace(real_workspace, tmp_path):
    port = free_port()
    dagster_home = tmp_path / "dagster"
    env = (
        {k: v for k, v in os.environ.items() if k not in SETTINGS}
        | real_workspace
        | {"DAGSTER_HOME": str(dagster_home)}
    )
    # In its own session, as a terminal would run it, with Ctrl-C (SIGINT) delivered as in a terminal.
    ui = subprocess.Popen(
        [str(BIN), "ui", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509 (no threads yet: pytest's main one)
    )
    try:
        answered(
            port,
            ui,
            LOCATIONS,
            lambda a: (
                [(e["name"], e["loadStatus"]) for e in a["workspaceOrError"]["locationEntries"]]
                == [("provenance", "LOADED")]
            ),
        )
        info = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=30))
        assert info["dagster_version"] == dg.__version__
        daemons = answered(
            port,
            ui,
            DAEMONS,
            lambda a: any(
                d["daemonType"] == "SENSOR" and d["healthy"]
                for d in a["instance"]["daemonHealth"]["allDaemonStatuses"]
            ),
        )
        assert daemons
        [repository] = graphql(port, SENSORS)["repositoriesOrError"]["nodes"]
        assert repository["location"]["name"] == "provenance"
        assert {s["name"]: s["sensorState"]["status"] for s in repository["sensors"]} == {
            "landing_sensor": "RUNNING",
            "rights_config_sensor": "RUNNING",
        }
        assert ["documents"] in [node["assetKey"]["path"] for node in repository["assetNodes"]]
    finally:
        if ui.poll() is None:
            ui.send_signal(signal.SIGINT)  # Ctrl-C: dagster dev stops the webserver and the daemon
            with contextlib.suppress(subprocess.TimeoutExpired):
                ui.wait(timeout=120)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(ui.pid, signal.SIGKILL)  # whatever it started and left behind (a sensor's run)
        output = ui.stdout.read() if ui.stdout else ""
    assert f"opening the Dagster UI at http://127.0.0.1:{port}" in output
    assert yaml.safe_load((dagster_home / "dagster.yaml").read_text()) == WRITTEN
    assert not (Path(real_workspace["PROVENANCE_HOME"]) / "ground_truth.json").exists()
