"""Hostile text: long runs of punctuation cost the NER linear time, and redaction offsets stay the text's own."""

from __future__ import annotations

import pytest

from provenance.pii.segments import MAX_TOKEN_CHARS, cap_token_runs

NAMES = ("Jean Dupont", "Marie Curie")


def _hostile(run: str) -> str:
    # The run sits inside a sentence with names around it, so the NER has to read it.
    return f"Jean Dupont a écrit au maire de Lyon {run} puis Marie Curie lui a répondu par courrier."


def test_cap_token_runs_keeps_length_and_ordinary_words():
    text = "Le maire " + "{" * 1000 + " a parlé à https://exemple.fr/une/page."
    capped = cap_token_runs(text)
    assert len(capped) == len(text)
    assert capped[:9] == "Le maire " and capped.endswith(" a parlé à https://exemple.fr/une/page.")
    assert max(len(word) for word in capped.split()) <= MAX_TOKEN_CHARS
    assert cap_token_runs("Jean Dupont habite ici.") == "Jean Dupont habite ici."


@pytest.mark.timeout(60)
@pytest.mark.parametrize("char", ["{", "'", "="])
def test_a_run_of_16000_punctuation_marks_is_read_in_linear_time(detector, char):
    text = _hostile(char * 16_000)
    spans = detector.detect([text], ["fr"])[0]
    assert [text[s.start : s.end] for s in spans if s.entity_type == "PERSON"] == list(NAMES)


@pytest.mark.timeout(60)
def test_a_batch_with_a_hostile_text_redacts_every_document(redactor):
    texts = [
        "Jean Dupont a signé le registre de la mairie de Lyon hier soir.",
        _hostile("{'=" * 6_000),
        _hostile("x=" * 8_000),
        "Marie Curie a présenté ses travaux devant l'Académie des sciences.",
    ]
    result = redactor.redact_batch(texts, ["fr"] * len(texts))
    assert len(result.documents) == len(texts)
    assert all(doc.failed is None for doc in result.documents)
    for text, doc in zip(texts, result.documents, strict=True):
        found = {text[s.start : s.end] for s in doc.spans}
        assert found & set(NAMES)
        assert not any(name in doc.text for name in NAMES)
