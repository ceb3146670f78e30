"""Scoring a detector against gold character spans: per-type recall and precision, name words, over-redaction.

Gold files are JSONL, one document per line: ``{"id", "text", "lang", "spans": [[start, end, label], ...]}``.
The measures are redaction measures, because a redacted character is what matters:

- recall of a gold span: every non-space character of it is covered by some predicted span
  (of any type: a name redacted as an address is still gone);
- typed recall: the same, counting only predicted spans of the gold span's own type, so a
  type whose spans are all caught under another label (a URL with credentials redacted as an
  e-mail address) shows it instead of a recall of 1 beside zero predictions of that type;
- precision of a predicted type: its spans that overlap a gold span (of any type);
- person-name word recall: words (``\\w+``) inside gold PERSON spans entirely covered;
- over-redaction: the share of words outside every gold span that a prediction touches.

``typography_variant`` rewrites a gold document in another typography (tokenised, capitals,
hard-wrapped lines) with its spans moved along, so the same gold measures the detector on it.
Reports carry counts and offsets, never the text of a span.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import regex as re

#: The entity types a gold span may be labelled with, named as the PII stage reports them
#: (the demo generator plants exactly these).
PII_TYPES = (
    "PERSON",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "IBAN_CODE",
    "FR_NIR",
    "FR_SIREN",
    "FR_SIRET",
    "CREDIT_CARD",
    "IP_ADDRESS",
    "DATE_OF_BIRTH",
    "STREET_ADDRESS",
    "FR_PASSPORT",
    "FR_ID_CARD",
    "FR_VEHICLE_PLATE",
    "URL_WITH_CREDENTIALS",
)
#: Types that are structured identifiers: every gold one must be gone after redaction.
STRUCTURED_PII_TYPES = (
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "IBAN_CODE",
    "FR_NIR",
    "FR_SIREN",
    "FR_SIRET",
    "CREDIT_CARD",
    "IP_ADDRESS",
)

_WORD = re.compile(r"\w+")


class GoldError(ValueError):
    """A gold file is malformed; the message names the file, the line and the problem."""


@dataclass(frozen=True)
class GoldDoc:
    id: str
    text: str
    lang: str
    spans: tuple[tuple[int, int, str], ...]


def load_gold(path: Path) -> list[GoldDoc]:
    """Read and check a gold JSONL file: offsets inside the text, known labels, unique ids."""
    path = Path(path)
    docs: list[GoldDoc] = []
    seen: set[str] = set()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GoldError(f"{path}: cannot be read ({exc.strerror})") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            doc_id, text, lang = str(record["id"]), record["text"], record.get("lang") or "fr"
            spans = tuple((int(s), int(e), str(label)) for s, e, label in record.get("spans", []))
        except (ValueError, KeyError, TypeError) as exc:
            raise GoldError(
                f"{path}: line {number}: not a gold record ({type(exc).__name__}: expected "
                f"{{'id', 'text', 'lang', 'spans': [[start, end, label], ...]}})"
            ) from None
        for s, e, label in spans:
            if not (0 <= s < e <= len(text)):
                raise GoldError(f"{path}: line {number}: span [{s}, {e}) is outside the text ({len(text)} characters)")
            if label not in PII_TYPES:
                raise GoldError(f"{path}: line {number}: unknown label {label!r} (known: {', '.join(PII_TYPES)})")
        if doc_id in seen:
            raise GoldError(f"{path}: line {number}: duplicate id {doc_id!r}")
        seen.add(doc_id)
        docs.append(GoldDoc(doc_id, text, lang, spans))
    return docs


@dataclass
class Scores:
    """Counts for one system over a set of documents (one language or all)."""

    gold: Counter = field(default_factory=Counter)
    recalled: Counter = field(default_factory=Counter)
    #: gold spans covered by predicted spans of their own type
    recalled_as_type: Counter = field(default_factory=Counter)
    predicted: Counter = field(default_factory=Counter)
    correct: Counter = field(default_factory=Counter)
    name_words: int = 0
    name_words_recalled: int = 0
    other_words: int = 0
    other_words_redacted: int = 0
    #: (doc id, start, end, label) of gold spans not fully redacted: offsets only
    missed: list[tuple[str, int, int, str]] = field(default_factory=list)
    #: (doc id, start, end, type) of predicted spans touching no gold span
    spurious: list[tuple[str, int, int, str]] = field(default_factory=list)

    def recall(self, label: str) -> float | None:
        return self.recalled[label] / self.gold[label] if self.gold[label] else None

    def typed_recall(self, label: str) -> float | None:
        return self.recalled_as_type[label] / self.gold[label] if self.gold[label] else None

    def precision(self, label: str) -> float | None:
        return self.correct[label] / self.predicted[label] if self.predicted[label] else None

    @property
    def name_word_recall(self) -> float | None:
        return self.name_words_recalled / self.name_words if self.name_words else None

    @property
    def over_redaction(self) -> float | None:
        return self.other_words_redacted / self.other_words if self.other_words else None

    def structured_recall(self, types: Iterable[str] = STRUCTURED_PII_TYPES) -> float | None:
        gold = sum(self.gold[t] for t in types)
        return sum(self.recalled[t] for t in types) / gold if gold else None


def score_document(doc: GoldDoc, predicted: Sequence[tuple[int, int, str]], scores: Scores) -> None:
    """Add one document's counts to ``scores``."""
    covered = bytearray(len(doc.text) + 1)
    for s, e, _ in predicted:
        covered[max(0, s) : max(0, min(e, len(doc.text)))] = b"\x01" * (max(0, min(e, len(doc.text))) - max(0, s))
    covered_by_type: dict[str, bytearray] = {}
    for label in {label for _, _, label in doc.spans}:
        mine = covered_by_type[label] = bytearray(len(doc.text) + 1)
        for s, e, entity_type in predicted:
            if entity_type == label:
                start, end = max(0, s), max(0, min(e, len(doc.text)))
                mine[start:end] = b"\x01" * max(0, end - start)
    in_gold = bytearray(len(doc.text) + 1)
    for s, e, label in doc.spans:
        in_gold[s:e] = b"\x01" * (e - s)
        scores.gold[label] += 1
        if all(covered[i] or doc.text[i].isspace() for i in range(s, e)):
            scores.recalled[label] += 1
        else:
            scores.missed.append((doc.id, s, e, label))
        same_type = covered_by_type[label]
        if all(same_type[i] or doc.text[i].isspace() for i in range(s, e)):
            scores.recalled_as_type[label] += 1
    for s, e, entity_type in predicted:
        scores.predicted[entity_type] += 1
        if any(in_gold[max(0, s) : e]):
            scores.correct[entity_type] += 1
        else:
            scores.spurious.append((doc.id, s, e, entity_type))
    person = bytearray(len(doc.text) + 1)
    for s, e, label in doc.spans:
        if label == "PERSON":
            person[s:e] = b"\x01" * (e - s)
    for m in _WORD.finditer(doc.text):
        s, e = m.span()
        if all(person[s:e]):
            scores.name_words += 1
            scores.name_words_recalled += int(all(covered[s:e]))
        elif not any(in_gold[s:e]):
            scores.other_words += 1
            scores.other_words_redacted += int(any(covered[s:e]))


