"""Context words raise a pattern match's score: a window of words around the match, no NLP needed.

Presidio's default ``LemmaContextAwareEnhancer`` walks every spaCy token of the document for
every match and needs lemmas, which the NER-only pipelines here do not compute. This
enhancer reads the few words before (and after) the match straight from the text, compares
them case- and accent-insensitively with the recognizer's ``context`` words, and applies
Presidio's own rule: +``context_similarity_factor``, at least
``min_score_with_context_similarity``, at most 1.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import regex as re
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts

_WORD = re.compile(r"\w+")


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower case without accents: 'Téléphone' -> 'telephone'."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def context_set(words: Iterable[str]) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


def words_near(text: str, start: int, end: int, before: int, after: int, chars_per_word: int = 16) -> list[str]:
    """The ``before`` words preceding ``start`` and the ``after`` words following ``end``, folded."""
    left = _WORD.findall(text, max(0, start - before * chars_per_word), start)[-before:] if before else []
    right = _WORD.findall(text, end, min(len(text), end + after * chars_per_word))[:after] if after else []
    return [fold(w) for w in left + right]


def has_context(text: str, start: int, end: int, context: frozenset[str], before: int = 10, after: int = 2) -> bool:
    """Whether a context word (or a word it begins, for stems such as 'immatricul') is near the span."""
    for word in words_near(text, start, end, before, after):
        if word in context:
            return True
        for c in context:
            if len(c) >= 4 and word.startswith(c):
                return True
    return False


class WindowContextEnhancer(ContextAwareEnhancer):
    """Presidio's context rule over a window of raw words; usable by ``AnalyzerEngine`` and the fast path alike."""

    def __init__(
        self,
        context_similarity_factor: float = 0.35,
        min_score_with_context_similarity: float = 0.4,
        context_prefix_count: int = 10,
        context_suffix_count: int = 2,
    ):
        super().__init__(
            context_similarity_factor=context_similarity_factor,
            min_score_with_context_similarity=min_score_with_context_similarity,
            context_prefix_count=context_prefix_count,
            context_suffix_count=context_suffix_count,
        )
        self._folded: dict[int, frozenset[str]] = {}

    def _context_of(self, recognizer: EntityRecognizer) -> frozenset[str]:
        key = id(recognizer)
        folded = self._folded.get(key)
        if folded is None:
            folded = self._folded[key] = context_set(getattr(recognizer, "context", None) or ())
        return folded

    def boost(
        self, text: str, result: RecognizerResult, recognizer: EntityRecognizer, extra: frozenset[str] = frozenset()
    ) -> None:
        """Raise ``result.score`` in place when a context word is near it."""
        context = self._context_of(recognizer) | extra if extra else self._context_of(recognizer)
        if not context or result.score >= EntityRecognizer.MAX_SCORE:
            return
        metadata = result.recognition_metadata or {}
        if metadata.get(RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY):
            return
        if has_context(text, result.start, result.end, context, self.context_prefix_count, self.context_suffix_count):
            result.score = min(
                max(result.score + self.context_similarity_factor, self.min_score_with_context_similarity),
                ContextAwareEnhancer.MAX_SCORE,
            )
            metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
            result.recognition_metadata = metadata

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts | None,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        by_id = {r.id: r for r in recognizers}
        extra = context_set(context) if context else frozenset()
        for result in raw_results:
            recognizer = by_id.get((result.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY))
            if recognizer is not None:
                self.boost(text, result, recognizer, extra)
        return raw_results
