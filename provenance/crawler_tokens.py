"""The versioned list of AI crawlers' robots.txt tokens (``crawler_tokens.yaml``), each with its purpose."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from provenance.contract_files import ContractError, Problem, file_sha256, load_validated_yaml, packaged_file

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
    problems: list[Problem] = []
    seen: dict[str, int] = {}
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
