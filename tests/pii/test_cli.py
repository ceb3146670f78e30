"""`provenance redact` (JSONL in, JSONL out, original offsets) and `provenance eval-pii`, as auditors use them."""

import json

import typer
from typer.testing import CliRunner

from provenance.pii.cli import eval_pii, redact

app = typer.Typer()
app.command("redact")(redact)
app.command("eval-pii")(eval_pii)


def run(args, stdin=""):
    return CliRunner().invoke(app, args, input=stdin)


LINES = [
    {
        "id": "a",
        "text": "M. Pierre Durand, joignable au 06 12 34 56 78, a écrit à la mairie de Lyon.",
        "source": "courrier",
        "meta": {"page": 3},
    },
    {"id": "b", "text": "Mrs Jane O'Brien can be reached at jane.obrien@example.co.uk.", "lang": "en"},
]


def test_redact_streams_jsonl_with_original_offsets_and_extra_fields(key_file):
    stdin = "\n".join(json.dumps(line, ensure_ascii=False) for line in LINES) + "\n"
    result = run(["redact"], stdin)
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", "b"]
    assert out[0]["source"] == "courrier" and out[0]["meta"] == {"page": 3} and out[1]["lang"] == "en"
    assert out[0]["text"] == "M. [PERSON], joignable au [PHONE], a écrit à la mairie de Lyon."
    for record, original in zip(out, LINES, strict=True):
        for entity in record["entities"]:
            assert set(entity) == {"start", "end", "entity_type", "score"}
        values = {original["text"][e["start"] : e["end"]] for e in record["entities"]}
        assert values <= {"Pierre Durand", "06 12 34 56 78", "Jane O'Brien", "jane.obrien@example.co.uk"}
        assert values
    assert "Pierre" not in result.stdout and "obrien" not in result.stdout


def test_a_malformed_line_is_reported_by_number_and_the_others_still_come_out(key_file):
    stdin = (
        json.dumps(LINES[0], ensure_ascii=False)
        + "\n{not json at all\n"
        + json.dumps({"text": "Sans identifiant, Jean Dupont."})
        + "\n"
        + json.dumps(LINES[1])
        + "\n"
    )
    result = run(["redact", "--lang", "auto"], stdin)
    assert result.exit_code == 1
    assert "stdin line 2: not valid JSON" in result.stderr
    assert "stdin line 3: missing 'id'" in result.stderr
    assert "Dupont" not in result.stderr and "not json" not in result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a", "b"]


def test_redact_refuses_to_run_without_a_key(monkeypatch, tmp_path):
    monkeypatch.setenv("PROVENANCE_PII_KEY", str(tmp_path / "missing.key"))
    result = run(["redact"], json.dumps(LINES[0]) + "\n")
    assert result.exit_code == 1
    assert "missing.key does not exist" in result.stderr and result.stdout == ""


def test_eval_pii_scores_this_stage_against_plain_presidio_side_by_side(tmp_path):
    gold = tmp_path / "gold.jsonl"
    text = "Monsieur Pierre Durand, né le 3 mars 1975, habite 12 rue des Lilas, 69003 Lyon. Appelez le 06 12 34 56 78."
    spans = [
        [text.index("Pierre Durand"), text.index("Pierre Durand") + 13, "PERSON"],
        [text.index("3 mars 1975"), text.index("3 mars 1975") + 11, "DATE_OF_BIRTH"],
        [text.index("12 rue"), text.index("69003 Lyon") + 10, "STREET_ADDRESS"],
        [text.index("06 12"), text.index("06 12") + 14, "PHONE_NUMBER"],
    ]
    gold.write_text(
        json.dumps({"id": "g1", "text": text, "lang": "fr", "spans": spans}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    result = run(["eval-pii", str(gold), "--errors"])
    assert result.exit_code == 0, result.output
    assert "this stage" in result.stdout and "plain Presidio" in result.stdout
    assert "person-name word recall" in result.stdout and "non-PII words redacted" in result.stdout
    row = next(line for line in result.stdout.splitlines() if line.startswith("DATE_OF_BIRTH"))
    assert row.split("|")[1].split()[0] == "1.000"  # this stage recalls the date of birth
    assert "Durand" not in result.stdout  # offsets only, never the text


def test_eval_pii_rejects_a_malformed_gold_file_with_its_line(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "x", "text": "abc", "spans": [[0, 3, "NAME"]]}\n', encoding="utf-8")
    result = run(["eval-pii", str(gold), "--no-baseline"])
    assert result.exit_code == 1 and "line 1: unknown label 'NAME'" in result.stderr


def test_hostile_lines_are_each_reported_and_no_good_line_before_or_after_them_is_lost(key_file, monkeypatch):
    import provenance.pii.cli as pii_cli

    monkeypatch.setattr(pii_cli, "BATCH_LINES", 2)  # hostile lines fall inside batches and across their edges
    good = [
        {"id": f"g{i}", "text": f"Écrire à marie.curie{i}@example.fr avant lundi.", "lang": "fr"} for i in range(5)
    ]
    hostile = [
        b'{"id": "deep", "text": "x", "meta": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        b'{"id": "big", "text": "Jean Dupont", "n": ' + b"7" * 5_000 + b"}",
        b'{"id": "lone", "text": "Jean Dupont \\ud800 est l\\u00e0"}',
        b'{"id": "url", "text": "ok", "url": "https://example.fr/\\udfff"}',
        '{"id": "latin1", "text": "Jos\u00e9 P\u00e9rez"}'.encode("latin-1"),
    ]
    lines = [json.dumps(good[0]).encode(), json.dumps(good[1]).encode(), *hostile[:3]]
    lines += [json.dumps(good[2]).encode(), hostile[3], json.dumps(good[3]).encode(), hostile[4]]
    lines += [json.dumps(good[4]).encode()]
    result = CliRunner().invoke(app, ["redact", "--lang", "auto"], input=b"\n".join(lines) + b"\n")
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["g0", "g1", "g2", "g3", "g4"]  # every good line, in order
    assert all("[EMAIL]" in o["text"] for o in out)
    problems = [line for line in result.stderr.splitlines() if line.startswith("error: stdin line")]
    assert problems == [
        "error: stdin line 3: JSON nested too deeply; skipped",
        "error: stdin line 4: a number with too many digits; skipped",
        "error: stdin line 5: a string with an unpaired UTF-16 surrogate (\\ud800-\\udfff), not encodable as UTF-8;"
        " skipped",
        "error: stdin line 7: a string with an unpaired UTF-16 surrogate (\\ud800-\\udfff), not encodable as UTF-8;"
        " skipped",
        "error: stdin line 9: not UTF-8 (byte 30); skipped",
    ]
    assert "5 line(s) skipped" in result.stderr
    assert "Dupont" not in result.stderr and "curie" not in result.stderr and "777" not in result.stderr
    assert "Traceback" not in result.output
