"""Which dumps a change of the shared rights configuration can affect, so only those are cleared again.

Every clearing records, beside its output (the rights stage's ``_inputs.json``), a compact *snapshot* of
the configuration it was cleared under (:func:`config_snapshot`): each opt-out entry's scope and a hash
of its row, each deny-list domain with a hash of its row, one hash per licence entry (with the
attribution template it uses) and one over the rest of the policy, the crawler token list's hash. When
the configuration changes, :func:`judge` compares that snapshot with the new one and reads the dump's
own inputs to say whether any changed item can touch one of its documents:

- opt-out registry: an added, removed or changed entry is matched, with the stage's own matcher and
  holder resolution, against every document of the dump (URL, host, contract and site holder, author,
  content fingerprint). An author entry removed since the clearing is not kept by value (a person's name):
  it affects every dump with a stated author;
- deny-list: an added, removed or changed domain covers one of the dump's document URLs;
- licence policy: only the entries whose class, decision, name, URL or attribution template changed, and
  only dumps whose licences seen (or cleared) name one of them (a Creative Commons port counts as its
  unported version); any other change (an entry added or removed, a decision crossing include / not include,
  which decides the aliases looked for in free text, aliases, ``unknown_decision``,
  ``cc_ports_follow_unported``, the reservations section, anything else) affects every dump;
- crawler token list: every dump with a robots.txt capture (site signals, contract-supplied files or
  signal captures);
- request ledger: an added, removed or changed request covers one of the dump's documents (URL, domain,
  document id, a PERSON redaction's keyed hash); one naming a sample, fingerprint or rights holder: every dump;
- any other contracts file rights reads: every dump.

When unsure (no snapshot recorded, an unreadable input), the dump is affected. A dump judged unaffected
keeps its output byte for byte; its ``_stats.json`` gains an ``equivalent_under`` entry naming the new
versions and hashes and why, which the ``no_reserved_content`` check, certify and the lineage read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

from provenance.contracts import (
    DenyList,
    DenyListEntry,
    OptOutEntry,
    OptOutRegistry,
    SourceContract,
    load_denylist,
    load_licence_policy_document,
    load_optout_registry,
)
from provenance.layout import REDACTIONS, SITE_SIGNALS
from provenance.requests import Request, load_requests
from provenance.rights.policy import LicencePolicy
from provenance.stats import ClearStats
from provenance.vocabulary import CLEARING

#: the key of the snapshot in the rights stage's ``_inputs.json`` record
SNAPSHOT_KEY = "rights_config"
_PORT = re.compile(r"^(?:LicenseRef-)?CC-((?:BY|SA|NC|ND)(?:-(?:BY|SA|NC|ND))*)-(\d\.\d)-([A-Z]{2,3})$", re.IGNORECASE)
_ID_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+:-]*")


def _h(value) -> str:
    return hashlib.sha256(
        json.dumps(value, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":")).encode("utf-8")
    ).hexdigest()[:16]


# --------------------------------------------------------------------------- snapshots


def _entry_hash(e: OptOutEntry) -> str:
    return _h(
        [
            e.id,
            e.scope,
            e.value,
            e.effective_from.isoformat(),
            e.reference,
            e.date_received.isoformat() if e.date_received else None,
            e.requested_by,
        ]
    )


def registry_snapshot(registry: OptOutRegistry) -> dict[str, list[str]]:
    """id -> [scope, value, row hash]; an author's name is not kept (its value is '')."""
    return {e.id: [e.scope, "" if e.scope == "author" else e.value, _entry_hash(e)] for e in registry.entries}


def denylist_snapshot(denylist: DenyList) -> dict[str, str]:
    return {
        e.domain: _h([e.domain, e.reference, e.recognised_by, e.jurisdiction, e.date_listed.isoformat()])
        for e in denylist.entries
    }


