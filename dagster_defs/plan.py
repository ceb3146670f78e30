"""What a run must do: each dump's stages that are out of date, then the release's, from one memory.

`provenance run`, the landing sensor and the rights configuration sensor all ask :func:`plan_dumps` and
:func:`plan_release`. A stage is up to date when the fingerprint recorded beside its output
(:mod:`provenance.incremental`) equals the one its inputs give now *and* its checks passed in the run
that recorded it (the instance's event log). Runs carry the tag :data:`RUN_KEY_TAG` (and, from a sensor,
Dagster's run key): the fingerprint of what they compute, so no launcher starts work another one started.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
from dagster._core.events import DagsterEventType

from provenance.certify.keys import SigningKeyError, key_id, load_signing_key
from provenance.certify.manifest import model_versions
from provenance.contracts import load_denylist, load_optout_registry, load_sources
from provenance.digests import canonical_json, sha256_hex
from provenance.dumps import Dump, discover_dumps
from provenance.incremental import (
    RIGHTS_CONFIG_COMPONENTS,
    RightsConfigDigests,
    StageInputs,
    certify_inputs,
    code_version,
    ingest_inputs,
    lineage_inputs,
    redaction_inputs,
    rights_config_digests,
    rights_inputs,
)
from provenance.layout import CERTIFY, INGEST, REDACTED_DOCUMENTS, REDACTION, RIGHTS
from provenance.layout import DUMP_STAGES as DUMP_OUTPUTS
from provenance.pii.keys import PiiKeyError, load_pii_key
from provenance.pii.policy import load_pii_policy, policy_path
from provenance.requests import ledger_digest
from provenance.rights.affected import (
    SNAPSHOT_KEY,
    CurrentConfig,
    Judgement,
    equivalence_entry,
    judge,
)
from provenance.rights.policy import LicencePolicy
from provenance.stats import StatsFileError
from provenance.workspace import Workspace, write_stats

RUN_KEY_TAG = "provenance/run_key"
DUMP_STAGES = tuple(stage.name for stage in DUMP_OUTPUTS)
CONFIG_ASSETS = ("licence_policy", "optout_registry")

#: each asset's code version: the source of the modules it runs (its Dagster module included)
CODE_VERSIONS = {
    INGEST.name: code_version("provenance.ingest.run", "dagster_defs.ingest"),
    REDACTION.name: code_version("provenance.pii.stage", "provenance.pii.residual", "dagster_defs.pii"),
    RIGHTS.name: code_version("provenance.rights.stage", "provenance.rights.verify", "dagster_defs.rights"),
    CERTIFY.name: code_version("provenance.certify.release", "provenance.certify.verify", "dagster_defs.certify"),
    "lineage_db": code_version("provenance.lineage.build", "provenance.lineage.completeness", "dagster_defs.lineage"),
}


@dataclass
class DumpPlan:
    """One dump: its three stages' inputs, which must run (from the first out of date on) and why."""

    dump: Dump
    inputs: dict[str, StageInputs]
    stale: list[str] = field(default_factory=list)
    #: stage -> the components that changed ("no record", "checks failed" ...)
    reasons: dict[str, list[str]] = field(default_factory=dict)
    #: after :func:`settle_config_changes`: why a rights configuration change does (or does not) affect the dump
    judged: list[str] = field(default_factory=list)

    @property
    def run_key(self) -> str:
        """The fingerprint of the dump's last stage, which covers every stage before it."""
        return f"{self.dump.dump_id}:{self.inputs[RIGHTS.name].fingerprint[:16]}"

    @property
    def skipped(self) -> list[str]:
        return [s for s in DUMP_STAGES if s not in self.stale]

    @property
    def config_only(self) -> bool:
        """Only the shared rights configuration changed: the rights configuration sensor's business."""
        return self.stale == [RIGHTS.name] and set(self.reasons[RIGHTS.name]) <= RIGHTS_CONFIG_COMPONENTS

    def describe(self) -> str:
        if not self.stale:
            if self.judged:
                return (
                    f"rights configuration change does not affect it ({'; '.join(self.judged)}), skipped "
                    + ", ".join(DUMP_STAGES)
                )
            return "unchanged, skipped " + ", ".join(DUMP_STAGES)
        first = self.stale[0]
        why = ", ".join(self.reasons[first]) + (f": {'; '.join(self.judged)}" if self.judged else "")
        text = f"running {', '.join(self.stale)} ({first}: {why})"
        return text + (f"; skipped {', '.join(self.skipped)} (unchanged)" if self.skipped else "")


