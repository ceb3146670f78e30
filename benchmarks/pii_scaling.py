"""Redaction cost per word of one long document with many names, at 10k, 100k and 1M words, against 10k words.

Baseline, named "10k words": the same document generator cut at 10,000 words, timed in the same run.
Two generators of French prose naming a person in every sentence: ``repeated`` (224 names named again
and again: :func:`hostile_inputs._words`) and ``distinct`` (a new name in nearly every sentence, from
the package's first- and family-name lists: the work per distinct name). Each size runs in a process
of its own, models loaded and warmed before the clock starts, through the PII stage's detection and
redaction of one document (``Redactor.redact_batch``). Peak memory is the growth of that process's
resident high-water mark over the work, also given in bytes per character of the document.

    .venv/bin/python benchmarks/pii_scaling.py [--words 10000,100000,1000000] [--names repeated,distinct]

Prints, per generator and size: seconds, microseconds per word, the per-word ratio to the first size
(1.0 is linear), peak MB and peak bytes per character of text.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hostile_inputs import PROSE, ROOT, _high_water_kb, _words  # also puts the checkout on sys.path


def _listed(name: str) -> list[str]:
    path = ROOT / "provenance" / "pii" / "data" / name
    return [
        line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()[:1] not in ("", "#")
    ]


def _distinct(words: int) -> str:
    """French prose of ``words`` words naming a different person in nearly every sentence."""
    first, family = _listed("first_names.txt"), _listed("family_names.txt")
    out, n, size = [], 0, 0
    while size < words * 8:
        name = f"{first[(n * 7) % len(first)].title()} {family[(n * 13) % len(family)].title()}"
        sentence = PROSE[n % len(PROSE)]
        out.append(f"Selon {name}, " + sentence[0].lower() + sentence[1:])
        size += len(out[-1])
        n += 1
    return " ".join("".join(out).split()[:words])


def measure(words: int, names: str) -> dict:
    """Redact one document of ``words`` words in this process: seconds, peak MB, spans found."""
    from provenance.pii.policy import load_pii_policy
    from provenance.pii.workers import Redactor

    text = _words(words, True) if names == "repeated" else _distinct(words)
    redactor = Redactor(load_pii_policy(), b"benchmark-key-0123456789abcdef0123")
    redactor.warm_up()
    redactor.redact_batch(["Jean Dupont habite à Lyon."], ["fr"])
    before = _high_water_kb()
    start = time.perf_counter()
    doc = redactor.redact_batch([text], ["fr"]).documents[0]
    seconds = time.perf_counter() - start
    peak = (_high_water_kb() - before) / 1024
    return {"chars": len(text), "seconds": seconds, "peak_mb": peak, "spans": len(doc.spans), "failed": doc.failed}


def _run(words: int, names: str, timeout: float) -> dict | None:
    args = [sys.executable, __file__, "--one", str(words), "--names", names]
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=True, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def _series(names: str, sizes: list[int], timeout: float) -> None:
    baseline: float | None = None
    for words in sizes:
        result = _run(words, names, timeout)
        if result is None:
            print(f"{names:>8} {words:>9} killed after {timeout:.0f} s", flush=True)
            continue
        per_word = result["seconds"] / words
        baseline = baseline or per_word
        print(
            f"{names:>8} {words:>9} {result['chars']:>10} {result['seconds']:>9.2f} {per_word * 1e6:>8.1f} "
            f"{per_word / baseline:>6.2f} {result['peak_mb']:>8.1f} {result['peak_mb'] * 2**20 / result['chars']:>7.1f} "
            f"{result['spans']}" + (f" (withheld: {result['failed']})" if result["failed"] else ""),
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--words", default="10000,100000,1000000", help="comma-separated sizes; the first is the baseline"
    )
    parser.add_argument("--names", default="repeated,distinct", help="comma-separated generators: repeated, distinct")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before a size is killed")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.names)))
        return
    print(
        f"{'names':>8} {'words':>9} {'chars':>10} {'s':>9} {'us/word':>8} {'x 10k':>6} {'peak MB':>8} {'B/char':>7} spans"
    )
    for names in args.names.split(","):
        _series(names, [int(w) for w in args.words.split(",")], args.timeout)


if __name__ == "__main__":
    main()
