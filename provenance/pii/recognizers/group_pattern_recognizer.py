"""A pattern recognizer that reports only the part of a match that is personal data: the named group ``value``."""

from __future__ import annotations

import functools

import regex
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from provenance.pii.recognizers.prefiltered import Prefiltered
from provenance.pii.recognizers.result import result_of


@functools.cache
def _compiled(source: str, flags: int) -> regex.Pattern[str]:
    """A pattern's regex, compiled once per process and flags (every recognizer instance shares it)."""
    return regex.compile(source, flags=flags)


class GroupPatternRecognizer(Prefiltered, PatternRecognizer):
    """
    Like :class:`presidio_analyzer.PatternRecognizer` (same ``PATTERNS``, ``CONTEXT``,
    ``validate_result`` and ``invalidate_result`` hooks, same scores), with two differences:

    - when a pattern has a named group ``value`` only that group is reported, so a pattern can
      match its trigger words first ("née le 3 mars 1975"), which keeps the regex fast,
      without the trigger being redacted;
    - no per-match explanation objects or timing logs: this runs over every document of an
      archive, and the decision process is not returned.

    A subclass may declare ``REQUIRED_CHARACTER`` or ``PREFILTER`` (:class:`Prefiltered`) so that
    text it cannot match is skipped without running its patterns.
    """

    patterns: list[Pattern]  # declared: Presidio assigns it untyped

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        flags = regex_flags or self.global_regex_flags or 0
        results: list[RecognizerResult] = []
        for pattern in self.patterns:
            compiled = _compiled(pattern.regex, flags)
            for match in compiled.finditer(text):
                group = "value" if "value" in compiled.groupindex else 0
                start, end = match.span(group)
                if start == end:
                    continue
                value = text[start:end]
                score = pattern.score
                validation = self.validate_result(value)
                if validation is not None:
                    score = EntityRecognizer.MAX_SCORE if validation else EntityRecognizer.MIN_SCORE
                if self.invalidate_result(value):
                    score = EntityRecognizer.MIN_SCORE
                if score > EntityRecognizer.MIN_SCORE:
                    results.append(result_of(self, start, end, score))
        return EntityRecognizer.remove_duplicates(results)
