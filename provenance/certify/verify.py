"""Verifying a release offline: what a trainer runs before training on it.

Checks, in order, stopping at the first failure: the envelope's shape and payload type; the
signature (with the key given, else the ``public_key.pem`` shipped in the release); the
statement, which must name this folder's release id; every shard's sha256 against the subjects,
with no shard missing and no file in the release the manifest does not list (at any depth); the
row count of every shard; every row's fingerprint recomputed from its text; the Merkle root
recomputed from every row; the person-name policy the manifest states per source covers exactly the
samples of that source in the shards, and every ``keep`` states its basis; every withdrawal list under
``withdrawals/`` is signed with the same key, names this release and this manifest, and withdraws samples
the release holds. Messages name files, rows and sample ids, never text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

import pyarrow as pa
import pyarrow.parquet as pq

from provenance.certify.dsse import (
    INTOTO_PAYLOAD_TYPE,
    Envelope,
    EnvelopeError,
    parse_envelope,
    signature_matches,
)
from provenance.certify.keys import SigningKeyError, key_id, load_public_key
from provenance.certify.manifest import MANIFEST_FILE, PUBLIC_KEY_FILE, ManifestError, parse_statement
from provenance.certify.merkle import merkle_root, sample_commitment, text_sha256
from provenance.certify.shards import SHARD_DIR
from provenance.certify.verify_files import inventory_problem
from provenance.certify.withdrawals import WithdrawalError, read_withdrawal_lists
from provenance.contracts import file_sha256
from provenance.fingerprint import fingerprint
from provenance.schema import SAMPLE_SCHEMA

CHECKS = (
    "envelope",
    "signature",
    "statement",
    "shards",
    "row_counts",
    "fingerprints",
    "merkle_root",
    "personal_data",
    "withdrawals",
)
_SUBJECT_NAME = re.compile(r"^shards/[A-Za-z0-9._-]+\.parquet$")
RELEASE_KEY_WARNING = (
    "verified with the public key shipped inside the release: this proves the release is intact, "
    "not who made it; pass --key with the publisher's public key to prove its origin"
)


class Check(NamedTuple):
    name: str
    passed: bool
    detail: str


@dataclass
class VerifyReport:
    release_dir: Path
    checks: list[Check] = field(default_factory=list)
    key_path: Path | None = None
    key_id: str | None = None
    #: "given" (--key) or "release" (public_key.pem inside the release)
    key_source: str = ""
    warnings: list[str] = field(default_factory=list)
    release_id: str | None = None
    samples: int = 0
    shards: int = 0
    #: withdrawn sample id -> ids of the requests that withdraw it (the union over the withdrawal lists)
    withdrawn: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return len(self.checks) == len(CHECKS) and all(c.passed for c in self.checks)

    @property
    def first_failure(self) -> Check | None:
        return next((c for c in self.checks if not c.passed), None)

    def _add(self, name: str, passed: bool, detail: str) -> bool:
        self.checks.append(Check(name, passed, detail))
        return passed


def verify_release(release_dir: Path, public_key_path: Path | None = None) -> VerifyReport:
    """Verify ``release_dir``; the report says what was checked and names the first failure."""
    release_dir = Path(release_dir)
    report = VerifyReport(release_dir=release_dir)
    envelope = _check_envelope(report, release_dir)
    if envelope is None or not _check_signature(report, envelope, public_key_path):
        return report
    statement = _check_statement(report, envelope)
    if statement is None:
        return report
    predicate = statement["predicate"]
    subjects = {s["name"]: s["digest"]["sha256"] for s in statement["subject"]}
    if not _check_shards(report, release_dir, statement["subject"], subjects):  # digests, nothing missing or extra
        return report
    if not _check_row_counts(report, release_dir, predicate, subjects):
        return report
    hashed = _check_fingerprints(report, release_dir, subjects)
    if hashed is None or not _check_merkle_root(report, predicate, hashed[0]):
        return report
    if _check_personal_data(report, predicate, hashed[1]):
        _check_withdrawals(report, {sample_id for sample_id, _ in hashed[0]})
    return report


def _check_envelope(report: VerifyReport, release_dir: Path) -> Envelope | None:
    """1. The manifest is a DSSE envelope around an in-toto payload."""
    manifest = release_dir / MANIFEST_FILE
    if not release_dir.is_dir():
        what = "is not a folder" if release_dir.exists() else "does not exist"
        report._add("envelope", False, f"{release_dir} {what}: give the release folder (releases/<release_id>)")
        return None
    if manifest.exists() and not manifest.is_file():
        report._add("envelope", False, f"{manifest} is not a regular file")
        return None
    try:
        envelope = parse_envelope(manifest.read_bytes())
    except FileNotFoundError:
        report._add("envelope", False, f"{manifest} does not exist")
        return None
    except OSError as exc:
        report._add("envelope", False, f"{manifest}: cannot be read ({exc.strerror})")
        return None
    except EnvelopeError as exc:
        report._add("envelope", False, f"{manifest}: not a DSSE envelope: {exc}")
        return None
    if envelope.payload_type != INTOTO_PAYLOAD_TYPE:
        report._add("envelope", False, f"payloadType is {envelope.payload_type!r}, expected {INTOTO_PAYLOAD_TYPE}")
        return None
    report._add(
        "envelope", True, f"DSSE envelope, payloadType {INTOTO_PAYLOAD_TYPE}, {len(envelope.signatures)} signature(s)"
    )
    return envelope


def _check_signature(report: VerifyReport, envelope: Envelope, public_key_path: Path | None) -> bool:
    """2. A signature verifies with the given key, else with the release's own (and a warning says so)."""
    if public_key_path is not None:
        report.key_path, report.key_source = Path(public_key_path), "given"
    else:
        report.key_path, report.key_source = report.release_dir / PUBLIC_KEY_FILE, "release"
        report.warnings.append(RELEASE_KEY_WARNING)
    try:
        public_key = load_public_key(report.key_path)
    except SigningKeyError as exc:
        return report._add("signature", False, f"no usable public key: {exc}")
    report.key_id = key_id(public_key)
    verified, why = signature_matches(envelope, public_key)
    return report._add(
        "signature", verified, f"{why} (key {report.key_id[:16]}…, {report.key_source}: {report.key_path})"
    )