def score_all(docs: Sequence[GoldDoc], predictions: Sequence[Sequence[tuple[int, int, str]]]) -> dict[str, Scores]:
    """Scores per language and over ``"all"``."""
    by_lang: dict[str, Scores] = defaultdict(Scores)
    for doc, predicted in zip(docs, predictions, strict=True):
        score_document(doc, predicted, by_lang[doc.lang])
        score_document(doc, predicted, by_lang["all"])
    return dict(by_lang)


#: The issue's targets on realistic text.
TARGETS = {"name_word_recall": 0.95, "over_redaction": 0.03, "structured_recall": 0.99}
#: Targets on real, independently annotated corpora (issue 10), and the recall a typography may cost.
REAL_TEXT_TARGETS = {"name_word_recall": 0.95, "over_redaction": 0.015, "typography_loss": 0.03}


# ----------------------------------------------------------------------------- typography variants

TYPOGRAPHIES = ("natural", "tokenised", "capitals", "line-broken")
_PUNCTUATION = re.compile(r"[^\w\s]")


def _rewrite(doc: GoldDoc, pieces: Sequence[str], between: Sequence[str], kind: str) -> GoldDoc:
    """A document whose i-th character became ``pieces[i]``, with ``between[i]`` inserted before it."""
    starts, ends, out, position = [], [], [], 0
    for before, piece in zip(between, pieces, strict=True):
        out.append(before)
        position += len(before)
        starts.append(position)
        out.append(piece)
        position += len(piece)
        ends.append(position)
    spans = tuple((starts[s], ends[e - 1], label) for s, e, label in doc.spans)
    return GoldDoc(f"{doc.id}/{kind}", "".join(out), doc.lang, spans)


