"""The deny-list of sites recognised as persistently infringing: loading and validating ``denylist/*.csv``."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

from provenance.contract_files import ContractError, Problem, file_sha256, validate
from provenance.rights.sites import registrable_domain

DENYLIST_COLUMNS = ("domain", "reference", "recognised_by", "jurisdiction", "date_listed")


@dataclass(frozen=True)
class DenyListEntry:
    """A site recognised as persistently infringing: its pages are excluded, whatever else they say."""

    #: the listed domain, lower-case ASCII (IDNA), no trailing dot nor leading ``www.``: it and its subdomains
    domain: str
    reference: str
    recognised_by: str
    jurisdiction: str
    date_listed: dt.date
    file: str
    line: int
    #: the registrable domain (public suffix + one label) the listed domain belongs to
    registrable_domain: str


@dataclass(frozen=True)
class DenyList:
    entries: tuple[DenyListEntry, ...]
    #: sha256 over the canonical form of every entry: any change to any entry changes it.
    sha256: str
    files: dict[str, str]

    @property
    def version(self) -> str:
        return f"{len(self.entries)}-{self.sha256[:12]}"

    @classmethod
    def empty(cls) -> DenyList:
        """No site listed (what a contracts folder without ``denylist/`` gives)."""
        return cls((), hashlib.sha256(b"[]").hexdigest(), {})


def listed_domain(raw: str) -> tuple[str, str | None]:
    """(normalised domain, its registrable domain or None when it is a public suffix or no domain name)."""
    domain = raw.strip().rstrip(".").lower()
    if not domain.isascii():
        try:
            domain = domain.encode("idna").decode("ascii")
        except UnicodeError:
            return domain, None
    if domain.startswith("www.") and domain.count(".") >= 2:
        domain = domain[4:]  # a court lists the site: www. is one of its hosts, not the site
    return domain, registrable_domain(domain)


def _denylist_entry(path: Path, line: int, row: dict[str, str], seen: dict[str, str]) -> DenyListEntry | list[Problem]:
    """One CSV row as an entry, or the problems naming its line and field."""
    prefix = f"line {line}."
    row["jurisdiction"] = row["jurisdiction"].upper()
    found = validate(row, "denylist.schema.json", path, prefix)
    if found:
        return found
    try:
        listed = dt.date.fromisoformat(row["date_listed"])
    except ValueError:
        return [Problem(path, prefix + "date_listed", f"{row['date_listed']!r} is not a calendar date")]
    domain, registrable = listed_domain(row["domain"])
    if registrable is None:
        return [
            Problem(
                path,
                prefix + "domain",
                f"{row['domain']!r} is a public suffix or no domain name: list the site's own domain",
            )
        ]
    if domain in seen:
        return [Problem(path, prefix + "domain", f"{domain!r} is already listed in {seen[domain]}")]
    return DenyListEntry(
        domain, row["reference"], row["recognised_by"], row["jurisdiction"], listed, path.name, line, registrable
    )


def load_denylist(contracts_dir: Path) -> DenyList:
    """Every listed site under ``<contracts_dir>/denylist/*.csv``, validated; no folder is an empty list."""
    folder = Path(contracts_dir) / "denylist"
    paths = sorted(folder.glob("*.csv"))
    entries: list[DenyListEntry] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            problems.append(Problem(path, "(file)", f"not UTF-8 text ({exc.reason} at byte {exc.start})"))
            continue
        reader = csv.DictReader(io.StringIO(text))
        header = tuple(reader.fieldnames or ())
        if header != DENYLIST_COLUMNS:
            problems.append(
                Problem(
                    path, "header", f"columns must be {','.join(DENYLIST_COLUMNS)}, found {','.join(header) or 'none'}"
                )
            )
            continue
        for row in reader:
            line = reader.line_num
            if None in row:
                problems.append(Problem(path, f"line {line}", "more cells than columns"))
                continue
            entry = _denylist_entry(path, line, {k: (v or "").strip() for k, v in row.items()}, seen)
            if isinstance(entry, DenyListEntry):
                seen[entry.domain] = f"{path.name} line {line}"
                entries.append(entry)
            else:
                problems.extend(entry)
    if problems:
        raise ContractError(problems)
    entries.sort(key=lambda e: e.domain)
    canonical = json.dumps(
        [[e.domain, e.reference, e.recognised_by, e.jurisdiction, e.date_listed.isoformat()] for e in entries],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return DenyList(
        entries=tuple(entries),
        sha256=hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
        files={p.name: file_sha256(p) for p in paths},
    )
