"""The real annotated corpora the accuracy benchmark measures on are read faithfully: every token where the text
says, every gold name on the corpus's own tokens, spans kept on the same words in every typography, and the scorer
counting on them what it says it counts. No accuracy target here: benchmarks/pii_accuracy.py prints those."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import regex as re

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks" / "corpora"))

import pii_corpora  # noqa: E402

from provenance.pii.evaluation import GoldDoc, score_all, typography_variant  # noqa: E402

COMMITTED = [c for c in pii_corpora.CORPORA if c.committed]
WORD = re.compile(r"\w+")
ALNUM = re.compile(r"[^\W_]+")


@pytest.fixture(scope="module", params=[c.name for c in COMMITTED])
def loaded(request):
    return pii_corpora.corpus(request.param), pii_corpora.corpus(request.param).docs()


def _words(text: str) -> list[str]:
    return WORD.findall(text)


def test_the_committed_subsets_are_present_and_small():
    sizes = {p: p.stat().st_size for c in COMMITTED for p in c.files}
    assert all(size > 0 for size in sizes.values())
    assert sum(sizes.values()) < 3_000_000


def test_every_token_stands_verbatim_at_its_offsets_and_no_two_words_are_glued(loaded):
    _, docs = loaded
    assert docs
    for doc in docs:
        text = doc.gold.text
        assert len(doc.offsets) == len(doc.tokens)
        for (start, end), token in zip(doc.offsets, doc.tokens, strict=True):
            assert text[start:end] == token.text
        # The natural text holds the corpus's words and no others: detokenising only moves spaces
        # (a user name split at its underscore, "uncle _ retardo", is one word again).
        assert ALNUM.findall(text) == [w for t in doc.tokens for w in ALNUM.findall(t.text)]


def test_gold_names_are_runs_of_the_corpus_tokens_labelled_as_persons(loaded):
    _, docs = loaded
    for doc in docs:
        starts = {s: i for i, (s, _) in enumerate(doc.offsets)}
        ends = {e: i for i, (_, e) in enumerate(doc.offsets)}
        assert len(doc.gold.spans) + doc.dropped == len(doc.mentions)
        for start, end, label in doc.gold.spans:
            assert label == "PERSON"
            first, last = starts[start], ends[end]
            tokens = doc.tokens[first : last + 1]
            # the span's text is exactly its tokens as they stand in the text
            assert doc.gold.text[start:end] == doc.gold.text[doc.offsets[first][0] : doc.offsets[last][1]]
            assert ALNUM.findall(doc.gold.text[start:end]) == [w for t in tokens for w in ALNUM.findall(t.text)]
            # every token of it was labelled a person by the annotators, inside one of their mentions
            assert any(s <= first and last < e for s, e in doc.mentions)


def test_the_as_distributed_form_keeps_the_same_names():
    doc = next(d for d in pii_corpora.corpus("echr-fr").docs() if "Whomersley" in d.gold.text)
    distributed = doc.as_distributed()
    natural = [doc.gold.text[s:e] for s, e, _ in doc.gold.spans]
    spaced = [distributed.text[s:e] for s, e, _ in distributed.spans]
    assert [_words(n) for n in natural] == [_words(n) for n in spaced]
    # The ECHR files split initials from their dot; natural typography puts them back.
    assert "C. Whomersley" in natural and "C . Whomersley" in spaced


def test_honorifics_are_left_out_of_names_and_titles_and_appositions_too_where_the_corpus_includes_them():
    tokens = [
        pii_corpora.Token(t, "PER", i == 0)
        for i, t in enumerate(["M", ".", "Albert", "Vaquez", ",", "ancien", "président", "de", "la", "Société"])
    ]
    assert pii_corpora.name_core(tokens, 0, len(tokens), trim_titles=False) == (2, len(tokens))
    assert pii_corpora.name_core(tokens, 0, len(tokens), trim_titles=True) == (2, 4)
    father = [pii_corpora.Token("père", "PER", True)]
    assert pii_corpora.name_core(father, 0, 1, trim_titles=True) is None
    particle = [pii_corpora.Token(t, "PER", i == 0) for i, t in enumerate(["général", "de", "Gaulle"])]
    assert pii_corpora.name_core(particle, 0, 3, trim_titles=True) == (1, 3)


@pytest.mark.parametrize("kind", ["tokenised", "capitals", "line-broken"])
def test_typography_variants_keep_every_gold_span_on_the_same_words(loaded, kind):
    _, docs = loaded
    for doc in docs[:40]:
        variant = typography_variant(doc.gold, kind)
        assert len(variant.spans) == len(doc.gold.spans)
        assert [w.upper() for w in _words(variant.text)] == [w.upper() for w in _words(doc.gold.text)]
        for (s, e, _), (vs, ve, _) in zip(doc.gold.spans, variant.spans, strict=True):
            before, after = doc.gold.text[s:e], variant.text[vs:ve]
            assert [w.upper() for w in _words(after)] == [w.upper() for w in _words(before)]
            assert after[0].upper() == before[0].upper() and after[-1].upper() == before[-1].upper()


def test_the_variants_look_the_way_they_are_named():
    text = "Le requérant, M. C. Whomersley, l'a dit."
    doc = GoldDoc("x", text, "fr", ((text.index("C."), text.index("C.") + 13, "PERSON"),))
    tokenised = typography_variant(doc, "tokenised")
    assert tokenised.text == "Le requérant , M . C . Whomersley , l ' a dit ."
    assert [tokenised.text[s:e] for s, e, _ in tokenised.spans] == ["C . Whomersley"]
    assert typography_variant(doc, "capitals").text == text.upper()
    wrapped = typography_variant(GoldDoc("y", " ".join(["mot"] * 60), "fr", ()), "line-broken")
    assert max(len(line) for line in wrapped.text.split("\n")) <= 70 and "\n" in wrapped.text
    assert typography_variant(GoldDoc("z", "Straße", "de", ((0, 6, "PERSON"),)), "capitals").spans == (
        (0, 7, "PERSON"),
    )


def test_the_scorer_counts_name_words_and_other_words_on_a_real_judgment():
    doc = next(d for d in pii_corpora.corpus("echr-fr").docs() if "Whomersley" in d.gold.text).gold
    name_words = sum(len(_words(doc.text[s:e])) for s, e, _ in doc.spans)
    all_words = len(_words(doc.text))

    perfect = score_all([doc], [list(doc.spans)])["fr"]
    assert (perfect.name_words, perfect.name_words_recalled) == (name_words, name_words)
    assert perfect.other_words == all_words - name_words and perfect.other_words_redacted == 0

    s, e, _ = next(span for span in doc.spans if doc.text[span[0] : span[1]] == "C. Whomersley")
    partial = [span for span in doc.spans if span[:2] != (s, e)] + [(s, s + 2, "PERSON")]  # only the initial
    missing_one = score_all([doc], [partial])["fr"]
    assert missing_one.name_words_recalled == name_words - 1  # "Whomersley" lost, "C" still redacted
    assert (doc.id, s, e, "PERSON") in missing_one.missed

    first_other = next(m for m in WORD.finditer(doc.text) if not any(a <= m.start() < b for a, b, _ in doc.spans))
    over = score_all([doc], [[*doc.spans, (first_other.start(), first_other.end(), "LOCATION")]])["fr"]
    assert over.other_words_redacted == 1
    assert over.over_redaction == pytest.approx(1 / (all_words - name_words))


def test_the_development_split_shares_no_document_with_the_measured_sample():
    """``pii_accuracy.py --dev`` is where misses are looked at: it must never hold a measured document."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import pii_accuracy

    for name in ("echr-fr", "wikigold", "wnut17"):
        docs = pii_corpora.corpus(name).docs()
        measured, _ = pii_accuracy.sample(docs, 15000, 10)
        dev, _ = pii_accuracy.dev_split(docs, [], 15000, 10, 11)
        assert dev and measured
        assert not {d.gold.id for d in measured} & {d.gold.id for d in dev}
        shared_texts = {d.gold.text for d in measured} & {d.gold.text for d in dev}
        assert len(shared_texts) <= (2 if name == "wnut17" else 0)  # WNUT-17 repeats two posts word for word
    # Every committed NewsEye page is measured: its development documents come from its own development set.
    newseye = pii_corpora.corpus("newseye-fr").docs()
    assert pii_accuracy.dev_split(newseye, [], 15000, 10, 11)[0] == []
    separate = [pii_corpora.build_doc("newseye-fr-x", "fr", newseye[0].tokens, frozenset({"PER"}))]
    assert pii_accuracy.dev_split(newseye, separate, 15000, 10, 11)[0] == separate


def test_a_separate_development_set_gets_ids_of_its_own(tmp_path):
    wnut = pii_corpora.corpus("wnut17")
    copy = tmp_path / "emerging.dev.conll"
    copy.write_bytes(wnut.files[0].read_bytes())
    dev = pii_corpora.Corpus(**{**wnut.__dict__, "dev_files": (copy,)}).dev_docs()
    assert len(dev) == len(wnut.docs())
    assert not {d.gold.id for d in dev} & {d.gold.id for d in wnut.docs()}
