"""Extraction quality on real pages: token F1 against hand-made references, text damage per source, speed.

1. **Main text.** Every page in ``tests/fixtures/real/html/pages/`` is extracted by our extractor
   (``provenance.ingest.main_text``: furniture removed, then trafilatura, resiliparse as fallback),
   by the named baseline (the previous reader: resiliparse ``extract_plain_text(main_content=True)``,
   whole text when that keeps nothing) and by the alternatives installed (trafilatura 2.x default and
   ``favor_recall``, readability-lxml, jusText, boilerpy3 ``ArticleExtractor``), all in the same run.
   Each output is compared with the page's hand-made ``references/<name>.reference.txt`` as bags of
   tokens (lower-cased ``\\w+`` runs), the measure trafilatura's and the web-content-extraction
   benchmarks use: precision = shared tokens / extracted tokens, recall = shared / reference tokens.
   Per page F1, then mean precision, recall and F1 per extractor with F1 / baseline F1, and the text
   damage (``text_quality.measure``) each extractor leaves summed over the pages.
2. **Speed.** Pages/s and MB/s of HTML per extractor over the same pages, and the ratio to the baseline.
3. **Damage per source.** Every source contract in ``tests/fixtures/real/contracts/sources/*.yaml``
   (``dumps`` globs relative to ``tests/fixtures/real``) is ingested with ``provenance.ingest.run``
   into a temporary folder, and its documents' text is measured: markup residue, orphan gaps and
   boilerplate lines. Counts only: no text is ever printed.

Usage: ``.venv/bin/python benchmarks/extraction_quality.py [--repeat 3]``
(alternatives need the ``bench`` extra: ``pip install -e .[bench]``; missing ones are skipped.)
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyarrow.parquet as pq
from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.html import HTMLTree

from provenance.contracts import load_source
from provenance.dumps import discover_dumps
from provenance.ingest.decode import decode_text
from provenance.ingest.html import primary_language, sniff_charset
from provenance.ingest.main_text import main_text
from provenance.ingest.run import ingest_dump
from provenance.ingest.text_quality import TextDamage, measure
from provenance.layout import DOCUMENTS
from provenance.workspace import publish_stage

FIXTURES = ROOT / "tests" / "fixtures" / "real"
PAGES = FIXTURES / "html" / "pages"
REFERENCES = FIXTURES / "html" / "references"
CONTRACTS = FIXTURES / "contracts" / "sources"
BASELINE = "resiliparse (baseline)"
OURS = "ours"
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class Page:
    name: str
    html: str
    size: int
    lang: str | None
    reference: str


def load_pages() -> list[Page]:
    pages = []
    for path in sorted(PAGES.glob("*.html")):
        data = path.read_bytes()
        html, _ = decode_text(data, sniff_charset(data))
        document = HTMLTree.parse(html or "").document
        root = document.document_element if document is not None else None
        # Debian and LilyPond pages declare no lang; the fixtures name French pages *.fr.html.
        lang = primary_language(root.getattr("lang") or root.getattr("xml:lang") if root is not None else None) or (
            "fr" if path.stem.endswith(".fr") else None
        )
        reference = (REFERENCES / f"{path.stem}.reference.txt").read_text(encoding="utf-8")
        pages.append(Page(path.stem, html or "", len(data), lang, reference))
    return pages


# --------------------------------------------------------------------------- extractors


def _render(html: str) -> str:
    """An extractor's HTML output as text with block breaks (lxml's text_content glues paragraphs)."""
    return extract_plain_text(HTMLTree.parse(html), main_content=False, alt_texts=False, links=False)


def baseline(page: Page) -> str:
    """The reader before this change: resiliparse's main-content heuristic, whole text when it keeps nothing."""
    tree = HTMLTree.parse(page.html)
    text = extract_plain_text(tree, main_content=True, alt_texts=False, links=False, form_fields=False, noscript=False)
    if text.strip():
        return text
    return extract_plain_text(
        tree, main_content=False, alt_texts=False, links=False, form_fields=False, noscript=False
    )


def extractors() -> dict[str, Callable[[Page], str]]:
    found: dict[str, Callable[[Page], str]] = {OURS: lambda page: main_text(page.html), BASELINE: baseline}
    import trafilatura

    found["trafilatura"] = lambda page: trafilatura.extract(page.html, include_comments=False) or ""
    found["trafilatura recall"] = lambda page: (
        trafilatura.extract(page.html, include_comments=False, favor_recall=True) or ""
    )
    try:
        from readability import Document
    except ImportError:
        print("readability-lxml not installed (pip install -e .[bench]): skipped")
    else:
        found["readability-lxml"] = lambda page: _render(Document(page.html).summary())
    try:
        import justext
    except ImportError:
        print("justext not installed: skipped")
    else:

        def run_justext(page: Page) -> str:
            stoplist = justext.get_stoplist("French" if page.lang == "fr" else "English")
            paragraphs = justext.justext(page.html.encode("utf-8"), stoplist)
            return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

        found["justext"] = run_justext
    try:
        from boilerpy3 import extractors as boilerpy3_extractors
    except ImportError:
        print("boilerpy3 not installed (pip install -e .[bench]): skipped")
    else:
        article = boilerpy3_extractors.ArticleExtractor(raise_on_failure=False)
        found["boilerpy3"] = lambda page: article.get_content(page.html) or ""
    return found


