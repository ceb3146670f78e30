"""W3C TDMRep reservations: the HTML meta, the HTTP header and ``/.well-known/tdmrep.json``, ranked.

W3C TDMRep (final report 2024): ``tdm-reservation: 1`` reserves, ``0`` does not, anything else
is a protocol error read as unset. The three techniques rank as the spec orders them: HTML meta
supersedes the HTTP header, which supersedes ``/.well-known/tdmrep.json``; in that file the first
rule whose ``location`` matches the URL path is used (case-sensitive; ``*`` any run of
characters, a final ``$`` the end of the path, as in robots.txt). A value given as the string
"1" is read as 1: the rights holder's intent is plain, and reading it as unset would be the less
defensible error.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from provenance.rights.captures import Capture
from provenance.rights.evidence import SignalEvidence
from provenance.rights.urls import path_of, pattern_matches
from provenance.vocabulary import Signal, SignalStatus


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


def tdmrep_rule(capture: Capture | None, url: str | None) -> tuple[dict[str, Any], str]:
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


#: Why an absent meta or header was not checked, by signal.
_UNSEEN_WHY = {Signal.TDM_META: "the record kept no HTML", Signal.TDM_HEADER: "the record kept no HTTP response"}


@dataclass(frozen=True)
class _Declaration:
    """One TDMRep technique's declaration for a document: its raw value, evidence, and the value and state read."""

    signal: Signal
    raw: Any
    data: dict[str, Any]
    label: str
    value: int | None
    state: str


def _tdm_evidence(declaration: _Declaration, deciding: _Declaration | None) -> SignalEvidence:
    """The evidence of one declaration, knowing the highest-ranking one that states 0 or 1 (``deciding``)."""
    signal, raw, data, label = declaration.signal, declaration.raw, declaration.data, declaration.label
    value, state = declaration.value, declaration.state
    if state == SignalStatus.NOT_CHECKED and signal == Signal.TDMREP_JSON and deciding is not None:
        status, detail = (
            SignalStatus.SUPERSEDED,
            f"{label} not checked ({data['note']}), superseded by {deciding.label} {deciding.value}",
        )
    elif state == "not_checked":
        status, detail = (
            SignalStatus.NOT_CHECKED,
            f"{label} not checked: " + (data["note"] if signal == Signal.TDMREP_JSON else _UNSEEN_WHY[signal]),
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
    elif deciding is not None and deciding.signal != signal:
        status, detail = SignalStatus.SUPERSEDED, f"{label} {value} superseded by {deciding.label} {deciding.value}"
    else:
        status = SignalStatus.RESERVED if value == 1 else SignalStatus.NOT_RESERVED
        location = f" rule {data['location']!r}" if signal == Signal.TDMREP_JSON else ""
        detail = f"{label}{location}: {value}" + (" (TDM rights reserved)" if value == 1 else " (not reserved)")
    kept = data if signal == Signal.TDMREP_JSON else {k: v for k, v in data.items() if v is not None}
    return SignalEvidence(signal, status, detail, kept)


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
    unseen = {Signal.TDM_META: not html_checked, Signal.TDM_HEADER: not headers_checked}
    stated: list[tuple[Signal, Any, dict[str, Any], str]] = [  # highest rank first
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
        (Signal.TDMREP_JSON, file_raw, rule, "tdmrep.json"),
    ]
    declarations = []
    for signal, raw, data, label in stated:
        value, state = _tdm_value(raw)
        if signal == Signal.TDMREP_JSON and rule_state != "ok":
            state = rule_state
        elif state == SignalStatus.ABSENT and unseen.get(signal):
            state = SignalStatus.NOT_CHECKED
        declarations.append(_Declaration(signal, raw, data, label, value, state))
    deciding = next((d for d in declarations if d.value is not None), None)
    return [_tdm_evidence(d, deciding) for d in declarations]
