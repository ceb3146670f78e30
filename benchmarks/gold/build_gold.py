"""Builds the PII gold sets (JSONL with exact character spans) from hand-written passages with inline markup.

Source files ``benchmarks/gold/src/<lang>_<split>*.txt`` hold documents introduced by a header
line ``=== <id> <lang>``; personal data is marked inline as ``[[LABEL|value]]`` (short labels:
P, EMAIL, PHONE, IBAN, NIR, SIREN, SIRET, CC, IP, DOB, ADDR, PASSPORT, CNI, PLATE, URL), so the
offsets are right by construction. Everything else in a passage (organisations, places,
ordinary numbers and dates) is ordinary text that must not be redacted.

    .venv/bin/python benchmarks/gold/build_gold.py     # writes dev.jsonl, heldout.jsonl and test.jsonl

``dev`` is what the recognizers were tuned on; ``heldout`` was written at the same time and
is only ever measured, never tuned on. ``test`` (``<lang>_test*.txt``) is a larger split written
later by an annotator who never saw the detector's code, word lists or results: measured only.

Every span is checked (``span_problems``): inside its text, a known label, no surrounding
blanks, no honorific inside a PERSON span, no overlap, and for NIR, SIREN, SIRET, IBAN and card
numbers a valid checksum. A problem in any split stops the build, naming the document, the offsets
and the label (never the value), and no split is written.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

from stdnum import iban, luhn
from stdnum.fr import nir, siren, siret

HERE = Path(__file__).resolve().parent
LABELS = {
    "P": "PERSON",
    "EMAIL": "EMAIL_ADDRESS",
    "PHONE": "PHONE_NUMBER",
    "IBAN": "IBAN_CODE",
    "NIR": "FR_NIR",
    "SIREN": "FR_SIREN",
    "SIRET": "FR_SIRET",
    "CC": "CREDIT_CARD",
    "IP": "IP_ADDRESS",
    "DOB": "DATE_OF_BIRTH",
    "ADDR": "STREET_ADDRESS",
    "PASSPORT": "FR_PASSPORT",
    "CNI": "FR_ID_CARD",
    "PLATE": "FR_VEHICLE_PLATE",
    "URL": "URL_WITH_CREDENTIALS",
}
MARK = re.compile(r"\[\[([A-Z_]+)\|(.+?)\]\]", re.S)
HEADER = re.compile(r"^=== (\S+) (fr|en)\s*$")
SPLITS = ("dev", "heldout", "test")
# Identifier types with a check digit; written as people write them, so separators are dropped first.
CHECKSUMS = {
    "FR_NIR": nir.is_valid,
    "FR_SIREN": siren.is_valid,
    "FR_SIRET": siret.is_valid,
    "IBAN_CODE": iban.is_valid,
    "CREDIT_CARD": lambda n: 13 <= len(n) <= 19 and luhn.is_valid(n),
}
# A PERSON span holds the name only (README); a French "M." is Monsieur, an English one an initial.
HONORIFIC = re.compile(
    r"(?:Mmes?|Mlle|MM|Me|Maître|Madame|Monsieur|Mrs?|Ms|Miss|Dr|Sir|Dame|Lord|Lady|Baroness)\.?\s", re.I
)
FRENCH_MONSIEUR = re.compile(r"M\.\s")


def parse_passage(marked: str) -> tuple[str, list[list]]:
    """Plain text and [start, end, label] spans from marked-up text."""
    out, spans, position = [], [], 0
    length = 0
    for m in MARK.finditer(marked):
        plain = marked[position : m.start()]
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


def span_problems(doc: dict) -> list[str]:
    """What is wrong with a built document's spans (empty when nothing): bounds, label, blanks, honorific, overlap, checksum.

    Messages name the document, the offsets and the label, never the value.
    """
    problems, text, previous_end = [], doc["text"], 0
    for start, end, label in sorted(doc["spans"]):
        where = f"{doc['id']} [{start}:{end}] {label}"
        if not 0 <= start < end <= len(text):
            problems.append(f"{where}: span outside the text")
            continue
        value = text[start:end]
        if label not in LABELS.values():
            problems.append(f"{where}: unknown label")
        if value != value.strip():
            problems.append(f"{where}: span starts or ends with a blank")
        if label == "PERSON" and (HONORIFIC.match(value) or (doc["lang"] == "fr" and FRENCH_MONSIEUR.match(value))):
            problems.append(f"{where}: PERSON span starts with an honorific")
        if start < previous_end:
            problems.append(f"{where}: overlaps the previous span")
        previous_end = max(previous_end, end)
        check = CHECKSUMS.get(label)
        if check and not check(re.sub(r"[\s.\-]", "", value)):
            problems.append(f"{where}: invalid checksum")
    return problems


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


def build_split(split: str, sources: Path = HERE / "src") -> tuple[list[dict], list[str]]:
    """The documents of one split from its marked-up sources, and every problem found in them."""
    docs, problems = [], []
    for path in sorted(sources.glob(f"*_{split}*.txt")):
        try:
            docs.extend(read_source(path))
        except ValueError as exc:
            problems.append(f"{path}: {exc}")
    problems.extend(f"{split}: {problem}" for doc in docs for problem in span_problems(doc))
    ids = [d["id"] for d in docs]
    problems.extend(f"{split}: duplicate id {doc_id}" for doc_id, n in Counter(ids).items() if n > 1)
    return docs, problems


def main() -> int:
    built = {split: build_split(split) for split in SPLITS}
    problems = [problem for _, found in built.values() for problem in found]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s): nothing written", file=sys.stderr)
        return 1
    for split in SPLITS:
        docs = built[split][0]
        with open(HERE / f"{split}.jsonl", "w", encoding="utf-8") as fh:
            for doc in docs:
                fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
        words = sum(len(re.findall(r"\w+", d["text"])) for d in docs)
        spans = sum(len(d["spans"]) for d in docs)
        by_lang = {lang: sum(len(d["spans"]) for d in docs if d["lang"] == lang) for lang in ("fr", "en")}
        print(f"{split}: {len(docs)} documents, {words} words, {spans} spans {by_lang}")
        for lang in ("fr", "en"):
            tally = Counter(label for d in docs if d["lang"] == lang for _, _, label in d["spans"])
            print(f"  {lang}: " + ", ".join(f"{label} {n}" for label, n in tally.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
