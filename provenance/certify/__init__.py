"""Certify: fingerprint and deduplicate cleared documents, write certified shards, sign a verifiable manifest.

Modules, in the order a release is built:

- ``dedup``    the survivor rule among exact duplicates (licence class, source priority, earliest)
- ``shards``   deterministic, bounded zstd Parquet shards
- ``merkle``   per-sample commitments and the RFC 6962 Merkle tree over them, inclusion proofs
- ``manifest`` the in-toto Statement v1 and its predicate
- ``dsse``     the DSSE envelope and its ECDSA P-256 signature
- ``keys``     key pairs and key ids
- ``release``  ``build_release``: all of the above, published atomically
- ``verify``   ``verify_release``: the offline check a trainer runs before training
- ``cli``      ``provenance keygen`` and ``provenance verify``
"""
