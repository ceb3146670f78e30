"""The rights assets: licence policy, opt-out registry, cleared documents per dump, their check, and the re-clearing sensor."""

from collections import Counter
from pathlib import Path
from typing import Any

import dagster as dg

from dagster_defs.metadata import (
    COLUMN_SCHEMA,
    ROWS_IN_DUMP,
    counts_table,
    dump_figures,
    table_schema,
    whole_asset_rows,
)
from dagster_defs.partitions import DUMPS, dumps_partitions
from dagster_defs.plan import (
    CODE_VERSIONS,
    already_launched,
    plan_dumps,
    rights_config,
    rights_config_digest,
    run_tags,
    settle_config_changes,
    stale_config_assets,
)
from dagster_defs.resources import ProvenanceResource
from provenance.contracts import (
    ContractError,
    DenyList,
    OptOutRegistry,
    SourceContract,
    load_denylist,
    load_optout_registry,
)
from provenance.ingest.failures import failure_noted
from provenance.layout import CLEARED_DOCUMENTS, INGEST, REDACTION, RIGHTS
from provenance.rights.affected import SNAPSHOT_KEY, config_snapshot
from provenance.rights.policy import LicencePolicy
from provenance.rights.stage import clear_dump
from provenance.rights.verify import verify_cleared
from provenance.stats import ClearStats


def _policy(provenance: ProvenanceResource) -> LicencePolicy:
    try:
        return LicencePolicy.load(provenance.workspace().contracts)
    except ContractError as exc:
        raise dg.Failure(description=str(exc)) from None


def _registry(provenance: ProvenanceResource) -> OptOutRegistry:
    try:
        return load_optout_registry(provenance.workspace().contracts)
    except ContractError as exc:
        raise dg.Failure(description=str(exc)) from None


def _denylist(provenance: ProvenanceResource) -> DenyList:
    try:
        return load_denylist(provenance.workspace().contracts)
    except ContractError as exc:
        raise dg.Failure(description=str(exc)) from None


@dg.asset(
    group_name="rights",
    kinds={"yaml"},
    description=(
        "The licence policy (data_contracts/licence_policy.yaml): SPDX licence -> class and training "
        "decision, attribution templates, and which machine-readable reservations count. Its version "
        "and sha256 are recorded on every rights decision."
    ),
)
def licence_policy(provenance: ProvenanceResource) -> dg.MaterializeResult:
    policy = _policy(provenance)
    tokens = policy.reservations.crawler_tokens
    classes = Counter(e.licence_class for e in policy.entries.values())
    decisions = Counter(e.decision for e in policy.entries.values())
    return dg.MaterializeResult(
        metadata={
            "version": policy.version,
            "sha256": policy.sha256,
            "licences": len(policy.entries),
            "ai_crawler_tokens": dg.MetadataValue.json(list(policy.reservations.ai_crawler_tokens)),
            "reserving_purposes": dg.MetadataValue.json(list(policy.reservations.reserving_purposes)),
            "crawler_tokens_version": tokens.version if tokens else None,
            "crawler_tokens_sha256": tokens.sha256 if tokens else None,
            "robots_star_reserves": policy.reservations.robots_star_reserves,
            "unknown_decision": policy.unknown_decision,
            "path": dg.MetadataValue.path(str(policy.path)),
            "summary": dg.MetadataValue.md(
                counts_table(("licence class", "licences"), classes)
                + "\n"
                + counts_table(("decision", "licences"), decisions)
            ),
        },
        data_version=dg.DataVersion(policy.sha256),
    )


@dg.asset(
    group_name="rights",
    kinds={"csv"},
    description=(
        "The opt-out registry (data_contracts/optouts/*.csv|yaml): rights holders' TDM opt-outs by "
        "domain, URL prefix, rights holder, author or text fingerprint, each from its effective date, "
        "with the letter or ticket that asked for it. Any change gives a new version and hash."
    ),
)
def optout_registry(provenance: ProvenanceResource) -> dg.MaterializeResult:
    registry = _registry(provenance)
    scopes = Counter(e.scope for e in registry.entries)
    return dg.MaterializeResult(
        metadata={
            "version": registry.version,
            "sha256": registry.sha256,
            "entries": len(registry.entries),
            "files": dg.MetadataValue.json(registry.files),
            "scopes": dg.MetadataValue.md(counts_table(("scope", "entries"), scopes)),
        },
        data_version=dg.DataVersion(registry.sha256),
    )


