"""The request ledger: erasure, objection and takedown requests, ``data_contracts/requests/<id>.yaml``, validated.

One request per file, named after its id. A person is recorded only as the keyed hashes of the full-name
forms of their name (:func:`provenance.request_cli.person_hmacs`), never in clear: the schema refuses a
``value`` for scope ``person``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from provenance.contract_files import ContractError, Problem, file_sha256, read_yaml, validate

REQUESTS_FOLDER = "requests"
REQUEST_SCHEMA = "request.schema.json"
REQUEST_KINDS = ("erasure", "objection", "takedown")
REQUEST_SCOPES = ("person", "url", "url_prefix", "domain", "doc_id", "sample_id", "rights_holder", "fingerprint")


@dataclass(frozen=True)
class Request:
    """One request of the ledger. ``value`` is None for scope ``person``, whose ``person_hmacs`` say who."""

    id: str
    kind: str
    scope: str
    value: str | None
    person_hmacs: tuple[str, ...]
    date_received: dt.date
    reference: str
    legal_basis: str
    requested_by: str = ""
    note: str = ""
    #: the ledger file's name
    file: str = ""

    def summary(self) -> dict[str, str]:
        """What a withdrawal list or evidence row says about the request: never who the person is."""
        return {
            "id": self.id,
            "kind": self.kind,
            "scope": self.scope,
            "date_received": self.date_received.isoformat(),
            "reference": self.reference,
            "legal_basis": self.legal_basis,
        }

    def document(self) -> dict[str, Any]:
        """The request as its ledger file states it (the YAML mapping)."""
        found: dict[str, Any] = {"id": self.id, "kind": self.kind, "scope": self.scope}
        if self.scope == "person":
            found["person_hmacs"] = list(self.person_hmacs)
        else:
            found["value"] = self.value
        found |= {"date_received": self.date_received.isoformat(), "reference": self.reference}
        found["legal_basis"] = self.legal_basis
        found |= {k: v for k, v in (("requested_by", self.requested_by), ("note", self.note)) if v}
        return found


def requests_folder(contracts_dir: Path) -> Path:
    return Path(contracts_dir) / REQUESTS_FOLDER


def ledger_paths(contracts_dir: Path) -> list[Path]:
    """Every ledger file, sorted by name."""
    folder = requests_folder(contracts_dir)
    return sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])


def _stated(document: Any) -> Any:
    """YAML dates (``2026-01-02`` unquoted) as ISO text, so the schema sees what the file says."""
    if not isinstance(document, Mapping):
        return document
    return {k: (v.isoformat() if isinstance(v, dt.date) and k == "date_received" else v) for k, v in document.items()}


def _request(path: Path, document: Any) -> Request | list[Problem]:
    """One validated ledger file as a request, or the problems naming its field."""
    document = _stated(document)
    found = validate(document, REQUEST_SCHEMA, path)
    if found:
        return found
    try:
        received = dt.date.fromisoformat(document["date_received"])
    except ValueError:
        return [Problem(path, "date_received", f"{document['date_received']!r} is not a calendar date")]
    if path.stem != document["id"]:
        return [Problem(path, "id", f"{document['id']!r} must be the file's name ({path.stem})")]
    value = document.get("value")
    if value is not None:
        value = value.strip()
        if document["scope"] == "domain":
            value = value.lower().rstrip(".")
    return Request(
        id=document["id"],
        kind=document["kind"],
        scope=document["scope"],
        value=value,
        person_hmacs=tuple(sorted(document.get("person_hmacs", ()))),
        date_received=received,
        reference=document["reference"],
        legal_basis=document["legal_basis"],
        requested_by=document.get("requested_by", "").strip(),
        note=document.get("note", ""),
        file=path.name,
    )


def load_requests(contracts_dir: Path) -> list[Request]:
    """Every request under ``<contracts_dir>/requests/``, validated, sorted by id; none when the folder is absent.

    Raises :class:`ContractError` naming each bad file and field, and each id used twice.
    """
    requests: list[Request] = []
    problems: list[Problem] = []
    ids: dict[str, str] = {}
    for path in ledger_paths(contracts_dir):
        try:
            found = _request(path, read_yaml(path))
        except ContractError as exc:
            problems.extend(exc.problems)
            continue
        if isinstance(found, list):
            problems.extend(found)
        elif found.id in ids:
            problems.append(Problem(path, "id", f"{found.id!r} is already used in {ids[found.id]}"))
        else:
            ids[found.id] = path.name
            requests.append(found)
    if problems:
        raise ContractError(problems)
    return sorted(requests, key=lambda r: r.id)


def requests_sha256(requests: list[Request]) -> str:
    """sha256 over the canonical form of every request: any change to any request changes it."""
    canonical = json.dumps([r.document() for r in requests], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def ledger_files(contracts_dir: Path) -> dict[str, str]:
    """Each ledger file's name -> its sha256."""
    return {p.name: file_sha256(p) for p in ledger_paths(contracts_dir)}


def ledger_digest(contracts_dir: Path) -> str:
    """One hash over every ledger file (by its path under the contracts folder); '' when the ledger is empty."""
    files = {f"{REQUESTS_FOLDER}/{name}": sha for name, sha in ledger_files(contracts_dir).items()}
    if not files:
        return ""
    return hashlib.sha256(json.dumps(files, sort_keys=True, separators=(",", ":")).encode("utf-8")).hexdigest()
