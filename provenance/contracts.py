"""Loading and validating source contracts and the licence policy; the other contract files' loaders, re-exported.

The opt-out registry, the deny-list and the crawler tokens are loaded by their own modules
(:mod:`provenance.optout_registry`, :mod:`provenance.denylist_file`, :mod:`provenance.crawler_tokens`) on top of
:mod:`provenance.contract_files`; their names stay importable from here, where most callers look for contracts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from provenance.contract_files import (
    ContractError,
    Problem,
    file_sha256,
    load_validated_yaml,
    packaged_file,
    read_yaml,
    validate,
)
from provenance.crawler_tokens import (
    CRAWLER_PURPOSES,
    CRAWLER_TOKENS_FILE,
    DEFAULT_CRAWLER_TOKENS,
    CrawlerToken,
    CrawlerTokenList,
    load_crawler_tokens,
)
from provenance.denylist_file import DENYLIST_COLUMNS, DenyList, DenyListEntry, listed_domain, load_denylist
from provenance.optout_registry import (
    OPTOUT_COLUMNS,
    OPTOUT_LEDGER_COLUMNS,
    OPTOUT_SCOPES,
    OptOutEntry,
    OptOutRegistry,
    load_optout_registry,
)
from provenance.rights.sites import SiteCredit, site_key_problem
from provenance.rights.urls import ascii_host

__all__ = [
    "CRAWLER_PURPOSES",
    "CRAWLER_TOKENS_FILE",
    "DEFAULT_ALLOW_REASON",
    "DEFAULT_CRAWLER_TOKENS",
    "DENYLIST_COLUMNS",
    "FORMATS",
    "OPTOUT_COLUMNS",
    "OPTOUT_LEDGER_COLUMNS",
    "OPTOUT_SCOPES",
    "ContractError",
    "CrawlerToken",
    "CrawlerTokenList",
    "DenyList",
    "DenyListEntry",
    "LicencePolicyDocument",
    "OptOutEntry",
    "OptOutRegistry",
    "PersonNames",
    "Problem",
    "SourceContract",
    "Unverified",
    "contract_hashes",
    "file_sha256",
    "listed_domain",
    "load_crawler_tokens",
    "load_denylist",
    "load_licence_policy_document",
    "load_optout_registry",
    "load_source",
    "load_sources",
    "load_validated_yaml",
    "packaged_file",
    "read_yaml",
    "validate",
]

FORMATS = ("warc", "jsonl", "parquet", "mediawiki", "text")

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
class SourceLimits:
    """A source contract's ``limits``: the work one record may cost beyond its size (``max_document_chars``)."""

    #: deeper HTML is quarantined as too_deep (parsers and extractors slow down quadratically with depth)
    html_depth: int = 512
    #: an HTML page with more tags is quarantined as oversize
    html_tags: int = 500_000


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
    limits: SourceLimits = field(default_factory=SourceLimits)
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
    def applied_limits(self) -> dict[str, int]:
        """The bounds on one record, as the contract names them: recorded in the ingest stats."""
        return {"max_document_chars": self.max_document_chars, **asdict(self.limits)}

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
        limits=SourceLimits(**(document.get("limits") or {})),
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
