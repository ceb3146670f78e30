"""Training preferences in IETF aipref Content-Usage (HTTP header, robots.txt) and Cloudflare's Content-Signal.

IETF aipref (draft-ietf-aipref-vocab / -attach): Content-Usage is a Structured Field Dictionary
(RFC 9651, parsed with http-sf); only the Token ``n`` for a configured category
(``train-ai``...) reserves. ``train-ai="n"`` is a String, not a Token, and states no preference;
``train-ai=y`` explicitly allows; a value that does not parse states nothing. robots.txt
``Content-Usage: <path> <prefs>`` rules apply per group with the longest matching path, and
equally long paths combine (any ``n`` wins).

Cloudflare's Content Signals (https://contentsignals.org/; vocabulary in draft-romm-aipref-contentsignals,
which defines the labels ``search``, ``ai-input`` and ``ai-train`` and no syntax): ``Content-Signal:
[path] key=yes|no, ...`` lines in a robots.txt group. They are read per group like Content-Usage rules
(the crawler tokens' own groups, else ``*``; an optional leading path scopes a line, the longest
matching path wins, equally long ones combine with any ``no`` winning). ``ai-train=no`` reserves;
``search`` and ``ai-input`` are recorded and decide nothing about training. The two vocabularies
share one training verdict (:class:`TrainingVocabulary`) and are never mixed: ``ai-train`` is
Content-Signal's word, ``train-ai`` aipref's; each means nothing in the other's field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

import http_sf

from provenance.rights.captures import Capture
from provenance.rights.evidence import SignalEvidence
from provenance.rights.reservations import ReservationSettings
from provenance.rights.urls import normalise_percent, path_of, pattern_matches
from provenance.vocabulary import Signal, SignalStatus


@dataclass(frozen=True)
class _Rule:
    """A robots.txt extension line of a group: its field, path scope, preferences and the line as written."""

    field: str  # 'content-usage' | 'content-signal'
    path: str
    value: str
    line: str


#: robots.txt extension fields read here; Content-Usage needs a path (aipref attach), Content-Signal's is optional.
_EXTENSIONS = {"content-usage": True, "content-signal": False}


def _extension_groups(body: str) -> dict[str, list[_Rule]]:
    """robots.txt Content-Usage and Content-Signal lines by lower-cased user agent (RFC 9309 grouping)."""
    groups: dict[str, list[_Rule]] = {}
    agents: list[str] = []
    in_group = False  # rules before the first User-agent line belong to no group
    previous_was_agent = False
    for raw_line in body.splitlines():
        line = raw_line.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        name, value = (part.strip() for part in line.split(":", 1))
        name = name.lower()
        if name in ("user-agent", "useragent"):
            if not previous_was_agent:
                agents, in_group = [], True
            agents.append(value.lower())
            for agent in agents:
                groups.setdefault(agent, [])
            previous_was_agent = True
            continue
        previous_was_agent = False
        if name in _EXTENSIONS and in_group:
            path, _, prefs = value.replace("\t", " ").partition(" ")
            if not path.startswith("/"):
                if _EXTENSIONS[name]:
                    continue
                path, prefs = "/", value  # no path: the whole site
            if prefs.strip():
                for agent in agents:
                    groups[agent].append(_Rule(name, path, prefs.strip(), line))
    return groups


@lru_cache(maxsize=256)
def _robots_rules(body_sha256: str, body: str) -> dict[str, list[_Rule]]:
    return _extension_groups(body)


@dataclass(frozen=True)
class TrainingVocabulary:
    """How one preference vocabulary says yes or no to AI training: one verdict for both, no mixing.

    Content-Signal says ``ai-train=no``; aipref's Content-Usage says ``train-ai=n``. A key is read
    only in its own vocabulary: ``Content-Usage: ai-train=n`` and ``Content-Signal: train-ai=no``
    state nothing about training.
    """

    field: str
    training_keys: tuple[str, ...]
    refuse: str
    allow: str

    def verdict(self, preferences: dict[str, str]) -> str:
        """'reserved' (any training key refused), 'allowed' (one allowed, none refused) or 'not_reserved'."""
        values = [preferences.get(k) for k in self.training_keys]
        if self.refuse in values:
            return SignalStatus.RESERVED
        return SignalStatus.ALLOWED if self.allow in values else SignalStatus.NOT_RESERVED


#: Cloudflare's Content Signals: the labels draft-romm-aipref-contentsignals defines, with yes/no.
CONTENT_SIGNAL = TrainingVocabulary("Content-Signal", ("ai-train",), "no", "yes")
CONTENT_SIGNAL_KEYS = ("search", "ai-input", "ai-train")


def content_usage_vocabulary(settings: ReservationSettings) -> TrainingVocabulary:
    """IETF aipref: the configured categories (train-ai...), Token n or y."""
    return TrainingVocabulary("Content-Usage", settings.content_usage_categories, "n", "y")


def _preferences(value: str, categories: tuple[str, ...]) -> tuple[dict[str, str], str | None]:
    """aipref preferences per category ('n', 'y' or 'unknown'), and a parse error if the value does not parse."""
    try:
        # a "dictionary" top-level type parses to a dict (http_sf types the result as any field value)
        parsed = cast(dict[str, Any], http_sf.parse(value.encode("ascii"), tltype="dictionary"))
    except (UnicodeEncodeError, http_sf.StructuredFieldError, ValueError) as exc:
        return dict.fromkeys(categories, "unknown"), type(exc).__name__
    prefs: dict[str, str] = {}
    for category in categories:
        item = parsed.get(category)
        token = item[0] if item else None
        # Only a Token y/n states a preference; a String "n" is not a Token (RFC 9651 3.3.4).
        if isinstance(token, http_sf.Token) and str(token) in ("y", "n"):
            prefs[category] = str(token)
        else:
            prefs[category] = "unknown"
    return prefs, None


def content_signals(value: str) -> tuple[dict[str, str], list[str]]:
    """A Content-Signal value's yes/no per label, and what in it is not a Content Signal ("train-ai=no", "ai-train=maybe")."""
    found: dict[str, str] = {}
    ignored: list[str] = []
    for part in value.split(","):
        key, sep, raw = (x.strip() for x in part.partition("="))
        key, answer = key.lower(), raw.lower()
        if sep and key in CONTENT_SIGNAL_KEYS and answer in ("yes", "no"):
            # A label given twice: any "no" wins, as with conflicting aipref rules.
            if found.get(key) != "no":
                found[key] = answer
        elif part.strip():
            ignored.append(part.strip())
    return found, ignored


