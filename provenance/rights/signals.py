"""Machine-readable TDM reservations, read offline from what the dump holds; one function per signal family.

Each function returns :class:`~provenance.rights.evidence.SignalEvidence` whether or not the
signal reserves the document, so the evidence shows every check that ran.

W3C TDMRep (final report 2024): ``tdm-reservation: 1`` reserves, ``0`` does not, anything else
is a protocol error read as unset. The three techniques rank as the spec orders them: HTML meta
supersedes the HTTP header, which supersedes ``/.well-known/tdmrep.json``; in that file the first
rule whose ``location`` matches the URL path is used (case-sensitive; ``*`` any run of
characters, a final ``$`` the end of the path, as in robots.txt). A value given as the string
"1" is read as 1: the rights holder's intent is plain, and reading it as unset would be the less
defensible error.

robots.txt (RFC 9309) is evaluated with protego for each configured AI crawler token (a token
without its own group obeys ``*``, as the standard says) and, when ``robots_star_reserves`` is
set, for ``*`` itself even if every AI token has a group of its own that allows: a site that
refuses every crawler has refused ours, and art. 4(3) DSM asks for a reservation expressed "in
an appropriate manner", not one naming AI crawlers.

``noai`` in X-Robots-Tag or meta robots reserves, whoever it is addressed to (``GPTBot: noai``
included); ``noimageai`` concerns images only and does not reserve text. A crawler-specific meta
(``<meta name="GPTBot" content="noindex">``, kept by ingest in ``metadata["meta_robots_bots"]``)
addressed to a configured AI crawler token reserves with ``noindex`` or ``none`` as well.

Cloudflare's Content Signals (https://contentsignals.org/; vocabulary in draft-romm-aipref-contentsignals,
which defines the labels ``search``, ``ai-input`` and ``ai-train`` and no syntax): ``Content-Signal:
[path] key=yes|no, ...`` lines in a robots.txt group. They are read per group like Content-Usage rules
(the crawler tokens' own groups, else ``*``; an optional leading path scopes a line, the longest
matching path wins, equally long ones combine with any ``no`` winning). ``ai-train=no`` reserves;
``search`` and ``ai-input`` are recorded and decide nothing about training. The two vocabularies
share one training verdict (:class:`TrainingVocabulary`) and are never mixed: ``ai-train`` is
Content-Signal's word, ``train-ai`` aipref's; each means nothing in the other's field.

Every signal has three states: it reserves, it does not (``absent`` when checked and silent), or it
was ``not_checked``: no robots.txt or tdmrep.json covering the host at the capture date, no HTTP
response kept with the record (JSONL, Parquet, MediaWiki and text records), or no HTML to read metas
from. Not checked never reads as "no reservation": the rights stage holds or allows such pages as
the source contract says (``unverified``).

IETF aipref (draft-ietf-aipref-vocab / -attach): Content-Usage is a Structured Field Dictionary
(RFC 9651, parsed with http-sf); only the Token ``n`` for a configured category
(``train-ai``...) reserves. ``train-ai="n"`` is a String, not a Token, and states no preference;
``train-ai=y`` explicitly allows; a value that does not parse states nothing. robots.txt
``Content-Usage: <path> <prefs>`` rules apply per group with the longest matching path, and
equally long paths combine (any ``n`` wins).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import http_sf
from protego import Protego

from provenance.rights.captures import Capture
from provenance.rights.evidence import SignalEvidence
from provenance.rights.policy import ReservationSettings
from provenance.rights.urls import normalise_percent, path_of, pattern_matches
from provenance.vocabulary import Signal, SignalStatus

#: X-Robots-Tag directives that take a value after a colon: not a user-agent scope.
_VALUED_DIRECTIVES = {"unavailable_after", "max-snippet", "max-image-preview", "max-video-preview"}


# --------------------------------------------------------------------------- W3C TDMRep


def _tdm_value(raw: Any) -> tuple[int | None, str]:
    """(0 or 1, 'ok'), or (None, 'absent' | 'invalid')."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, SignalStatus.ABSENT
    if isinstance(raw, bool):
        return None, SignalStatus.INVALID
    if isinstance(raw, int):
        return (raw, "ok") if raw in (0, 1) else (None, SignalStatus.INVALID)
    # Repeated headers arrive joined by commas; agreeing repeats are one value.
    values = {v.strip().strip('"') for v in str(raw).split(",") if v.strip()}
    if len(values) == 1 and (value := values.pop()) in ("0", "1"):
        return int(value), "ok"
    return None, SignalStatus.INVALID


