"""Person names in one document: NER persons and pattern candidates, cleaned, weighed against the document, propagated.

The NER of a small model reads many capitalised words as people; what the document says about the
words (:mod:`provenance.pii.name_evidence`), and where needed the other language's NER, decides.
"""

from __future__ import annotations

from collections.abc import Callable

import regex as re

from provenance.pii.context import fold
from provenance.pii.deadline import NO_DEADLINE, Deadline
from provenance.pii.engine import NER_LABELS, NER_SCORE, LanguageAnalyzer
from provenance.pii.intervals import SpanIndex
from provenance.pii.lexicon import VEHICLE_MAKES, common_words, first_names, given_names, never_a_name, place_names
from provenance.pii.name_evidence import (
    CONTEXT_INTRODUCED,
    EXACT,
    GAZETTEER,
    INTRODUCED,
    NAME_LIST,
    NER_RECOGNIZER,
    OtherNameWords,
    a_thing,
    confirmed_name,
    inside_longer,
    is_given,
    known_name_word,
    name_words_of,
    named_thing,
    ordinary_words,
)
from provenance.pii.name_lists import list_mates
from provenance.pii.names import clean_person_span, title_case_line, trim_in_title_case_line
from provenance.pii.policy import PiiPolicy
from provenance.pii.propagation import NameMention, propagate_names
from provenance.pii.recognizers.result import name_of
from provenance.pii.spans import Span, merge_spans
from provenance.pii.usage import THING_LABELS, WordUsage, in_longer_proper_noun

PROPAGATION = "NamePropagation"
LIST_SCORE = 0.6

#: NER entities of one document: (start, end, entity type or raw label) in original offsets.
NerEntities = list[tuple[int, int, str]]


