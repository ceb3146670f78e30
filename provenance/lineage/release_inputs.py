"""Releases as lineage tables: one row per release and per shard from its signed manifest, and its accounting.

A release whose manifest is missing or unreadable still has a row (from its certify stats), saying why.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import pyarrow as pa

from provenance.layout import CERTIFY as CERTIFY_OUTPUT
from provenance.stats import StatsFileError
from provenance.vocabulary import CLEARING, Decision, Stage
from provenance.workspace import Workspace

MANIFEST_FILE = "manifest.dsse.json"
PUBLIC_KEY_FILE = "public_key.pem"

_RELEASE_SCHEMA = pa.schema(
    [
        ("release_id", pa.string()),
        ("created_at", pa.timestamp("us", tz="UTC")),
        ("manifest_sha256", pa.string()),
        ("statement_sha256", pa.string()),
        ("merkle_root", pa.string()),
        ("key_id", pa.string()),
        ("signature_valid", pa.bool_()),
        ("samples", pa.int64()),
        ("shards", pa.int64()),
        ("duplicates", pa.int64()),
        ("quarantined", pa.int64()),
        ("already_released", pa.int64()),
        ("licence_policy_version", pa.string()),
        ("optout_registry_version", pa.string()),
        ("optout_registry_sha256", pa.string()),
        ("crawler_tokens_version", pa.string()),
        ("producer_version", pa.string()),
        ("git_commit", pa.string()),
        ("earlier_releases", pa.list_(pa.string())),
        ("predicate_summary", pa.string()),
        ("path", pa.string()),
        ("optout_requests_honoured", pa.list_(pa.string())),
        ("denylist_version", pa.string()),
        ("denylist_sha256", pa.string()),
        ("supersedes", pa.string()),
    ]
)
_SHARD_SCHEMA = pa.schema(
    [
        ("release_id", pa.string()),
        ("shard", pa.string()),
        ("sha256", pa.string()),
        ("rows", pa.int64()),
        ("bytes", pa.int64()),
        ("present", pa.bool_()),
    ]
)


def release_tables(ws: Workspace, release_ids: list[str]) -> tuple[pa.Table, pa.Table]:
    """One row per release (from its signed manifest, else its lineage stats) and one per shard."""
    releases, shards = [], []
    for rid in sorted(set(release_ids) | set(_releases_on_disk(ws))):
        row, release_shards = _release_row(ws, rid)
        releases.append(row)
        shards.extend(release_shards)
    return pa.Table.from_pylist(releases, schema=_RELEASE_SCHEMA), pa.Table.from_pylist(shards, schema=_SHARD_SCHEMA)


def _releases_on_disk(ws: Workspace) -> list[str]:
    if not ws.releases.is_dir():
        return []
    return sorted(
        p.name
        for p in ws.releases.iterdir()
        if p.is_dir() and not p.name.startswith(".") and (p / MANIFEST_FILE).is_file()
    )


def _release_row(ws: Workspace, rid: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(the release's row, its shards' rows): the certify stats first, then what its manifest states."""
    folder = ws.releases / rid
    row: dict[str, Any] = dict.fromkeys(_RELEASE_SCHEMA.names)
    row["release_id"] = rid
    try:
        stats = ws.stats(CERTIFY_OUTPUT, rid)
    except StatsFileError:
        stats = None
    if stats is not None:
        row.update(
            samples=stats.samples,
            shards=stats.shards,
            duplicates=stats.duplicates,
            quarantined=stats.quarantined,
            already_released=stats.already_released,
            merkle_root=stats.merkle_root,
            manifest_sha256=stats.manifest_sha256,
            key_id=stats.key_id,
        )
    manifest = folder / MANIFEST_FILE
    shards: list[dict[str, Any]] = []
    if manifest.is_file():
        summary, shards = _read_manifest(folder, row)
    else:
        summary = {"error": f"{manifest} is not there: the release folder was removed or never published"}
    row["predicate_summary"] = json.dumps(summary, sort_keys=True, ensure_ascii=False, default=str)
    return row, shards


def _read_manifest(folder: Path, row: dict[str, Any]) -> tuple[dict, list[dict[str, Any]]]:
    """Fill ``row`` from the release's manifest; (its predicate's summary, its shards' rows)."""
    # Imported here: verification code is only needed when there is a release to describe.
    from provenance.certify.dsse import EnvelopeError, parse_envelope, signature_matches
    from provenance.certify.keys import SigningKeyError, load_public_key

    manifest = folder / MANIFEST_FILE
    row["path"] = str(folder)
    data = manifest.read_bytes()
    row["manifest_sha256"] = hashlib.sha256(data).hexdigest()
    try:
        envelope = parse_envelope(data)
        statement = json.loads(envelope.payload)
        predicate = statement["predicate"]
    except (EnvelopeError, ValueError, KeyError, TypeError) as exc:
        row["signature_valid"] = False
        return {"error": f"{manifest}: unreadable manifest ({type(exc).__name__})"}, []
    row["statement_sha256"] = hashlib.sha256(envelope.payload).hexdigest()
    try:
        row["signature_valid"] = signature_matches(envelope, load_public_key(folder / PUBLIC_KEY_FILE))[0]
    except SigningKeyError:
        row["signature_valid"] = False
    row.update(_predicate_facts(predicate, row))
    subjects = {s["name"]: s["digest"]["sha256"] for s in statement.get("subject", [])}
    return _predicate_summary(predicate), [
        {
            "release_id": row["release_id"],
            "shard": shard.get("name"),
            "sha256": subjects.get(shard.get("name")),
            "rows": shard.get("rows"),
            "bytes": shard.get("bytes"),
            "present": (folder / shard.get("name")).is_file(),
        }
        for shard in predicate.get("shards") or []
    ]


