"""The Dagster code location: assets, checks, sensors, jobs and resources over the `provenance` stages.

`dagster dev` finds `defs` here through `[tool.dagster]` in pyproject.toml. Its settings come from the
environment once, here: each ``PROVENANCE_*`` variable that is set becomes a :class:`dagster.EnvVar` of the
resource (the UI shows which variable a setting comes from), one that is not set leaves the documented default.
`provenance run` builds the same definitions around the settings it was given (:func:`definitions`).
"""

import os

import dagster as dg

from dagster_defs import certify, ingest, lineage, pii, rights
from dagster_defs.resources import ProvenanceResource
from provenance.workspace import CONTRACTS_ENV, HOME_ENV, PII_KEY_ENV, SIGNING_KEY_ENV

PER_DUMP_JOB = "dump_pipeline"
RIGHTS_CONFIG_JOB = "rights_configuration"
RELEASE_JOB = "release"

dump_pipeline = dg.define_asset_job(
    PER_DUMP_JOB,
    selection=dg.AssetSelection.assets(ingest.documents, pii.redacted_documents, rights.cleared_documents),
    description="Everything done for one dump: ingest, redaction, rights clearing, with their checks. "
    "A blocking check that fails stops the rest of this dump's run.",
)
rights_configuration = dg.define_asset_job(
    RIGHTS_CONFIG_JOB,
    selection=dg.AssetSelection.assets(rights.licence_policy, rights.optout_registry),
    description="Load and hash the licence policy and the opt-out registry.",
)
release = dg.define_asset_job(
    RELEASE_JOB,
    selection=dg.AssetSelection.assets(certify.certified_release, lineage.lineage_db),
    description="Certify a release over every cleared dump, then rebuild the lineage database.",
)


def definitions(provenance: ProvenanceResource) -> dg.Definitions:
    """The code location around one set of settings."""
    return dg.Definitions(
        assets=[
            ingest.documents,
            pii.redacted_documents,
            rights.licence_policy,
            rights.optout_registry,
            rights.cleared_documents,
            certify.certified_release,
            lineage.lineage_db,
        ],
        asset_checks=[
            ingest.quarantine_rate_within_contract,
            pii.no_residual_pii,
            pii.redaction_kept_every_document,
            rights.no_reserved_content,
            certify.release_verifies,
            lineage.lineage_complete,
        ],
        sensors=[ingest.landing_sensor, rights.rights_config_sensor],
        jobs=[dump_pipeline, rights_configuration, release],
        resources={"provenance": provenance},
    )


def _from_environment() -> ProvenanceResource:
    fields = {"home": HOME_ENV, "contracts": CONTRACTS_ENV, "signing_key": SIGNING_KEY_ENV, "pii_key": PII_KEY_ENV}
    return ProvenanceResource(**{field: dg.EnvVar(name) for field, name in fields.items() if os.environ.get(name)})


defs = definitions(_from_environment())
