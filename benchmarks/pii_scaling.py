"""Redaction cost per word of one long document with many names, at 10k, 100k and 1M words, against 10k words.

Baseline, named "10k words": the same document generator (French prose, a person named in every
sentence: :func:`hostile_inputs._words`) cut at 10,000 words, timed in the same run. Each size runs
in a process of its own, models loaded and warmed before the clock starts, through the PII stage's
detection and redaction of one document (``Redactor.redact_batch``). Peak memory is the growth of
that process's resident high-water mark over the work, also given per character of the document.

    .venv/bin/python benchmarks/pii_scaling.py [--words 10000,100000,1000000] [--timeout 1800]

Prints, per size: seconds, microseconds per word, per-word ratio to the 10k baseline (1.0 is linear),
peak MB and peak bytes per character of text.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hostile_inputs import ROOT, _high_water_kb, _words


def measure(words: int) -> dict:
    """Redact one document of ``words`` words in this process: seconds, peak MB, spans found."""
    from provenance.pii.policy import load_pii_policy
    from provenance.pii.workers import Redactor

    text = _words(words, True)
    redactor = Redactor(load_pii_policy(), b"benchmark-key-0123456789abcdef0123")
    redactor.warm_up()
    redactor.redact_batch(["Jean Dupont habite à Lyon."], ["fr"])
    before = _high_water_kb()
    start = time.perf_counter()
    doc = redactor.redact_batch([text], ["fr"]).documents[0]
    seconds = time.perf_counter() - start
    peak = (_high_water_kb() - before) / 1024
    return {"words": words, "chars": len(text), "seconds": seconds, "peak_mb": peak, "spans": len(doc.spans)}


def _run(words: int, timeout: float) -> dict | None:
    args = [sys.executable, __file__, "--one", str(words)]
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=True, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--words", default="10000,100000,1000000", help="comma-separated sizes; the first is the baseline"
    )
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before a size is killed")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one)))
        return
    sizes = [int(w) for w in args.words.split(",")]
    print(f"{'words':>9} {'chars':>10} {'s':>9} {'us/word':>8} {'x 10k':>6} {'peak MB':>8} {'B/char':>7} spans")
    baseline: float | None = None
    for words in sizes:
        result = _run(words, args.timeout)
        if result is None:
            print(f"{words:>9} killed after {args.timeout:.0f} s", flush=True)
            continue
        per_word = result["seconds"] / words
        baseline = baseline or per_word
        print(
            f"{words:>9} {result['chars']:>10} {result['seconds']:>9.2f} {per_word * 1e6:>8.1f} "
            f"{per_word / baseline:>6.2f} {result['peak_mb']:>8.1f} {result['peak_mb'] * 2**20 / result['chars']:>7.1f} "
            f"{result['spans']}",
            flush=True,
        )


if __name__ == "__main__":
    main()
