"""Stage stats load back strictly from _stats.json: a renamed, unknown or missing key fails loudly, naming file and key."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from provenance.layout import CERTIFY, INGEST, REDACTION, RIGHTS, STAGES, sql_names
from provenance.stats import ClearStats, IngestStats, RedactStats, ReleaseStats, StatsFileError
from provenance.workspace import Workspace

EXAMPLES = {
    INGEST.name: IngestStats(
        "src.d1",
        "src",
        records_seen=7,
        documents=4,
        quarantined=2,
        skipped=Counter(warc_request=1),
        quarantine_reasons=Counter(malformed_json=2),
        notice_examples=[{"locator": "f:1", "code": "c", "message": "m"}],
    ),
    REDACTION.name: RedactStats("src.d1", documents=4, redactions=3, entities=Counter(EMAIL_ADDRESS=3), seconds=2.0),
    RIGHTS.name: ClearStats(
        "src.d1", "src", "p1", "p" * 64, "r1", "r" * 64, documents=4, cleared=3, decisions=Counter(excluded=1)
    ),
    CERTIFY.name: ReleaseStats("r-1", "pt", 3, 2, 1, 0, 0, 1, "m" * 64, "s" * 64, "k"),
}


@pytest.fixture
def ws(tmp_path) -> Workspace:
    return Workspace(tmp_path / "home", tmp_path / "contracts")


@pytest.mark.parametrize("stage", STAGES, ids=lambda s: s.name)
def test_published_stats_read_back_as_the_stage_wrote_them(ws, stage):
    stats = EXAMPLES[stage.name]
    ws.publish(stage, "k", lambda folder: stats)
    loaded = ws.stats(stage, "k")
    assert type(loaded) is stage.stats and loaded.as_dict() == stats.as_dict()
    assert ws.stats(stage, "never-published") is None


@pytest.mark.parametrize("stage", STAGES, ids=lambda s: s.name)
def test_a_renamed_key_fails_loudly_naming_the_file_and_the_key(ws, stage):
    ws.publish(stage, "k", lambda folder: EXAMPLES[stage.name])
    path = ws.stage_dir(stage, "k") / "_stats.json"
    written = json.loads(path.read_text(encoding="utf-8"))
    key = sorted(written)[0]
    written[f"{key}_v2"] = written.pop(key)
    path.write_text(json.dumps(written), encoding="utf-8")
    with pytest.raises(StatsFileError) as error:
        ws.stats(stage, "k")
    assert str(path) in str(error.value) and f"'{key}_v2'" in str(error.value)

    del written[f"{key}_v2"]  # the renamed key dropped: now it is missing
    path.write_text(json.dumps(written), encoding="utf-8")
    with pytest.raises(StatsFileError, match=f"missing key '{key}'"):
        ws.stats(stage, "k")


def test_derived_figures_are_required_and_in_memory_figures_are_not_written():
    written = EXAMPLES[INGEST.name].as_dict()
    assert written["quarantine_rate"] == round(2 / 6, 6) and written["skipped_records"] == 1
    del written["quarantine_rate"]
    with pytest.raises(StatsFileError, match="missing key 'quarantine_rate'"):
        IngestStats.from_dict(written, "documents/src.d1/_stats.json")
    redact = EXAMPLES[REDACTION.name].as_dict()
    assert "seconds" not in redact and "workers" not in redact
    with pytest.raises(StatsFileError, match="unknown key 'seconds'"):
        RedactStats.from_dict({**redact, "seconds": 2.0})


def test_a_judged_equivalence_is_the_one_optional_key():
    stats = EXAMPLES[RIGHTS.name]
    assert "equivalent_under" not in stats.as_dict()
    entry = {"policy_version": "p2", "reason": "none of its documents uses it"}
    again = ClearStats.from_dict({**stats.as_dict(), "equivalent_under": [entry]})
    assert again.equivalent_under == [entry] and again.as_dict()["equivalent_under"] == [entry]


def test_the_lineage_sql_gets_every_stage_folder_and_file_from_the_layout():
    names = sql_names()
    assert names["documents_dir"] == "documents" and names["cleared_documents_decisions"] == "decisions.parquet"
    assert {names[f"{s.name}_dir"] for s in STAGES} == {s.name for s in STAGES}
    assert names["stats_file"] == "_stats.json"
