"""Verification catches every tampering a trainer must not train on, and names the first failure."""

import base64
import hashlib
import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from certify_inputs import CREATED_AT, corpus
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from typer.testing import CliRunner

from provenance.certify.dsse import envelope_bytes, sign_envelope
from provenance.certify.keys import load_signing_key, public_key_pem
from provenance.certify.release import build_release
from provenance.certify.verify import CHECKS, RELEASE_KEY_WARNING, verify_release
from provenance.fingerprint import fingerprint


@pytest.fixture
def release(workspace, signing_key, tmp_path):
    corpus(workspace)
    result = build_release(
        workspace, signing_key_path=signing_key, created_at=CREATED_AT, git_commit="b" * 40, shard_max_rows=4
    )
    assert len(result.shards) == 2
    return result.release_dir


@pytest.fixture
def public_key(signing_key):
    return signing_key.with_name("signing_key.pub.pem")


def _failure(report):
    assert not report.ok
    return report.first_failure.name, report.first_failure.detail


def _unredact_one_row(shard, *, keep_fingerprint=True):
    """Re-write a valid Parquet shard where one row's placeholder is replaced by a name."""
    table = pq.read_table(shard)
    rows = table.to_pylist()
    victim = next(r for r in rows if "<PERSON>" in r["text"])
    victim["text"] = victim["text"].replace("<PERSON>", "Jeanne Martin", 1)
    if not keep_fingerprint:
        victim["fingerprint"] = fingerprint(victim["text"])
    pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), shard, compression="zstd")
    return victim


def _statement(release_dir):
    envelope = json.loads((release_dir / "manifest.dsse.json").read_text())
    return json.loads(base64.b64decode(envelope["payload"]))


def _resign(release_dir, key_path, statement):
    """What an attacker with their own key does: new digests, new statement, new signature, new public key."""
    private = load_signing_key(key_path)
    payload = json.dumps(statement, sort_keys=True, separators=(",", ":")).encode()
    (release_dir / "manifest.dsse.json").write_bytes(envelope_bytes(sign_envelope(payload, private)))
    (release_dir / "public_key.pem").write_bytes(public_key_pem(private.public_key()))


def _refresh_digests(release_dir, statement):
    for subject in statement["subject"]:
        subject["digest"]["sha256"] = hashlib.sha256((release_dir / subject["name"]).read_bytes()).hexdigest()
    return statement


def test_an_untouched_release_verifies_with_the_publishers_key(release, public_key):
    report = verify_release(release, public_key)
    assert report.ok and report.first_failure is None
    assert [c.name for c in report.checks] == list(CHECKS)
    assert report.key_source == "given" and report.samples == 7 and report.shards == 2
    assert RELEASE_KEY_WARNING not in report.warnings


def test_verifying_with_the_key_shipped_in_the_release_warns_it_proves_integrity_not_origin(release):
    report = verify_release(release)
    assert report.ok and report.key_source == "release"
    assert report.key_path == release / "public_key.pem" and len(report.key_id) == 64
    assert RELEASE_KEY_WARNING in report.warnings


