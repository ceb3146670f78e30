"""Withdrawal lists: the signed record of the samples withdrawn from a release after it was published.

``releases/<release_id>/withdrawals/<NNNN>.dsse.json`` is a DSSE envelope signed with the release's key
around an in-toto Statement v1 whose one subject is the release's ``manifest.dsse.json`` (its sha256) and
whose predicate (:data:`WITHDRAWALS_PREDICATE_TYPE`) names the release, the file's sequence number, when it
was made, the requests honoured and the samples each withdraws. Each file lists what it adds; a sample's
withdrawal is the union over the files, which are numbered from 0001 without a gap.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ec

from provenance import leftovers
from provenance.certify.dsse import (
    INTOTO_PAYLOAD_TYPE,
    EnvelopeError,
    envelope_bytes,
    parse_envelope,
    sign_envelope,
    signature_matches,
)
from provenance.certify.keys import SigningKeyError, load_public_key, load_signing_key
from provenance.certify.manifest import MANIFEST_FILE, STATEMENT_TYPE, ManifestError, iso_utc, parse_statement
from provenance.contracts import file_sha256

WITHDRAWALS_DIR = "withdrawals"
WITHDRAWALS_PREDICATE_TYPE = "https://provenance.dev/withdrawals/v1"
#: the fields of a request a withdrawal list repeats (never a person's name: a person is named by keyed hashes only)
REQUEST_FIELDS = ("id", "kind", "scope", "date_received", "reference", "legal_basis")
#: a withdrawal list's file name in ``withdrawals/``
LIST_FILE_NAME = re.compile(r"^(?P<sequence>[0-9]{4})\.dsse\.json$")


class WithdrawalError(ValueError):
    """A withdrawal list is unsigned, signed by another key, altered, or not about this release;
    ``str()`` is ``"<path>: <problem>"``."""

    def __init__(self, path: Path, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = Path(path)
        self.problem = problem


@dataclass(frozen=True)
class WithdrawalList:
    """One verified withdrawal list."""

    path: Path
    release_id: str
    sequence: int
    created: str
    #: the requests, each with the fields of :data:`REQUEST_FIELDS`
    requests: tuple[dict, ...]
    #: (sample_id, request ids), sorted by sample id
    withdrawn: tuple[tuple[str, tuple[str, ...]], ...]


def file_name(sequence: int) -> str:
    return f"{sequence:04d}.dsse.json"


def write_withdrawal_list(
    release_dir: Path,
    withdrawn: Mapping[str, Sequence[str]],
    requests: Sequence[object],
    private_key: ec.EllipticCurvePrivateKey | Path,
    *,
    created: dt.datetime | None = None,
) -> Path:
    """Sign and write the release's next withdrawal list: ``withdrawn`` maps each sample id it adds to the
    ids of the requests that withdraw it, ``requests`` are those requests (dicts with the fields of
    :data:`REQUEST_FIELDS`, or objects with those attributes). Returns the new file's path.

    The existing lists are verified first (with this key's public half), so a list is never added on top
    of an altered or foreign one. Never overwrites a file: a list written meanwhile by another process
    makes this raise :class:`FileExistsError`.
    """
    release_dir = Path(release_dir)
    key = load_signing_key(private_key) if isinstance(private_key, Path) else private_key
    release_id, manifest_sha256 = _manifest_facts(release_dir)
    existing = read_withdrawal_lists(release_dir, key.public_key())
    request_rows = _request_rows(requests)
    entries = _withdrawn_entries(withdrawn, {r["id"] for r in request_rows})
    sequence = len(existing) + 1
    statement = {
        "_type": STATEMENT_TYPE,
        "subject": [{"name": MANIFEST_FILE, "digest": {"sha256": manifest_sha256}}],
        "predicateType": WITHDRAWALS_PREDICATE_TYPE,
        "predicate": {
            "release_id": release_id,
            "sequence": sequence,
            "created": iso_utc(created or dt.datetime.now(dt.UTC)),
            "requests": request_rows,
            "withdrawn": entries,
        },
    }
    payload = json.dumps(statement, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return _write_new(release_dir / WITHDRAWALS_DIR / file_name(sequence), envelope_bytes(sign_envelope(payload, key)))


def withdrawn_samples(release_dir: Path, public_key: ec.EllipticCurvePublicKey | Path) -> dict[str, tuple[str, ...]]:
    """Every withdrawn sample id of the release, with the ids of the requests that withdraw it (sorted).

    Every list is verified with ``public_key``; the first that fails raises :class:`WithdrawalError`
    naming it. A release without a ``withdrawals/`` folder has withdrawn nothing (an empty dict).
    """
    union: dict[str, set[str]] = {}
    for listed in read_withdrawal_lists(release_dir, public_key):
        for sample_id, request_ids in listed.withdrawn:
            union.setdefault(sample_id, set()).update(request_ids)
    return {sample_id: tuple(sorted(ids)) for sample_id, ids in sorted(union.items())}


def read_withdrawal_lists(release_dir: Path, public_key: ec.EllipticCurvePublicKey | Path) -> list[WithdrawalList]:
    """The release's withdrawal lists in sequence order, each verified; raises :class:`WithdrawalError`."""
    release_dir = Path(release_dir)
    folder = release_dir / WITHDRAWALS_DIR
    if not folder.exists() and not folder.is_symlink():
        return []
    if folder.is_symlink() or not folder.is_dir():
        raise WithdrawalError(folder, "not a folder")
    key = _public_key(folder, public_key)
    try:
        names = sorted(entry.name for entry in folder.iterdir())
    except OSError as exc:
        raise WithdrawalError(folder, f"cannot be listed ({exc.strerror})") from None
    release_id, manifest_sha256 = _manifest_facts(release_dir)
    lists = []
    for expected, name in enumerate(names, start=1):
        path = folder / name
        match = LIST_FILE_NAME.match(name)
        if match is None:
            raise WithdrawalError(path, "not a withdrawal list (expected NNNN.dsse.json); nothing signs this file")
        if int(match["sequence"]) != expected:
            missing = folder / file_name(expected)
            raise WithdrawalError(missing, "missing: withdrawal lists are numbered from 0001 without a gap")
        lists.append(_read_list(path, expected, key, release_id, manifest_sha256))
    return lists


def _read_list(
    path: Path, sequence: int, key: ec.EllipticCurvePublicKey, release_id: str, manifest_sha256: str
) -> WithdrawalList:
    """One list, checked: envelope, signature, statement, subject, release id, sequence, entries."""
    if path.is_symlink() or not path.is_file():
        raise WithdrawalError(path, "not a regular file")
    try:
        envelope = parse_envelope(path.read_bytes())
    except EnvelopeError as exc:
        raise WithdrawalError(path, f"not a signed DSSE envelope: {exc}") from None
    except OSError as exc:
        raise WithdrawalError(path, f"cannot be read ({exc.strerror})") from None
    if envelope.payload_type != INTOTO_PAYLOAD_TYPE:
        raise WithdrawalError(path, f"payloadType is {envelope.payload_type!r}, expected {INTOTO_PAYLOAD_TYPE}")
    verified, why = signature_matches(envelope, key)
    if not verified:
        raise WithdrawalError(path, f"signature: {why}")
    predicate = _checked_predicate(path, envelope.payload, manifest_sha256)
    if predicate.get("release_id") != release_id:
        raise WithdrawalError(path, f"names release {predicate.get('release_id')!r}, not this release {release_id!r}")
    if predicate.get("sequence") != sequence:
        raise WithdrawalError(path, f"its signed sequence is {predicate.get('sequence')!r}, its name says {sequence}")
    requests, withdrawn = _checked_entries(path, predicate)
    return WithdrawalList(path, release_id, sequence, str(predicate.get("created")), requests, withdrawn)


def _checked_predicate(path: Path, payload: bytes, manifest_sha256: str) -> dict:
    try:
        statement = json.loads(payload)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WithdrawalError(path, f"payload is not JSON ({exc})") from None
    if not isinstance(statement, dict) or statement.get("_type") != STATEMENT_TYPE:
        raise WithdrawalError(path, f"payload is not an in-toto Statement v1 (_type must be {STATEMENT_TYPE})")
    if statement.get("predicateType") != WITHDRAWALS_PREDICATE_TYPE:
        found = statement.get("predicateType")
        raise WithdrawalError(path, f"predicateType is {found!r}, expected {WITHDRAWALS_PREDICATE_TYPE}")
    subjects = statement.get("subject")
    expected = [{"name": MANIFEST_FILE, "digest": {"sha256": manifest_sha256}}]
    if subjects != expected:
        raise WithdrawalError(
            path,
            f"its subject is not this release's {MANIFEST_FILE} (sha256 {manifest_sha256}): it names {subjects!r}",
        )
    predicate = statement.get("predicate")
    if not isinstance(predicate, dict):
        raise WithdrawalError(path, "predicate is missing")
    return predicate


def _checked_entries(path: Path, predicate: dict) -> tuple[tuple[dict, ...], tuple[tuple[str, tuple[str, ...]], ...]]:
    requests, withdrawn = predicate.get("requests"), predicate.get("withdrawn")
    if not isinstance(requests, list) or not all(
        isinstance(r, dict) and isinstance(r.get("id"), str) for r in requests
    ):
        raise WithdrawalError(path, "predicate.requests must be a list of requests with an 'id'")
    known = {r["id"] for r in requests}
    if not isinstance(withdrawn, list):
        raise WithdrawalError(path, "predicate.withdrawn must be a list of {sample_id, requests}")
    entries = []
    for i, entry in enumerate(withdrawn):
        ids = entry.get("requests") if isinstance(entry, dict) else None
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("sample_id"), str)
            or not isinstance(ids, list)
            or not ids
            or not all(isinstance(r, str) for r in ids)
        ):
            raise WithdrawalError(path, f"predicate.withdrawn[{i}] must be {{sample_id, requests: [request ids]}}")
        unknown = sorted(set(ids) - known)
        if unknown:
            raise WithdrawalError(path, f"sample {entry['sample_id']} is withdrawn by unlisted request {unknown[0]}")
        entries.append((entry["sample_id"], tuple(ids)))
    return tuple(requests), tuple(entries)


