"""Turning record bytes into text: declared charset, then UTF-8, then detection; never a crash."""

from __future__ import annotations

import codecs

from resiliparse.parse.encoding import detect_encoding

#: Share of U+FFFD in decoded text above which the encoding is deemed unknown.
MAX_REPLACEMENT_SHARE = 0.05


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        info = codecs.lookup(name.strip().strip("'\""))
    except LookupError:
        return None
    # rot13, base64, hex, zlib...: codecs that bytes.decode refuses (LookupError) are no charset: unknown.
    return info.name if getattr(info, "_is_text_encoding", True) else None


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, list[str]]:
    """Decode ``data``; return the text and the flags that say how.

    Flags: ``unknown_declared_encoding`` (the declared charset is not a codec),
    ``encoding_guessed`` (declared charset absent or wrong; detected instead),
    ``invalid_bytes_replaced`` (undecodable bytes became U+FFFD).
    """
    flags: list[str] = []
    codec = _codec(declared)
    if declared and codec is None:
        flags.append("unknown_declared_encoding")
    if codec:
        try:
            return data.decode(codec), flags
        except UnicodeDecodeError:
            pass
    if codec != "utf-8":
        try:
            text = data.decode("utf-8")
            if declared and codec:
                flags.append("encoding_guessed")
            return text, flags
        except UnicodeDecodeError:
            pass
    detected = _codec(detect_encoding(data[:65536]))
    if detected and detected not in ("utf-8", codec):
        try:
            text = data.decode(detected)
            flags.append("encoding_guessed")
            return text, flags
        except UnicodeDecodeError:
            pass
    flags.append("invalid_bytes_replaced")
    return data.decode(codec or "utf-8", errors="replace"), flags


def replacement_share(text: str) -> float:
    return text.count("\ufffd") / len(text) if text else 0.0


def decode_text(data: bytes, declared: str | None = None) -> tuple[str | None, list[str]]:
    """``decode_bytes``, for readers that decode a record themselves (to honour a declared charset):
    the text is None when more than MAX_REPLACEMENT_SHARE of it could not be decoded (encoding unknown)."""
    text, flags = decode_bytes(data, declared)
    if replacement_share(text) > MAX_REPLACEMENT_SHARE:
        return None, flags
    return text, flags
