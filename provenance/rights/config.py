"""What rights decisions depend on besides the documents, and one hash over all of it.

The licence policy (with its reservation settings and the crawler token list), the opt-out registry, the
request ledger, the deny-list and the robots.txt files source contracts supply per domain. When
:func:`rights_config_hash` changes, the dumps the change can affect (:mod:`provenance.rights.affected`) are
cleared again: the Dagster sensor ``rights_config_sensor`` watches it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from provenance.contracts import (
    DenyList,
    OptOutRegistry,
    file_sha256,
    load_denylist,
    load_optout_registry,
    load_sources,
)
from provenance.requests import Request, load_requests, requests_sha256
from provenance.rights.policy import LicencePolicy


@dataclass(frozen=True)
class RightsConfig:
    policy: LicencePolicy
    registry: OptOutRegistry
    #: contract-supplied robots.txt files by path relative to the contracts folder, with their sha256
    supplied_robots: dict[str, str]
    denylist: DenyList = field(default_factory=DenyList.empty)
    requests: tuple[Request, ...] = ()

    @property
    def sha256(self) -> str:
        h = hashlib.sha256()
        h.update(f"policy\x1f{self.policy.sha256}\x1e".encode())
        h.update(f"registry\x1f{self.registry.sha256}\x1e".encode())
        tokens = self.policy.reservations.crawler_tokens
        if tokens is not None:
            h.update(f"crawler_tokens\x1f{tokens.sha256}\x1e".encode())
        for relpath, digest in sorted(self.supplied_robots.items()):
            h.update(f"robots\x1f{relpath}\x1f{digest}\x1e".encode())
        if self.denylist.entries:  # an empty list leaves the hash as it was before deny-lists existed
            h.update(f"denylist\x1f{self.denylist.sha256}\x1e".encode())
        if self.requests:  # likewise for the request ledger
            h.update(f"requests\x1f{requests_sha256(list(self.requests))}\x1e".encode())
        return h.hexdigest()


def load_rights_config(contracts_dir: Path) -> RightsConfig:
    """The policy, the registry, the deny-list and the supplied robots.txt files, each validated (ContractError
    names the file)."""
    contracts_dir = Path(contracts_dir)
    robots = {}
    for source in load_sources(contracts_dir).values():
        for relpath in source.robots_txt.values():
            path = contracts_dir / relpath
            robots[Path(relpath).as_posix()] = file_sha256(path) if path.is_file() else "missing"
    return RightsConfig(
        LicencePolicy.load(contracts_dir),
        load_optout_registry(contracts_dir),
        robots,
        load_denylist(contracts_dir),
        tuple(load_requests(contracts_dir)),
    )


def rights_config_hash(contracts_dir: Path) -> str:
    """sha256 over the policy file, the registry's canonical entries, the deny-list and every supplied robots.txt."""
    return load_rights_config(contracts_dir).sha256