class PersonFinder:
    """Finds the person names of a document for a policy; ``analyzer`` gives a language's analyzer (built once)."""

    def __init__(self, policy: PiiPolicy, analyzer: Callable[[str], LanguageAnalyzer]):
        self.policy = policy
        self.analyzer = analyzer

    def second_opinion(self, text: str, lang: str, start: int, end: int, same_start: bool = False) -> bool:
        """Whether the NER of the policy's other language, reading the line around ``[start, end)``, also
        finds a person there: a second vote for a word the first NER alone reads as a name ("Trump").
        ``same_start``: the person it finds must begin where the span does (reading English, the French
        model runs a person on over the words after it: "Heiko Maas received Hong Kong" is no vote for
        "Hong Kong")."""
        others = [other for other in self.policy.languages if other != lang]
        if not others:
            return False
        # Searched within 300 characters only: that is all of the line this reads.
        line_start = max(text.rfind("\n", max(0, start - 300), start) + 1, start - 300)
        line_end = text.find("\n", end, end + 300)
        line_end = min(len(text) if line_end < 0 else line_end, end + 300)
        doc = self.analyzer(others[0]).nlp(text[line_start:line_end])
        return any(
            NER_LABELS.get(ent.label_) == "PERSON"
            and ent.start_char < end - line_start
            and start - line_start < ent.end_char
            and (not same_start or ent.start_char == start - line_start)
            for ent in doc.ents
        )

    def named_by_both_models(self, text: str, span: Span, usage: WordUsage) -> bool:
        """Whether a name of several words that the document's own usage reads as a thing ("Stefano Bordon",
        which the small English model labels an organisation once and never a person) is a person's by a
        calibrated vote: one of its words is a known given or family name, and the other language's NER,
        reading the same line, finds a person that begins where it does (:meth:`second_opinion`).
        "Hong Kong", "German Empire", "Sargasso Sea" get no such vote, nor does a span with a word of the
        language that is no known name or that the document also writes in lower case."""
        lang = usage.lang
        words = [w.strip(".,'’") for w in text[span.start : span.end].split()]
        if len(words) < 2 or not any(known_name_word(w) for w in words):
            return False
        common = common_words(lang)
        for word in words:
            if (
                never_a_name(word, lang)
                or (not known_name_word(word) and fold(word) in common)
                or re.search(r"(?<![\p{L}\d])" + re.escape(word.lower()) + r"(?![\p{L}\d])", text)
            ):
                return False  # "La Riera Cave", "Checkpoint Charlie", "Musée Berggruen" (and "le musée"): a kind
        return self.second_opinion(text, lang, span.start, span.end, same_start=True)

    def drop_weak_ner(self, text: str, spans: list[Span], usage: WordUsage | None = None) -> list[Span]:
        """NER person spans with no support are dropped when they look like something else:

        - one word at the start of a sentence or line, or after a label's colon ("Veuillez",
          "Heard at: Manchester"), or in capitals ("DÉMISSIONNE" in a headline);
        - one word the document also uses otherwise (``usage``: "German", "Firefox", "License");
        - words in capitals none of which is a first name ("CANDIDATURE LOCATAIRE");
        - in parentheses right after a name (a constituency in Hansard: "Keir Starmer (Holborn and St Pancras)");
        - a place and nothing else ("Devon", "Glasgow", "Devon and Cornwall"), or a vehicle
          make and model ("a blue Vauxhall Corsa");
        - English words no list knows as a name, or a thing named by its kind ("Recent Reviews",
          "Twitter", "Merge Healthcare"), unless the other language's NER reads a person there too
          (:meth:`second_opinion`: "Trump");
        - one word the text goes on to call "it" more often than "he" or "she" (English: "Groupon").

        Support: a given name, or a word that is part of another name found in the document.
        A span of another recognizer goes when it is a lone gazetteer name the document uses as a word.
        """
        confirmed = _supported_words(text, spans)
        ends = {span.end for span in spans if span.recognizer != NER_RECOGNIZER or " " in text[span.start : span.end]}
        return [
            span
            for span in spans
            if not (
                self._weak_ner(text, span, usage, confirmed, ends)
                if span.recognizer == NER_RECOGNIZER
                else _gazetteer_word_used_otherwise(text, span, usage)
            )
        ]

    def _weak_ner(self, text: str, span: Span, usage: WordUsage | None, confirmed: set[str], ends: set[int]) -> bool:
        """Whether a NER person span looks like something else (:meth:`drop_weak_ner`)."""
        words = [w.strip(".,'’") for w in text[span.start : span.end].split()]
        supported = any(is_given(w, given_names()) for w in words) or (len(words) == 1 and fold(words[0]) in confirmed)
        if usage is not None and self._read_as_words(text, span, words, supported, usage):
            return True
        if supported:
            return False
        if len(words) > 1 and any(w.isupper() and len(w) <= 4 for w in words):
            return True  # "Beneficiary IBAN": an acronym in a span without a first name
        if all(fold(w) in place_names() or w in ("and", "et", "&") for w in words):
            return True  # "Kent", "Devon and Cornwall": places the small models read as people
        if fold(words[0]) in VEHICLE_MAKES:
            return True
        if usage is not None and self._a_thing_in_context(text, span, words, usage):
            return True
        return _out_of_place(text, span, words, confirmed, ends)

    def _read_as_words(self, text: str, span: Span, words: list[str], supported: bool, usage: WordUsage) -> bool:
        """Whether the document uses the span's words for something else than a person."""
        if len(words) == 1 and not any(is_given(w, first_names()) for w in words) and usage.used_otherwise(words[0]):
            return True  # "the German government", "Mozilla Firefox", "license": a word, not a name
        # "Redd Kross": the NER reads the same words as a band or a firm elsewhere, as often
        return (
            len(words) > 1
            and not supported
            and usage.read_as_thing(text[span.start : span.end])
            and not self.named_by_both_models(text, span, usage)
        )

    def _a_thing_in_context(self, text: str, span: Span, words: list[str], usage: WordUsage) -> bool:
        """Whether an unsupported span names a thing by what surrounds it."""
        if len(words) == 1 and not is_given(words[0], first_names()) and usage.referred_to_as_a_thing(words[0]):
            return True  # "Groupon sued IBM ... its": the text speaks of it as a thing
        if named_thing(text, span.start, span.end, usage.lang):
            return True  # "the band Sheila", "Studio Deen", "Malm chests", "the borough of Spandau"
        # "Recent Reviews", "Twitter", "Merge Healthcare": words or a thing named by its kind
        return ordinary_words(words, usage.lang) and not self.second_opinion(text, usage.lang, span.start, span.end)

    def candidates(self, text: str, lang: str, deadline: Deadline = NO_DEADLINE) -> list[Span]:
        """Names from the honorific, first-name and transcript recognizers, cleaned (no NLP)."""
        if "PERSON" not in self.policy.redacted_types:
            return []
        cleaned_cache: dict[tuple[int, int], tuple[int, int] | None] = {}
        candidates = []
        for recognizer in self.analyzer(lang).persons:
            deadline.check()
            name = name_of(recognizer)
            # Presidio types nlp_artifacts as required; these recognizers read the text alone.
            for result in recognizer.analyze(text, ["PERSON"], None):  # type: ignore[arg-type]
                key = (result.start, result.end)
                if name in EXACT:
                    candidates.append(Span(result.start, result.end, "PERSON", float(result.score), name))
                    continue
                if key not in cleaned_cache:
                    cleaned_cache[key] = clean_person_span(
                        text, result.start, result.end, lang, after_honorific=name in INTRODUCED
                    )
                cleaned = cleaned_cache[key]
                if cleaned and name == "GivenNamePersonRecognizer":
                    cleaned = trim_in_title_case_line(text, cleaned[0], cleaned[1], lang, gazetteer_only=True)
                if cleaned:
                    candidates.append(Span(cleaned[0], cleaned[1], "PERSON", float(result.score), name))
        return candidates

    def spans(
        self,
        text: str,
        lang: str,
        entities: NerEntities,
        pattern_candidates: list[Span] | None = None,
        deadline: Deadline = NO_DEADLINE,
    ) -> list[Span]:
        """Names from the NER, honorifics and first names, cleaned, then propagated through the document."""
        threshold = self.policy.threshold("PERSON")
        others = [(s, e) for s, e, t in entities if t in ("ORGANIZATION", "LOCATION")]
        if pattern_candidates is None:
            pattern_candidates = self.candidates(text, lang)
        candidates = _ner_persons(text, lang, entities) + _pattern_persons(text, lang, pattern_candidates, others)
        deadline.check()
        accepted = [c for c in candidates if c.score >= threshold]
        usage = WordUsage(
            text,
            lang,
            things=[(s, e) for s, e, t in entities if t in THING_LABELS],
            persons=[(s, e) for s, e, t in entities if t == "PERSON"],
            name_words=name_words_of(text, accepted),
        )
        accepted = self.drop_weak_ner(text, accepted, usage)
        deadline.check()
        accepted = [c for c in accepted if not a_thing(text, c, usage) or self.named_by_both_models(text, c, usage)]
        deadline.check()
        if accepted and threshold <= LIST_SCORE:
            accepted += [
                Span(s, e, "PERSON", LIST_SCORE, NAME_LIST)
                for s, e in list_mates(text, [(c.start, c.end) for c in accepted], lang)
            ]
        if not accepted or not self.policy.propagate_names:
            return accepted
        return accepted + self._propagated(text, lang, accepted, usage, [text[s:e] for s, e in others])

    def _propagated(
        self, text: str, lang: str, accepted: list[Span], usage: WordUsage, not_names: list[str]
    ) -> list[Span]:
        """The other mentions of the accepted names (:func:`provenance.pii.propagation.propagate_names`)."""
        confirmed = [c for c in accepted if confirmed_name(text, c, usage)]
        introduced = [c for c in confirmed if c.recognizer in CONTEXT_INTRODUCED or c.recognizer == NAME_LIST]
        confirmed_at = SpanIndex((c.start, c.end) for c in confirmed)
        introduced_at = SpanIndex((c.start, c.end) for c in introduced)
        mentions = [
            NameMention(
                m.start,
                m.end,
                m.score,
                confirmed=bool(confirmed_at.overlapping(m.start, m.end)),
                introduced=bool(introduced_at.overlapping(m.start, m.end)),
            )
            for m in merge_spans(accepted)
        ]
        propagated = propagate_names(
            text, mentions, lang, not_names, first_names_too=self.policy.propagate_first_names, usage=usage
        )
        threshold = self.policy.threshold("PERSON")
        return [Span(m.start, m.end, "PERSON", m.score, PROPAGATION) for m in propagated if m.score >= threshold]


