"""Reading text trees: a folder, tar (plain or compressed) or zip of .txt, .md and .html files, one document per file.

Members are streamed one at a time in a stable order (sorted for folders, archive order
for tar and zip) and named by their path from the tree's root with '/' separators.
HTML goes through the same extraction as web archives (``html.py``); Markdown is kept as
text, its title taken from YAML front matter or its first heading; a .txt file has no title
(a file name is not one: the locator already names the file). Valid UTF-8 is read as UTF-8; other
bytes are decoded with the contract's ``encoding`` (else a detected one) and flagged. Files of other
types, special files (FIFOs, devices: never opened) and links (to a file or a folder, in a folder or an archive:
never followed, so nothing outside the tree is read) are skipped and counted; a "text" file holding
NUL bytes is quarantined as unsupported content, an unreadable file or folder as a reader error; names
that are not UTF-8 are kept with their bytes escaped (``\\xe9``). A cut or corrupt archive stops with one
quarantine row at the member where reading stopped (a corrupt zip member costs only itself); a tar is not
resumed after a corrupt gzip member, since its headers cannot be found again without their alignment. A lone
compressed text file that is cut or corrupt is one quarantine row: no document with a hole is published.
"""

from __future__ import annotations

import functools
import os
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import IO, cast

from provenance.ingest.decode import decode_text
from provenance.ingest.html import html_document
from provenance.ingest.locators import escaped_name, stream_offset, tree_member
from provenance.ingest.markdown import read_markdown
from provenance.ingest.records import Document, Item, Quarantined, QuarantineReason, ReaderContext, Skipped, SkipReason
from provenance.ingest.streams import DecompressedStream
from provenance.ingest.surrogates import storable_document
from provenance.ingest.zip_names import ZipArchive

TEXT_TYPES = {
    ".txt": "text/plain",
    ".text": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "text/html",
}
_COMPRESSED = (".gz", ".bz2", ".xz", ".zst", ".zstd")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_TAR_ERRORS = (tarfile.TarError, EOFError, OSError, ValueError, zlib.error)
#: tarfile's header errors (not in its type stubs): a cut archive, and its normal end.
_CUT_HEADERS = (tarfile.EmptyHeaderError, tarfile.TruncatedHeaderError)  # type: ignore[attr-defined]
_END_HEADER = tarfile.EOFHeaderError  # type: ignore[attr-defined]
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, zlib.error)


class _WatchedTarInfo(tarfile.TarInfo):
    """Records why tarfile stopped: it ends iteration silently on a damaged header after the first member."""

    @classmethod
    def fromtarfile(cls, tarfile_):
        try:
            return super().fromtarfile(tarfile_)
        except tarfile.HeaderError as exc:
            tarfile_.provenance_stop = exc
            raise


def _hidden(name: str) -> bool:
    return any(part.startswith(".") or part == "__MACOSX" for part in PurePosixPath(name).parts)


def _member_name(name: str) -> str:
    """A member's path from the tree root, '/'-separated, without leading './' or '/'."""
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
    return escaped_name("/".join(parts))