def tdmrep_rule(capture: Capture | None, url: str | None) -> tuple[dict | None, str]:
    """The tdmrep.json rule that applies to ``url``: (rule evidence, 'ok' | 'absent' | 'invalid' | 'not_checked')."""
    if url is None:
        return {"note": "the document has no URL: no site to ask"}, SignalStatus.NOT_CHECKED
    if capture is None:
        return {"note": "no tdmrep.json captured or supplied for this host"}, SignalStatus.NOT_CHECKED
    if capture.missing:
        return {"file": capture.as_evidence(), "note": "the site has no tdmrep.json"}, SignalStatus.ABSENT
    try:
        rules = json.loads(capture.body)
    except ValueError:
        return {"file": capture.as_evidence(), "error": "not JSON"}, SignalStatus.INVALID
    if not isinstance(rules, list):
        return {"file": capture.as_evidence(), "error": "not a JSON array of rules"}, SignalStatus.INVALID
    path = path_of(url)
    for index, rule in enumerate(rules):
        if not isinstance(rule, dict) or not isinstance(rule.get("location"), str):
            continue
        if pattern_matches(rule["location"], path):
            return {
                "file": capture.as_evidence(),
                "rule_index": index,
                "location": rule["location"],
                "tdm-reservation": rule.get("tdm-reservation"),
                "tdm-policy": rule.get("tdm-policy"),
            }, "ok"
    return {"file": capture.as_evidence(), "note": "no rule matches this path"}, SignalStatus.ABSENT


def tdmrep_signals(
    *,
    header_reservation: str | None,
    header_policy: str | None,
    meta_reservation: str | None,
    meta_policy: str | None,
    tdmrep_capture: Capture | None,
    url: str | None,
    headers_checked: bool = True,
    html_checked: bool = True,
) -> list[SignalEvidence]:
    """TDMRep: meta, header and tdmrep.json, the highest-ranking declaration present deciding.

    ``headers_checked`` / ``html_checked``: whether the record kept its HTTP response headers / its HTML;
    when not, an absent header or meta was not checked. A tdmrep.json that was not captured does not
    matter when a declaration TDMRep ranks higher decides: it is ``superseded`` whatever it says.
    """
    rule, rule_state = tdmrep_rule(tdmrep_capture, url)
    file_raw = rule.get("tdm-reservation") if rule_state == "ok" else None
    unseen = {"tdm_meta": not html_checked, "tdm_header": not headers_checked}
    where = {"tdm_meta": "the record kept no HTML", "tdm_header": "the record kept no HTTP response"}
    declarations = [  # highest rank first
        (
            Signal.TDM_META,
            meta_reservation,
            {"tdm-reservation": meta_reservation, "tdm-policy": meta_policy},
            "meta tdm-reservation",
        ),
        (
            Signal.TDM_HEADER,
            header_reservation,
            {"tdm-reservation": header_reservation, "tdm-policy": header_policy},
            "HTTP tdm-reservation",
        ),
        (Signal.TDMREP_JSON, file_raw, rule or {}, "tdmrep.json"),
    ]
    values = []
    for signal, raw, data, label in declarations:
        value, state = _tdm_value(raw)
        if signal == Signal.TDMREP_JSON and rule_state != "ok":
            state = rule_state
        elif state == SignalStatus.ABSENT and unseen.get(signal):
            state = SignalStatus.NOT_CHECKED
        values.append((signal, raw, data, label, value, state))
    deciding = next((v for v in values if v[4] is not None), None)
    out = []
    for signal, raw, data, label, value, state in values:
        if state == SignalStatus.NOT_CHECKED and signal == Signal.TDMREP_JSON and deciding is not None:
            status, detail = (
                SignalStatus.SUPERSEDED,
                f"{label} not checked ({data['note']}), superseded by {deciding[3]} {deciding[4]}",
            )
        elif state == "not_checked":
            status, detail = (
                SignalStatus.NOT_CHECKED,
                f"{label} not checked: " + (data["note"] if signal == Signal.TDMREP_JSON else where[signal]),
            )
        elif state == "absent":
            status, detail = SignalStatus.ABSENT, f"no {label}" + (f" ({data['note']})" if data.get("note") else "")
        elif state == "invalid":
            status = SignalStatus.INVALID
            detail = (
                f"{label} {raw!r} is not 0 or 1: unset, as TDMRep says"
                if raw is not None
                else f"{label} unreadable ({data.get('error', 'invalid')}): unset"
            )
        elif deciding is not None and deciding[0] != signal:
            status, detail = SignalStatus.SUPERSEDED, f"{label} {value} superseded by {deciding[3]} {deciding[4]}"
        else:
            status = SignalStatus.RESERVED if value == 1 else SignalStatus.NOT_RESERVED
            where = f" rule {data['location']!r}" if signal == Signal.TDMREP_JSON else ""
            detail = f"{label}{where}: {value}" + (" (TDM rights reserved)" if value == 1 else " (not reserved)")
        out.append(
            SignalEvidence(
                signal,
                status,
                detail,
                data if signal == Signal.TDMREP_JSON else {k: v for k, v in data.items() if v is not None},
            )
        )
    return out