@dg.asset(
    partitions_def=dumps_partitions,
    deps=[REDACTION.name, "licence_policy", "optout_registry"],
    group_name="rights",
    kinds={"parquet"},
    metadata={COLUMN_SCHEMA: table_schema(CLEARED_DOCUMENTS.schema)},
    code_version=CODE_VERSIONS[RIGHTS.name],
    description=(
        "The documents of one dump that may be used for training: each redacted document's licence "
        "resolved (record, page, then contract), every opt-out and machine-readable reservation checked "
        "as of its capture date (registry, TDMRep, robots.txt, aipref Content-Usage, noai), and one "
        "decision row with its evidence per document. Excluded and quarantined documents stay in "
        "decisions.parquet only. Written under staging/cleared_documents/<dump_id>/."
    ),
)
def cleared_documents(context: dg.AssetExecutionContext, provenance: ProvenanceResource) -> dg.MaterializeResult:
    dump, source = provenance.dump(context.partition_key)
    ws = provenance.workspace()
    policy, registry, denylist = _policy(provenance), _registry(provenance), _denylist(provenance)
    out_dir = ws.stage_dir(RIGHTS, dump.dump_id)
    inputs = provenance.stage_inputs(RIGHTS.name, dump)
    context.log.info(f"clearing {dump.dump_id} under licence policy {policy.version} and registry {registry.version}")
    try:
        with failure_noted(ws, RIGHTS, dump):  # the dump stays failed in lineage until clearing next succeeds
            stats = ws.publish(
                RIGHTS,
                dump.dump_id,
                lambda folder: clear_dump(
                    ws.stage_dir(REDACTION, dump.dump_id),
                    ws.stage_dir(INGEST, dump.dump_id),
                    folder,
                    source=source,
                    policy=policy,
                    registry=registry,
                    contracts_dir=ws.contracts,
                    home=ws.home,
                    denylist=denylist,
                ),
            )
    except (FileNotFoundError, ValueError, ContractError) as exc:
        raise dg.Failure(description=str(exc)) from None
    context.log_event(whole_asset_rows(context, ws, RIGHTS, lambda s: s.cleared))
    # What it was cleared under, compactly: a later configuration change re-clears it only if it can matter.
    inputs.record(context.run.run_id, **{SNAPSHOT_KEY: config_snapshot(ws.contracts, policy, registry, denylist)})
    return dg.MaterializeResult(metadata=_clearing_metadata(stats, policy, registry, denylist, source, out_dir))


def _clearing_metadata(
    stats: ClearStats,
    policy: LicencePolicy,
    registry: OptOutRegistry,
    denylist: DenyList,
    source: SourceContract,
    out_dir: Path,
) -> dict[str, Any]:
    mix = dg.MetadataValue.table(
        records=[
            dg.TableRecord({"licence": spdx, "class": policy.resolve(spdx).licence_class, "documents": n})
            for spdx, n in sorted(stats.licence_mix.items())
        ],
        schema=dg.TableSchema(
            columns=[
                dg.TableColumn("licence", "string"),
                dg.TableColumn("class", "string"),
                dg.TableColumn("documents", "int"),
            ]
        ),
    )
    summary = (
        f"**{stats.cleared}** cleared, **{stats.excluded}** excluded and **{stats.quarantined}** quarantined "
        f"out of **{stats.documents}** redacted documents.\n\n"
        + counts_table(("decision", "documents"), stats.decisions)
        + "\n"
        + counts_table(("reason", "documents"), stats.reasons)
        + "\n"
        + counts_table(("reserving signal", "documents"), stats.reservations)
    )
    return {
        ROWS_IN_DUMP: stats.cleared,
        COLUMN_SCHEMA: table_schema(CLEARED_DOCUMENTS.schema),
        "documents": stats.documents,
        "cleared": stats.cleared,
        "excluded": stats.excluded,
        "quarantined": stats.quarantined,
        "decisions": dg.MetadataValue.json(dict(sorted(stats.decisions.items()))),
        # Counts only: whether stated authors were kept for the credit their licence requires, or dropped.
        "authors": dg.MetadataValue.json(dict(sorted(stats.authors.items()))),
        "licence_mix": mix,
        "policy_version": policy.version,
        "registry_version": registry.version,
        "denylist_version": denylist.version,
        "source_id": source.id,
        "output": dg.MetadataValue.path(str(out_dir)),
        "summary": dg.MetadataValue.md(summary),
    }


