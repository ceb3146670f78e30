"""The PII precision audit (benchmarks/pii_precision_audit.py): its committed hand labels, its sampler and its arithmetic.

No accuracy figure is asserted here (the detector keeps changing; the audit prints them): these
tests hold the labels to the fixture text and the numbers to their definitions.
"""

from __future__ import annotations

import csv
import importlib.util
import itertools
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_audit():
    spec = importlib.util.spec_from_file_location(
        "pii_precision_audit", ROOT / "benchmarks" / "pii_precision_audit.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module while the class is built
    spec.loader.exec_module(module)
    return module


audit = _load_audit()


@pytest.fixture(scope="module")
def real_documents():
    return audit.ingest_real(audit.SAMPLE_PLAN)


# --------------------------------------------------------------------------- committed labels


def test_every_label_and_window_matches_the_text_the_ingest_stage_reads_from_the_fixtures(real_documents):
    windows, labels = audit.load_windows(), audit.load_labels()
    problems = audit.check_labels(labels, windows, real_documents)
    assert not problems, (
        f"{len(problems)} problems, first: {problems[:5]}; if ingest changed the text, run "
        "benchmarks/pii_precision_audit.py --reanchor and label what it reports lost"
    )


def test_labels_cover_at_least_300_spans_and_5_sources_with_person_names_and_other_words():
    labels = audit.load_labels()
    assert len(labels) >= 300
    sources = {lb.source_id for lb in labels.values()}
    assert len(sources) >= 5
    with_names = {lb.source_id for lb in labels.values() if lb.person}
    with_others = {lb.source_id for lb in labels.values() if not lb.person}
    assert len(with_names) >= 5 and len(with_others) >= 5
    assert {w.source_id for w in audit.load_windows()} >= sources


def test_label_file_holds_offsets_and_hashes_never_the_span_text():
    with open(audit.LABELS_FILE, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = list(reader)
    assert tuple(header) == audit.LABEL_FIELDS
    hashes = [row[header.index("text_sha256")] for row in rows]
    assert all(len(h) == 16 and set(h) <= set("0123456789abcdef") for h in hashes)
    assert {row[header.index("person")] for row in rows} == {"yes", "no"}


# --------------------------------------------------------------------------- sampler


def _doc(doc_id: str, text: str, source_id: str = "src") -> object:
    return audit.AuditDocument(source_id, doc_id, f"file#{doc_id}", text, "en")


def _corpus(n_docs: int = 12) -> dict:
    paragraph = "A line of ordinary words that makes a paragraph long enough to count. " * 5
    docs = [_doc(f"d{i:02d}", "\n".join(f"{i}.{k} {paragraph}" for k in range(i % 5 + 1))) for i in range(n_docs)]
    return {"src": docs}


def test_the_sampler_draws_the_same_windows_every_time_and_another_seed_draws_others():
    corpus = _corpus()
    first = audit.sample_windows(corpus, {"src": 5}, seed="s1", size=400)
    assert first == audit.sample_windows(corpus, {"src": 5}, seed="s1", size=400)
    assert len(first) == 5
    assert first != audit.sample_windows(corpus, {"src": 5}, seed="s2", size=400)
    every = audit.sample_windows(corpus, {"src": None}, seed="s1", size=400)
    assert set(first) < set(every)


def test_removing_a_document_with_no_sampled_window_leaves_the_sample_unchanged():
    corpus = _corpus()
    sample = audit.sample_windows(corpus, {"src": 4}, seed="s1", size=400)
    unsampled = next(d for d in corpus["src"] if d.doc_id not in {w.doc_id for w in sample})
    smaller = {"src": [d for d in corpus["src"] if d is not unsampled]}
    assert audit.sample_windows(smaller, {"src": 4}, seed="s1", size=400) == sample


def test_windows_tile_the_text_at_line_ends():
    text = "".join(f"line {i} " + "word " * 30 + "\n" for i in range(40))
    windows = audit.windows_of(text, size=500)
    assert windows[0][0] == 0 and windows[-1][1] == len(text)
    assert all(a_end == b_start for (_, a_end), (b_start, _) in itertools.pairwise(windows))
    assert all(text[end - 1] == "\n" for _, end in windows)
    assert all(end - start >= 500 for start, end in windows[:-1])


def test_candidates_include_runs_of_capitalised_words_their_parts_and_hyphen_parts():
    text = "The battle of Château-Thierry saw Charles de Gaulle and J. R. Tolkien."
    found = {text[s:e] for s, e in audit.capitalised_candidates(text)}
    assert {
        "Château-Thierry",
        "Château",
        "Thierry",
        "Charles de Gaulle",
        "Charles",
        "Gaulle",
        "J. R. Tolkien",
        "Tolkien",
    } <= found
    assert "battle" not in found and "de" not in found


# --------------------------------------------------------------------------- arithmetic


def _labels_for(doc, spans: dict[str, bool]) -> dict:
    """Labels of each value's last occurrence in the document."""
    labels = {}
    for value, person in spans.items():
        start = doc.text.rindex(value)
        label = audit.Label(
            doc.source_id,
            doc.doc_id,
            start,
            start + len(value),
            audit.text_hash(value),
            person,
            "name" if person else "organisation",
        )
        labels[label.key] = label
    return labels


def test_precision_counts_labelled_spans_only_and_words_replaced_are_the_words_a_span_touches():
    doc = _doc("d1", "Angela Merkel met Sega executives in Bonn. Merkel's aide Jo smiled.")
    window = audit.Window("src", "d1", doc.locator, 0, len(doc.text), audit.text_hash(doc.text))
    labels = _labels_for(doc, {"Angela Merkel": True, "Merkel": True, "Sega": False})
    at = doc.text.index
    run = audit.SystemRun(
        "test",
        {
            "d1": [
                (0, 13, "PERSON"),  # labelled person
                (at("Sega"), at("Sega") + 4, "PERSON"),  # labelled not a person
                (at("Merkel's"), at("Merkel's") + 8, "PERSON"),  # "Merkel's": read as its label "Merkel"
                (at("Jo"), at("Jo") + 2, "PERSON"),  # no label
                (at("Bonn"), at("Bonn") + 4, "LOCATION"),  # not PERSON: words only
            ]
        },
    )
    tally, sample = audit.tally_source(run, [window], {"d1": doc}, labels, max_spans=10)
    assert (tally.spans_found, tally.sampled, tally.person, tally.not_person, tally.unlabelled) == (4, 4, 2, 1, 1)
    assert tally.precision == pytest.approx(2 / 3)
    assert tally.kinds == {"organisation": 1}
    assert (tally.words, tally.person_words, tally.redacted_words) == (11, 5, 6)  # "Bonn." is the 6th
    assert [label is None for _, _, label in sample].count(True) == 1


def test_sampling_down_keeps_max_spans_and_is_seeded():
    doc = _doc("d1", " ".join(f"Name{i}" for i in range(50)))
    window = audit.Window("src", "d1", doc.locator, 0, len(doc.text), audit.text_hash(doc.text))
    run = audit.SystemRun("test", {"d1": [(m.start(), m.end(), "PERSON") for m in re.finditer(r"\S+", doc.text)]})
    tally, sample = audit.tally_source(run, [window], {"d1": doc}, {}, max_spans=7)
    assert (tally.spans_found, tally.sampled, tally.unlabelled) == (50, 7, 7)
    assert audit.tally_source(run, [window], {"d1": doc}, {}, max_spans=7)[1] == sample
    assert audit.tally_source(run, [window], {"d1": doc}, {}, max_spans=7, seed="other")[1] != sample


def test_wilson_interval_and_the_overall_precision_weighted_by_spans_found():
    low, high = audit.wilson(8, 10)
    assert (round(low, 4), round(high, 4)) == (0.4902, 0.9433)
    assert audit.wilson(0, 0) == (0.0, 1.0)
    big = audit.Tally(spans_found=300, person=90, not_person=10)  # 90% of a sample of 100 from 300
    small = audit.Tally(spans_found=100, person=50, not_person=50)  # 50% of all 100
    precision, low, high = audit.overall_precision([big, small])
    assert precision == pytest.approx((300 * 0.9 + 100 * 0.5) / 400)
    assert low < precision < high
    assert audit.overall_precision([audit.Tally(spans_found=5)]) == (None, 0.0, 1.0)


def test_reanchoring_moves_windows_and_labels_when_text_is_inserted_before_them():
    text = "Intro line.\nAngela Merkel met Sega executives in Bonn.\nMore text.\n"
    doc = _doc("d1", text)
    start = text.index("Angela")
    end = text.index("More")
    window = audit.Window("src", "d1", doc.locator, start, end, audit.text_hash(text[start:end]))
    labels = _labels_for(doc, {"Angela Merkel": True, "Sega": False})
    moved = _doc("d1", "A new heading\n" + text)
    windows, placed, lost = audit.reanchor(labels, [window], {"src": [moved]})
    assert lost == 0 and windows[0].start == start + len("A new heading\n")
    new_labels = {lb.key: lb for lb in placed}
    assert audit.check_labels(new_labels, windows, {"src": [moved]}) == []
