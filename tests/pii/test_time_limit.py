"""A document whose personal-data detection goes over the policy's time limit is withheld with reason too_slow,
and the run goes on: every other document is redacted, and the rights stage quarantines it with that reason."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import dagster as dg
import pyarrow.parquet as pq
import pytest

from dagster_defs.ingest import documents
from dagster_defs.pii import redacted_documents, redaction_kept_every_document
from dagster_defs.resources import ProvenanceResource
from dagster_defs.rights import cleared_documents
from provenance.contracts import ContractError
from provenance.dumps import dump_id_for
from provenance.pii.policy import load_pii_policy
from provenance.pii.segments import cap_token_runs
from provenance.pii.stage import WITHHELD_FLAG
from provenance.pii.workers import WITHHELD, Redactor
from provenance.vocabulary import Reason

KEY = b"test-key-for-pii-hmac-0123456789abcdef"
REPO_CONTRACTS = Path(__file__).resolve().parents[2] / "data_contracts"

LETTER = (
    "Madame, je m'appelle Odile Marchetti et j'habite 4 route de Murat, 15100 Saint-Flour. Mon voisin, "
    "M. Henri Vasseur, conteste la facture de la régie des eaux. Écrivez-moi à odile.marchetti@example.fr ou au "
    "04 71 60 22 50. "
)
SHORT = ["Jean Dupont a signé le registre de la mairie de Lyon hier soir.", "Le marché aura lieu samedi."]


class SlowOn:
    """A clock that stands still except where the test moves it on: the time a pathological document
    holding ``marker`` takes, made deterministic."""

    def __init__(self, marker: str):
        self.marker = marker
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.timeout(120)
def test_only_the_document_over_the_limit_is_withheld_and_the_batch_goes_on(policy, detector, monkeypatch):
    limited = dataclasses.replace(policy, seconds_per_document=30.0)
    clock = SlowOn("Marchetti")
    redactor = Redactor(limited, KEY, detector, clock=clock)
    redactor.detector = (
        detector  # the session's analyzers (built for the unlimited policy: the limit is the redactor's)
    )
    original = detector.persons.spans

    def slow_on_marker(text, *args, **kwargs):
        if clock.marker in text:  # a minute of name logic: twice the limit
            clock.now += 60.0
        return original(text, *args, **kwargs)

    monkeypatch.setattr(detector.persons, "spans", slow_on_marker)
    texts = [SHORT[0], LETTER * 20, SHORT[1]]
    result = redactor.redact_batch(texts, ["fr"] * len(texts))
    assert [doc.failed for doc in result.documents] == [None, Reason.TOO_SLOW, None]
    slow = result.documents[1]
    assert [(s.start, s.end, s.entity_type) for s in slow.spans] == [(0, len(texts[1]), WITHHELD)]
    assert slow.spans[0].recognizer == "detection stopped: over 30 s"
    assert "Marchetti" not in slow.text and "Marchetti" not in repr(slow.spans)
    assert "Dupont" not in result.documents[0].text and result.documents[0].spans


def test_no_limit_in_the_policy_file_means_the_safe_default(policy):
    assert policy.seconds_per_document == 600.0 and policy.limits == {
        "seconds_per_document": 600.0,
        "token_chars": 64,
        "symbol_run": 16,
    }


SOURCE = """\
id: courrier
title: Courrier des lecteurs
rights_holder: La Gazette
licence: CC-BY-4.0
attribution: La Gazette, CC BY 4.0
provenance_url: https://archives.example.fr/
format: jsonl
dumps: landing/courrier/*.jsonl
language: fr
fields: {text: body, id: id}
max_quarantine_rate: 1
"""


@pytest.mark.timeout(300)
def test_a_tiny_time_limit_in_the_policy_quarantines_each_document_as_too_slow_and_the_run_goes_on(tmp_path, key_file):
    home, contracts = tmp_path / "home", tmp_path / "contracts"
    (home / "landing" / "courrier").mkdir(parents=True)
    records = [{"id": str(i), "body": body} for i, body in enumerate([LETTER * 5, *SHORT])]
    (home / "landing" / "courrier" / "2024.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    (contracts / "sources").mkdir(parents=True)
    (contracts / "sources" / "courrier.yaml").write_text(SOURCE, encoding="utf-8")
    shutil.copy(REPO_CONTRACTS / "licence_policy.yaml", contracts / "licence_policy.yaml")
    policy_text = (REPO_CONTRACTS / "pii_policy.yaml").read_text(encoding="utf-8")
    (contracts / "pii_policy.yaml").write_text(policy_text + "\nlimits:\n  seconds_per_document: 0.000001\n")
    assert load_pii_policy(contracts / "pii_policy.yaml").seconds_per_document == 0.000001
    dump_id = dump_id_for("courrier", "landing/courrier/2024.jsonl")
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("dumps", [dump_id])
    resource = ProvenanceResource(home=str(home), contracts=str(contracts), pii_key=str(key_file))
    result = dg.materialize(
        [documents, redacted_documents, redaction_kept_every_document, cleared_documents],
        partition_key=dump_id,
        instance=instance,
        resources={"provenance": resource},
    )
    assert result.success
    assert {e.check_name: e.passed for e in result.get_asset_check_evaluations()} == {
        "redaction_kept_every_document": True
    }
    ws = resource.workspace()
    redacted = pq.read_table(ws.stage_dir("redacted_documents", dump_id) / "documents.parquet").to_pylist()
    assert len(redacted) == len(records)  # nothing lost
    for doc in redacted:
        assert {WITHHELD_FLAG, Reason.TOO_SLOW} <= set(doc["flags"]) and "Marchetti" not in doc["text"]
    decisions = pq.read_table(ws.stage_dir("cleared_documents", dump_id) / "decisions.parquet").to_pylist()
    assert sorted((d["decision"], d["reason"]) for d in decisions) == [("quarantined", "too_slow")] * len(records)
    assert "over the policy's time limit" in decisions[0]["evidence"]


@pytest.mark.parametrize(
    ("limits", "field"),
    [
        ("  seconds_per_document: 0\n", "limits.seconds_per_document"),
        ("  seconds_per_document: soon\n", "limits.seconds_per_document"),
        ("  token_chars: 3\n", "limits.token_chars"),
        ("  symbol_run: -1\n", "limits.symbol_run"),
        ("  seconds: 10\n", "limits"),
    ],
)
def test_a_bad_limit_in_the_policy_is_an_error_naming_the_file_and_the_field(tmp_path, limits, field):
    path = tmp_path / "pii_policy.yaml"
    path.write_text((REPO_CONTRACTS / "pii_policy.yaml").read_text(encoding="utf-8") + "\nlimits:\n" + limits)
    with pytest.raises(ContractError) as excinfo:
        load_pii_policy(path)
    assert "pii_policy.yaml" in str(excinfo.value) and field in str(excinfo.value)


def test_the_token_run_limits_of_the_policy_are_the_ones_the_ner_reads_with(tmp_path):
    path = tmp_path / "pii_policy.yaml"
    path.write_text(
        (REPO_CONTRACTS / "pii_policy.yaml").read_text(encoding="utf-8")
        + "\nlimits:\n  token_chars: 20\n  symbol_run: 5\n"
    )
    policy = load_pii_policy(path)
    assert (policy.token_chars, policy.symbol_run) == (20, 5)
    text = "Jean Dupont a écrit " + "x" * 50 + " puis " + "{" * 6 + " fin."
    capped = cap_token_runs(text, policy.token_chars, policy.symbol_run)
    assert len(capped) == len(text) and max(len(w) for w in capped.split()) == 20 and "{" not in capped
    assert cap_token_runs(text) == text  # the defaults (64, 16) leave both runs alone