@dg.asset_check(
    asset=cleared_documents,
    partitions_def=dumps_partitions,
    blocking=True,
    description=(
        "No reserved, undecided or stale document is in the cleared output: every cleared document has an "
        "include decision, no effective reservation in its evidence, is not covered by the current opt-out "
        "registry, and was cleared under the current policy and registry (or ones recorded as judged equivalent for "
        "the dump, see provenance.rights.affected). If not, nothing downstream runs."
    ),
)
def no_reserved_content(context: dg.AssetCheckExecutionContext, provenance: ProvenanceResource) -> dg.AssetCheckResult:
    dump, source = provenance.dump(context.partition_key)
    report = verify_cleared(
        provenance.workspace().stage_dir(RIGHTS, dump.dump_id),
        source=source,
        policy=_policy(provenance),
        registry=_registry(provenance),
        denylist=_denylist(provenance),
    )
    return dg.AssetCheckResult(
        passed=report.passed,
        severity=dg.AssetCheckSeverity.ERROR,
        description=(
            "; ".join(report.problems)
            if report.problems
            else f"{report.cleared} cleared documents, none reserved or stale"
        ),
        metadata={
            "figures": dump_figures(dump.dump_id, {"cleared": report.cleared, "problems": len(report.problems)}),
            "example_doc_ids": dg.MetadataValue.json(report.examples),
        },
    )


@dg.sensor(
    description=(
        "Watches the rights configuration: the licence policy, the crawler token list, the opt-out registry, the "
        "deny-list and the other contract files rights reads (supplied robots.txt, the request ledger). When it "
        "changes (the cursor holds its hash) it re-materialises the configuration assets that changed and "
        "re-clears the dumps the change can affect (an opt-out or deny-list entry covering one of their documents, "
        "a licence entry they use, ...); the others keep their output and record the new configuration as "
        "equivalent, with why. Ingest and redaction are not run again. Dumps computed by `provenance run` under the same configuration are never requested."
    ),
    minimum_interval_seconds=60,
    target=[licence_policy, optout_registry, cleared_documents],
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def rights_config_sensor(context: dg.SensorEvaluationContext, provenance: ProvenanceResource):
    ws = provenance.workspace()
    try:
        digest = rights_config_digest(rights_config(ws))
        if context.cursor == digest:
            return dg.SkipReason(f"rights configuration unchanged ({digest[:12]})")
        plans = plan_dumps(ws, context.instance)
        # Only the dumps the change can affect are re-cleared; the others record the new configuration as equivalent.
        change = settle_config_changes(ws, plans)
        stale_config = stale_config_assets(ws, context.instance)
    except ContractError as exc:
        return dg.SkipReason(f"rights configuration is invalid, nothing re-cleared: {exc}")
    known = set(context.instance.get_dynamic_partitions(DUMPS))
    tags = {"provenance/rights_config": digest}
    run_requests = []
    config_key = f"rights-configuration:{digest[:16]}"
    if stale_config and not already_launched(context.instance, config_key):
        run_requests.append(
            dg.RunRequest(
                run_key=config_key,
                asset_selection=[dg.AssetKey(a) for a in stale_config],
                tags={**tags, **run_tags(config_key)},
            )
        )
    run_requests += [
        dg.RunRequest(
            run_key=plan.run_key,
            partition_key=plan.dump.dump_id,
            asset_selection=[cleared_documents.key],
            tags={**tags, **run_tags(plan.run_key)},
        )
        for plan in plans
        if plan.config_only and plan.dump.dump_id in known and not already_launched(context.instance, plan.run_key)
    ]
    if change.components:
        context.log.info(change.describe(len(plans)))
    return dg.SensorResult(run_requests=run_requests, cursor=digest)
