"""Withdrawal lists: signed with the release's key, bound to its manifest, numbered, and read as a union."""

import base64
import datetime as dt
import json
import shutil

import pytest

from provenance.certify.dsse import envelope_bytes, sign_envelope
from provenance.certify.keys import load_signing_key
from provenance.certify.manifest import MANIFEST_FILE, build_statement, statement_bytes
from provenance.certify.withdrawals import (
    WITHDRAWALS_DIR,
    WithdrawalError,
    read_withdrawal_lists,
    withdrawn_samples,
    write_withdrawal_list,
)

REQUESTS = [
    {
        "id": "REQ-2026-0001",
        "kind": "erasure",
        "scope": "person",
        "date_received": dt.date(2026, 3, 1),
        "reference": "DPO-17",
        "legal_basis": "GDPR art. 17",
        "person_hmacs": ["never copied into the list"],
    },
    {
        "id": "REQ-2026-0002",
        "kind": "takedown",
        "scope": "domain",
        "date_received": "2026-03-02",
        "reference": "TD-3",
        "legal_basis": "DSM art. 4(3)",
    },
]
WHEN = dt.datetime(2026, 3, 5, 12, 0, tzinfo=dt.UTC)


def make_release(folder, key_path, release_id="rel-0001"):
    """A release folder holding a signed manifest (no shards: withdrawal lists only read the manifest)."""
    folder.mkdir(parents=True)
    statement = build_statement([], {"release_id": release_id, "shards": [], "merkle": {"root": "", "leaves": 0}})
    envelope = sign_envelope(statement_bytes(statement), load_signing_key(key_path))
    (folder / MANIFEST_FILE).write_bytes(envelope_bytes(envelope))
    return folder


@pytest.fixture
def release(tmp_path, signing_key):
    return make_release(tmp_path / "rel-0001", signing_key)


def public(key_path):
    return load_signing_key(key_path).public_key()


def test_round_trip_lists_each_sample_with_its_requests(release, signing_key):
    withdrawn = {"s-b": ["REQ-2026-0002", "REQ-2026-0001"], "s-a": ["REQ-2026-0001"]}
    path = write_withdrawal_list(release, withdrawn, REQUESTS, load_signing_key(signing_key), created=WHEN)
    assert path == release / WITHDRAWALS_DIR / "0001.dsse.json"
    assert withdrawn_samples(release, public(signing_key)) == {
        "s-a": ("REQ-2026-0001",),
        "s-b": ("REQ-2026-0001", "REQ-2026-0002"),
    }
    statement = json.loads(base64.b64decode(json.loads(path.read_bytes())["payload"]))
    predicate = statement["predicate"]
    assert statement["predicateType"] == "https://provenance.dev/withdrawals/v1"
    assert statement["subject"][0]["name"] == MANIFEST_FILE
    assert predicate["created"] == "2026-03-05T12:00:00Z" and predicate["sequence"] == 1
    assert [e["sample_id"] for e in predicate["withdrawn"]] == ["s-a", "s-b"]
    assert predicate["requests"][0] == {
        "id": "REQ-2026-0001",
        "kind": "erasure",
        "scope": "person",
        "date_received": "2026-03-01",
        "reference": "DPO-17",
        "legal_basis": "GDPR art. 17",
    }
    assert b"never copied" not in base64.b64decode(json.loads(path.read_bytes())["payload"])


def test_the_key_may_be_given_as_key_files(release, signing_key):
    write_withdrawal_list(release, {"s-a": ["REQ-2026-0001"]}, REQUESTS, signing_key, created=WHEN)
    assert withdrawn_samples(release, signing_key.with_name("signing_key.pub.pem")) == {"s-a": ("REQ-2026-0001",)}


def test_no_withdrawals_folder_means_nothing_withdrawn(release, signing_key):
    assert withdrawn_samples(release, public(signing_key)) == {}


def test_files_are_numbered_in_sequence_and_a_sample_is_the_union_over_files(release, signing_key):
    key = load_signing_key(signing_key)
    first = write_withdrawal_list(release, {"s-a": ["REQ-2026-0001"]}, REQUESTS[:1], key, created=WHEN)
    second = write_withdrawal_list(release, {"s-a": ["REQ-2026-0002"], "s-c": ["REQ-2026-0002"]}, REQUESTS, key)
    assert (first.name, second.name) == ("0001.dsse.json", "0002.dsse.json")
    assert [w.sequence for w in read_withdrawal_lists(release, key.public_key())] == [1, 2]
    assert withdrawn_samples(release, key.public_key()) == {
        "s-a": ("REQ-2026-0001", "REQ-2026-0002"),
        "s-c": ("REQ-2026-0002",),
    }


def test_a_missing_list_in_the_sequence_is_an_error_naming_it(release, signing_key):
    key = load_signing_key(signing_key)
    write_withdrawal_list(release, {"s-a": ["REQ-2026-0001"]}, REQUESTS, key)
    write_withdrawal_list(release, {"s-b": ["REQ-2026-0001"]}, REQUESTS, key)
    (release / WITHDRAWALS_DIR / "0001.dsse.json").unlink()
    with pytest.raises(WithdrawalError, match=r"0001\.dsse\.json: missing"):
        withdrawn_samples(release, key.public_key())


def test_a_renumbered_list_fails_on_its_signed_sequence(release, signing_key):
    key = load_signing_key(signing_key)
    write_withdrawal_list(release, {"s-a": ["REQ-2026-0001"]}, REQUESTS, key)
    write_withdrawal_list(release, {"s-b": ["REQ-2026-0001"]}, REQUESTS, key)
    folder = release / WITHDRAWALS_DIR
    (folder / "0001.dsse.json").unlink()
    (folder / "0002.dsse.json").rename(folder / "0001.dsse.json")
    with pytest.raises(WithdrawalError, match=r"0001\.dsse\.json: its signed sequence is 2"):
        withdrawn_samples(release, key.public_key())


