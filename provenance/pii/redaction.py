"""Replacing detected spans in a text by the policy's operator, and the audit rows that record them without the value."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

from provenance.pii.keys import normalise_value, value_hmac
from provenance.pii.policy import PiiPolicy
from provenance.pii.spans import Span


def replacement(value: str, span: Span, policy: PiiPolicy, key: bytes) -> str:
    """What the policy writes in place of ``value``: a typed placeholder by default."""
    rule = policy.rule(span.entity_type)
    if rule is None:
        return f"[{span.entity_type}]"
    if rule.operator == "replace":
        return rule.placeholder
    if rule.operator == "mask":
        return "".join(c if c.isspace() else rule.masking_char for c in value)
    if rule.operator == "hash":
        # Keyed, so equal values stay linkable inside the corpus but cannot be guessed back.
        digest = hmac.new(key, b"pseudonym\x1f" + normalise_value(value).encode("utf-8"), hashlib.sha256).hexdigest()
        return (
            f"{rule.placeholder[:-1]}:{digest[: rule.hash_chars]}]"
            if rule.placeholder.endswith("]")
            else f"{rule.placeholder}:{digest[: rule.hash_chars]}"
        )
    if rule.operator == "redact":
        return ""
    raise ValueError(f"unknown operator {rule.operator!r} for {span.entity_type}")


def redact_text(text: str, spans: Sequence[Span], policy: PiiPolicy, key: bytes) -> tuple[str, list[str]]:
    """The redacted text and, per span, the HMAC of its value. ``spans`` are merged (non-overlapping, sorted)."""
    pieces: list[str] = []
    hmacs: list[str] = []
    position = 0
    for span in spans:
        value = text[span.start : span.end]
        pieces.append(text[position : span.start])
        pieces.append(replacement(value, span, policy, key))
        hmacs.append(value_hmac(key, value))
        position = span.end
    pieces.append(text[position:])
    return "".join(pieces), hmacs
