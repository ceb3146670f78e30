"""Orchestration tests share a small workspace module (courrier_workspace.py) beside them."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
