"""robots.txt and tdmrep.json captures of a dump, chosen per host as of a record's capture date.

A site signal counts as of the record's capture date: what the site said when the page was
fetched, not what it says now (draft-ietf-aipref-attach: robots.txt changes "do not
retroactively apply"). For a host and a capture date the choice is, in order:

1. the latest capture taken at or before that date (a capture with no date counts as before);
2. for robots.txt, the file the source contract supplies for the domain (``robots_txt``), for
   archives that did not capture one;
3. the earliest capture taken after that date, marked ``captured_after_record``: the closest
   evidence there is of what the site said. A later capture is never applied when an earlier one
   exists.

The captures are those the dump holds (``site_signals.parquet``, written by ingest) and those the
contract's ``signal_captures`` points at (:func:`external_captures`): WARC/ARC files, or folders laid
out by host (``<host>/robots.txt``, ``<host>/.well-known/tdmrep.json``, each with an optional
``<file>.capture.json`` sidecar ``{"retrieved_at", "http_status", "url"}``; without one the file's
modification time is its capture date and 200 its status). Both kinds are matched alike. They are
held in memory per dump: one entry per host and capture, however many documents the dump has.

A record with no capture date is checked against the latest capture. Only answers a site gave
are evidence: a 2xx capture is read, a 4xx means the site has no such file (nothing reserved),
and 3xx/5xx captures (redirects, server errors) are not evidence of anything and are skipped.
"""

from __future__ import annotations

import bisect
import datetime as dt
import glob
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

import pyarrow.parquet as pq

from provenance.contracts import ContractError, Problem, SourceContract, file_sha256
from provenance.rights.urls import ascii_host, host_in_domain

