"""Withdrawn samples: never yielded by any view; a withdrawal list that does not verify stops the loader."""

import base64
import json

import pytest

from provenance.certify.keys import keygen, load_signing_key
from provenance.certify.withdrawals import write_withdrawal_list
from provenance.loader import ReleaseVerificationError, open_release

REQUESTS = [
    {
        "id": "REQ-2026-0001",
        "kind": "erasure",
        "scope": "doc_id",
        "date_received": "2026-11-02",
        "reference": "ticket 4411",
        "legal_basis": "GDPR art. 17",
    },
    {
        "id": "REQ-2026-0002",
        "kind": "takedown",
        "scope": "rights_holder",
        "date_received": "2026-11-20",
        "reference": "letter 2026-118",
        "legal_basis": "copyright",
    },
]


def sample_ids(release_dir) -> list[str]:
    import pyarrow.dataset as ds

    shards = sorted((release_dir / "shards").glob("*.parquet"))
    return ds.dataset(shards, format="parquet").to_table(columns=["sample_id"]).column("sample_id").to_pylist()


@pytest.fixture
def withdrawn(release_copy, keys) -> set[str]:
    """Two signed lists on the copy: three samples of the first shard and one of the last, by two requests."""
    ids = sample_ids(release_copy)
    write_withdrawal_list(release_copy, {ids[0]: ["REQ-2026-0001"], ids[3]: ["REQ-2026-0001"]}, REQUESTS[:1], keys[0])
    write_withdrawal_list(release_copy, {ids[3]: ["REQ-2026-0002"], ids[-1]: ["REQ-2026-0002"]}, REQUESTS[1:], keys[0])
    return {ids[0], ids[3], ids[-1]}


def test_withdrawn_samples_are_skipped_by_every_view(release_copy, keys, withdrawn):
    opened = open_release(release_copy, keys[1])
    assert set(opened.withdrawn) == withdrawn
    assert opened.withdrawn[sample_ids(release_copy)[3]] == ("REQ-2026-0001", "REQ-2026-0002")
    kept = [s for s in sample_ids(release_copy) if s not in withdrawn]
    assert len(kept) == 107
    assert [s for b in opened.iter_batches(batch_size=4) for s in b.column("sample_id").to_pylist()] == kept
    texts = [t for b in opened.iter_batches(columns=["text"]) for t in b.column("text").to_pylist()]
    assert len(texts) == 107 and all(b.schema.names == ["text"] for b in opened.iter_batches(columns=["text"]))
    assert opened.to_hf_dataset()["sample_id"] == kept
    assert [r["sample_id"] for r in opened.to_hf_iterable_dataset()] == kept
    assert sorted(r["sample_id"] for r in opened.torch_dataset(["sample_id"])) == sorted(kept)


def test_a_withdrawal_list_without_a_valid_signature_stops_the_loader(release_copy, keys, withdrawn):
    listed = release_copy / "withdrawals" / "0002.dsse.json"
    envelope = json.loads(listed.read_text())
    statement = json.loads(base64.b64decode(envelope["payload"]))
    statement["predicate"]["withdrawn"] = statement["predicate"]["withdrawn"][:1]  # un-withdraw a sample
    envelope["payload"] = base64.b64encode(json.dumps(statement).encode()).decode()
    listed.write_text(json.dumps(envelope))
    with pytest.raises(ReleaseVerificationError, match=r"withdrawals/0002\.dsse\.json: withdrawal list: "):
        open_release(release_copy, keys[1])
    envelope["signatures"] = []  # unsigned
    listed.write_text(json.dumps(envelope))
    with pytest.raises(ReleaseVerificationError, match=r"withdrawals/0002\.dsse\.json: withdrawal list: "):
        open_release(release_copy, keys[1])


def test_a_withdrawal_list_signed_by_another_key_stops_the_loader(release_copy, keys, tmp_path):
    stranger = load_signing_key(keygen(tmp_path / "stranger")[0])
    write_withdrawal_list(release_copy, {sample_ids(release_copy)[0]: ["REQ-2026-0001"]}, REQUESTS[:1], stranger)
    with pytest.raises(ReleaseVerificationError, match=r"withdrawals/0001\.dsse\.json: withdrawal list: "):
        open_release(release_copy, keys[1])
