"""Opening a zip whose member names lie about their encoding: every member listed, each name read from its bytes.

zipfile decodes every name when it opens an archive, as UTF-8 when the entry's UTF-8 flag (general purpose
bit 11) is set: one name flagged UTF-8 whose bytes are not (a latin-1 name written by a careless tool) makes
the whole archive unopenable, and its good members would be lost. Such an archive is opened through a view
of the file in which the flag of the lying entries is cleared (in the central directory, then in each member's
local header), so zipfile reads the name as the bytes it is; the name is then kept with those bytes escaped
(``\\xe9``), as tar names are. The reverse lie (UTF-8 bytes without the flag, as many archivers write) is
read as UTF-8; unflagged names that are not UTF-8 are code page 437, as the format says.
"""

from __future__ import annotations

import bisect
import io
import zipfile
from pathlib import Path
from typing import IO, TYPE_CHECKING, cast

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

_UTF8_FLAG_HIGH_BYTE = 0x08  # bit 11 of the little-endian flags: bit 3 of their second byte
_CENTRAL_ENTRY = b"PK\x01\x02"
_CENTRAL_SIZE = 46  # fixed part of a central directory entry
_LOCAL_FLAGS_HIGH = 7  # offset of the flags' second byte in a local file header


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class _PatchedFile(io.RawIOBase):
    """A read-only view of a file with single bytes replaced at given offsets."""

    def __init__(self, fh: IO[bytes]):
        self._fh = fh
        self._patches: dict[int, int] = {}
        self._offsets: list[int] = []  # the patched offsets, sorted: a read looks up only its own range

    def patch(self, offset: int, value: int) -> None:
        if offset not in self._patches:
            bisect.insort(self._offsets, offset)
        self._patches[offset] = value

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._fh.seek(offset, whence)

    def tell(self) -> int:
        return self._fh.tell()

    def readinto(self, buffer: WriteableBuffer) -> int:
        out = memoryview(buffer).cast("B")
        start = self._fh.tell()
        data = self._fh.read(len(out))
        out[: len(data)] = data
        first, last = bisect.bisect_left(self._offsets, start), bisect.bisect_left(self._offsets, start + len(data))
        for offset in self._offsets[first:last]:
            out[offset - start] = self._patches[offset]
        return len(data)


class ZipArchive:
    """A zip opened for reading, its lying entries' flags cleared (see the module docstring); a context manager."""

    def __init__(self, path: Path):
        self._fh: IO[bytes] | None = None
        self._lying: set[int] = set()  # header offsets of the entries flagged UTF-8 whose names are not
        try:
            self.archive = zipfile.ZipFile(path)
        except UnicodeDecodeError:
            self.archive = self._open_patched(path)

    def _open_patched(self, path: Path) -> zipfile.ZipFile:
        self._fh = open(path, "rb")  # noqa: SIM115 (closed by close())
        endrec = zipfile._EndRecData(self._fh)  # type: ignore[attr-defined]  # zipfile's own locator of the directory
        if not endrec:
            raise zipfile.BadZipFile("File is not a zip file")
        size = endrec[zipfile._ECD_SIZE]  # type: ignore[attr-defined]
        start = endrec[zipfile._ECD_LOCATION] - size  # type: ignore[attr-defined]  # as zipfile computes it
        if endrec[0] == zipfile.stringEndArchive64:  # type: ignore[attr-defined]
            start -= zipfile.sizeEndCentDir64 + zipfile.sizeEndCentDir64Locator  # type: ignore[attr-defined]
        self._fh.seek(start)
        directory = self._fh.read(size)
        view = _PatchedFile(self._fh)
        lying = []
        pos = 0
        while directory[pos : pos + 4] == _CENTRAL_ENTRY and pos + _CENTRAL_SIZE <= len(directory):
            flags_high = directory[pos + 9]
            lengths = [int.from_bytes(directory[pos + i : pos + i + 2], "little") for i in (28, 30, 32)]
            name = directory[pos + _CENTRAL_SIZE : pos + _CENTRAL_SIZE + lengths[0]]
            lie = bool(flags_high & _UTF8_FLAG_HIGH_BYTE) and not _is_utf8(name)
            if lie:
                view.patch(start + pos + 9, flags_high & ~_UTF8_FLAG_HIGH_BYTE)
            lying.append(lie)
            pos += _CENTRAL_SIZE + sum(lengths)
        archive = zipfile.ZipFile(cast(IO[bytes], view))
        for info, lie in zip(archive.infolist(), lying, strict=False):
            if lie:
                self._lying.add(info.header_offset)
                self._fh.seek(info.header_offset + _LOCAL_FLAGS_HIGH)
                high = self._fh.read(1)
                if high:
                    view.patch(info.header_offset + _LOCAL_FLAGS_HIGH, high[0] & ~_UTF8_FLAG_HIGH_BYTE)
        return archive

    def name(self, info: zipfile.ZipInfo) -> str:
        """The member's name as text; bytes that are no UTF-8 in a name flagged UTF-8 are surrogate-escaped."""
        if info.flag_bits & 0x800:
            return info.filename
        raw = info.filename.encode("cp437")
        if _is_utf8(raw):
            return raw.decode("utf-8")
        return raw.decode("utf-8", "surrogateescape") if info.header_offset in self._lying else info.filename

    def close(self) -> None:
        self.archive.close()
        if self._fh is not None:
            self._fh.close()

    def __enter__(self) -> ZipArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
