"""Reading a dump file's bytes through its compression (gzip, bzip2, xz, zstd), streaming, with truncation detected.

``DecompressedStream`` is a forward reader with a bounded buffer over the decompressed
bytes of a plain or compressed file, multi-member (concatenated gzip members, bzip2/xz
streams, zstd frames) included. It never raises for bad input: reads simply end, and
``error`` says why (``TruncatedStream``: the file ends inside a member; ``CorruptStream``:
the compressed data cannot be decoded). Readers check it when data ends unexpectedly, so
everything decodable before the failure is kept.

It remembers the file offset where each member starts, so a WARC reader can name the
member holding a record (the offset a CDX index would give), and it can go back to an
earlier position of the member being read, which the WARC reader needs to resynchronise
after a record whose declared length lies.
"""

from __future__ import annotations

import bisect
from pathlib import Path

from provenance.ingest.member_decoder import DECODE_ERRORS, STEP_OUTPUT, MemberDecoder
from provenance.ingest.member_hold import MemberHold

GZIP_MAGIC = b"\x1f\x8b"
BZIP2_MAGIC = b"BZh"
XZ_MAGIC = b"\xfd7zXZ\x00"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_MAGICS = {"gzip": GZIP_MAGIC, "bzip2": BZIP2_MAGIC, "xz": XZ_MAGIC, "zstd": ZSTD_MAGIC}

#: Compressed bytes read from the file at a time.
READ_SIZE = 1 << 16
#: Bytes of already-consumed data kept before compacting the buffer.
_COMPACT_AT = 1 << 20
#: A member's bytes are held back until its end marker (and checksum) is read: a corrupt member gives no bytes
#: at all (a WARC record's member, a JSONL chunk's, a one-member archive's). Up to this much in memory, the
#: rest in a temporary file (``member_hold``).
HOLD_LIMIT = 1 << 20


class StreamError(Exception):
    """Why a compressed stream ended early. Offsets are in the compressed file; never quotes content."""

    def __init__(self, codec: str, member_offset: int, stopped_at: int, detail: str):
        self.codec = codec
        #: where the member (gzip member, bzip2/xz stream, zstd frame) that failed starts
        self.member_offset = member_offset
        #: how far into the file reading got
        self.stopped_at = stopped_at
        self.detail = detail
        super().__init__(self.describe())

    def describe(self) -> str:
        return f"{self.codec} {self.detail} (member starting at byte {self.member_offset}, stopped at byte {self.stopped_at})"


class TruncatedStream(StreamError):
    """The file ends before the compressed member's end marker."""


class CorruptStream(StreamError):
    """The compressed bytes cannot be decoded (damaged data or trailing garbage)."""


