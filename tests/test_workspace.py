"""The workspace: stage outputs are replaced atomically, and dumps are found and named stably."""

import os
import subprocess
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from provenance.contracts import SourceContract
from provenance.dumps import content_hash, discover_dumps, dump_id_for
from provenance.leftovers import owner_token
from provenance.stats import ReleaseStats
from provenance.workspace import (
    ParquetSink,
    RowSink,
    Settings,
    Workspace,
    publish_dir,
    publish_stage,
    settings_environ,
)


def test_a_stage_output_is_replaced_whole_or_not_at_all(tmp_path):
    final = tmp_path / "staging" / "documents" / "src.dump"
    with publish_dir(final) as out:
        (out / "a.txt").write_text("first")
    assert (final / "a.txt").read_text() == "first"
    with pytest.raises(RuntimeError), publish_dir(final) as out:
        (out / "a.txt").write_text("half")
        raise RuntimeError("interrupted")
    assert (final / "a.txt").read_text() == "first"
    with publish_dir(final) as out:
        (out / "a.txt").write_text("second")
    assert (final / "a.txt").read_text() == "second"
    # Only the live version is left behind: no stale or temporary folders pile up.
    assert sorted(p.name for p in final.parent.iterdir()) == sorted(["src.dump", os.readlink(final)])


def test_a_reader_holding_the_old_output_keeps_reading_it_during_a_swap(tmp_path):
    final = tmp_path / "out"
    with publish_dir(final) as out:
        (out / "data.txt").write_text("old")
    handle = open(final / "data.txt")  # noqa: SIM115 (held open across the swap on purpose)
    with publish_dir(final) as out:
        (out / "data.txt").write_text("new")
    assert handle.read() == "old"
    handle.close()
    assert (final / "data.txt").read_text() == "new"


def test_an_empty_parquet_sink_still_writes_a_readable_file_with_its_schema(tmp_path):
    schema = pa.schema([("a", pa.string())])
    with ParquetSink(tmp_path / "x.parquet", schema):
        pass
    table = pq.read_table(tmp_path / "x.parquet")
    assert table.num_rows == 0 and table.schema.names == ["a"]


def contract(id_, fmt, *globs):
    return SourceContract(
        id=id_,
        title="t",
        rights_holder="r",
        licence="CC0-1.0",
        attribution="a",
        provenance_url="https://x",
        format=fmt,
        dumps=globs,
        language="fr",
        max_quarantine_rate=0.1,
    )


def test_a_row_sink_writes_a_batch_per_threshold_and_nulls_for_absent_columns(tmp_path):
    schema = pa.schema([("id", pa.string()), ("note", pa.string())])
    with RowSink(tmp_path / "rows.parquet", schema, flush_rows=2, flush_chars=10) as sink:
        sink.add({"id": "a"})
        sink.add({"id": "b", "note": "x"})  # two rows: a batch
        sink.add({"id": "c"}, chars=10)  # ten characters: a batch
        sink.add({"id": "d"})
        sink.flush()  # asked for: a batch
        sink.add({"id": "e"})  # left over: written on close
    parquet = pq.ParquetFile(tmp_path / "rows.parquet")
    assert [parquet.metadata.row_group(i).num_rows for i in range(parquet.num_row_groups)] == [2, 1, 1, 1]
    assert parquet.read().to_pylist()[:2] == [{"id": "a", "note": None}, {"id": "b", "note": "x"}]


def test_a_failed_stage_publishes_nothing_and_a_finished_one_publishes_its_stats(tmp_path):
    final = tmp_path / "staging" / "certified_release" / "r-1"
    stats = ReleaseStats("r-1", "pt", 1, 1, 0, 0, 0, 1, "m", "s", "k")

    def failing(folder):
        (folder / "samples.parquet").write_bytes(b"half")
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        publish_stage(final, failing)
    assert not final.exists() and list(final.parent.iterdir()) == []
    assert publish_stage(final, lambda folder: stats) is stats
    assert ReleaseStats.load(final / "_stats.json") == stats


def test_dumps_are_found_by_their_contract_globs_and_named_stably(tmp_path):
    for rel in [
        "landing/a/2024-01.jsonl.gz",
        "landing/a/2024-02.jsonl.zst",
        "landing/a/.partial.jsonl.gz",
        "landing/b/crawl.warc.gz",
        "landing/t/tree/x.txt",
    ]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"x")
    sources = {
        "a": contract("a", "jsonl", "landing/a/*.jsonl.*"),
        "b": contract("b", "warc", "landing/b/*.warc.gz"),
        "t": contract("t", "text", "landing/t/*"),
    }
    dumps = discover_dumps(tmp_path, sources)
    assert [(d.dump_id, d.relpath) for d in dumps] == [
        ("a.2024-01", "landing/a/2024-01.jsonl.gz"),
        ("a.2024-02", "landing/a/2024-02.jsonl.zst"),
        ("b.crawl", "landing/b/crawl.warc.gz"),
        ("t.tree", "landing/t/tree"),
    ]
    assert dump_id_for("a", "landing/a/Débats 2024 (v2).XML.BZ2") == "a.d-bats-2024-v2"