# --------------------------------------------------------------------------- robots.txt


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
    base = {"robots": capture.as_evidence()}
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
        parsed = http_sf.parse(value.encode("ascii"), tltype="dictionary")
    except (UnicodeEncodeError, http_sf.StructuredFieldError, ValueError) as exc:
        return dict.fromkeys(categories, "unknown"), type(exc).__name__
    prefs = {}
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
    capture: Capture, url: str, settings: ReservationSettings, field: str, read: Any, vocabulary: TrainingVocabulary
) -> list[dict]:
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


# --------------------------------------------------------------------------- noai directives


def _noai(signal: str, label: str, value: str | None, checked: bool = True, unseen: str = "") -> SignalEvidence:
    if not value or not value.strip():
        if not checked:
            return SignalEvidence(signal, SignalStatus.NOT_CHECKED, f"{label} not checked: {unseen}")
        return SignalEvidence(signal, SignalStatus.ABSENT, f"no {label}")
    found, image_only = [], []
    for segment in value.split(","):
        segment = segment.strip()
        scope = None
        name, sep, rest = segment.partition(":")
        if sep and name.strip().lower() not in _VALUED_DIRECTIVES and " " not in name.strip():
            scope, segment = name.strip(), rest.strip()
        # a scoped header lists several directives after one "agent:" prefix, e.g. "GPTBot: noindex noai"
        for directive in segment.lower().split():
            if directive == "noai":
                found.append(f"{scope}: noai" if scope else "noai")
            elif directive == "noimageai":
                image_only.append(f"{scope}: noimageai" if scope else "noimageai")
    data = {"value": value}
    if found:
        return SignalEvidence(
            signal, SignalStatus.RESERVED, f"{label} {', '.join(found)}", {**data, "directives": found}
        )
    if image_only:
        return SignalEvidence(
            signal,
            SignalStatus.NOT_APPLICABLE,
            f"{label} {', '.join(image_only)} concerns images, not text",
            {**data, "directives": image_only},
        )
    return SignalEvidence(signal, SignalStatus.NOT_RESERVED, f"{label} has no noai directive", data)


def x_robots_tag_signal(value: str | None, checked: bool = True) -> SignalEvidence:
    """HTTP X-Robots-Tag: ``noai`` reserves (``noimageai`` concerns images only); ``checked``: an HTTP response was kept."""
    return _noai(Signal.X_ROBOTS_TAG, "X-Robots-Tag", value, checked, "the record kept no HTTP response")


def meta_robots_signal(
    value: str | None,
    bot_metas: dict[str, str] | None = None,
    settings: ReservationSettings | None = None,
    checked: bool = True,
) -> SignalEvidence:
    """<meta name="robots"> and crawler-specific metas (<meta name="GPTBot" content="noindex">).

    ``noai`` reserves wherever it appears. A crawler-specific meta addressed to a configured AI
    crawler token reserves with ``noindex`` or ``none`` too: for a crawler that only collects
    training data, being told not to index the page can only mean not to use it.
    """
    general = _noai(Signal.META_ROBOTS, "meta robots", value, checked or bool(bot_metas), "the record kept no HTML")
    if general.reserves or not bot_metas:
        return general
    tokens = {t.lower() for t in (settings.ai_crawler_tokens if settings else ())}
    refused, checked = [], []
    for name, content in sorted(bot_metas.items()):
        directives = {d.strip().lower() for d in re.split(r"[,\s]+", content or "") if d.strip()}
        checked.append(f"{name}: {content}")
        if "noai" in directives or (name.lower() in tokens and directives & {"noindex", "none"}):
            refused.append(f'<meta name="{name}" content="{content}">')
    data = {**general.data, "value": value, "bot_metas": dict(sorted(bot_metas.items()))}
    if refused:
        return SignalEvidence(Signal.META_ROBOTS, SignalStatus.RESERVED, "crawler meta " + ", ".join(refused), data)
    if general.status == "absent":
        return SignalEvidence(
            Signal.META_ROBOTS,
            SignalStatus.NOT_RESERVED,
            "crawler metas without a refusal: " + "; ".join(checked),
            data,
        )
    return SignalEvidence(general.signal, general.status, general.detail, data)