def _manifest_facts(release_dir: Path) -> tuple[str, str]:
    """(release id, manifest sha256): what every withdrawal list of this release must name."""
    manifest = Path(release_dir) / MANIFEST_FILE
    try:
        data = manifest.read_bytes()
        release_id = parse_statement(parse_envelope(data).payload)["predicate"]["release_id"]
    except OSError as exc:
        raise WithdrawalError(manifest, f"cannot be read ({exc.strerror})") from None
    except (EnvelopeError, ManifestError) as exc:
        raise WithdrawalError(manifest, f"not a release manifest: {exc}") from None
    return str(release_id), file_sha256(manifest)


def _public_key(where: Path, key: ec.EllipticCurvePublicKey | Path) -> ec.EllipticCurvePublicKey:
    if not isinstance(key, Path):
        return key
    try:
        return load_public_key(key)
    except SigningKeyError as exc:
        raise WithdrawalError(where, f"no usable public key: {exc}") from None


def _request_rows(requests: Sequence[object]) -> list[dict]:
    """The requests as the predicate lists them, sorted by id; a field a request lacks is null."""
    rows = {}
    for request in requests:
        get = request.get if isinstance(request, Mapping) else lambda f, r=request: getattr(r, f, None)
        row = {f: _plain(get(f)) for f in REQUEST_FIELDS}
        if not isinstance(row["id"], str) or not row["id"]:
            raise ValueError(f"a request without an id cannot be honoured: {row!r}")
        rows[row["id"]] = row
    return [rows[i] for i in sorted(rows)]


def _plain(value: object) -> object:
    """Enums by value, dates as ISO dates: JSON-ready."""
    value = getattr(value, "value", value)
    return value.isoformat() if isinstance(value, dt.date) else value


def _withdrawn_entries(withdrawn: Mapping[str, Sequence[str]], request_ids: set[str]) -> list[dict]:
    if not withdrawn:
        raise ValueError("a withdrawal list must withdraw at least one sample")
    entries = []
    for sample_id in sorted(withdrawn):
        ids = sorted(set(withdrawn[sample_id]))
        if not ids:
            raise ValueError(f"sample {sample_id} is withdrawn by no request")
        unknown = sorted(set(ids) - request_ids)
        if unknown:
            raise ValueError(
                f"sample {sample_id} is withdrawn by request {unknown[0]}, which is not among the requests"
            )
        entries.append({"sample_id": sample_id, "requests": ids})
    return entries


def _write_new(final: Path, data: bytes) -> Path:
    """Write ``final`` whole or not at all, and never over an existing file (a hard link cannot overwrite)."""
    final.parent.mkdir(exist_ok=True)
    tmp = final.parent / f".{final.name}.{leftovers.owner_token()}.tmp"
    try:
        with open(tmp, "xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.link(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    fd = os.open(final.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    return final
