"""PII precision audit: how many PERSON spans redacted in real dumps are person names, against hand labels.

Issue 10: on encyclopedic pages the detector replaced "German", "Ocean", "Sega" and
"Château-[PERSON]" as if they were people. This audit measures it on the real fixtures
(tests/fixtures/real), with plain Presidio (provenance/pii/baseline.py) as the named baseline
measured in the same run.

How: every source is ingested by the real ingest code (``ingest_dump``, as ``provenance run``
does). Each document is cut into windows of about WINDOW_CHARS characters at line ends, and a
fixed, seeded, uniform sample of windows per source is committed in
``tests/fixtures/real/pii_audit/windows.csv``. Every candidate span in those windows (what this
detector, plain Presidio and the raw spaCy NER of both models propose, and every capitalised
word sequence and its parts) was labelled by hand, person name or not, in
``tests/fixtures/real/pii_audit/labels.csv``, keyed by source, document and offsets with a hash
of the span's text, never the text (see the README there for the rules).

The audit runs the detector and the baseline on the documents holding the windows (whole
documents, as the stage reads them), draws a seeded uniform sample of the PERSON spans that
fall in the windows (at most ``--spans`` per source), and prints per source: spans sampled,
labelled person / not person / unlabelled, precision with a 95% Wilson interval, and the share
of the windows' words that are replaced (by PERSON spans, and by everything the system redacts).
Nothing but counts and rates is printed unless a developer flag asks for text.

    .venv/bin/python benchmarks/pii_precision_audit.py              the audit
    .venv/bin/python benchmarks/pii_precision_audit.py --show       developer: each sampled span in context
    .venv/bin/python benchmarks/pii_precision_audit.py --label      developer: label the unlabelled PERSON spans
    .venv/bin/python benchmarks/pii_precision_audit.py --label --all-candidates   ... and every other candidate
    .venv/bin/python benchmarks/pii_precision_audit.py --check      labels against the fixture text only
    .venv/bin/python benchmarks/pii_precision_audit.py --reanchor   move labels after an ingest change
    .venv/bin/python benchmarks/pii_precision_audit.py --sample     redraw windows.csv (changes the sample)
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import math
import os
import random
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path

import regex as re

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REAL = ROOT / "tests" / "fixtures" / "real"
CONTRACTS = REAL / "contracts" / "sources"
AUDIT_DIR = REAL / "pii_audit"
WINDOWS_FILE = AUDIT_DIR / "windows.csv"
LABELS_FILE = AUDIT_DIR / "labels.csv"

SEED = "issue-10"
WINDOW_CHARS = 2000
#: Windows drawn per source; None: every window (the web archives are a few pages in all).
SAMPLE_PLAN: dict[str, int | None] = {
    "enwiki-dbpedia-minidump": 30,
    "frwiki-dbpedia-minidump": 20,
    "html-pages": 20,
    "ccnet-en": 16,
    "inaugural-text": 12,
    "judilibre-decision": 6,
    "judilibre-search-results": 8,
    "code-civil-parquet": 6,
    "commoncrawl-whirlwind": None,
    "ukwa-wget-crawl": None,
    "ukwa-heritrix-crawl": None,
    "pywb-wpull-crawl": None,
}
SPANS_PER_SOURCE = 150
TARGET = 0.95
THIS_STAGE = "this stage"
BASELINE = "plain Presidio"
PERSON = "PERSON"

WINDOW_FIELDS = ("source_id", "doc_id", "locator", "start", "end", "text_sha256")
LABEL_FIELDS = ("source_id", "doc_id", "start", "end", "text_sha256", "person", "kind")


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class AuditDocument:
    """A document as the PII stage receives it: ``lang`` is the record's language, else the contract's."""

    source_id: str
    doc_id: str
    locator: str
    text: str
    lang: str | None


@dataclass(frozen=True)
class Window:
    source_id: str
    doc_id: str
    locator: str
    start: int
    end: int
    text_sha256: str


@dataclass(frozen=True)
class Label:
    source_id: str
    doc_id: str
    start: int
    end: int
    text_sha256: str
    person: bool
    kind: str = ""

    @property
    def key(self) -> tuple[str, str, int, int]:
        return self.source_id, self.doc_id, self.start, self.end


def text_hash(text: str) -> str:
    """The integrity hash stored instead of a span's text: sha256 of its UTF-8, first 16 hex digits."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def ingest_real(source_ids: Iterable[str] | None = None) -> dict[str, list[AuditDocument]]:
    """Each source's documents, read from the real fixtures by the ingest stage (in a temporary workspace)."""
    from functools import partial

    import pyarrow.parquet as pq

    from provenance.contracts import load_source
    from provenance.dumps import discover_dumps
    from provenance.ingest.run import ingest_dump
    from provenance.layout import DOCUMENTS
    from provenance.workspace import publish_stage

    wanted = set(source_ids) if source_ids is not None else None
    found: dict[str, list[AuditDocument]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(CONTRACTS.glob("*.yaml")):
            source = load_source(path)
            if wanted is not None and source.id not in wanted:
                continue
            docs = found.setdefault(source.id, [])
            for dump in discover_dumps(REAL, {source.id: source}):
                out = Path(tmp) / dump.dump_id
                publish_stage(out, partial(ingest_dump, dump, source))
                table = pq.read_table(out / DOCUMENTS.name, columns=["doc_id", "locator", "text", "lang"])
                for row in table.to_pylist():
                    docs.append(
                        AuditDocument(
                            source.id, row["doc_id"], row["locator"], row["text"], row["lang"] or source.declared_lang
                        )
                    )
    return found


# --------------------------------------------------------------------------- sampling

_SENTENCE_END = re.compile(r"[.!?…][\"»”’)\]]*\s")
_SPACE = re.compile(r"\s")


def _window_end(text: str, start: int, size: int) -> int:
    """Where a window opened at ``start`` ends: the first line end after ``size`` characters, else
    the first sentence end, else the first space; the rest of the text if that is short."""
    if len(text) - start <= size * 3 // 2:
        return len(text)
    line = text.find("\n", start + size, start + 2 * size)
    if line >= 0:
        return line + 1
    for pattern in (_SENTENCE_END, _SPACE):
        found = pattern.search(text, start + size, start + 2 * size)
        if found:
            return found.end()
    return start + 2 * size


def windows_of(text: str, size: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """The consecutive windows a text is cut into (blank ones left out)."""
    out, start = [], 0
    while start < len(text):
        end = _window_end(text, start, size)
        if text[start:end].strip():
            out.append((start, end))
        start = end
    return out


def sample_windows(
    docs_by_source: Mapping[str, Sequence[AuditDocument]],
    plan: Mapping[str, int | None] = SAMPLE_PLAN,
    seed: str = SEED,
    size: int = WINDOW_CHARS,
) -> list[Window]:
    """A seeded uniform sample of each source's windows: the ``n`` whose keyed hash is smallest.

    The key of a window is its source, document and rank in the document, so a change in one
    document leaves the draw elsewhere as it was.
    """
    chosen: list[Window] = []
    for source_id, n in plan.items():
        keyed = []
        for doc in docs_by_source.get(source_id, ()):
            for rank, (start, end) in enumerate(windows_of(doc.text, size)):
                key = hashlib.sha256(f"{seed}\x1f{source_id}\x1f{doc.doc_id}\x1f{rank}".encode()).hexdigest()
                keyed.append(
                    (key, Window(source_id, doc.doc_id, doc.locator, start, end, text_hash(doc.text[start:end])))
                )
        keyed.sort(key=lambda pair: pair[0])
        picked = keyed if n is None else keyed[:n]
        chosen.extend(sorted((w for _, w in picked), key=lambda w: (w.doc_id, w.start)))
    return chosen


# --------------------------------------------------------------------------- files


def _write_csv(path: Path, fields: Sequence[str], rows: Iterable[Sequence]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(fields)
        writer.writerows(rows)
    tmp.replace(path)


def load_windows(path: Path = WINDOWS_FILE) -> list[Window]:
    with open(path, newline="", encoding="utf-8") as fh:
        return [
            Window(r["source_id"], r["doc_id"], r["locator"], int(r["start"]), int(r["end"]), r["text_sha256"])
            for r in csv.DictReader(fh)
        ]


def save_windows(windows: Iterable[Window], path: Path = WINDOWS_FILE) -> None:
    _write_csv(
        path, WINDOW_FIELDS, ((w.source_id, w.doc_id, w.locator, w.start, w.end, w.text_sha256) for w in windows)
    )


def load_labels(path: Path = LABELS_FILE) -> dict[tuple[str, str, int, int], Label]:
    if not path.exists():
        return {}
    with open(path, newline="", encoding="utf-8") as fh:
        labels = [
            Label(
                r["source_id"],
                r["doc_id"],
                int(r["start"]),
                int(r["end"]),
                r["text_sha256"],
                r["person"] == "yes",
                r["kind"],
            )
            for r in csv.DictReader(fh)
        ]
    return {label.key: label for label in labels}


def save_labels(labels: Iterable[Label], path: Path = LABELS_FILE) -> None:
    ordered = sorted(labels, key=lambda lb: lb.key)
    _write_csv(
        path,
        LABEL_FIELDS,
        (
            (lb.source_id, lb.doc_id, lb.start, lb.end, lb.text_sha256, "yes" if lb.person else "no", lb.kind)
            for lb in ordered
        ),
    )


def check_labels(
    labels: Mapping[tuple[str, str, int, int], Label],
    windows: Sequence[Window],
    docs_by_source: Mapping[str, Sequence[AuditDocument]],
) -> list[str]:
    """Problems with the committed sample and labels, read against the fixture text (no span text in them)."""
    texts = {(d.source_id, d.doc_id): d.text for docs in docs_by_source.values() for d in docs}
    problems = []
    by_doc: dict[tuple[str, str], list[Window]] = defaultdict(list)
    for w in windows:
        text = texts.get((w.source_id, w.doc_id))
        if text is None:
            problems.append(f"window {w.source_id} {w.doc_id} {w.start}-{w.end}: no such document")
        elif text_hash(text[w.start : w.end]) != w.text_sha256:
            problems.append(f"window {w.source_id} {w.doc_id} {w.start}-{w.end}: text changed")
        by_doc[(w.source_id, w.doc_id)].append(w)
    for label in labels.values():
        where = f"label {label.source_id} {label.doc_id} {label.start}-{label.end}"
        text = texts.get((label.source_id, label.doc_id))
        if text is None:
            problems.append(f"{where}: no such document")
        elif not 0 <= label.start < label.end <= len(text):
            problems.append(f"{where}: offsets outside the text")
        elif text_hash(text[label.start : label.end]) != label.text_sha256:
            problems.append(f"{where}: text at these offsets does not match the hash")
        elif not any(w.start <= label.start and label.end <= w.end for w in by_doc[(label.source_id, label.doc_id)]):
            problems.append(f"{where}: outside every sampled window")
    return problems


# --------------------------------------------------------------------------- candidates

#: A capitalised word (letters, inner apostrophes and hyphens) or an initial ("J.").
_CAPITALISED = r"(?:\p{Lu}[\p{L}\p{M}]*(?:['’\-]\p{L}[\p{L}\p{M}]*)*\.?|\p{Lu}\.)"
#: Lower-case particles inside names ("Charles de Gaulle", "Ludwig van Beethoven").
_PARTICLE = r"(?:de|du|des|de la|del|della|di|da|do|dos|van|von|der|den|ter|le|la|bin|ibn|al|y|e|d['’]|l['’])"
_SEQUENCE = re.compile(
    rf"(?<![\p{{L}}\p{{M}}\d]){_CAPITALISED}(?:(?:[ \u00a0]+(?:{_PARTICLE}[ \u00a0]+)?|[ \u00a0]+d['’]){_CAPITALISED})*"
)
_WORD_IN_SEQUENCE = re.compile(rf"{_CAPITALISED}|{_PARTICLE}")
_MAX_WORDS_FOR_ALL_PARTS = 6


def capitalised_candidates(text: str, start: int = 0, end: int | None = None) -> set[tuple[int, int]]:
    """Spans a name detector could plausibly mark in ``text[start:end]``: every run of capitalised
    words (particles allowed inside), its contiguous parts that begin and end with a capitalised
    word, and each part of a hyphenated word ("Château-Thierry": "Château", "Thierry")."""
    end = len(text) if end is None else end
    found: set[tuple[int, int]] = set()
    for run in _SEQUENCE.finditer(text, start, end):
        words = [m for m in _WORD_IN_SEQUENCE.finditer(text, run.start(), run.end()) if m.group()[:1].isupper()]
        n = len(words)
        for i in range(n):
            for j in range(i, n):
                if n <= _MAX_WORDS_FOR_ALL_PARTS or i == 0 or j == n - 1 or i == j:
                    found.add((words[i].start(), words[j].end()))
        for word in words:
            offset = word.start()
            for part in re.split(r"[-‐]", word.group()):
                if part and part != word.group() and part[:1].isupper():
                    found.add((offset, offset + len(part)))
                offset += len(part) + 1
    trimmed = set(found)
    for s, e in found:
        if text[e - 1] == "." and text[e - 2].islower():
            trimmed.add((s, e - 1))  # "Berlin." at a sentence end is also "Berlin"; an initial "J." stays
    return trimmed


# --------------------------------------------------------------------------- detection


@dataclass
class SystemRun:
    """What one system returns for each document: (start, end, entity type)."""

    name: str
    spans: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)


def _documents_with_windows(docs_by_source, windows) -> list[AuditDocument]:
    wanted = {(w.source_id, w.doc_id) for w in windows}
    return [d for docs in docs_by_source.values() for d in docs if (d.source_id, d.doc_id) in wanted]


def run_systems(docs: Sequence[AuditDocument], baseline: bool = True) -> tuple[list[SystemRun], list[str]]:
    """This stage's detector and plain Presidio over whole documents, each read in the language the stage
    resolves for it; also returns those languages."""
    from provenance.pii.detect import PiiDetector
    from provenance.pii.policy import load_pii_policy

    policy = load_pii_policy()
    detector = PiiDetector(policy)
    texts = [d.text for d in docs]
    langs = [detector.resolver.resolve(d.lang, d.text)[1] for d in docs]
    ours = SystemRun(THIS_STAGE)
    for doc, spans in zip(docs, detector.detect(texts, langs), strict=True):
        ours.spans[doc.doc_id] = [(s.start, s.end, s.entity_type) for s in spans]
    runs = [ours]
    if baseline:
        from provenance.pii.baseline import PlainPresidio

        plain = PlainPresidio(dict(policy.models))
        theirs = SystemRun(BASELINE)
        for doc, found in zip(docs, plain.analyze_all(texts, langs), strict=True):
            theirs.spans[doc.doc_id] = list(found)
        runs.append(theirs)
    return runs, langs


# --------------------------------------------------------------------------- scoring

_EDGE = "\"'“”‘’«»()[]{}.,;:!?-–— \u00a0\t\n"


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding punctuation or a possessive ending ("Merkel's" -> "Merkel")."""
    while start < end and text[start] in _EDGE:
        start += 1
    while start < end and text[end - 1] in _EDGE:
        end -= 1
    for ending in ("'s", "’s"):
        if text[start:end].endswith(ending) and end - start > len(ending):
            end -= len(ending)
    return start, end


def label_of(
    labels: Mapping[tuple[str, str, int, int], Label], doc: AuditDocument, start: int, end: int
) -> Label | None:
    """The hand label of a span: of these exact offsets, else of the span without edge punctuation."""
    found = labels.get((doc.source_id, doc.doc_id, start, end))
    if found is None:
        s, e = _trimmed(doc.text, start, end)
        found = labels.get((doc.source_id, doc.doc_id, s, e))
    if found is not None and found.text_sha256 != text_hash(doc.text[found.start : found.end]):
        return None  # the text moved under the label: it no longer says anything about this span
    return found


@dataclass
class Tally:
    """One system on one source's windows."""

    windows: int = 0
    words: int = 0
    person_words: int = 0
    redacted_words: int = 0
    spans_found: int = 0
    sampled: int = 0
    person: int = 0
    not_person: int = 0
    unlabelled: int = 0
    kinds: Counter = field(default_factory=Counter)

    @property
    def labelled(self) -> int:
        return self.person + self.not_person

    @property
    def precision(self) -> float | None:
        return self.person / self.labelled if self.labelled else None

    def __add__(self, other: Tally) -> Tally:
        counts = {f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        return Tally(**counts)


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of a proportion (95% by default); (0, 1) when n is 0."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


_WORD = re.compile(r"\S+")


def replaced_words(text: str, start: int, end: int, spans: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """(words in ``text[start:end]``, those a span overlaps): a word touched by a redaction is replaced."""
    ordered = sorted(spans)
    words = hit = 0
    i = 0
    for word in _WORD.finditer(text, start, end):
        words += 1
        while i < len(ordered) and ordered[i][1] <= word.start():
            i += 1
        if any(s < word.end() and word.start() < e for s, e in ordered[i : i + 8]):
            hit += 1
    return words, hit


def spans_in_window(spans: Sequence[tuple[int, int, str]], window: Window, entity: str | None = None):
    return [s for s in spans if window.start <= s[0] < window.end and (entity is None or s[2] == entity)]


def tally_source(
    run: SystemRun,
    windows: Sequence[Window],
    docs: Mapping[str, AuditDocument],
    labels: Mapping[tuple[str, str, int, int], Label],
    max_spans: int,
    seed: str = SEED,
) -> tuple[Tally, list[tuple[Window, tuple[int, int, str], Label | None]]]:
    """One source's tally for one system, and the sampled spans with their labels.

    The PERSON spans starting in the windows are sampled uniformly (seeded by system and source)
    down to ``max_spans``; words are counted over every window.
    """
    tally = Tally(windows=len(windows))
    found: list[tuple[Window, tuple[int, int, str]]] = []
    for w in windows:
        doc_spans = run.spans.get(w.doc_id, [])
        persons = spans_in_window(doc_spans, w, PERSON)
        found.extend((w, s) for s in persons)
        text = docs[w.doc_id].text
        words, person_words = replaced_words(text, w.start, w.end, [(s, e) for s, e, _ in persons])
        _, redacted = replaced_words(text, w.start, w.end, [(s, e) for s, e, _ in doc_spans])
        tally.words += words
        tally.person_words += person_words
        tally.redacted_words += redacted
    tally.spans_found = len(found)
    source_id = windows[0].source_id if windows else ""
    rng = random.Random(f"{seed}\x1f{run.name}\x1f{source_id}")
    sample = (
        found if len(found) <= max_spans else sorted(rng.sample(found, max_spans), key=lambda p: (p[0].doc_id, p[1]))
    )
    out = []
    for w, span in sample:
        label = label_of(labels, docs[w.doc_id], span[0], span[1])
        tally.sampled += 1
        if label is None:
            tally.unlabelled += 1
        elif label.person:
            tally.person += 1
        else:
            tally.not_person += 1
            tally.kinds[label.kind or "unspecified"] += 1
        out.append((w, span, label))
    return tally, out


# --------------------------------------------------------------------------- report


def _percent(value: float | None) -> str:
    return "    -" if value is None else f"{100 * value:5.1f}"


def overall_precision(tallies: Iterable[Tally]) -> tuple[float | None, float, float]:
    """Precision over several sources, each weighted by its PERSON spans found (sources are sampled
    down to at most ``--spans`` each, so pooling the samples would over-weight the small ones),
    with a Wilson interval at the effective sample size of that stratified estimate."""
    strata = [t for t in tallies if t.labelled]
    found = sum(t.spans_found for t in strata)
    if not found:
        return None, 0.0, 1.0
    p = sum(t.spans_found * t.person / t.labelled for t in strata) / found
    variance = sum(
        (t.spans_found / found) ** 2 * (t.person / t.labelled) * (1 - t.person / t.labelled) / t.labelled
        for t in strata
    )
    n = p * (1 - p) / variance if variance else sum(t.labelled for t in strata)
    low, high = wilson(round(p * n), round(n)) if n >= 1 else (0.0, 1.0)
    return p, low, high


def _row(name: str, t: Tally, precision: float | None, low: float, high: float) -> str:
    interval = f"{100 * low:5.1f}-{100 * high:5.1f}" if precision is not None else "-"
    return (
        f"{name:26s} {t.windows:4d} {t.words:6d} {t.spans_found:6d} {t.sampled:7d} {t.person:6d} "
        f"{t.not_person:5d} {t.unlabelled:5d} {_percent(precision):>9s} {interval:>13s} "
        f"{_percent(t.person_words / t.words if t.words else None):>11s}% "
        f"{_percent(t.redacted_words / t.words if t.words else None):>11s}%"
    )


def format_report(tallies: Mapping[str, Mapping[str, Tally]], max_spans: int) -> str:
    """The audit's table: one block per system, a row per source and one for all sources."""
    lines = [
        f"PERSON spans in the sampled windows, at most {max_spans} per source sampled uniformly (seeded).",
        "precision = labelled person names / labelled spans (unlabelled spans are left out and counted);",
        "all sources = per-source precisions weighted by spans found; words = share of the windows' words",
        "touched by a PERSON span, and by anything the system redacts.",
        (
            f"{'source':26s} {'win':>4s} {'words':>6s} {'spans':>6s} {'sampled':>7s} {'person':>6s} {'not':>5s} "
            f"{'unlab':>5s} {'precision':>9s} {'95% CI':>13s} {'PERSON words':>12s} {'all redacted':>12s}"
        ),
    ]
    for system, by_source in tallies.items():
        lines.append(f"-- {system}")
        for source_id, t in by_source.items():
            lines.append(_row(source_id, t, t.precision, *wilson(t.person, t.labelled)))
        lines.append(_row("all sources", sum(by_source.values(), Tally()), *overall_precision(by_source.values())))
    lines.append("")
    for system, by_source in tallies.items():
        kinds = sum(by_source.values(), Tally()).kinds
        lines.append(
            f"{system}: sampled spans that are not person names, by kind: "
            + (", ".join(f"{kind} {n}" for kind, n in kinds.most_common()) or "none")
        )
    lines.append("")
    for system, by_source in tallies.items():
        total = sum(by_source.values(), Tally())
        precision, low, high = overall_precision(by_source.values())
        met = precision is not None and precision >= TARGET
        lines.append(
            f"target: at least {100 * TARGET:.0f}% of PERSON spans are person names -- {system}: "
            f"{_percent(precision).strip()}% (95% CI {100 * low:.1f}-{100 * high:.1f}) over "
            f"{total.labelled} labelled spans in {sum(1 for t in by_source.values() if t.labelled)} sources, "
            f"{'met' if met else 'NOT met'}"
            + (f"; {total.unlabelled} sampled spans unlabelled" if total.unlabelled else "")
        )
    return "\n".join(lines)


def _context(text: str, start: int, end: int, chars: int = 60) -> str:
    before = text[max(0, start - chars) : start].replace("\n", " ⏎ ")
    after = text[end : end + chars].replace("\n", " ⏎ ")
    return f"…{before}⟦{text[start:end]}⟧{after}…"


SHOW_BANNER = (
    "[--show] developer output: fixture text around each span, names included. For labelling only: "
    "do not paste it into issues, logs or commits."
)


# --------------------------------------------------------------------------- labelling


def raw_ner_persons(docs: Sequence[AuditDocument], windows: Sequence[Window]) -> dict[str, set[tuple[int, int]]]:
    """PER/PERSON entities of both policy models (whole pipelines, as Presidio loads them) over every window."""
    import spacy

    from provenance.pii.policy import load_pii_policy

    texts = {d.doc_id: d.text for d in docs}
    found: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for model in sorted(set(load_pii_policy().models.values())):
        nlp = spacy.load(model)
        pieces = [texts[w.doc_id][w.start : w.end] for w in windows]
        for w, doc in zip(windows, nlp.pipe(pieces, batch_size=16), strict=True):
            for ent in doc.ents:
                if ent.label_ in ("PER", "PERSON"):
                    found[w.doc_id].add((w.start + ent.start_char, w.start + ent.end_char))
    return found


def _ask(prompt: str) -> str:
    try:
        return input(prompt).strip()
    except EOFError:
        return "q"


def label_interactively(
    pending: Sequence[tuple[AuditDocument, int, int, str]], labels: dict[tuple[str, str, int, int], Label]
) -> int:
    """Ask a person-name decision for each pending span (context shown), saving after each answer."""
    print(SHOW_BANNER)
    print(
        "For each span: y = a person's name, n = not one, s = skip, q = stop. Then an optional kind "
        "(name, fictional, handle; place, organisation, work, common word, fragment, title, ...). "
        "Rules: tests/fixtures/real/pii_audit/README.md"
    )
    added = 0
    for i, (doc, start, end, proposed_by) in enumerate(pending, 1):
        print(f"\n[{i}/{len(pending)}] {doc.source_id} {doc.doc_id} {start}-{end} (proposed by {proposed_by})")
        print("  " + _context(doc.text, start, end, 120))
        answer = _ask("  person name? [y/n/s/q] ").lower()
        if answer == "q":
            break
        if answer not in ("y", "n"):
            continue
        kind = _ask("  kind (Enter: none) ") or ("name" if answer == "y" else "")
        label = Label(doc.source_id, doc.doc_id, start, end, text_hash(doc.text[start:end]), answer == "y", kind)
        labels[label.key] = label
        save_labels(labels.values())
        added += 1
    return added


def pending_spans(
    runs: Sequence[SystemRun],
    windows: Sequence[Window],
    docs: Mapping[str, AuditDocument],
    labels: Mapping[tuple[str, str, int, int], Label],
    extra: Mapping[str, set[tuple[int, int]]] | None = None,
) -> list[tuple[AuditDocument, int, int, str]]:
    """Spans in the windows without a label: every PERSON span of the runs, then (with ``extra``) candidates."""
    proposals: dict[tuple[str, int, int], set[str]] = defaultdict(set)
    for run in runs:
        for w in windows:
            for s, e, _ in spans_in_window(run.spans.get(w.doc_id, []), w, PERSON):
                proposals[(w.doc_id, s, e)].add(run.name)
    for doc_id, spans in (extra or {}).items():
        for s, e in spans:
            proposals[(doc_id, s, e)].add("candidate")
    return [
        (docs[doc_id], s, e, ", ".join(sorted(by)))
        for (doc_id, s, e), by in sorted(proposals.items())
        if label_of(labels, docs[doc_id], s, e) is None
    ]


def window_candidates(docs: Mapping[str, AuditDocument], windows: Sequence[Window]) -> dict[str, set[tuple[int, int]]]:
    """Capitalised-word candidates and raw NER persons of both models, per document, inside the windows."""
    found: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for w in windows:
        found[w.doc_id] |= capitalised_candidates(docs[w.doc_id].text, w.start, w.end)
    for doc_id, spans in raw_ner_persons(list(docs.values()), windows).items():
        found[doc_id] |= {
            (s, e) for s, e in spans if any(w.doc_id == doc_id and w.start <= s and e <= w.end for w in windows)
        }
    return found


# --------------------------------------------------------------------------- re-anchoring


def reanchor(
    labels: Mapping[tuple[str, str, int, int], Label],
    windows: Sequence[Window],
    docs_by_source: Mapping[str, Sequence[AuditDocument]],
) -> tuple[list[Window], list[Label], int]:
    """After an ingest change moved text, find each window and its labels again by their hashes.

    A window whose own text is unchanged is found at the line start nearest its old place where a
    slice of its length has its hash, and its labels move with it; a window whose text changed is
    dropped with its labels. Returns the windows found, the labels placed, and how many were lost
    (relabel them, or draw replacements).
    """
    docs = {(d.source_id, d.doc_id): d for ds in docs_by_source.values() for d in ds}
    new_windows, shifts = [], {}
    for w in windows:
        doc = docs.get((w.source_id, w.doc_id))
        if doc is None:
            continue
        length = w.end - w.start
        if text_hash(doc.text[w.start : w.end]) == w.text_sha256:
            new_start = w.start
        else:
            starts = [0] + [m.end() for m in re.finditer(r"\n", doc.text)]
            hits = [s for s in starts if text_hash(doc.text[s : s + length]) == w.text_sha256]
            if not hits:
                continue
            new_start = min(hits, key=lambda s: abs(s - w.start))
        shifts[(w.source_id, w.doc_id, w.start)] = new_start - w.start
        new_windows.append(Window(w.source_id, w.doc_id, w.locator, new_start, new_start + length, w.text_sha256))
    placed, lost = [], 0
    for label in labels.values():
        doc = docs.get((label.source_id, label.doc_id))
        window = next(
            (
                w
                for w in windows
                if (w.source_id, w.doc_id) == (label.source_id, label.doc_id)
                and w.start <= label.start
                and label.end <= w.end
            ),
            None,
        )
        shift = shifts.get((window.source_id, window.doc_id, window.start)) if window else None
        if doc is None or shift is None:
            lost += 1
            continue
        start = label.start + shift
        if text_hash(doc.text[start : start + label.end - label.start]) != label.text_sha256:
            lost += 1
            continue
        placed.append(
            Label(
                label.source_id,
                label.doc_id,
                start,
                start + label.end - label.start,
                label.text_sha256,
                label.person,
                label.kind,
            )
        )
    return new_windows, placed, lost


# --------------------------------------------------------------------------- main


def audit(
    windows: Sequence[Window],
    docs_by_source: Mapping[str, Sequence[AuditDocument]],
    labels: Mapping[tuple[str, str, int, int], Label],
    max_spans: int,
    baseline: bool = True,
):
    """Run the systems and tally every source; returns (runs, tallies, sampled spans per system)."""
    docs = _documents_with_windows(docs_by_source, windows)
    runs, _ = run_systems(docs, baseline)
    by_id = {d.doc_id: d for d in docs}
    tallies: dict[str, dict[str, Tally]] = {}
    samples: dict[str, list] = {}
    for run in runs:
        tallies[run.name], samples[run.name] = {}, []
        for source_id in SAMPLE_PLAN:
            source_windows = [w for w in windows if w.source_id == source_id]
            if source_windows:
                tally, sample = tally_source(run, source_windows, by_id, labels, max_spans)
                tallies[run.name][source_id] = tally
                samples[run.name].extend(sample)
    return runs, tallies, samples


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--spans", type=int, default=SPANS_PER_SOURCE, help="PERSON spans sampled per source")
    parser.add_argument("--no-baseline", action="store_true", help="skip plain Presidio")
    parser.add_argument("--show", action="store_true", help="developer: print each sampled span in context")
    parser.add_argument("--label", action="store_true", help="developer: label unlabelled spans interactively")
    parser.add_argument(
        "--all-candidates",
        action="store_true",
        help="with --label: every unlabelled candidate, not only the systems' PERSON spans",
    )
    parser.add_argument("--check", action="store_true", help="only check windows and labels against the fixtures")
    parser.add_argument("--reanchor", action="store_true", help="move windows and labels after an ingest change")
    parser.add_argument("--sample", action="store_true", help="redraw windows.csv from SAMPLE_PLAN and SEED")
    args = parser.parse_args(argv)

    docs_by_source = ingest_real(SAMPLE_PLAN)
    if args.sample:
        windows = sample_windows(docs_by_source)
        save_windows(windows)
        print(f"{len(windows)} windows written to {WINDOWS_FILE.relative_to(ROOT)}")
        return 0
    windows, labels = load_windows(), load_labels()
    if args.reanchor:
        windows, placed, lost = reanchor(labels, windows, docs_by_source)
        save_windows(windows)
        save_labels(placed)
        print(f"{len(windows)} windows and {len(placed)} labels placed, {lost} labels lost (label them again)")
        return 0
    problems = check_labels(labels, windows, docs_by_source)
    print(
        f"{len(windows)} windows in {len({w.source_id for w in windows})} sources, {len(labels)} labels "
        f"({sum(lb.person for lb in labels.values())} person names), {len(problems)} problems"
    )
    for problem in problems[:20]:
        print(f"  {problem}")
    if problems:
        print("  the fixture text moved: run with --reanchor, then label what is lost")
    if args.check:
        return 1 if problems else 0

    runs, tallies, samples = audit(windows, docs_by_source, labels, args.spans, baseline=not args.no_baseline)
    print(format_report(tallies, args.spans))
    by_id = {d.doc_id: d for ds in docs_by_source.values() for d in ds}
    if args.show:
        print("\n" + SHOW_BANNER)
        for system, sample in samples.items():
            for w, (s, e, _), label in sample:
                verdict = "unlabelled" if label is None else ("person" if label.person else f"not ({label.kind})")
                print(
                    f"[show] {system} | {w.source_id} {w.doc_id} {s}-{e} | {verdict} | "
                    f"{_context(by_id[w.doc_id].text, s, e)}"
                )
    if args.label:
        extra = window_candidates(by_id, windows) if args.all_candidates else None
        pending = pending_spans(runs, windows, by_id, labels, extra)
        print(f"\n{len(pending)} unlabelled spans")
        added = label_interactively(pending, labels)
        print(f"{added} labels added to {LABELS_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