def _supported_words(text: str, spans: list[Span]) -> set[str]:
    """Folded words of the spans another recognizer found, or of NER names of several words one a given name."""
    confirmed: set[str] = set()
    for span in spans:
        words = [w.strip(".,'’") for w in text[span.start : span.end].split()]
        if span.recognizer != NER_RECOGNIZER or (len(words) > 1 and any(is_given(w, given_names()) for w in words)):
            confirmed.update(fold(w) for w in words)
    return confirmed


def _gazetteer_word_used_otherwise(text: str, span: Span, usage: WordUsage | None) -> bool:
    """A lone first name of the gazetteer that the document uses as a word: "German", "Muslim"."""
    value = text[span.start : span.end]
    return (
        usage is not None
        and span.recognizer not in CONTEXT_INTRODUCED
        and " " not in value.strip()
        and usage.used_otherwise(value)
    )


def _out_of_place(text: str, span: Span, words: list[str], confirmed: set[str], ends: set[int]) -> bool:
    """Whether an unsupported NER span sits where no name stands: one word opening a sentence or in capitals,
    capitals with no word of another name, or a parenthesis right after a name (a constituency)."""
    value = text[span.start : span.end]
    before = text[max(0, span.start - 80) : span.start].rstrip(" \u00a0\t")
    initial = not before or before[-1] in '\n.!?:;«"“—–•*('
    if len(words) == 1 and (initial or value.isupper()):
        return True
    if value.isupper() and not any(fold(w) in confirmed for w in words):
        return True
    opening = before.rfind("(")
    if opening >= 0 and ")" not in before[opening:]:
        outside = len(before[:opening].rstrip(" \u00a0")) + max(0, span.start - 80)
        if outside in ends:
            return True
    return False