def test_two_dumps_whose_names_collide_both_keep_distinct_ids(tmp_path):
    for rel in ["landing/a/x.jsonl", "landing/a/x.jsonl.gz"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"x")
    dumps = discover_dumps(tmp_path, {"a": contract("a", "jsonl", "landing/a/*")})
    ids = [d.dump_id for d in dumps]
    assert len(set(ids)) == 2 and all(i.startswith("a.x-") for i in ids)


def test_the_content_hash_changes_with_content_not_with_time(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text("a\n")
    first = content_hash(path)
    os.utime(path, (0, 0))
    assert content_hash(path) == first
    path.write_text("b\n")
    assert content_hash(path) != first


def test_the_workspace_and_keys_come_from_the_environment(tmp_path):
    settings = Settings.from_environ(
        {
            "PROVENANCE_HOME": str(tmp_path / "home"),
            "PROVENANCE_CONTRACTS": str(tmp_path / "c"),
            "PROVENANCE_SIGNING_KEY": str(tmp_path / "k.pem"),
            "PROVENANCE_PII_KEY": str(tmp_path / "pii.key"),
        }
    )
    ws = settings.workspace()
    assert ws.home == tmp_path / "home" and ws.contracts == tmp_path / "c"
    assert ws.signing_key == tmp_path / "k.pem" and ws.pii_key == tmp_path / "pii.key"
    assert ws.stage_dir("documents", "a.b") == tmp_path / "home" / "staging" / "documents" / "a.b"
    assert Settings.from_environ(settings_environ(ws)).workspace() == ws


def test_unset_or_empty_settings_take_the_documented_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ws = Settings.from_environ({"PROVENANCE_HOME": "", "PROVENANCE_PII_KEY": ""}).workspace()
    assert ws == Workspace(tmp_path / "var", tmp_path / "data_contracts", None, None)
    assert Settings.from_environ({}).workspace(default_contracts=Path("var/contracts")).contracts == (
        tmp_path / "var" / "contracts"
    )


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_leftovers_of_a_dead_run_are_removed_and_nothing_else_is(tmp_path):
    ws = Workspace.at(tmp_path / "home", tmp_path / "contracts")
    with publish_dir(ws.stage_dir("documents", "src.dump")) as out:
        (out / "documents.parquet").write_text("published")
    published = ws.stage_dir("documents", "src.dump").resolve()
    host, _, _ = owner_token().split("-")
    other_host = "0" * 8 if host != "0" * 8 else "1" * 8
    dead, live, elsewhere = f"{host}-{_dead_pid()}-0123456789ab", owner_token(), f"{other_host}-1-0123456789ab"
    left = {
        f"staging/documents/.src.dump.{dead}": "dir",  # a version never swapped in
        f"staging/documents/.src.dump.link-{dead}": "link",
        f"staging/documents/src.dump/._stats.json.{dead}.tmp": "file",
        f"staging/.inputs/lineage_db/._inputs.json.{dead}.tmp": "file",
        f"releases/.work-{dead}": "dir",
        f"releases/.building-{dead}": "dir",  # unsigned shard copies
        f"releases/.r-1.old-{dead}": "dir",
        "releases/.pending.tmp-0123456789ab": "dir",  # named before owner tokens
        f".lineage.{dead}.building.duckdb": "file",
        f".lineage.{dead}.building.duckdb.wal": "file",
        f".lineage.{dead}.spill": "dir",
    }
    kept = {
        f"staging/documents/.src.dump.{live}": "dir",  # a live run's, being written
        f"releases/.work-{live}": "dir",
        f"releases/.building-{elsewhere}": "dir",  # another machine's: its owner cannot be asked
        "releases/r-1/shards/shard-00000.parquet": "file",
        "releases/.notes": "file",
        "staging/documents/.keep": "file",
        "landing/src/.dump.0123456789ab": "dir",
        "lineage.duckdb": "file",
    }
    for name, kind in {**left, **kept}.items():
        path = ws.home / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "dir":
            (path / "shards").mkdir(parents=True)
            (path / "shards" / "shard-00000.parquet").write_text("x")
        elif kind == "link":
            path.symlink_to(published.name)
        else:
            path.write_text("x")
    said: list[str] = []

    removed = ws.remove_leftovers(said.append)

    assert sorted(p.relative_to(ws.home).as_posix() for p in removed) == sorted(left)
    assert all(not os.path.lexists(ws.home / name) for name in left)
    assert all((ws.home / name).exists() for name in kept)
    assert sorted(said) == sorted(f"removed {name}, left by an interrupted run" for name in left)
    assert (ws.stage_dir("documents", "src.dump") / "documents.parquet").read_text() == "published"
    assert ws.remove_leftovers() == []