def content_usage_signal(header: str | None, settings: ReservationSettings, checked: bool = True) -> SignalEvidence:
    """HTTP Content-Usage header (IETF aipref); ``checked`` is False when the record kept no HTTP response."""
    if not header or not header.strip():
        if not checked:
            return SignalEvidence(
                Signal.CONTENT_USAGE,
                SignalStatus.NOT_CHECKED,
                "Content-Usage not checked: the record kept no HTTP response",
            )
        return SignalEvidence(Signal.CONTENT_USAGE, SignalStatus.ABSENT, "no Content-Usage header")
    prefs, error = _preferences(header.strip(), settings.content_usage_categories)
    data = {"header": header, "preferences": prefs}
    if error:
        return SignalEvidence(
            Signal.CONTENT_USAGE,
            SignalStatus.INVALID,
            f"Content-Usage {header!r} does not parse as a Structured Field Dictionary: no preference stated",
            {**data, "error": error},
        )
    verdict = content_usage_vocabulary(settings).verdict(prefs)
    if verdict == "reserved":
        refused = [c for c, p in prefs.items() if p == "n"]
        return SignalEvidence(
            Signal.CONTENT_USAGE, SignalStatus.RESERVED, f"Content-Usage {header!r}: {', '.join(refused)}=n", data
        )
    if verdict == "allowed":
        return SignalEvidence(
            Signal.CONTENT_USAGE, SignalStatus.ALLOWED, f"Content-Usage {header!r} allows training", data
        )
    return SignalEvidence(
        Signal.CONTENT_USAGE,
        SignalStatus.NOT_RESERVED,
        f"Content-Usage {header!r} states no training preference",
        data,
    )


def _group_findings(
    capture: Capture,
    url: str,
    settings: ReservationSettings,
    field: str,
    read: Callable[[str], dict[str, str]],
    vocabulary: TrainingVocabulary,
) -> list[dict[str, Any]]:
    """Per reserving token (and ``*``): the group that applies, its longest-path lines of ``field``, combined preferences."""
    groups = _robots_rules(capture.body_sha256, capture.body)
    path = path_of(url)
    agents = [a.lower() for a in settings.ai_crawler_tokens] + (["*"] if settings.robots_star_reserves else [])
    findings = []
    for agent in dict.fromkeys(agents):
        group = agent if agent in groups else "*"
        rules = [r for r in groups.get(group, []) if r.field == field and pattern_matches(r.path, path)]
        if not rules:
            continue
        longest = max(len(normalise_percent(r.path)) for r in rules)
        chosen = [r for r in rules if len(normalise_percent(r.path)) == longest]
        combined: dict[str, str] = {}
        for rule in chosen:
            for key, pref in read(rule.value).items():
                # Conflicting lines for one path combine: any refusal wins, then a permission.
                if pref == vocabulary.refuse or (pref == vocabulary.allow and combined.get(key) != vocabulary.refuse):
                    combined[key] = pref
                else:
                    combined.setdefault(key, pref)
        findings.append(
            {
                "agent": agent,
                "group": group,
                "lines": [r.line for r in chosen],
                "preferences": combined,
                "training": vocabulary.verdict(combined),
            }
        )
    return findings


