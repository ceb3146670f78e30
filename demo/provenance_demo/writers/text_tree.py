"""Text trees as .tar.gz: .txt, .md (with YAML front matter) and .html members, plus files readers must skip."""

from __future__ import annotations

import gzip
import io
import tarfile
from pathlib import Path

import yaml

from provenance.ingest.locators import tree_member
from provenance_demo.entry import Entry
from provenance_demo.writers import FIXED_MTIME
from provenance_demo.writers.html import render_page


def member_bytes(entry: Entry, site_name: str) -> bytes:
    """A member's bytes: its text in its encoding, behind front matter for Markdown, as a page for HTML."""
    name = entry.member
    if name.endswith(".html"):
        return render_page(entry, site_name).encode("utf-8")
    text = entry.text or ""
    if name.endswith(".md") and entry.front_matter:
        front = yaml.safe_dump(entry.front_matter, allow_unicode=True, sort_keys=False, default_flow_style=False)
        text = f"---\n{front}---\n{text}"
    return text.encode(entry.encoding)


def write_tree(
    path: Path, relpath: str, entries: list[Entry], others: dict[str, bytes], site_name: str
) -> list[tuple[str, str]]:
    """Write the tar.gz (members in the given order, then ``others``); set locators; return the skipped members."""
    buffer = io.BytesIO()
    with (
        gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=6) as gz,
        tarfile.open(fileobj=gz, mode="w", format=tarfile.USTAR_FORMAT) as tar,
    ):
        members = [(e.member, member_bytes(e, site_name), e) for e in entries]
        members += [(name, data, None) for name, data in others.items()]
        for name, data, entry in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = FIXED_MTIME
            info.mode = 0o644
            info.uname = info.gname = "cdj"
            tar.addfile(info, io.BytesIO(data))
            if entry is not None:
                entry.locator = tree_member(relpath, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return [(tree_member(relpath, name), "tree_other_file") for name in others]
