"""The PII gold sets are trustworthy measuring sticks: exact spans, valid identifiers, an independent test split."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

GOLD = Path(__file__).resolve().parents[2] / "benchmarks" / "gold"
STRUCTURED = {
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "IBAN_CODE",
    "FR_NIR",
    "FR_SIREN",
    "FR_SIRET",
    "CREDIT_CARD",
    "IP_ADDRESS",
}


def _load_build_gold():
    spec = importlib.util.spec_from_file_location("build_gold", GOLD / "build_gold.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_gold = _load_build_gold()


def _split(name: str) -> list[dict]:
    with open(GOLD / f"{name}.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def test_the_built_test_split_is_exactly_what_its_marked_up_sources_say():
    from_sources = [doc for path in sorted((GOLD / "src").glob("*_test*.txt")) for doc in build_gold.read_source(path)]
    assert from_sources == _split("test"), "test.jsonl is stale: rerun benchmarks/gold/build_gold.py"


@pytest.mark.parametrize("split", ["dev", "heldout", "test"])
def test_every_span_of_every_split_is_inside_its_text_labelled_bare_and_checksum_valid(split):
    problems = [problem for doc in _split(split) for problem in build_gold.span_problems(doc)]
    assert problems == []


@pytest.mark.parametrize("split", ["dev", "heldout"])
def test_the_built_tuning_splits_are_exactly_what_their_sources_say(split):
    from_sources = [
        doc for path in sorted((GOLD / "src").glob(f"*_{split}*.txt")) for doc in build_gold.read_source(path)
    ]
    assert from_sources == _split(split), f"{split}.jsonl is stale: rerun benchmarks/gold/build_gold.py"


def test_the_build_refuses_an_identifier_whose_checksum_fails_in_any_split(tmp_path):
    (tmp_path / "fr_heldout.txt").write_text(
        "=== fr-x-01 fr\nMme [[P|Giraud]] paie par IBAN [[IBAN|FR76 3000 4028 3700 0100 0945 817]].\n",
        encoding="utf-8",
    )
    docs, problems = build_gold.build_split("heldout", tmp_path)
    assert [doc["id"] for doc in docs] == ["fr-x-01"]
    assert problems == ["heldout: fr-x-01 [25:58] IBAN_CODE: invalid checksum"]
    assert "3000" not in problems[0]
    (tmp_path / "fr_heldout.txt").write_text(
        "=== fr-x-01 fr\nMme [[P|Giraud]] paie par IBAN [[IBAN|FR48 3000 4028 3700 0100 0945 817]].\n",
        encoding="utf-8",
    )
    assert build_gold.build_split("heldout", tmp_path)[1] == []


def test_a_mistyped_identifier_or_an_honorific_in_a_name_is_caught():
    text = "M. Benali, NIR 1 62 08 62 498 117 97, carte 4690 2370 5690 2955."
    good = {
        "id": "t",
        "lang": "fr",
        "text": text,
        "spans": [[3, 9, "PERSON"], [15, 36, "FR_NIR"], [44, 63, "CREDIT_CARD"]],
    }
    assert build_gold.span_problems(good) == []

    typo = dict(good, text=text.replace("117 97", "117 79").replace("2955", "2956"))
    assert [p.split(": ")[1] for p in build_gold.span_problems(typo)] == ["invalid checksum"] * 2
    with_title = dict(good, spans=[[0, 9, "PERSON"]])
    assert build_gold.span_problems(with_title) == ["t [0:9] PERSON: PERSON span starts with an honorific"]
    problems = build_gold.span_problems(
        dict(good, spans=[[3, 9, "PERSON"], [5, 12, "PERSON"], [60, 99, "EMAIL_ADDRESS"]])
    )
    assert any("overlaps" in p for p in problems) and any("outside the text" in p for p in problems)


def test_the_test_split_is_large_enough_in_each_language_to_measure_the_targets():
    docs = _split("test")
    for lang in ("fr", "en"):
        mine = [d for d in docs if d["lang"] == lang]
        labels = [label for d in mine for _, _, label in d["spans"]]
        words = sum(len(re.findall(r"\w+", d["text"])) for d in mine)
        assert len(mine) >= 40 and words >= 10_000, lang
        assert labels.count("PERSON") >= 250, lang
        assert sum(label in STRUCTURED for label in labels) >= 70, lang


def test_no_test_document_reuses_an_identifier_or_an_id_from_the_tuning_and_heldout_splits():
    def values(docs):
        return {
            re.sub(r"\W", "", d["text"][s:e]).lower() for d in docs for s, e, label in d["spans"] if label != "PERSON"
        }

    older = _split("dev") + _split("heldout")
    test = _split("test")
    assert not values(test) & values(older)
    assert not {d["id"] for d in test} & {d["id"] for d in older}
