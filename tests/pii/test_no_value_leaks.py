"""A detected value appears in no written file, log line, captured output, exception or Dagster metadata."""

import logging

import pyarrow.parquet as pq
import pytest

from provenance.pii.stage import WITHHELD_FLAG, redact_dump

KEY = b"test-key-for-pii-hmac-0123456789abcdef"

LETTER = (
    "Objet : contestation d'un prélèvement.\n\nJe soussigné Frédéric Lambertin, né le 14 juillet 1969, titulaire "
    "du compte FR33 3799 0751 1637 2651 6761 222, conteste le prélèvement de 249,90 euros. Ma carte Visa "
    "n° 4247 0822 7654 4445 a été débitée deux fois. Joignez-moi au 06 31 72 84 15 ou à "
    "f.lambertin28@laposte.net. NIR : 2 75 03 79 506 061 45.\n\nFrédéric Lambertin\n"
    "9 rue du Bourg-Neuf, 28000 Chartres"
)
PLANTED = [
    "Lambertin",
    "14 juillet 1969",
    "FR33 3799 0751 1637 2651 6761 222",
    "3799 0751",
    "4247 0822 7654 4445",
    "06 31 72 84 15",
    "f.lambertin28@laposte.net",
    "2 75 03 79 506 061 45",
    "9 rue du Bourg-Neuf",
]


def assert_no_planted_value(blob: str, where: str) -> None:
    for value in PLANTED:
        assert value not in blob, f"{value!r} leaked into {where}"
        assert value.upper() not in blob and value.lower() not in blob, (
            f"a case variant of {value!r} leaked into {where}"
        )


def test_stage_output_files_logs_and_captured_output_hold_no_value(
    tmp_path, write_docs, policy, redactor, caplog, capsys
):
    source = tmp_path / "in" / "documents.parquet"
    write_docs(source, [(LETTER, "fr")])
    out = tmp_path / "out"
    out.mkdir()
    caplog.set_level(logging.DEBUG)
    stats = redact_dump(source, out, policy=policy, key=KEY, redactor=redactor)
    assert stats.redactions >= len(PLANTED) - 2
    for path in out.iterdir():
        assert_no_planted_value(path.read_bytes().decode("latin-1"), path.name)
        if path.suffix == ".parquet":  # compressed pages: check the decoded rows too
            assert_no_planted_value(str(pq.read_table(path).to_pylist()), path.name)
    captured = capsys.readouterr()
    assert_no_planted_value(caplog.text, "logs")
    assert_no_planted_value(captured.out + captured.err, "stdout/stderr")
    text = pq.read_table(out / "documents.parquet").column("text")[0].as_py()
    assert "[IBAN]" in text and "[CREDIT_CARD]" in text and "[NIR]" in text and "[ADDRESS]" in text


def test_a_document_detection_fails_on_is_withheld_whole_and_the_error_names_no_value(
    tmp_path, write_docs, policy, redactor, monkeypatch, caplog
):
    source = tmp_path / "in" / "documents.parquet"
    ids = write_docs(source, [(LETTER, "fr"), ("Le Conseil de Bretagne se réunit.", "fr")])
    detector = redactor.detector
    original = detector.spans_for

    def failing(text, *args, **kwargs):
        if "Lambertin" in text:
            raise ValueError(f"cannot handle {text[:60]}")  # an exception message quoting the input
        return original(text, *args, **kwargs)

    monkeypatch.setattr(detector, "spans_for", failing)
    out = tmp_path / "out"
    out.mkdir()
    caplog.set_level(logging.DEBUG)
    stats = redact_dump(source, out, policy=policy, key=KEY, redactor=redactor)
    docs = pq.read_table(out / "documents.parquet").to_pylist()
    assert [d["doc_id"] for d in docs] == ids  # nothing dropped
    assert WITHHELD_FLAG in docs[0]["flags"] and "WITHHELD" in docs[0]["text"]
    assert docs[1]["text"] == "Le Conseil de Bretagne se réunit."
    assert stats.documents_withheld == 1
    rows = pq.read_table(out / "redactions.parquet").to_pylist()
    assert rows[0]["recognizer"] == "detection failed: ValueError" and rows[0]["end"] == len(LETTER)
    for path in out.iterdir():
        assert_no_planted_value(
            str(pq.read_table(path).to_pylist()) if path.suffix == ".parquet" else path.read_text(), path.name
        )
    assert_no_planted_value(caplog.text, "logs")


def test_errors_about_keys_and_gold_files_name_files_not_values(tmp_path, monkeypatch):
    from provenance.pii.evaluation import GoldError, load_gold
    from provenance.pii.keys import PiiKeyError, load_pii_key

    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        '{"id": "a", "text": "Jean Dupont", "lang": "fr", "spans": [[0, 40, "PERSON"]]}\n', encoding="utf-8"
    )
    with pytest.raises(GoldError) as excinfo:
        load_gold(gold)
    assert "gold.jsonl: line 1" in str(excinfo.value) and "Dupont" not in str(excinfo.value)
    with pytest.raises(PiiKeyError, match="PROVENANCE_PII_KEY is not set"):
        load_pii_key(None)


def test_a_title_naming_the_writer_leaks_nowhere_even_when_detection_fails(
    tmp_path, write_docs, policy, redactor, monkeypatch
):
    import pyarrow as pa

    source = tmp_path / "in" / "documents.parquet"
    write_docs(source, [(LETTER, "fr"), ("Le Conseil de Bretagne se réunit.", "fr")])
    table = pq.read_table(source)
    titles = pa.array(["Réclamation de Frédéric Lambertin", "Lettre de M. Lambertin au Conseil"], pa.string())
    pq.write_table(
        table.set_column(table.schema.get_field_index("title"), table.schema.field("title"), titles), source
    )
    out = tmp_path / "out"
    out.mkdir()
    redact_dump(source, out, policy=policy, key=KEY, redactor=redactor)
    docs = pq.read_table(out / "documents.parquet").to_pylist()
    assert [d["title"] for d in docs] == ["Réclamation de [PERSON]", "Lettre de M. [PERSON] au Conseil"]
    for path in out.iterdir():
        assert_no_planted_value(
            str(pq.read_table(path).to_pylist()) if path.suffix == ".parquet" else path.read_text(), path.name
        )

    detector = redactor.detector
    original = detector.spans_for

    def failing(text, *args, **kwargs):
        if "Frédéric" in text:
            raise ValueError(f"cannot handle {text[:60]}")
        return original(text, *args, **kwargs)

    monkeypatch.setattr(detector, "spans_for", failing)
    withheld = tmp_path / "withheld"
    withheld.mkdir()
    redact_dump(source, withheld, policy=policy, key=KEY, redactor=redactor)
    docs = pq.read_table(withheld / "documents.parquet").to_pylist()
    assert docs[0]["title"] is None and WITHHELD_FLAG in docs[0]["flags"]
    rows = [r for r in pq.read_table(withheld / "redactions.parquet").to_pylist() if r["doc_id"] == docs[0]["doc_id"]]
    assert [(r["field"], r["start"], r["end"], r["entity_type"]) for r in rows] == [
        ("text", 0, len(LETTER), "WITHHELD_DOCUMENT"),
        ("title", 0, 33, "WITHHELD_DOCUMENT"),
    ]
    for path in withheld.iterdir():
        assert_no_planted_value(
            str(pq.read_table(path).to_pylist()) if path.suffix == ".parquet" else path.read_text(), path.name
        )
