"""The data contracts as lineage tables: sources, optout registry, deny-list and requests as they are now, with versions.

A contract that does not load is not fatal: its table is empty, and the problem is recorded beside the versions.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa

from provenance.contracts import (
    ContractError,
    load_crawler_tokens,
    load_denylist,
    load_licence_policy_document,
    load_optout_registry,
    load_sources,
)
from provenance.lineage.tables import BY_NAME
from provenance.requests import load_requests
from provenance.workspace import Workspace

SOURCE_SCHEMA = pa.schema(
    [(n, pa.int64() if n == "priority" else pa.string()) for n in BY_NAME["sources"].column_names]
)
REGISTRY_SCHEMA = pa.schema(
    [
        ("entry_id", pa.string()),
        ("scope", pa.string()),
        ("value", pa.string()),
        ("effective_from", pa.date32()),
        ("reference", pa.string()),
        ("file", pa.string()),
        ("date_received", pa.date32()),
        ("requested_by", pa.string()),
    ]
)
DENYLIST_SCHEMA = pa.schema(
    [
        ("domain", pa.string()),
        ("registrable_domain", pa.string()),
        ("reference", pa.string()),
        ("recognised_by", pa.string()),
        ("jurisdiction", pa.string()),
        ("date_listed", pa.date32()),
        ("file", pa.string()),
        ("line", pa.int64()),
    ]
)
REQUESTS_SCHEMA = pa.schema(
    [(n, pa.date32() if n == "date_received" else pa.string()) for n in BY_NAME["requests"].column_names]
)
#: The versions contract_tables reports, in the order the lineage database stores them.
CONTRACT_INFO_KEYS = (
    "licence_policy_version",
    "licence_policy_sha256",
    "optout_registry_version",
    "optout_registry_sha256",
    "crawler_tokens_version",
    "crawler_tokens_sha256",
    "contract_problems",
)


class _Versioned(Protocol):
    @property
    def version(self) -> str: ...

    @property
    def sha256(self) -> str: ...


def contract_tables(ws: Workspace) -> tuple[pa.Table, pa.Table, dict]:
    """(sources, optout registry, versions) as they are now; problems are recorded, never fatal."""
    info: dict = dict.fromkeys(CONTRACT_INFO_KEYS)
    problems: list[str] = []
    source_rows = _source_rows(ws, problems)
    _record_version(info, "licence_policy", load_licence_policy_document, ws.contracts, problems)
    _record_version(info, "crawler_tokens", load_crawler_tokens, ws.contracts, problems)
    registry_rows = _registry_rows(ws, info, problems)
    info["contract_problems"] = "\n".join(problems) or None
    return (
        pa.Table.from_pylist(source_rows, schema=SOURCE_SCHEMA),
        pa.Table.from_pylist(registry_rows, schema=REGISTRY_SCHEMA),
        info,
    )


def _record_version(
    info: dict, name: str, load: Callable[[Path], _Versioned], contracts: Path, problems: list[str]
) -> None:
    """Set ``info``'s ``<name>_version`` and ``<name>_sha256`` from the loaded contract, or record why it did not load."""
    try:
        loaded = load(contracts)
    except ContractError as exc:
        problems.append(str(exc))
        return
    info[f"{name}_version"], info[f"{name}_sha256"] = loaded.version, loaded.sha256


def _source_rows(ws: Workspace, problems: list[str]) -> list[dict[str, Any]]:
    try:
        sources = load_sources(ws.contracts)
    except ContractError as exc:
        problems.append(str(exc))
        return []
    return [
        {
            "source_id": s.id,
            "title": s.title,
            "rights_holder": s.rights_holder,
            "licence": s.licence,
            "attribution": s.attribution,
            "provenance_url": s.provenance_url,
            "format": s.format,
            "language": s.language,
            "priority": s.priority,
            "person_names": s.person_names.value,
            "person_names_basis": s.person_names_basis,
            "contract_file": str(s.path) if s.path else None,
            "contract_sha256": s.sha256,
        }
        for s in sorted(sources.values(), key=lambda s: s.id)
    ]


def _registry_rows(ws: Workspace, info: dict, problems: list[str]) -> list[dict[str, Any]]:
    try:
        registry = load_optout_registry(ws.contracts)
    except ContractError as exc:
        problems.append(str(exc))
        return []
    info["optout_registry_version"], info["optout_registry_sha256"] = registry.version, registry.sha256
    return [
        {
            "entry_id": e.id,
            "scope": e.scope,
            # An author's name is personal data: the entry id and the registry file point to it.
            "value": None if e.scope == "author" else e.value,
            "effective_from": e.effective_from,
            "reference": e.reference,
            "file": e.file,
            "date_received": e.received_on,
            # The requesting party; an author's request may come from the author: left in the file.
            "requested_by": None if e.scope == "author" or not e.requested_by else e.requested_by,
        }
        for e in registry.entries
    ]


def denylist_table(ws: Workspace) -> tuple[pa.Table, dict]:
    """(the deny-list as it is now, its version and sha256 and any problem); problems are recorded, never fatal."""
    info: dict = {"denylist_version": None, "denylist_sha256": None, "problem": None}
    try:
        denylist = load_denylist(ws.contracts)
    except ContractError as exc:
        info["problem"] = str(exc)
        return DENYLIST_SCHEMA.empty_table(), info
    info["denylist_version"], info["denylist_sha256"] = denylist.version, denylist.sha256
    rows = [
        {
            "domain": e.domain,
            "registrable_domain": e.registrable_domain,
            "reference": e.reference,
            "recognised_by": e.recognised_by,
            "jurisdiction": e.jurisdiction,
            "date_listed": e.date_listed,
            "file": e.file,
            "line": e.line,
        }
        for e in denylist.entries
    ]
    return pa.Table.from_pylist(rows, schema=DENYLIST_SCHEMA), info


def requests_table(ws: Workspace) -> tuple[pa.Table, str | None]:
    """(the request ledger as it is now, the problem when it does not load); a person is never named: their
    request's ``value`` is null (the ledger keeps only keyed hashes, and the lineage not even those)."""
    try:
        requests = load_requests(ws.contracts)
    except ContractError as exc:
        return REQUESTS_SCHEMA.empty_table(), str(exc)
    rows = [
        {
            "request_id": r.id,
            "kind": r.kind,
            "scope": r.scope,
            "value": r.value,
            "date_received": r.date_received,
            "reference": r.reference,
            "legal_basis": r.legal_basis,
            "file": r.file,
        }
        for r in requests
    ]
    return pa.Table.from_pylist(rows, schema=REQUESTS_SCHEMA), None
