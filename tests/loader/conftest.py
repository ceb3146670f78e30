"""Loader fixtures: one real signed release (certified through the real certify code), built once per session.

Tests that alter a release (a shard byte, a withdrawal list) work on a copy of it.
"""

import random
import shutil
import sys
from pathlib import Path

import pytest

# The certify tests' input builders: real contracts and cleared documents.
sys.path.insert(0, str(Path(__file__).parents[1] / "certify"))

from certify_inputs import CREATED_AT, TEXTS, cleared_row, write_cleared, write_contracts

from provenance.certify.keys import keygen
from provenance.certify.release import ReleaseResult, build_release
from provenance.workspace import Workspace

SHARD_ROWS = 16


@pytest.fixture(scope="session")
def keys(tmp_path_factory) -> tuple[Path, Path]:
    """(private, public) PEM paths of the publisher's key."""
    return keygen(tmp_path_factory.mktemp("publisher-keys"))


@pytest.fixture(scope="session")
def other_public_key(tmp_path_factory) -> Path:
    return keygen(tmp_path_factory.mktemp("stranger-keys"))[1]


@pytest.fixture(scope="session")
def release(tmp_path_factory, keys) -> ReleaseResult:
    """A release of 110 varied samples from three sources in 7 shards of at most 16 rows (read-only: copy it)."""
    root = tmp_path_factory.mktemp("loader-release")
    ws = Workspace(home=root / "home", contracts=write_contracts(root / "contracts"))
    rng = random.Random(15)
    sentences = [s.strip() + "." for t in TEXTS for s in t.split(".") if len(s.strip()) > 20]
    for source, count in (("presse", 50), ("wiki", 35), ("hansard", 25)):
        rows = [cleared_row(source, n, " ".join(rng.sample(sentences, 3)) + f" ({source} {n})") for n in range(count)]
        write_cleared(ws, f"{source}.dump", rows)
    result = build_release(
        ws, signing_key_path=keys[0], shard_max_rows=SHARD_ROWS, created_at=CREATED_AT, git_commit="a" * 40
    )
    assert result.samples == 110 and len(result.shards) == 7
    return result


@pytest.fixture
def release_copy(release, tmp_path) -> Path:
    """A private copy of the release folder (same folder name: the manifest names it)."""
    copy = tmp_path / release.release_id
    shutil.copytree(release.release_dir, copy)
    return copy
