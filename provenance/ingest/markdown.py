"""Reading a Markdown file's metadata: title (front matter, else first heading), author, date, licence, language, URL."""

from __future__ import annotations

import re

import yaml

from provenance.ingest.html import primary_language
from provenance.ingest.records import Document

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_MAX_FRONT_MATTER = 16 << 10


def read_markdown(doc: Document) -> None:
    """Title (front matter, else first heading), author, date, licence, language from a Markdown file."""
    text = doc.text
    assert isinstance(text, str)  # Markdown is decoded before it is read
    match = _FRONT_MATTER.match(text[:_MAX_FRONT_MATTER])
    front: dict = {}
    if match:
        try:
            loaded = yaml.safe_load(match.group(1))
        except yaml.YAMLError:
            loaded = None
            doc.flags.append("unparsed_front_matter")
        if isinstance(loaded, dict):
            front = {str(k).lower(): v for k, v in loaded.items()}
        doc.text = text = text[match.end() :]
    heading = None
    lines = text.splitlines()[:200]
    for i, line in enumerate(lines):
        found = _HEADING.match(line)
        if found:
            heading = found.group(1)
            break
        if line.strip() and i + 1 < len(lines) and _SETEXT.match(lines[i + 1]):
            heading = line.strip()
            break

    def scalar(*keys):
        for key in keys:
            value = front.get(key)
            if (isinstance(value, (str, int, float)) and not isinstance(value, bool)) or hasattr(value, "isoformat"):
                return value
        return None

    title = scalar("title")
    doc.title = str(title) if title is not None else heading
    author = front.get("author") or front.get("authors")
    if isinstance(author, list):
        author = ", ".join(str(a) for a in author if isinstance(a, (str, int)))
    doc.author = str(author) if isinstance(author, (str, int)) and str(author).strip() else None
    doc.published_at = scalar("date", "published", "published_at")
    licence = scalar("licence", "license", "rights")
    doc.licence = str(licence) if licence is not None else None
    doc.lang = primary_language(str(scalar("lang", "language") or "")) or None
    url = scalar("url", "source", "canonical_url")
    doc.url = str(url) if isinstance(url, str) and url.startswith(("http://", "https://")) else None
