"""Personal data in fields other than the text: how many values the redaction stage changed, per field and type.

Reads a workspace that ``provenance run`` has been through (for instance on the real fixtures, set up as
``tests/test_real_dumps.py`` does) and compares, per dump, ingest's ``documents.parquet`` with the
redaction stage's: how many titles, authors, URLs, locators, rights signals and metadata objects
changed, and the redaction rows of each field by entity type (``redactions.parquet``). The baseline,
named "as ingested", is ingest's value of the same field of the same document.

    PROVENANCE_HOME=... .venv/bin/python benchmarks/pii_fields.py

Prints one table per dump that changed anything, then the totals; never a value.
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq

FIELDS = (
    "title",
    "author",
    "url",
    "locator",
    "metadata",
    "licence",
    "licence_hints",
    "tdm_policy",
    "meta_tdm_policy",
    "x_robots_tag",
    "meta_robots",
)


def _field_kind(field: str) -> str:
    """``metadata/2/0`` -> ``metadata``; ``licence_hints/2`` -> ``licence_hints``."""
    return field.split("/", 1)[0]


def measure(home: Path) -> tuple[dict[str, Counter], dict[str, Counter], dict[str, int]]:
    """Per dump: values changed per field, redaction rows per (field, type), and documents."""
    changed: dict[str, Counter] = {}
    spans: dict[str, Counter] = {}
    documents: dict[str, int] = {}
    for redacted in sorted((home / "staging" / "redacted_documents").glob("*/documents.parquet")):
        dump = redacted.parent.name
        if dump.startswith("."):  # a stage's versioned folder; the dump's name is the link to it
            continue
        ingested = home / "staging" / "documents" / dump / "documents.parquet"
        before = {r["doc_id"]: r for r in pq.read_table(ingested, columns=["doc_id", *FIELDS]).to_pylist()}
        after = pq.read_table(redacted, columns=["doc_id", *FIELDS]).to_pylist()
        documents[dump] = len(after)
        changed[dump] = Counter(f for row in after for f in FIELDS if row[f] != before[row["doc_id"]][f])
        rows = pq.read_table(redacted.with_name("redactions.parquet"), columns=["field", "entity_type"]).to_pylist()
        spans[dump] = Counter((_field_kind(r["field"]), r["entity_type"]) for r in rows if r["field"] != "text")
    return changed, spans, documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, default=Path(os.environ.get("PROVENANCE_HOME", "var")))
    home = parser.parse_args().home
    changed, spans, documents = measure(home)
    total_changed: Counter = Counter()
    total_spans: Counter = Counter()
    for dump in sorted(documents):
        total_changed.update(changed[dump])
        total_spans.update(spans[dump])
        if changed[dump] or spans[dump]:
            print(f"\n{dump}: {documents[dump]} documents")
            for f, n in sorted(changed[dump].items()):
                print(f"  {f:<16} {n:>6} values changed (as ingested: {documents[dump]})")
            for (f, t), n in sorted(spans[dump].items()):
                print(f"  {f:<16} {t:<22} {n:>6} spans")
    print(f"\nall dumps: {sum(documents.values())} documents in {len(documents)} dumps")
    for f in FIELDS:
        print(f"  {f:<16} {total_changed.get(f, 0):>6} values changed")
    for (f, t), n in sorted(total_spans.items()):
        print(f"  {f:<16} {t:<22} {n:>6} spans")


if __name__ == "__main__":
    main()
