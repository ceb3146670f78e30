"""A change of the request ledger re-clears only the dumps it can touch (provenance.rights.affected + requests)."""

import shutil
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from provenance.pii.keys import value_hmac
from provenance.request_cli import person_hmacs
from provenance.rights.affected import CurrentConfig, config_snapshot, judge
from provenance.schema import REDACTION_SCHEMA
from provenance.stats import ClearStats
from tests.rights.conftest import CONTRACTS

KEY = b"k" * 32


def _request(contracts: Path, rid: str, body: str) -> None:
    folder = contracts / "requests"
    folder.mkdir(exist_ok=True)
    head = f"id: {rid}\nkind: erasure\ndate_received: 2026-11-30\nreference: ticket 1\nlegal_basis: GDPR art. 17\n"
    (folder / f"{rid}.yaml").write_text(head + body, encoding="utf-8")


def _redactions(folder: Path, doc_id: str, name: str) -> None:
    row = dict(doc_id=doc_id, dump_id="d", field="text", start=0, end=len(name), entity_type="PERSON", score=0.9)
    row |= dict(recognizer="spacy", value_hmac=value_hmac(KEY, name))
    pq.write_table(pa.Table.from_pylist([row], schema=REDACTION_SCHEMA), folder / "redactions.parquet")


def test_a_ledger_change_affects_only_the_dumps_whose_documents_a_changed_request_covers(
    tmp_path, make_source, write_redacted
):
    contracts = tmp_path / "contracts"
    shutil.copytree(CONTRACTS, contracts)
    before = config_snapshot(contracts)
    assert "requests" not in before  # an empty ledger records nothing: snapshots from before it existed agree
    folder = tmp_path / "redacted"
    (doc,) = write_redacted(folder, [{"url": "https://www.gazette-du-rhone.fr/a"}])
    _redactions(folder, doc["doc_id"], "Jean Dupont")
    source = make_source()
    stats = ClearStats("d", source.id, "", "", "", "", licences_seen=Counter())

    def judged(old: dict) -> tuple[bool, list[str]]:
        found = judge(
            ["requests"],
            old,
            CurrentConfig.load(contracts),
            source=source,
            redacted_parquet=folder / "documents.parquet",
            documents_dir=folder,
            stats=stats,
        )
        return found.affected, found.reasons

    _request(contracts, "REQ-1", "scope: domain\nvalue: autre-site.example.org\n")
    assert judged(before) == (False, ["request ledger (1 changed): no changed request covers any of its 1 documents"])
    _request(contracts, "REQ-2", f"scope: person\nperson_hmacs: {list(person_hmacs(KEY, 'Marie Curie'))}\n")
    assert not judged(before)[0]
    _request(contracts, "REQ-3", f"scope: person\nperson_hmacs: {list(person_hmacs(KEY, 'Jean Dupont'))}\n")
    affected, why = judged(before)
    assert affected and why == ["request ledger: request REQ-3 (person) covers a document"]
    # Cleared under REQ-3, then REQ-3 withdrawn: the document it excluded is cleared again.
    with_it = config_snapshot(contracts)
    (contracts / "requests" / "REQ-3.yaml").unlink()
    assert judged(with_it)[0]
    # Unchanged ledger since the clearing: nothing to do; a URL prefix covering the page: affected.
    now = config_snapshot(contracts)
    assert judged(now) == (False, ["request ledger: no request changed"])
    _request(contracts, "REQ-4", "scope: url_prefix\nvalue: https://www.gazette-du-rhone.fr/\n")
    assert judged(now) == (True, ["request ledger: request REQ-4 (url_prefix) covers a document"])
