"""The ``redacted_documents`` stage: one dump's documents in, the same documents redacted out, with an audit table.

Reads ingest's ``documents.parquet`` (DOCUMENT_SCHEMA) in bounded batches and writes, into the folder
it is given (:data:`provenance.layout.REDACTION`; :func:`provenance.workspace.publish_stage` publishes it):

- ``documents.parquet`` (REDACTED_DOCUMENT_SCHEMA): every document, text and title redacted, its URL,
  author, locator, rights signals and metadata too (:mod:`provenance.pii.fields`), ``lang`` resolved (record
  or contract, else detected), ``redaction_count``, and the source's ``person_names`` policy (with its
  basis) the document went through. Documents in = out.
- ``redactions.parquet`` (REDACTION_SCHEMA): one row per redacted span, the field it is in (text,
  title, url, author, locator, a signal or ``metadata/<path>``), original offsets in that field, entity type,
  score, recognizer and the keyed HMAC of the value. Never the value.
- its stats (:class:`provenance.stats.RedactStats`, returned): counts per entity type, documents, words,
  languages, the person-name policy.

A title is read on its own, in its text's language, and every name the text's redactions name is
redacted in it too (the full name, or a full name's surname). A headline read as a name where the
text, reading the same words in a sentence, finds none is left alone. The text is read exactly as
it would be without a title.

Every other string field is read after them, by patterns and with the names the text and title
redact (:mod:`provenance.pii.fields` says why not by NER). The author keeps its name (its identifiers
are redacted): the rights stage matches author opt-outs on it and keeps it only where credit is owed.

Under ``person_names: keep`` the policy's PERSON rule is switched off and nothing else: contact
details and identifiers are redacted whatever the contract says, in every field.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from provenance.contracts import PersonNames
from provenance.layout import REDACTED_DOCUMENTS, REDACTIONS
from provenance.pii.context import fold
from provenance.pii.fields import COLUMNS as FIELD_COLUMNS
from provenance.pii.fields import FieldRedactor, RedactedFields
from provenance.pii.keys import value_hmac
from provenance.pii.language import LanguageResolver
from provenance.pii.lexicon import given_names
from provenance.pii.policy import PERSON, PiiPolicy
from provenance.pii.redaction import redact_text
from provenance.pii.spans import Span, merge_spans
from provenance.pii.workers import (
    WITHHELD,
    WITHHELD_PLACEHOLDER,
    RedactedDocument,
    Redactor,
    RedactorPool,
    redact_batches,
)
from provenance.schema import (
    DOCUMENT_SCHEMA,
    PII_DETECTION_FAILED_FLAG,
    REDACTED_DOCUMENT_SCHEMA,
    RedactedField,
)
from provenance.stats import RedactStats
from provenance.vocabulary import Reason
from provenance.workspace import ParquetSink, RowSink

#: Audit rows kept in memory before they are written.
REDACTION_FLUSH_ROWS = 50_000

#: Flag added to a document whose text was withheld because detection failed on it.
WITHHELD_FLAG = PII_DETECTION_FAILED_FLAG

#: Recognizer of a title span that names a person the text's own redactions name.
NAME_FROM_TEXT = "NameFromText"


class RedactInputError(ValueError):
    """The documents file cannot be read as DOCUMENT_SCHEMA. The message names the file and the problem."""


def _check_schema(path: Path, schema: pa.Schema) -> None:
    missing = [f.name for f in DOCUMENT_SCHEMA if f.name not in schema.names]
    if missing:
        raise RedactInputError(f"{path}: not a documents file: missing column(s) {', '.join(missing)}")
    wrong = [
        f"{f.name} is {schema.field(f.name).type}, expected {f.type}"
        for f in DOCUMENT_SCHEMA
        if f.name in ("doc_id", "text", "lang", "dump_id")
        and not schema.field(f.name).type.equals(f.type)
        and not (pa.types.is_large_string(schema.field(f.name).type) and pa.types.is_string(f.type))
    ]
    if wrong:
        raise RedactInputError(f"{path}: unexpected column type(s): {'; '.join(wrong)}")


def _read_batches(path: Path, policy: PiiPolicy) -> Iterator[pa.RecordBatch]:
    """Record batches of at most ``task_docs`` documents and (beyond one document) ``task_chars`` characters."""
    try:
        parquet = pq.ParquetFile(path)
    except FileNotFoundError:
        raise RedactInputError(f"{path}: documents file does not exist") from None
    except (pa.ArrowInvalid, OSError) as exc:
        raise RedactInputError(f"{path}: not a readable Parquet file ({type(exc).__name__})") from None
    _check_schema(path, parquet.schema_arrow)
    for batch in parquet.iter_batches(batch_size=policy.task_docs, columns=DOCUMENT_SCHEMA.names):
        lengths = pc.utf8_length(batch.column("text")).to_pylist()
        start, chars = 0, 0
        for i, n in enumerate(lengths):
            if i > start and chars + (n or 0) > policy.task_chars:
                yield batch.slice(start, i - start)
                start, chars = i, 0
            chars += n or 0
        if start < batch.num_rows:
            yield batch.slice(start, batch.num_rows - start)


@dataclass
class _Fields:
    """One document's redacted text and title, and the audit spans of each (and later of its other fields),
    in each field's own offsets."""

    text: str
    title: str | None
    spans: list[tuple[str, Span, str]]