def policy_snapshot(policy: LicencePolicy, data: dict) -> dict:
    """One hash per licence entry (with the attribution template it uses), one over everything else."""
    licences = {}
    for entry_id, e in policy.entries.items():
        template = (
            policy.templates.get(e.attribution or "") or policy.templates.get("generic")
            if e.requires_attribution
            else None
        )
        licences[entry_id] = _h([e.licence_class, e.decision, e.name, e.url, e.attribution, template])
    rest = {k: v for k, v in data.items() if k not in ("licences", "attribution_templates", "version")}
    # Which entries are included decides which aliases are looked for inside free text (LicencePolicy._names_in_text):
    # a decision crossing include/not include can change how any dump's statements read.
    included = sorted(k for k, e in policy.entries.items() if e.decision in CLEARING)
    return {
        "licences": licences,
        "global": _h(
            {
                "rest": rest,
                "aliases": sorted(policy._aliases.items()),
                "included": included,
                "unknown_decision": policy.unknown_decision,
                "cc_ports_follow_unported": policy.cc_ports_follow_unported,
            }
        ),
    }


@dataclass(frozen=True)
class CurrentConfig:
    """The rights configuration now, loaded once for every dump judged."""

    policy: LicencePolicy
    registry: OptOutRegistry
    denylist: DenyList
    snapshot: dict
    requests: tuple[Request, ...] = ()

    @classmethod
    def load(cls, contracts: Path) -> CurrentConfig:
        policy = LicencePolicy.load(contracts)
        registry, denylist = load_optout_registry(contracts), load_denylist(contracts)
        snapshot = config_snapshot(contracts, policy, registry, denylist)
        return cls(policy, registry, denylist, snapshot, tuple(load_requests(contracts)))


def config_snapshot(
    contracts: Path,
    policy: LicencePolicy | None = None,
    registry: OptOutRegistry | None = None,
    denylist: DenyList | None = None,
) -> dict:
    """What a clearing is checked against, compactly: recorded in the rights stage's ``_inputs.json``."""
    from provenance.rights.requests import requests_snapshot

    policy = policy or LicencePolicy.load(contracts)
    tokens = policy.reservations.crawler_tokens
    snapshot = {
        "policy": policy_snapshot(policy, load_licence_policy_document(contracts).data),
        "registry": registry_snapshot(registry or load_optout_registry(contracts)),
        "denylist": denylist_snapshot(denylist if denylist is not None else load_denylist(contracts)),
        "crawler_tokens": tokens.sha256 if tokens else "",
    }
    requests = load_requests(contracts)
    if requests:  # absent while the ledger is empty, as in snapshots recorded before it existed
        snapshot["requests"] = requests_snapshot(requests)
    return snapshot


# --------------------------------------------------------------------------- judging one dump


@dataclass
class Judgement:
    affected: bool
    #: why (affected) or why not (unaffected), one phrase per changed component
    reasons: list[str] = field(default_factory=list)


def _changed_keys(old: dict, new: dict) -> tuple[list[str], list[str], list[str]]:
    added = sorted(new.keys() - old.keys())
    removed = sorted(old.keys() - new.keys())
    changed = sorted(k for k in old.keys() & new.keys() if old[k] != new[k])
    return added, removed, changed


def _documents(redacted_parquet: Path, source: SourceContract) -> list[dict]:
    """The fields the opt-out and deny-list matching reads (a wiki's metadata names its site: its holder)."""
    names = pq.read_schema(redacted_parquet).names
    wanted = ("doc_id", "url", "author", "content_fingerprint", "lang") + (
        ("metadata",) if source.format == "mediawiki" else ()
    )
    columns = [c for c in wanted if c in names]
    return pq.read_table(redacted_parquet, columns=columns).to_pylist()


