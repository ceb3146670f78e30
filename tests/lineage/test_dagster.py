"""The `lineage_db` asset and its blocking check `lineage_complete`, run by Dagster on a real workspace."""

import dagster as dg
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dagster_defs.lineage import LINEAGE_POOL, lineage_complete, lineage_db
from dagster_defs.resources import ProvenanceResource


def run(ws):
    defs = dg.Definitions(
        assets=[lineage_db],
        asset_checks=[lineage_complete],
        resources={"provenance": ProvenanceResource(home=str(ws.home), contracts=str(ws.contracts))},
    )
    job = defs.resolve_implicit_global_asset_job_def()
    with dg.instance_for_test() as instance:
        return job.execute_in_process(instance=instance, raise_on_error=False)


def test_the_asset_is_one_writer_in_the_lineage_group_after_the_release():
    assert lineage_db.op.pool == LINEAGE_POOL
    assert lineage_db.group_names_by_key[lineage_db.key] == "lineage"
    assert dg.AssetKey("certified_release") in lineage_db.dependency_keys
    assert lineage_db.descriptions_by_key[lineage_db.key]
    [spec] = lineage_complete.check_specs
    assert spec.blocking and spec.description


def test_materialising_builds_the_database_and_the_check_passes(ws_copy):
    ws_copy.lineage_db.unlink()
    result = run(ws_copy)
    assert result.success
    [event] = result.get_asset_materialization_events()
    metadata = event.materialization.metadata
    assert metadata["rows/samples"].value == 8 and metadata["missing"].value == 0
    assert metadata["held"].value == 1 and metadata["incomplete_dumps"].value == "none"
    [evaluation] = result.get_asset_check_evaluations()
    assert evaluation.passed and "are accounted for" in evaluation.description
    assert ws_copy.lineage_db.is_file()


def test_the_check_fails_naming_the_dump_when_a_stage_lost_a_record(planted, ws_copy):
    path = ws_copy.stage_dir("cleared_documents", "gazette.crawl-2024").resolve() / "decisions.parquet"
    table = pq.read_table(path)
    pq.write_table(table.filter(pc.invert(pc.equal(table.column("reason"), "robots_txt"))), path)
    result = run(ws_copy)
    [evaluation] = result.get_asset_check_evaluations()
    assert not evaluation.passed
    assert evaluation.description.startswith("dump gazette.crawl-2024: 1 of 11 records unaccounted for (1 doc_ids")
    assert evaluation.metadata["incomplete_dumps"].value == ["gazette.crawl-2024"]


def test_the_check_alone_fails_clearly_when_there_is_no_database(tmp_path):
    result = dg.materialize(
        [lineage_db, lineage_complete],
        selection=dg.AssetSelection.all_asset_checks(),
        resources={"provenance": ProvenanceResource(home=str(tmp_path), contracts=str(tmp_path))},
        raise_on_error=False,
    )
    assert not result.get_asset_materialization_events()
    [evaluation] = result.get_asset_check_evaluations()
    assert not evaluation.passed and "no lineage database here" in evaluation.description