def _tokenised(text: str) -> list[str]:
    """What goes before each character so that punctuation and apostrophes stand apart: ``M . Dupont , l ' Etat``."""
    between = [""] * len(text)
    for i, char in enumerate(text):
        if not _PUNCTUATION.match(char):
            continue
        if i and not text[i - 1].isspace() and not between[i]:
            between[i] = " "
        if i + 1 < len(text) and not text[i + 1].isspace():
            between[i + 1] = " "
    return between


def _wrapped(text: str, width: int) -> list[str]:
    """Each space that a greedy hard wrap at ``width`` columns turns into a line break, as a piece."""
    pieces = list(text)
    column, last_space = 0, None
    for i, char in enumerate(text):
        if char == "\n":
            column, last_space = 0, None
            continue
        column += 1
        if char == " ":
            last_space = i
        if column > width and last_space is not None:
            pieces[last_space] = "\n"
            column = i - last_space
            last_space = None
    return pieces


def typography_variant(doc: GoldDoc, kind: str, width: int = 70) -> GoldDoc:
    """The document in another typography, its gold spans on the same characters.

    - ``tokenised``: a space on each side of every punctuation mark and apostrophe (``M . C .
      Whomersley , du Foreign Office``, ``l ' Etat``), as NLP corpora and some dumps have it;
    - ``capitals``: every letter upper-cased (headlines, forms, old registers);
    - ``line-broken``: hard-wrapped at ``width`` columns, a line break for a space, as in plain-text
      mail, OCR and fixed-width dumps (no hyphenation);
    - ``natural``: the document itself.
    Words (``\\w+``) stay the same words, so word-level scores compare across typographies.
    """
    if kind == "natural":
        return doc
    text = doc.text
    if kind == "tokenised":
        return _rewrite(doc, list(text), _tokenised(text), kind)
    if kind == "capitals":
        return _rewrite(doc, [c.upper() for c in text], [""] * len(text), kind)
    if kind == "line-broken":
        return _rewrite(doc, _wrapped(text, width), [""] * len(text), kind)
    raise ValueError(f"unknown typography {kind!r} (known: {', '.join(TYPOGRAPHIES)})")


def _fmt(value: float | None) -> str:
    return "   -  " if value is None else f"{value:6.3f}"


def format_report(results: Mapping[str, Mapping[str, Scores]], title: str = "") -> str:
    """A side-by-side table: ``results`` maps a system name to its scores per language."""
    systems = list(results)
    languages = sorted(
        {lang for scores in results.values() for lang in scores}, key=lambda lang: (lang == "all", lang)
    )
    lines = [title] if title else []
    for lang in languages:
        present = [s for s in systems if lang in results[s]]
        if not present:
            continue
        ref = results[present[0]][lang]
        docs_words = ref.name_words + ref.other_words
        lines.append(
            f"\n== {lang}: {sum(ref.gold.values())} gold spans, {ref.name_words} name words, "
            f"{ref.other_words} other words ({docs_words} words)"
        )
        header = f"{'type':<22}{'gold':>6}" + "".join(f" | {s[:31]:^31}" for s in present)
        lines.append(header)
        lines.append(
            f"{'':<28}" + "".join(f" | {'recall':>7} {'typed':>6} {'prec':>7} {'pred':>6}  " for _ in present)
        )
        types = [t for t in PII_TYPES if ref.gold[t]] + sorted(
            {t for s in present for t in results[s][lang].predicted if not ref.gold[t]}
        )
        for t in types:
            row = f"{t:<22}{ref.gold[t]:>6}"
            for s in present:
                sc = results[s][lang]
                row += f" | {_fmt(sc.recall(t)):>7} {_fmt(sc.typed_recall(t)):>6} {_fmt(sc.precision(t)):>7} {sc.predicted[t]:>6}  "
            lines.append(row)
        lines.append("")
        for label, getter, target, better in (
            ("person-name word recall", lambda sc: sc.name_word_recall, TARGETS["name_word_recall"], "ge"),
            ("non-PII words redacted", lambda sc: sc.over_redaction, TARGETS["over_redaction"], "le"),
            ("structured id recall", lambda sc: sc.structured_recall(), TARGETS["structured_recall"], "ge"),
        ):
            row = f"{label:<28}"
            for s in present:
                value = getter(results[s][lang])
                ok = value is not None and (value >= target if better == "ge" else value <= target)
                mark = "" if value is None else ("ok" if ok else "MISS")
                row += f" | {_fmt(value):>7} {mark:<4}{'':>20}"
            lines.append(row + f"   (target {'>=' if better == 'ge' else '<='} {target})")
    return "\n".join(lines)