def test_a_tampered_payload_is_an_error_naming_the_file(release, signing_key):
    path = write_withdrawal_list(release, {"s-a": ["REQ-2026-0001"]}, REQUESTS, signing_key)
    envelope = json.loads(path.read_bytes())
    payload = base64.b64decode(envelope["payload"]).replace(b'"s-a"', b'"s-z"')
    envelope["payload"] = base64.b64encode(payload).decode()
    path.write_text(json.dumps(envelope))
    with pytest.raises(WithdrawalError, match=rf"{path}: signature: signature does not verify"):
        withdrawn_samples(release, public(signing_key))


def test_a_list_signed_by_another_key_is_an_error_naming_the_file(release, signing_key, other_key):
    path = write_withdrawal_list(release, {"s-a": ["REQ-2026-0001"]}, REQUESTS, other_key)
    with pytest.raises(WithdrawalError, match=rf"{path}: signature: signed by key .*not by this key"):
        withdrawn_samples(release, public(signing_key))


def test_adding_to_a_release_whose_lists_another_key_signed_is_refused(release, signing_key, other_key):
    write_withdrawal_list(release, {"s-a": ["REQ-2026-0001"]}, REQUESTS, other_key)
    with pytest.raises(WithdrawalError, match=r"0001\.dsse\.json: signature"):
        write_withdrawal_list(release, {"s-b": ["REQ-2026-0001"]}, REQUESTS, signing_key)
    assert not (release / WITHDRAWALS_DIR / "0002.dsse.json").exists()


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"[]",
        b'{"withdrawn": [{"sample_id": "s-a", "requests": ["REQ-2026-0001"]}]}',
        b'{"payloadType": "application/vnd.in-toto+json", "payload": "e30=", "signatures": []}',
    ],
    ids=["empty", "not-an-object", "plain-json", "no-signature"],
)
def test_an_unsigned_file_is_an_error_naming_it(release, signing_key, content):
    folder = release / WITHDRAWALS_DIR
    folder.mkdir()
    (folder / "0001.dsse.json").write_bytes(content)
    with pytest.raises(WithdrawalError, match=r"0001\.dsse\.json: not a signed DSSE envelope"):
        withdrawn_samples(release, public(signing_key))


def test_a_stray_file_in_the_withdrawals_folder_is_an_error_naming_it(release, signing_key):
    write_withdrawal_list(release, {"s-a": ["REQ-2026-0001"]}, REQUESTS, signing_key)
    (release / WITHDRAWALS_DIR / "extra.json").write_text("{}")
    with pytest.raises(WithdrawalError, match=r"extra\.json: not a withdrawal list"):
        withdrawn_samples(release, public(signing_key))


def test_a_list_of_another_release_is_an_error_naming_it(tmp_path, signing_key):
    other = make_release(tmp_path / "rel-other", signing_key, release_id="rel-other")
    write_withdrawal_list(other, {"s-a": ["REQ-2026-0001"]}, REQUESTS, signing_key)
    # Same key, same manifest bytes but for the release id: the copied list names the wrong manifest and release.
    target = make_release(tmp_path / "rel-0001", signing_key)
    shutil.copytree(other / WITHDRAWALS_DIR, target / WITHDRAWALS_DIR)
    with pytest.raises(WithdrawalError, match=r"0001\.dsse\.json: its subject is not this release's manifest"):
        withdrawn_samples(target, public(signing_key))


def test_a_list_naming_another_release_id_is_an_error_naming_it(tmp_path, signing_key):
    """A list whose manifest digest matches but whose signed release id differs (a signer's mistake) still fails."""
    release = make_release(tmp_path / "rel-0001", signing_key)
    path = write_withdrawal_list(release, {"s-a": ["REQ-2026-0001"]}, REQUESTS, signing_key)
    envelope = json.loads(path.read_bytes())
    statement = json.loads(base64.b64decode(envelope["payload"]))
    statement["predicate"]["release_id"] = "rel-9999"
    resigned = sign_envelope(json.dumps(statement).encode(), load_signing_key(signing_key))
    path.write_bytes(envelope_bytes(resigned))
    with pytest.raises(WithdrawalError, match=rf"{path}: names release 'rel-9999', not this release 'rel-0001'"):
        withdrawn_samples(release, public(signing_key))


def test_a_list_for_an_earlier_manifest_of_the_release_is_an_error_naming_it(release, signing_key):
    path = write_withdrawal_list(release, {"s-a": ["REQ-2026-0001"]}, REQUESTS, signing_key)
    manifest = release / MANIFEST_FILE
    manifest.write_bytes(manifest.read_bytes() + b"\n")  # a re-signed or rewritten manifest: another digest
    with pytest.raises(WithdrawalError, match=rf"{path}: its subject is not this release's manifest"):
        withdrawn_samples(release, public(signing_key))


def test_a_sample_withdrawn_by_an_unlisted_request_is_refused_when_written(release, signing_key):
    with pytest.raises(ValueError, match=r"sample s-a is withdrawn by request REQ-X"):
        write_withdrawal_list(release, {"s-a": ["REQ-X"]}, REQUESTS, signing_key)
    with pytest.raises(ValueError, match=r"at least one sample"):
        write_withdrawal_list(release, {}, REQUESTS, signing_key)
    assert not (release / WITHDRAWALS_DIR).exists() or not any((release / WITHDRAWALS_DIR).iterdir())