def _registry_change(
    old: dict, new: CurrentConfig, docs: list[dict], source: SourceContract, redacted_parquet: Path
) -> Judgement:
    now = registry_snapshot(new.registry)
    added, removed, changed = _changed_keys(old, now)
    what = ", ".join(
        f"{sign}{len(ids)} entr{'y' if len(ids) == 1 else 'ies'}"
        for sign, ids in (("+", added), ("-", removed), ("~", changed))
        if ids
    )
    by_id = {e.id: e for e in new.registry.entries}
    entries = [by_id[i] for i in added + changed]
    # Removed (and the old form of changed) entries, rebuilt from the snapshot for matching only.
    for entry_id in removed + changed:
        scope, value, _ = old[entry_id]
        if scope == "author" and not value:
            if any(d.get("author") for d in docs):
                return Judgement(
                    True, [f"optout registry ({what}): an author entry changed and documents state authors"]
                )
            continue
        entries.append(OptOutEntry(entry_id, scope, value, dt.date.min, "", ""))
    if not entries:
        return Judgement(False, [f"optout registry ({what}): no changed entry to match"])
    from provenance.rights.captures import SiteCaptures
    from provenance.rights.clearer import DocumentClearer
    from provenance.rights.stage import is_crawl_dump

    diff = OptOutRegistry(tuple(entries), "", {})
    # Only the holder and the registry matcher are used: no site capture is read.
    clearer = DocumentClearer(
        source=source,
        policy=new.policy,
        registry=diff,
        captures=SiteCaptures(),
        crawl=is_crawl_dump(redacted_parquet, source),
    )
    scopes = sorted({e.scope for e in entries})
    for doc in docs:
        holder = clearer.holder(doc)
        found = clearer.matcher.matching_entries(
            url=doc.get("url"),
            rights_holder=(source.rights_holder, holder.name),
            author=doc.get("author"),
            fingerprint=doc.get("content_fingerprint"),
        )
        if found:
            return Judgement(
                True, [f"optout registry ({what}): entry {found[0].id} ({found[0].scope}) covers a document"]
            )
    return Judgement(
        False,
        [f"optout registry ({what}; {', '.join(scopes)}): no changed entry covers any of its {len(docs)} documents"],
    )


def _denylist_change(old: dict, new: CurrentConfig, docs: list[dict]) -> Judgement:
    from provenance.rights.denylist import DenyListMatcher

    added, removed, changed = _changed_keys(old, denylist_snapshot(new.denylist))
    domains = added + removed + changed
    what = ", ".join(f"{sign}{len(d)} domain(s)" for sign, d in (("+", added), ("-", removed), ("~", changed)) if d)
    entries = tuple(DenyListEntry(d, "", "", "", dt.date.min, "", 0, d) for d in domains)
    matcher = DenyListMatcher(DenyList(entries, "", {}))
    for doc in docs:
        entry = matcher.entry_for(doc.get("url"))
        if entry is not None:
            return Judgement(True, [f"deny-list ({what}): {entry.domain} covers a document"])
    return Judgement(False, [f"deny-list ({what}): no changed domain covers any of its {len(docs)} documents"])


def _licence_ids(expression: str) -> set[str]:
    """The licence ids an SPDX expression names, case-folded, with each CC port's unported version."""
    out = set()
    for token in _ID_TOKEN.findall(expression or ""):
        if token.upper() in ("AND", "OR", "WITH"):
            continue
        out.add(token.casefold())
        port = _PORT.match(token)
        if port:
            out.add(f"cc-{port.group(1)}-{port.group(2)}".casefold())
    return out


def _policy_change(old: dict, new: CurrentConfig, stats: ClearStats) -> Judgement:
    now = policy_snapshot(new.policy, load_licence_policy_document(new.policy.path.parent).data)
    if old.get("global") != now["global"]:
        return Judgement(
            True,
            [
                "licence policy: aliases, an include decision, unknown_decision, "
                "cc_ports_follow_unported, reservations or another setting changed, which every dump "
                "depends on"
            ],
        )
    added, removed, changed = _changed_keys(old.get("licences") or {}, now["licences"])
    if added or removed:
        return Judgement(True, [f"licence policy: entries added or removed ({', '.join(added + removed)})"])
    if not changed:
        return Judgement(False, ["licence policy: only its version changed"])
    seen = set()
    for key in [*stats.licences_seen, *stats.licence_mix]:
        seen |= _licence_ids(key)
    hit = sorted(c for c in changed if c.casefold() in seen)
    if hit:
        return Judgement(True, [f"licence policy: entry {', '.join(hit)} changed and its documents use it"])
    return Judgement(False, [f"licence policy: entry {', '.join(changed)} changed, none of its documents uses it"])


