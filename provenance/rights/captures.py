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

A record with no capture date is checked against the latest capture. Only answers a site gave
are evidence: a 2xx capture is read, a 4xx means the site has no such file (nothing reserved),
and 3xx/5xx captures (redirects, server errors) are not evidence of anything and are skipped.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

import pyarrow.parquet as pq

from provenance.contracts import ContractError, Problem, SourceContract, file_sha256
from provenance.rights.urls import ascii_host, host_in_domain

ROBOTS = "robots.txt"
TDMREP = "tdmrep.json"
_EPOCH = dt.datetime(1, 1, 1, tzinfo=dt.timezone.utc)


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
    origin: str = "archive"  # 'archive' | 'contract'
    captured_after_record: bool = False

    @property
    def missing(self) -> bool:
        """The site answered that it has no such file (4xx)."""
        return self.http_status is not None and 400 <= self.http_status < 500

    def as_evidence(self) -> dict:
        return {
            "url": self.url, "origin": self.origin, "locator": self.locator, "body_sha256": self.body_sha256,
            "retrieved_at": self.retrieved_at.isoformat() if self.retrieved_at else None,
            "http_status": self.http_status, "captured_after_record": self.captured_after_record,
        }


def _usable(status: int | None) -> bool:
    return status is None or 200 <= status < 300 or 400 <= status < 500


class SiteCaptures:
    """Every usable capture of a dump, by (kind, host), sorted by capture date."""

    def __init__(self, captures: list[Capture] = (), supplied_robots: dict[str, Capture] | None = None):
        self._by_key: dict[tuple[str, str], list[Capture]] = {}
        for capture in sorted(captures, key=lambda c: (c.retrieved_at or _EPOCH, c.locator)):
            if _usable(capture.http_status):
                self._by_key.setdefault((capture.kind, capture.host), []).append(capture)
        self._dates = {k: [c.retrieved_at or _EPOCH for c in v] for k, v in self._by_key.items()}
        self._supplied = dict(supplied_robots or {})

    @classmethod
    def load(cls, site_signals: Path, source: SourceContract | None = None, contracts_dir: Path | None = None) -> "SiteCaptures":
        """From a dump's ``site_signals.parquet`` (absent: no captures) and the contract's supplied robots.txt files."""
        captures = []
        path = Path(site_signals)
        if path.exists():
            columns = ["kind", "url", "host", "retrieved_at", "http_status", "body", "body_sha256", "locator"]
            table = pq.read_table(path, columns=columns)
            for row in table.to_pylist():
                if row["kind"] not in (ROBOTS, TDMREP):
                    continue
                captures.append(Capture(
                    kind=row["kind"], host=ascii_host(row["host"] or ""), url=row["url"], body=row["body"],
                    body_sha256=row["body_sha256"], retrieved_at=row["retrieved_at"], http_status=row["http_status"],
                    locator=row["locator"],
                ))
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
            problems.append(Problem(contract_path, f"robots_txt.{domain}", f"{relpath} cannot be read: {exc.strerror}"))
            continue
        host = ascii_host(domain)
        out[host] = Capture(
            kind=ROBOTS, host=host, url=f"https://{host}/robots.txt", body=body, body_sha256=file_sha256(path),
            locator=Path(relpath).as_posix(), origin="contract",
        )
    if problems:
        raise ContractError(problems)
    return out
