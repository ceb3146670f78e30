"""Against the demo ground truth: every planted reservation is honoured and every licence resolves as planted.

Runs ingest on the demo dumps, wraps each dump's documents as redacted documents (redaction is
another stage's test: text unchanged, redaction_count 0), clears them, and compares every
decision with what the generator planted.
"""

import json
from functools import partial

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from provenance.contracts import load_optout_registry, load_sources
from provenance.dumps import discover_dumps
from provenance.ingest.run import ingest_dump
from provenance.rights.policy import LicencePolicy
from provenance.rights.stage import clear_dump
from provenance.schema import REDACTED_DOCUMENT_SCHEMA
from provenance.workspace import publish_stage
from provenance_demo.generate import generate_demo
from provenance_demo.ground_truth import GROUND_TRUTH_FILE, load_ground_truth

#: planted signal -> the evidence families that honour it
FAMILIES = {
    "tdm_header": {"tdm_header"},
    "tdm_meta": {"tdm_meta"},
    "tdmrep_json": {"tdmrep_json"},
    "robots_txt": {"robots_txt"},
    "x_robots_tag": {"x_robots_tag"},
    "meta_robots": {"meta_robots"},
    "content_usage": {"content_usage", "robots_content_usage"},
    "registry_domain": {"optout_registry"},
    "registry_url_prefix": {"optout_registry"},
    "registry_rights_holder": {"optout_registry"},
    "registry_author": {"optout_registry"},
    "registry_fingerprint": {"optout_registry"},
}


def _as_redacted(documents: pa.Table) -> pa.Table:
    n = documents.num_rows
    return (
        documents.append_column(pa.field("redaction_count", pa.int32(), nullable=False), pa.array([0] * n, pa.int32()))
        .append_column("person_names", pa.array(["redact"] * n, pa.string()))
        .append_column("person_names_basis", pa.array([None] * n, pa.string()))
        .cast(REDACTED_DOCUMENT_SCHEMA)
    )


@pytest.fixture(scope="module")
def cleared_demo(tmp_path_factory):
    home = tmp_path_factory.mktemp("demo")
    generate_demo(home, docs=300)
    contracts = home / "contracts"
    sources = load_sources(contracts)
    policy, registry = LicencePolicy.load(contracts), load_optout_registry(contracts)
    decisions = {}
    for dump in discover_dumps(home, sources):
        source = sources[dump.source_id]
        documents = home / "staging" / "documents" / dump.dump_id
        redacted = home / "staging" / "redacted_documents" / dump.dump_id
        out = home / "staging" / "cleared_documents" / dump.dump_id
        publish_stage(documents, partial(ingest_dump, dump, source))
        redacted.mkdir(parents=True)
        pq.write_table(_as_redacted(pq.read_table(documents / "documents.parquet")), redacted / "documents.parquet")
        out.mkdir(parents=True)
        stats = clear_dump(
            redacted,
            documents,
            out,
            source=source,
            policy=policy,
            registry=registry,
            contracts_dir=contracts,
            home=home,
        )
        table = pq.read_table(out / "decisions.parquet")
        assert stats.documents == table.num_rows == pq.read_metadata(redacted / "documents.parquet").num_rows
        for row in table.to_pylist():
            decisions[row["doc_id"]] = {**row, "evidence": json.loads(row["evidence"])}
    return load_ground_truth(home / GROUND_TRUTH_FILE), decisions, home


def test_every_demo_document_has_a_rights_decision(cleared_demo):
    truth, decisions, _ = cleared_demo
    documents = [r for r in truth.records if r.expect == "document"]
    assert documents
    missing = [r.locator for r in documents if r.record_id not in decisions]
    assert not missing


def test_every_planted_reservation_is_honoured(cleared_demo):
    truth, decisions, _ = cleared_demo
    problems = []
    for record in truth.records:
        if record.expect != "document" or not record.reservations:
            continue
        decision = decisions[record.record_id]
        reserving = {r["signal"] for r in decision["evidence"]["reservations"]}
        for planted in record.reservations:
            honoured = bool(FAMILIES[planted.signal] & reserving)
            if planted.effective and not honoured:
                problems.append(f"{record.locator}: {planted.signal} ({planted.detail}) not honoured")
        if record.reserved and decision["decision"] != "excluded":
            problems.append(f"{record.locator}: reserved but {decision['decision']}")
        effective_families = set().union(*(FAMILIES[p.signal] for p in record.reservations if p.effective))
        for planted in record.reservations:
            if not planted.effective and FAMILIES[planted.signal] & reserving - effective_families:
                problems.append(f"{record.locator}: look-alike {planted.signal} ({planted.detail}) wrongly reserved")
    assert not problems, "\n".join(problems[:20])


def test_every_licence_resolves_as_planted(cleared_demo):
    truth, decisions, _ = cleared_demo
    problems = []
    for record in truth.records:
        if record.expect != "document":
            continue
        decision = decisions[record.record_id]
        licence = decision["evidence"]["licence"]
        if record.licence_expected is not None and licence["spdx"] != record.licence_expected:
            problems.append(f"{record.locator}: licence {licence['spdx']!r}, planted {record.licence_expected!r}")
        if record.licence_expected is None and licence["decision"] != "quarantine":
            problems.append(f"{record.locator}: unknown licence decided {licence['decision']}")
        if record.licence_class and licence["class"] != record.licence_class:
            problems.append(f"{record.locator}: class {licence['class']}, planted {record.licence_class}")
        if record.rights_decision and decision["decision"] != record.rights_decision:
            problems.append(f"{record.locator}: decision {decision['decision']}, planted {record.rights_decision}")
    assert not problems, "\n".join(problems[:20])


def test_no_reserved_demo_document_reaches_the_cleared_output(cleared_demo):
    truth, _, home = cleared_demo
    reserved = {r.record_id for r in truth.records if r.expect == "document" and r.reserved}
    assert reserved
    outputs = list((home / "staging" / "cleared_documents").glob("*/documents.parquet"))
    assert outputs
    for path in outputs:
        assert not set(pq.read_table(path, columns=["doc_id"])["doc_id"].to_pylist()) & reserved
