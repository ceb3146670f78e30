"""Builds the PII gold sets (JSONL with exact character spans) from hand-written passages with inline markup.

Source files ``benchmarks/gold/src/<lang>_<split>*.txt`` hold documents introduced by a header
line ``=== <id> <lang>``; personal data is marked inline as ``[[LABEL|value]]`` (short labels:
P, EMAIL, PHONE, IBAN, NIR, SIREN, SIRET, CC, IP, DOB, ADDR, PASSPORT, CNI, PLATE, URL), so the
offsets are right by construction. Everything else in a passage (organisations, places,
ordinary numbers and dates) is ordinary text that must not be redacted.

    .venv/bin/python benchmarks/gold/build_gold.py     # writes dev.jsonl and heldout.jsonl

``dev`` is what the recognizers were tuned on; ``heldout`` was written at the same time and
is only ever measured, never tuned on.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABELS = {
    "P": "PERSON", "EMAIL": "EMAIL_ADDRESS", "PHONE": "PHONE_NUMBER", "IBAN": "IBAN_CODE", "NIR": "FR_NIR",
    "SIREN": "FR_SIREN", "SIRET": "FR_SIRET", "CC": "CREDIT_CARD", "IP": "IP_ADDRESS", "DOB": "DATE_OF_BIRTH",
    "ADDR": "STREET_ADDRESS", "PASSPORT": "FR_PASSPORT", "CNI": "FR_ID_CARD", "PLATE": "FR_VEHICLE_PLATE",
    "URL": "URL_WITH_CREDENTIALS",
}
MARK = re.compile(r"\[\[([A-Z_]+)\|(.+?)\]\]", re.S)
HEADER = re.compile(r"^=== (\S+) (fr|en)\s*$")


def parse_passage(marked: str) -> tuple[str, list[list]]:
    """Plain text and [start, end, label] spans from marked-up text."""
    out, spans, position = [], [], 0
    length = 0
    for m in MARK.finditer(marked):
        plain = marked[position:m.start()]
        out.append(plain)
        length += len(plain)
        label = LABELS.get(m.group(1), m.group(1))
        value = m.group(2)
        if label not in LABELS.values():
            raise ValueError(f"unknown label {m.group(1)!r}")
        spans.append([length, length + len(value), label])
        out.append(value)
        length += len(value)
        position = m.end()
    out.append(marked[position:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        raise ValueError("unbalanced markup")
    return text, spans


def read_source(path: Path) -> list[dict]:
    docs, current, lines = [], None, []

    def close():
        if current:
            body = "\n".join(lines).strip("\n")
            text, spans = parse_passage(body)
            docs.append({"id": current[0], "lang": current[1], "text": text, "spans": spans})

    for line in path.read_text(encoding="utf-8").splitlines():
        header = HEADER.match(line)
        if header:
            close()
            current, lines = (header.group(1), header.group(2)), []
        elif current:
            lines.append(line)
    close()
    return docs


def main() -> int:
    for split in ("dev", "heldout"):
        docs = []
        for path in sorted((HERE / "src").glob(f"*_{split}*.txt")):
            try:
                docs.extend(read_source(path))
            except ValueError as exc:
                print(f"{path}: {exc}", file=sys.stderr)
                return 1
        ids = [d["id"] for d in docs]
        if len(ids) != len(set(ids)):
            print(f"duplicate ids in {split}", file=sys.stderr)
            return 1
        with open(HERE / f"{split}.jsonl", "w", encoding="utf-8") as fh:
            for doc in docs:
                fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
        words = sum(len(re.findall(r"\w+", d["text"])) for d in docs)
        spans = sum(len(d["spans"]) for d in docs)
        by_lang = {lang: sum(len(d["spans"]) for d in docs if d["lang"] == lang) for lang in ("fr", "en")}
        print(f"{split}: {len(docs)} documents, {words} words, {spans} spans {by_lang}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
