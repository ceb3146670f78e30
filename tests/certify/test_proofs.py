"""Inclusion proofs: one sample's presence is provable against the signed root, revealing no other sample."""

import dataclasses
import hashlib

import pyarrow.parquet as pq
import pytest
from certify_inputs import CREATED_AT, corpus

from provenance.certify.merkle import InclusionProof, audit_path, merkle_root, root_from_path, verify_inclusion
from provenance.certify.proofs import inclusion_proof, release_merkle_root
from provenance.certify.release import build_release
from provenance.certify.verify import verify_release


def _reference_root(leaves):
    """RFC 6962 section 2.1 MTH, written from the RFC's recursive definition."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(b"\x01" + _reference_root(leaves[:k]) + _reference_root(leaves[k:])).digest()


def _reference_path(m, leaves):
    """RFC 6962 section 2.1.1 PATH(m, D[n])."""
    if len(leaves) <= 1:
        return []
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    if m < k:
        return [*_reference_path(m, leaves[:k]), _reference_root(leaves[k:])]
    return [*_reference_path(m - k, leaves[k:]), _reference_root(leaves[:k])]


@pytest.mark.parametrize("size", [0, 1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 17])
def test_the_merkle_tree_is_rfc_6962s_and_every_audit_path_proves_its_leaf(size):
    leaves = [hashlib.sha256(str(i).encode()).digest() for i in range(size)]
    root = merkle_root(leaves)
    assert root == _reference_root(leaves).hex()
    for m in range(size):
        path = audit_path(leaves, m)
        assert path == _reference_path(m, leaves)
        assert root_from_path(leaves[m], m, size, path).hex() == root
        if size > 1:
            assert root_from_path(leaves[m], (m + 1) % size, size, path) != bytes.fromhex(root)


@pytest.fixture
def release(workspace, signing_key):
    corpus(workspace)
    return build_release(
        workspace, signing_key_path=signing_key, created_at=CREATED_AT, git_commit="c" * 40, shard_max_rows=3
    ).release_dir


def test_an_inclusion_proof_verifies_against_the_signed_root(release, signing_key):
    assert verify_release(release, signing_key.with_name("signing_key.pub.pem")).ok
    root = release_merkle_root(release)
    rows = pq.read_table(release / "shards/shard-00001.parquet").to_pylist()
    for row in rows:
        proof = inclusion_proof(release, row["sample_id"])
        assert proof.merkle_root == root and proof.tree_size == 7
        assert verify_inclusion(proof, root)
        assert verify_inclusion(proof, root, text=row["text"])
        assert verify_inclusion(InclusionProof.from_json(proof.to_json()), root)
        # The proof carries hashes of other samples, never their text or ids.
        assert not any(
            other["text"] in proof.to_json() or other["sample_id"] in proof.to_json()
            for other in rows
            if other["sample_id"] != row["sample_id"]
        )


def test_an_inclusion_proof_fails_for_a_tampered_sample(release):
    root = release_merkle_root(release)
    row = pq.read_table(release / "shards/shard-00000.parquet").to_pylist()[0]
    proof = inclusion_proof(release, row["sample_id"])
    assert not verify_inclusion(dataclasses.replace(proof, licence="CC0-1.0"), root)
    assert not verify_inclusion(dataclasses.replace(proof, source_id="hansard"), root)
    assert not verify_inclusion(proof, root, text=row["text"] + " (modifié)")
    assert not verify_inclusion(dataclasses.replace(proof, leaf_index=(proof.leaf_index + 1) % proof.tree_size), root)
    assert not verify_inclusion(dataclasses.replace(proof, audit_path=proof.audit_path[:-1]), root)
    assert not verify_inclusion(proof, "0" * 64)


def test_asking_a_proof_for_a_sample_not_in_the_release_says_so(release):
    with pytest.raises(KeyError, match="not in release"):
        inclusion_proof(release, "f" * 32)
