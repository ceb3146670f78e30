"""The `redacted_documents` asset and its blocking checks: personal data detected and redacted per dump."""

from pathlib import Path
from typing import Any

import dagster as dg

from dagster_defs.ingest import documents
from dagster_defs.metadata import (
    COLUMN_SCHEMA,
    ROWS_IN_DUMP,
    counts_table,
    dump_figures,
    table_schema,
    whole_asset_rows,
)
from dagster_defs.partitions import dumps_partitions
from dagster_defs.plan import CODE_VERSIONS
from dagster_defs.resources import ProvenanceResource
from provenance.contracts import ContractError
from provenance.ingest.failures import failure_noted
from provenance.layout import DOCUMENTS, INGEST, REDACTED_DOCUMENTS, REDACTION
from provenance.pii.keys import PiiKeyError, load_pii_key
from provenance.pii.policy import PiiPolicy, load_pii_policy, policy_path
from provenance.pii.residual import residual_scan
from provenance.pii.stage import RedactInputError, redact_dump
from provenance.stats import RedactStats, StatsFileError


class RedactionConfig(dg.Config):
    """How the redaction of one dump runs (what is redacted is the PII policy's business)."""

    workers: int = 1


def _policy(provenance: ProvenanceResource) -> PiiPolicy:
    try:
        return load_pii_policy(policy_path(provenance.workspace().contracts))
    except ContractError as exc:
        raise dg.Failure(description=str(exc)) from None


@dg.asset(
    partitions_def=dumps_partitions,
    group_name="personal_data",
    deps=[documents],
    kinds={"parquet"},
    metadata={COLUMN_SCHEMA: table_schema(REDACTED_DOCUMENTS.schema)},
    code_version=CODE_VERSIONS[REDACTION.name],
    description=(
        "The dump's documents with personal data redacted in their text and title (Presidio with French "
        "and English recognizers, spaCy NER, name propagation), and in every other string field: URL (host "
        "kept), author (identifiers only: its name goes to the rights stage's credit decision), locator, "
        "rights signals and every metadata value (identifiers, and the names the text and title redact). "
        "Language resolved, plus an audit table of "
        "every redacted span: field, original offsets, entity type, score, recognizer and a keyed HMAC of "
        "the value, never the value. Names of people are kept only for a source whose contract says "
        "person_names: keep, with its written basis; contact details and identifiers are always redacted. "
        "Every document of the dump is kept. Written under staging/redacted_documents/<dump_id>/."
    ),
)
def redacted_documents(
    context: dg.AssetExecutionContext, config: RedactionConfig, provenance: ProvenanceResource
) -> dg.MaterializeResult:
    dump, source = provenance.dump(context.partition_key)
    ws = provenance.workspace()
    policy = _policy(provenance)
    documents_path = ws.stage_dir(INGEST, dump.dump_id) / DOCUMENTS.name
    out_dir = ws.stage_dir(REDACTION, dump.dump_id)
    inputs = provenance.stage_inputs(REDACTION.name, dump)
    context.log.info(
        f"redacting {dump.dump_id} with policy {policy.version}, person names "
        f"{source.person_names}, and {config.workers} worker(s)"
    )
    try:
        with failure_noted(ws, REDACTION, dump):  # the dump stays failed in lineage until redaction next succeeds
            key = load_pii_key(ws.pii_key)
            stats = ws.publish(
                REDACTION,
                dump.dump_id,
                lambda folder: redact_dump(
                    documents_path,
                    folder,
                    policy=policy,
                    key=key,
                    workers=config.workers,
                    source_lang=source.language,
                    person_names=source.person_names,
                    person_names_basis=source.person_names_basis,
                ),
            )
    except (PiiKeyError, RedactInputError) as exc:
        raise dg.Failure(description=str(exc)) from None
    context.log_event(whole_asset_rows(context, ws, REDACTION, lambda s: s.documents))
    inputs.record(context.run.run_id)
    return dg.MaterializeResult(metadata=_redaction_metadata(stats, policy, out_dir))


