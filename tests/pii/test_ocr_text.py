"""OCR text: words hyphenated at a line end with the not sign, honorifics whose space was dropped."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks" / "corpora"))

import pii_corpora  # noqa: E402

from provenance.pii.typography import shadow  # noqa: E402


def _found(detector, text: str, lang: str = "fr") -> list[str]:
    return [text[s.start : s.end] for s in detector.detect([text], [lang])[0] if s.entity_type == "PERSON"]


def test_a_word_hyphenated_at_a_line_end_is_read_whole_and_redacted_whole():
    for text in (
        "Léonide Varlin¬court s'efforçait",
        "Léonide Varlin¬\ncourt",
        "Léonide Varlin ¬ court s' efforçait , dit-il . Il l ' a dit , et c ' est tout .",
    ):  # tokenised
        view = shadow(text, "fr")
        assert view.text.startswith("Léonide Varlincourt")
        assert view.span(0, len("Léonide Varlincourt")) == (0, text.index("court") + len("court"))
    assert shadow("si a ¬ b alors c", "fr").text == "si a ¬ b alors c"  # a sign between spaces in natural text


def test_names_split_by_the_line_end_sign_are_found(detector):
    text = "Sous une apparence de gaîté railleuse, Léopol¬dine Varlin¬court s'efforçait de cacher l'envie."
    assert _found(detector, text) == ["Léopol¬dine Varlin¬court"]


def test_an_abbreviated_honorific_glued_to_its_name_introduces_it(detector):
    assert _found(detector, "« Les alliages légers », par M.Vardoux. — Loisirs, par M.Berthelin-Lacoste.") == [
        "Vardoux",
        "Berthelin-Lacoste",
    ]
    assert _found(detector, "LES ALLIAGES LÉGERS, PAR M.VARDOUX.") == ["VARDOUX"]
    assert _found(detector, "Il obtint un M.Sc. de l'université et vit aux U.S.A. depuis.") == []


def test_the_real_newspaper_pages_hold_such_names():
    # NewsEye (real OCR, CC BY): names split by the sign and honorifics glued to names are annotated as persons.
    docs = pii_corpora.corpus("newseye-fr").docs()
    names = [d.gold.text[s:e] for d in docs for s, e, _ in d.gold.spans]
    assert sum("¬" in n for n in names) >= 10
    assert sum(1 for d in docs for s, _, _ in d.gold.spans if d.gold.text[max(0, s - 2) : s] == "M.") >= 3