def sniff_codec(path: Path) -> str | None:
    """The compression of a file from its magic bytes ('gzip', 'bzip2', 'xz', 'zstd'), or None for plain bytes."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    return codec_of(head)


def codec_of(head: bytes) -> str | None:
    for codec, magic in _MAGICS.items():
        if head.startswith(magic):
            return codec
    return None


class DecompressedStream:
    """Forward reader over a file's decompressed bytes. See the module docstring."""

    def __init__(self, path: Path, codec: str | None = "auto", read_size: int = READ_SIZE):
        self.path = Path(path)
        self._fh = open(self.path, "rb")  # noqa: SIM115 (the stream owns the handle: close() and __exit__ close it)
        self.codec = sniff_codec(self.path) if codec == "auto" else codec
        self._read_size = read_size
        self.error: StreamError | None = None
        self._reset(raw_offset=0, position=0)

    # -- state

    def _reset(self, raw_offset: int, position: int, members: list[tuple[int, int]] | None = None) -> None:
        self._drop_holds()
        self._fh.seek(raw_offset)
        self._raw_pos = raw_offset  # bytes read from the file so far
        self._input = b""  # file bytes read but not yet given to a member
        self._member: MemberDecoder | None = None
        self._member_start = raw_offset
        self._buf = bytearray()
        self._held = MemberHold(HOLD_LIMIT)  # the current member's bytes, until its end is checked
        self._releasing: MemberHold | None = None  # a sound member's bytes, given to the buffer in steps
        self._base = position  # decompressed position of _buf[0]
        self._cur = 0  # read cursor into _buf
        self._end = False
        self.error = None
        #: (decompressed position, file offset) where each retained member starts
        self._members: list[tuple[int, int]] = members if members is not None else []

    def close(self) -> None:
        self._drop_holds()
        self._fh.close()

    def _drop_holds(self) -> None:
        for hold in (getattr(self, "_held", None), getattr(self, "_releasing", None)):
            if hold is not None:
                hold.close()

    def __enter__(self) -> DecompressedStream:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def tell(self) -> int:
        """The decompressed position of the next byte to be read."""
        return self._base + self._cur

    @property
    def raw_position(self) -> int:
        """How far into the (compressed) file reading has got."""
        return self._raw_pos - len(self._input)

    def at_end(self) -> bool:
        """True when every byte has been read (cleanly or not)."""
        return self._cur >= len(self._buf) and not self._fill()

    def member_offset(self, position: int | None = None) -> int:
        """The file offset of the member holding decompressed ``position`` (plain files: the position itself)."""
        position = self.tell() if position is None else position
        if self.codec is None:
            return position
        i = bisect.bisect_right(self._members, (position, float("inf"))) - 1
        return self._members[i][1] if i >= 0 else 0

    def at_member_start(self) -> bool:
        """True when the next byte is the first of a compressed member (never for plain files)."""
        if self.codec is None or not self.peek(1):
            return False
        position = self.tell()
        i = bisect.bisect_right(self._members, (position, float("inf"))) - 1
        return i >= 0 and self._members[i][0] == position

    def release_before(self, position: int) -> None:
        """Forget members wholly before ``position``: nothing before it will be sought again."""
        i = bisect.bisect_right(self._members, (position, float("inf"))) - 1
        if i > 0:
            del self._members[:i]

    # -- filling

    def _fill(self) -> bool:
        """Append decompressed bytes to the buffer; False when the data has ended (see ``error``)."""
        if self._releasing is not None:
            chunk = self._releasing.take(STEP_OUTPUT)
            if chunk:
                self._buf += chunk
                return True
            self._releasing.close()
            self._releasing = None
        if self._end:
            return False
        if self.codec is None:
            chunk = self._fh.read(self._read_size)
            self._raw_pos += len(chunk)
            if not chunk:
                self._end = True
                return False
            self._buf += chunk
            return True
        while True:
            member = self._member or self._start_member(self.codec)
            if member is None:
                return False
            data = b""
            file_ended = False
            if member.needs_input():
                if not self._input:
                    self._input = self._fh.read(self._read_size)
                    self._raw_pos += len(self._input)
                    file_ended = not self._input
                data, self._input = self._input, b""
            try:
                out = member.feed(data)
            except DECODE_ERRORS:
                return self._fail(CorruptStream, "data cannot be decoded")
            self._held.add(out)
            if file_ended and not out and not member.eof:
                return self._fail(TruncatedStream, "stream ends before the end of its member")
            if member.eof:
                self._input = member.unused_data + self._input
                self._member = None
                if len(self._held):
                    return self._release()

    def _start_member(self, codec: str) -> MemberDecoder | None:
        """Open the member that starts at the current input, or None when the data has ended (see ``error``)."""
        while len(self._input) < 6:
            more = self._fh.read(self._read_size)
            self._raw_pos += len(more)
            if not more:
                break
            self._input += more
        if not self._input:
            self._end = True
            return None
        if not self._input.startswith(_MAGICS[codec]):
            if not self._input.strip(b"\0"):
                rest = self._fh.read(self._read_size)
                if not rest.strip(b"\0"):
                    # Zero padding after the last member (some writers align files): not data.
                    self._end = True
                    return None
            self._member_start = self.raw_position
            self._fail(CorruptStream, f"bytes after a complete member are not {codec} data")
            return None
        self._member_start = self.raw_position
        position = self._base + len(self._buf)
        if self._members and self._members[-1][0] == position:
            self._members[-1] = (position, self._member_start)  # the previous member held no bytes
        else:
            self._members.append((position, self._member_start))
        self._member = MemberDecoder(codec)
        return self._member

    def _fail(self, kind: type[StreamError], detail: str) -> bool:
        """End the data; True when a truncated member's bytes (sound up to the cut) were released first.
        A corrupt member's bytes are dropped: garbage decoded before the damage was detected is no data."""
        self.error = kind(self.codec or "plain", self._member_start, self.raw_position, detail)
        self._end = True
        self._member = None
        if len(self._held) and kind is TruncatedStream:
            return self._release()
        self._held.close()
        return False

    def _release(self) -> bool:
        """Hand the held member's bytes to the buffer (in steps, see ``_fill``); True: some were appended."""
        self._releasing, self._held = self._held, MemberHold(HOLD_LIMIT)
        return self._fill()

    def resume(self) -> bool:
        """After a corrupt member: go on at the next place in the file where a member of the same codec starts
        (the next gzip member, bzip2 or xz stream, zstd frame). False when there is none, or no corruption."""
        if not isinstance(self.error, CorruptStream) or self.codec is None:
            return False
        offset = self._next_magic(self.error.member_offset + 1)
        if offset is None:
            return False
        self._fh.seek(offset)
        self._raw_pos = offset
        self._input = b""
        self._member = None
        self._end = False
        self.error = None
        return True

    def _next_magic(self, start: int) -> int | None:
        """The file offset of the first member start at or after ``start``."""
        assert self.codec is not None
        magic = GZIP_MAGIC + b"\x08" if self.codec == "gzip" else _MAGICS[self.codec]  # 8: deflate
        self._fh.seek(start)
        carry = b""
        while chunk := self._fh.read(self._read_size):
            found = (carry + chunk).find(magic)
            if found >= 0:
                return start - len(carry) + found
            start += len(chunk)
            carry = (carry + chunk)[-(len(magic) - 1) :]
        return None

    def _compact(self) -> None:
        if self._cur >= _COMPACT_AT and self._cur * 2 >= len(self._buf):
            del self._buf[: self._cur]
            self._base += self._cur
            self._cur = 0

    # -- reading

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes (all remaining when negative); fewer only at the end of the data."""
        if size < 0:
            while self._fill():
                pass
            size = len(self._buf) - self._cur
        while len(self._buf) - self._cur < size and self._fill():
            pass
        out = bytes(self._buf[self._cur : self._cur + size])
        self._cur += len(out)
        self._compact()
        return out

    def skip(self, size: int) -> int:
        """Advance ``size`` bytes without keeping them; returns how many were skipped."""
        done = 0
        while done < size:
            available = len(self._buf) - self._cur
            if not available and not self._fill():
                break
            step = min(size - done, len(self._buf) - self._cur)
            self._cur += step
            done += step
            if self._cur == len(self._buf):
                self._base += self._cur
                self._buf.clear()
                self._cur = 0
        self._compact()
        return done

    def peek(self, size: int) -> bytes:
        """The next ``size`` bytes (fewer at the end) without consuming them."""
        while len(self._buf) - self._cur < size and self._fill():
            pass
        return bytes(self._buf[self._cur : self._cur + size])

    def readline(self, limit: int = 1 << 20) -> bytes:
        """The next line with its b"\\n"; at most ``limit`` bytes (the rest of a longer line follows); b"" at the end."""
        start = scan = self._cur
        while True:
            stop = min(len(self._buf), start + limit)
            i = self._buf.find(b"\n", scan, stop)
            if i >= 0:
                end = i + 1
                break
            if len(self._buf) - start >= limit:
                end = start + limit
                break
            scan = len(self._buf)
            if not self._fill():
                end = len(self._buf)
                break
        line = bytes(self._buf[start:end])
        self._cur = end
        self._compact()
        return line

    def seek(self, position: int) -> None:
        """Go to a decompressed ``position`` at or after the oldest retained member (or in the buffer)."""
        if self._base <= position <= self._base + len(self._buf):
            self._cur = position - self._base
            return
        if self.codec is None:
            self._reset(raw_offset=position, position=position)
            return
        i = bisect.bisect_right(self._members, (position, float("inf"))) - 1
        if i < 0:
            raise ValueError(f"position {position} is before the retained members")
        member_position, member_offset = self._members[i]
        self._reset(raw_offset=member_offset, position=member_position, members=self._members[:i])
        self.skip(position - member_position)
