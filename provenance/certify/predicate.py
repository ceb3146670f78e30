"""The release manifest's predicate: what a legal reviewer needs to know about a release, assembled from its build."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import provenance
from provenance.certify import dedup
from provenance.certify.build import ReleaseBuild
from provenance.certify.dsse import EnvelopeError, parse_envelope
from provenance.certify.inputs import ClearedInput, pipeline_counts, requests_honoured
from provenance.certify.manifest import MANIFEST_FILE, ManifestError, iso_utc, model_versions, parse_statement
from provenance.certify.manifest import git_commit as current_git_commit
from provenance.certify.merkle import COMMITMENT_TAG
from provenance.certify.shards import ShardInfo
from provenance.contracts import (
    DenyList,
    LicencePolicyDocument,
    OptOutRegistry,
    contract_hashes,
    file_sha256,
    load_crawler_tokens,
    load_denylist,
    load_licence_policy_document,
    load_optout_registry,
)
from provenance.layout import RIGHTS
from provenance.requests import Request, ledger_files, load_requests, requests_sha256
from provenance.schema import SAMPLE_SCHEMA
from provenance.workspace import Workspace

#: What the manifest says every sample had redacted, whatever its source's person-name policy.
PERSONAL_DATA_ALWAYS_REDACTED = (
    "contact details and identifiers: every entity type the personal-data policy redacts except PERSON"
)


def _plain(counter: Counter) -> dict:
    return dict(sorted(counter.items()))


def release_predicate(
    ws: Workspace,
    build: ReleaseBuild,
    *,
    release_id: str,
    created: dt.datetime,
    git_commit: str | None,
    signer_id: str,
    contracts: ReleaseContracts,
    inputs: list[ClearedInput],
    earlier: list[Path],
    shards: list[ShardInfo],
    root: str,
    decisions_sha256: str,
) -> dict:
    """The in-toto predicate of a release (see docs for what each part proves)."""
    counts = build.counts
    return {
        "release_id": release_id,
        "created_at": iso_utc(created),
        "producer": {
            "name": "provenance",
            "version": provenance.__version__,
            "git_commit": git_commit or current_git_commit(),
        },
        "signing_key": {
            "key_id": signer_id,
            "algorithm": "ecdsa-p256-sha256",
            "key_id_definition": "sha256 of the DER SubjectPublicKeyInfo",
        },
        "contracts": _contracts(ws, contracts, [i.dump_id for i in inputs]),
        "models": model_versions(),
        "inputs": [
            {"dump_id": i.dump_id, "stage": RIGHTS.name, "rows": i.rows, "sha256": file_sha256(i.path)} for i in inputs
        ],
        "earlier_releases": [
            {"release_id": p.name, "manifest_sha256": file_sha256(p / MANIFEST_FILE)} for p in earlier
        ],
        "supersedes": supersedes(earlier),
        "shards": [{"name": s.name, "rows": s.rows, "bytes": s.bytes} for s in shards],
        "sample_schema": {
            "name": SAMPLE_SCHEMA.metadata[b"schema"].decode(),
            "version": SAMPLE_SCHEMA.metadata[b"version"].decode(),
            "columns": SAMPLE_SCHEMA.names,
        },
        "counts": _counts(ws, counts, [i.dump_id for i in inputs]),
        "personal_data": {
            "always_redacted": PERSONAL_DATA_ALWAYS_REDACTED,
            "person_names": build.person_names_summary(),
        },
        "dedup": _dedup(),
        "decisions_sha256": decisions_sha256,
        "merkle": _merkle(root, counts["samples"]),
    }


def supersedes(earlier: list[Path]) -> str | None:
    """The release this one supersedes: the latest of the earlier releases it deduplicated against (by the
    ``created_at`` their signed manifests state, then by id), or None for the workspace's first release.

    Each release is built against every earlier one, so the latest is its one immediate predecessor whatever
    sources they share; its manifest digest is among ``earlier_releases``, so the link is signed both ways.
    """
    stamped = []
    for folder in earlier:
        try:
            predicate = parse_statement(parse_envelope((folder / MANIFEST_FILE).read_bytes()).payload)["predicate"]
        except (OSError, EnvelopeError, ManifestError):
            continue  # not a release this one was built against (spill_prior would have failed on it)
        stamped.append((str(predicate.get("created_at") or ""), folder.name))
    return max(stamped)[1] if stamped else None


@dataclass(frozen=True)
class ReleaseContracts:
    """The policy and registries a release is certified under, loaded once when the build starts."""

    policy: LicencePolicyDocument
    registry: OptOutRegistry
    denylist: DenyList
    requests: tuple[Request, ...] = ()

    @classmethod
    def load(cls, contracts: Path) -> ReleaseContracts:
        return cls(
            load_licence_policy_document(contracts),
            load_optout_registry(contracts),
            load_denylist(contracts),
            tuple(load_requests(contracts)),
        )


def _contracts(ws: Workspace, loaded: ReleaseContracts, dump_ids: list[str]) -> dict:
    """Hashes of every contract and policy, and the versions of the registries the release was checked against."""
    policy, registry, denylist = loaded.policy, loaded.registry, loaded.denylist
    return {
        "files": contract_hashes(ws.contracts),
        "licence_policy": {"version": policy.version, "sha256": policy.sha256},
        "crawler_tokens": _crawler_tokens(ws.contracts),
        "optout_registry": {
            "version": registry.version,
            "sha256": registry.sha256,
            "entries": len(registry.entries),
            "files": dict(sorted(registry.files.items())),
            "requests_honoured": requests_honoured(ws, dump_ids),
        },
        "denylist": {
            "version": denylist.version,
            "sha256": denylist.sha256,
            "entries": len(denylist.entries),
            "files": dict(sorted(denylist.files.items())),
        },
        **_requests(ws, loaded.requests),
    }


def _requests(ws: Workspace, requests: tuple[Request, ...]) -> dict:
    """The request ledger the release's exclusions follow; absent while the ledger is empty (older releases)."""
    if not requests:
        return {}
    return {
        "requests": {
            "sha256": requests_sha256(list(requests)),
            "entries": len(requests),
            "ids": [r.id for r in requests],
            "files": ledger_files(ws.contracts),
        }
    }


