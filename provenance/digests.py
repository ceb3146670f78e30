"""Canonical JSON and sha256 digests for what is stored and hashed: decision and signal evidence.

Every stage that writes a decision row (rights, certify) encodes its evidence here, so
``evidence_sha256`` means the same thing whichever stage wrote it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_json(data: Any) -> str:
    """Deterministic JSON: sorted keys, no spaces, UTF-8 kept; the form that is hashed and stored."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
