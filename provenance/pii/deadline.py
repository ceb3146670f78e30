"""The time a document's personal-data detection may take: a deadline checked between bounded steps.

Detection runs as a sequence of steps each bounded in work (an NER chunk of at most
``chunking.max_chars`` with token runs capped, one recognizer's linear scan, one phase of the
name logic, linear in the text): checking the clock between them stops a document within
one step of its limit. A deadline, rather than killing the worker process, is what works
in-process too (``workers: 1``, ``provenance redact``), and costs no respawn and model reload
nor the other documents of a killed worker's batch.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class TooSlow(Exception):
    """Detection of a document went over its time limit; its text is withheld with reason ``too_slow``."""


class Deadline:
    """``seconds`` from now on ``clock`` (None: no limit); :meth:`check` raises :class:`TooSlow` once past it."""

    def __init__(self, seconds: float | None, clock: Callable[[], float] = time.monotonic):
        self.seconds = seconds
        self._clock = clock
        self._at = None if seconds is None else clock() + seconds

    def check(self) -> None:
        if self._at is not None and self._clock() > self._at:
            raise TooSlow(f"personal-data detection took more than {self.seconds:g} s")


#: No limit: what callers that set none get.
NO_DEADLINE = Deadline(None)
