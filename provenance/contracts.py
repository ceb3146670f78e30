"""Loading and validating data contracts: source contracts, the licence policy, the opt-out registry, the deny-list.

Every file is validated against its JSON Schema, shipped in the package (``provenance/data_contracts/schemas/``).
A bad file raises :class:`ContractError` naming the file and the offending field; nothing half-valid
is ever returned.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import importlib.resources
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from provenance.rights.sites import SiteCredit, registrable_domain, site_key_problem
from provenance.rights.urls import ascii_host


def packaged_file(*parts: str) -> Path:
    """A file of ``provenance/data_contracts/`` (JSON Schemas, default policies), read where the package is installed.

    They travel with the code, not with a contracts folder, so that a workspace's own contracts are always
    checked against this code's expectations. The checkout's ``data_contracts/`` keeps identical copies for
    people to read and copy (tests/test_packaging.py keeps them identical).
    """
    resource = importlib.resources.files("provenance").joinpath("data_contracts", *parts)
    if not isinstance(resource, Path):  # policies are hashed and named by path: the package must be files on disk
        raise RuntimeError(f"provenance must be installed as files on disk to read {'/'.join(parts)}")
    return resource


FORMATS = ("warc", "jsonl", "parquet", "mediawiki", "text")
OPTOUT_SCOPES = ("domain", "url_prefix", "rights_holder", "author", "fingerprint")


@dataclass(frozen=True)
class Problem:
    path: Path
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.field}: {self.message}"


class ContractError(ValueError):
    """One or more contract files are invalid. ``str()`` names each file and field."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        if len(self.problems) == 1:
            text = f"invalid contract: {self.problems[0]}"
        else:
            text = f"{len(self.problems)} invalid contract entries:\n" + "\n".join(f"  {p}" for p in self.problems)
        super().__init__(text)


