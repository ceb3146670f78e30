"""Contracts: a steward's mistake in a contract file is reported with the file and the field, never half-loaded."""

from pathlib import Path

import pytest

from provenance.contracts import (
    ContractError,
    load_licence_policy_document,
    load_optout_registry,
    load_sources,
)

GOOD_SOURCE = """\
id: assemblee-debats
title: Comptes rendus des débats de l'Assemblée nationale
rights_holder: Assemblée nationale
licence: etalab-2.0
attribution: "Assemblée nationale, comptes rendus des débats"
provenance_url: https://data.assemblee-nationale.fr/
format: jsonl
dumps: landing/assemblee/*.jsonl.gz
language: fr
fields: {text: body, id: uid, url: meta.url, date: meta.date}
max_quarantine_rate: 0.05
priority: 10
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_source_contract_loads_with_its_defaults(tmp_path):
    write(tmp_path, "sources/assemblee-debats.yaml", GOOD_SOURCE)
    sources = load_sources(tmp_path)
    contract = sources["assemblee-debats"]
    assert contract.format == "jsonl"
    assert contract.dumps == ("landing/assemblee/*.jsonl.gz",)
    assert contract.fields["url"] == "meta.url"
    assert contract.declared_lang == "fr"
    assert contract.max_document_chars == 2_000_000
    assert len(contract.sha256) == 64


@pytest.mark.parametrize(
    "edit, field, words",
    [
        (
            lambda s: s.replace("title: Comptes rendus des débats de l'Assemblée nationale\n", ""),
            "title",
            "is required",
        ),
        (lambda s: s.replace("format: jsonl", "format: csv"), "format", "'csv' is not one of"),
        (lambda s: s.replace("max_quarantine_rate: 0.05", "max_quarantine_rate: 1.5"), "max_quarantine_rate", "1.5"),
        (lambda s: s.replace("language: fr", "language: de"), "language", "'de'"),
        (
            lambda s: s.replace("fields: {text: body, id: uid, url: meta.url, date: meta.date}\n", ""),
            "fields",
            "is required",
        ),
        (lambda s: s.replace("fields: {text: body,", "fields: {txt: body,"), "fields.txt", "not a known key"),
        (lambda s: s.replace("id: assemblee-debats", "id: autre-source"), "id", "must equal the file name"),
        (lambda s: s + "colour: blue\n", "colour", "not a known key"),
        (lambda s: s.replace("provenance_url: https://", "provenance_url: ftp://"), "provenance_url", "expected form"),
    ],
)
def test_an_invalid_source_contract_names_its_file_and_field(tmp_path, edit, field, words):
    path = write(tmp_path, "sources/assemblee-debats.yaml", edit(GOOD_SOURCE))
    with pytest.raises(ContractError) as caught:
        load_sources(tmp_path)
    message = str(caught.value)
    assert str(path) in message
    assert f": {field}: " in message
    assert words in message


def test_every_broken_contract_is_reported_at_once(tmp_path):
    write(tmp_path, "sources/assemblee-debats.yaml", GOOD_SOURCE.replace("format: jsonl", "format: csv"))
    write(tmp_path, "sources/other.yaml", "id: other\n")
    with pytest.raises(ContractError) as caught:
        load_sources(tmp_path)
    paths = {p.path.name for p in caught.value.problems}
    assert paths == {"assemblee-debats.yaml", "other.yaml"}


def test_a_contract_that_is_not_yaml_says_where(tmp_path):
    path = write(tmp_path, "sources/assemblee-debats.yaml", GOOD_SOURCE + "fields: [unclosed\n")
    with pytest.raises(ContractError, match=r"line \d+, column \d+: not valid YAML") as caught:
        load_sources(tmp_path)
    assert str(path) in str(caught.value)


OPTOUTS = """\
id,scope,value,effective_from,reference
OPT-1,domain,Example-Presse.fr,2024-01-15,Lettre recommandée du 10/01/2024
OPT-2,url_prefix,https://blog.example.org/private/,2023-06-01,ticket #4411
OPT-3,rights_holder,Éditions du Rhône,2022-01-01,formulaire opt-out
OPT-4,author,Jeanne Martin,2024-03-01,courriel du 01/03/2024
OPT-5,fingerprint,0123456789abcdef0123456789abcdef,2020-01-01,dossier 12
"""


def test_the_optout_registry_loads_every_scope_and_normalises_domains(tmp_path):
    write(tmp_path, "optouts/registry.csv", OPTOUTS)
    registry = load_optout_registry(tmp_path)
    assert [e.scope for e in registry.entries] == ["domain", "url_prefix", "rights_holder", "author", "fingerprint"]
    assert registry.entries[0].value == "example-presse.fr"
    assert str(registry.entries[0].effective_from) == "2024-01-15"
    assert registry.version.startswith("5-")


def test_a_yaml_registry_file_is_read_like_a_csv_one(tmp_path):
    write(
        tmp_path,
        "optouts/more.yaml",
        "- {id: OPT-9, scope: author, value: Paul Durand, effective_from: 2024-05-01, reference: ticket 9}\n",
    )
    registry = load_optout_registry(tmp_path)
    assert registry.entries[0].effective_from.isoformat() == "2024-05-01"


def test_any_change_to_the_registry_changes_its_version_and_hash(tmp_path):
    write(tmp_path, "optouts/registry.csv", OPTOUTS)
    before = load_optout_registry(tmp_path)
    write(tmp_path, "optouts/registry.csv", OPTOUTS.replace("2024-03-01", "2024-03-02"))
    after = load_optout_registry(tmp_path)
    assert before.sha256 != after.sha256 and before.version != after.version


@pytest.mark.parametrize(
    "row, field, words",
    [
        ("OPT-6,website,example.fr,2024-01-01,x", "line 2.scope", "'website' is not one of"),
        ("OPT-6,domain,example.fr,2024-02-30,x", "line 2.effective_from", "is not a valid date"),
        ("OPT-6,domain,example.fr,01/02/2024,x", "line 2.effective_from", "expected form"),
        ("OPT-6,domain,not a domain,2024-01-01,x", "line 2.value", "expected form"),
        ("OPT-6,fingerprint,xyz,2024-01-01,x", "line 2.value", "expected form"),
        ("OPT-6,domain,example.fr,2024-01-01,", "line 2.reference", "should be non-empty"),
    ],
)
def test_a_bad_optout_row_names_its_line_and_field(tmp_path, row, field, words):
    path = write(tmp_path, "optouts/registry.csv", "id,scope,value,effective_from,reference\n" + row + "\n")
    with pytest.raises(ContractError) as caught:
        load_optout_registry(tmp_path)
    message = str(caught.value)
    assert str(path) in message and f": {field}: " in message and words in message


def test_duplicate_optout_ids_and_wrong_headers_are_rejected(tmp_path):
    write(tmp_path, "optouts/a.csv", OPTOUTS)
    write(tmp_path, "optouts/b.csv", "id,scope,value,effective_from,reference\nOPT-1,author,X,2024-01-01,y\n")
    write(tmp_path, "optouts/c.csv", "identifier,scope\n")
    with pytest.raises(ContractError) as caught:
        load_optout_registry(tmp_path)
    text = str(caught.value)
    assert "b.csv: line 2.id: 'OPT-1' is already used in a.csv" in text
    assert "c.csv: header: columns must be id,scope,value,effective_from,reference" in text


POLICY = """\
version: "2026.1"
attribution_templates:
  cc_by: "{title}, {author}, {url}, {licence_name}"