def _person_values(fields: _Fields, text: str, title: str | None) -> list[tuple[str, float]]:
    """(value, score) of every PERSON span redacted in the text and the title: the names other fields lose too."""
    return [
        ((text if where == RedactedField.TEXT else title or "")[span.start : span.end], span.score)
        for where, span, _ in fields.spans
        if span.entity_type == PERSON
    ]


def _withheld_flags(flags: list[str] | None, failed: str) -> list[str]:
    """A withheld document's flags: detection failed, and ``too_slow`` (its reason) when it went over the time limit."""
    too_slow = {Reason.TOO_SLOW.value} if failed == Reason.TOO_SLOW else set()
    return sorted(set(flags or []) | {WITHHELD_FLAG} | too_slow)


def _withheld(where: RedactedField, value: str, recognizer: str, key: bytes) -> tuple[str, Span, str]:
    return where, Span(0, len(value), WITHHELD, 1.0, recognizer), value_hmac(key, value)


def _fields(
    text_doc: RedactedDocument,
    title_doc: RedactedDocument | None,
    title: str | None,
    text: str,
    policy: PiiPolicy,
    key: bytes,
) -> _Fields:
    """A document's redacted text (as detected in it) and title (as detected in it, plus the text's names)."""
    if text_doc.failed:
        # Nothing was analysed: neither field may go through. One withheld row per field, type only.
        recognizer = text_doc.spans[0].recognizer if text_doc.spans else "detection failed"
        return _Fields(
            WITHHELD_PLACEHOLDER,
            None,
            [_withheld(RedactedField.TEXT, text, recognizer, key)]
            + ([_withheld(RedactedField.TITLE, title, recognizer, key)] if title else []),
        )
    spans: list[tuple[str, Span, str]] = [
        (RedactedField.TEXT, s, h) for s, h in zip(text_doc.spans, text_doc.hmacs, strict=True)
    ]
    if not title or title_doc is None:
        return _Fields(text_doc.text, title, spans)
    if title_doc.failed:
        recognizer = title_doc.spans[0].recognizer if title_doc.spans else "detection failed"
        return _Fields(text_doc.text, None, [*spans, _withheld(RedactedField.TITLE, title, recognizer, key)])
    found = [s for s in title_doc.spans if not _text_reads_otherwise(title[s.start : s.end], s, text, text_doc.spans)]
    title_spans = merge_spans(found + _names_from_text(title, text, text_doc.spans))
    redacted_title, hmacs = redact_text(title, title_spans, policy, key)
    return _Fields(
        text_doc.text,
        redacted_title,
        [(RedactedField.TITLE, s, h) for s, h in zip(title_spans, hmacs, strict=True)] + spans,
    )


def _names_from_text(title: str, text: str, text_spans: list[Span]) -> list[Span]:
    """Where the title names a person the text's redactions name: the full name, or the surname of a
    full name that starts with a given name ("Jean Dupont": "Dupont"; not "Landesbank Berlin").

    Case is ignored (a title may be in capitals) but a match must start with a capital letter, so
    a surname that is also a word ("Rose") is not taken from lower-case prose.
    """
    given = given_names()
    forms: dict[str, Span] = {}
    for span in text_spans:
        if span.entity_type != PERSON:
            continue
        value = text[span.start : span.end].strip()
        words = value.split()
        surname = len(words) > 1 and len(words[-1]) >= 3 and fold(words[0].strip(".,")) in given
        for form in {value, words[-1]} if surname else {value}:
            if form and (form not in forms or span.score > forms[form].score):
                forms[form] = span
    out = []
    for form, span in forms.items():
        for match in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", title, re.IGNORECASE):
            if match.group(0)[0].isupper():
                out.append(Span(match.start(), match.end(), PERSON, span.score, NAME_FROM_TEXT))
    return out


