"""How each format names a record's place in its dump. Readers and the demo generator both use these,
so a record's id (``schema.record_id(source_id, locator)``) can be known before it is read."""

from __future__ import annotations


def jsonl_line(relpath: str, line: int) -> str:
    """1-based line number in the decompressed stream."""
    return f"{relpath}:line={line}"


def parquet_row(relpath: str, row: int) -> str:
    """0-based row index in the file."""
    return f"{relpath}:row={row}"


def warc_record(relpath: str, warc_record_id: str | None, offset: int) -> str:
    """The WARC-Record-ID when the record has one, else its byte offset in the (compressed) file."""
    return f"{relpath}#{warc_record_id}" if warc_record_id else f"{relpath}@{offset}"


def warc_offset(relpath: str, offset: int) -> str:
    """A place in a WARC that holds no readable record (framing broken, stream truncated)."""
    return f"{relpath}@{offset}"


def stream_offset(relpath: str, offset: int) -> str:
    """A place in any other dump (byte offset in the file as stored) where reading failed and no record can be named."""
    return f"{relpath}@{offset}"


def wiki_revision(relpath: str, page_id: int | str, rev_id: int | str) -> str:
    return f"{relpath}#page={page_id}&rev={rev_id}"


def wiki_page(relpath: str, page_id: int | str) -> str:
    """A page whose latest revision is unknown: skipped before its revisions, or cut off while reading them."""
    return f"{relpath}#page={page_id}"


def wiki_page_number(relpath: str, number: int) -> str:
    """The ``number``th (1-based) page of an export whose own id cannot be read (``<id>abc</id>``)."""
    return f"{relpath}#page-number={number}"


def tree_member(relpath: str, member: str) -> str:
    """A file inside a text tree (folder, tar or zip): its path inside the tree, with '/' separators."""
    return f"{relpath}!{member}"


def escaped_name(name: str) -> str:
    """A file or member name as valid text: bytes that were not UTF-8 (surrogate-escaped by os and tarfile)
    become ``\\xe9``, so a locator can always be stored."""
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that stands for no byte
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
