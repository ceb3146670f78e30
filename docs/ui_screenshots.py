"""Screenshots of the Dagster UI for docs/ui.md, taken with headless Chromium (Debian's `chromium`).

    python docs/ui_screenshots.py [OUT_DIR]        # default docs/img/

Builds a small workspace in a temporary folder (two dumps of one JSONL source: one passes its quarantine
check, one fails it), materialises `documents` and its check for both in a Dagster instance there, starts
`dagster-webserver` on that instance, and saves one PNG per page below. Offline; nothing outside the
temporary folder and OUT_DIR is written. Exits 1 with a message when Chromium or the webserver is missing.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "orchestration"))
from courrier_workspace import DUMPS, write_courrier  # noqa: E402 - the tests' own small workspace

#: file name -> UI path; what each shows is described in docs/ui.md.
PAGES = {
    "documents_overview.png": "/assets/documents?view=overview",
    "documents_checks.png": "/assets/documents?view=checks",
    "documents_partition_bad.png": "/assets/documents?view=partitions&partition=courrier.2024-04",
}
CHROMIUM_NAMES = ("chromium", "chromium-browser")


def chromium() -> str:
    for name in CHROMIUM_NAMES:
        if path := shutil.which(name):
            return path
    sys.exit("ui_screenshots: no headless Chromium found (apt-get install chromium)")


def build_workspace(root: Path) -> dict[str, str]:
    """The workspace, contracts and Dagster home under ``root``; materialises both dumps; returns the env."""
    home, contracts, dagster_home = root / "home", root / "contracts", root / "dagster"
    write_courrier(home, contracts)
    dagster_home.mkdir()
    (dagster_home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    env = {
        **os.environ,
        "PROVENANCE_HOME": str(home),
        "PROVENANCE_CONTRACTS": str(contracts),
        "DAGSTER_HOME": str(dagster_home),
        "PYTHONPATH": str(REPO),
    }
    subprocess.run([sys.executable, "-c", _MATERIALISE, *DUMPS], env=env, check=True, cwd=REPO)
    return env


# Runs in the workspace's environment: the same materialisation a steward starts from the UI, per dump.
_MATERIALISE = """
import sys, dagster as dg
from dagster_defs.definitions import defs
from dagster_defs.ingest import documents, quarantine_rate_within_contract
instance = dg.DagsterInstance.get()
instance.add_dynamic_partitions("dumps", sys.argv[1:])
for dump_id in sys.argv[1:]:
    dg.materialize([documents, quarantine_rate_within_contract], partition_key=dump_id, instance=instance,
                   resources={"provenance": defs.resources["provenance"]}, raise_on_error=False)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, attempts: int = 240) -> None:
    for _ in range(attempts):
        if process.poll() is not None:
            sys.exit(f"ui_screenshots: dagster-webserver exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"ui_screenshots: dagster-webserver did not answer at {url}")


def screenshot(browser: str, url: str, out: Path) -> None:
    # Virtual time lets the page's GraphQL queries finish before the capture, without a fixed sleep.
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=1280,860",
            "--virtual-time-budget=20000",
            f"--screenshot={out}",
            url,
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    if not out.exists() or out.stat().st_size == 0:
        sys.exit(f"ui_screenshots: Chromium wrote no screenshot for {url}")


def main(out_dir: Path) -> None:
    browser = chromium()
    webserver = shutil.which("dagster-webserver", path=str(Path(sys.executable).parent)) or shutil.which(
        "dagster-webserver"
    )
    if not webserver:
        sys.exit("ui_screenshots: dagster-webserver is not installed")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ui-screenshots-") as tmp:
        env = build_workspace(Path(tmp))
        port = free_port()
        server = subprocess.Popen(
            [webserver, "-h", "127.0.0.1", "-p", str(port), "-m", "dagster_defs.definitions", "-a", "defs"],
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(f"{base}/server_info", server)
            # What a steward does once by clicking "Skip": the community dialog would cover every page.
            request = urllib.request.Request(
                f"{base}/graphql",
                data=b'{"query": "mutation { setNuxSeen }"}',
                headers={"Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
            for name, path in PAGES.items():
                screenshot(browser, base + path, out_dir / name)
                print(f"{out_dir / name}: {(out_dir / name).stat().st_size} bytes")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "img")
