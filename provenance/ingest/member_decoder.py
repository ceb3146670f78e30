"""Decoding one compressed member (gzip member, bzip2 or xz stream, zstd frame) in bounded steps, whatever its codec."""

from __future__ import annotations

import bz2
import lzma
import zlib
from typing import Any

import zstandard

#: Decompressed bytes produced per step (zlib, bz2 and xz honour it exactly), so a
#: decompression bomb cannot balloon memory in one call.
STEP_OUTPUT = 1 << 20
#: zstd's streaming object has no output bound, so it is fed small slices instead.
ZSTD_SLICE = 1 << 13


class MemberDecoder:
    """One compressed member being decoded; hides the differences between the codecs' APIs."""

    def __init__(self, codec: str):
        self.codec = codec
        # The four decompressors share no base type; ``codec`` picks which of their APIs each method uses.
        self._d: Any
        if codec == "gzip":
            self._d = zlib.decompressobj(wbits=31)
        elif codec == "bzip2":
            self._d = bz2.BZ2Decompressor()
        elif codec == "xz":
            self._d = lzma.LZMADecompressor()
        else:
            self._d = zstandard.ZstdDecompressor().decompressobj()
        self._pending = b""  # input given to us but not yet to the decompressor (zlib tail, zstd slices)

    @property
    def eof(self) -> bool:
        return self._d.eof

    @property
    def unused_data(self) -> bytes:
        return self._d.unused_data + self._pending

    def needs_input(self) -> bool:
        if self.codec == "gzip":
            return not self._pending
        if self.codec == "zstd":
            return not self._pending
        return self._d.needs_input

    def feed(self, data: bytes) -> bytes:
        """Give input (possibly empty) and return up to about STEP_OUTPUT decompressed bytes."""
        if self.codec == "gzip":
            out = self._d.decompress(self._pending + data, STEP_OUTPUT)
            # At the member's end the bytes after it are in unused_data; CPython (3.11, 3.12) can leave a stale
            # copy of them in unconsumed_tail when the output limit was hit in an earlier call: reading both
            # would read the next members twice.
            self._pending = b"" if self._d.eof else self._d.unconsumed_tail
            return out
        if self.codec == "zstd":
            data = self._pending + data
            out = self._d.decompress(data[:ZSTD_SLICE])
            self._pending = data[ZSTD_SLICE:]
            return out
        return self._d.decompress(data, STEP_OUTPUT)


DECODE_ERRORS = (zlib.error, OSError, EOFError, lzma.LZMAError, zstandard.ZstdError, ValueError)
