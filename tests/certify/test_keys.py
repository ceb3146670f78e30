"""Signing keys: keygen writes a P-256 pair with a private key only its owner can read, and never overwrites one."""

import hashlib
import shutil
import stat
import subprocess

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from provenance.certify.keys import (
    SigningKeyError,
    dsse_keyid,
    key_id,
    keygen,
    load_public_key,
    load_signing_key,
)


def test_keygen_writes_a_p256_pair_whose_private_key_only_its_owner_can_read(tmp_path):
    private, public = keygen(tmp_path / "keys")
    assert private.name == "signing_key.pem" and public.name == "signing_key.pub.pem"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert b"BEGIN PRIVATE KEY" in private.read_bytes()  # PKCS#8
    assert b"BEGIN PUBLIC KEY" in public.read_bytes()  # SubjectPublicKeyInfo
    signing = load_signing_key(private)
    assert isinstance(signing.curve, ec.SECP256R1)
    assert key_id(signing.public_key()) == key_id(load_public_key(public))


def test_keygen_refuses_to_overwrite_an_existing_key_and_leaves_it_untouched(tmp_path):
    private, public = keygen(tmp_path)
    before = private.read_bytes(), public.read_bytes()
    with pytest.raises(FileExistsError, match=r"signing_key.pem already exists: refusing to overwrite"):
        keygen(tmp_path)
    assert (private.read_bytes(), public.read_bytes()) == before


def test_keygen_refuses_when_only_the_public_half_exists(tmp_path):
    (tmp_path / "signing_key.pub.pem").write_text("someone's key")
    with pytest.raises(FileExistsError, match=r"signing_key.pub.pem"):
        keygen(tmp_path)
    assert not (tmp_path / "signing_key.pem").exists()


def test_key_id_is_the_sha256_of_the_der_subject_public_key_info(tmp_path):
    _, public = keygen(tmp_path)
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    der = subprocess.run(
        ["openssl", "pkey", "-pubin", "-in", str(public), "-outform", "DER"], capture_output=True, check=True
    ).stdout
    assert key_id(load_public_key(public)) == hashlib.sha256(der).hexdigest()


def test_the_envelope_keyid_is_the_openssh_sha256_fingerprint_cosign_derives(tmp_path):
    _, public = keygen(tmp_path)
    pub = load_public_key(public)
    openssh = pub.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()
    (tmp_path / "key.pub").write_text(openssh + "\n")
    fingerprint = subprocess.run(["ssh-keygen", "-l", "-f", str(tmp_path / "key.pub")], capture_output=True, text=True)
    if fingerprint.returncode != 0:
        pytest.skip("ssh-keygen is not installed")
    assert fingerprint.stdout.split()[1] == dsse_keyid(pub)


def test_a_key_that_is_not_p256_is_rejected_with_its_file_name(tmp_path):
    path = tmp_path / "ed25519.pem"
    path.write_bytes(
        ed25519.Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    with pytest.raises(SigningKeyError, match=r"ed25519.pem: an ECDSA P-256 key is required"):
        load_signing_key(path)
    with pytest.raises(SigningKeyError, match="no such key file"):
        load_public_key(tmp_path / "missing.pem")
    (tmp_path / "garbage.pem").write_text("not a key")
    with pytest.raises(SigningKeyError, match=r"garbage.pem: not a PEM public key"):
        load_public_key(tmp_path / "garbage.pem")
