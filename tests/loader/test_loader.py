"""The verified loader: the rows of a real signed release, and a clear refusal of anything that does not verify."""

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from provenance.certify.keys import load_public_key
from provenance.loader import ReleaseVerificationError, open_release


def plain_rows(release_dir: Path) -> list[dict]:
    """Every row of the release's shards as a plain pyarrow read gives it (nothing checked)."""
    return ds.dataset(sorted((release_dir / "shards").glob("*.parquet")), format="parquet").to_table().to_pylist()


def by_id(rows: list[dict]) -> dict[str, dict]:
    return {r["sample_id"]: r for r in rows}


def loaded_rows(release) -> list[dict]:
    return [row for batch in release.iter_batches(batch_size=5) for row in batch.to_pylist()]


def test_every_row_yielded_equals_a_plain_pyarrow_read_of_the_same_shards(release, keys):
    opened = open_release(release.release_dir, keys[1])
    assert opened.release_id == release.release_id and len(opened.shards) == 7 and opened.declared_rows == 110
    assert loaded_rows(opened) == plain_rows(release.release_dir)  # same rows, same order
    assert all(b.num_rows <= 5 for b in opened.iter_batches(batch_size=5))


@pytest.mark.parametrize("form", ["path", "str", "pem_bytes", "loaded"])
def test_the_trusted_key_may_be_a_path_pem_bytes_or_a_loaded_key(release, keys, form):
    key = {
        "path": keys[1],
        "str": str(keys[1]),
        "pem_bytes": keys[1].read_bytes(),
        "loaded": load_public_key(keys[1]),
    }[form]
    opened = open_release(release.release_dir, key)
    columns = ["sample_id", "licence"]
    rows = [r for b in opened.iter_batches(columns=columns) for r in b.to_pylist()]
    assert rows == [{c: r[c] for c in columns} for r in plain_rows(release.release_dir)]


def test_a_wrong_key_is_refused_naming_the_manifest(release, other_public_key):
    with pytest.raises(
        ReleaseVerificationError, match=r"manifest\.dsse\.json: .*not by this key|manifest\.dsse\.json: signature"
    ):
        open_release(release.release_dir, other_public_key)


def test_the_key_shipped_inside_the_release_is_never_trusted_by_default(release):
    with pytest.raises(ReleaseVerificationError, match="trusted public key is required"):
        open_release(release.release_dir, None)  # type: ignore[arg-type]


def test_a_key_that_is_not_p256_is_refused(release, tmp_path):
    other_curve = ec.generate_private_key(ec.SECP384R1()).public_key()
    with pytest.raises(ReleaseVerificationError, match="P-256"):
        open_release(release.release_dir, other_curve)
    with pytest.raises(ReleaseVerificationError, match="not a PEM public key"):
        open_release(release.release_dir, b"-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n")
    with pytest.raises(ReleaseVerificationError, match="no such key file"):
        open_release(release.release_dir, tmp_path / "missing.pem")


def test_a_shard_with_one_byte_changed_raises_before_any_of_its_rows(release_copy, keys):
    opened = open_release(release_copy, keys[1])
    third = opened.shards[2]
    path = release_copy / third.name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01  # one byte in the middle of the column data
    path.write_bytes(bytes(data))
    yielded = []
    with pytest.raises(ReleaseVerificationError, match=r"shard-00002\.parquet: sha256 .* differs from the signed"):
        for batch in opened.iter_batches(batch_size=4):
            yielded.extend(batch.column("sample_id").to_pylist())
    first_two = [r["sample_id"] for s in opened.shards[:2] for r in pq.read_table(release_copy / s.name).to_pylist()]
    assert yielded == first_two  # the shards before it, whole; not one row of the altered shard


