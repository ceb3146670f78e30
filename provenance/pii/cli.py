"""The ``provenance redact`` and ``provenance eval-pii`` commands (typer functions; spaCy and Presidio load only when they run)."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import typer

#: Lines (and characters) read from stdin before a batch goes through the NLP pipeline.
BATCH_LINES = 64
BATCH_CHARS = 400_000


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def _load(path: Path | None, contracts: Path | None):
    """The policy at ``path``, else the contracts folder's (``PROVENANCE_CONTRACTS``), else the default."""
    from provenance.contracts import ContractError
    from provenance.pii.policy import load_pii_policy, policy_path

    try:
        return load_pii_policy(path or policy_path(contracts))
    except ContractError as exc:
        _fail(str(exc))


def _parse(line: bytes) -> tuple[dict | None, str | None]:
    """The record on a line, or the reason it is not one (never quoting the line).

    Any line the output could not carry (not UTF-8, an unpaired surrogate, nesting or a number too big
    for Python's json) is refused here, so that nothing raises later and takes other lines with it.
    """
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 (byte {exc.start + 1})"
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON ({exc.msg} at column {exc.colno})"
    except RecursionError:
        return None, "JSON nested too deeply"
    except ValueError:  # int() refuses numbers of more than sys.get_int_max_str_digits() digits
        return None, "a number with too many digits"
    if not isinstance(record, dict):
        return None, f"expected a JSON object, found {type(record).__name__}"
    if "id" not in record:
        return None, "missing 'id'"
    if not isinstance(record.get("text"), str):
        return None, "missing 'text'" if "text" not in record else "'text' is not a string"
    if record.get("lang") is not None and not isinstance(record["lang"], str):
        return None, "'lang' is not a string"
    try:
        json.dumps(record, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return None, "a string with an unpaired UTF-16 surrogate (\\ud800-\\udfff), not encodable as UTF-8"
    except RecursionError:
        return None, "JSON nested too deeply"
    return record, None


def _batches(stream: IO[bytes], lang: str, errors: list[str]) -> Iterator[tuple[list[dict], list[str], list]]:
    records: list[dict] = []
    chars = 0
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        record, problem = _parse(line)
        if record is None:
            errors.append(f"line {number}: {problem}; skipped")
            typer.echo(f"error: stdin line {number}: {problem}; skipped", err=True)
            continue
        records.append(record)
        chars += len(record["text"])
        if len(records) >= BATCH_LINES or chars >= BATCH_CHARS:
            yield _batch(records, lang)
            records, chars = [], 0
    if records:
        yield _batch(records, lang)


def _batch(records: list[dict], lang: str) -> tuple[list[dict], list[str], list]:
    declared = [lang if lang != "auto" else r.get("lang") for r in records]
    return records, [r["text"] for r in records], declared


def redact(
    lang: str = typer.Option("auto", "--lang", help="fr, en, or auto: a record's own 'lang', else detected."),
    workers: int = typer.Option(1, "--workers", min=1, help="Worker processes (one analyzer each)."),
    policy: Path | None = typer.Option(None, "--policy", help="pii_policy.yaml (default: the contracts folder's)."),
) -> None:
    """Redact personal data: JSONL on stdin ({"id", "text", optional "lang", any other fields}) to JSONL on
    stdout (same fields, "text" redacted, "entities": [{start, end, entity_type, score}] in original offsets).

    A line that cannot be a record (not UTF-8, not a JSON object, nested too deeply, a number too long,
    an unpaired surrogate, no id or text) is reported on stderr by its number and problem, never its
    content, and skipped; every other line still comes out, in order, and the exit code is then 1.
    Needs PROVENANCE_PII_KEY.
    """
    from provenance.cli_settings import current_settings
    from provenance.pii.keys import PiiKeyError, load_pii_key

    settings = current_settings()
    if lang not in ("fr", "en", "auto"):
        _fail(f"--lang must be fr, en or auto, not {lang!r}")
    try:
        key = load_pii_key(settings.pii_key)
    except PiiKeyError as exc:
        _fail(str(exc))
    pii_policy = _load(policy, settings.contracts)
    if lang != "auto" and lang not in pii_policy.models:
        _fail(f"--lang {lang}: the policy configures no model for it ({', '.join(pii_policy.models)})")

    from provenance.pii.workers import redact_batches

    errors: list[str] = []
    out = sys.stdout
    # Bytes, decoded line by line: one line that is not UTF-8 is refused alone instead of ending the stream.
    stdin = sys.stdin.buffer
    for records, result in redact_batches(_batches(stdin, lang, errors), pii_policy, key, workers=workers):
        for record, doc in zip(records, result.documents, strict=True):
            redacted = {**record, "text": doc.text, "entities": [span.as_entity() for span in doc.spans]}
            out.write(json.dumps(redacted, ensure_ascii=False) + "\n")
        out.flush()
    if errors:
        typer.echo(f"{len(errors)} line(s) skipped", err=True)
        raise typer.Exit(1)


def eval_pii(
    gold: Path = typer.Argument(
        ..., exists=True, dir_okay=False, help="Gold JSONL: {id, text, lang, spans: [[start, end, label]]}."
    ),
    baseline: bool = typer.Option(True, "--baseline/--no-baseline", help="Also score plain Presidio on the same set."),
    policy: Path | None = typer.Option(None, "--policy", help="pii_policy.yaml (default: the contracts folder's)."),
    show_errors: bool = typer.Option(
        False, "--errors", help="List missed and spurious spans (document id, offsets, type)."
    ),
) -> None:
    """Recall and precision per entity type, person-name word recall and the share of non-PII words
    redacted, for this stage and (side by side, same run) plain Presidio."""
    from provenance.cli_settings import current_settings
    from provenance.pii.detect import PiiDetector
    from provenance.pii.evaluation import GoldError, format_report, load_gold, score_all

    try:
        docs = load_gold(gold)
    except GoldError as exc:
        _fail(str(exc))
    pii_policy = _load(policy, current_settings().contracts)
    texts = [d.text for d in docs]
    detector = PiiDetector(pii_policy)
    langs = [detector.resolver.resolve(d.lang, d.text)[1] for d in docs]
    detector.warm_up(sorted(set(langs)))
    started = time.perf_counter()
    ours = detector.detect(texts, langs)
    ours_seconds = time.perf_counter() - started
    results = {"this stage": score_all(docs, [[(s.start, s.end, s.entity_type) for s in spans] for spans in ours])}
    timing = f"this stage: {ours_seconds:.2f}s"
    if baseline:
        from provenance.pii.baseline import PlainPresidio

        plain = PlainPresidio(dict(pii_policy.models))
        started = time.perf_counter()
        plain_spans = plain.analyze_all(texts, langs)
        plain_seconds = time.perf_counter() - started
        results[PlainPresidio.name] = score_all(docs, plain_spans)
        timing += f", plain Presidio: {plain_seconds:.2f}s"
    words = sum(len(t.split()) for t in texts)
    typer.echo(format_report(results, title=f"{gold}: {len(docs)} documents, {words} words ({timing})"))
    if show_errors:
        for system, by_lang in results.items():
            scores = by_lang["all"]
            typer.echo(f"\n{system}: missed (doc, start, end, label)")
            for miss in scores.missed:
                typer.echo(f"  {miss}")
            typer.echo(f"{system}: spurious (doc, start, end, type)")
            for extra in scores.spurious:
                typer.echo(f"  {extra}")
