"""The Dagster code location: assets, checks, sensors, jobs and resources over the `provenance` stages.

`dagster dev` finds `defs` here through `[tool.dagster]` in pyproject.toml.
"""

import dagster as dg

from dagster_defs import ingest
from dagster_defs.partitions import dumps_partitions
from dagster_defs.resources import ProvenanceResource

PER_DUMP_JOB = "dump_pipeline"
RIGHTS_CONFIG_JOB = "rights_configuration"
RELEASE_JOB = "release"

dump_pipeline = dg.define_asset_job(
    PER_DUMP_JOB,
    selection=dg.AssetSelection.keys("documents"),
    partitions_def=dumps_partitions,
    description="Everything done for one dump: ingest, redaction, rights clearing, with their checks.",
)

defs = dg.Definitions(
    assets=[ingest.documents],
    asset_checks=[ingest.quarantine_rate_within_contract],
    sensors=[ingest.landing_sensor],
    jobs=[dump_pipeline],
    resources={"provenance": ProvenanceResource()},
)