def _check_statement(report: VerifyReport, envelope: Envelope) -> dict | None:
    """3. The payload is an in-toto Statement v1 with this package's predicate."""
    try:
        statement = parse_statement(envelope.payload)
    except ManifestError as exc:
        report._add("statement", False, str(exc))
        return None
    release_dir = report.release_dir
    report.release_id = statement["predicate"].get("release_id")
    folder = release_dir.resolve().name  # resolved: "." and a symlink such as releases/latest name the real folder
    if report.release_id != folder:
        # A validly signed release copied under another release's name must not pass as that release.
        named = f"the signed manifest names release {report.release_id!r}"
        report._add("statement", False, f"the folder is named {folder!r} but {named}")
        return None
    report._add(
        "statement",
        True,
        f"in-toto Statement v1, {statement['predicateType']}, release {report.release_id}, "
        f"{len({s['name'] for s in statement['subject']})} shard subject(s)",
    )
    return statement


def _check_row_counts(report: VerifyReport, release_dir: Path, predicate: dict, subjects: dict[str, str]) -> bool:
    """5. Every shard is readable Parquet with the sample columns and the rows the manifest declares."""
    declared = {s.get("name"): s.get("rows") for s in predicate["shards"] if isinstance(s, dict)}
    total = 0
    for name in sorted(subjects):
        try:
            parquet = pq.ParquetFile(release_dir / name)
            rows, schema = parquet.metadata.num_rows, parquet.schema_arrow
        except (OSError, pa.ArrowException) as exc:
            return report._add("row_counts", False, f"{name}: not readable Parquet ({type(exc).__name__})")
        missing = [c for c in SAMPLE_SCHEMA.names if c not in schema.names]
        if missing:
            return report._add("row_counts", False, f"{name}: missing column(s) {', '.join(missing)}")
        # Typed columns, so that a crafted shard cannot make the row checks below raise instead of fail.
        mistyped = [f.name for f in SAMPLE_SCHEMA if schema.field(f.name).type != f.type]
        if mistyped:
            return report._add("row_counts", False, f"{name}: column(s) {', '.join(mistyped)} not of the sample type")
        if declared.get(name) != rows:
            return report._add("row_counts", False, f"{name}: {rows} rows, the manifest says {declared.get(name)}")
        total += rows
    report.samples, report.shards = total, len(subjects)
    return report._add("row_counts", True, f"{total} rows in {len(subjects)} shard(s), as the manifest says")


def _check_fingerprints(
    report: VerifyReport, release_dir: Path, subjects: dict[str, str]
) -> tuple[list[tuple[str, bytes]], Counter] | None:
    """6. Every fingerprint recomputed from its text; returns the samples' commitments (for 7) and counts per source."""
    leaves: list[tuple[str, bytes]] = []
    by_source: Counter = Counter()
    columns = ["sample_id", "text", "fingerprint", "licence", "source_id", "doc_id"]
    for name in sorted(subjects):
        row = 0
        for batch in pq.ParquetFile(release_dir / name).iter_batches(batch_size=2048, columns=columns):
            values = {c: batch.column(c).to_pylist() for c in columns}
            by_source.update(values["source_id"])
            for i in range(batch.num_rows):
                sid, text, fp = values["sample_id"][i], values["text"][i], values["fingerprint"][i]
                if text is None or fingerprint(text) != fp:
                    report._add(
                        "fingerprints",
                        False,
                        f"{name} row {row + i} (sample {sid}): the text does not match its fingerprint",
                    )
                    return None
                commitment = sample_commitment(
                    sid, fp, values["licence"][i], values["source_id"][i], values["doc_id"][i], text_sha256(text)
                )
                leaves.append((sid, commitment))
            row += batch.num_rows
    report._add("fingerprints", True, f"{len(leaves)} fingerprints recomputed from the text: all match")
    return leaves, by_source