def _counts(ws: Workspace, counts: dict, dump_ids: list[str]) -> dict:
    return {
        "samples": counts["samples"],
        "by_source": _plain(counts["by_source"]),
        "by_licence": _plain(counts["by_licence"]),
        "by_licence_class": _plain(counts["by_licence_class"]),
        "by_lang": _plain(counts["by_lang"]),
        "decisions": {
            **pipeline_counts(ws, dump_ids),
            "certify": {
                "cleared": counts["cleared"],
                "sample": counts["samples"],
                "duplicate": counts["duplicates"],
                "already_released": counts["already_released"],
                "quarantined": counts["quarantined"],
            },
        },
        "duplicates_by_source": _plain(counts["duplicates_by_source"]),
        "duplicates_won_by": _plain(counts["duplicates_won_by"]),
        "certify_quarantine_reasons": _plain(counts["quarantine_reasons"]),
    }


def _dedup() -> dict:
    return {
        "method": "exact: equal fingerprints",
        "fingerprint": "xxh3-128 hex of the NFC-normalised, whitespace-collapsed text",
        "survivor_order": [
            "licence_class: " + " > ".join(dedup.LICENCE_CLASS_ORDER) + " > any other",
            "source priority, higher first",
            "earliest published_at",
            "earliest retrieved_at",
            "smallest doc_id",
            "a fingerprint already in an earlier release keeps that sample",
        ],
        "policy_version": dedup.DEDUP_POLICY_VERSION,
    }


def _merkle(root: str, leaves: int) -> dict:
    return {
        "root": root,
        "leaves": leaves,
        "tree": "RFC 6962: leaf = sha256(0x00 || commitment), node = sha256(0x01 || left || right)",
        "leaf_order": "sample_id ascending",
        "commitment": (
            f"sha256({COMMITMENT_TAG.decode()} || for each of sample_id, fingerprint, licence, "
            "source_id, doc_id, sha256(text) hex: uint32 big-endian byte length || UTF-8 bytes)"
        ),
    }


def _crawler_tokens(contracts: Path) -> dict:
    """The crawler token list robots.txt was read for: version, sha256, and whether the packaged default was used."""
    tokens = load_crawler_tokens(contracts)
    return {**tokens.as_evidence(), "file": tokens.path.name if not tokens.packaged_default else str(tokens.path)}
