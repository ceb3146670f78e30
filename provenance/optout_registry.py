"""The opt-out registry: loading and validating ``optouts/*.csv`` and ``*.yaml`` into a versioned ledger."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from provenance.contract_files import ContractError, Problem, file_sha256, read_yaml, validate

OPTOUT_SCOPES = ("domain", "url_prefix", "rights_holder", "author", "fingerprint")

OPTOUT_COLUMNS = ("id", "scope", "value", "effective_from", "reference")
#: Request-ledger columns a registry file may add (files written before them stay valid).
OPTOUT_LEDGER_COLUMNS = ("date_received", "requested_by")


@dataclass(frozen=True)
class OptOutEntry:
    """One opt-out request of the ledger: ``id`` is the request id."""

    id: str
    scope: str
    value: str
    effective_from: dt.date
    reference: str
    file: str
    #: the day the request reached us; a file without the column gives ``effective_from`` (see the README)
    date_received: dt.date | None = None
    #: the requesting party (a rights holder or its agent); '' when the file does not say
    requested_by: str = ""
    #: whether the file stated date_received / requested_by (old files do not)
    ledger_recorded: bool = False

    @property
    def received_on(self) -> dt.date:
        return self.date_received or self.effective_from


@dataclass(frozen=True)
class OptOutRegistry:
    entries: tuple[OptOutEntry, ...]
    #: sha256 over the canonical form of every entry: any change to any entry changes it.
    sha256: str
    files: dict[str, str]

    @property
    def version(self) -> str:
        return f"{len(self.entries)}-{self.sha256[:12]}"

    @property
    def request_ids(self) -> list[str]:
        """The ids of every request in this version of the ledger, sorted."""
        return [e.id for e in self.entries]


def _csv_rows(path: Path) -> list[tuple[str, Any]]:
    """(field prefix, row) pairs from one CSV registry file; a cell beyond the columns is flagged as ``__extra__``."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ContractError([Problem(path, "(file)", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]) from None
    reader = csv.DictReader(io.StringIO(text))
    header = tuple(reader.fieldnames or ())
    if header not in (OPTOUT_COLUMNS, OPTOUT_COLUMNS + OPTOUT_LEDGER_COLUMNS):
        expected = (
            f"columns must be {','.join(OPTOUT_COLUMNS)} (optionally followed by "
            f"{','.join(OPTOUT_LEDGER_COLUMNS)}), found {','.join(header) or 'none'}"
        )
        raise ContractError([Problem(path, "header", expected)])
    rows: list[tuple[str, Any]] = []
    for raw in reader:
        row: dict[str, Any] = {k: v for k, v in raw.items() if k is not None}
        if None in raw:  # more cells than columns
            row["__extra__"] = "extra cells"
        rows.append((f"line {reader.line_num}.", {k: (v or "").strip() for k, v in row.items()}))
    return rows


def _optout_rows(path: Path) -> list[tuple[str, Any]]:
    """(field prefix, row) pairs from one registry file."""
    if path.suffix == ".csv":
        return _csv_rows(path)
    document = read_yaml(path)
    if document is None:
        return []
    if not isinstance(document, list):
        raise ContractError([Problem(path, "(document)", "must be a list of opt-out entries")])
    return [(f"{i}.", row) for i, row in enumerate(document)]


def _stated(row: Any) -> Any:
    """A YAML row's dates as ISO text, and the ledger columns a row leaves empty dropped (they are not stated)."""
    if not isinstance(row, dict):
        return row
    row = {
        k: (v.isoformat() if isinstance(v, dt.date) and k in ("effective_from", "date_received") else v)
        for k, v in row.items()
    }
    # A CSV row of an old-format file, or an empty ledger cell: the column is not stated.
    return {k: v for k, v in row.items() if not (k in OPTOUT_LEDGER_COLUMNS and v in ("", None))}


def _optout_entry(path: Path, prefix: str, row: Any, ids: dict[str, str]) -> OptOutEntry | list[Problem]:
    """One validated row as an entry, or the problems naming its field; ``ids``: request id -> file already using it."""
    found = validate(row, "optout.schema.json", path, prefix)
    dates: dict[str, dt.date] = {}
    for key in ("effective_from", "date_received"):
        if not found and key in row:
            try:
                dates[key] = dt.date.fromisoformat(row[key])
            except ValueError:
                found = [Problem(path, prefix + key, f"{row[key]!r} is not a calendar date")]
    if not found and row["id"] in ids:
        found = [Problem(path, prefix + "id", f"{row['id']!r} is already used in {ids[row['id']]}")]
    if found:
        return found
    value = row["value"].strip()
    if row["scope"] in ("domain",):
        value = value.lower().rstrip(".")
    return OptOutEntry(
        row["id"],
        row["scope"],
        value,
        dates["effective_from"],
        row["reference"],
        path.name,
        date_received=dates.get("date_received"),
        requested_by=(row.get("requested_by") or "").strip(),
        ledger_recorded=any(k in row for k in OPTOUT_LEDGER_COLUMNS),
    )


def _registry_sha256(entries: list[OptOutEntry]) -> str:
    """sha256 over the canonical form of every entry (sorted by id)."""
    # Ledger fields join the canonical form only where a file states them: a registry written before
    # the ledger existed keeps its version and hash, so nothing cleared under it turns stale.
    canonical = json.dumps(
        [
            [e.id, e.scope, e.value, e.effective_from.isoformat(), e.reference]
            + ([e.date_received.isoformat() if e.date_received else None, e.requested_by] if e.ledger_recorded else [])
            for e in entries
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def load_optout_registry(contracts_dir: Path) -> OptOutRegistry:
    """Every opt-out under ``<contracts_dir>/optouts/`` (``*.csv`` and ``*.yaml``), validated."""
    folder = Path(contracts_dir) / "optouts"
    paths = sorted([*folder.glob("*.csv"), *folder.glob("*.yaml"), *folder.glob("*.yml")])
    entries: list[OptOutEntry] = []
    problems: list[Problem] = []
    ids: dict[str, str] = {}
    for path in paths:
        try:
            rows = _optout_rows(path)
        except ContractError as exc:
            problems.extend(exc.problems)
            continue
        for prefix, row in rows:
            entry = _optout_entry(path, prefix, _stated(row), ids)
            if isinstance(entry, OptOutEntry):
                ids[entry.id] = path.name
                entries.append(entry)
            else:
                problems.extend(entry)
    if problems:
        raise ContractError(problems)
    entries.sort(key=lambda e: e.id)
    return OptOutRegistry(
        entries=tuple(entries), sha256=_registry_sha256(entries), files={p.name: file_sha256(p) for p in paths}
    )