class TreeReader:
    """Turns the members of one tree into items; each ``_*_members`` method walks one kind of container."""

    def __init__(self, ctx: ReaderContext):
        self.ctx = ctx
        self.max_bytes = max(8 * ctx.source.max_document_chars, 16 << 20)

    def items(self) -> Iterator[Item]:
        path = self.ctx.path
        if path.is_dir():
            yield from self._folder_members(path)
            return
        with open(path, "rb") as fh:
            head = fh.read(4)
        if head in (b"PK\x03\x04", b"PK\x05\x06"):
            yield from self._zip_members(path)
            return
        with DecompressedStream(path) as stream:
            block = stream.peek(512)
            name = path.name.lower()
            for ext in _COMPRESSED:
                name = name.removesuffix(ext)
            if block[257:262] == b"ustar" or name.endswith(".tar") or path.name.lower().endswith(".tgz"):
                yield from self._tar_members(stream)
            elif Path(name).suffix in TEXT_TYPES:
                yield self._lone_file(Path(name).name, len(block), stream)
            else:
                yield Quarantined(
                    stream_offset(self.ctx.relpath, 0),
                    QuarantineReason.INVALID_RECORD,
                    f"{self.ctx.relpath} is not a folder, a tar or a zip archive of text files",
                )

    # -- containers

    def _folder_members(self, root: Path) -> Iterator[Item]:
        unlisted: list[OSError] = []
        for folder, dirs, files in os.walk(root, onerror=unlisted.append):  # never into a linked folder
            yield from self._unlisted_folders(root, unlisted)
            # A link to a folder is listed with the folders: it is a member too (skipped, with its row), never walked.
            links = [d for d in dirs if (Path(folder) / d).is_symlink()]
            dirs[:] = sorted(d for d in dirs if not _hidden(d) and d not in links)
            for filename in sorted([*files, *links]):
                yield self._folder_member(root, Path(folder) / filename)
        yield from self._unlisted_folders(root, unlisted)

    def _folder_member(self, root: Path, path: Path) -> Item:
        name = escaped_name(path.relative_to(root).as_posix())
        locator = tree_member(self.ctx.relpath, name)
        try:
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                return Skipped(locator, SkipReason.TREE_SYMLINK)
            if not stat.S_ISREG(info.st_mode):
                return Skipped(locator, SkipReason.TREE_OTHER_FILE)  # a FIFO, socket or device: never opened
            return self._member(name, info.st_size, functools.partial(self._read_file, path))
        except OSError as exc:  # gone since it was listed, or unreadable
            return Quarantined(locator, QuarantineReason.READER_ERROR, _unreadable("file", exc))

    def _unlisted_folders(self, root: Path, errors: list[OSError]) -> Iterator[Item]:
        """A sub-folder that cannot be listed: one row for it (os.walk would skip it silently)."""
        while errors:
            exc = errors.pop(0)
            name = escaped_name(Path(exc.filename or root).relative_to(root).as_posix())  # "." for the root itself
            yield Quarantined(
                tree_member(self.ctx.relpath, name), QuarantineReason.READER_ERROR, _unreadable("folder", exc)
            )

    def _tar_members(self, stream: DecompressedStream) -> Iterator[Item]:
        current = None
        archive = None
        try:
            with tarfile.open(fileobj=cast(IO[bytes], stream), mode="r|", tarinfo=_WatchedTarInfo) as archive:
                while (info := archive.next()) is not None:
                    archive.members = []  # type: ignore[attr-defined]  # tarfile keeps every member read; a stream needs none
                    name = _member_name(info.name)
                    if info.isdir() or not name:
                        continue
                    if info.issym() or info.islnk():  # never followed, inside the archive or out of it
                        yield Skipped(tree_member(self.ctx.relpath, name), SkipReason.TREE_SYMLINK)
                        continue
                    if not info.isfile():
                        yield Skipped(tree_member(self.ctx.relpath, name), SkipReason.TREE_OTHER_FILE)
                        continue
                    current = name
                    item = self._member(name, info.size, functools.partial(self._read_tar, archive, info))
                    current = None
                    yield item
        except _TAR_ERRORS as exc:
            yield self._archive_damage(stream, current, exc)
            return
        stop = getattr(archive, "provenance_stop", None)
        if stream.error is not None or isinstance(stop, _CUT_HEADERS):
            yield self._archive_damage(stream, None, EOFError())
        elif stop is not None and not isinstance(stop, _END_HEADER):
            yield Quarantined(
                stream_offset(self.ctx.relpath, archive.offset),
                QuarantineReason.INVALID_RECORD,
                f"{self.ctx.relpath}: the tar header at byte {archive.offset} is invalid "
                f"({type(stop).__name__}); the members after it are unreadable",
            )

    def _archive_damage(self, stream: DecompressedStream, member: str | None, exc: Exception | None) -> Quarantined:
        where = f"member {member!r}" if member else "the next member header"
        locator = (
            tree_member(self.ctx.relpath, member) if member else stream_offset(self.ctx.relpath, stream.raw_position)
        )
        # tarfile's own messages (never the archive's content) tell a cut archive from a damaged one.
        cut = isinstance(exc, EOFError) or (
            isinstance(exc, tarfile.ReadError)
            and any(word in str(exc) for word in ("unexpected end", "truncated", "empty file"))
        )
        if stream.error is not None or cut:
            detail = stream.error.describe() if stream.error is not None else "the archive ends early"
            return Quarantined(
                locator,
                QuarantineReason.TRUNCATED_STREAM,
                f"{self.ctx.relpath}: reading stopped at {where}: {detail}; nothing after it is readable",
            )
        return Quarantined(
            locator,
            QuarantineReason.INVALID_RECORD,
            f"{self.ctx.relpath}: reading stopped at {where}: damaged tar data "
            f"({type(exc).__name__}); nothing after it is readable",
        )

    def _zip_members(self, path: Path) -> Iterator[Item]:
        try:
            opened = ZipArchive(path)
        except _ZIP_ERRORS as exc:
            yield Quarantined(
                stream_offset(self.ctx.relpath, 0),
                QuarantineReason.TRUNCATED_STREAM,
                f"{self.ctx.relpath}: the zip directory cannot be read ({type(exc).__name__}: "
                f"the file is truncated or damaged); none of its members can be listed",
            )
            return
        with opened:
            archive = opened.archive
            for info in archive.infolist():
                name = _member_name(opened.name(info))
                if info.is_dir() or not name:
                    continue
                locator = tree_member(self.ctx.relpath, name)
                if stat.S_ISLNK(info.external_attr >> 16):  # a Unix link: its "content" is where it points
                    yield Skipped(locator, SkipReason.TREE_SYMLINK)
                    continue
                try:
                    item = self._member(name, info.file_size, functools.partial(self._read_zip, archive, info))
                except (NotImplementedError, RuntimeError) as exc:  # unsupported compression, encryption
                    item = Quarantined(
                        locator,
                        QuarantineReason.UNSUPPORTED_CONTENT,
                        f"zip member cannot be opened ({type(exc).__name__}: encrypted or unsupported compression)",
                        info.compress_size,
                    )
                except _ZIP_ERRORS as exc:
                    item = Quarantined(
                        locator,
                        QuarantineReason.INVALID_RECORD,
                        f"zip member is damaged ({type(exc).__name__}); the other members are read",
                        info.compress_size,
                    )
                yield item

    # -- one member

    def _read_file(self, path: Path) -> bytes:
        with open(path, "rb") as fh:
            return fh.read(self.max_bytes + 1)

    def _read_tar(self, archive: tarfile.TarFile, info: tarfile.TarInfo) -> bytes:
        member = archive.extractfile(info)
        return member.read(self.max_bytes + 1) if member is not None else b""

    def _read_zip(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
        with archive.open(info) as fh:
            data = fh.read(self.max_bytes + 1)
            if len(data) <= self.max_bytes:
                fh.read()  # the CRC is checked at the end of the member: reach it
            return data

    def _lone_file(self, name: str, head: int, stream: DecompressedStream) -> Item:
        """A lone (possibly compressed) text file: a tree of one member, published only when its stream is whole
        (a cut or corrupt member would leave a document with a hole, and resuming after it would not fill it)."""
        data = stream.read(self.max_bytes + 1)
        error = stream.error
        if error is None:
            return self._member(name, head, lambda: data)
        return Quarantined(
            tree_member(self.ctx.relpath, name),
            QuarantineReason.TRUNCATED_STREAM,
            f"{self.ctx.relpath}: {error.describe()}; the file's text is incomplete and is not published",
            len(data),
        )

    def _member(self, name: str, size: int, read: Callable[[], bytes]) -> Item:
        locator = tree_member(self.ctx.relpath, name)
        suffix = PurePosixPath(name).suffix.lower()
        if ".." in PurePosixPath(name).parts:  # read in memory, never extracted, but never a document either
            return Skipped(locator, SkipReason.TREE_UNSAFE_NAME)
        if _hidden(name):
            return Skipped(locator, SkipReason.TREE_HIDDEN_FILE)
        if suffix not in TEXT_TYPES:
            return Skipped(locator, SkipReason.TREE_OTHER_FILE)
        if size > self.max_bytes:
            return Quarantined(
                locator,
                QuarantineReason.OVERSIZE,
                f"{size} bytes, above the {self.max_bytes}-byte limit for a file",
                size,
            )
        data = read()
        if len(data) > self.max_bytes:
            return Quarantined(
                locator,
                QuarantineReason.OVERSIZE,
                f"more than {self.max_bytes} bytes, the limit for a file",
                len(data),
            )
        if b"\0" in data and not data.startswith(_UTF16_BOMS):
            return Quarantined(
                locator,
                QuarantineReason.UNSUPPORTED_CONTENT,
                f"binary content (NUL bytes) in a {suffix} file",
                len(data),
            )
        try:
            item = self._document(locator, name, suffix, data)
            return storable_document(item) if isinstance(item, Document) else item
        except Exception as exc:  # a decoder or parser failure costs this file only
            return Quarantined(
                locator,
                QuarantineReason.READER_ERROR,
                # Only the exception's type: parser messages can quote the input, which may hold personal data.
                f"the file's content could not be read ({type(exc).__name__}); the other files of the tree are read",
                len(data),
            )

    def _document(self, locator: str, name: str, suffix: str, data: bytes) -> Item:
        """The document of one text file's bytes."""
        metadata = {"member": name, "bytes": len(data)}
        content_type = TEXT_TYPES[suffix]
        if content_type == "text/html":
            return html_document(
                locator,
                data,
                fallback_charset=_utf8_or(data, self.ctx.source.encoding),
                limits=self.ctx.source.limits,
                content_type=content_type,
                metadata=metadata,
            )
        # The contract's encoding is an assumption for files that are not UTF-8; valid UTF-8 is taken as such.
        declared = "utf-16" if data.startswith(_UTF16_BOMS) else _utf8_or(data, self.ctx.source.encoding)
        text, flags = decode_text(data, declared)
        if text is None:
            return Quarantined(
                locator,
                QuarantineReason.UNKNOWN_ENCODING,
                f"the file's bytes do not decode as {declared or 'any detected encoding'}",
                len(data),
            )
        text = text.lstrip("\ufeff")
        doc = Document(locator=locator, text=text, content_type=content_type, flags=flags, metadata=metadata)
        if content_type == "text/markdown":
            read_markdown(doc)
        return doc


def _unreadable(what: str, exc: OSError) -> str:
    """Why a file or folder is unread: the error's type only (its message repeats the path: the locator)."""
    return f"the {what} cannot be read ({type(exc).__name__}); the other files of the tree are read"


def _utf8_or(data: bytes, assumed: str | None) -> str | None:
    if assumed is None:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return assumed
    return "utf-8"


def read_text_tree(ctx: ReaderContext) -> Iterator[Item]:
    """Every file of a text tree: a Document per .txt/.md/.html file, Skipped for other files."""
    yield from TreeReader(ctx).items()
