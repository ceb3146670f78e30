"""The demo generator is reproducible: a seed names one exact workspace, byte for byte."""

import gzip
import hashlib
import json
import tarfile
from pathlib import Path

from provenance_demo.generate import generate_demo
from provenance_demo.ground_truth import GROUND_TRUTH_FILE, load_ground_truth


def _hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_the_same_seed_gives_byte_identical_dumps_contracts_and_ground_truth(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    truth = generate_demo(first, docs=60, seed=11)
    generate_demo(second, docs=60, seed=11)
    assert _hashes(first) == _hashes(second)
    assert len(_hashes(first)) >= 9 + 9 + 1  # nine dumps, nine contracts, the ground truth at least
    assert json.loads((first / GROUND_TRUTH_FILE).read_text()) == json.loads((second / GROUND_TRUTH_FILE).read_text())
    assert truth.seed == 11 and truth.docs == 60


def test_a_different_seed_gives_different_records(tmp_path):
    a = generate_demo(tmp_path / "a", docs=60, seed=1)
    b = generate_demo(tmp_path / "b", docs=60, seed=2)
    landing_a, landing_b = _hashes(tmp_path / "a" / "landing"), _hashes(tmp_path / "b" / "landing")
    assert landing_a.keys() == landing_b.keys()
    assert all(landing_a[name] != landing_b[name] for name in landing_a)
    assert {r.text_fingerprint for r in a.records} != {r.text_fingerprint for r in b.records}
    # WARC record ids come from the seed, so the records' ids differ too.
    assert {r.record_id for r in a.records if r.format == "warc"}.isdisjoint(
        {r.record_id for r in b.records if r.format == "warc"}
    )


def test_regenerating_into_the_same_folder_replaces_the_previous_workspace(tmp_path):
    generate_demo(tmp_path, docs=200, seed=3)
    smaller = generate_demo(tmp_path, docs=40, seed=3)
    on_disk = load_ground_truth(tmp_path / GROUND_TRUTH_FILE)
    assert len(on_disk.records) == len(smaller.records) < 200
    assert sorted(p.name for p in (tmp_path / "landing").iterdir()) == sorted(smaller.sources)
    assert all(len(list((tmp_path / "landing" / s).iterdir())) == 1 for s in smaller.sources)


def test_archives_carry_no_wall_clock(demo_home, truth):
    for source in truth.sources.values():
        path = demo_home / source["dumps"][0]
        if path.name.endswith(".gz"):
            # gzip header bytes 4-8: the modification time, zero when none is recorded.
            assert path.read_bytes()[4:8] == b"\0\0\0\0", path
        if path.name.endswith(".tar.gz"):
            with tarfile.open(path) as tar:
                assert {m.mtime for m in tar.getmembers()} == {1709251200}
    with gzip.open(demo_home / truth.sources["an_debats"]["dumps"][0]) as fh:
        assert fh.readline().startswith(b"{")
