"""Per-sample commitments and the RFC 6962 Merkle tree over them, with inclusion proofs.

A sample's commitment is sha256 over the length-prefixed UTF-8 fields
``(sample_id, fingerprint, licence, source_id, doc_id, sha256(text) hex)``, after the
domain tag ``provenance.sample-commitment/v1``. Leaves are the commitments ordered by
``sample_id``; leaf hash = sha256(0x00 || commitment), node hash = sha256(0x01 || left || right),
the empty tree's root is sha256(b""). An inclusion proof reveals one sample's fields and
log2(n) sibling hashes, nothing about the other samples.
"""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Sequence
from dataclasses import asdict, dataclass

COMMITMENT_TAG = b"provenance.sample-commitment/v1"


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sample_commitment(
    sample_id: str, fingerprint: str, licence: str, source_id: str, doc_id: str, text_sha256_hex: str
) -> bytes:
    """The 32-byte commitment to one sample. Length prefixes make the encoding unambiguous."""
    h = hashlib.sha256(COMMITMENT_TAG)
    for value in (sample_id, fingerprint, licence, source_id, doc_id, text_sha256_hex):
        raw = value.encode("utf-8")
        h.update(struct.pack(">I", len(raw)))
        h.update(raw)
    return h.digest()


def leaf_hash(commitment: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + commitment).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _levels(commitments: Sequence[bytes]) -> list[list[bytes]]:
    """Every level of the tree, leaves first. Pairing left to right and carrying a lone last
    node up unchanged builds exactly RFC 6962's tree (split at the largest power of two)."""
    level = [leaf_hash(c) for c in commitments]
    levels = [level]
    while len(level) > 1:
        nxt = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        levels.append(nxt)
        level = nxt
    return levels


def merkle_root(commitments: Sequence[bytes]) -> str:
    """Hex root over the commitments, in the given order."""
    if not commitments:
        return hashlib.sha256(b"").hexdigest()
    level = [leaf_hash(c) for c in commitments]
    while len(level) > 1:
        nxt = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    return level[0].hex()


def audit_path(commitments: Sequence[bytes], index: int) -> list[bytes]:
    """RFC 6962 audit path for leaf ``index``: sibling hashes from the leaf up."""
    if not 0 <= index < len(commitments):
        raise IndexError(f"leaf {index} outside a tree of {len(commitments)}")
    path = []
    for level in _levels(commitments)[:-1]:
        sibling = index ^ 1
        if sibling < len(level):
            path.append(level[sibling])
        index //= 2
    return path


def root_from_path(commitment: bytes, index: int, tree_size: int, path: Sequence[bytes]) -> bytes | None:
    """The root an audit path leads to (RFC 9162 section 2.1.3.2), or None if the path cannot fit the tree."""
    if not 0 <= index < tree_size:
        return None
    fn, sn = index, tree_size - 1
    node = leaf_hash(commitment)
    for sibling in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            node = node_hash(sibling, node)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            node = node_hash(node, sibling)
        fn >>= 1
        sn >>= 1
    return node if sn == 0 else None


@dataclass(frozen=True)
class InclusionProof:
    """Proof that one sample is in a release, checkable against the release's signed Merkle root."""

    release_id: str
    sample_id: str
    fingerprint: str
    licence: str
    source_id: str
    doc_id: str
    text_sha256: str
    leaf_index: int
    tree_size: int
    audit_path: tuple[str, ...]
    merkle_root: str

    def commitment(self) -> bytes:
        return sample_commitment(
            self.sample_id, self.fingerprint, self.licence, self.source_id, self.doc_id, self.text_sha256
        )

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, data: str) -> InclusionProof:
        d = json.loads(data)
        d["audit_path"] = tuple(d["audit_path"])
        return cls(**d)


def verify_inclusion(proof: InclusionProof, merkle_root_hex: str, text: str | None = None) -> bool:
    """Whether ``proof`` leads to ``merkle_root_hex`` (take it from a verified manifest, not the proof);
    with ``text``, also whether that text is the sample's text."""
    if text is not None and text_sha256(text) != proof.text_sha256:
        return False
    try:
        path = [bytes.fromhex(h) for h in proof.audit_path]
    except ValueError:
        return False
    root = root_from_path(proof.commitment(), proof.leaf_index, proof.tree_size, path)
    return root is not None and root.hex() == merkle_root_hex
