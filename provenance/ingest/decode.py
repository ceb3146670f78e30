"""Turning record bytes into text: declared charset, then UTF-8, then detection; never a crash."""

from __future__ import annotations

import codecs
import re

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


#: A ``\uXXXX`` surrogate escape in JSON, with the backslashes before it (an even run is a literal backslash):
#: a high surrogate with the low one that may pair it, or a low surrogate on its own.
_SURROGATE_ESCAPE = re.compile(
    rb"(\\+)u([dD][89aAbB][0-9a-fA-F]{2})(\\u[dD][c-fC-F][0-9a-fA-F]{2})?|(\\+)u([dD][c-fC-F][0-9a-fA-F]{2})"
)
_FFFD_ESCAPE = b"\\ufffd"
_ESCAPE_START = re.compile(rb"\\u[dD]")
_HIGH_ESCAPE = re.compile(rb"\\u[dD][89aAbB][0-9a-fA-F]{2}")
#: The longest escape sequence a chunk boundary may cut (a pair of escapes).
_ESCAPE_SPAN = 12
_MAX_RUN = 1 << 12


def _repair(match: re.Match[bytes]) -> bytes:
    if match.group(1) is not None:
        slashes, high, low = match.group(1), match.group(2), match.group(3)
        if len(slashes) % 2:  # a real escape
            return match.group(0) if low else slashes[:-1] + _FFFD_ESCAPE
        return slashes + b"u" + high + (_FFFD_ESCAPE if low else b"")  # literal text; a following low is lone
    slashes = match.group(4)
    return slashes[:-1] + _FFFD_ESCAPE if len(slashes) % 2 else match.group(0)


class SurrogateEscapes:
    """Rewrites JSON escapes of unpaired surrogates (``"\\ud800"``, which no UTF-8 text can hold and C JSON
    parsers refuse) as ``\\ufffd``, in a stream of chunks: a lone surrogate costs that character, not the file.
    The ingest run flags a text holding U+FFFD ``invalid_bytes_replaced``."""

    def __init__(self) -> None:
        self._tail = b""

    def feed(self, chunk: bytes, final: bool = False) -> bytes:
        data = self._tail + chunk
        cut = len(data) if final else self._safe_cut(data)
        self._tail = data[cut:]
        head = data[:cut]
        return _SURROGATE_ESCAPE.sub(_repair, head) if b"\\u" in head or b"\\U" in head else head

    @staticmethod
    def _safe_cut(data: bytes) -> int:
        """Where no surrogate escape is cut: the last bytes, and any escape reaching into them, wait for the
        next chunk, with the high surrogate that may pair it and all the backslashes before it."""
        cut = max(0, len(data) - _ESCAPE_SPAN)
        found = _ESCAPE_START.search(data, max(0, cut - _ESCAPE_SPAN + 1), cut + 3)
        if found is not None:
            cut = found.start()
            if cut >= 6 and _HIGH_ESCAPE.fullmatch(data, cut - 6, cut):
                cut -= 6
        floor = max(0, cut - _MAX_RUN)  # a longer run of literal backslashes is not held back whole
        while cut > floor and data[cut - 1] == 0x5C:  # the whole run of backslashes: its length says what it is
            cut -= 1
        return cut
