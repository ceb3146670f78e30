"""Fixtures of the certify tests: a workspace with real contracts, and real signing keys."""

import sys
from pathlib import Path

import pytest

# The tests import their input builders from certify_inputs.py beside this file.
sys.path.insert(0, str(Path(__file__).parent))

from certify_inputs import write_contracts

from provenance.certify.keys import keygen
from provenance.workspace import Workspace


@pytest.fixture
def workspace(tmp_path) -> Workspace:
    home = tmp_path / "home"
    home.mkdir()
    return Workspace(home=home, contracts=write_contracts(tmp_path / "contracts"))


@pytest.fixture(scope="session")
def signing_key(tmp_path_factory) -> Path:
    private, _ = keygen(tmp_path_factory.mktemp("keys"))
    return private


@pytest.fixture(scope="session")
def other_key(tmp_path_factory) -> Path:
    private, _ = keygen(tmp_path_factory.mktemp("other-keys"))
    return private
