"""Dagster: `certified_release` runs after clearing for all dumps, and its blocking check verifies what it published."""

import dataclasses

import dagster as dg
import pytest
from certify_inputs import corpus

from dagster_defs.certify import certified_release, release_verifies
from dagster_defs.partitions import dumps_partitions
from dagster_defs.resources import ProvenanceResource


@pytest.fixture
def env(workspace, signing_key):
    corpus(workspace)
    return dataclasses.replace(workspace, signing_key=signing_key)


def _run(instance, ws, **kw):
    return dg.materialize(
        [certified_release, release_verifies],
        instance=instance,
        raise_on_error=False,
        resources={"provenance": ProvenanceResource.for_workspace(ws)},
        **kw,
    )


def test_the_release_asset_depends_on_every_partition_of_cleared_documents():
    @dg.asset(partitions_def=dumps_partitions, group_name="rights", key="cleared_documents")
    def cleared_documents():
        """Stand-in for the rights stage's asset, so the graph resolves."""

    defs = dg.Definitions(
        assets=[cleared_documents, certified_release],
        asset_checks=[release_verifies],
        resources={"provenance": ProvenanceResource()},
    )
    graph = defs.resolve_asset_graph()
    node = graph.get(certified_release.key)
    assert node.parent_keys == {dg.AssetKey("cleared_documents")}
    assert isinstance(
        graph.get_partition_mapping(certified_release.key, dg.AssetKey("cleared_documents")), dg.AllPartitionMapping
    )
    assert certified_release.group_names_by_key[certified_release.key] == "certify"
    assert certified_release.descriptions_by_key[certified_release.key]


def test_materialising_the_release_reports_its_counts_and_digests_and_the_check_passes(env):
    instance = dg.DagsterInstance.ephemeral()
    result = _run(instance, env)
    assert result.success
    metadata = result.get_asset_materialization_events()[0].materialization.metadata
    assert metadata["samples"].value == 7 and metadata["duplicates"].value == 2
    release_id = metadata["release_id"].value
    assert (env.releases / release_id / "manifest.dsse.json").is_file()
    assert len(metadata["manifest_sha256"].value) == 64 and len(metadata["merkle_root"].value) == 64
    [check] = result.get_asset_check_evaluations()
    assert check.check_name == "release_verifies" and check.passed


def test_the_check_fails_on_a_release_altered_after_publication(env):
    instance = dg.DagsterInstance.ephemeral()
    release_id = _run(instance, env).get_asset_materialization_events()[0].materialization.metadata["release_id"].value
    shard = env.releases / release_id / "shards/shard-00000.parquet"
    shard.write_bytes(shard.read_bytes()[:-5])
    again = _run(instance, env, selection=dg.AssetSelection.checks(release_verifies))
    [check] = again.get_asset_check_evaluations()
    assert not check.passed and check.description.startswith("shards: shards/shard-00000.parquet")


def test_without_a_signing_key_the_asset_fails_saying_how_to_make_one(env):
    result = _run(dg.DagsterInstance.ephemeral(), dataclasses.replace(env, signing_key=None))
    assert not result.success
    [failure] = result.get_step_failure_events()
    assert "PROVENANCE_SIGNING_KEY" in failure.step_failure_data.user_failure_data.description
    assert not env.releases.exists() or not list(env.releases.iterdir())
