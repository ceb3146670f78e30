"""PII throughput: this stage (1 and 2 workers) against plain Presidio on the same real French text (ECHR judgments).

Baseline, named "plain Presidio": the same spaCy models loaded whole by Presidio's
SpacyNlpEngine, the default recognizer registry, ``AnalyzerEngine.analyze()`` once per
document (see provenance/pii/baseline.py). This stage: ``redact_dump`` end to end (Parquet in,
detection, redaction, Parquet and audit table out) with an in-process redactor, then with a
pool of two worker processes. Analyzers are built and warmed before the clock starts in
every configuration, so the figures are steady-state throughput.

Each configuration runs as a whole process of its own on the same text (so that its peak RSS is its
own); besides the steady state, the wall time of that whole process (start, model loading,
warm-up, work) is reported.

    .venv/bin/python benchmarks/pii_throughput.py [--repeat 3]

Prints words/second, peak RSS and the ratios the issue sets targets for (issue 10):
stage(1 worker) / plain >= 3.5, stage(2 workers) / stage(1 worker) >= 1.8, and by how much a missed
one is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "benchmarks" / "corpora"))


def make_corpus(repeat: int) -> list[dict]:
    """Real French text: the ECHR judgments of tests/fixtures/real/pii/echr-fr (18 judgments, about 41,000
    words, natural typography rebuilt from the corpus tokens), ``repeat`` times over, each copy its own
    document id. Nothing is generated."""
    import pii_corpora

    docs = pii_corpora.corpus("echr-fr").docs()
    return [{"id": f"{d.gold.id}#{n}", "lang": "fr", "text": d.gold.text} for n in range(repeat) for d in docs]


def write_documents(corpus: list[dict], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from provenance.fingerprint import fingerprint
    from provenance.schema import DOCUMENT_SCHEMA, record_id

    rows = [
        {
            "doc_id": record_id("bench", d["id"]),
            "source_id": "bench",
            "dump_id": "bench.corpus",
            "locator": d["id"],
            "text": d["text"],
            "lang": d["lang"],
            "content_fingerprint": fingerprint(d["text"]),
        }
        for d in corpus
    ]
    pq.write_table(pa.Table.from_pylist(rows, schema=DOCUMENT_SCHEMA), path)


#: Issue 10's targets: this stage on one worker against plain Presidio, and two workers against one.
TARGET_ONE_WORKER = 3.5
TARGET_TWO_WORKERS = 1.8


def _against(ratio: float, target: float) -> str:
    return f"(target >= {target}: " + ("ok)" if ratio >= target else f"MISSED by {target - ratio:.2f}x)")


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024  # Linux: kilobytes


def run_plain(corpus: list[dict]) -> dict:
    from provenance.pii.baseline import PlainPresidio
    from provenance.pii.policy import load_pii_policy

    plain = PlainPresidio(dict(load_pii_policy().models))
    for lang in ("fr", "en"):
        plain.analyze("Warm-up: Jean Dupont, 06 12 34 56 78.", lang)
    started, cpu = time.perf_counter(), time.process_time()
    found = sum(len(plain.analyze(d["text"], d["lang"])) for d in corpus)
    return {"seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu, "entities": found}


def run_stage(documents: Path, workers: int) -> dict:
    from provenance.pii.policy import load_pii_policy
    from provenance.pii.stage import redact_dump
    from provenance.pii.workers import Redactor, RedactorPool

    policy = load_pii_policy()
    key = b"benchmark-key-not-secret-0123456789"
    out = Path(tempfile.mkdtemp(prefix=f"pii-bench-{workers}-"))
    if workers <= 1:
        redactor = Redactor(policy, key)
        redactor.warm_up()
        started, cpu = time.perf_counter(), time.process_time()
        stats = redact_dump(documents, out, policy=policy, key=key, redactor=redactor)
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    else:
        with RedactorPool(policy, key, workers) as pool:
            pool.warm_up()
            started, cpu = time.perf_counter(), time.process_time()
            stats = redact_dump(documents, out, policy=policy, key=key, redactor=pool)
            seconds = time.perf_counter() - started
            main_cpu = time.process_time() - cpu
            cpu_seconds = None  # spread over the workers: only wall time compares
        return {
            "seconds": seconds,
            "cpu_seconds": None,
            "main_process_cpu_seconds": main_cpu,
            "entities": stats.redactions,
        }
    return {"seconds": seconds, "cpu_seconds": cpu_seconds, "entities": stats.redactions}


def child(args) -> None:
    corpus = json.loads(Path(args.corpus).read_text(encoding="utf-8"))
    if args.run == "plain":
        result = run_plain(corpus)
    else:
        result = run_stage(Path(args.documents), 1 if args.run == "stage1" else 2)
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="copies of the 18 judgments")
    parser.add_argument("--run", choices=["plain", "stage1", "stage2"])
    parser.add_argument("--corpus")
    parser.add_argument("--documents")
    args = parser.parse_args()
    if args.run:
        child(args)
        return 0

    work = Path(tempfile.mkdtemp(prefix="pii-bench-"))
    corpus = make_corpus(args.repeat)
    (work / "corpus.json").write_text(json.dumps(corpus, ensure_ascii=False), encoding="utf-8")
    write_documents(corpus, work / "documents.parquet")
    words = sum(len(d["text"].split()) for d in corpus)
    print(
        f"corpus: {len(corpus)} documents, {words} words: the 18 French ECHR judgments of "
        f"tests/fixtures/real/pii/echr-fr, {args.repeat} times over"
    )
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start")

    results = {}
    for run, label in (
        ("plain", "plain Presidio (analyze() per document)"),
        ("stage1", "this stage, 1 worker"),
        ("stage2", "this stage, 2 workers"),
    ):
        whole = time.perf_counter()
        proc = subprocess.run(
            [
                sys.executable,
                __file__,
                "--run",
                run,
                "--corpus",
                str(work / "corpus.json"),
                "--documents",
                str(work / "documents.parquet"),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        whole = time.perf_counter() - whole
        if proc.returncode != 0:
            print(f"{label}: failed\n{proc.stderr[-2000:]}", file=sys.stderr)
            return 1
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        result["words_per_second"] = words / result["seconds"]
        result["whole_process_seconds"] = whole
        result["words_per_cpu_second"] = words / result["cpu_seconds"] if result.get("cpu_seconds") else None
        results[run] = result
        per_cpu = f"{result['words_per_cpu_second']:>9.0f} words/CPU-s" if result["words_per_cpu_second"] else " " * 21
        print(
            f"{label:<42} {result['words_per_second']:>9.0f} words/s  {per_cpu}  {result['seconds']:>7.1f} s  "
            f"peak RSS {result['peak_rss_mb']:>6.0f} MB  ({result['entities']} spans; whole process {whole:.1f} s)"
        )
        if result.get("main_process_cpu_seconds") is not None:
            print(
                f"{'':<42} (the parent process, reading and writing Parquet, used "
                f"{result['main_process_cpu_seconds']:.1f} CPU-s of the {result['seconds']:.1f} s)"
            )

    one = results["stage1"]["words_per_second"] / results["plain"]["words_per_second"]
    one_cpu = results["stage1"]["words_per_cpu_second"] / results["plain"]["words_per_cpu_second"]
    two = results["stage2"]["words_per_second"] / results["stage1"]["words_per_second"]
    whole_one = results["plain"]["whole_process_seconds"] / results["stage1"]["whole_process_seconds"]
    whole_two = results["stage1"]["whole_process_seconds"] / results["stage2"]["whole_process_seconds"]
    print(
        f"\nratio stage(1 worker) / plain Presidio: {one:.2f}x wall clock, {one_cpu:.2f}x per CPU-second, "
        f"{whole_one:.2f}x whole process   {_against(one, TARGET_ONE_WORKER)}"
    )
    print(
        f"ratio stage(2 workers) / stage(1 worker): {two:.2f}x wall clock, {whole_two:.2f}x whole process   "
        f"{_against(two, TARGET_TWO_WORKERS)}"
    )
    print(f"machine load average at end: {os.getloadavg()[0]:.2f} (shared machines make absolute numbers noisy)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
