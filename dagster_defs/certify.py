"""The `certified_release` asset over every cleared dump, and its blocking check `release_verifies`."""

from pathlib import Path
from typing import Any

import dagster as dg

from dagster_defs.metadata import COLUMN_SCHEMA, table_schema
from dagster_defs.plan import CODE_VERSIONS, release_inputs
from dagster_defs.resources import ProvenanceResource
from provenance.certify.keys import SigningKeyError, key_id, load_signing_key
from provenance.certify.release import CertifyInputError, ReleaseResult, build_release
from provenance.certify.verify import RELEASE_KEY_WARNING, verify_release
from provenance.contracts import ContractError
from provenance.layout import CERTIFY, RIGHTS
from provenance.schema import SAMPLE_SCHEMA
from provenance.workspace import SIGNING_KEY_ENV, Workspace


def _signing_key_path(ws: Workspace) -> Path:
    path = ws.signing_key
    if path is None:
        raise dg.Failure(
            description=f"no release signing key: set {SIGNING_KEY_ENV} to a private key PEM "
            "(`provenance keygen DIR` writes one)",
        )
    return path


@dg.asset(
    deps=[dg.AssetDep(RIGHTS.name, partition_mapping=dg.AllPartitionMapping())],
    group_name="certify",
    kinds={"parquet"},
    metadata={COLUMN_SCHEMA: table_schema(SAMPLE_SCHEMA)},
    code_version=CODE_VERSIONS[CERTIFY.name],
    description=(
        "A certified release over every cleared dump: exact duplicates collapsed to one survivor "
        "(most permissive licence, then source priority, then earliest), samples written to "
        "deterministic zstd Parquet shards, and an in-toto manifest signed with ECDSA P-256 (DSSE) "
        "that trainers verify offline with `provenance verify` or cosign. Published atomically under "
        "releases/<release_id>/; lineage facts under staging/certified_release/<release_id>/."
    ),
)
def certified_release(context: dg.AssetExecutionContext, provenance: ProvenanceResource) -> dg.MaterializeResult:
    ws = provenance.workspace()
    try:
        result = build_release(ws, signing_key_path=_signing_key_path(ws))
    except (CertifyInputError, SigningKeyError, ContractError) as exc:
        raise dg.Failure(description=str(exc)) from None
    release_inputs(ws)[0].record(context.run.run_id)
    if not result.published:
        context.log.info(result.message)
        return dg.MaterializeResult(metadata=_unpublished_metadata(result))
    context.log.info(
        f"release {result.release_id}: {result.samples} samples in {len(result.shards)} shard(s)"
        + (" (unchanged: identical release already published)" if result.unchanged else "")
    )
    return dg.MaterializeResult(metadata=_release_metadata(result))


def _unpublished_metadata(result: ReleaseResult) -> dict[str, Any]:
    return {
        "published": False,
        "release_id": "",
        "cleared": result.cleared,
        "already_released": result.already_released,
        "summary": dg.MetadataValue.md(result.message),
    }


def _release_metadata(result: ReleaseResult) -> dict[str, Any]:
    summary = (
        f"Release **{result.release_id}**: **{result.samples}** samples in {len(result.shards)} shard(s) from "
        f"{result.cleared} cleared documents; {result.duplicates} exact duplicates, {result.already_released} "
        f"already in earlier releases, {result.quarantined} quarantined.\n\n"
        f"Verify: `provenance verify {result.release_dir}`"
    )
    return {
        "published": True,
        "unchanged": result.unchanged,
        "release_id": result.release_id,
        "release_dir": dg.MetadataValue.path(str(result.release_dir)),
        "dagster/row_count": result.samples,
        COLUMN_SCHEMA: table_schema(SAMPLE_SCHEMA),
        "cleared": result.cleared,
        "samples": result.samples,
        "duplicates": result.duplicates,
        "already_released": result.already_released,
        "quarantined": result.quarantined,
        "shards": len(result.shards),
        "manifest_sha256": result.manifest_sha256,
        "statement_sha256": result.statement_sha256,
        "merkle_root": result.merkle_root,
        "key_id": result.key_id,
        "by_licence": dg.MetadataValue.json(result.counts.get("by_licence", {})),
        "by_source": dg.MetadataValue.json(result.counts.get("by_source", {})),
        "decisions": dg.MetadataValue.json(result.counts.get("decisions", {})),
        "summary": dg.MetadataValue.md(summary),
    }


@dg.asset_check(
    asset=certified_release,
    blocking=True,
    description=(
        "The release just published verifies offline as a trainer would check it: signature by the "
        "pipeline's signing key, every shard digest, row counts, every fingerprint and the Merkle root."
    ),
)
def release_verifies(context: dg.AssetCheckExecutionContext, provenance: ProvenanceResource) -> dg.AssetCheckResult:
    event = context.instance.get_latest_materialization_event(certified_release.key)
    metadata = event.asset_materialization.metadata if event and event.asset_materialization else {}
    release_id = metadata["release_id"].value if "release_id" in metadata else ""
    if not release_id:
        return dg.AssetCheckResult(passed=True, description="no new release was published: nothing to verify")
    try:
        expected_key = key_id(load_signing_key(_signing_key_path(provenance.workspace())).public_key())
    except SigningKeyError as exc:
        return dg.AssetCheckResult(passed=False, description=str(exc))
    report = verify_release(provenance.workspace().releases / release_id)
    failure = report.first_failure
    if failure is None and report.key_id != expected_key:
        failure_text = f"signed by key {report.key_id}, not by the pipeline's key {expected_key}"
    elif failure is not None:
        failure_text = f"{failure.name}: {failure.detail}"
    else:
        failure_text = ""
    return dg.AssetCheckResult(
        passed=report.ok and not failure_text,
        severity=dg.AssetCheckSeverity.ERROR,
        description=failure_text
        or f"release {release_id} verifies: {report.samples} samples, {report.shards} shard(s)",
        metadata={
            "release_id": release_id,
            "key_id": report.key_id or "",
            "checks": dg.MetadataValue.md(
                "\n".join(
                    ["| check | passed | detail |", "|---|---|---|"]
                    + [f"| {c.name} | {'yes' if c.passed else 'NO'} | {c.detail} |" for c in report.checks]
                )
            ),
            "warnings": dg.MetadataValue.json([w for w in report.warnings if w != RELEASE_KEY_WARNING]),
        },
    )
