"""Release signing keys: ECDSA P-256 key pairs on disk, and the ids that name them.

The private key is PKCS#8 PEM (mode 0600), the public key SubjectPublicKeyInfo PEM: the
formats cosign, openssl and every other tool read.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from provenance.key_files import warn_if_readable_by_others

PRIVATE_KEY_FILE = "signing_key.pem"
PUBLIC_KEY_FILE = "signing_key.pub.pem"


class SigningKeyError(ValueError):
    """A key file is missing, unreadable or not an ECDSA P-256 key. ``str()`` names the file."""


def keygen(directory: Path) -> tuple[Path, Path]:
    """Write a new ECDSA P-256 key pair into ``directory``; return (private, public) paths.

    Refuses to overwrite: if either file already exists, raises :class:`FileExistsError`
    naming it, and writes nothing. The private key is created with mode 0600 from the start.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    private_path = directory / PRIVATE_KEY_FILE
    public_path = directory / PUBLIC_KEY_FILE
    for path in (private_path, public_path):
        if path.exists() or path.is_symlink():
            raise FileExistsError(
                f"{path} already exists: refusing to overwrite a signing key "
                "(move it away first if you really mean to replace it)"
            )
    private_key = ec.generate_private_key(ec.SECP256R1())
    private_pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    # O_EXCL: a key appearing between the check above and now is never overwritten either.
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, 0o600)  # whatever the umask
        os.write(fd, private_pem)
    finally:
        os.close(fd)
    fd = os.open(public_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        os.write(fd, public_key_pem(private_key.public_key()))
    finally:
        os.close(fd)
    return private_path, public_path


def load_signing_key(path: Path) -> ec.EllipticCurvePrivateKey:
    """The ECDSA P-256 private key in a PEM file (PKCS#8 or SEC1), unencrypted."""
    path = Path(path)
    data = _read(path)
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise SigningKeyError(f"{path}: not an unencrypted PEM private key ({exc})") from None
    if isinstance(key, ec.EllipticCurvePrivateKey) and isinstance(key.curve, ec.SECP256R1):
        warn_if_readable_by_others(path, "private signing key")
        return key
    raise _not_p256(key, path)


def load_public_key(path: Path) -> ec.EllipticCurvePublicKey:
    """The ECDSA P-256 public key in a PEM file (SubjectPublicKeyInfo)."""
    path = Path(path)
    data = _read(path)
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError) as exc:
        raise SigningKeyError(f"{path}: not a PEM public key ({exc})") from None
    if isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1):
        return key
    raise _not_p256(key, path)


def public_key_pem(public_key: ec.EllipticCurvePublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def key_id(public_key: ec.EllipticCurvePublicKey) -> str:
    """The key's id: hex sha256 of its DER SubjectPublicKeyInfo (``openssl pkey -pubin -outform DER | sha256sum``)."""
    der = public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest()


def dsse_keyid(public_key: ec.EllipticCurvePublicKey) -> str:
    """The ``keyid`` written in the DSSE envelope: the OpenSSH SHA256 fingerprint of the key.

    cosign (through go-securesystemslib) derives exactly this id for a key given with
    ``--key`` and skips any signature whose non-empty keyid differs, so using any other
    form here would make ``cosign verify-blob-attestation`` reject a valid release.
    """
    blob = public_key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).split()[1]
    digest = hashlib.sha256(base64.b64decode(blob)).digest()
    return "SHA256:" + base64.b64encode(digest).decode("ascii").rstrip("=")


def _read(path: Path) -> bytes:
    try:
        if path.exists() and not path.is_file():  # a folder or a FIFO: never opened (a FIFO would block)
            raise SigningKeyError(f"{path}: not a regular file")
        return path.read_bytes()
    except FileNotFoundError:
        raise SigningKeyError(f"{path}: no such key file") from None
    except OSError as exc:
        raise SigningKeyError(f"{path}: cannot be read ({exc.strerror})") from None


def _not_p256(key: object, path: Path) -> SigningKeyError:
    curve = getattr(key, "curve", None)
    kind = curve.name if curve is not None else type(key).__name__
    return SigningKeyError(f"{path}: an ECDSA P-256 key is required, found {kind}")
