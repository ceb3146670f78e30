"""`provenance query`: readable tables, CSV and JSON a script can parse, and clear errors with exit code 1."""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from lineage_workspace import RELEASE_1
from typer.testing import CliRunner

from provenance.lineage.cli import query_app

runner = CliRunner()


def run(*args, env=None):
    return runner.invoke(query_app, [str(a) for a in args], env=env, catch_exceptions=False)


@pytest.fixture(scope="module")
def a_sample(db) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT sample_id FROM samples ORDER BY sample_id LIMIT 1").fetchall()[0][0]


def test_excluded_as_csv_is_a_header_and_one_row_per_document(db, planted):
    result = run("excluded", "--reason", "optout_registry", "--format", "csv", "--db", db)
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 4
    assert {"doc_id", "source_id", "url", "reason", "entry_id", "reference", "deciding_detail"} <= set(rows[0])
    assert {r["entry_id"] for r in rows} == {"OPT-1", "OPT-2", "OPT-3"}


def test_attribution_as_json_is_a_list_of_objects(db):
    result = run("attribution", RELEASE_1, "-f", "json", "--db", db)
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert (
        isinstance(rows, list)
        and rows
        and set(rows[0]) == {"source_id", "source", "rights_holder", "licence", "attribution", "samples"}
    )


def test_sample_as_json_holds_facts_and_sections(db, a_sample):
    result = run("sample", a_sample, "--format", "json", "--db", db)
    story = json.loads(result.stdout)
    assert story["facts"]["sample_id"] == a_sample
    assert set(story["sections"]) == {"optout_signals", "redactions", "decisions"}
    assert story["facts"]["release_created_at"].startswith("2024-")


def test_sample_as_csv_is_long_form_story_section_item_field_value(db, a_sample):
    result = run("sample", a_sample, "--format", "csv", "--db", db)
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["story", "section", "item", "field", "value"]
    assert ["facts", "0", "sample_id", a_sample] == rows[1][1:]
    assert {r[1] for r in rows[1:]} >= {"facts", "optout_signals", "decisions"}


def test_document_and_releases_read_as_tables(db):
    result = run(
        "document",
        "https://www.gazette-rhone.example.fr/dossiers/enquete-logement.html",
        "--db",
        db,
        env={"COLUMNS": "160"},
    )
    assert result.exit_code == 0 and "robots_txt" in result.stdout and "Disallow: /dossiers/" in result.stdout
    releases = run("releases", "--db", db)
    assert releases.exit_code == 0 and RELEASE_1 in releases.stdout


def test_rights_holder_and_licences_answer(db):
    assert "OPT-2" in run("rights-holder", "Tribune", "--db", db).stdout
    licences = json.loads(run("licences", RELEASE_1, "-f", "json", "--db", db).stdout)
    assert {r["licence"] for r in licences} == {"etalab-2.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0"}


def test_person_uses_the_pii_key_from_the_environment(db, planted):
    result = run(
        "person", "--name", "Jean Dupont", "-f", "json", "--db", db, env={"PROVENANCE_PII_KEY": str(planted.key_path)}
    )
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert {r["doc_id"] for r in rows if r["match"] == "full_name"} == planted.dupont_full
    assert "Dupont" not in result.stdout


@pytest.mark.parametrize(
    "args, env, message",
    [
        (["sample", "0" * 32], {}, "no sample '00000000000000000000000000000000'"),
        (["licences", "nope"], {}, "no release 'nope'"),
        (["excluded", "--source", "nowhere"], {}, "source 'nowhere'"),
        (["person", "--name", "Jean Dupont"], {"PROVENANCE_PII_KEY": ""}, "PROVENANCE_PII_KEY is not set"),
    ],
)
def test_unknown_ids_and_a_missing_key_exit_1_with_a_message_on_stderr(db, args, env, message):
    result = runner.invoke(query_app, [*args, "--db", str(db)], env=env)
    assert result.exit_code == 1
    assert message in result.stderr and result.stdout == ""


def test_a_missing_database_exits_1_saying_how_to_build_it(tmp_path):
    result = runner.invoke(query_app, ["releases", "--db", str(tmp_path / "lineage.duckdb")])
    assert result.exit_code == 1 and "no lineage database here" in result.stderr


def test_the_installed_command_answers_from_provenance_home(planted, a_sample):
    exe = Path(sys.executable).with_name("provenance")
    env = {**os.environ, "PROVENANCE_HOME": str(planted.ws.home), "PROVENANCE_CONTRACTS": str(planted.ws.contracts)}
    done = subprocess.run(
        [str(exe), "query", "sample", a_sample, "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["facts"]["sample_id"] == a_sample
    missing = subprocess.run(
        [str(exe), "query", "releases"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**env, "PROVENANCE_HOME": str(planted.ws.home / "nowhere")},
    )
    assert missing.returncode == 1 and "no lineage database here" in missing.stderr


def test_attribution_reads_as_a_list_grouped_by_source_and_licence(db):
    result = run("attribution", RELEASE_1, "--db", db, env={"COLUMNS": "200"})
    lines = result.stdout.splitlines()
    headings = [line for line in lines if line.startswith("Comptes rendus des débats de l'Assemblée")]
    assert headings == ["Comptes rendus des débats de l'Assemblée (Assemblée nationale) — etalab-2.0"]
    assert sum(line.startswith("  • ") for line in lines) == 6


def test_values_that_look_like_console_markup_print_verbatim():
    import pyarrow as pa
    from rich.console import Console

    from provenance.lineage.render import Format, emit

    console = Console(record=True, width=120)
    emit(pa.table({"title": ["[/bold] Le [PERSON] parle"], "n": [1]}), Format.table, console=console)
    assert "[/bold] Le [PERSON] parle" in console.export_text()
