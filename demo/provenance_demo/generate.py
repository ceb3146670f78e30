"""Generating a demo workspace: dumps in five formats, their contracts, the opt-out registry and the ground truth.

``generate_demo(out_dir)`` is deterministic: the same arguments give byte-identical files.
``out_dir`` is meant to be used as PROVENANCE_HOME (contract ``dumps`` globs are relative to it)
with ``out_dir/contracts`` as PROVENANCE_CONTRACTS.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import shutil
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from provenance.fingerprint import fingerprint
from provenance.schema import record_id
from provenance_demo import catalogue
from provenance_demo.entry import Entry
from provenance_demo.ground_truth import GROUND_TRUTH_FILE, GroundTruth, GroundTruthRecord, PlantedPII, Reservation
from provenance_demo.licences import INCLUDED, expected, rights_decision, survivor_key
from provenance_demo.plans import DumpPlan, World
from provenance_demo.plans.structured import plan_albion, plan_an_debats, plan_forum, plan_presse
from provenance_demo.plans.tree import plan_tree
from provenance_demo.plans.web import plan_gazette, plan_plumes
from provenance_demo.plans.wiki import plan_wiki
from provenance_demo.writers.jsonl import write_jsonl
from provenance_demo.writers.mediawiki import write_mediawiki
from provenance_demo.writers.parquet import write_parquet
from provenance_demo.writers.text_tree import write_tree
from provenance_demo.writers.warc import write_warc

PLANNERS = {
    "an_debats": plan_an_debats,
    "gazette_ouest": plan_gazette,
    "plumes_blogs": plan_plumes,
    "radio_albion": plan_albion,
    "wikimemoire": lambda world, count: plan_wiki(world, "wikimemoire", count),
    "localwiki_en": lambda world, count: plan_wiki(world, "localwiki_en", count),
    "cdj_decisions": plan_tree,
    "forum_riverside": plan_forum,
    "presse_rhodanienne": plan_presse,
}
#: Records each planner deliberately breaks: a dump is sized so they stay well under its max_quarantine_rate.
BROKEN = {
    "an_debats": 3,
    "gazette_ouest": 2,
    "plumes_blogs": 0,
    "radio_albion": 2,
    "wikimemoire": 1,
    "localwiki_en": 1,
    "cdj_decisions": 1,
    "forum_riverside": 2,
    "presse_rhodanienne": 0,
}
#: Planted quarantines stay under this share of each contract's max_quarantine_rate.
QUARANTINE_HEADROOM = 0.7

#: the checkout's policies, beside this package's folder (demo/provenance_demo/)
REPO_CONTRACTS = Path(__file__).resolve().parents[2] / "data_contracts"


def record_counts(docs: int) -> dict[str, int]:
    """How many records each dump gets for about ``docs`` documents in all."""
    counts = {}
    for source, weight in catalogue.WEIGHTS.items():
        rate = catalogue.SOURCES[source]["max_quarantine_rate"]
        floor = math.ceil(BROKEN[source] / (QUARANTINE_HEADROOM * rate)) + 1 if BROKEN[source] else 0
        counts[source] = max(round(weight * docs), floor)
    return counts


# --------------------------------------------------------------------------- writing


def _write_dump(out: Path, plan: DumpPlan, world: World) -> tuple[list[tuple[str, str]], list[dict]]:
    path = out / plan.relpath
    if path.parent.exists():
        shutil.rmtree(path.parent)  # this source's folder holds only what the generator wrote
    path.parent.mkdir(parents=True)
    if plan.format == "jsonl":
        write_jsonl(path, plan.relpath, plan.entries)
        return [], []
    if plan.format == "parquet":
        write_parquet(path, plan.relpath, plan.entries, plan.extra["schema"])
        return [], []
    if plan.format == "warc":
        return write_warc(path, plan.relpath, plan.extra["crawl"], world.rng(plan.source_id, "warc-ids"))
    if plan.format == "mediawiki":
        return write_mediawiki(path, plan.relpath, plan.extra["site"], plan.extra["pages"]), []
    return write_tree(path, plan.relpath, plan.entries, plan.extra["others"], plan.extra["site_name"]), []


def _dump_yaml(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110), encoding="utf-8")


def write_contracts(contracts: Path, registry: list[dict], repo_contracts: Path | None) -> None:
    """Source contracts, the supplied robots.txt, the opt-out registry, and the repository's policies copied."""
    for folder in ("sources", "optouts", "robots"):
        if (contracts / folder).exists():
            shutil.rmtree(contracts / folder)
    for source_id, contract in catalogue.SOURCES.items():
        _dump_yaml(contracts / "sources" / f"{source_id}.yaml", contract)
    for host, body in catalogue.SUPPLIED_ROBOTS.items():
        (contracts / "robots").mkdir(parents=True, exist_ok=True)
        (contracts / "robots" / f"{host}.txt").write_text(body, encoding="utf-8")
    columns = ("id", "scope", "value", "effective_from", "reference", "date_received", "requested_by")
    lines = [",".join(columns)]
    for row in registry:
        cells = [row[k] for k in columns]
        lines.append(",".join(f'"{c}"' if ("," in c or '"' in c) else c for c in cells))
    (contracts / "optouts").mkdir(parents=True, exist_ok=True)
    (contracts / "optouts" / "registry.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # The policies are other engineers' work: copied as they are, never invented here.
    source = Path(repo_contracts) if repo_contracts is not None else REPO_CONTRACTS
    if source.is_dir():
        for policy in sorted([*source.glob("*.yaml"), *source.glob("*.yml")]):
            shutil.copyfile(policy, contracts / policy.name)


def write_signal_captures(folder: Path) -> None:
    """tdmrep.json captures kept apart from a crawl: <host>/.well-known/tdmrep.json with a .capture.json sidecar."""
    if folder.exists():
        shutil.rmtree(folder)
    for host, (rules, when) in catalogue.KEPT_APART_TDMREP.items():
        path = folder / host / ".well-known" / "tdmrep.json"
        path.parent.mkdir(parents=True)
        path.write_text(json.dumps(rules, indent=2) + "\n", encoding="utf-8")
        sidecar = {"retrieved_at": when, "http_status": 200, "url": f"https://{host}/.well-known/tdmrep.json"}
        path.with_name("tdmrep.json.capture.json").write_text(json.dumps(sidecar, indent=2) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- expectations


def _normalised_name(name: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", name).casefold()).strip()


def registry_reservations(entry: Entry, rows: list[dict]) -> list[Reservation]:
    """The registry entries covering a document, effective when the document was captured on or after their date."""
    found = []
    host = (urlsplit(entry.url).hostname or "") if entry.url else ""
    holder = catalogue.SOURCES[entry.source_id]["rights_holder"]
    for row in rows:
        scope, value = row["scope"], row["value"]
        if scope == "domain":
            hit = host == value or host.endswith("." + value)
        elif scope == "url_prefix":
            hit = bool(entry.url) and entry.url.startswith(value)
        elif scope == "rights_holder":
            hit = _normalised_name(holder) == _normalised_name(value)
        elif scope == "author":
            hit = bool(entry.author) and _normalised_name(entry.author) == _normalised_name(value)
        else:
            hit = entry.text is not None and fingerprint(entry.text) == value
        if hit:
            capture = entry.capture_date
            effective = capture is None or capture >= dt.date.fromisoformat(row["effective_from"])
            found.append(Reservation(f"registry_{scope}", row["id"], effective))
    return found


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def ground_truth_record(plan: DumpPlan, entry: Entry) -> GroundTruthRecord:
    contract = catalogue.SOURCES[entry.source_id]
    rid = record_id(entry.source_id, entry.locator)
    record = GroundTruthRecord(
        source_id=entry.source_id,
        format=plan.format,
        dump_relpath=plan.relpath,
        locator=entry.locator,
        record_id=rid,
        expect=entry.expect,
        quarantine_reason=entry.quarantine_reason,
        lang=entry.lang,
        register=entry.register,
        url=entry.url,
        title=entry.title,
        author=entry.author,
        published_at=_iso(entry.published),
        retrieved_at=_iso(entry.retrieved),
        expected_flags=list(entry.expected_flags),
        duplicate_group=entry.duplicate_group,
    )
    if entry.expect != "document":
        return record
    exact = entry.offsets_exact
    record.pii = [
        PlantedPII(s.entity_type, s.value, s.start if exact else None, s.end if exact else None)
        for s in entry.spans
        if s.pii
    ]
    record.not_pii = [
        PlantedPII(s.entity_type, s.value, s.start if exact else None, s.end if exact else None)
        for s in entry.spans
        if not s.pii
    ]
    record.reservations = list(entry.reservations)
    licence = expected(entry.licence, contract["licence"])
    record.licence_declared = entry.licence
    record.licence_expected = licence.spdx
    record.licence_class = licence.licence_class
    record.rights_decision = rights_decision(licence, record.reserved)
    record.text_fingerprint = fingerprint(entry.text)
    return record


def _mark_survivors(records: list[GroundTruthRecord]) -> None:
    groups: dict[str, list[GroundTruthRecord]] = {}
    for r in records:
        if r.duplicate_group:
            groups.setdefault(r.duplicate_group, []).append(r)
    for members in groups.values():
        candidates = [r for r in members if r.rights_decision in INCLUDED]
        best = (
            min(
                candidates,
                key=lambda r: survivor_key(
                    r.licence_class, catalogue.SOURCES[r.source_id]["priority"], r.published_at, r.record_id
                ),
            )
            if candidates
            else None
        )
        for r in members:
            r.expected_survivor = r is best


# --------------------------------------------------------------------------- the entry point


def generate_demo(out_dir: Path, docs: int = 200, seed: int = 7, repo_contracts: Path | None = None) -> GroundTruth:
    """Write demo dumps under ``out_dir/landing``, contracts under ``out_dir/contracts`` and ``out_dir/ground_truth.json``.

    ``docs`` is the approximate number of records across all dumps (each dump gets at least its
    planted special cases); ``repo_contracts`` is where the licence and PII policies are copied from
    (default: the repository's ``data_contracts``).
    """
    if docs < 0:
        raise ValueError(f"docs must not be negative, got {docs}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    world = World(seed)
    counts = record_counts(docs)
    plans = [PLANNERS[source](world, counts[source]) for source in catalogue.SOURCES]
    skipped: list[dict] = []
    signals: list[dict] = []
    for plan in plans:
        plan_skipped, plan_signals = _write_dump(out, plan, world)
        skipped += [{"dump_relpath": plan.relpath, "locator": loc, "reason": reason} for loc, reason in plan_skipped]
        signals += plan_signals
    registry = catalogue.registry_rows(fingerprint(catalogue.PLANTED_WORK))
    write_contracts(out / "contracts", registry, repo_contracts)
    write_signal_captures(out / catalogue.SIGNAL_CAPTURES_DIR)
    records = []
    by_key: dict[str, GroundTruthRecord] = {}
    for plan in plans:
        for entry in plan.entries:
            if entry.expect == "document":
                entry.reservations += registry_reservations(entry, registry)
            by_key[entry.key] = ground_truth_record(plan, entry)
            records.append(by_key[entry.key])
    for plan in plans:
        for entry in plan.entries:
            if entry.near_duplicate_of:
                by_key[entry.key].near_duplicate_of = by_key[entry.near_duplicate_of].record_id
    _mark_survivors(records)
    sources = {}
    for plan in plans:
        contract = catalogue.SOURCES[plan.source_id]
        sources[plan.source_id] = {
            "format": plan.format,
            "language": contract["language"],
            "licence": contract["licence"],
            "priority": contract.get("priority", 0),
            "rights_holder": contract["rights_holder"],
            "max_quarantine_rate": contract["max_quarantine_rate"],
            "dumps": [plan.relpath],
            "records": len(plan.entries),
        }
    truth = GroundTruth(seed=seed, docs=docs, sources=sources, records=records, skipped=skipped, site_signals=signals)
    truth.write(out / GROUND_TRUTH_FILE)
    return truth
