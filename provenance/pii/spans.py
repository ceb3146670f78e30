"""A detected span of personal data, and how overlapping detections become one redaction each."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

#: On equal scores, which type names a merged span: structured identifiers before names,
#: because their placeholder tells a reader more and their detection is exact.
_TYPE_RANK = {
    "URL_WITH_CREDENTIALS": 0,
    "EMAIL_ADDRESS": 1,
    "IBAN_CODE": 2,
    "CREDIT_CARD": 3,
    "FR_NIR": 4,
    "FR_SIRET": 5,
    "FR_SIREN": 6,
    "PHONE_NUMBER": 7,
    "IP_ADDRESS": 8,
    "FR_PASSPORT": 9,
    "FR_ID_CARD": 10,
    "FR_VEHICLE_PLATE": 11,
    "DATE_OF_BIRTH": 12,
    "STREET_ADDRESS": 13,
    "PERSON": 14,
    "ORGANIZATION": 15,
    "LOCATION": 16,
}


@dataclass(frozen=True, slots=True)
class Span:
    """``[start, end)`` in the original text, its entity type, score and the recognizer that found it."""

    start: int
    end: int
    entity_type: str
    score: float
    recognizer: str

    def as_entity(self) -> dict:
        return {"start": self.start, "end": self.end, "entity_type": self.entity_type, "score": round(self.score, 4)}


def _better(a: Span, b: Span) -> bool:
    """Whether ``a`` should name a merged span rather than ``b``."""
    return (a.score, -_TYPE_RANK.get(a.entity_type, 99), a.end - a.start) > (
        b.score,
        -_TYPE_RANK.get(b.entity_type, 99),
        b.end - b.start,
    )


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Non-overlapping spans covering every input span, sorted by start.

    Overlapping (or nested) detections become one span over their union, named after the
    best-scored detection: every character any recognizer flagged is redacted, once.
    """
    ordered = sorted(spans, key=lambda s: (s.start, -s.end))
    out: list[Span] = []
    for span in ordered:
        if out and span.start < out[-1].end:
            last = out[-1]
            best = span if _better(span, last) else last
            out[-1] = Span(
                last.start, max(last.end, span.end), best.entity_type, max(last.score, span.score), best.recognizer
            )
        else:
            out.append(span)
    return out