def _predicate_facts(predicate: dict, row: dict[str, Any]) -> dict[str, Any]:
    """The release row's columns the signed predicate states (a count it lacks keeps the stats' value in ``row``)."""
    counts = predicate.get("counts") or {}
    certify = (counts.get("decisions") or {}).get("certify") or {}
    contracts = predicate.get("contracts") or {}
    producer = predicate.get("producer") or {}
    created = predicate.get("created_at")
    return dict(
        created_at=dt.datetime.fromisoformat(created.replace("Z", "+00:00")) if created else None,
        merkle_root=(predicate.get("merkle") or {}).get("root"),
        key_id=(predicate.get("signing_key") or {}).get("key_id"),
        samples=counts.get("samples", row["samples"]),
        shards=len(predicate.get("shards") or []),
        duplicates=certify.get("duplicate", row["duplicates"]),
        quarantined=certify.get("quarantined", row["quarantined"]),
        already_released=certify.get("already_released", row["already_released"]),
        licence_policy_version=(contracts.get("licence_policy") or {}).get("version"),
        optout_registry_version=(contracts.get("optout_registry") or {}).get("version"),
        optout_registry_sha256=(contracts.get("optout_registry") or {}).get("sha256"),
        optout_requests_honoured=(contracts.get("optout_registry") or {}).get("requests_honoured"),
        denylist_version=(contracts.get("denylist") or {}).get("version"),
        denylist_sha256=(contracts.get("denylist") or {}).get("sha256"),
        crawler_tokens_version=(contracts.get("crawler_tokens") or {}).get("version"),
        supersedes=predicate.get("supersedes"),
        producer_version=producer.get("version"),
        git_commit=producer.get("git_commit"),
        earlier_releases=[e.get("release_id") for e in predicate.get("earlier_releases") or []],
    )


def _predicate_summary(predicate: dict) -> dict[str, Any]:
    return {
        "counts": predicate.get("counts") or {},
        "contracts": {k: v for k, v in (predicate.get("contracts") or {}).items() if k != "files"},
        "models": predicate.get("models"),
        "dedup_policy": (predicate.get("dedup") or {}).get("policy_version"),
        "inputs": predicate.get("inputs"),
        "personal_data": predicate.get("personal_data"),
    }


#: release_accounting: what became of every record of a release's input dumps, stage by stage, as its manifest says.
RELEASE_ACCOUNTING_SCHEMA = pa.schema(
    [("release_id", pa.string()), ("created_at", pa.timestamp("us", tz="UTC")), ("input_dumps", pa.int64())]
    + [
        (name, pa.int64())
        for name in (
            "records_seen",
            "documents",
            "ingest_quarantined",
            "skipped",
            "redaction_held",
            "rights_cleared",
            "rights_excluded",
            "rights_quarantined",
            "already_released",
            "duplicates",
            "certify_quarantined",
            "samples",
        )
    ]
)


def release_accounting(releases: pa.Table) -> pa.Table:
    """Per release, the counts of every stage over its input dumps, from its signed manifest's counts (null where a
    manifest states none): ingest, redaction, rights and certify, each under its own name."""
    rows = []
    for release in releases.select(["release_id", "created_at", "predicate_summary"]).to_pylist():
        summary = json.loads(release["predicate_summary"] or "{}")
        decisions = (summary.get("counts") or {}).get("decisions") or {}
        ingest, rights, certify = (decisions.get(stage) for stage in (Stage.INGEST, Stage.RIGHTS, Stage.CERTIFY))
        row: dict[str, Any] = dict.fromkeys(RELEASE_ACCOUNTING_SCHEMA.names)
        row.update(release_id=release["release_id"], created_at=release["created_at"])
        if summary.get("inputs") is not None:
            row["input_dumps"] = len(summary["inputs"])
        if ingest:
            row.update(
                records_seen=ingest.get("records_seen"),
                documents=ingest.get("documents"),
                ingest_quarantined=ingest.get("quarantined"),
            )
            if None not in (row["records_seen"], row["documents"], row["ingest_quarantined"]):
                row["skipped"] = row["records_seen"] - row["documents"] - row["ingest_quarantined"]
        if rights is not None:
            row.update(
                rights_cleared=sum(n for d, n in rights.items() if d in CLEARING),
                rights_excluded=rights.get(Decision.EXCLUDED, 0),
                rights_quarantined=rights.get(Decision.QUARANTINED, 0),
            )
            if row["documents"] is not None:
                row["redaction_held"] = row["documents"] - sum(rights.values())
        if certify:
            row.update(
                already_released=certify.get("already_released"),
                duplicates=certify.get("duplicate"),
                certify_quarantined=certify.get("quarantined"),
                samples=certify.get("sample"),
            )
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=RELEASE_ACCOUNTING_SCHEMA)