def _text_reads_otherwise(value: str, span: Span, text: str, text_spans: list[Span]) -> bool:
    """Whether the text names ``value`` too and never redacts it as a person.

    A headline is read with little context and in title case ("Library Reopens In Jackson
    Heights"): where the text mentions the same words, its reading, with a sentence around them,
    decides. A name the text never mentions stays redacted in the title.
    """
    if span.entity_type != PERSON:
        return False
    persons = [(s.start, s.end) for s in text_spans if s.entity_type == PERSON]
    mentioned = False
    for found in re.finditer(rf"(?<!\w){re.escape(value)}(?!\w)", text):
        mentioned = True
        if any(start < found.end() and found.start() < end for start, end in persons):
            return False
    return mentioned


def _titles(batch: pa.RecordBatch) -> list[str | None]:
    """Titles worth reading: a blank one is left as it is."""
    return [t if t and t.strip() else None for t in batch.column("title").to_pylist()]


def redact_dump(
    documents_path: Path,
    out_dir: Path,
    *,
    policy: PiiPolicy,
    key: bytes,
    workers: int = 1,
    source_lang: str | None = None,
    person_names: PersonNames | str = PersonNames.REDACT,
    person_names_basis: str | None = None,
    redactor: Redactor | RedactorPool | None = None,
) -> RedactStats:
    """Redact one dump's ``documents.parquet`` into ``out_dir``; see the module docstring for the files.
    Returns the stats; never publishes.

    ``source_lang`` is the contract's language, used for documents that carry none ('auto'
    or None: detect). ``person_names`` and ``person_names_basis`` are the source contract's
    (``keep`` needs its basis). ``workers`` > 1 spreads batches over that many processes; the output
    is identical whatever the number. ``redactor`` reuses already-built analyzers, in this process
    (:class:`Redactor`) or in worker processes (:class:`RedactorPool`); one built for another
    person-name policy is not used.
    """
    documents_path, out_dir = Path(documents_path), Path(out_dir)
    person_names = PersonNames(person_names)
    basis = (person_names_basis or "").strip() or None
    if person_names is PersonNames.KEEP and basis is None:
        raise ValueError("person_names 'keep' needs its written basis (person_names_basis in the source contract)")
    basis = basis if person_names is PersonNames.KEEP else None
    applied = policy.for_person_names(person_names)
    if applied is not policy and getattr(redactor, "policy", None) is not applied:
        redactor = None  # its analyzers would find and redact names this source keeps
    started = time.perf_counter()
    stats = RedactStats(
        policy_version=policy.version,
        policy_sha256=policy.sha256,
        workers=max(1, workers),
        person_names=person_names.value,
        person_names_basis=basis,
        limits=policy.limits,
    )
    contract_lang = None if source_lang in (None, "", "auto") else source_lang
    resolver = LanguageResolver(policy.languages, policy.fallback_language, policy.detection_sample_chars)

    def tasks() -> Iterator[tuple[pa.RecordBatch, list[str], list[str | None]]]:
        for batch in _read_batches(documents_path, policy):
            texts = batch.column("text").to_pylist()
            declared = [lang or contract_lang for lang in batch.column("lang").to_pylist()]
            # Titles after the texts, in the same task, read in the language their text is read in.
            titled = [
                (title, resolver.resolve(lang, text)[1])
                for title, text, lang in zip(_titles(batch), texts, declared, strict=True)
                if title
            ]
            yield batch, texts + [t for t, _ in titled], declared + [lang for _, lang in titled]

    with (
        ParquetSink(out_dir / REDACTED_DOCUMENTS.name, REDACTED_DOCUMENTS.schema) as doc_sink,
        RowSink(out_dir / REDACTIONS.name, REDACTIONS.schema, flush_rows=REDACTION_FLUSH_ROWS) as rows,
    ):
        others = FieldRedactor(applied, key)
        for batch, result in redact_batches(tasks(), applied, key, workers=workers, redactor=redactor):
            doc_sink.write(_redacted_batch(batch, result.documents, applied, key, stats, rows, others))
    stats.seconds = time.perf_counter() - started
    return stats


