"""Planted personal data sits exactly where the ground truth says, and every identifier passes its own checksum."""

import gzip
import ipaddress
import json
import re
import tarfile

import pyarrow.parquet as pq
import pytest
import zstandard
from stdnum import iban, luhn
from stdnum.fr import nir, siren, siret

from provenance_demo.ground_truth import NOT_PII_TYPES, PII_TYPES


def _raw_texts(demo_home, truth) -> dict[str, str]:
    """The text of every exactly-known record, read straight from the dump files (no reader involved)."""
    texts = {}
    for source_id, source in truth.sources.items():
        relpath = source["dumps"][0]
        path = demo_home / relpath
        if source["format"] == "jsonl":
            data = path.read_bytes()
            if path.name.endswith(".gz"):
                data = gzip.decompress(data)
            elif path.name.endswith(".zst"):
                data = zstandard.ZstdDecompressor().decompressobj().decompress(data)
            field = {
                "an_debats": ("contenu", "texte"),
                "forum_riverside": ("post", "body"),
                "presse_rhodanienne": ("texte",),
            }[source_id]
            for number, line in enumerate(data.split(b"\n")[:-1], start=1):
                try:
                    value = json.loads(line.decode("utf-8", "replace"))
                except ValueError:
                    continue
                for key in field:
                    value = value.get(key) if isinstance(value, dict) else None
                if isinstance(value, str):
                    texts[f"{relpath}:line={number}"] = value
        elif source["format"] == "parquet":
            for row, text in enumerate(pq.read_table(path, columns=["transcript"]).column(0).to_pylist()):
                if text is not None:
                    texts[f"{relpath}:row={row}"] = text
        elif source["format"] == "text":
            with tarfile.open(path) as tar:
                for member in tar.getmembers():
                    if member.name.endswith((".txt", ".md")):
                        raw = tar.extractfile(member).read()
                        try:
                            text = raw.decode("utf-8")
                        except UnicodeDecodeError:  # the one file an old system saved in Windows-1252
                            text = raw.decode("cp1252")
                        if text.startswith("---\n"):
                            text = text[text.index("\n---\n", 4) + 5 :]
                        texts[f"{relpath}!{member.name}"] = text
    return texts


def test_planted_offsets_point_at_the_planted_values(demo_home, truth):
    texts = _raw_texts(demo_home, truth)
    checked = 0
    for record in truth.records:
        exact = [p for p in record.pii + record.not_pii if p.start is not None]
        if not exact:
            continue
        text = texts[record.locator]
        for planted in exact:
            assert text[planted.start : planted.end] == planted.value, (record.locator, planted.entity_type)
            checked += 1
    assert checked > 1000


def test_html_and_wiki_records_list_values_without_offsets(truth):
    extracted = [r for r in truth.records if r.format in ("warc", "mediawiki") and r.expect == "document"]
    assert extracted and all(p.start is None and p.end is None for r in extracted for p in r.pii)
    assert sum(len(r.pii) for r in extracted) > 100


def test_every_entity_type_is_planted_and_look_alikes_are_marked_apart(truth):
    assert {p.entity_type for r in truth.records for p in r.pii} == set(PII_TYPES)
    assert {p.entity_type for r in truth.records for p in r.not_pii} <= set(NOT_PII_TYPES)
    assert {"ORGANIZATION", "LOCATION", "PUBLIC_FIGURE", "AMOUNT", "LEGAL_REFERENCE"} <= {
        p.entity_type for r in truth.records for p in r.not_pii
    }
    # A span is one or the other, never both.
    for r in truth.records:
        pii = {(p.start, p.end) for p in r.pii if p.start is not None}
        assert pii.isdisjoint({(p.start, p.end) for p in r.not_pii if p.start is not None})


def _values(truth, entity_type):
    values = [p.value for r in truth.records for p in r.pii if p.entity_type == entity_type]
    assert values, entity_type
    return values


def test_identifiers_pass_their_checksums(truth):
    for value in _values(truth, "FR_NIR"):
        assert nir.is_valid(value.replace(" ", "")), value
    for value in _values(truth, "FR_SIREN"):
        assert siren.is_valid(value), value
    for value in _values(truth, "FR_SIRET"):
        assert siret.is_valid(value), value
    for value in _values(truth, "IBAN_CODE"):
        assert iban.is_valid(value), value
    countries = {v[:2] for v in _values(truth, "IBAN_CODE")}
    assert {"FR", "GB"} <= countries
    assert all(v.startswith("FR76") for v in _values(truth, "IBAN_CODE") if v.startswith("FR"))
    for value in _values(truth, "CREDIT_CARD"):
        digits = value.replace(" ", "")
        assert len(digits) == 16 and luhn.is_valid(digits), value