class _CheckMemory:
    """Whether an asset's checks all passed in a run, from the instance's event log (one query per run)."""

    def __init__(self, instance: dg.DagsterInstance):
        self.instance = instance
        self._runs: dict[str, dict[str, bool] | None] = {}

    def passed(self, run_id: str, asset: str) -> bool:
        if run_id not in self._runs:
            if not run_id or self.instance.get_run_by_id(run_id) is None:
                self._runs[run_id] = None
            else:
                results: dict[str, bool] = {}
                for record in self.instance.all_logs(run_id, of_type=DagsterEventType.ASSET_CHECK_EVALUATION):
                    evaluation = record.get_dagster_event().asset_check_evaluation_data
                    name = evaluation.asset_key.to_user_string()
                    results[name] = results.get(name, True) and evaluation.passed
                self._runs[run_id] = results
        recorded = self._runs[run_id]
        return recorded is not None and recorded.get(asset, False)


def _stale(inputs: StageInputs, checks: _CheckMemory) -> list[str]:
    changed = inputs.changed()
    if changed:
        return changed
    if not checks.passed(inputs.recorded().get("run_id", ""), inputs.stage):
        return ["checks not passed"]
    return []


def _pii_key_id(path: Path | None) -> str:
    """A keyed hash naming the PII key (never the key): a new key re-redacts, since value HMACs change."""
    try:
        key = load_pii_key(path)
    except PiiKeyError:
        return "missing"
    return hmac.new(key, b"provenance pii key id", hashlib.sha256).hexdigest()[:16]


def pii_config(ws: Workspace) -> tuple[str, str]:
    """The PII policy's sha256 and the PII key's id: what redaction depends on besides code and documents."""
    return load_pii_policy(policy_path(ws.contracts)).sha256, _pii_key_id(ws.pii_key)


def rights_config(ws: Workspace) -> RightsConfigDigests:
    policy = LicencePolicy.load(ws.contracts)
    tokens = policy.reservations.crawler_tokens
    return rights_config_digests(
        ws.contracts,
        policy.sha256,
        tokens.sha256 if tokens else "",
        load_optout_registry(ws.contracts).sha256,
        load_denylist(ws.contracts).sha256,
    )


def rights_config_digest(config: RightsConfigDigests) -> str:
    return sha256_hex(canonical_json({k: getattr(config, k) for k in sorted(RIGHTS_CONFIG_COMPONENTS)}))


def dump_inputs(
    ws: Workspace,
    dump: Dump,
    sources=None,
    config: RightsConfigDigests | None = None,
    pii: tuple[str, str] | None = None,
    hashes: dict | None = None,
    upto: str = RIGHTS.name,
) -> dict[str, StageInputs]:
    """The stages' inputs for one dump as they are now, up to stage ``upto`` (a ContractError names a bad file)."""
    source = (sources or load_sources(ws.contracts))[dump.source_id]
    documents = ingest_inputs(ws, dump, source, CODE_VERSIONS[INGEST.name], hashes)
    if hashes is not None:
        hashes[dump.relpath] = {"stamp": documents.extra["dump_stamp"], "sha256": documents.components["dump"]}
    out = {INGEST.name: documents}
    if upto == INGEST.name:
        return out
    pii_policy, pii_key = pii or pii_config(ws)
    redaction_code = sha256_hex(canonical_json([CODE_VERSIONS[REDACTION.name], model_versions()]))
    out[REDACTION.name] = redaction_inputs(ws, dump, source, documents, redaction_code, pii_policy, pii_key)
    if upto == REDACTION.name:
        return out
    out[RIGHTS.name] = rights_inputs(
        ws, dump, source, out[REDACTION.name], CODE_VERSIONS[RIGHTS.name], config or rights_config(ws)
    )
    return out


def plan_dumps(ws: Workspace, instance: dg.DagsterInstance, hashes: dict | None = None) -> list[DumpPlan]:
    """Every dump the contracts find, with the stages that must run. ``hashes`` (relpath -> size, mtime and
    sha256) spares hashing a dump file that did not change; it is updated in place."""
    sources = load_sources(ws.contracts)
    config = rights_config(ws)
    pii = pii_config(ws)
    checks = _CheckMemory(instance)
    plans = []
    for dump in discover_dumps(ws.home, sources):
        plan = DumpPlan(dump, dump_inputs(ws, dump, sources, config, pii, hashes))
        for stage in DUMP_STAGES:
            reasons = _stale(plan.inputs[stage], checks)
            if reasons:
                # From the first stage out of date on, everything downstream runs again.
                plan.stale = list(DUMP_STAGES[DUMP_STAGES.index(stage) :])
                plan.reasons[stage] = reasons
                break
        plans.append(plan)
    return plans


@dataclass
class ConfigChange:
    """What :func:`settle_config_changes` decided: the dumps a rights configuration change affects, and not."""

    affected: list[str] = field(default_factory=list)
    unaffected: list[str] = field(default_factory=list)
    #: the changed components and what changed in them, e.g. "optout_registry"
    components: list[str] = field(default_factory=list)

    def describe(self, total: int) -> str:
        text = (
            f"rights configuration changed ({', '.join(self.components)}): re-clearing {len(self.affected)} of "
            f"{total} dumps"
        )
        if self.affected:
            text += f" ({', '.join(self.affected)})"
        return text + (f"; unaffected: {', '.join(self.unaffected)}" if self.unaffected else "")


