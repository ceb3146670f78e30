"""Each stage's code version covers the code it runs, and only that: changing rights code never re-ingests."""

import dagster as dg

from dagster_defs.definitions import defs
from dagster_defs.plan import CODE_VERSIONS
from provenance.incremental import code_modules


def test_the_ingest_code_version_covers_its_readers_and_not_the_later_stages():
    modules = code_modules("provenance.ingest.run", "dagster_defs.ingest")
    assert {"provenance.ingest.warc", "provenance.ingest.mediawiki", "provenance.dumps", "provenance.schema"} <= set(
        modules
    )
    later = [m for m in modules if m.startswith(("provenance.pii", "provenance.certify", "provenance.lineage"))]
    assert later == [] and "provenance.rights.stage" not in modules and "provenance.rights.policy" not in modules
    # Deciding what runs is not what a stage computes: the bookkeeping is outside every code version.
    assert "dagster_defs.plan" not in modules and "provenance.incremental" not in modules


def test_the_rights_code_version_covers_its_signal_readers():
    modules = code_modules("provenance.rights.stage", "provenance.rights.verify", "dagster_defs.rights")
    assert {"provenance.rights.signals", "provenance.rights.optouts", "provenance.rights.denylist"} <= set(modules)
    assert not [m for m in modules if m.startswith("provenance.pii")]


def test_dagster_shows_the_computed_code_version_on_every_stage():
    graph = defs.resolve_asset_graph()
    for name, version in CODE_VERSIONS.items():
        assert graph.get(dg.AssetKey(name)).code_version == version
    assert len(set(CODE_VERSIONS.values())) == len(CODE_VERSIONS)
