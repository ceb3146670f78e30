"""The `provenance` command as people type it: every command listed, errors on stderr, the demo end to end."""

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

BIN = Path(sys.executable).parent / "provenance"


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
        "ui",
    ):
        assert f" {command} " in result.stdout, command


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