def settle_config_changes(ws: Workspace, plans: list[DumpPlan]) -> ConfigChange:
    """Judge each dump whose rights stage is stale only because the shared rights configuration changed
    (:mod:`provenance.rights.affected`). A dump the change cannot affect is not cleared again: its output stays
    as it is, its ``_stats.json`` records the new configuration as equivalent (with why) and its record the new
    inputs, so neither `provenance run` nor a sensor takes it as stale. Plans are updated in place."""
    change = ConfigChange()
    candidates = [p for p in plans if p.config_only]
    if not candidates:
        return change
    current = CurrentConfig.load(ws.contracts)
    sources = load_sources(ws.contracts)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    tokens = current.policy.reservations.crawler_tokens
    loaded = {
        "licence_policy": current.policy.sha256,
        "optout_registry": current.registry.sha256,
        "denylist": current.denylist.sha256,
        "crawler_tokens": tokens.sha256 if tokens else "",
        "requests": ledger_digest(ws.contracts),
    }
    for plan in candidates:
        dump_id = plan.dump.dump_id
        rights = plan.inputs[RIGHTS.name]
        changed = plan.reasons[RIGHTS.name]
        change.components = sorted(set(change.components) | set(changed))
        record = rights.recorded()
        stats_dir = ws.stage_dir(RIGHTS, dump_id)
        try:
            stats = RIGHTS.load_stats(stats_dir)
        except StatsFileError:
            stats = None  # judged affected: cleared again, which writes a readable one
        if any(rights.components.get(k, "") != v for k, v in loaded.items()):
            # The configuration changed again while planning: judge it next time, clear it now.
            judgement = Judgement(True, ["the rights configuration changed while it was being judged"])
        else:
            judgement = judge(
                changed,
                record.get(SNAPSHOT_KEY),
                current,
                source=sources[plan.dump.source_id],
                redacted_parquet=ws.stage_dir(REDACTION, dump_id) / REDACTED_DOCUMENTS.name,
                documents_dir=ws.stage_dir(INGEST, dump_id),
                stats=stats,
            )
        plan.judged = judgement.reasons
        if judgement.affected or stats is None:
            change.affected.append(dump_id)
            continue
        stats.equivalent_under.append(equivalence_entry(current, judgement.reasons, now))
        write_stats(stats_dir, stats)
        extra = {k: v for k, v in record.items() if k not in ("stage", "key", "fingerprint", "components", "run_id")}
        rights.record(record.get("run_id", ""), **{**extra, SNAPSHOT_KEY: current.snapshot})
        plan.stale, plan.reasons = [], {}
        change.unaffected.append(dump_id)
    return change


def stale_config_assets(ws: Workspace, instance: dg.DagsterInstance) -> list[str]:
    """The licence policy and opt-out registry assets whose latest data version is not their file's hash now."""
    current = {
        "licence_policy": LicencePolicy.load(ws.contracts).sha256,
        "optout_registry": load_optout_registry(ws.contracts).sha256,
    }
    stale = []
    for name in CONFIG_ASSETS:
        event = instance.get_latest_materialization_event(dg.AssetKey(name))
        tags = event.asset_materialization.tags if event and event.asset_materialization else {}
        if (tags or {}).get("dagster/data_version") != current[name]:
            stale.append(name)
    return stale


def signing_key_id(path: Path | None) -> str:
    try:
        return key_id(load_signing_key(path).public_key()) if path else "none"
    except SigningKeyError:
        return "unreadable"


def release_inputs(ws: Workspace) -> tuple[StageInputs, StageInputs]:
    """The release's and the lineage database's inputs as they are now."""
    from provenance.contracts import contract_hashes

    files = contract_hashes(ws.contracts)
    return (
        certify_inputs(ws, CODE_VERSIONS[CERTIFY.name], files, signing_key_id(ws.signing_key)),
        lineage_inputs(ws, CODE_VERSIONS["lineage_db"], files),
    )


def plan_release(ws: Workspace, instance: dg.DagsterInstance) -> dict[str, list[str]]:
    """certified_release and lineage_db -> why each must run (empty: up to date). A new release means a new
    lineage too."""
    certify, lineage = release_inputs(ws)
    checks = _CheckMemory(instance)
    reasons = {CERTIFY.name: _stale(certify, checks), "lineage_db": _stale(lineage, checks)}
    if reasons[CERTIFY.name] and not reasons["lineage_db"]:
        reasons["lineage_db"] = ["certified_release runs"]
    return reasons


def run_tags(run_key: str) -> dict[str, str]:
    return {RUN_KEY_TAG: run_key}


def already_launched(instance: dg.DagsterInstance, run_key: str) -> bool:
    """A run for this work exists (queued, running, done or failed): launched by a sensor or `provenance run`."""
    return bool(instance.get_run_records(filters=dg.RunsFilter(tags={RUN_KEY_TAG: run_key}), limit=1))
