"""robots.txt (RFC 9309) Disallow rules for the AI crawler tokens, read with protego.

robots.txt (RFC 9309) is evaluated with protego for each configured AI crawler token (a token
without its own group obeys ``*``, as the standard says) and, when ``robots_star_reserves`` is
set, for ``*`` itself even if every AI token has a group of its own that allows: a site that
refuses every crawler has refused ours, and art. 4(3) DSM asks for a reservation expressed "in
an appropriate manner", not one naming AI crawlers.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from protego import Protego

from provenance.rights.captures import Capture
from provenance.rights.evidence import SignalEvidence
from provenance.rights.reservations import ReservationSettings
from provenance.rights.urls import path_of
from provenance.vocabulary import Signal, SignalStatus


@lru_cache(maxsize=256)
def _parse_robots(body_sha256: str, body: str) -> Protego:
    return Protego.parse(body)


def _group_of(parser: Protego, agent: str) -> str | None:
    """The user-agent line of the group protego applies to ``agent`` (protego keeps no public accessor)."""
    try:
        rule_set = parser._get_matching_rule_set(agent)
    except AttributeError:  # pragma: no cover - a protego release that renamed its internals
        return None
    return getattr(rule_set, "user_agent", None)


def _deciding_rule(parser: Protego, agent: str, url: str) -> str | None:
    """The robots.txt rule that decided ``agent``'s access to ``url``, e.g. 'Disallow: /private/'."""
    try:
        from protego._utils import _quote_path

        rule_set = parser._get_matching_rule_set(agent)
        if rule_set is None:
            return None
        quoted = _quote_path(url)
        for rule in rule_set._rules:
            if rule.value.match(quoted):
                return f"{rule.field.capitalize()}: {rule.value._pattern}"
    except (AttributeError, ImportError):  # pragma: no cover - protego internals changed
        return None
    return None


def robots_txt_signal(capture: Capture | None, url: str | None, settings: ReservationSettings) -> SignalEvidence:
    """robots.txt: reserved when a Disallow covers the URL for a token of a reserving purpose, or for ``*``.

    The other tokens of the crawler list (search, retrieval) are read too and their refusals recorded
    under ``recorded``: evidence of what the site said, never the reason of a decision.
    """
    if url is None:
        return SignalEvidence(Signal.ROBOTS_TXT, SignalStatus.NOT_CHECKED, "the document has no URL: no site to ask")
    if capture is None:
        return SignalEvidence(
            Signal.ROBOTS_TXT, SignalStatus.NOT_CHECKED, "no robots.txt captured or supplied for this host"
        )
    base: dict[str, Any] = {"robots": capture.as_evidence()}
    if capture.missing:
        return SignalEvidence(
            Signal.ROBOTS_TXT, SignalStatus.ABSENT, f"robots.txt answered {capture.http_status}: no rules", base
        )
    parser = _parse_robots(capture.body_sha256, capture.body)
    groups = _disallowing_groups(parser, url, settings.ai_crawler_tokens, settings)
    if settings.robots_star_reserves and "*" not in groups and not parser.can_fetch(url, "*"):
        groups["*"] = {"group": "*", "agents": ["*"], "rule": _deciding_rule(parser, "*", url)}
    recorded = [g for _, g in sorted(_disallowing_groups(parser, url, settings.recorded_tokens, settings).items())]
    if recorded:
        base["recorded"] = recorded
    if not groups:
        also = (
            (
                "; refused to "
                + ", ".join(f"{a} ({settings.purpose_of(a)})" for g in recorded for a in g["agents"])
                + ": recorded, not deciding"
            )
            if recorded
            else ""
        )
        return SignalEvidence(
            Signal.ROBOTS_TXT,
            SignalStatus.NOT_RESERVED,
            f"robots.txt allows this URL for every {'/'.join(settings.reserving_purposes)} crawler token and *{also}",
            base,
        )
    disallowed = [groups[g] for g in sorted(groups)]
    first = disallowed[0]
    later = " (robots.txt captured after the page: the only capture)" if capture.captured_after_record else ""
    detail = f"robots.txt group {first['group']!r} {first['rule'] or 'Disallow'} covers this URL for {', '.join(first['agents'])}{later}"
    return SignalEvidence(
        Signal.ROBOTS_TXT, SignalStatus.RESERVED, detail, {**base, "path": path_of(url), "disallowed": disallowed}
    )


def _disallowing_groups(
    parser: Protego, url: str, agents: tuple[str, ...], settings: ReservationSettings
) -> dict[str, dict[str, Any]]:
    """The robots.txt groups that refuse ``url`` to any of ``agents``, with the deciding rule and each agent's purpose."""
    groups: dict[str, dict[str, Any]] = {}
    for agent in agents:
        if not parser.can_fetch(url, agent):
            group = _group_of(parser, agent) or "?"
            found = groups.setdefault(
                group, {"group": group, "agents": [], "purposes": [], "rule": _deciding_rule(parser, agent, url)}
            )
            found["agents"].append(agent)
            found["purposes"].append(settings.purpose_of(agent))
    return groups
