"""The fast detection path: batches of documents through spaCy's ``pipe`` once, then recognizers called directly.

``AnalyzerEngine.analyze()`` per document runs the whole spaCy pipeline per call and walks
every token for context. Here, per language, the NER-only pipeline reads all documents of
a batch in one ``nlp.pipe`` (long ones in overlapping chunks), pattern recognizers run once
over each text with their compiled regexes, context is read from a window of raw words,
and the person-name logic (:mod:`provenance.pii.persons`: honorifics, first names, clean-up,
propagation) runs on top.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from provenance.pii.chunking import plan_chunks
from provenance.pii.context import WindowContextEnhancer, fold
from provenance.pii.deadline import NO_DEADLINE, Deadline
from provenance.pii.engine import (
    NER_LABELS,
    NER_SCORE,
    LanguageAnalyzer,
    build_language_analyzer,
    structured_recognizers,
)
from provenance.pii.language import LanguageResolver
from provenance.pii.name_evidence import NER_RECOGNIZER
from provenance.pii.names import ner_view
from provenance.pii.persons import NerEntities, PersonFinder
from provenance.pii.policy import PiiPolicy
from provenance.pii.recognizers.prefiltered import Prefiltered
from provenance.pii.segments import cap_token_runs, ner_segments
from provenance.pii.spans import Span, merge_spans
from provenance.pii.typography import shadow

NER_TYPES = ("PERSON", "ORGANIZATION", "LOCATION")


class PiiDetector:
    """Detects the personal data a policy redacts, in documents of the policy's languages.

    Analyzers (spaCy model plus recognizers) are built on first use of a language, once.
    """

    def __init__(self, policy: PiiPolicy):
        self.policy = policy
        self.resolver = LanguageResolver(policy.languages, policy.fallback_language, policy.detection_sample_chars)
        self.redacted = policy.redacted_types
        self.needs_ner = bool(self.redacted & set(NER_TYPES))
        self._analyzers: dict[str, LanguageAnalyzer] = {}
        self._structured: dict[str, list] = {}
        self._enhancer = WindowContextEnhancer()
        self.persons = PersonFinder(policy, self.analyzer)

    # ------------------------------------------------------------------ building

    def analyzer(self, lang: str) -> LanguageAnalyzer:
        found = self._analyzers.get(lang)
        if found is None:
            if lang not in self.policy.models:
                raise ValueError(
                    f"no analyzer for language {lang!r}; pii_policy.yaml configures {list(self.policy.models)}"
                )
            found = self._analyzers[lang] = build_language_analyzer(lang, self.policy.models[lang])
        return found

    def warm_up(self, languages: Iterable[str] | None = None) -> None:
        """Build the analyzers now (a worker does this once at start)."""
        for lang in languages or self.policy.languages:
            self.analyzer(lang)

    def structured(self, lang: str) -> list:
        found = self._structured.get(lang)
        if found is None:
            found = self._structured[lang] = (
                self._analyzers[lang].structured if lang in self._analyzers else structured_recognizers(lang)
            )
        return found

    # ------------------------------------------------------------------ detection

    def detect(self, texts: Sequence[str], langs: Sequence[str], deadline: Deadline = NO_DEADLINE) -> list[list[Span]]:
        """Spans to redact in each text (read as the analyzer language given for it), merged and sorted.

        Each text is read in natural typography (:func:`provenance.pii.typography.shadow`: tokenised
        or hard-wrapped text made natural, passages in capitals re-cased); spans are in the original's offsets.
        Past the ``deadline`` (checked between bounded steps), raises :class:`provenance.pii.deadline.TooSlow`."""
        shadows = [shadow(text, lang) for text, lang in zip(texts, langs, strict=True)]
        deadline.check()
        found = self._detect([s.text for s in shadows], langs, deadline)
        return [
            spans
            if s.origin is None
            else [
                replace(span, start=s.span(span.start, span.end)[0], end=s.span(span.start, span.end)[1])
                for span in spans
            ]
            for s, spans in zip(shadows, found, strict=True)
        ]

    def _detect(self, texts: Sequence[str], langs: Sequence[str], deadline: Deadline) -> list[list[Span]]:
        results: list[list[Span]] = [[] for _ in texts]
        by_lang: dict[str, list[int]] = defaultdict(list)
        for i, lang in enumerate(langs):
            by_lang[lang].append(i)
        for lang in sorted(by_lang):
            indices = by_lang[lang]
            group = [texts[i] for i in indices]
            # Patterns first (cheap): what they find tells the NER which sentences it can skip.
            structured = [self.structured_spans(text, lang, deadline=deadline) for text in group]
            if not self.needs_ner:
                for i, found in zip(indices, structured, strict=True):
                    results[i] = merge_spans(found)
                continue
            la = self.analyzer(lang)
            candidates = [self.persons.candidates(text, lang, deadline) for text in group]
            known = [
                {fold(w.strip(".,")) for c in cands for w in text[c.start : c.end].split()}
                for text, cands in zip(group, candidates, strict=True)
            ]
            covered = [
                [(s.start, s.end) for s in merge_spans(found + cands)]
                for found, cands in zip(structured, candidates, strict=True)
            ]
            entities = self.ner_entities(la, group, known, covered, deadline)
            for i, text, found, ents, cands in zip(indices, group, structured, entities, candidates, strict=True):
                results[i] = self.spans_for(text, lang, ents, cands, found, deadline)
        return results

    def ner_entities(
        self,
        la: LanguageAnalyzer,
        texts: Sequence[str],
        known_names: Sequence[set[str]] | None = None,
        covered: Sequence[list[tuple[int, int]]] | None = None,
        deadline: Deadline = NO_DEADLINE,
    ) -> list[NerEntities]:
        """NER entities per text from one ``nlp.pipe`` over the parts of every text that need it
        (:func:`provenance.pii.segments.ner_segments`, cut into overlapping chunks when long),
        in original offsets."""
        # Organisations and places can open a sentence with no other capital ("Google a annoncé"):
        # when the policy redacts them, the NER reads everything.
        read_all = bool(self.redacted & {"ORGANIZATION", "LOCATION"})
        pieces = []
        for k, text in enumerate(texts):
            segments = (
                [(0, len(text))]
                if read_all
                else ner_segments(text, known_names[k] if known_names else (), covered[k] if covered else ())
            )
            for seg_start, seg_end in segments:
                segment = text[seg_start:seg_end]
                for chunk in plan_chunks(segment, self.policy.chunk_chars, self.policy.chunk_overlap):
                    pieces.append((k, seg_start, chunk))
        policy = self.policy
        views = (
            cap_token_runs(ner_view(texts[k][s + c.start : s + c.end], la.lang), policy.token_chars, policy.symbol_run)
            for k, s, c in pieces
        )
        found: list[NerEntities] = [[] for _ in texts]
        for (k, seg_start, chunk), doc in zip(
            pieces, la.nlp.pipe(views, batch_size=self.policy.nlp_batch_size), strict=True
        ):
            deadline.check()
            offset = seg_start + chunk.start
            for ent in doc.ents:
                if chunk.owns(chunk.start + ent.start_char):
                    found[k].append(
                        (offset + ent.start_char, offset + ent.end_char, NER_LABELS.get(ent.label_, ent.label_))
                    )
        return found

    def structured_spans(
        self,
        text: str,
        lang: str,
        types: frozenset[str] | set[str] | None = None,
        deadline: Deadline = NO_DEADLINE,
    ) -> list[Span]:
        """Structured identifiers only (patterns, checksums, context): no NLP. Not merged."""
        wanted = self.redacted if types is None else types
        spans = []
        for recognizer in self.structured(lang):
            deadline.check()
            entity = recognizer.supported_entities[0]
            if entity not in wanted:
                continue
            if isinstance(recognizer, Prefiltered) and not recognizer.may_match(text):
                continue
            threshold = self.policy.threshold(entity)
            for result in recognizer.analyze(text, recognizer.supported_entities, None):
                self._enhancer.boost(text, result, recognizer)
                if result.score >= threshold:
                    spans.append(Span(result.start, result.end, entity, float(result.score), recognizer.name))
        return spans

    def spans_for(
        self,
        text: str,
        lang: str,
        entities: NerEntities,
        person_candidates: list[Span] | None = None,
        structured: list[Span] | None = None,
        deadline: Deadline = NO_DEADLINE,
    ) -> list[Span]:
        """Every span to redact in one text, given its NER entities (and what the patterns found, if computed)."""
        spans = list(structured) if structured is not None else self.structured_spans(text, lang, deadline=deadline)
        if "PERSON" in self.redacted:
            spans.extend(self.persons.spans(text, lang, entities, person_candidates, deadline))
        for entity_type in ("ORGANIZATION", "LOCATION"):
            if entity_type in self.redacted and self.policy.threshold(entity_type) <= NER_SCORE:
                spans.extend(Span(s, e, t, NER_SCORE, NER_RECOGNIZER) for s, e, t in entities if t == entity_type)
        return merge_spans(spans)