licences:
  - {id: CC0-1.0, class: public_domain, decision: include}
  - {id: CC-BY-4.0, class: attribution, decision: include_with_attribution, attribution: cc_by, aliases: ["CC BY 4.0"]}
"""


def test_the_licence_policy_is_versioned_and_hashed(tmp_path):
    write(tmp_path, "licence_policy.yaml", POLICY)
    policy = load_licence_policy_document(tmp_path)
    assert policy.version == "2026.1" and len(policy.sha256) == 64


def test_a_licence_policy_with_a_clash_or_a_missing_template_is_rejected(tmp_path):
    write(
        tmp_path,
        "licence_policy.yaml",
        POLICY.replace('aliases: ["CC BY 4.0"]', 'aliases: ["cc0-1.0"]').replace(
            "attribution: cc_by", "attribution: cc_by_sa"
        ),
    )
    with pytest.raises(ContractError) as caught:
        load_licence_policy_document(tmp_path)
    text = str(caught.value)
    assert "licences.1: 'cc0-1.0' already names licences.0" in text
    assert "licences.1.attribution: no attribution template named 'cc_by_sa'" in text


def test_a_licence_policy_with_an_unknown_decision_names_the_field(tmp_path):
    write(tmp_path, "licence_policy.yaml", POLICY.replace("decision: include}", "decision: maybe}"))
    with pytest.raises(ContractError, match=r"licences\.0\.decision: 'maybe' is not one of"):
        load_licence_policy_document(tmp_path)
