"""The whole demo: every planted structured identifier of the ground truth is gone from the redacted stage."""

from collections import Counter
from functools import partial

import pyarrow.parquet as pq
import pytest

from provenance.contracts import load_sources
from provenance.dumps import discover_dumps
from provenance.ingest.run import ingest_dump
from provenance.pii.residual import residual_scan
from provenance.pii.stage import redact_dump
from provenance.workspace import publish_stage
from provenance_demo.generate import generate_demo
from provenance_demo.ground_truth import GROUND_TRUTH_FILE, STRUCTURED_PII_TYPES, load_ground_truth

KEY = b"test-key-for-pii-hmac-0123456789abcdef"


@pytest.fixture(scope="module")
def demo(tmp_path_factory, policy, redactor):
    home = tmp_path_factory.mktemp("pii-demo")
    generate_demo(home, docs=200, seed=7)
    sources = load_sources(home / "contracts")
    redacted, stage_dirs, stats = {}, [], []
    for dump in discover_dumps(home, sources):
        source = sources[dump.source_id]
        ingested = home / "staging" / "documents" / dump.dump_id
        publish_stage(ingested, partial(ingest_dump, dump, source))
        out = home / "staging" / "redacted_documents" / dump.dump_id
        out.mkdir(parents=True)
        stats.append(
            redact_dump(
                ingested / "documents.parquet",
                out,
                policy=policy,
                key=KEY,
                redactor=redactor,
                source_lang=source.language,
            )
        )
        stage_dirs.append(out)
        for row in pq.read_table(out / "documents.parquet", columns=["doc_id", "text"]).to_pylist():
            redacted[row["doc_id"]] = row["text"]
    return {
        "truth": load_ground_truth(home / GROUND_TRUTH_FILE),
        "redacted": redacted,
        "dirs": stage_dirs,
        "stats": stats,
    }


def test_every_planted_structured_identifier_is_gone(demo):
    left, planted = Counter(), Counter()
    for record in demo["truth"].records:
        if record.record_id not in demo["redacted"]:
            continue
        for pii in record.pii:
            if pii.entity_type in STRUCTURED_PII_TYPES:
                planted[pii.entity_type] += 1
                left[pii.entity_type] += pii.value in demo["redacted"][record.record_id]
    assert sum(planted.values()) >= 50 and len(planted) >= 6
    assert +left == Counter(), f"left in redacted text: {dict(+left)} of {dict(planted)}"


def test_nearly_every_planted_personal_datum_is_gone(demo):
    total = gone = 0
    for record in demo["truth"].records:
        text = demo["redacted"].get(record.record_id)
        if text is None:
            continue
        for pii in record.pii:
            if len(pii.value) >= 4:  # initials and short fragments also occur as ordinary text
                total += 1
                gone += pii.value not in text
    assert total > 1000 and gone / total >= 0.99


def test_redaction_keeps_every_ingested_document_and_leaves_no_identifier_in_the_sample(demo, policy, detector):
    assert sum(s.documents for s in demo["stats"]) == len(demo["redacted"])
    for stage_dir in demo["dirs"]:
        assert residual_scan(stage_dir, sample_size=500, policy=policy, detector=detector) == []