def test_flipping_one_byte_of_a_shard_is_caught_at_the_shard_digests(release, public_key):
    shard = release / "shards/shard-00001.parquet"
    data = bytearray(shard.read_bytes())
    data[len(data) // 2] ^= 0x01
    shard.write_bytes(bytes(data))
    name, detail = _failure(verify_release(release, public_key))
    assert name == "shards" and "shards/shard-00001.parquet: sha256" in detail


def test_a_shard_rewritten_with_one_altered_row_is_caught_at_the_shard_digests(release, public_key):
    _unredact_one_row(release / "shards/shard-00000.parquet")
    assert pq.read_table(release / "shards/shard-00000.parquet").num_rows == 4  # still valid Parquet
    name, detail = _failure(verify_release(release, public_key))
    assert name == "shards" and "shard-00000" in detail
    assert "Jeanne" not in detail


def test_an_altered_row_re_signed_by_someone_else_fails_the_signature_with_the_publishers_key(
    release, public_key, other_key
):
    _unredact_one_row(release / "shards/shard-00000.parquet")
    _resign(release, other_key, _refresh_digests(release, _statement(release)))
    name, detail = _failure(verify_release(release, public_key))
    assert name == "signature" and "signed by key SHA256:" in detail


def test_an_altered_row_re_signed_with_the_release_key_is_caught_at_its_fingerprint(release, other_key):
    victim = _unredact_one_row(release / "shards/shard-00000.parquet")
    _resign(release, other_key, _refresh_digests(release, _statement(release)))
    name, detail = _failure(verify_release(release))  # trusting the key inside the release
    assert name == "fingerprints"
    assert f"sample {victim['sample_id']}" in detail and "shards/shard-00000.parquet row" in detail
    assert "Jeanne" not in detail and "Martin" not in detail


def test_an_altered_row_with_a_recomputed_fingerprint_is_caught_at_the_merkle_root(release, other_key):
    _unredact_one_row(release / "shards/shard-00000.parquet", keep_fingerprint=False)
    _resign(release, other_key, _refresh_digests(release, _statement(release)))
    name, detail = _failure(verify_release(release))
    assert name == "merkle_root" and "differs from the manifest" in detail


def test_a_row_count_that_disagrees_with_the_manifest_is_caught(release, other_key):
    statement = _statement(release)
    statement["predicate"]["shards"][0]["rows"] += 1
    _resign(release, other_key, statement)
    name, detail = _failure(verify_release(release))
    assert name == "row_counts" and detail == "shards/shard-00000.parquet: 4 rows, the manifest says 5"


def test_altering_the_manifest_payload_is_caught_at_the_signature(release, public_key):
    path = release / "manifest.dsse.json"
    envelope = json.loads(path.read_text())
    statement = json.loads(base64.b64decode(envelope["payload"]))
    statement["predicate"]["counts"]["by_licence"]["CC-BY-SA-4.0"] = 0  # hide the share-alike samples
    envelope["payload"] = base64.b64encode(json.dumps(statement).encode()).decode()
    path.write_text(json.dumps(envelope))
    for key in (public_key, None):
        name, detail = _failure(verify_release(release, key))
        assert name == "signature" and "does not verify" in detail


def test_altering_the_signature_is_caught_at_the_signature(release, public_key):
    path = release / "manifest.dsse.json"
    envelope = json.loads(path.read_text())
    signature = bytearray(base64.b64decode(envelope["signatures"][0]["sig"]))
    signature[-1] ^= 0x01
    envelope["signatures"][0]["sig"] = base64.b64encode(bytes(signature)).decode()
    path.write_text(json.dumps(envelope))
    assert _failure(verify_release(release, public_key))[0] == "signature"


def test_a_wrong_key_is_rejected(release, other_key):
    name, detail = _failure(verify_release(release, other_key.with_name("signing_key.pub.pem")))
    assert name == "signature" and "not by this key" in detail


def test_a_shard_missing_or_added_after_signing_is_caught(release, public_key, tmp_path):
    shutil.copy(release / "shards/shard-00000.parquet", release / "shards/shard-00002.parquet")
    name, detail = _failure(verify_release(release, public_key))
    assert name == "shards" and "shard-00002.parquet is in the release but not in the signed manifest" in detail
    (release / "shards/shard-00002.parquet").unlink()
    (release / "shards/shard-00001.parquet").unlink()
    name, detail = _failure(verify_release(release, public_key))
    assert name == "shards" and "shard-00001.parquet is in the manifest but missing" in detail


def test_a_broken_envelope_is_named_as_such(release, public_key):
    path = release / "manifest.dsse.json"
    envelope = json.loads(path.read_text())
    path.write_text(json.dumps({**envelope, "payloadType": "text/plain"}))
    assert _failure(verify_release(release, public_key)) == (
        "envelope",
        "payloadType is 'text/plain', expected application/vnd.in-toto+json",
    )
    path.write_text("{not json")
    name, detail = _failure(verify_release(release, public_key))
    assert name == "envelope" and "not a DSSE envelope" in detail
    path.unlink()
    assert _failure(verify_release(release, public_key))[0] == "envelope"


def test_the_envelope_verifies_with_a_verifier_written_independently_of_the_signing_code(release, public_key):
    envelope = json.loads((release / "manifest.dsse.json").read_bytes())
    assert set(envelope) == {"payloadType", "payload", "signatures"}
    payload_type = envelope["payloadType"].encode()
    body = base64.b64decode(envelope["payload"])
    # DSSE v1 PAE, by hand: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body
    pae = b" ".join([b"DSSEv1", str(len(payload_type)).encode(), payload_type, str(len(body)).encode(), body])
    key = serialization.load_pem_public_key((release / "public_key.pem").read_bytes())
    assert key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ) == serialization.load_pem_public_key(public_key.read_bytes()).public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    [signature] = envelope["signatures"]
    key.verify(base64.b64decode(signature["sig"]), pae, ec.ECDSA(hashes.SHA256()))  # raises if invalid
    with pytest.raises(InvalidSignature):
        key.verify(base64.b64decode(signature["sig"]), pae + b" ", ec.ECDSA(hashes.SHA256()))
    # The keyid is the OpenSSH-style fingerprint cosign derives for --key.
    ssh_blob = base64.b64decode(
        key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).split()[1]
    )
    assert signature["keyid"] == "SHA256:" + base64.b64encode(hashlib.sha256(ssh_blob).digest()).decode().rstrip("=")
    statement = json.loads(body)
    assert statement["_type"] == "https://in-toto.io/Statement/v1"
    assert statement["predicateType"] == "https://provenance.dev/certified-release/v1"
    assert {s["name"]: s["digest"]["sha256"] for s in statement["subject"]} == {
        f"shards/{p.name}": hashlib.sha256(p.read_bytes()).hexdigest() for p in (release / "shards").iterdir()
    }


