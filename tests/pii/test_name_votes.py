"""Names the document's own usage would read as things, kept by the evidence of other names and of the second NER."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks" / "corpora"))

import pii_corpora  # noqa: E402


def _found(detector, text: str, lang: str) -> list[str]:
    return [text[s.start : s.end] for s in detector.detect([text], [lang])[0] if s.entity_type == "PERSON"]


def test_a_name_listed_beside_another_name_is_no_part_of_a_longer_proper_noun(detector):
    # "Drake and Tolvan Brixley" looked like one proper noun joined by "and" ("Committee on Copyright and
    # Related Rights"); the neighbour is the surname of a name found beside it.
    text = "Its first two drummers, Kevin Drake and Tolvan Brixley, left the band in 2004."
    assert _found(detector, text, "en") == ["Kevin Drake", "Tolvan Brixley"]


def test_both_models_reading_a_person_outvote_one_reading_as_an_organisation(detector):
    # wikigold (real Wikipedia text): the small English model labels this singer once, as an organisation;
    # the French model reads a person on the same line, and one word is a known family name.
    doc = next(d.gold for d in pii_corpora.corpus("wikigold").docs() if d.gold.id == "wikigold-005")
    start = doc.text.index("Kanye West")
    spans = detector.detect([doc.text], ["en"])[0]
    assert any(s.start <= start and start + len("Kanye West") <= s.end for s in spans)


@pytest.mark.parametrize(
    "text, lang",
    [
        ("le Kulturforum, le Musée Berggruen et le musée d'histoire naturelle de Berlin", "fr"),
        ("In La Riera Cave (23–13 kya) in Asturias, tools were found.", "en"),
        ("tanks faced each other at Checkpoint Charlie in 1961.", "en"),
    ],
)
def test_a_place_named_after_a_person_gets_no_second_vote(detector, text, lang):
    # A word of the language that is no known name ("Cave", "Checkpoint"), a stop word, or one the
    # document writes in lower case ("le musée") names the kind of thing: no vote makes it a person.
    assert _found(detector, text, lang) == []
