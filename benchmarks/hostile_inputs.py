"""Hostile inputs: wall time and peak memory of one record per case, against ordinary input of the same size.

Baseline, named "ordinary input of the same size": for each case, the same code path on input of the
same length in characters that is not hostile (a page of flat paragraphs, prose with no runs of
punctuation, prose with as many words and few names). Cases (issue 14):

- ``html_deep_40k``: a page nested 40,000 ``<div>`` deep (took 80 s in main-content extraction);
- ``html_deep_1m``: 1,000,000 deep (never ended);
- ``html_tables_500k``: 500,000 unclosed ``<table>`` tags (took 906 MB);
- ``punct_run_16k``: 16,000 ``{`` inside a sentence with names (took spaCy's tokenizer minutes);
- ``names_10k`` / ``names_100k``: one document of that many words, a person's name in every sentence
  (the baseline names places only); the last line compares their cost per word (1.0 is linear).

HTML cases run ``html_document`` (what the WARC and text-tree readers call), text cases the PII
stage's detection and redaction of one document (``Redactor.redact_batch``). Each case and each
baseline runs in a process of its own, models loaded and warmed before the clock starts; peak memory
is the growth of that process's resident high-water mark over the work.

    .venv/bin/python benchmarks/hostile_inputs.py [--cases names_10k,punct_run_16k]

Prints, per case: seconds, peak MB, the baseline's, and the ratios case / baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIRST = (
    "Jean Marie Pierre Claire Louis Sophie Michel Anne Paul Isabelle Henri Julie Marc Céline Alain Nathalie".split()
)
LAST = (
    "Dupont Martin Bernard Durand Lefèvre Moreau Girard Fournier Lambert Bonnet Rousseau Vincent Muller Faure".split()
)
PROSE = (
    "Le conseil de Lyon a examiné le projet de budget pour l'année suivante. ",
    "La séance a repris à Bordeaux après une courte suspension demandée par les élus. ",
    "Les habitants ont été invités à donner leur avis sur le nouveau plan de circulation. ",
    "Le rapport souligne la hausse des dépenses de fonctionnement depuis trois ans. ",
)


def _prose(chars: int, names: bool = False) -> str:
    """French prose of about ``chars`` characters; with ``names``, a different person named in every sentence."""
    out, n, size = [], 0, 0
    while size < chars:
        sentence = PROSE[n % len(PROSE)]
        if names:
            name = f"{FIRST[n % len(FIRST)]} {LAST[(n // len(FIRST)) % len(LAST)]}"
            sentence = f"Selon {name}, " + sentence[0].lower() + sentence[1:]
        out.append(sentence)
        size += len(sentence)
        n += 1
    return "".join(out)[:chars]


def _words(words: int, names: bool) -> str:
    text = _prose(words * 8, names)  # about 6.5 characters a word: over-long, then cut at the word count
    return " ".join(text.split()[:words])


def _page(body: str) -> bytes:
    return f"<!doctype html><html lang=fr><head><title>Page</title></head><body>{body}</body></html>".encode()


def _flat_page(chars: int) -> bytes:
    return _page("".join(f"<p>{p}</p>" for p in _prose(chars).split(". ")))


def _punct(baseline: bool) -> str:
    run = _prose(16_000) if baseline else "{" * 16_000
    return f"Jean Dupont a écrit au maire de Lyon {run} puis Marie Curie lui a répondu."


#: case -> (kind, hostile input, ordinary input of the same size)
CASES: dict[str, tuple[str, Callable[[], object], Callable[[], object]]] = {
    "html_deep_40k": ("html", lambda: _page("<div>" * 40_000 + "x"), lambda: _flat_page(200_000)),
    "html_deep_1m": ("html", lambda: _page("<div>" * 1_000_000 + "x"), lambda: _flat_page(5_000_000)),
    "html_tables_500k": ("html", lambda: _page("<table>" * 500_000 + "x"), lambda: _flat_page(3_500_000)),
    "punct_run_16k": ("text", lambda: _punct(False), lambda: _punct(True)),
    "names_10k": ("text", lambda: _words(10_000, True), lambda: _words(10_000, False)),
    "names_100k": ("text", lambda: _words(100_000, True), lambda: _words(100_000, False)),
}


def _high_water_kb() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))


def measure(case: str, baseline: bool) -> dict:
    """Run one case (or its baseline) in this process: seconds and growth of peak RSS in MB."""
    kind, hostile, ordinary = CASES[case]
    data = (ordinary if baseline else hostile)()
    if kind == "html":
        from provenance.ingest.html import html_document

        def work() -> str:
            found = html_document("landing/bench/page.html", data)  # type: ignore[arg-type]
            return type(found).__name__ + ("" if not hasattr(found, "reason") else f":{found.reason}")
    else:
        from provenance.pii.policy import load_pii_policy
        from provenance.pii.workers import Redactor

        redactor = Redactor(load_pii_policy(), b"benchmark-key-0123456789abcdef0123")
        redactor.warm_up()
        redactor.redact_batch(["Jean Dupont habite à Lyon."], ["fr"])

        def work() -> str:
            doc = redactor.redact_batch([data], ["fr"]).documents[0]  # type: ignore[list-item]
            return f"{len(doc.spans)} spans" + (f", failed: {doc.failed}" if doc.failed else "")

    before = _high_water_kb()
    start = time.perf_counter()
    outcome = work()
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": (_high_water_kb() - before) / 1024, "size": len(data), "outcome": outcome}


def _run(case: str, baseline: bool, timeout: float) -> dict:
    args = [sys.executable, __file__, "--one", case] + (["--baseline"] if baseline else [])
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return {
            "seconds": float("inf"),
            "peak_mb": float("nan"),
            "size": 0,
            "outcome": f"killed after {timeout:.0f} s",
        }
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated, from: " + ", ".join(CASES))
    parser.add_argument("--timeout", type=float, default=600, help="seconds before a case is killed")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--baseline", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.baseline)))
        return
    print(
        f"{'case':18} {'chars':>9} {'s':>8} {'MB':>7} | {'baseline s':>10} {'MB':>7} | {'time x':>7} {'mem x':>6}  outcome"
    )
    results: dict[str, dict] = {}
    for case in args.cases.split(","):
        hostile, ordinary = _run(case, False, args.timeout), _run(case, True, args.timeout)
        time_ratio = hostile["seconds"] / max(ordinary["seconds"], 1e-6)
        mem_ratio = hostile["peak_mb"] / max(ordinary["peak_mb"], 1.0)
        print(
            f"{case:18} {hostile['size']:>9} {hostile['seconds']:>8.2f} {hostile['peak_mb']:>7.1f} | "
            f"{ordinary['seconds']:>10.2f} {ordinary['peak_mb']:>7.1f} | {time_ratio:>7.2f} {mem_ratio:>6.2f}  "
            f"{hostile['outcome']} (baseline: {ordinary['outcome']})",
            flush=True,
        )
        results[case] = hostile
    if "names_10k" in results and "names_100k" in results:
        per_word = (results["names_100k"]["seconds"] / 100_000) / (results["names_10k"]["seconds"] / 10_000)
        print(f"names: seconds per word at 100k / at 10k = {per_word:.2f} (1.0 is linear)")


if __name__ == "__main__":
    main()
