"""Loader speed: the verified read of a release against a plain ``pyarrow.dataset`` scan of the same shards.

Both read every column of every shard as Arrow record batches, in the same run, alternately, several times:

- baseline: ``pyarrow.dataset.dataset(shards, format="parquet").to_batches(batch_size=...)``: no check at all;
- verified: ``provenance.loader.open_release(release, public_key).iter_batches(batch_size=...)``: the manifest's
  signature, the withdrawal lists, and every shard's sha256 before any of its rows (the timing includes them).

The release is real: generated French and English texts certified by ``build_release`` (fingerprints, dedup,
shards, Merkle root, DSSE signature). Files are in the page cache for both (one warm-up read each first).
Usage: ``.venv/bin/python benchmarks/loader_speed.py [--mb 150] [--shards 8] [--repeat 5]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from certify_throughput import SENTENCES

from provenance.certify.keys import keygen
from provenance.certify.release import build_release
from provenance.layout import INGEST, RIGHTS
from provenance.loader import open_release
from provenance.schema import CLEARED_DOCUMENT_SCHEMA, record_id
from provenance.stats import ClearStats, IngestStats
from provenance.workspace import Workspace, write_stats

BATCH_SIZE = 4096
SOURCE = (
    "id: bench\ntitle: bench\nrights_holder: Assemblée nationale\nlicence: etalab-2.0\nattribution: AN\n"
    "provenance_url: https://example.org\nformat: jsonl\ndumps: landing/*.jsonl\nlanguage: fr\n"
    "fields: {text: text}\nmax_quarantine_rate: 0.1\n"
)
POLICY = 'version: "bench"\nlicences:\n  - {id: etalab-2.0, class: attribution, decision: include_with_attribution}\n'


def generate_texts(total_bytes: int, seed: int = 15) -> list[str]:
    """Seeded documents that compress like prose (zstd about 3x), not like a few repeated sentences (about 16x):
    the certify benchmark's French and English sentences, interleaved with words drawn from a Zipf-like
    vocabulary, so that a shard's on-disk bytes (what is hashed) are realistic against its decoded text."""
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyzéèàç"
    vocabulary = ["".join(rng.choices(letters, k=rng.randint(2, 11))) for _ in range(30_000)]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    texts, size = [], 0
    while size < total_bytes:
        words = rng.choices(vocabulary, weights, k=rng.randint(150, 900))
        sentence = rng.choice(SENTENCES).format(n=rng.randint(1, 9999))
        text = sentence + " " + " ".join(words).capitalize() + "."
        texts.append(text)
        size += len(text.encode("utf-8"))
    return texts


def build(texts: list[str], tmp: Path, shards: int) -> tuple[Path, Path]:
    """A signed release of ``texts`` in about ``shards`` shards; returns (release folder, public key)."""
    contracts = tmp / "contracts"
    (contracts / "sources").mkdir(parents=True)
    (contracts / "optouts").mkdir()
    (contracts / "sources" / "bench.yaml").write_text(SOURCE)
    (contracts / "licence_policy.yaml").write_text(POLICY)
    ws = Workspace(home=tmp / "home", contracts=contracts)
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    rows = [
        {
            "doc_id": record_id("bench", f"row={i}"),
            "source_id": "bench",
            "dump_id": "bench.d0",
            "locator": f"row={i}",
            "text": text,
            "content_fingerprint": "0" * 32,
            "redaction_count": 0,
            "published_at": now,
            "lang": "fr",
            "licence_spdx": "etalab-2.0",
            "licence_class": "attribution",
            "licence_source": "contract",
            "attribution": "Assemblée nationale, etalab-2.0",
            "share_alike": False,
            "decision": "include_with_attribution",
        }
        for i, text in enumerate(texts)
    ]

    def write(folder: Path) -> ClearStats:
        table = pa.Table.from_pylist(rows, schema=CLEARED_DOCUMENT_SCHEMA)
        pq.write_table(table, folder / "documents.parquet", compression="zstd", row_group_size=4096)
        return ClearStats("bench.d0", "bench", "", "", "", "", documents=len(rows), cleared=len(rows))

    ws.publish(RIGHTS, "bench.d0", write)
    write_stats(ws.stage_dir(INGEST, "bench.d0"), IngestStats("bench.d0", "bench", len(rows), len(rows)))
    private, public = keygen(tmp / "keys")
    result = build_release(
        ws, signing_key_path=private, created_at=now, git_commit="bench", shard_max_rows=-(-len(texts) // shards)
    )
    assert result.release_dir is not None
    return result.release_dir, public


def drain(batches: Iterator[pa.RecordBatch]) -> tuple[int, int]:
    """(rows, Arrow bytes) of every batch."""
    rows = size = 0
    for batch in batches:
        rows += batch.num_rows
        size += batch.nbytes
    return rows, size


def timed(read: Callable[[], Iterator[pa.RecordBatch]]) -> tuple[float, tuple[int, int]]:
    start = time.perf_counter()
    counts = drain(read())
    return time.perf_counter() - start, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=150.0, help="MiB of generated text (default 150)")
    parser.add_argument("--shards", type=int, default=8, help="shards in the release (default 8)")
    parser.add_argument("--repeat", type=int, default=5, help="timed reads of each (default 5)")
    args = parser.parse_args()

    texts = generate_texts(int(args.mb * (1 << 20)))
    with tempfile.TemporaryDirectory() as tmp_name:
        release_dir, public_key = build(texts, Path(tmp_name), args.shards)
        shards = sorted((release_dir / "shards").glob("*.parquet"))
        on_disk = sum(p.stat().st_size for p in shards)
        print(
            f"release {release_dir.name}: {len(texts)} samples in {len(shards)} shards, {on_disk / (1 << 20):.1f} MiB"
        )

        def plain() -> Iterator[pa.RecordBatch]:
            return ds.dataset([str(p) for p in shards], format="parquet").to_batches(batch_size=BATCH_SIZE)

        def verified() -> Iterator[pa.RecordBatch]:
            return open_release(release_dir, public_key).iter_batches(batch_size=BATCH_SIZE)

        timings: dict[str, list[float]] = {"plain": [], "verified": []}
        counts = {name: timed(read)[1] for name, read in (("plain", plain), ("verified", verified))}  # warm-up
        assert counts["plain"][0] == counts["verified"][0] == len(texts), counts
        for _ in range(args.repeat):
            for name, read in (("plain", plain), ("verified", verified)):
                timings[name].append(timed(read)[0])
    arrow_mib = counts["plain"][1] / (1 << 20)
    print(f"{'read':<62} {'median s':>9} {'best s':>8} {'MiB/s (Arrow)':>14} {'rows/s':>10}")
    labels = {
        "plain": "pyarrow.dataset scan (no checks)",
        "verified": "open_release + iter_batches (signature, withdrawals, sha256)",
    }
    for name, runs in timings.items():
        median = statistics.median(runs)
        print(
            f"{labels[name]:<62} {median:9.3f} {min(runs):8.3f} {arrow_mib / median:14.1f} {len(texts) / median:10.0f}"
        )
    ratio = statistics.median(timings["plain"]) / statistics.median(timings["verified"])
    print(f"\nverified / plain throughput (medians of {args.repeat} alternating runs): {ratio:.3f}x (target >= 0.8x)")


if __name__ == "__main__":
    main()