def _has_robots_captures(documents_dir: Path, source: SourceContract) -> bool:
    path = Path(documents_dir) / SITE_SIGNALS.name
    captured = path.is_file() and pq.ParquetFile(path).metadata.num_rows > 0
    return bool(captured or source.robots_txt or source.signal_captures)


def judge(
    changed: list[str],
    old: dict | None,
    new: CurrentConfig,
    *,
    source: SourceContract,
    redacted_parquet: Path,
    documents_dir: Path,
    stats: ClearStats | None,
) -> Judgement:
    """Whether a change of the shared rights configuration (``changed``: the components of
    :data:`provenance.incremental.RIGHTS_CONFIG_COMPONENTS` that differ) can change this dump's clearing."""
    if not isinstance(old, dict) or not all(k in old for k in ("policy", "registry", "denylist", "crawler_tokens")):
        return Judgement(True, ["the configuration it was cleared under is not recorded"])
    if stats is None:
        return Judgement(True, ["its rights _stats.json is missing"])
    if "contract_files" in changed:
        return Judgement(True, ["a contracts file rights reads (a supplied robots.txt ...) changed"])
    reasons: list[str] = []
    try:
        docs = (
            _documents(redacted_parquet, source) if {"optout_registry", "denylist", "requests"} & set(changed) else []
        )
        parts = []
        if "requests" in changed:
            from provenance.rights.requests import requests_change

            affected, why = requests_change(
                old.get("requests") or {}, new.requests, docs, redacted_parquet.parent / REDACTIONS.name
            )
            parts.append(Judgement(affected, [why]))
        if "optout_registry" in changed:
            parts.append(_registry_change(old["registry"], new, docs, source, redacted_parquet))
        if "denylist" in changed:
            parts.append(_denylist_change(old["denylist"], new, docs))
        if "licence_policy" in changed:
            parts.append(_policy_change(old["policy"], new, stats))
        if "crawler_tokens" in changed:
            tokens = new.policy.reservations.crawler_tokens
            if old["crawler_tokens"] != (tokens.sha256 if tokens else ""):
                parts.append(
                    Judgement(True, ["crawler token list: it has robots.txt captures"])
                    if _has_robots_captures(documents_dir, source)
                    else Judgement(False, ["crawler token list: it has no robots.txt capture"])
                )
    except (OSError, ValueError, KeyError) as exc:
        return Judgement(True, [f"its inputs could not be read to judge ({type(exc).__name__})"])
    for part in parts:
        if part.affected:
            return part
        reasons += part.reasons
    return Judgement(False, reasons)


def equivalence_entry(new: CurrentConfig, reasons: list[str], judged_at: str) -> dict:
    """What ``_stats.json`` gains for a dump judged unaffected: the versions it now counts as cleared under."""
    tokens = new.policy.reservations.crawler_tokens
    return {
        "policy_version": new.policy.version,
        "policy_sha256": new.policy.sha256,
        "registry_version": new.registry.version,
        "registry_sha256": new.registry.sha256,
        "registry_request_ids": new.registry.request_ids,
        "denylist_version": new.denylist.version,
        "denylist_sha256": new.denylist.sha256,
        "crawler_tokens_version": tokens.version if tokens else None,
        "crawler_tokens_sha256": tokens.sha256 if tokens else None,
        "judged_at": judged_at,
        "reason": "; ".join(reasons),
    }


def accepted_configs(stats: ClearStats) -> list[dict]:
    """The configurations a cleared output counts as cleared under: the one it ran with, then each judged equivalent."""
    return [stats.own_config(), *[e for e in stats.equivalent_under if isinstance(e, dict)]]