def _redaction_row(doc_id: str, dump_id: str, where: str, span: Span, hmac_hex: str) -> dict:
    """One REDACTION_SCHEMA row: where the span is, what it is, and the keyed hash of its value (never the value)."""
    return {
        "doc_id": doc_id,
        "dump_id": dump_id,
        "field": str(where),
        "start": span.start,
        "end": span.end,
        "entity_type": span.entity_type,
        "score": round(float(span.score), 6),
        "recognizer": span.recognizer,
        "value_hmac": hmac_hex,
    }


def _redacted_batch(
    batch: pa.RecordBatch,
    results: list[RedactedDocument],
    policy: PiiPolicy,
    key: bytes,
    stats: RedactStats,
    rows: RowSink,
    others: FieldRedactor,
) -> pa.Table:
    """The batch's documents as REDACTED_DOCUMENT_SCHEMA rows; their audit rows go to ``rows``, counts to ``stats``.
    ``results`` holds one result per text, then one per title (see ``tasks`` in :func:`redact_dump`); the
    other fields go through ``others`` (:mod:`provenance.pii.fields`), with the names text and title redact."""
    doc_ids = batch.column("doc_id").to_pylist()
    dump_ids = batch.column("dump_id").to_pylist()
    originals = batch.column("text").to_pylist()
    titles = _titles(batch)
    flags = batch.column("flags").to_pylist()
    documents, title_results = results[: batch.num_rows], iter(results[batch.num_rows :])
    texts, out_titles, counts = [], [], []
    other_fields: list[RedactedFields] = []
    records = batch.select(list(FIELD_COLUMNS)).to_pylist()
    for i, doc in enumerate(documents):
        fields = _fields(doc, next(title_results) if titles[i] else None, titles[i], originals[i], policy, key)
        other_fields.append(others.redact(records[i], _person_values(fields, originals[i], titles[i])))
        fields.spans += [(f.field, f.span, f.value_hmac) for f in other_fields[-1].spans]
        stats.dump_id = stats.dump_id or dump_ids[i]
        stats.documents += 1
        stats.words += len(originals[i].split())
        stats.chars += len(originals[i])
        stats.languages[doc.lang] += 1
        stats.languages_detected += int(doc.detected_lang)
        if doc.failed:
            stats.documents_withheld += 1
            flags[i] = _withheld_flags(flags[i], doc.failed)
        counts.append(len(fields.spans))
        stats.documents_redacted += bool(fields.spans)
        stats.titles_redacted += any(where is RedactedField.TITLE for where, _, _ in fields.spans)
        for where, span, hmac_hex in fields.spans:
            rows.add(_redaction_row(doc_ids[i], dump_ids[i], where, span, hmac_hex))
            if span.entity_type != WITHHELD:
                stats.entities[span.entity_type] += 1
        stats.redactions += len(fields.spans)
        texts.append(fields.text)
        # A blank title was not read: it stays as it was.
        out_titles.append(fields.title if titles[i] or doc.failed else batch.column("title")[i].as_py())
    columns = {
        "text": texts,
        "title": out_titles,
        **{column: [f.values[column] for f in other_fields] for column in FIELD_COLUMNS},
        "lang": [d.lang for d in documents],
        "flags": flags,
    }
    return _redacted_table(batch, columns, counts, stats)


def _redacted_table(
    batch: pa.RecordBatch, columns: dict[str, list], counts: list[int], stats: RedactStats
) -> pa.Table:
    """``batch`` with ``columns`` replaced and the redaction columns added, as REDACTED_DOCUMENT_SCHEMA."""
    table = pa.Table.from_batches([batch])
    for name, values in columns.items():
        table = table.set_column(
            table.schema.get_field_index(name),
            DOCUMENT_SCHEMA.field(name),
            pa.array(values, DOCUMENT_SCHEMA.field(name).type),
        )
    n = table.num_rows
    table = table.append_column(REDACTED_DOCUMENT_SCHEMA.field("redaction_count"), pa.array(counts, pa.int32()))
    table = table.append_column(
        REDACTED_DOCUMENT_SCHEMA.field("person_names"), pa.array([stats.person_names] * n, pa.string())
    )
    table = table.append_column(
        REDACTED_DOCUMENT_SCHEMA.field("person_names_basis"), pa.array([stats.person_names_basis] * n, pa.string())
    )
    return table.cast(REDACTED_DOCUMENT_SCHEMA)
