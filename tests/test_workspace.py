"""The workspace: stage outputs are replaced atomically, and dumps are found and named stably."""

import os

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from provenance.contracts import SourceContract
from provenance.dumps import content_hash, discover_dumps, dump_id_for
from provenance.workspace import ParquetSink, Workspace, publish_dir


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


def test_the_workspace_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PROVENANCE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PROVENANCE_CONTRACTS", str(tmp_path / "c"))
    ws = Workspace.from_env()
    assert ws.home == tmp_path / "home" and ws.contracts == tmp_path / "c"
    assert ws.stage_dir("documents", "a.b") == tmp_path / "home" / "staging" / "documents" / "a.b"