@pytest.mark.parametrize(
    "entity_type,pattern",
    [
        ("FR_VEHICLE_PLATE", r"[A-HJ-NP-TV-Z]{2}-\d{3}-[A-HJ-NP-TV-Z]{2}"),
        ("FR_PASSPORT", r"\d{2}[A-Z]{2}\d{5}"),
        ("FR_ID_CARD", r"\d{12}"),
        ("EMAIL_ADDRESS", r"[a-z0-9.\-]+@[a-z0-9.\-]+\.[a-z]{2,}"),
        ("URL_WITH_CREDENTIALS", r"[a-z]+://[^:/@\s]+:[^@\s]+@[a-z0-9.\-]+/\S*"),
    ],
)
def test_identifiers_have_their_official_shapes(truth, entity_type, pattern):
    for value in _values(truth, entity_type):
        assert re.fullmatch(pattern, value), value


def test_phone_numbers_come_in_many_national_and_international_forms(truth):
    phones = _values(truth, "PHONE_NUMBER")
    digits = [re.sub(r"\D", "", p) for p in phones]
    assert any(p.startswith("+33 ") for p in phones) and any(p.startswith("0033 ") for p in phones)
    assert any(re.fullmatch(r"0[67]( \d\d){4}", p) for p in phones)
    assert any(re.fullmatch(r"0[67](\.\d\d){4}", p) for p in phones)
    assert any(
        d.startswith(
            (
                "0590",
                "0596",
                "0594",
                "0262",
                "0269",
                "0690",
                "0696",
                "0694",
                "0692",
                "0639",
                "590",
                "596",
                "594",
                "262",
            )
        )
        for d in digits
    )
    assert any(p.startswith(("+44", "07700", "020 ", "0161", "(0113)")) for p in phones)
    assert any("555-0" in p or "555.0" in p for p in phones)


def test_ip_addresses_parse_and_dates_of_birth_come_in_several_forms(truth):
    for value in _values(truth, "IP_ADDRESS"):
        ipaddress.ip_address(value)
    births = _values(truth, "DATE_OF_BIRTH")
    assert any(re.fullmatch(r"\d{2}/\d{2}/\d{4}", b) for b in births)
    assert any(
        re.search(r"(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)", b)
        for b in births
    )
    assert any(
        re.search(r"(January|February|March|April|May|June|July|August|September|October|November|December)", b)
        for b in births
    )


def test_names_appear_with_titles_initials_capitals_and_possessives(demo_home, truth):
    texts = _raw_texts(demo_home, truth)
    mentions = []
    for r in truth.records:
        if r.locator not in texts:
            continue
        text = texts[r.locator]
        mentions += [
            (text[max(0, p.start - 12) : p.start], p.value, text[p.end : p.end + 2])
            for p in r.pii
            if p.entity_type == "PERSON" and p.start is not None
        ]
    before = [b for b, _, _ in mentions]
    names = [v for _, v, _ in mentions]
    assert any(b.endswith("M. ") for b in before) and any(b.endswith("Mme ") for b in before)
    assert any(b.endswith("Me ") for b in before) and any(b.endswith("Dr ") for b in before)
    assert any(b.endswith(("Mrs ", "Ms ", "Miss ")) for b in before) and any(b.endswith("Mr ") for b in before)
    assert any(b.endswith(("Madame ", "Monsieur ")) for b in before)
    assert any(re.fullmatch(r"([A-Z]\.-)*[A-Z]\. \S.*", n) for n in names)  # J.-P. Martin, J. Martin
    assert any(re.fullmatch(r"[A-Z]\.", n) for n in names)  # M. D.
    assert any(n.split()[-1].isupper() and len(n.split()[-1]) > 2 for n in names)  # Pierre DURAND
    assert any(after == "'s" for _, _, after in mentions)  # Dupont's
    assert any(len(n.split()) == 1 and not n.isupper() for n in names)  # the surname alone


def test_identifier_generators_are_valid_for_any_seed():
    import datetime as dt
    import random

    from provenance_demo import identifiers

    rng = random.Random(2024)
    for _ in range(300):
        sex, birth = rng.choice("mf"), dt.date(rng.randint(1930, 2005), rng.randint(1, 12), 1)
        value = identifiers.nir(rng, sex, birth)
        assert nir.is_valid(value) and value[0] == ("1" if sex == "m" else "2") and value[3:5] == f"{birth.month:02d}"
        number = identifiers.siren(rng)
        assert siren.is_valid(number) and siret.is_valid(identifiers.siret(rng, number))
        for country in ("FR", "GB", "DE", "BE"):
            assert iban.is_valid(identifiers.iban(rng, country)), country
        assert luhn.is_valid(identifiers.payment_card(rng))
        assert re.fullmatch(r"[A-HJ-NP-TV-Z]{2}-\d{3}-[A-HJ-NP-TV-Z]{2}", identifiers.vehicle_plate(rng))