def test_the_verify_command_prints_its_checks_and_exits_non_zero_naming_the_first_failure(release, public_key):
    import typer

    from provenance.certify.cli import verify

    app = typer.Typer()
    app.command()(verify)
    runner = CliRunner()
    ok = runner.invoke(app, [str(release), "--key", str(public_key)])
    assert ok.exit_code == 0, ok.output
    for name in CHECKS:
        assert name in ok.output
    assert "verifies" in ok.output
    shard = release / "shards/shard-00000.parquet"
    shard.write_bytes(shard.read_bytes()[:-10])
    bad = runner.invoke(app, [str(release), "--key", str(public_key)])
    assert bad.exit_code == 1
    assert "verification failed at shards" in bad.output
    assert "not run" in bad.output


def test_the_keygen_command_refuses_to_overwrite(tmp_path):
    import typer

    from provenance.certify.cli import keygen

    app = typer.Typer()
    app.command()(keygen)
    runner = CliRunner()
    first = runner.invoke(app, [str(tmp_path)])
    assert first.exit_code == 0 and "key id:" in first.output
    second = runner.invoke(app, [str(tmp_path)])
    assert second.exit_code == 1 and "refusing to overwrite" in second.output


def test_the_openssl_recipe_in_the_docs_verifies_a_release_and_catches_a_changed_shard(release, public_key):
    import re
    import shutil as sh
    import subprocess
    from pathlib import Path

    if not all(sh.which(tool) for tool in ("bash", "jq", "openssl", "sha256sum", "base64")):
        pytest.skip("bash, jq, openssl, sha256sum or base64 is not installed")
    doc = (Path(__file__).resolve().parents[2] / "docs" / "certify.md").read_text()
    recipe = re.search(r"### With openssl only\n\n```\n(.*?)```", doc, re.S).group(1)
    recipe = recipe.replace("cd releases/<release_id>", f"cd {release}").replace(
        "publisher_public_key.pem", str(public_key)
    )
    ok = subprocess.run(["bash", "-euo", "pipefail", "-c", recipe], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "Verified OK" in ok.stdout and ok.stdout.count(": OK") == 2
    assert sorted(p.name for p in release.iterdir()) == ["manifest.dsse.json", "public_key.pem", "shards"]
    shard = release / "shards/shard-00001.parquet"
    shard.write_bytes(shard.read_bytes().replace(b"PAR1", b"PAR2", 1))
    bad = subprocess.run(["bash", "-euo", "pipefail", "-c", recipe], capture_output=True, text=True)
    assert bad.returncode != 0 and "shard-00001.parquet: FAILED" in bad.stdout


def test_a_manifest_keeping_names_without_a_basis_or_miscounting_a_source_is_caught(release, other_key):
    statement = _statement(release)
    entries = statement["predicate"]["personal_data"]["person_names"]
    assert sum(e["samples"] for e in entries) == verify_release(release).samples
    entries[0].update(person_names="keep", basis="  ")
    _resign(release, other_key, statement)
    name, detail = _failure(verify_release(release))
    assert name == "personal_data"
    assert detail == f"source {entries[0]['source_id']} keeps person names with no basis stated"

    entries[0].update(person_names="redact", basis=None, samples=entries[0]["samples"] + 1)
    _resign(release, other_key, statement)
    name, detail = _failure(verify_release(release))
    assert name == "personal_data" and detail.startswith(f"source {entries[0]['source_id']}: the manifest states")


def test_a_release_made_before_per_source_policies_still_verifies_and_says_so(release, other_key):
    statement = _statement(release)
    del statement["predicate"]["personal_data"]
    _resign(release, other_key, statement)
    report = verify_release(release)
    assert report.ok
    assert any("states no person-name policy" in w for w in report.warnings)


# --- Tampering: files no signature covers, a release under another name, and what the command says --------------


def _verify_command(*args):
    import typer

    from provenance.certify.cli import verify

    app = typer.Typer()
    app.command()(verify)
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.mark.parametrize(
    "planted",
    ["shards/extra/shard-00000.parquet", "shards/.hidden/shard-00009.parquet", "samples.parquet", "README.txt"],
)
def test_any_file_the_manifest_does_not_list_fails_wherever_it_is(release, public_key, planted):
    target = release / planted
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(release / "shards/shard-00000.parquet", target)  # a real shard, but unsigned where it is
    name, detail = _failure(verify_release(release, public_key))
    assert (name, detail) == ("shards", f"{planted} is in the release but not in the signed manifest")


def test_a_fifo_or_a_dangling_link_in_a_release_fails_without_being_opened(release, public_key):
    import os

    os.mkfifo(release / "shards" / "shard-00002.parquet")  # opening it would block forever
    name, detail = _failure(verify_release(release, public_key))
    assert (name, detail) == ("shards", "shards/shard-00002.parquet is in the release but not a regular file")
    (release / "shards" / "shard-00002.parquet").unlink()
    (release / "shards" / "gone.parquet").symlink_to(release / "nowhere.parquet")
    assert (
        _failure(verify_release(release, public_key))[1]
        == "shards/gone.parquet is in the release but not a regular file"
    )


def test_a_validly_signed_release_copied_under_another_release_name_fails(release, public_key):
    impostor = release.with_name("r-000000000000")
    shutil.copytree(release, impostor)
    name, detail = _failure(verify_release(impostor, public_key))
    assert name == "statement"
    assert detail == f"the folder is named 'r-000000000000' but the signed manifest names release '{release.name}'"
    assert verify_release(release, public_key).ok  # the original, under its own name, still verifies


def test_a_release_named_through_dot_or_a_symlink_still_verifies(release, public_key, monkeypatch):
    (release.parent / "latest").symlink_to(release.name)
    assert verify_release(release.parent / "latest", public_key).ok
    monkeypatch.chdir(release)
    assert verify_release(Path("."), public_key).ok


def test_a_shard_column_of_the_wrong_type_fails_instead_of_raising(release, other_key):
    shard = release / "shards/shard-00000.parquet"
    table = pq.read_table(shard)
    column = table.schema.get_field_index("text")
    pq.write_table(table.set_column(column, "text", pa.array(range(table.num_rows))), shard)
    _resign(release, other_key, _refresh_digests(release, _statement(release)))
    name, detail = _failure(verify_release(release))
    assert (name, detail) == ("row_counts", "shards/shard-00000.parquet: column(s) text not of the sample type")


def test_verify_without_a_trusted_key_says_loudly_on_stderr_it_proves_integrity_only(release, public_key):
    trusted = _verify_command(release, "--key", public_key)
    assert trusted.exit_code == 0, trusted.output
    assert "INTEGRITY ONLY" not in trusted.stderr and RELEASE_KEY_WARNING not in trusted.output
    untrusted = _verify_command(release)
    assert untrusted.exit_code == 0, untrusted.output
    assert "WARNING: INTEGRITY ONLY, NO TRUSTED KEY (--key)" in untrusted.stderr
    assert RELEASE_KEY_WARNING in untrusted.stderr and "integrity only" in untrusted.stdout


def test_verify_on_a_regular_file_or_a_missing_path_is_a_clear_error_not_a_traceback(release, public_key, tmp_path):
    for path, says in [
        (release / "manifest.dsse.json", "is not a folder"),
        (tmp_path / "no-such-release", "does not exist"),
    ]:
        result = _verify_command(path, "--key", public_key)
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
        assert f"verification failed at envelope: {path} {says}" in result.stderr
        assert "Traceback" not in result.output


def test_a_private_key_readable_by_others_is_loaded_with_a_warning_naming_it(tmp_path):
    import os

    from provenance.certify.keys import keygen
    from provenance.key_files import KeyPermissionWarning

    private, _ = keygen(tmp_path)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_signing_key(private)  # 0600: silent
    os.chmod(private, 0o644)
    with pytest.warns(KeyPermissionWarning, match=rf"{private}: the private signing key is accessible .* 0644"):
        load_signing_key(private)


def test_a_fifo_in_place_of_the_manifest_or_the_public_key_fails_without_blocking(release, public_key):
    import os

    (release / "public_key.pem").unlink()
    os.mkfifo(release / "public_key.pem")
    name, detail = _failure(verify_release(release))
    assert name == "signature" and "public_key.pem: not a regular file" in detail
    (release / "manifest.dsse.json").unlink()
    os.mkfifo(release / "manifest.dsse.json")
    assert _failure(verify_release(release, public_key)) == (
        "envelope",
        f"{release / 'manifest.dsse.json'} is not a regular file",
    )


# --- Withdrawal lists: signed after publication, checked with the manifest's key ---------------------------------

REQUEST = {
    "id": "REQ-2026-0007",
    "kind": "takedown",
    "scope": "doc_id",
    "date_received": "2026-04-01",
    "reference": "TD-7",
    "legal_basis": "DSM art. 4(3)",
}


def _sample_ids(release_dir):
    return sorted(pq.read_table(release_dir / "shards", columns=["sample_id"]).column("sample_id").to_pylist())


def _withdraw(release_dir, key_path, sample_ids):
    from provenance.certify.withdrawals import write_withdrawal_list

    return write_withdrawal_list(release_dir, {s: [REQUEST["id"]] for s in sample_ids}, [REQUEST], key_path)


def test_a_release_with_a_signed_withdrawal_list_verifies_and_says_what_is_withdrawn(release, public_key, signing_key):
    withdrawn = _sample_ids(release)[:2]
    _withdraw(release, signing_key, withdrawn)
    report = verify_release(release, public_key)
    assert report.ok, report.first_failure
    assert report.withdrawn == dict.fromkeys(withdrawn, ("REQ-2026-0007",))
    assert report.checks[-1].detail == "2 of 7 samples withdrawn in 1 signed list(s), by REQ-2026-0007 (2)"
    result = _verify_command(release, "--key", public_key)
    assert result.exit_code == 0, result.output
    assert "7 samples in 2 shard(s), 2 withdrawn" in result.output


def test_a_release_without_withdrawals_says_nothing_is_withdrawn(release, public_key):
    report = verify_release(release, public_key)
    assert report.checks[-1] == ("withdrawals", True, "no withdrawal list: nothing withdrawn")


def test_a_withdrawal_list_signed_by_another_key_fails_naming_it(release, public_key, other_key):
    path = _withdraw(release, other_key, _sample_ids(release)[:1])
    name, detail = _failure(verify_release(release, public_key))
    assert name == "withdrawals" and detail.startswith(f"{path}: signature: signed by key")
    # Without --key, the release's own key is the reference: another key's list fails all the same.
    name, detail = _failure(verify_release(release))
    assert name == "withdrawals" and detail.startswith(f"{path}: signature")


def test_a_tampered_withdrawal_list_fails_naming_it(release, public_key, signing_key):
    path = _withdraw(release, signing_key, _sample_ids(release)[:2])
    envelope = json.loads(path.read_bytes())
    statement = json.loads(base64.b64decode(envelope["payload"]))
    statement["predicate"]["withdrawn"].pop()  # un-withdraw a sample
    envelope["payload"] = base64.b64encode(json.dumps(statement).encode()).decode()
    path.write_text(json.dumps(envelope))
    name, detail = _failure(verify_release(release, public_key))
    assert name == "withdrawals" and detail.startswith(f"{path}: signature: signature does not verify")
    result = _verify_command(release, "--key", public_key)
    assert result.exit_code == 1 and "verification failed at withdrawals" in result.output


def test_an_unsigned_withdrawal_list_fails_naming_it(release, public_key):
    folder = release / "withdrawals"
    folder.mkdir()
    (folder / "0001.dsse.json").write_text(json.dumps({"withdrawn": [{"sample_id": "x", "requests": ["REQ-1"]}]}))
    name, detail = _failure(verify_release(release, public_key))
    assert name == "withdrawals"
    assert detail.startswith(f"{folder / '0001.dsse.json'}: not a signed DSSE envelope")


def test_a_withdrawal_list_of_another_release_fails_naming_it(release, public_key, signing_key, tmp_path):
    from test_withdrawals import make_release

    other = make_release(tmp_path / "rel-other", signing_key, release_id="rel-other")
    _withdraw(other, signing_key, _sample_ids(release)[:1])
    shutil.copytree(other / "withdrawals", release / "withdrawals")
    name, detail = _failure(verify_release(release, public_key))
    assert name == "withdrawals"
    assert detail.startswith(f"{release / 'withdrawals/0001.dsse.json'}: its subject is not this release's manifest")


def test_a_withdrawal_list_naming_a_sample_the_release_does_not_hold_fails(release, public_key, signing_key):
    path = _withdraw(release, signing_key, ["no-such-sample"])
    name, detail = _failure(verify_release(release, public_key))
    assert (name, detail) == (
        "withdrawals",
        f"{path}: withdraws sample no-such-sample, which the release does not hold",
    )


@pytest.mark.parametrize(
    "planted", ["withdrawals/notes.txt", "withdrawals/sub/0001.dsse.json", "withdrawals/1.dsse.json", "0001.dsse.json"]
)
def test_any_other_unlisted_file_near_the_withdrawal_lists_still_fails(release, public_key, signing_key, planted):
    real = _withdraw(release, signing_key, _sample_ids(release)[:1])
    target = release / planted
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(real, target)
    name, detail = _failure(verify_release(release, public_key))
    assert (name, detail) == ("shards", f"{planted} is in the release but not in the signed manifest")
