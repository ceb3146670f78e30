"""The Dagster code location: assets, checks, sensors and resources over the `provenance` stages.

`dagster dev` finds `defs` here through `[tool.dagster]` in pyproject.toml.
"""

import dagster as dg

from dagster_defs import ingest
from dagster_defs.resources import ProvenanceResource

defs = dg.Definitions(
    assets=[ingest.documents],
    asset_checks=[ingest.quarantine_rate_within_contract],
    sensors=[ingest.landing_sensor],
    resources={"provenance": ProvenanceResource()},
)
