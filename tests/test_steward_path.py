"""The README's "A real workspace, end to end", followed literally: its `sh steward` blocks, in order, in a fresh HOME.

The blocks run from the checkout (they copy real dumps from tests/fixtures/real), as one bash script
that stops at the first command that fails. The one line that would block, `provenance ui`, runs with
`--check` on a free port: it returns once the UI has loaded the pipeline.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.xdist_group("steward_path")

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
STEWARD_BLOCK = re.compile(r"^```sh steward\n(.*?)^```$", re.DOTALL | re.MULTILINE)
UI_LINE = re.compile(r"^provenance ui[ \t]*(#.*)?$", re.MULTILINE)
STATED_RELEASE = re.compile(r"and list the releases: release\s+`(r-[0-9a-f]{12})`")


def steward_script(port: int) -> str:
    text = README.read_text(encoding="utf-8")
    blocks = STEWARD_BLOCK.findall(text)
    assert len(blocks) >= 5, "the README's steward section lost its `sh steward` blocks"
    script = "\n".join(blocks)
    assert len(UI_LINE.findall(script)) == 1, "the steward section opens the UI with one `provenance ui` line"
    return UI_LINE.sub(f"provenance ui --check --port {port}", script)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_readme_steward_path_runs_as_written_and_ends_with_the_stated_release(tmp_path):
    port = free_port()
    script = tmp_path / "steward.sh"
    script.write_text(steward_script(port), encoding="utf-8")
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "PROVENANCE_HOME",
            "PROVENANCE_CONTRACTS",
            "PROVENANCE_SIGNING_KEY",
            "PROVENANCE_PII_KEY",
            "DAGSTER_HOME",
        }
    }
    env["HOME"] = str(tmp_path)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    result = subprocess.run(
        ["bash", "-euo", "pipefail", str(script)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]

    [stated] = STATED_RELEASE.findall(README.read_text(encoding="utf-8"))
    workspace = tmp_path / "provenance" / "workspace"
    assert [p.name for p in (workspace / "releases").iterdir() if not p.name.startswith(".")] == [stated]
    assert f"the UI answered at http://127.0.0.1:{port}: code location provenance" in result.stdout
    assert f"release {stated} verifies: 1563 samples" in result.stdout
    # The last command, `provenance query releases`, after the question about the held page, lists the release.
    last_answer = result.stdout.rsplit("Escopete", 1)[-1]
    assert stated in last_answer, last_answer
    assert "rights_unverified" in result.stdout  # the held web page, with its reason
    assert not (workspace / "ground_truth.json").exists()  # nothing of the demo was made
