"""Opening a release for training: the manifest's signature, each shard's digest and the withdrawal lists, checked.

Trust comes only from the public key the caller gives (never the ``public_key.pem`` shipped in the release).
:func:`open_release` checks the manifest's DSSE signature with that key, the statement (this folder's release,
well-formed shard subjects) and the signed withdrawal lists before anything else. Each shard is then read once
into memory, its sha256 compared with the signed subject, and only then parsed as Parquet from that same buffer:
no row of a shard is decoded before the whole shard is verified, and verification costs no second read.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from provenance.certify.dsse import INTOTO_PAYLOAD_TYPE, EnvelopeError, parse_envelope, signature_matches
from provenance.certify.keys import SigningKeyError, key_id, load_public_key
from provenance.certify.manifest import MANIFEST_FILE, ManifestError, parse_statement
from provenance.certify.shards import SHARD_DIR

if TYPE_CHECKING:
    import datasets
    import torch.utils.data

#: A trusted public key: a PEM file's path, PEM bytes, or a loaded ECDSA P-256 key.
PublicKey = str | os.PathLike[str] | bytes | ec.EllipticCurvePublicKey
DEFAULT_BATCH_SIZE = 1024
_SUBJECT_NAME = re.compile(rf"^{SHARD_DIR}/[A-Za-z0-9._-]+\.parquet$")


class ReleaseVerificationError(ValueError):
    """A check of the release failed: nothing of the file named was (or will be) yielded.
    ``str()`` is ``"<path>: <problem>"``."""

    def __init__(self, path: Path | str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = Path(path)
        self.problem = problem


@dataclass(frozen=True)
class Shard:
    """One shard the signed manifest lists: its path inside the release, signed sha256 and declared rows."""

    name: str
    sha256: str
    rows: int | None


@dataclass(frozen=True)
class VerifiedRelease:
    """A release whose manifest and withdrawal lists verified with the caller's key; shards verify as they are read."""

    release_dir: Path
    release_id: str
    #: hex sha256 of the trusted key's DER SubjectPublicKeyInfo (``provenance verify`` prints it too)
    key_id: str
    shards: tuple[Shard, ...]
    #: withdrawn sample id -> the ids of the requests that withdrew it (never yielded)
    withdrawn: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: the signed manifest's predicate (release facts: sources, licences, Merkle root, ...)
    predicate: Mapping[str, Any] = field(default_factory=dict, repr=False)

    @property
    def declared_rows(self) -> int:
        """Rows the manifest declares across the shards, withdrawn samples included."""
        return sum(s.rows or 0 for s in self.shards)

    def iter_batches(
        self,
        columns: Sequence[str] | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        shards: Sequence[Shard | str] | None = None,
    ) -> Iterator[pa.RecordBatch]:
        """Verified, unwithdrawn rows as Arrow record batches, shard by shard in manifest order (or ``shards``).

        While one shard's rows are decoded, the next shard is read and hashed on a thread (both release the
        GIL), so verification costs almost no time; at most two shards' bytes are held in memory.
        """
        selected = self._select(shards)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="provenance-loader") as pool:
            ahead = pool.submit(self._verified_bytes, selected[0]) if selected else None
            for i, shard in enumerate(selected):
                assert ahead is not None
                data = ahead.result()  # this shard's ReleaseVerificationError, before any of its rows
                ahead = pool.submit(self._verified_bytes, selected[i + 1]) if i + 1 < len(selected) else None
                yield from self._batches(shard, data, columns, batch_size)

    def shard_batches(
        self, shard: Shard | str, columns: Sequence[str] | None = None, batch_size: int = DEFAULT_BATCH_SIZE
    ) -> Iterator[pa.RecordBatch]:
        """One shard's rows, after its whole content was read and its sha256 matched the signed subject."""
        shard = self._shard(shard)
        return self._batches(shard, self._verified_bytes(shard), columns, batch_size)

    def _verified_bytes(self, shard: Shard) -> pa.Buffer:
        return verified_bytes(self.release_dir / shard.name, shard.sha256)

    def _batches(
        self, shard: Shard, data: pa.Buffer, columns: Sequence[str] | None, batch_size: int
    ) -> Iterator[pa.RecordBatch]:
        path = self.release_dir / shard.name
        parquet = _parquet(path, data)
        wanted = list(columns) if columns is not None else None
        withdrawn = pa.array(sorted(self.withdrawn), pa.string()) if self.withdrawn else None
        read = wanted
        if withdrawn is not None and wanted is not None and "sample_id" not in wanted:
            read = [*wanted, "sample_id"]  # needed to skip withdrawn samples, dropped again in _kept
        unknown = [c for c in read or () if c not in parquet.schema_arrow.names]
        if unknown:
            raise ValueError(
                f"{path}: no column {unknown[0]!r}; its columns are {', '.join(parquet.schema_arrow.names)}"
            )
        try:
            for batch in parquet.iter_batches(batch_size=batch_size, columns=read, use_threads=True):
                kept = batch if withdrawn is None else _kept(batch, withdrawn, wanted)
                if kept.num_rows:
                    yield kept
        except (KeyError, pa.ArrowException) as exc:
            raise ReleaseVerificationError(
                path, f"cannot be read as the sample Parquet it was signed as ({exc})"
            ) from exc

    def to_hf_dataset(self, columns: Sequence[str] | None = None) -> datasets.Dataset:
        """A Hugging Face ``datasets.Dataset`` held in memory, built from verified Arrow batches (extra ``hf``)."""
        from provenance.loader.hf import hf_dataset

        return hf_dataset(self, columns)

    def to_hf_iterable_dataset(
        self, columns: Sequence[str] | None = None, batch_size: int = DEFAULT_BATCH_SIZE
    ) -> datasets.IterableDataset:
        """A streaming ``datasets.IterableDataset``; its shards are ``gen_kwargs`` so workers split them (extra ``hf``)."""
        from provenance.loader.hf import hf_iterable_dataset

        return hf_iterable_dataset(self, columns, batch_size)

    def torch_dataset(
        self,
        columns: Sequence[str] | None = None,
        *,
        rank: int | None = None,
        world_size: int | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> torch.utils.data.IterableDataset:
        """A PyTorch ``IterableDataset`` of row dicts whose shards split across data-loader workers and ranks
        (``rank``/``world_size`` default to ``torch.distributed`` when it is initialised; extra ``torch``)."""
        from provenance.loader.torch_data import ReleaseIterableDataset

        return ReleaseIterableDataset(self, columns, rank=rank, world_size=world_size, batch_size=batch_size)

    def _select(self, shards: Sequence[Shard | str] | None) -> list[Shard]:
        return list(self.shards) if shards is None else [self._shard(s) for s in shards]

    def _shard(self, shard: Shard | str) -> Shard:
        name = shard.name if isinstance(shard, Shard) else shard
        for known in self.shards:
            if known.name == name:
                return known
        raise ReleaseVerificationError(self.release_dir / name, "is not a shard the signed manifest lists")


def open_release(release_dir: str | os.PathLike[str], public_key: PublicKey) -> VerifiedRelease:
    """Open ``release_dir`` (``releases/<release_id>``) trusting only ``public_key``.

    Checks the manifest's DSSE signature with that key, then the signed statement (it names this folder's
    release; its subjects are shards), then every withdrawal list; raises :class:`ReleaseVerificationError`
    naming the file at the first failure. Shard digests are checked as each shard is read.
    """
    folder = Path(release_dir)
    key = trusted_key(public_key)
    statement = _verified_statement(folder, key)
    predicate = statement["predicate"]
    declared = {s.get("name"): s.get("rows") for s in predicate["shards"] if isinstance(s, dict)}
    shards = tuple(
        Shard(s["name"], s["digest"]["sha256"], declared.get(s["name"]))
        for s in sorted(statement["subject"], key=lambda s: s["name"])
    )
    return VerifiedRelease(
        release_dir=folder,
        release_id=predicate["release_id"],
        key_id=key_id(key),
        shards=shards,
        withdrawn=_withdrawn(folder, key),
        predicate=predicate,
    )


def trusted_key(public_key: PublicKey) -> ec.EllipticCurvePublicKey:
    """The caller's ECDSA P-256 public key, loaded; a missing or unusable key raises naming it."""
    if public_key is None:
        raise ReleaseVerificationError(
            "public_key", "a trusted public key is required (the key shipped inside a release proves nothing)"
        )
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        key: object = public_key
    elif isinstance(public_key, bytes):
        try:
            key = serialization.load_pem_public_key(public_key)
        except (ValueError, TypeError) as exc:
            raise ReleaseVerificationError("public_key", f"the bytes given are not a PEM public key ({exc})") from None
    else:
        try:
            return load_public_key(Path(public_key))
        except SigningKeyError as exc:
            raise ReleaseVerificationError(Path(public_key), f"no usable public key: {exc}") from None
    if isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1):
        return key
    raise ReleaseVerificationError("public_key", f"an ECDSA P-256 public key is required, found {type(key).__name__}")