def _ner_persons(text: str, lang: str, entities: NerEntities) -> list[Span]:
    """The NER's person entities, cleaned (:func:`provenance.pii.names.clean_person_span`)."""
    found = []
    for s, e, t in entities:
        if t != "PERSON":
            continue
        cleaned = clean_person_span(text, s, e, lang)
        if cleaned:
            cleaned = trim_in_title_case_line(text, cleaned[0], cleaned[1], lang)
        if cleaned:
            found.append(Span(cleaned[0], cleaned[1], "PERSON", NER_SCORE, NER_RECOGNIZER))
    return found


def _pattern_persons(text: str, lang: str, candidates: list[Span], others: list[tuple[int, int]]) -> list[Span]:
    """The pattern candidates less gazetteer names that are part of a longer organisation, place or proper noun."""
    kept = []
    places = SpanIndex(others)
    name_words = OtherNameWords(text, candidates)
    for candidate in candidates:
        # A first-name match inside a longer organisation or place on the same line
        # ("Fondation Jean Jaurès") is not a person.
        if candidate.recognizer == "GivenNamePersonRecognizer" and inside_longer(
            text, (candidate.start, candidate.end), places
        ):
            continue
        # Nor is one standing next to another capitalised word that no name has ("Free German Youth").
        if (
            candidate.recognizer in GAZETTEER
            and not title_case_line(text, candidate.start)
            and in_longer_proper_noun(text, candidate.start, candidate.end, lang, name_words.of(candidate))
        ):
            continue
        kept.append(candidate)
    return kept
