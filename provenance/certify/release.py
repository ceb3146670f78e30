"""Building a release: fingerprint and deduplicate every cleared dump, write shards, sign the manifest, publish.

``build_release`` streams, with memory bounded by one fingerprint bucket rather than by the corpus:

1. *Partition* (:mod:`provenance.certify.partition`): every cleared row, and every earlier release's
   sample, is spilled to the bucket of its fingerprint; rows certify cannot publish become
   ``quarantined`` decisions.
2. *Decide* (:mod:`provenance.certify.build`): buckets are read in fingerprint order, each
   fingerprint's survivor goes to the shards, every other copy gets a ``duplicate`` decision naming it.
3. *Commit*: the Merkle root over per-sample commitments, the in-toto statement
   (:mod:`provenance.certify.predicate`), its DSSE signature and the public key are written beside the
   shards in a hidden ``releases/.building-*`` folder. The release's lineage facts are published first, to
   ``staging/certified_release/<id>/`` through :func:`provenance.workspace.publish_stage`
   (:mod:`provenance.certify.publish`); then one rename makes ``releases/<id>/``
   (:func:`provenance.workspace.publish_release_dir`).

Crash consistency: a release visible under ``releases/`` always has its lineage facts, so a run killed
right after the rename leaves a release the next build counts as earlier ("nothing new") and the next
lineage build finds whole. A run killed before the rename leaves facts and no release: the next build
makes the same release again (same inputs, same id) and replaces them. A release without lineage facts
(left by an older version killed after the rename) is not counted as earlier: it is built again, and when
the content is the same it is kept as it is and its facts are published.

Per release: cleared rows = samples + duplicates + already released + quarantined.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePrivateKey

from provenance.certify.build import ReleaseBuild, sample_id_for
from provenance.certify.dsse import envelope_bytes, parse_envelope, sign_envelope
from provenance.certify.inputs import CertifyInputError, ClearedInput, cleared_inputs, earlier_releases
from provenance.certify.keys import key_id, load_signing_key, public_key_pem
from provenance.certify.manifest import (
    MANIFEST_FILE,
    PREDICATE_TYPE,
    PUBLIC_KEY_FILE,
    build_statement,
    statement_bytes,
)
from provenance.certify.predicate import ReleaseContracts, release_predicate
from provenance.certify.publish import existing_content, lineage_published, publish_lineage
from provenance.certify.shards import DEFAULT_SHARD_MAX_BYTES, DEFAULT_SHARD_MAX_ROWS, ShardInfo
from provenance.certify.spill import bucket_bits
from provenance.contracts import file_sha256, load_sources
from provenance.leftovers import owner_token
from provenance.stats import ReleaseStats
from provenance.workspace import Workspace, publish_release_dir

__all__ = ["CertifyInputError", "ReleaseResult", "build_release", "sample_id_for"]

DEFAULT_BUCKET_BYTES = 64 << 20

_RELEASE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


@dataclass
class ReleaseResult:
    """What ``build_release`` did. ``published`` is False when there was nothing new to release."""

    release_id: str | None
    release_dir: Path | None
    published: bool
    #: True when an identical release already existed under this id and was left as it was
    unchanged: bool = False
    cleared: int = 0
    samples: int = 0
    duplicates: int = 0
    already_released: int = 0
    quarantined: int = 0
    shards: list[ShardInfo] = field(default_factory=list)
    merkle_root: str = ""
    manifest_sha256: str = ""
    statement_sha256: str = ""
    key_id: str = ""
    counts: dict = field(default_factory=dict)
    lineage_dir: Path | None = None
    message: str = ""

    def lineage_stats(self) -> ReleaseStats:
        """The release's lineage facts in brief, as its ``_stats.json`` holds them."""
        assert self.release_id is not None
        return ReleaseStats(
            release_id=self.release_id,
            predicate_type=PREDICATE_TYPE,
            cleared=self.cleared,
            samples=self.samples,
            duplicates=self.duplicates,
            already_released=self.already_released,
            quarantined=self.quarantined,
            shards=len(self.shards),
            merkle_root=self.merkle_root,
            manifest_sha256=self.manifest_sha256,
            key_id=self.key_id,
        )


@dataclass(frozen=True)
class _Request:
    """What a release build was asked for, and what it was given to build from."""

    release_id: str | None
    private_key: EllipticCurvePrivateKey
    contracts: ReleaseContracts
    inputs: list[ClearedInput]
    earlier: list[Path]
    created: dt.datetime
    git_commit: str | None


