"""One generated demo workspace shared by the demo tests (generation takes about a second)."""

from pathlib import Path

import pytest

from provenance_demo.generate import generate_demo
from provenance_demo.ground_truth import GROUND_TRUTH_FILE, GroundTruth, load_ground_truth

DEMO_DOCS = 200
DEMO_SEED = 7


@pytest.fixture(scope="session")
def demo_home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("demo")
    generate_demo(home, docs=DEMO_DOCS, seed=DEMO_SEED)
    return home


@pytest.fixture(scope="session")
def truth(demo_home) -> GroundTruth:
    return load_ground_truth(demo_home / GROUND_TRUTH_FILE)
