"""Text fingerprints: xxh3-128 over normalised text (Unicode NFC, whitespace collapsed)."""

from __future__ import annotations

import unicodedata

import xxhash


def normalise_text(text: str) -> str:
    """NFC, every run of whitespace folded to one space, ends trimmed."""
    # str.split() splits on exactly the characters `\s` matches in a str pattern (both use
    # Py_UNICODE_ISSPACE), so this equals re.sub(r"\s+", " ", ...).strip(), about 3x faster.
    return " ".join(unicodedata.normalize("NFC", text).split())


def fingerprint(text: str) -> str:
    """The 32-hex-digit xxh3-128 of the normalised text; equal for texts that differ only in spacing."""
    return xxhash.xxh3_128_hexdigest(normalise_text(text).encode("utf-8"))