@cache
def _validator(schema_name: str) -> jsonschema.protocols.Validator:
    schema = json.loads(packaged_file("schemas", schema_name).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _field_of(error: jsonschema.ValidationError, prefix: str = "") -> str:
    parts = [str(p) for p in error.absolute_path]
    if error.validator == "required":
        # "'title' is a required property": the missing key is the field at fault.
        missing = error.message.split("'")[1] if "'" in error.message else ""
        parts.append(missing)
    elif error.validator == "additionalProperties" and "'" in error.message:
        parts.append(error.message.split("'")[1])
    name = ".".join(p for p in parts if p)
    return (prefix + name) if name else (prefix.rstrip(".") or "(document)")


def _problem_message(error: jsonschema.ValidationError) -> str:
    if error.validator == "required":
        return "is required"
    if error.validator == "additionalProperties":
        return "is not a known key (" + error.message + ")"
    if error.validator == "enum":
        return f"{error.instance!r} is not one of {list(error.validator_value)}"
    if error.validator == "pattern":
        return f"{error.instance!r} does not have the expected form ({error.validator_value})"
    if error.validator == "format":
        return f"{error.instance!r} is not a valid {error.validator_value}"
    return error.message


def validate(document: Any, schema_name: str, path: Path, prefix: str = "") -> list[Problem]:
    """All the ways ``document`` breaks the named schema, as problems naming ``path`` and the field."""
    errors = sorted(_validator(schema_name).iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    return [Problem(path, _field_of(e, prefix), _problem_message(e)) for e in errors]


def read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContractError([Problem(path, "(file)", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]) from None
    except OSError as exc:
        raise ContractError([Problem(path, "(file)", f"cannot be read: {exc.strerror}")]) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(document)"
        raise ContractError([Problem(path, where, f"not valid YAML: {getattr(exc, 'problem', exc)}")]) from None


def load_validated_yaml(path: Path, schema_name: str) -> Any:
    """Read a YAML file and validate it against the packaged ``schemas/<schema_name>``."""
    document = read_yaml(path)
    problems = validate(document, schema_name, path)
    if problems:
        raise ContractError(problems)
    return document


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# --------------------------------------------------------------------------- sources


class Unverified(StrEnum):
    """What a source's contract says about a page whose robots.txt or tdmrep.json was never checked (``unverified``)."""

    #: quarantined with reason ``rights_unverified`` until a capture covering it is supplied
    HOLD = "hold"
    #: cleared on the licence alone, under the written ``unverified_reason``
    ALLOW = "allow"


#: Why a non-web source's pages go on by default: recorded as the reason of the default ``allow``.
DEFAULT_ALLOW_REASON = (
    "default for a {format} source: an export or file tree obtained from its publisher, not pages "
    "fetched from web sites, so no site's robots.txt or tdmrep.json speaks for it"
)


class PersonNames(StrEnum):
    """What a source's contract says about the names of people in its documents (``person_names``)."""

    #: names are redacted like every other personal data (the default)
    REDACT = "redact"
    #: names are kept, under the written ``person_names_basis``; contact details and identifiers are still redacted
    KEEP = "keep"


@dataclass(frozen=True)
class SourceContract:
    id: str
    title: str
    rights_holder: str
    licence: str
    attribution: str
    provenance_url: str
    format: str
    dumps: tuple[str, ...]
    language: str
    max_quarantine_rate: float
    fields: dict[str, str] = field(default_factory=dict)
    description: str = ""
    max_document_chars: int = 2_000_000
    priority: int = 0
    encoding: str | None = None
    robots_txt: dict[str, str] = field(default_factory=dict)
    #: MediaWiki: where the source's pages live (URLs are this plus the page title); wins over the dump header
    base_url: str | None = None
    person_names: PersonNames = PersonNames.REDACT
    #: why names may be kept (required with ``keep``; None otherwise)
    person_names_basis: str | None = None
    #: explicit ``unverified`` setting; None: the default for the format (see :attr:`unverified_policy`)
    unverified: Unverified | None = None
    unverified_reason: str | None = None
    #: globs (relative to PROVENANCE_HOME, or absolute) of robots.txt / tdmrep.json captures kept apart from the dumps
    signal_captures: tuple[str, ...] = ()
    #: crawls: registrable domain (or a host under one) -> who holds the rights in that site's pages
    sites: dict[str, SiteCredit] = field(default_factory=dict)
    path: Path | None = None
    sha256: str = ""

    @property
    def is_web_source(self) -> bool:
        """Its records are pages fetched from web sites: a WARC crawl, or JSONL/Parquet records with a page URL field."""
        return self.format == "warc" or (self.format in ("jsonl", "parquet") and "url" in self.fields)

    @property
    def unverified_policy(self) -> tuple[Unverified, str | None, bool]:
        """(what a never-checked page gets, the written reason, whether it is the format's default)."""
        if self.unverified is not None:
            return self.unverified, self.unverified_reason, False
        if self.is_web_source:
            return Unverified.HOLD, None, True
        return Unverified.ALLOW, DEFAULT_ALLOW_REASON.format(format=self.format), True

    @property
    def declared_lang(self) -> str | None:
        """The language every record of this source is in, or None when it must be detected."""
        return None if self.language == "auto" else self.language


_NO_UNVERIFIED_REASON = (
    "is required with unverified: allow: say in words why pages whose robots.txt and "
    "tdmrep.json were never checked may be used (e.g. the rights holder supplied the export)"
)
_NO_BASIS = (
    "is required with person_names: keep: say in words why the names of this source's people may be "
    "kept (e.g. they appear in public roles)"
)


def load_source(path: Path) -> SourceContract:
    document = read_yaml(path)
    problems = validate(document, "source.schema.json", path)
    if not problems and document["id"] != path.stem:
        problems.append(Problem(path, "id", f"{document['id']!r} must equal the file name {path.stem!r}"))
    explained = {"person_names_basis": _NO_BASIS, "unverified_reason": _NO_UNVERIFIED_REASON}
    problems = [
        Problem(path, p.field, explained[p.field]) if p.field in explained and p.message == "is required" else p
        for p in problems
    ]
    person_names = PersonNames(document.get("person_names", PersonNames.REDACT)) if not problems else None
    basis = (document.get("person_names_basis") or "").strip() if not problems else ""
    if person_names is PersonNames.KEEP and not basis:
        problems.append(Problem(path, "person_names_basis", _NO_BASIS))
    unverified_reason = (document.get("unverified_reason") or "").strip() if not problems else ""
    if not problems and document.get("unverified") == Unverified.ALLOW and not unverified_reason:
        problems.append(Problem(path, "unverified_reason", _NO_UNVERIFIED_REASON))
    sites = _sites(document.get("sites") or {}, path, problems) if not problems else {}
    if problems:
        raise ContractError(problems)
    dumps = document["dumps"]
    return SourceContract(
        id=document["id"],
        title=document["title"],
        rights_holder=document["rights_holder"],
        licence=document["licence"],
        attribution=document["attribution"],
        provenance_url=document["provenance_url"],
        format=document["format"],
        dumps=(dumps,) if isinstance(dumps, str) else tuple(dumps),
        language=document["language"],
        max_quarantine_rate=float(document["max_quarantine_rate"]),
        fields=dict(document.get("fields") or {}),
        description=document.get("description", ""),
        max_document_chars=int(document.get("max_document_chars", 2_000_000)),
        priority=int(document.get("priority", 0)),
        encoding=document.get("encoding"),
        robots_txt=dict(document.get("robots_txt") or {}),
        base_url=document.get("base_url"),
        person_names=person_names or PersonNames.REDACT,
        person_names_basis=basis if person_names is PersonNames.KEEP else None,
        unverified=Unverified(document["unverified"]) if "unverified" in document else None,
        unverified_reason=unverified_reason or None,
        signal_captures=_globs(document.get("signal_captures")),
        sites=sites,
        path=path,
        sha256=file_sha256(path),
    )


def _globs(value: str | list[str] | None) -> tuple[str, ...]:
    if not value:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _sites(entries: dict, path: Path, problems: list[Problem]) -> dict[str, SiteCredit]:
    """The ``sites`` mapping keyed by ASCII host; a key that is no domain name is a problem naming it."""
    sites: dict[str, SiteCredit] = {}
    for name, entry in entries.items():
        key = str(name)
        problem = site_key_problem(key)
        if problem:
            problems.append(Problem(path, f"sites.{key}", problem))
            continue
        host = ascii_host(key)
        if host in sites:
            problems.append(Problem(path, f"sites.{key}", f"names the site {host} a second time"))
            continue
        sites[host] = SiteCredit(entry["rights_holder"].strip(), (entry.get("attribution") or "").strip() or None)
    return sites


def load_sources(contracts_dir: Path) -> dict[str, SourceContract]:
    """Every source contract under ``<contracts_dir>/sources/``, by id. All problems are reported at once."""
    sources: dict[str, SourceContract] = {}
    problems: list[Problem] = []
    for path in sorted((Path(contracts_dir) / "sources").glob("*.y*ml")):
        try:
            contract = load_source(path)
        except ContractError as exc:
            problems.extend(exc.problems)
            continue
        sources[contract.id] = contract
    if problems:
        raise ContractError(problems)
    return sources


# --------------------------------------------------------------------------- licence policy


@dataclass(frozen=True)
class LicencePolicyDocument:
    """The validated licence policy file; the rights stage interprets it."""

    data: dict[str, Any]
    version: str
    sha256: str
    path: Path


def load_licence_policy_document(contracts_dir: Path) -> LicencePolicyDocument:
    path = Path(contracts_dir) / "licence_policy.yaml"
    data = load_validated_yaml(path, "licence_policy.schema.json")
    problems = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(data["licences"]):
        for key in [entry["id"], *entry.get("aliases", [])]:
            folded = key.casefold()
            if folded in seen:
                problems.append(Problem(path, f"licences.{i}", f"{key!r} already names licences.{seen[folded]}"))
            seen[folded] = i
        template = entry.get("attribution")
        if template and template not in (data.get("attribution_templates") or {}):
            problems.append(Problem(path, f"licences.{i}.attribution", f"no attribution template named {template!r}"))
    if problems:
        raise ContractError(problems)
    return LicencePolicyDocument(data=data, version=str(data["version"]), sha256=file_sha256(path), path=path)


# --------------------------------------------------------------------------- opt-out registry

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


def _optout_rows(path: Path) -> list[tuple[str, Any]]:
    """(field prefix, row) pairs from one registry file."""
    if path.suffix == ".csv":
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ContractError(
                [Problem(path, "(file)", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
            ) from None
        reader = csv.DictReader(io.StringIO(text))
        header = tuple(reader.fieldnames or ())
        allowed = (OPTOUT_COLUMNS, OPTOUT_COLUMNS + OPTOUT_LEDGER_COLUMNS)
        if header not in allowed:
            raise ContractError(
                [
                    Problem(
                        path,
                        "header",
                        (
                            f"columns must be {','.join(OPTOUT_COLUMNS)} (optionally followed by "
                            f"{','.join(OPTOUT_LEDGER_COLUMNS)}), found {','.join(header) or 'none'}"
                        ),
                    )
                ]
            )
        rows = []
        for row in reader:
            if None in row:  # more cells than columns
                row = {k: v for k, v in row.items() if k is not None}
                row["__extra__"] = "extra cells"
            rows.append((f"line {reader.line_num}.", {k: (v or "").strip() for k, v in row.items()}))
        return rows
    document = read_yaml(path)
    if document is None:
        return []
    if not isinstance(document, list):
        raise ContractError([Problem(path, "(document)", "must be a list of opt-out entries")])
    return [(f"{i}.", row) for i, row in enumerate(document)]


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
            if isinstance(row, dict):
                row = {
                    k: (v.isoformat() if isinstance(v, dt.date) and k in ("effective_from", "date_received") else v)
                    for k, v in row.items()
                }
                # A CSV row of an old-format file, or an empty ledger cell: the column is not stated.
                row = {k: v for k, v in row.items() if not (k in OPTOUT_LEDGER_COLUMNS and v in ("", None))}
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
                problems.extend(found)
                continue
            ids[row["id"]] = path.name
            value = row["value"].strip()
            if row["scope"] in ("domain",):
                value = value.lower().rstrip(".")
            entries.append(
                OptOutEntry(
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
            )
    if problems:
        raise ContractError(problems)
    entries.sort(key=lambda e: e.id)
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
    return OptOutRegistry(
        entries=tuple(entries),
        sha256=hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
        files={p.name: file_sha256(p) for p in paths},
    )


# --------------------------------------------------------------------------- crawler tokens

CRAWLER_TOKENS_FILE = "crawler_tokens.yaml"
#: Used when a contracts folder has no crawler_tokens.yaml: the list shipped with the package.
DEFAULT_CRAWLER_TOKENS = packaged_file(CRAWLER_TOKENS_FILE)
CRAWLER_PURPOSES = ("training", "search", "retrieval")


@dataclass(frozen=True)
class CrawlerToken:
    name: str
    operator: str
    purpose: str  # training | search | retrieval
    reference: str


@dataclass(frozen=True)
class CrawlerTokenList:
    """The versioned list of robots.txt tokens of AI crawlers, each with its purpose."""

    version: str
    sha256: str
    path: Path
    tokens: tuple[CrawlerToken, ...]
    #: True when the contracts folder had none and the package's list was used
    packaged_default: bool = False

    def names(self, purposes: Iterable[str]) -> tuple[str, ...]:
        wanted = set(purposes)
        return tuple(t.name for t in self.tokens if t.purpose in wanted)

    def purpose_of(self, name: str) -> str | None:
        folded = name.casefold()
        return next((t.purpose for t in self.tokens if t.name.casefold() == folded), None)

    def as_evidence(self) -> dict[str, Any]:
        return {"version": self.version, "sha256": self.sha256, "packaged_default": self.packaged_default}


def load_crawler_tokens(contracts_dir: Path) -> CrawlerTokenList:
    """``<contracts_dir>/crawler_tokens.yaml``, else the list shipped with the package.

    A bad file raises ContractError naming the field; a token listed twice (in any case) is an error,
    since its two purposes would contradict each other.
    """
    path = Path(contracts_dir) / CRAWLER_TOKENS_FILE
    packaged = not path.is_file()
    if packaged:
        path = DEFAULT_CRAWLER_TOKENS
    data = load_validated_yaml(path, "crawler_tokens.schema.json")
    problems, seen = [], {}
    for i, item in enumerate(data["tokens"]):
        folded = item["name"].casefold()
        if folded in seen:
            problems.append(
                Problem(path, f"tokens.{i}.name", f"{item['name']!r} is already listed as tokens.{seen[folded]}")
            )
        seen.setdefault(folded, i)
    if problems:
        raise ContractError(problems)
    tokens = tuple(CrawlerToken(t["name"], t["operator"], t["purpose"], t["reference"]) for t in data["tokens"])
    return CrawlerTokenList(
        version=str(data["version"]), sha256=file_sha256(path), path=path, tokens=tokens, packaged_default=packaged
    )


# --------------------------------------------------------------------------- deny-list

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


# --------------------------------------------------------------------------- all contracts


def contract_hashes(contracts_dir: Path) -> dict[str, str]:
    """sha256 of every contract and policy file (not the schemas), by path relative to the folder."""
    root = Path(contracts_dir)
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and rel.parts[0] != "schemas" and path.suffix in (".yaml", ".yml", ".csv", ".txt", ".json"):
            out[rel.as_posix()] = file_sha256(path)
    return out
