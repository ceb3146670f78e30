"""A compressed member's decoded bytes, held until its checksum is read: in memory up to a limit, then spooled.

A gzip member's CRC-32 (an xz block's check, a zstd frame's checksum) comes after its data, so bytes decoded
from a damaged member are known bad only at its end. ``DecompressedStream`` therefore gives a member's bytes
to readers only once the member has ended soundly. Holding them all in memory would make memory grow with the
member (a one-member .tar.gz or .xml.bz2 is the whole dump), so past ``limit`` bytes they go to an anonymous
temporary file (deleted when closed, or by the system if the process dies) and are read back in steps.
"""

from __future__ import annotations

import tempfile
from typing import IO


class MemberHold:
    """Bytes added while a member is decoded, then taken back in order, in bounded steps."""

    def __init__(self, limit: int):
        self._limit = limit
        self._memory = bytearray()
        self._spool: IO[bytes] | None = None
        self._size = 0
        self._taken = 0

    def __len__(self) -> int:
        """Bytes held and not yet taken."""
        return self._size - self._taken

    def add(self, data: bytes) -> None:
        if self._spool is None and len(self._memory) + len(data) > self._limit:
            self._spool = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close(), unlinked from the start)
            self._spool.write(self._memory)
            self._memory = bytearray()
        if self._spool is not None:
            self._spool.write(data)
        else:
            self._memory += data
        self._size += len(data)

    def take(self, size: int) -> bytes:
        """The next ``size`` held bytes at most (b"" when all are taken); nothing may be added after the first take."""
        if self._spool is None:
            out = bytes(self._memory[self._taken : self._taken + size])
        else:
            if not self._taken:
                self._spool.seek(0)
            out = self._spool.read(size)
        self._taken += len(out)
        return out

    def close(self) -> None:
        """Forget the bytes (a corrupt member's, or the rest after the stream is closed)."""
        if self._spool is not None:
            self._spool.close()
            self._spool = None
        self._memory = bytearray()
        self._size = self._taken = 0