def verified_bytes(path: Path, sha256: str) -> pa.Buffer:
    """The whole file, read once, if its sha256 is ``sha256``; else :class:`ReleaseVerificationError`."""
    try:
        if not path.is_file():  # a folder or a FIFO is never opened (a FIFO would block)
            what = "is missing" if not path.exists() else "is not a regular file"
            raise ReleaseVerificationError(path, f"{what}, but the signed manifest lists it")
        data = path.read_bytes()
    except OSError as exc:
        raise ReleaseVerificationError(path, f"cannot be read ({exc.strerror})") from None
    actual = hashlib.sha256(data).hexdigest()
    if actual != sha256:
        raise ReleaseVerificationError(
            path, f"sha256 {actual} differs from the signed {sha256}: the shard was altered; none of its rows is read"
        )
    return pa.py_buffer(data)


def _kept(batch: pa.RecordBatch, withdrawn: pa.Array, columns: list[str] | None) -> pa.RecordBatch:
    """The batch without its withdrawn samples, with only ``columns`` (when given)."""
    kept = batch.filter(pc.invert(pc.is_in(batch.column("sample_id"), value_set=withdrawn)))
    return kept if columns is None or kept.schema.names == columns else kept.select(columns)


def _parquet(path: Path, data: pa.Buffer) -> pq.ParquetFile:
    try:
        return pq.ParquetFile(pa.BufferReader(data))
    except pa.ArrowException as exc:
        raise ReleaseVerificationError(path, f"signed, but not readable Parquet ({exc})") from exc


