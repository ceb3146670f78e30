"""Which machine-readable reservations count: the ``reservations`` section of the licence policy, read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from provenance.crawler_tokens import CrawlerTokenList

DEFAULT_CONTENT_USAGE_CATEGORIES = ("train-ai", "train-genai")
#: Purposes (crawler_tokens.yaml) whose tokens' robots.txt rules reserve, when the policy names none.
DEFAULT_RESERVING_PURPOSES = ("training",)


@dataclass(frozen=True)
class ReservationSettings:
    """Which machine-readable reservations count; see the ``reservations`` section of the policy."""

    #: robots.txt tokens whose rules reserve: crawler_tokens.yaml's tokens of a reserving purpose
    ai_crawler_tokens: tuple[str, ...] = ()
    robots_star_reserves: bool = True
    content_usage_categories: tuple[str, ...] = DEFAULT_CONTENT_USAGE_CATEGORIES
    reserving_purposes: tuple[str, ...] = DEFAULT_RESERVING_PURPOSES
    #: tokens of the other purposes (search, retrieval): their rules are recorded as evidence, never deciding
    recorded_tokens: tuple[str, ...] = ()
    #: the list the tokens came from (None when settings are built by hand)
    crawler_tokens: CrawlerTokenList | None = None

    @classmethod
    def from_section(cls, section: dict[str, Any], crawler_tokens: CrawlerTokenList) -> ReservationSettings:
        """The policy's ``reservations`` section read against the crawler token list."""
        purposes = tuple(section.get("reserving_purposes") or DEFAULT_RESERVING_PURPOSES)
        # Tokens a policy written before crawler_tokens.yaml lists itself still reserve.
        extra = tuple(section.get("ai_crawler_tokens") or ())
        reserving = tuple(dict.fromkeys(crawler_tokens.names(purposes) + extra))
        others = tuple(t.name for t in crawler_tokens.tokens if t.name not in reserving)
        return cls(
            ai_crawler_tokens=reserving,
            robots_star_reserves=bool(section.get("robots_star_reserves", True)),
            content_usage_categories=tuple(
                section.get("content_usage_categories") or DEFAULT_CONTENT_USAGE_CATEGORIES
            ),
            reserving_purposes=purposes,
            recorded_tokens=others,
            crawler_tokens=crawler_tokens,
        )

    def purpose_of(self, token: str) -> str | None:
        return self.crawler_tokens.purpose_of(token) if self.crawler_tokens else None
