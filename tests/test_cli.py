"""The `provenance` command as people type it: every command listed, errors on stderr, the demo end to end."""

import ast
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import duckdb

BIN = Path(sys.executable).parent / "provenance"
ROOT = Path(__file__).resolve().parents[1]


def provenance(*args, env=None, cwd=None, timeout=600):
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, env=full_env, cwd=cwd, timeout=timeout)


def test_help_lists_every_command_of_the_design():
    result = provenance("--help")
    assert result.returncode == 0
    for command in (
        "demo",
        "demo-data",
        "run",
        "redact",
        "eval-pii",
        "keygen",
        "verify",
        "query",
        "check-contracts",
        "summary",
        "ui",
    ):
        assert f" {command} " in result.stdout, command


# Runs the console script as pyproject.toml declares it and says which Dagster modules it loaded.
PROBE = """
import sys
module, function = sys.argv[1].split(":")
sys.argv = ["provenance", *sys.argv[2:]]
try:
    getattr(__import__(module, fromlist=[function]), function)()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("dagster", "dagster_defs"))
print("loaded:", *loaded, file=sys.stderr)
sys.exit(code)
"""


def test_the_core_commands_start_without_dagster(tmp_path):
    script = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]["provenance"]
    env = {**os.environ, "PROVENANCE_HOME": str(tmp_path), "PROVENANCE_CONTRACTS": str(ROOT / "data_contracts")}
    for args in (["--help"], ["check-contracts"], ["query", "--help"]):
        result = subprocess.run(
            [sys.executable, "-c", PROBE, script, *args], check=False, capture_output=True, text=True, env=env
        )
        assert result.returncode == 0, result.stderr
        loaded = result.stderr.rsplit("loaded:", 1)[1].split()
        assert loaded == ["dagster_defs", "dagster_defs.cli"], args


def test_the_core_library_never_imports_the_orchestration():
    for path in sorted((ROOT / "provenance").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Call) and ast.unparse(node.func) in ("importlib.import_module", "__import__"):
                names = [ast.unparse(node.args[0]) if node.args else ""]
            else:
                continue
            assert not any("dagster" in name for name in names), f"{path.relative_to(ROOT)}: imports {names}"


def test_an_invalid_contract_is_reported_on_stderr_with_its_file_and_field(tmp_path):
    (tmp_path / "c" / "sources").mkdir(parents=True)
    (tmp_path / "c" / "sources" / "x.yaml").write_text("id: x\nformat: csv\n")
    result = provenance(
        "check-contracts", env={"PROVENANCE_HOME": str(tmp_path / "h"), "PROVENANCE_CONTRACTS": str(tmp_path / "c")}
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert "x.yaml: format: 'csv' is not one of" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_demo_runs_end_to_end_and_leaves_a_verified_release_and_complete_lineage(tmp_path):
    home = tmp_path / "home"
    env = {"PROVENANCE_HOME": str(home)}
    for name in ("PROVENANCE_CONTRACTS", "PROVENANCE_PII_KEY", "PROVENANCE_SIGNING_KEY", "DAGSTER_HOME"):
        env[name] = ""
    result = provenance("demo", "--docs", "40", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "created a DEMO personal-data HMAC key" in result.stdout
    assert "verifies" in result.stdout and "DOES NOT VERIFY" not in result.stdout
    assert (home / "keys" / "pii_hmac.key").stat().st_mode & 0o777 == 0o600
    [release] = [p for p in (home / "releases").iterdir() if not p.name.startswith(".")]
    assert provenance("verify", str(release)).returncode == 0

    truth = json.loads((home / "ground_truth.json").read_text())
    with duckdb.connect(str(home / "lineage.duckdb"), read_only=True) as con:
        samples = con.execute("select count(*) from samples").fetchone()[0]
        terminal = con.execute(
            "select count(*) from decisions where decision in ('quarantined','excluded','duplicate')"
        ).fetchone()[0]
    assert samples + terminal == len(truth["records"])

    # A second run over unchanged dumps publishes nothing new and changes no shard.
    before = {p.name: p.read_bytes() for p in (release / "shards").iterdir()}
    again = provenance(
        "run",
        env={
            **env,
            "PROVENANCE_CONTRACTS": str(home / "contracts"),
            "PROVENANCE_PII_KEY": str(home / "keys" / "pii_hmac.key"),
            "PROVENANCE_SIGNING_KEY": str(home / "keys" / "signing_key.pem"),
        },
        cwd=tmp_path,
    )
    assert again.returncode == 0, again.stderr[-3000:]
    assert {p.name: p.read_bytes() for p in (release / "shards").iterdir()} == before
    assert [p.name for p in (home / "releases").iterdir() if not p.name.startswith(".")] == [release.name]


def test_run_without_keys_refuses_up_front_saying_how_to_make_them(tmp_path):
    env = {
        "PROVENANCE_HOME": str(tmp_path / "h"),
        "PROVENANCE_CONTRACTS": str(Path(__file__).resolve().parents[1] / "data_contracts"),
        "PROVENANCE_PII_KEY": "",
        "PROVENANCE_SIGNING_KEY": "",
        "DAGSTER_HOME": "",
    }
    result = provenance("run", env=env, cwd=tmp_path)
    assert result.returncode == 1
    assert "no PII key: PROVENANCE_PII_KEY is not set" in result.stderr
    assert "no release signing key: PROVENANCE_SIGNING_KEY is not set" in result.stderr
    assert "provenance keygen DIR" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "h" / "dagster").exists()  # nothing was started
