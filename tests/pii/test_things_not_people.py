"""Words the NER reads as a person that the text itself shows to be a thing: a kind noun beside them, ordinary words."""

from __future__ import annotations

import pytest

from provenance.pii.name_evidence import named_thing, ordinary_words


@pytest.mark.parametrize(
    "text, name, lang",
    [
        ("Two songs by the Indonesian band Velvetine were used.", "Velvetine", "en"),
        ("IBM bought data storage vendor Quillsafe in 2015.", "Quillsafe", "en"),
        ("customers were told to secure their Brundle chests to the wall", "Brundle", "en"),
        ("the borough of Altenwick lies partly within the forest", "Altenwick", "en"),
        ("L'éditeur de partitions le logiciel Arvendi est écrit en Python.", "Arvendi", "fr"),
        ("la monarchie de Valborg et l'empire", "Valborg", "fr"),
    ],
)
def test_a_kind_noun_beside_a_name_makes_it_a_thing(text, name, lang):
    start = text.index(name)
    assert named_thing(text, start, start + len(name), lang)


@pytest.mark.parametrize(
    "text, name",
    [
        ("Two songs were sung by Velvetine Osei at the festival.", "Velvetine Osei"),
        ("His wife Herlind said so.", "Herlind"),
        ("the film director Akio Tanabe", "Akio Tanabe"),
    ],
)
def test_people_beside_ordinary_words_stay_people(text, name):
    start = text.index(name)
    assert not named_thing(text, start, start + len(name), "en")


def test_ordinary_english_words_are_no_name_unless_a_list_knows_them():
    assert ordinary_words(["Recent", "Reviews"], "en") and ordinary_words(["Tolvar", "Healthcare"], "en")
    assert ordinary_words(["Twitter"], "en")
    assert not ordinary_words(["Andy", "White"], "en")  # a given name, and a surname the lists know
    assert not ordinary_words(["Saillant"], "fr")  # French surnames are common words too often to judge so