def _verified_statement(folder: Path, key: ec.EllipticCurvePublicKey) -> dict:
    """The manifest's statement, once its signature verified with ``key`` and it names this release's shards."""
    manifest = folder / MANIFEST_FILE
    try:
        if not manifest.is_file():
            what = "does not exist" if not manifest.exists() else "is not a regular file"
            raise ReleaseVerificationError(manifest, f"{what}: give a release folder (releases/<release_id>)")
        envelope = parse_envelope(manifest.read_bytes())
    except OSError as exc:
        raise ReleaseVerificationError(manifest, f"cannot be read ({exc.strerror})") from None
    except EnvelopeError as exc:
        raise ReleaseVerificationError(manifest, f"not a DSSE envelope: {exc}") from None
    if envelope.payload_type != INTOTO_PAYLOAD_TYPE:
        raise ReleaseVerificationError(
            manifest, f"payloadType is {envelope.payload_type!r}, not {INTOTO_PAYLOAD_TYPE}"
        )
    verified, why = signature_matches(envelope, key)
    if not verified:
        raise ReleaseVerificationError(manifest, f"{why} (trusted key {key_id(key)[:16]}…)")
    try:
        statement = parse_statement(envelope.payload)
    except ManifestError as exc:
        raise ReleaseVerificationError(manifest, str(exc)) from None
    named = statement["predicate"].get("release_id")
    if named != folder.resolve().name:  # a validly signed release copied under another release's name
        raise ReleaseVerificationError(
            manifest, f"the signed manifest names release {named!r}, the folder is {folder.resolve().name!r}"
        )
    names = [s["name"] for s in statement["subject"]]
    odd = sorted({n for n in names if not _SUBJECT_NAME.match(n)} | {n for n, k in Counter(names).items() if k > 1})
    if odd:
        raise ReleaseVerificationError(manifest, f"subject {odd[0]!r} is not a distinct shard under {SHARD_DIR}/")
    return statement


def _withdrawn(folder: Path, key: ec.EllipticCurvePublicKey) -> dict[str, tuple[str, ...]]:
    """Every sample the release's signed withdrawal lists withdraw; a list that fails verification raises."""
    from provenance.certify.withdrawals import WithdrawalError, withdrawn_samples

    try:
        return withdrawn_samples(folder, key)
    except WithdrawalError as exc:
        raise ReleaseVerificationError(exc.path, f"withdrawal list: {exc.problem}") from exc