def _check_merkle_root(report: VerifyReport, predicate: dict, leaves: list[tuple[str, bytes]]) -> bool:
    """7. The Merkle root over every sample's commitment, in sample id order, is the manifest's."""
    leaves.sort(key=lambda leaf: leaf[0])
    duplicates = [a for (a, _), (b, _) in pairwise(leaves) if a == b]
    merkle = predicate["merkle"]
    if duplicates:
        return report._add("merkle_root", False, f"sample id {duplicates[0]} appears more than once")
    root = merkle_root([c for _, c in leaves])
    passed = root == merkle.get("root") and merkle.get("leaves", len(leaves)) == len(leaves)
    return report._add(
        "merkle_root",
        passed,
        f"recomputed root {root} over {len(leaves)} samples "
        + ("matches" if passed else f"differs from the manifest's {merkle.get('root')}"),
    )


def _check_personal_data(report: VerifyReport, predicate: dict, by_source: Counter) -> bool:
    """The manifest's per-source person-name policies account for every sample of each source in the shards."""
    section = predicate.get("personal_data")
    if section is None:
        report.warnings.append(
            "the manifest states no person-name policy per source (a release made before "
            "per-source policies): nothing to check"
        )
        return report._add("personal_data", True, "no per-source person-name policy in the manifest (older release)")
    entries = section.get("person_names") if isinstance(section, dict) else None
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and isinstance(e.get("samples"), int) for e in entries
    ):
        return report._add(
            "personal_data",
            False,
            "predicate.personal_data.person_names must be a list of {source_id, person_names, basis, samples}",
        )
    unexplained = sorted(
        {
            str(e.get("source_id"))
            for e in entries
            if e.get("person_names") == "keep" and not str(e.get("basis") or "").strip()
        }
    )
    if unexplained:
        return report._add("personal_data", False, f"source {unexplained[0]} keeps person names with no basis stated")
    stated: Counter = Counter()
    for entry in entries:
        stated[entry.get("source_id")] += entry["samples"]
    for source_id in sorted(set(stated) | set(by_source), key=str):
        if stated[source_id] != by_source[source_id]:
            return report._add(
                "personal_data",
                False,
                f"source {source_id}: the manifest states a person-name policy for "
                f"{stated[source_id]} samples, the shards hold {by_source[source_id]}",
            )
    kept = sorted({str(e["source_id"]) for e in entries if e.get("person_names") == "keep"})
    where = f"; names kept, with a basis, for {', '.join(kept)}" if kept else "; names redacted everywhere"
    return report._add(
        "personal_data", True, f"a person-name policy is stated for every sample of {len(by_source)} source(s){where}"
    )


def _check_shards(report: VerifyReport, release_dir: Path, subject_list: list, subjects: dict[str, str]) -> bool:
    if len(subjects) != len(subject_list):
        return report._add("shards", False, "a shard is listed twice among the subjects")
    bad = sorted(n for n in subjects if not _SUBJECT_NAME.match(n))
    if bad:
        return report._add("shards", False, f"subject {bad[0]!r} is not a shard under {SHARD_DIR}/")
    problem = inventory_problem(release_dir, set(subjects))
    if problem is not None:
        return report._add("shards", False, problem)
    for name in sorted(subjects):
        try:
            actual = file_sha256(release_dir / name)
        except OSError as exc:
            return report._add("shards", False, f"{name}: cannot be read ({exc.strerror})")
        if actual != subjects[name]:
            return report._add("shards", False, f"{name}: sha256 {actual} differs from the signed {subjects[name]}")
    return report._add(
        "shards",
        True,
        f"{len(subjects)} shard(s): every sha256 matches the signed subjects; no file missing, none unlisted",
    )


def _check_withdrawals(report: VerifyReport, held: set[str]) -> bool:
    """9. Every withdrawal list verifies with the manifest's key, names this release and manifest, and
    withdraws only samples the release holds."""
    assert report.key_path is not None  # set by the signature check
    try:
        lists = read_withdrawal_lists(report.release_dir, load_public_key(report.key_path))
    except (WithdrawalError, SigningKeyError) as exc:
        return report._add("withdrawals", False, str(exc))
    union: dict[str, set[str]] = {}
    for listed in lists:
        for sample_id, request_ids in listed.withdrawn:
            if sample_id not in held:
                return report._add(
                    "withdrawals",
                    False,
                    f"{listed.path}: withdraws sample {sample_id}, which the release does not hold",
                )
            union.setdefault(sample_id, set()).update(request_ids)
    report.withdrawn = {sample_id: tuple(sorted(ids)) for sample_id, ids in sorted(union.items())}
    if not lists:
        return report._add("withdrawals", True, "no withdrawal list: nothing withdrawn")
    by_request = Counter(r for ids in report.withdrawn.values() for r in ids)
    requests = ", ".join(f"{r} ({n})" for r, n in sorted(by_request.items()))
    return report._add(
        "withdrawals",
        True,
        f"{len(report.withdrawn)} of {len(held)} samples withdrawn in {len(lists)} signed list(s), by {requests}",
    )