def build_release(
    workspace: Workspace,
    *,
    signing_key_path: Path,
    release_id: str | None = None,
    shard_max_rows: int = DEFAULT_SHARD_MAX_ROWS,
    shard_max_bytes: int = DEFAULT_SHARD_MAX_BYTES,
    created_at: dt.datetime | None = None,
    git_commit: str | None = None,
    bucket_bytes: int = DEFAULT_BUCKET_BYTES,
) -> ReleaseResult:
    """Certify every cleared dump of ``workspace`` into ``releases/<release_id>/``, signed with the key at
    ``signing_key_path``. The default id is ``r-`` + 12 hex of the release's content digest.

    Nothing new (every cleared document already released): publishes nothing, ``published`` is False.
    The same id with identical content: leaves the release as it was (``unchanged``). The same id with
    other content: replaces it atomically.
    """
    ws = workspace
    if release_id is not None and not _RELEASE_ID.match(release_id):
        raise ValueError(
            f"release id {release_id!r}: use letters, digits, '.', '_' or '-', starting with a letter or digit"
        )
    private_key = load_signing_key(Path(signing_key_path))
    sources = load_sources(ws.contracts)
    contracts = ReleaseContracts.load(ws.contracts)
    inputs = cleared_inputs(ws, sources)
    earlier = [p for p in earlier_releases(ws, rebuilding=release_id) if lineage_published(ws, p.name)]
    request = _Request(
        release_id, private_key, contracts, inputs, earlier, created_at or dt.datetime.now(dt.UTC), git_commit
    )
    ws.releases.mkdir(parents=True, exist_ok=True)
    token = owner_token()
    work = ws.releases / f".work-{token}"
    out = ws.releases / f".building-{token}"
    work.mkdir()
    out.mkdir()
    build = None
    try:
        bits = bucket_bits(sum(i.uncompressed_bytes for i in inputs), bucket_bytes)
        priorities = {s.id: s.priority for s in sources.values()}
        build = ReleaseBuild(ws, work, out, priorities, bits, shard_max_rows, shard_max_bytes)
        for release_dir in earlier:
            build.spill_prior(release_dir)
        for item in inputs:
            build.spill_dump(item)
        build.decide_all()
        return _commit(ws, build, build.close_sinks(), request)
    except BaseException:
        if build is not None:
            build.abort()
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)


def _commit(ws: Workspace, build: ReleaseBuild, shards: list[ShardInfo], request: _Request) -> ReleaseResult:
    """Sign and publish what ``build`` wrote (or nothing, when nothing is new) and its lineage facts."""
    counts = build.counts
    root = build.merkle_root()
    decisions_sha256 = build.decisions_digest.hexdigest()
    content_digest = hashlib.sha256(f"{root}\n{decisions_sha256}".encode()).hexdigest()
    rid = request.release_id or f"r-{content_digest[:12]}"
    signer_id = key_id(request.private_key.public_key())
    result = ReleaseResult(
        release_id=rid,
        release_dir=None,
        published=False,
        cleared=counts["cleared"],
        samples=counts["samples"],
        duplicates=counts["duplicates"],
        already_released=counts["already_released"],
        quarantined=counts["quarantined"],
        shards=shards,
        merkle_root=root,
        key_id=signer_id,
    )
    if counts["samples"] == 0 and counts["duplicates"] == 0 and counts["quarantined"] == 0:
        result.release_id = None
        result.message = (
            f"nothing new to release: all {counts['cleared']} cleared documents were already published or "
            f"decided in {len(request.earlier)} earlier release(s)"
            if counts["cleared"]
            else "no cleared documents to release"
        )
        return result
    predicate = release_predicate(
        ws,
        build,
        release_id=rid,
        created=request.created,
        git_commit=request.git_commit,
        signer_id=signer_id,
        contracts=request.contracts,
        inputs=request.inputs,
        earlier=request.earlier,
        shards=shards,
        root=root,
        decisions_sha256=decisions_sha256,
    )
    statement = statement_bytes(build_statement([s.__dict__ for s in shards], predicate))
    final = ws.releases / rid
    result.unchanged, statement = _sign(
        build.out, final, statement, key=request.private_key, result=result, decisions_sha256=decisions_sha256
    )
    result.release_dir = final
    result.published = True
    result.manifest_sha256 = file_sha256((final if result.unchanged else build.out) / MANIFEST_FILE)
    result.statement_sha256 = hashlib.sha256(statement).hexdigest()
    result.counts = predicate["counts"]
    # The facts first: a release under releases/ always has them (see the module's docstring).
    result.lineage_dir = publish_lineage(ws, build.work, result.lineage_stats())
    if not result.unchanged:
        publish_release_dir(build.out, final)
    return result


def _sign(
    out: Path,
    final: Path,
    statement: bytes,
    *,
    key: EllipticCurvePrivateKey,
    result: ReleaseResult,
    decisions_sha256: str,
) -> tuple[bool, bytes]:
    """(unchanged, the statement to publish). Same content signed by the same key: a no-op that keeps the
    published statement. Another key (rotated) or other content: signed into ``out``, to be swapped in."""
    existing = existing_content(final) if final.exists() else None
    subject = [{"name": s.name, "digest": {"sha256": s.sha256}} for s in result.shards]
    if existing == {
        "merkle_root": result.merkle_root,
        "decisions_sha256": decisions_sha256,
        "subject": subject,
        "key_id": result.key_id,
    }:
        return True, parse_envelope((final / MANIFEST_FILE).read_bytes()).payload
    (out / PUBLIC_KEY_FILE).write_bytes(public_key_pem(key.public_key()))
    (out / MANIFEST_FILE).write_bytes(envelope_bytes(sign_envelope(statement, key)))
    return False, statement
