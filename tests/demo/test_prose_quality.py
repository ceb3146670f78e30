"""The demo prose reads like its genre: every template fills, lengths are plausible, languages are what they claim."""

import datetime as dt
import random
import re

import pytest
from lingua import Language, LanguageDetectorBuilder

from provenance_demo.people import PeopleFactory
from provenance_demo.plans import WORDS
from provenance_demo.prose import REGISTERS, compose, court, encyclopedia, forum, local_news, parliament
from provenance_demo.scene import Fill, Scene

PEOPLE = PeopleFactory()
#: Placeholders composers substitute in code before rendering (the chair, a group, the parties of a ruling ...).
_CODE_PLACEHOLDERS = {
    "{Pl}": "Mme la présidente",
    "{grp}": "LR",
    "{X}": "{A.civ_LAST}",
    "{Y}": "{B.civ_LAST}",
    "{CITY}": "LYON",
    "{who}": "membre42",
}


def _templates(module, prefix):
    found = []

    def walk(value):
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)

    for name, value in vars(module).items():
        if name.startswith(prefix) and isinstance(value, (dict, list, tuple)):
            walk(value)
    return found


@pytest.mark.parametrize(
    "module", [parliament, local_news, encyclopedia, forum, court], ids=lambda m: m.__name__.rsplit(".", 1)[1]
)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_hand_written_template_fills_completely(module, lang):
    templates = _templates(module, "FR_" if lang == "fr" else "EN_")
    assert len(templates) >= 20
    for i, written in enumerate(templates):
        scene = Scene(lang, random.Random(i), PEOPLE, dt.date(2024, 2, 6))
        for role in ("D", "D1", "X"):
            scene.person(role, party="LR", constituency="Stroud")
        scene.define("bank", Fill("LCL"))
        template = written
        for placeholder, value in _CODE_PLACEHOLDERS.items():
            template = template.replace(placeholder, value)
        fill = scene.render(template)
        assert "{" not in fill.text and "}" not in fill.text, template
        for span in fill.spans:
            assert fill.text[span.start : span.end] == span.value


def _documents(register, lang, count, seed=0):
    lo, hi = WORDS[register]
    out = []
    for i in range(count):
        rng = random.Random(f"quality/{seed}/{register}/{lang}/{i}")
        scene = Scene(lang, rng, PEOPLE, dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 600)))
        out.append(compose(register, scene, rng.randint(lo, hi)).draft.text)
    return out


@pytest.mark.parametrize("register", REGISTERS)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_documents_are_of_plausible_length_and_all_different(register, lang):
    texts = _documents(register, lang, 40)
    for text in texts:
        assert 150 <= len(text.split()) <= 1200, (register, lang, len(text.split()))
        assert "{" not in text and "}" not in text
        assert "  " not in text.replace("                    ", "")  # no doubled spaces from empty fills
    assert len(set(texts)) == len(texts)
    # A library of passages, not one text with names swapped: many distinct paragraphs once names and numbers go.
    shapes = {re.sub(r"[A-ZÀ-Ý][\w'-]*|\d+", "X", p) for t in texts for p in t.split("\n\n") if len(p) > 80}
    assert len(shapes) >= 25, (register, lang, len(shapes))


@pytest.fixture(scope="module")
def detector():
    return LanguageDetectorBuilder.from_languages(Language.FRENCH, Language.ENGLISH).build()


@pytest.mark.parametrize("register", REGISTERS)
def test_french_reads_as_french_and_english_as_english(detector, register):
    for lang, expected in (("fr", Language.FRENCH), ("en", Language.ENGLISH)):
        for text in _documents(register, lang, 12, seed=1):
            assert detector.detect_language_of(text) == expected, (register, lang, text[:200])


def test_french_agreement_follows_the_person(detector):
    # A woman is "née", a man "né": the templates agree with the person they name.
    texts = [t for register in ("court", "local_news", "encyclopedia") for t in _documents(register, "fr", 40, seed=2)]
    joined = "\n".join(texts)
    assert re.search(r"\bnée? le ", joined)
    assert not re.search(r"\bMme [A-ZÉ][\w'-]+(?: [A-ZÉ][\w'-]+)?, né le ", joined)
    assert not re.search(r"\bM\. [A-ZÉ][\w'-]+(?: [A-ZÉ][\w'-]+)?, née le ", joined)
    assert not re.search(r"\bMadame [^\n]*\nné le ", joined) and not re.search(r"\bMonsieur [^\n]*\nnée le ", joined)