def _redaction_metadata(stats: RedactStats, policy: PiiPolicy, out_dir: Path) -> dict[str, Any]:
    return {
        ROWS_IN_DUMP: stats.documents,
        COLUMN_SCHEMA: table_schema(REDACTED_DOCUMENTS.schema),
        "documents": stats.documents,
        "documents_redacted": stats.documents_redacted,
        "documents_withheld": stats.documents_withheld,
        "redactions": stats.redactions,
        "redactions_by_type": dg.MetadataValue.json(dict(sorted(stats.entities.items()))),
        "languages": dg.MetadataValue.json(dict(sorted(stats.languages.items()))),
        "languages_detected": stats.languages_detected,
        "words": stats.words,
        "words_per_second": round(stats.words_per_second, 1),
        "titles_redacted": stats.titles_redacted,
        "policy_version": policy.version,
        "policy_sha256": policy.sha256,
        "person_names": stats.person_names,
        "person_names_basis": stats.person_names_basis or "",
        "output": dg.MetadataValue.path(str(out_dir)),
        "summary": dg.MetadataValue.md(
            f"**{stats.redactions}** spans redacted in **{stats.documents_redacted}** of "
            f"**{stats.documents}** documents (titles included), person names **{stats.person_names}**"
            + (f" ({stats.person_names_basis})" if stats.person_names_basis else "")
            + ".\n\n"
            + counts_table(("entity type", "redactions"), dict(stats.entities))
        ),
    }


@dg.asset_check(
    asset=redacted_documents,
    partitions_def=dumps_partitions,
    blocking=True,
    description=(
        "Re-scans a deterministic sample of the redacted documents with the pattern recognizers "
        "(e-mail, phone, IBAN, NIR, SIREN, SIRET, card, IP ...) and fails on any structured "
        "identifier left in any stored string column: text, title, URL, author, locator, rights signals, "
        "every metadata key and value. Findings name documents, fields, types and offsets, never values."
    ),
)
def no_residual_pii(context: dg.AssetCheckExecutionContext, provenance: ProvenanceResource) -> dg.AssetCheckResult:
    ws = provenance.workspace()
    stage_dir = ws.stage_dir(REDACTION, context.partition_key)
    findings = residual_scan(stage_dir, sample_size=500, seed=0, policy=_policy(provenance))
    by_type: dict[str, int] = {}
    by_field: dict[str, int] = {}
    for finding in findings:
        by_type[finding.entity_type] = by_type.get(finding.entity_type, 0) + 1
        field = finding.field.split("/")[0]  # metadata/2/0 -> metadata
        by_field[field] = by_field.get(field, 0) + 1
    return dg.AssetCheckResult(
        passed=not findings,
        severity=dg.AssetCheckSeverity.ERROR,
        description=(
            f"{len(findings)} structured identifier(s) left in the sampled redacted documents"
            if findings
            else "no structured identifier left in any string field of the sampled redacted documents"
        ),
        metadata={
            "figures": dump_figures(context.partition_key, {"findings": len(findings)}),
            "findings_by_type": dg.MetadataValue.json(dict(sorted(by_type.items()))),
            "findings_by_field": dg.MetadataValue.json(dict(sorted(by_field.items()))),
            "first_findings": dg.MetadataValue.json(
                [
                    {
                        "doc_id": f.doc_id,
                        "field": f.field,
                        "entity_type": f.entity_type,
                        "start": f.start,
                        "end": f.end,
                    }
                    for f in findings[:20]
                ]
            ),
        },
    )


@dg.asset_check(
    asset=redacted_documents,
    partitions_def=dumps_partitions,
    blocking=True,
    description="Redaction kept every document: as many redacted documents as ingested ones.",
)
def redaction_kept_every_document(
    context: dg.AssetCheckExecutionContext, provenance: ProvenanceResource
) -> dg.AssetCheckResult:
    ws = provenance.workspace()
    try:
        ingest_stats = ws.stats(INGEST, context.partition_key)
        redact_stats = ws.stats(REDACTION, context.partition_key)
    except StatsFileError as exc:
        return dg.AssetCheckResult(passed=False, severity=dg.AssetCheckSeverity.ERROR, description=str(exc))
    ingested = ingest_stats.documents if ingest_stats else None
    redacted = redact_stats.documents if redact_stats else None
    return dg.AssetCheckResult(
        passed=ingested is not None and ingested == redacted,
        severity=dg.AssetCheckSeverity.ERROR,
        description=f"{redacted} redacted documents for {ingested} ingested",
        metadata={
            "figures": dump_figures(
                context.partition_key,
                {
                    "ingested": ingested if ingested is not None else -1,
                    "redacted": redacted if redacted is not None else -1,
                },
            )
        },
    )
