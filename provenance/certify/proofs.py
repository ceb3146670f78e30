"""Inclusion proofs: show that one sample is in a release without revealing any other sample.

A proof carries the sample's committed fields (sample_id, fingerprint, licence, source_id,
doc_id, sha256 of its text) and its RFC 6962 audit path. Anyone holding the release's
verified manifest checks it with :func:`verify_inclusion` against the signed Merkle root.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from provenance.certify.dsse import parse_envelope
from provenance.certify.manifest import MANIFEST_FILE, parse_statement
from provenance.certify.merkle import InclusionProof, audit_path, sample_commitment, text_sha256, verify_inclusion

__all__ = ["InclusionProof", "inclusion_proof", "release_merkle_root", "verify_inclusion"]


def release_merkle_root(release_dir: Path) -> str:
    """The Merkle root the release's manifest states. Verify the release first: this does not check the signature."""
    statement = parse_statement(parse_envelope((Path(release_dir) / MANIFEST_FILE).read_bytes()).payload)
    return statement["predicate"]["merkle"]["root"]


def inclusion_proof(release_dir: Path, sample_id: str) -> InclusionProof:
    """The proof that ``sample_id`` is in the release at ``release_dir``. Raises KeyError if it is not."""
    release_dir = Path(release_dir)
    statement = parse_statement(parse_envelope((release_dir / MANIFEST_FILE).read_bytes()).payload)
    columns = ["sample_id", "text", "fingerprint", "licence", "source_id", "doc_id"]
    leaves: list[tuple[str, bytes]] = []
    fields = None
    for subject in statement["subject"]:
        for batch in pq.ParquetFile(release_dir / subject["name"]).iter_batches(batch_size=2048, columns=columns):
            values = {c: batch.column(c).to_pylist() for c in columns}
            for i in range(batch.num_rows):
                row = {c: values[c][i] for c in columns}
                row["text_sha256"] = text_sha256(row.pop("text"))
                leaves.append(
                    (
                        row["sample_id"],
                        sample_commitment(
                            row["sample_id"],
                            row["fingerprint"],
                            row["licence"],
                            row["source_id"],
                            row["doc_id"],
                            row["text_sha256"],
                        ),
                    )
                )
                if row["sample_id"] == sample_id:
                    fields = row
    if fields is None:
        raise KeyError(f"sample {sample_id} is not in release {release_dir.name}")
    leaves.sort(key=lambda leaf: leaf[0])
    index = next(i for i, (sid, _) in enumerate(leaves) if sid == sample_id)
    commitments = [c for _, c in leaves]
    return InclusionProof(
        release_id=statement["predicate"]["release_id"],
        leaf_index=index,
        tree_size=len(commitments),
        audit_path=tuple(h.hex() for h in audit_path(commitments, index)),
        merkle_root=statement["predicate"]["merkle"]["root"],
        **fields,
    )