def test_an_altered_manifest_or_a_renamed_release_is_refused(release, release_copy, keys, tmp_path):
    renamed = tmp_path / "r-someotherid"
    release_copy.rename(renamed)
    with pytest.raises(ReleaseVerificationError, match="names release"):
        open_release(renamed, keys[1])
    manifest = renamed / "manifest.dsse.json"
    envelope = json.loads(manifest.read_text())
    envelope["payload"] = envelope["payload"][:-8] + "AAAAAAA="
    manifest.write_text(json.dumps(envelope))
    with pytest.raises(ReleaseVerificationError, match=r"manifest\.dsse\.json: "):
        open_release(renamed, keys[1])
    with pytest.raises(ReleaseVerificationError, match=r"manifest\.dsse\.json: does not exist"):
        open_release(tmp_path, keys[1])


def test_a_missing_shard_is_named(release_copy, keys):
    opened = open_release(release_copy, keys[1])
    (release_copy / opened.shards[-1].name).unlink()
    with pytest.raises(ReleaseVerificationError, match=r"shard-00006\.parquet: is missing"):
        list(opened.iter_batches())


def test_hugging_face_dataset_and_iterable_dataset_give_the_same_rows(release, keys):
    opened = open_release(release.release_dir, keys[1])
    expected = plain_rows(release.release_dir)
    dataset = opened.to_hf_dataset()
    assert dataset.num_rows == 110 and dataset.to_list() == expected
    assert list(opened.to_hf_iterable_dataset(batch_size=7)) == expected
    iterable = opened.to_hf_iterable_dataset(columns=["sample_id", "text"])
    assert iterable.num_shards == 7  # the shards are gen_kwargs: datasets can split them across workers
    assert list(iterable) == [{"sample_id": r["sample_id"], "text": r["text"]} for r in expected]


@pytest.mark.timeout(300)
def test_a_torch_data_loader_with_two_workers_yields_every_sample_exactly_once(release, keys):
    import torch.utils.data

    opened = open_release(release.release_dir, keys[1])
    loader = torch.utils.data.DataLoader(opened.torch_dataset(columns=["sample_id"]), batch_size=8, num_workers=2)
    seen = [sid for batch in loader for sid in batch["sample_id"]]
    assert len(seen) == 110 and set(seen) == set(by_id(plain_rows(release.release_dir)))


def test_rank_and_world_size_partition_the_samples(release, keys):
    opened = open_release(release.release_dir, keys[1])
    everything = set(by_id(plain_rows(release.release_dir)))
    for world_size in (1, 2, 3):
        parts = [
            [r["sample_id"] for r in opened.torch_dataset(["sample_id"], rank=rank, world_size=world_size)]
            for rank in range(world_size)
        ]
        assert sum(len(p) for p in parts) == len(everything) and set().union(*map(set, parts)) == everything
        assert all(parts)  # 7 shards: every rank gets some
    with pytest.raises(ValueError, match="rank 2 of world_size 2"):
        opened.torch_dataset(rank=2, world_size=2)


def test_a_batch_is_arrow(release, keys):
    batch = next(open_release(release.release_dir, keys[1]).iter_batches(columns=["text"], batch_size=3))
    assert isinstance(batch, pa.RecordBatch) and batch.schema.names == ["text"] and batch.num_rows == 3


def test_an_unknown_column_is_named(release, keys):
    with pytest.raises(ValueError, match="no column 'txet'; its columns are sample_id, text"):
        next(open_release(release.release_dir, keys[1]).iter_batches(columns=["txet"]))


def test_the_hugging_face_iterable_dataset_splits_its_shards_across_ranks(release, keys):
    from datasets.distributed import split_dataset_by_node

    iterable = open_release(release.release_dir, keys[1]).to_hf_iterable_dataset(columns=["sample_id"])
    parts = [[r["sample_id"] for r in split_dataset_by_node(iterable, rank, 3)] for rank in range(3)]
    assert all(parts) and sorted(s for part in parts for s in part) == sorted(by_id(plain_rows(release.release_dir)))