ROBOTS = "robots.txt"
TDMREP = "tdmrep.json"
_EPOCH = dt.datetime(1, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Capture:
    kind: str
    host: str
    url: str
    body: str
    body_sha256: str
    retrieved_at: dt.datetime | None = None
    http_status: int | None = None
    #: where the capture sits in its dump, or the contract file that supplied it
    locator: str = ""
    origin: str = "archive"  # 'archive' | 'contract' | 'signal_captures'
    captured_after_record: bool = False

    @property
    def missing(self) -> bool:
        """The site answered that it has no such file (4xx)."""
        return self.http_status is not None and 400 <= self.http_status < 500

    def as_evidence(self) -> dict:
        return {
            "url": self.url,
            "origin": self.origin,
            "locator": self.locator,
            "body_sha256": self.body_sha256,
            "retrieved_at": self.retrieved_at.isoformat() if self.retrieved_at else None,
            "http_status": self.http_status,
            "captured_after_record": self.captured_after_record,
        }


def _usable(status: int | None) -> bool:
    return status is None or 200 <= status < 300 or 400 <= status < 500


class SiteCaptures:
    """Every usable capture of a dump, by (kind, host), sorted by capture date."""

    def __init__(self, captures: Iterable[Capture] = (), supplied_robots: dict[str, Capture] | None = None):
        self._by_key: dict[tuple[str, str], list[Capture]] = {}
        for capture in sorted(captures, key=lambda c: (c.retrieved_at or _EPOCH, c.locator)):
            if _usable(capture.http_status):
                self._by_key.setdefault((capture.kind, capture.host), []).append(capture)
        self._dates = {k: [c.retrieved_at or _EPOCH for c in v] for k, v in self._by_key.items()}
        self._supplied = dict(supplied_robots or {})

    @classmethod
    def load(
        cls,
        site_signals: Path,
        source: SourceContract | None = None,
        contracts_dir: Path | None = None,
        home: Path | None = None,
    ) -> SiteCaptures:
        """From a dump's ``site_signals.parquet`` (absent: no captures), the contract's ``signal_captures``
        (globs under ``home``) and its supplied robots.txt files."""
        captures = external_captures(source, home) if source is not None and source.signal_captures else []
        path = Path(site_signals)
        if path.exists():
            columns = ["kind", "url", "host", "retrieved_at", "http_status", "body", "body_sha256", "locator"]
            table = pq.read_table(path, columns=columns)
            for row in table.to_pylist():
                if row["kind"] not in (ROBOTS, TDMREP):
                    continue
                captures.append(
                    Capture(
                        kind=row["kind"],
                        host=ascii_host(row["host"] or ""),
                        url=row["url"],
                        body=row["body"],
                        body_sha256=row["body_sha256"],
                        retrieved_at=row["retrieved_at"],
                        http_status=row["http_status"],
                        locator=row["locator"],
                    )
                )
        supplied = supplied_robots(source, contracts_dir) if source is not None and contracts_dir is not None else {}
        return cls(captures, supplied)

    def select(self, kind: str, host: str | None, as_of: dt.datetime | None) -> Capture | None:
        """The capture that speaks for ``host`` as of ``as_of`` (see the module docstring for the order)."""
        if not host:
            return None
        key = (kind, host)
        captures = self._by_key.get(key, [])
        if captures:
            if as_of is None:
                return captures[-1]
            i = bisect.bisect_right(self._dates[key], as_of)
            if i > 0:
                return captures[i - 1]
        if kind == ROBOTS:
            supplied = self._supplied_for(host)
            if supplied is not None:
                return supplied
        if captures:
            return replace(captures[0], captured_after_record=True)
        return None

    def _supplied_for(self, host: str) -> Capture | None:
        best = None
        for domain, capture in self._supplied.items():
            if host_in_domain(host, domain) and (best is None or len(domain) > len(best[0])):
                best = (domain, capture)
        return best[1] if best else None


def supplied_robots(source: SourceContract, contracts_dir: Path) -> dict[str, Capture]:
    """The robots.txt files a source contract supplies per domain (paths relative to the contracts folder)."""
    out = {}
    problems = []
    for domain, relpath in sorted(source.robots_txt.items()):
        path = Path(contracts_dir) / relpath
        contract_path = source.path or Path(contracts_dir) / "sources" / f"{source.id}.yaml"
        try:
            body = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            problems.append(
                Problem(contract_path, f"robots_txt.{domain}", f"{relpath} cannot be read: {exc.strerror}")
            )
            continue
        host = ascii_host(domain)
        out[host] = Capture(
            kind=ROBOTS,
            host=host,
            url=f"https://{host}/robots.txt",
            body=body,
            body_sha256=file_sha256(path),
            locator=Path(relpath).as_posix(),
            origin="contract",
        )
    if problems:
        raise ContractError(problems)
    return out


# --------------------------------------------------------------------------- signal_captures

SIDECAR = ".capture.json"
_FOLDER_FILES = {ROBOTS: "robots.txt", TDMREP: ".well-known/tdmrep.json"}


def external_captures(source: SourceContract, home: Path | None) -> list[Capture]:
    """The robots.txt / tdmrep.json captures the contract's ``signal_captures`` globs point at.

    A glob is relative to PROVENANCE_HOME (``home``) or absolute; one matching nothing, a folder
    holding no capture or a bad sidecar is a ContractError naming the contract and the field.
    """
    contract = source.path or Path(f"sources/{source.id}.yaml")
    problems: list[Problem] = []
    found: list[Capture] = []
    for i, pattern in enumerate(source.signal_captures):
        field = "signal_captures" if len(source.signal_captures) == 1 else f"signal_captures.{i}"
        if Path(pattern).is_absolute():
            matches = sorted(Path(m) for m in glob.glob(pattern))
        elif home is None:
            problems.append(Problem(contract, field, f"{pattern!r} is relative, and no PROVENANCE_HOME was given"))
            continue
        else:
            matches = sorted(Path(home).glob(pattern))
        if not matches:
            problems.append(
                Problem(contract, field, f"{pattern!r} matches nothing" + (f" under {home}" if home else ""))
            )
        for path in matches:
            before = len(found)
            if path.is_dir():
                found += _folder_captures(path, home, contract, field, problems)
            else:
                found += _archive_captures(path, source, home)
            if len(found) == before:
                problems.append(Problem(contract, field, f"{path} holds no robots.txt or tdmrep.json capture"))
    if problems:
        raise ContractError(problems)
    return found


def _shown(path: Path, home: Path | None) -> str:
    """A capture's locator: its path under PROVENANCE_HOME when it is there, else absolute."""
    try:
        return Path(path).resolve().relative_to(Path(home).resolve()).as_posix() if home else str(path)
    except ValueError:
        return str(Path(path).resolve())


def _date(value: object) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if not value:
        return None
    text = str(value).strip()
    parsed = dt.datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _archive_captures(path: Path, source: SourceContract, home: Path | None) -> list[Capture]:
    """The robots.txt and tdmrep.json responses of a WARC/ARC file, read as ingest reads a dump's."""
    # Imported here: the ingest readers are only needed when a contract points at a separate archive.
    from provenance.ingest.records import ReaderContext, SiteSignal
    from provenance.ingest.warc import read_warc

    relpath = _shown(path, home)
    out = []
    for item in read_warc(ReaderContext(source=source, dump_id="signal_captures", path=path, relpath=relpath)):
        if isinstance(item, SiteSignal):
            out.append(
                Capture(
                    kind=item.kind,
                    host=ascii_host(urlsplit(item.url).hostname or ""),
                    url=item.url,
                    body=item.body,
                    body_sha256=hashlib.sha256(item.body.encode("utf-8")).hexdigest(),
                    retrieved_at=_date(item.retrieved_at),
                    http_status=item.http_status,
                    locator=item.locator,
                    origin="signal_captures",
                )
            )
    return out


def _folder_captures(
    folder: Path, home: Path | None, contract: Path, field: str, problems: list[Problem]
) -> list[Capture]:
    """``<folder>/<host>/robots.txt`` and ``<folder>/<host>/.well-known/tdmrep.json``, dated by sidecar or mtime."""
    out = []
    for host_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
        host = ascii_host(host_dir.name)
        for kind, name in _FOLDER_FILES.items():
            path = host_dir / name
            if not path.is_file():
                continue
            sidecar = path.with_name(path.name + SIDECAR)
            meta: dict = {}
            if sidecar.is_file():
                try:
                    meta = json.loads(sidecar.read_text(encoding="utf-8"))
                    if not isinstance(meta, dict):
                        raise ValueError("not a JSON object")
                    when = _date(meta.get("retrieved_at"))
                    status = meta.get("http_status")
                    if status is not None and not (isinstance(status, int) and 100 <= status < 600):
                        raise ValueError(f"http_status {status!r} is not an HTTP status code")
                except (ValueError, TypeError) as exc:
                    problems.append(Problem(contract, field, f"{sidecar}: {exc}"))
                    continue
            else:
                when = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
            out.append(
                Capture(
                    kind=kind,
                    host=host,
                    url=meta.get("url") or f"https://{host}/{name}",
                    body=path.read_text(encoding="utf-8", errors="replace"),
                    body_sha256=file_sha256(path),
                    retrieved_at=when,
                    http_status=meta.get("http_status", 200),
                    locator=_shown(path, home),
                    origin="signal_captures",
                )
            )
    return out