def robots_content_usage_signal(
    capture: Capture | None, url: str | None, settings: ReservationSettings
) -> SignalEvidence:
    """robots.txt ``Content-Usage:`` rules (IETF aipref attach) for the reserving tokens' groups and ``*``."""
    if url is None or capture is None:
        return SignalEvidence(
            Signal.ROBOTS_CONTENT_USAGE,
            SignalStatus.NOT_CHECKED,
            "no robots.txt covering this URL: its Content-Usage rules were not read",
        )
    if capture.missing:
        return SignalEvidence(
            Signal.ROBOTS_CONTENT_USAGE, SignalStatus.ABSENT, "no robots.txt Content-Usage rules for this URL"
        )
    groups = _robots_rules(capture.body_sha256, capture.body)
    if not any(r.field == "content-usage" for rules in groups.values() for r in rules):
        return SignalEvidence(
            Signal.ROBOTS_CONTENT_USAGE, SignalStatus.ABSENT, "robots.txt has no Content-Usage rules"
        )
    categories = settings.content_usage_categories
    findings = _group_findings(
        capture,
        url,
        settings,
        "content-usage",
        lambda v: _preferences(v, categories)[0],
        content_usage_vocabulary(settings),
    )
    for finding in findings:  # the evidence keeps its historical key for the lines
        finding["rules"] = finding.pop("lines")
    data = {"robots": capture.as_evidence(), "path": path_of(url), "findings": findings}
    refusing = [f for f in findings if f["training"] == SignalStatus.RESERVED]
    if refusing:
        first = refusing[0]
        return SignalEvidence(
            Signal.ROBOTS_CONTENT_USAGE,
            SignalStatus.RESERVED,
            f"robots.txt group {first['group']!r} {first['rules'][0]} refuses training",
            data,
        )
    if any(f["training"] == SignalStatus.ALLOWED for f in findings):
        return SignalEvidence(
            Signal.ROBOTS_CONTENT_USAGE,
            SignalStatus.ALLOWED,
            "robots.txt Content-Usage allows training for this path",
            data,
        )
    return SignalEvidence(
        Signal.ROBOTS_CONTENT_USAGE,
        SignalStatus.NOT_RESERVED if findings else SignalStatus.ABSENT,
        "robots.txt Content-Usage states no training preference for this path",
        data,
    )


def content_signal_signal(capture: Capture | None, url: str | None, settings: ReservationSettings) -> SignalEvidence:
    """robots.txt ``Content-Signal:`` lines (Cloudflare) for the reserving tokens' groups and ``*``: ai-train=no reserves."""
    if url is None or capture is None:
        return SignalEvidence(
            Signal.CONTENT_SIGNAL,
            SignalStatus.NOT_CHECKED,
            "no robots.txt covering this URL: its Content-Signal lines were not read",
        )
    if capture.missing:
        return SignalEvidence(Signal.CONTENT_SIGNAL, SignalStatus.ABSENT, "no robots.txt, so no Content-Signal")
    groups = _robots_rules(capture.body_sha256, capture.body)
    lines = [r for rules in groups.values() for r in rules if r.field == "content-signal"]
    if not lines:
        return SignalEvidence(Signal.CONTENT_SIGNAL, SignalStatus.ABSENT, "robots.txt has no Content-Signal line")
    findings = _group_findings(
        capture, url, settings, "content-signal", lambda v: content_signals(v)[0], CONTENT_SIGNAL
    )
    ignored = sorted({part for r in lines for part in content_signals(r.value)[1]})
    data = {"robots": capture.as_evidence(), "path": path_of(url), "findings": findings}
    if ignored:
        data["not_content_signals"] = ignored
    refusing = [f for f in findings if f["training"] == SignalStatus.RESERVED]
    if refusing:
        first = refusing[0]
        return SignalEvidence(
            Signal.CONTENT_SIGNAL,
            SignalStatus.RESERVED,
            f"robots.txt group {first['group']!r} {first['lines'][0]!r} refuses AI training",
            data,
        )
    if any(f["training"] == SignalStatus.ALLOWED for f in findings):
        return SignalEvidence(
            Signal.CONTENT_SIGNAL,
            SignalStatus.ALLOWED,
            f"robots.txt {findings[0]['lines'][0]!r} allows AI training",
            data,
        )
    stated = "; ".join(f"{f['group']}: {f['lines'][0]}" for f in findings)
    return SignalEvidence(
        Signal.CONTENT_SIGNAL,
        SignalStatus.NOT_RESERVED if findings else SignalStatus.ABSENT,
        f"robots.txt Content-Signal states no AI-training preference for this URL ({stated})"
        if findings
        else "no Content-Signal line applies to this URL for the crawler tokens read",
        data,
    )
