"""Honouring requests after a release: each affected release gets its next signed withdrawal list.

Given the (release, sample, request) triples a request reaches (from the lineage's impact query), each
release gets one new list of what is not yet recorded in its earlier lists, signed with the key that
signed its manifest, so a trainer verifies both with the same public key. Honouring again adds nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq
from cryptography.hazmat.primitives.asymmetric import ec

from provenance.certify.dsse import EnvelopeError, parse_envelope, signature_matches
from provenance.certify.keys import load_signing_key
from provenance.certify.manifest import MANIFEST_FILE
from provenance.certify.shards import SHARD_DIR
from provenance.certify.withdrawals import WithdrawalError, withdrawn_samples, write_withdrawal_list


@dataclass(frozen=True)
class Honoured:
    """What honouring did to one release."""

    release_id: str
    #: the new withdrawal list, or None when every affected sample was already withdrawn by these requests
    path: Path | None
    #: samples the new list withdraws for the first time
    newly_withdrawn: int
    #: (sample, request) pairs the new list records, including samples an earlier request already withdrew
    recorded: int
    #: (sample, request) pairs already recorded by an earlier list
    already: int


def honour(
    release_dirs: Iterable[Path],
    affected: Iterable[tuple[str, str, str]],
    requests: Sequence[object],
    key: ec.EllipticCurvePrivateKey | Path,
    *,
    created: dt.datetime | None = None,
) -> list[Honoured]:
    """Write the next withdrawal list of every release ``affected`` names (``(release_id, sample_id,
    request_id)`` triples); ``requests`` are the requests the triples name (dicts or objects with the fields
    of :data:`~provenance.certify.withdrawals.REQUEST_FIELDS`).

    Everything is checked before anything is written: every release named has a folder among
    ``release_dirs``, its manifest verifies with ``key``, its earlier lists verify, and it holds every
    sample named; otherwise :class:`ValueError` (or :class:`WithdrawalError`) names the release and problem.
    """
    private_key = load_signing_key(key) if isinstance(key, Path) else key
    folders = {Path(d).resolve().name: Path(d) for d in release_dirs}
    by_release: dict[str, dict[str, set[str]]] = {}
    for release_id, sample_id, request_id in affected:
        by_release.setdefault(release_id, {}).setdefault(sample_id, set()).add(request_id)
    unknown = sorted(set(by_release) - set(folders))
    if unknown:
        raise ValueError(f"release {unknown[0]}: affected by the requests, but no such release folder")
    named = {r for samples in by_release.values() for ids in samples.values() for r in ids}
    unlisted = sorted(named - {_request_id(r) for r in requests})
    if unlisted:
        raise ValueError(f"request {unlisted[0]} affects samples but is not among the requests given")
    plans = [
        _plan(folders[release_id], release_id, samples, private_key)
        for release_id, samples in sorted(by_release.items())
    ]
    return [_write(plan, requests, private_key, created) for plan in plans]


@dataclass(frozen=True)
class _Plan:
    release_dir: Path
    release_id: str
    new: dict[str, list[str]]
    newly_withdrawn: int
    already: int


def _plan(release_dir: Path, release_id: str, samples: dict[str, set[str]], key: ec.EllipticCurvePrivateKey) -> _Plan:
    _check_manifest_key(release_dir, key)
    earlier = withdrawn_samples(release_dir, key.public_key())
    missing = sorted(set(samples) - _held(release_dir))
    if missing:
        raise ValueError(f"release {release_id}: sample {missing[0]} is affected but not in {release_dir / SHARD_DIR}")
    new = {}
    already = 0
    for sample_id, request_ids in samples.items():
        recorded = set(earlier.get(sample_id, ()))
        already += len(request_ids & recorded)
        if request_ids - recorded:
            new[sample_id] = sorted(request_ids - recorded)
    newly = sum(1 for s in new if s not in earlier)
    return _Plan(release_dir, release_id, new, newly, already)


def _write(
    plan: _Plan, requests: Sequence[object], key: ec.EllipticCurvePrivateKey, created: dt.datetime | None
) -> Honoured:
    recorded = sum(len(ids) for ids in plan.new.values())
    if not plan.new:
        return Honoured(plan.release_id, None, 0, 0, plan.already)
    used = {r for ids in plan.new.values() for r in ids}
    cited = [r for r in requests if _request_id(r) in used]
    path = write_withdrawal_list(plan.release_dir, plan.new, cited, key, created=created)
    return Honoured(plan.release_id, path, plan.newly_withdrawn, recorded, plan.already)


def _request_id(request: object) -> object:
    return request.get("id") if isinstance(request, Mapping) else getattr(request, "id", None)


def _check_manifest_key(release_dir: Path, key: ec.EllipticCurvePrivateKey) -> None:
    """The signing key must be the manifest's: a list signed with another key would fail every verification."""
    manifest = release_dir / MANIFEST_FILE
    try:
        envelope = parse_envelope(manifest.read_bytes())
    except OSError as exc:
        raise WithdrawalError(manifest, f"cannot be read ({exc.strerror})") from None
    except EnvelopeError as exc:
        raise WithdrawalError(manifest, f"not a DSSE envelope: {exc}") from None
    verified, why = signature_matches(envelope, key.public_key())
    if not verified:
        raise WithdrawalError(manifest, f"the signing key is not the key that signed this release ({why})")


def _held(release_dir: Path) -> set[str]:
    """Every sample id in the release's shards (one column read; the manifest's digests are verify's job)."""
    held: set[str] = set()
    for shard in sorted((release_dir / SHARD_DIR).glob("*.parquet")):
        held.update(pq.read_table(shard, columns=["sample_id"]).column("sample_id").to_pylist())
    return held
