"""The secret behind redaction audit hashes: loading ``PROVENANCE_PII_KEY`` and keyed hashes of values.

An audit row keeps ``value_hmac`` = HMAC-SHA256(key, normalised value) instead of the value,
so an erasure request ("every document that mentioned Jean Dupont") can be answered by
hashing the name again, while nobody without the key can test guesses against the table.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from pathlib import Path

from provenance.key_files import warn_if_readable_by_others
from provenance.workspace import PII_KEY_ENV

#: Shorter keys are refused: HMAC-SHA256 is only as strong as its key.
MIN_KEY_BYTES = 16

_WHITESPACE = re.compile(r"\s+")

HOW_TO_CREATE = (
    f'create one with `python -c "import secrets; print(secrets.token_hex(32))" > keys/pii_hmac.key` '
    f"(then `chmod 600` it) and set {PII_KEY_ENV} to its path; `provenance demo` creates a demo key "
    f"at $PROVENANCE_HOME/keys/pii_hmac.key"
)


class PiiKeyError(RuntimeError):
    """The HMAC key is missing, empty or unreadable. The message says how to create one."""


def load_pii_key(path: Path | None) -> bytes:
    """The secret bytes from ``path``, the file ``PROVENANCE_PII_KEY`` names (``None``: it is not set).

    Never generates a key: a missing, unreadable, empty or too short key raises
    :class:`PiiKeyError` saying how to create one. Surrounding whitespace is ignored so a
    key written with ``echo`` works.
    """
    if path is None:
        raise PiiKeyError(f"no PII key: {PII_KEY_ENV} is not set; {HOW_TO_CREATE}")
    try:
        key = path.read_bytes().strip()
    except FileNotFoundError:
        raise PiiKeyError(f"PII key file {path} does not exist; {HOW_TO_CREATE}") from None
    except OSError as exc:
        raise PiiKeyError(f"PII key file {path} cannot be read ({exc.strerror}); {HOW_TO_CREATE}") from None
    if not key:
        raise PiiKeyError(f"PII key file {path} is empty; {HOW_TO_CREATE}")
    if len(key) < MIN_KEY_BYTES:
        raise PiiKeyError(f"PII key file {path} holds {len(key)} bytes, fewer than {MIN_KEY_BYTES}; {HOW_TO_CREATE}")
    warn_if_readable_by_others(path, "PII key (it keys every value hash in the lineage)")
    return key


def normalise_value(value: str) -> str:
    """NFC, case-folded, whitespace collapsed: "JEAN  DUPONT" and "Jean Dupont" hash alike."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", value).casefold()).strip()


def value_hmac(key: bytes, value: str) -> str:
    """Hex HMAC-SHA256 of the normalised value under ``key``; what audit rows and lineage store."""
    return hmac.new(key, normalise_value(value).encode("utf-8"), hashlib.sha256).hexdigest()
