"""Redacting batches of documents, in this process or spread over worker processes with one analyzer each.

Workers are started with the 'spawn' method (no fork of a process holding threads or open
files); each builds its analyzers once. At most ``2 x workers`` batches are in flight, so
memory stays flat whatever the dump size, and results come back in submission order, so
the output is the same whatever the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import TypeVar

from provenance.pii.deadline import Deadline, TooSlow
from provenance.pii.detect import PiiDetector
from provenance.pii.policy import PiiPolicy
from provenance.pii.redaction import redact_text
from provenance.pii.spans import Span
from provenance.vocabulary import Reason

#: Entity type of the single audit row written when detection failed on a document and its
#: whole text was withheld rather than let through unredacted.
WITHHELD = "WITHHELD_DOCUMENT"
WITHHELD_PLACEHOLDER = "[DOCUMENT WITHHELD: personal-data detection failed]"


T = TypeVar("T")


@dataclass
class RedactedDocument:
    text: str
    lang: str
    detected_lang: bool
    spans: list[Span]
    hmacs: list[str]
    #: why detection produced nothing: an exception's type name, or ``too_slow`` (over the policy's time limit)
    failed: str | None = None


@dataclass
class BatchResult:
    documents: list[RedactedDocument] = field(default_factory=list)


class Redactor:
    """Language resolution, detection and redaction of batches of documents, in this process."""

    def __init__(
        self,
        policy: PiiPolicy,
        key: bytes,
        detector: PiiDetector | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.policy = policy
        self.key = key
        self.clock = clock
        self.detector = detector if detector is not None and detector.policy is policy else PiiDetector(policy)

    def warm_up(self) -> None:
        self.detector.warm_up()

    def map(self, batches: Iterable[tuple[T, Sequence[str], Sequence[str | None]]]) -> Iterator[tuple[T, BatchResult]]:
        for tag, texts, declared in batches:
            yield tag, self.redact_batch(texts, declared)

    def _deadline(self) -> Deadline:
        return Deadline(self.policy.seconds_per_document, self.clock)

    def redact_batch(self, texts: Sequence[str], declared: Sequence[str | None]) -> BatchResult:
        """Each text redacted; one whose detection failed, or took over the policy's ``seconds_per_document``
        (:class:`provenance.pii.deadline.TooSlow`), is withheld whole with the reason in ``failed``."""
        resolved = [self.detector.resolver.resolve(lang, text) for text, lang in zip(texts, declared, strict=True)]
        analyzer_langs = [r[1] for r in resolved]
        all_spans: Sequence[list[Span] | Exception]
        try:
            # The batch reads as one (one nlp.pipe) within one document's time: a document over the limit
            # alone takes the batch over it too, and is found when each is read again alone.
            all_spans = self.detector.detect(texts, analyzer_langs, self._deadline())
        except Exception:
            # Which document failed or took the time: each again alone, with its own limit.
            one_by_one: list[list[Span] | Exception] = []
            for text, lang in zip(texts, analyzer_langs, strict=True):
                try:
                    one_by_one.append(self.detector.detect([text], [lang], self._deadline())[0])
                except Exception as exc:
                    one_by_one.append(exc)
            all_spans = one_by_one
        result = BatchResult()
        for text, (lang, _, detected), spans in zip(texts, resolved, all_spans, strict=True):
            if isinstance(spans, Exception):
                result.documents.append(self._withheld(text, lang, detected, spans))
                continue
            redacted, hmacs = redact_text(text, spans, self.policy, self.key)
            result.documents.append(RedactedDocument(redacted, lang, detected, spans, hmacs))
        return result

    def _withheld(self, text: str, lang: str, detected: bool, error: Exception) -> RedactedDocument:
        """Never let an unanalysed text through: withheld whole, with why (type or limit only, no content)."""
        if isinstance(error, TooSlow):
            why, failed = f"detection stopped: over {self.policy.seconds_per_document:g} s", Reason.TOO_SLOW.value
        else:
            why, failed = f"detection failed: {type(error).__name__}", type(error).__name__
        withheld = Span(0, len(text), WITHHELD, 1.0, why)
        _, hmacs = redact_text(text, [withheld], self.policy, self.key)
        return RedactedDocument(WITHHELD_PLACEHOLDER, lang, detected, [withheld], hmacs, failed=failed)


# ----------------------------------------------------------------------------- worker processes

_REDACTOR: Redactor | None = None


def _init_worker(policy: PiiPolicy, key: bytes) -> None:
    global _REDACTOR  # noqa: PLW0603 (a process pool's initializer keeps its worker's redactor in a global)
    _REDACTOR = Redactor(policy, key)
    _REDACTOR.warm_up()


def _redact_in_worker(texts: Sequence[str], declared: Sequence[str | None]) -> BatchResult:
    assert _REDACTOR is not None, "worker not initialised"
    return _REDACTOR.redact_batch(texts, declared)


def _worker_pid(pause: float) -> int:
    time.sleep(pause)
    return os.getpid()


class RedactorPool:
    """``workers`` processes, each with its own analyzers, redacting batches in submission order.

    Use as a context manager; :meth:`warm_up` waits until every worker has built its analyzers
    (benchmarks time the steady state with it; the stage does not need it).
    """

    def __init__(self, policy: PiiPolicy, key: bytes, workers: int):
        self.workers = workers
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(policy, key),
        )

    def __enter__(self) -> RedactorPool:
        return self

    def __exit__(self, *exc) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def warm_up(self, max_rounds: int = 50) -> None:
        seen: set[int] = set()
        for _ in range(max_rounds):
            futures = [self._pool.submit(_worker_pid, 0.2) for _ in range(self.workers)]
            seen.update(f.result() for f in futures)
            if len(seen) >= self.workers:
                return

    def map(self, batches: Iterable[tuple[T, Sequence[str], Sequence[str | None]]]) -> Iterator[tuple[T, BatchResult]]:
        try:
            yield from _ordered(self._pool.submit, _redact_in_worker, batches, max_in_flight=2 * self.workers)
        except BrokenProcessPool:
            raise RuntimeError(
                "a personal-data worker process died (out of memory, killed, or the calling script "
                'starts workers without an `if __name__ == "__main__":` guard); nothing was published. '
                "Re-run with workers=1 to redact in-process."
            ) from None


def redact_batches(
    batches: Iterable[tuple[T, Sequence[str], Sequence[str | None]]],
    policy: PiiPolicy,
    key: bytes,
    workers: int = 1,
    redactor: Redactor | RedactorPool | None = None,
) -> Iterator[tuple[T, BatchResult]]:
    """``(tag, texts, declared languages)`` in, ``(tag, result)`` out, in the same order.

    With ``redactor`` (an in-process :class:`Redactor` or a :class:`RedactorPool`), its analyzers
    are reused; otherwise ``workers <= 1`` redacts in this process and more start a pool.
    """
    if redactor is not None:
        yield from redactor.map(batches)
    elif workers <= 1:
        yield from Redactor(policy, key).map(batches)
    else:
        with RedactorPool(policy, key, workers) as pool:
            yield from pool.map(batches)


def _ordered(submit: Callable[..., Future], fn: Callable, batches: Iterable, max_in_flight: int) -> Iterator:
    pending: deque[tuple[object, Future]] = deque()
    for tag, texts, declared in batches:
        pending.append((tag, submit(fn, list(texts), list(declared))))
        if len(pending) >= max_in_flight:
            tag0, future = pending.popleft()
            yield tag0, future.result()
    while pending:
        tag0, future = pending.popleft()
        yield tag0, future.result()
