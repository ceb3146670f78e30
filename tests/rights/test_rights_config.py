"""The rights configuration hash changes whenever anything a rights decision depends on changes."""

import re
import shutil
from pathlib import Path

import pytest

from provenance.contracts import ContractError
from provenance.rights.config import rights_config_hash

SOURCE = """\
id: gazette
title: La Gazette
rights_holder: Éditions du Rhône
licence: CC-BY-4.0
attribution: La Gazette, CC BY 4.0
provenance_url: https://archives.example.fr/
format: warc
dumps: landing/gazette/*.warc.gz
language: fr
max_quarantine_rate: 0.2
robots_txt:
  gazette.example.org: robots/gazette.txt
"""


@pytest.fixture
def contracts(tmp_path):
    (tmp_path / "sources").mkdir()
    (tmp_path / "optouts").mkdir()
    (tmp_path / "robots").mkdir()
    shutil.copy(Path(__file__).resolve().parents[2] / "data_contracts" / "licence_policy.yaml", tmp_path)
    (tmp_path / "sources" / "gazette.yaml").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "robots" / "gazette.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    (tmp_path / "optouts" / "registry.csv").write_text("id,scope,value,effective_from,reference\n", encoding="utf-8")
    return tmp_path


def test_the_hash_is_stable_and_changes_with_policy_registry_or_supplied_robots(contracts):
    first = rights_config_hash(contracts)
    assert rights_config_hash(contracts) == first
    (contracts / "robots" / "gazette.txt").write_text("User-agent: GPTBot\nDisallow: /\n", encoding="utf-8")
    second = rights_config_hash(contracts)
    assert second != first
    (contracts / "optouts" / "registry.csv").write_text(
        "id,scope,value,effective_from,reference\nOPT-1,domain,example.fr,2024-01-01,lettre 1\n", encoding="utf-8"
    )
    third = rights_config_hash(contracts)
    assert third != second
    policy = contracts / "licence_policy.yaml"
    policy.write_text(
        re.sub(r"^version: .*$", 'version: "edited"', policy.read_text(encoding="utf-8"), count=1, flags=re.M),
        encoding="utf-8",
    )
    assert rights_config_hash(contracts) not in (first, second, third)


def test_an_invalid_registry_fails_naming_the_file(contracts):
    (contracts / "optouts" / "registry.csv").write_text("id,scope\n", encoding="utf-8")
    with pytest.raises(ContractError, match=r"registry.csv: header"):
        rights_config_hash(contracts)
