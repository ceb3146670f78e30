"""Lineage test fixtures: one realistic workspace run through the real stages, built once per session.

Tests that change the workspace (delete a row, corrupt a file) work on a copy of it.
"""

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from lineage_workspace import Planted, build_workspace

from provenance.lineage.build import build_lineage
from provenance.workspace import Workspace


def pytest_collection_modifyitems(items):
    # One xdist worker builds the shared workspace; the others run other stages' tests.
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.xdist_group("lineage"))


@pytest.fixture(scope="session")
def redactor():
    """One Presidio/spaCy redactor for every workspace of the session (loading the models is the slow part)."""
    from lineage_workspace import PII_KEY

    from provenance.pii.policy import load_pii_policy
    from provenance.pii.workers import Redactor

    return Redactor(load_pii_policy(), PII_KEY)


@pytest.fixture(scope="session")
def planted(tmp_path_factory, redactor) -> Planted:
    """The workspace with its lineage database built (read-only for tests: copy it to change it)."""
    planted = build_workspace(tmp_path_factory.mktemp("lineage-ws"), redactor)
    build_lineage(planted.ws)
    return planted


@pytest.fixture(scope="session")
def db(planted) -> Path:
    return planted.ws.lineage_db


@pytest.fixture
def ws_copy(planted, tmp_path) -> Workspace:
    """A private copy of the workspace (stage folders are relative symlinks, copied as links)."""
    home = tmp_path / "home"
    shutil.copytree(planted.ws.home, home, symlinks=True)
    contracts = tmp_path / "contracts"
    shutil.copytree(planted.ws.contracts, contracts)
    return Workspace(home=home.resolve(), contracts=contracts.resolve())
