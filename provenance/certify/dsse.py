"""DSSE envelopes (secure-systems-lab/dsse v1): sign an in-toto statement, and check a signature.

The signature is ECDSA P-256 with SHA-256 over PAE(payloadType, payload), DER-encoded, as
cosign and in-toto expect. Signing is deterministic (RFC 6979), so the same statement and key
always give the same envelope bytes.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from provenance.certify.keys import dsse_keyid, key_id

INTOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json"


class EnvelopeError(ValueError):
    """The envelope is not a well-formed DSSE envelope; ``str()`` says what is wrong."""


@dataclass(frozen=True)
class Envelope:
    payload_type: str
    payload: bytes
    #: (keyid, DER signature) pairs, in envelope order
    signatures: tuple[tuple[str, bytes], ...]


def pae(payload_type: str, payload: bytes) -> bytes:
    """DSSEv1 pre-authentication encoding: ``"DSSEv1" SP len(type) SP type SP len(body) SP body``."""
    type_bytes = payload_type.encode("utf-8")
    return b"DSSEv1 %d %s %d %s" % (len(type_bytes), type_bytes, len(payload), payload)


def sign_envelope(
    payload: bytes, private_key: ec.EllipticCurvePrivateKey, payload_type: str = INTOTO_PAYLOAD_TYPE
) -> dict:
    """The DSSE envelope (as a JSON-ready dict) around ``payload``, signed by ``private_key``."""
    signature = private_key.sign(pae(payload_type, payload), ec.ECDSA(hashes.SHA256(), deterministic_signing=True))
    return {
        "payloadType": payload_type,
        "payload": base64.b64encode(payload).decode("ascii"),
        "signatures": [
            {"keyid": dsse_keyid(private_key.public_key()), "sig": base64.b64encode(signature).decode("ascii")}
        ],
    }


def envelope_bytes(envelope: dict) -> bytes:
    return (json.dumps(envelope, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _b64(value, what: str) -> bytes:
    if not isinstance(value, str):
        raise EnvelopeError(f"{what} must be a base64 string")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        pass
    try:  # DSSE allows URL-safe base64 too
        return base64.urlsafe_b64decode(value)
    except (binascii.Error, ValueError):
        raise EnvelopeError(f"{what} is not valid base64") from None


def parse_envelope(data: bytes) -> Envelope:
    """Parse envelope JSON; raises :class:`EnvelopeError` naming the first problem."""
    try:
        document = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EnvelopeError(f"not JSON ({exc})") from None
    if not isinstance(document, dict):
        raise EnvelopeError("not a JSON object")
    for key in ("payloadType", "payload", "signatures"):
        if key not in document:
            raise EnvelopeError(f"missing {key!r}")
    if not isinstance(document["payloadType"], str):
        raise EnvelopeError("payloadType must be a string")
    payload = _b64(document["payload"], "payload")
    signatures = document["signatures"]
    if not isinstance(signatures, list) or not signatures:
        raise EnvelopeError("signatures must be a non-empty list")
    parsed = []
    for i, entry in enumerate(signatures):
        if not isinstance(entry, dict) or "sig" not in entry:
            raise EnvelopeError(f"signatures[{i}] has no 'sig'")
        keyid = entry.get("keyid", "")
        if not isinstance(keyid, str):
            raise EnvelopeError(f"signatures[{i}].keyid must be a string")
        parsed.append((keyid, _b64(entry["sig"], f"signatures[{i}].sig")))
    return Envelope(document["payloadType"], payload, tuple(parsed))


def signature_matches(envelope: Envelope, public_key: ec.EllipticCurvePublicKey) -> tuple[bool, str]:
    """Whether a signature of the envelope verifies with ``public_key``, and a sentence saying why."""
    names = {dsse_keyid(public_key), key_id(public_key), ""}
    pae_bytes = pae(envelope.payload_type, envelope.payload)
    others = []
    for keyid, signature in envelope.signatures:
        if keyid not in names:
            others.append(keyid)
            continue
        try:
            public_key.verify(signature, pae_bytes, ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            continue
        return True, "ECDSA P-256 SHA-256 signature over PAE(payloadType, payload) verifies"
    if others and len(others) == len(envelope.signatures):
        return False, f"signed by key {', '.join(others)}, not by this key ({dsse_keyid(public_key)})"
    return False, "signature does not verify with this key: the manifest or signature was altered, or the key is wrong"
