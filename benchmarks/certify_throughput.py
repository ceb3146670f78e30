"""Certify throughput: fingerprinting and shard writing in MB/s, each against a raw baseline measured in the same run.

Baselines:
- fingerprinting: ``xxhash.xxh3_128`` over the same texts' UTF-8 bytes (no normalisation);
- shard writing: one ``pyarrow.parquet.write_table`` of the same table, same zstd level;
- whole release (``--end-to-end``): reading the cleared Parquet and writing it back with
  ``write_table``, against ``build_release`` (fingerprint, spill, dedup, shards, Merkle, sign).

MB are MiB of UTF-8 text. Usage: ``.venv/bin/python benchmarks/certify_throughput.py [--mb 200] [--end-to-end]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import xxhash

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from provenance.certify.keys import keygen
from provenance.certify.release import build_release, sample_id_for
from provenance.certify.shards import WRITER_OPTIONS, ShardWriter
from provenance.fingerprint import fingerprint
from provenance.layout import INGEST, RIGHTS
from provenance.schema import CLEARED_DOCUMENT_SCHEMA, SAMPLE_SCHEMA, record_id
from provenance.stats import ClearStats, IngestStats
from provenance.workspace import Workspace, write_stats

SENTENCES = [
    "M. le président. La parole est à <PERSON>, pour présenter l'amendement n° {n}.",
    "Cet amendement vise à garantir que les collectivités territoriales disposent des moyens nécessaires.",
    "Le Gouvernement est favorable à cet amendement, sous réserve de la rédaction proposée par la commission.",
    "Le conseil municipal a adopté, mardi soir, le budget primitif pour l'année {n}.",
    "L'adjointe aux finances, <PERSON>, a rappelé que l'endettement de la ville reste maîtrisé.",
    "The Committee met at 10.30 am and the Chair welcomed the witnesses to session {n}.",
    "Members were reminded that the session was being broadcast and that questions go to <EMAIL_ADDRESS>.",
    "Storm Ciarán brought gusts of over 200 km/h to the Breton coast overnight.",
    "Le tribunal administratif a annulé l'arrêté préfectoral n° {n}, faute de consultation du public.",
    "Paris is the capital and largest city of France, at the centre of the Île-de-France region.",
    "Les débats reprennent à quinze heures ;\tl'ordre du jour appelle la suite de l'examen du projet de loi.",
    "Questions écrites : réponse du ministère publiée au Journal officiel le {n} mars.",
]


def generate_texts(total_bytes: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    texts, size = [], 0
    while size < total_bytes:
        paragraphs = []
        for _ in range(rng.randint(3, 9)):
            paragraphs.append(
                " ".join(rng.choice(SENTENCES).format(n=rng.randint(1, 9999)) for _ in range(rng.randint(3, 8)))
            )
        text = "\n\n".join(paragraphs)
        texts.append(text)
        size += len(text.encode("utf-8"))
    return texts


def mib(n: int) -> float:
    return n / (1 << 20)


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def sample_table(texts: list[str]) -> pa.Table:
    fps = [fingerprint(t) for t in texts]
    doc_ids = [record_id("bench", f"row={i}") for i in range(len(texts))]
    order = sorted(range(len(texts)), key=fps.__getitem__)
    return pa.table(
        {
            "sample_id": [sample_id_for(doc_ids[i], fps[i]) for i in order],
            "text": [texts[i] for i in order],
            "lang": ["fr"] * len(texts),
            "licence": ["etalab-2.0"] * len(texts),
            "licence_class": ["attribution"] * len(texts),
            "attribution": ["Assemblée nationale, etalab-2.0"] * len(texts),
            "source_id": ["bench"] * len(texts),
            "doc_id": [doc_ids[i] for i in order],
            "fingerprint": [fps[i] for i in order],
        },
        schema=SAMPLE_SCHEMA,
    )


def end_to_end(texts: list[str], tmp: Path) -> tuple[float, float]:
    contracts = tmp / "contracts"
    (contracts / "sources").mkdir(parents=True)
    (contracts / "optouts").mkdir()
    (contracts / "sources" / "bench.yaml").write_text(
        "id: bench\ntitle: bench\nrights_holder: Assemblée nationale\nlicence: etalab-2.0\nattribution: AN\n"
        "provenance_url: https://example.org\nformat: jsonl\ndumps: landing/*.jsonl\nlanguage: fr\n"
        "fields: {text: text}\nmax_quarantine_rate: 0.1\n"
    )
    (contracts / "licence_policy.yaml").write_text(
        'version: "bench"\nlicences:\n  - {id: etalab-2.0, class: attribution, decision: include_with_attribution}\n'
    )
    ws = Workspace(home=tmp / "home", contracts=contracts)
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    half = len(texts) // 2
    for d, chunk in enumerate((texts[:half], texts[half:])):
        rows = [
            {
                "doc_id": record_id("bench", f"d{d}:{i}"),
                "source_id": "bench",
                "dump_id": f"bench.d{d}",
                "locator": f"d{d}:{i}",
                "text": t,
                "content_fingerprint": "0" * 32,
                "redaction_count": 0,
                "published_at": now,
                "lang": "fr",
                "licence_spdx": "etalab-2.0",
                "licence_class": "attribution",
                "licence_source": "contract",
                "attribution": "AN",
                "share_alike": False,
                "decision": "include_with_attribution",
            }
            for i, t in enumerate(chunk)
        ]
        dump_id = f"bench.d{d}"

        def write(folder: Path, rows: list[dict] = rows, dump_id: str = dump_id) -> ClearStats:
            pq.write_table(
                pa.Table.from_pylist(rows, schema=CLEARED_DOCUMENT_SCHEMA),
                folder / "documents.parquet",
                compression="zstd",
                row_group_size=2048,
            )
            return ClearStats(dump_id, "bench", "", "", "", "", documents=len(rows), cleared=len(rows))

        ws.publish(RIGHTS, dump_id, write)
        write_stats(ws.stage_dir(INGEST, dump_id), IngestStats(dump_id, "bench", len(rows), len(rows)))
    private, _ = keygen(tmp / "keys")

    def baseline():
        for d in range(2):
            table = pq.read_table(ws.stage_dir("cleared_documents", f"bench.d{d}") / "documents.parquet")
            pq.write_table(table, tmp / f"baseline-{d}.parquet", compression="zstd", compression_level=3)

    base_s, _ = timed(baseline)
    ours_s, result = timed(lambda: build_release(ws, signing_key_path=private, created_at=now, git_commit="bench"))
    assert result.samples == len(set(texts))
    return base_s, ours_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=200.0, help="MiB of generated text (default 200)")
    parser.add_argument("--end-to-end", action="store_true", help="also time a whole build_release")
    args = parser.parse_args()

    texts = generate_texts(int(args.mb * (1 << 20)))
    encoded = [t.encode("utf-8") for t in texts]
    total = sum(len(b) for b in encoded)
    print(f"{len(texts)} generated documents, {mib(total):.1f} MiB of UTF-8 text (French and English, seeded)\n")

    rows = []
    raw_s, _ = timed(lambda: [xxhash.xxh3_128_hexdigest(b) for b in encoded])
    fp_s, _ = timed(lambda: [fingerprint(t) for t in texts])
    rows.append(("fingerprint (NFC + whitespace + xxh3-128)", "raw xxhash.xxh3_128 over the UTF-8 bytes", fp_s, raw_s))

    table = sample_table(texts)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        options = dict(WRITER_OPTIONS)
        raw_w, _ = timed(
            lambda: pq.write_table(
                table, tmp / "raw.parquet", compression="zstd", compression_level=options["compression_level"]
            )
        )

        def ours():
            writer = ShardWriter(tmp / "release")
            writer.add(table)
            return writer.close()

        shard_s, shards = timed(ours)
        rows.append(
            (
                "ShardWriter (bounded shards, pinned options, sha256)",
                "pyarrow.parquet.write_table, zstd-3",
                shard_s,
                raw_w,
            )
        )
        if args.end_to_end:
            base_s, e2e_s = end_to_end(texts, tmp / "e2e")
            rows.append(
                ("build_release (2 dumps, end to end)", "read cleared Parquet + write_table zstd-3", e2e_s, base_s)
            )
        shutil.rmtree(tmp / "release", ignore_errors=True)

    print(f"{'measured':<52} {'MiB/s':>8}   {'baseline':<44} {'MiB/s':>8}   {'ours/baseline':>13}")
    for name, base_name, ours_s, base_s in rows:
        ours_rate, base_rate = mib(total) / ours_s, mib(total) / base_s
        print(f"{name:<52} {ours_rate:8.1f}   {base_name:<44} {base_rate:8.1f}   {ours_rate / base_rate:13.3f}")
    print(
        f"\nshards written: {len(shards)}; timings are single runs on a shared machine: compare ratios, not absolutes"
    )


if __name__ == "__main__":
    main()
