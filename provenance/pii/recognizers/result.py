"""Building a RecognizerResult that names the recognizer that found it, as Presidio's analyzer expects."""

from __future__ import annotations

from typing import Protocol

from presidio_analyzer import RecognizerResult


class NamedRecognizer(Protocol):
    """What a result needs of the recognizer that found it (Presidio's ``EntityRecognizer`` leaves ``name`` untyped)."""

    @property
    def supported_entities(self) -> list[str]: ...
    @property
    def name(self) -> str: ...
    @property
    def id(self) -> str: ...


def result_of(recognizer: NamedRecognizer, start: int, end: int, score: float) -> RecognizerResult:
    """A result of ``recognizer``'s entity type over ``[start, end)``, with its name and id in the metadata."""
    return RecognizerResult(
        entity_type=recognizer.supported_entities[0],
        start=start,
        end=end,
        score=score,
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
        },
    )


def name_of(recognizer: NamedRecognizer) -> str:
    """The name a recognizer reports its results under (its class name unless given one)."""
    return recognizer.name