# --------------------------------------------------------------------------- scoring


def tokens(text: str) -> Counter:
    return Counter(match.group(0).lower() for match in _TOKEN.finditer(text))


def precision_recall_f1(extracted: str, reference: str) -> tuple[float, float, float]:
    got, want = tokens(extracted), tokens(reference)
    shared = sum((got & want).values())
    precision = shared / sum(got.values()) if got else 0.0
    recall = shared / sum(want.values()) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main_text_quality(pages: list[Page], found: dict[str, Callable[[Page], str]], repeat: int) -> None:
    scores: dict[str, list[tuple[float, float, float]]] = {name: [] for name in found}
    damage = {name: TextDamage(0, 0, 0) for name in found}
    seconds = dict.fromkeys(found, 0.0)
    for name, extract in found.items():
        for page in pages:
            text = extract(page)
            scores[name].append(precision_recall_f1(text, page.reference))
            damage[name] = damage[name] + measure(text)
        start = time.perf_counter()
        for _ in range(repeat):
            for page in pages:
                extract(page)
        seconds[name] = (time.perf_counter() - start) / repeat

    print(
        f"\n== Main text against hand-made references: {len(pages)} real pages "
        f"({sum(p.lang == 'fr' for p in pages)} French); token F1 per page\n"
    )
    names = list(found)
    print(f"{'page':38s} {'lang':4s} " + " ".join(f"{n[:12]:>12s}" for n in names))
    for i, page in enumerate(pages):
        print(f"{page.name:38s} {page.lang or '?':4s} " + " ".join(f"{scores[n][i][2]:12.3f}" for n in names))

    base_f1 = _mean(scores[BASELINE], 2)
    base_rate = len(pages) / seconds[BASELINE]
    megabytes = sum(p.size for p in pages) / 1e6
    print(
        f"\n{'extractor':24s} {'precision':>9s} {'recall':>7s} {'F1':>6s} {'F1/base':>8s} {'min F1':>7s} "
        f"{'residue':>8s} {'orphans':>8s} {'boilerpl':>8s} {'pages/s':>8s} {'MB/s':>6s} {'speed/base':>10s}"
    )
    for name in names:
        rate = len(pages) / seconds[name]
        d = damage[name]
        print(
            f"{name:24s} {_mean(scores[name], 0):9.3f} {_mean(scores[name], 1):7.3f} {_mean(scores[name], 2):6.3f} "
            f"{_mean(scores[name], 2) / base_f1:8.3f} {min(s[2] for s in scores[name]):7.3f} "
            f"{d.residue:8d} {d.orphan_gaps:8d} {d.boilerplate_lines:8d} {rate:8.1f} {megabytes / seconds[name]:6.2f} "
            f"{rate / base_rate:10.3f}"
        )
    for lang in sorted({p.lang for p in pages if p.lang}):
        idx = [i for i, p in enumerate(pages) if p.lang == lang]
        print(
            f"  mean F1 on {lang} pages: "
            + ", ".join(f"{n} {sum(scores[n][i][2] for i in idx) / len(idx):.3f}" for n in (OURS, BASELINE))
        )


def _mean(values: list[tuple[float, float, float]], index: int) -> float:
    return sum(v[index] for v in values) / len(values)


# --------------------------------------------------------------------------- damage per source


def damage_per_source() -> None:
    print("\n== Text damage per real source (every contract in tests/fixtures/real/contracts/sources)\n")
    print(
        f"{'source':28s} {'format':10s} {'dumps':>5s} {'docs':>6s} {'chars':>10s} "
        f"{'residue':>8s} {'orphans':>8s} {'boilerpl':>8s}"
    )
    total = TextDamage(0, 0, 0)
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(CONTRACTS.glob("*.y*ml")):
            source = load_source(path)
            dumps = discover_dumps(FIXTURES, {source.id: source})
            docs = chars = 0
            damage = TextDamage(0, 0, 0)
            for dump in dumps:
                out = Path(tmp) / "staging" / "documents" / dump.dump_id
                publish_stage(out, partial(ingest_dump, dump, source))
                for text in pq.read_table(out / DOCUMENTS.name, columns=["text"]).column("text").to_pylist():
                    docs += 1
                    chars += len(text)
                    damage = damage + measure(text)
            total = total + damage
            print(
                f"{source.id:28s} {source.format:10s} {len(dumps):5d} {docs:6d} {chars:10d} "
                f"{damage.residue:8d} {damage.orphan_gaps:8d} {damage.boilerplate_lines:8d}"
            )
    print(
        f"{'all sources':28s} {'':10s} {'':5s} {'':6s} {'':10s} "
        f"{total.residue:8d} {total.orphan_gaps:8d} {total.boilerplate_lines:8d}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="timing passes over the pages (default 3)")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")  # jusText and readability warn about pages they find odd
    pages = load_pages()
    main_text_quality(pages, extractors(), args.repeat)
    damage_per_source()


if __name__ == "__main__":
    main()
