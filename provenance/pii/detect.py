"""The fast detection path: batches of documents through spaCy's ``pipe`` once, then recognizers called directly.

``AnalyzerEngine.analyze()`` per document runs the whole spaCy pipeline per call and walks
every token for context. Here, per language, the NER-only pipeline reads all documents of
a batch in one ``nlp.pipe`` (long ones in overlapping chunks), pattern recognizers run once
over each text with their compiled regexes, context is read from a window of raw words,
and the person-name logic (honorifics, first names, clean-up, propagation) runs on top.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

import regex as re

from provenance.pii.chunking import plan_chunks
from provenance.pii.context import WindowContextEnhancer, fold
from provenance.pii.engine import (
    NER_LABELS,
    NER_SCORE,
    LanguageAnalyzer,
    build_language_analyzer,
    structured_recognizers,
)
from provenance.pii.language import LanguageResolver
from provenance.pii.lexicon import (
    BRANDED_NOUNS,
    PLACE_OF_NOUNS,
    THING_NOUNS,
    VEHICLE_MAKES,
    common_words,
    family_names,
    first_names,
    given_names,
    name_words,
    never_a_name,
    place_names,
    stop_words,
)
from provenance.pii.name_lists import list_mates
from provenance.pii.names import clean_person_span, ner_view, title_case_line, trim_in_title_case_line
from provenance.pii.policy import PiiPolicy
from provenance.pii.propagation import NameMention, propagate_names
from provenance.pii.recognizers.prefiltered import Prefiltered
from provenance.pii.segments import ner_segments
from provenance.pii.spans import Span, merge_spans
from provenance.pii.typography import shadow
from provenance.pii.usage import THING_LABELS, WordUsage, in_longer_proper_noun

NER_TYPES = ("PERSON", "ORGANIZATION", "LOCATION")
PROPAGATION = "NamePropagation"
NAME_LIST = "NameList"
LIST_SCORE = 0.6
NER_RECOGNIZER = "SpacyRecognizer"

#: Recognizers whose names were introduced by an honorific or a field label: a short word in
#: capitals or an initial there is a name ("Me RIOU", "Nom : LY"), not an acronym.
_INTRODUCED = frozenset({"HonorificPersonRecognizer", "FormFieldPersonRecognizer"})

#: NER entities of one document: (start, end, entity type or raw label) in original offsets.
NerEntities = list[tuple[int, int, str]]


def _given(word: str, names: frozenset[str]) -> bool:
    """A given name; a short word in capitals is an acronym before it is a name ("IBAN" is not "Ibán")."""
    return fold(word) in names and not (word.isupper() and len(word) <= 4)


#: Recognizers whose names a context introduced (an honorific, a field label, a role, a speaker's
#: turn, a citation): one word from them is a person's name.
_CONTEXT_INTRODUCED = _INTRODUCED | {
    "TranscriptSpeakerRecognizer",
    "AppositionPersonRecognizer",
    "CaseCitationPersonRecognizer",
    "LetterPseudonymRecognizer",
}
#: Recognizers whose spans are exactly the name (a letter standing for a person): no clean-up.
_EXACT = frozenset({"LetterPseudonymRecognizer"})
#: Recognizers that read names off word lists alone, without a context that introduces them.
_GAZETTEER = frozenset({"GivenNamePersonRecognizer", "RareNamePersonRecognizer"})
_NAME_TOKEN = re.compile(r"\p{Lu}[\p{L}'’\-]*\.?|\p{Lu}\.")


def _name_tokens(value: str) -> list[str]:
    """The capitalised words and initials of a name ("J.-P. de Villepin" -> "J.-P.", "Villepin")."""
    return [w for w in value.split() if _NAME_TOKEN.fullmatch(w.strip(",;:'’"))]


def _name_words(text: str, spans: Sequence[Span]) -> set[str]:
    """Folded words of the names of two words or more, or that a context introduced (never a lone NER word)."""
    words: set[str] = set()
    for span in spans:
        tokens = [w.strip(".,'’") for w in _name_tokens(text[span.start : span.end])]
        if span.recognizer in _CONTEXT_INTRODUCED or len(tokens) >= 2:
            words.update(fold(w) for w in tokens)
    return words


def _confirmed(text: str, span: Span, usage: WordUsage) -> bool:
    """A certain person's name, whose other mentions may be propagated: introduced by a context (honorific,
    field label ...), two name words or more one of which is a known name, or a known first or family
    name or a list's name that the document uses for nothing else."""
    if span.recognizer in _CONTEXT_INTRODUCED:
        return True
    tokens = [w.strip(",;:'’") for w in _name_tokens(text[span.start : span.end])]
    if len(tokens) >= 2:
        # Two capitalised words are a name when one of them is known as a given or family name
        # ("Rumiko Takahashi"); "Potsdamer Platz", "Viz Media" are found where the NER reads them, no more.
        given, family = given_names(), family_names()
        return any(fold(w.rstrip(".")) in given or fold(w.rstrip(".")) in family for w in tokens)
    # One word: a hand-checked first name, a known family name or an item of a list of names (a team
    # sheet) that the document uses for nothing else.
    known = span.recognizer == NAME_LIST or (
        len(tokens) == 1 and (_given(tokens[0], first_names()) or fold(tokens[0]) in family_names())
    )
    return len(tokens) == 1 and known and not usage.used_otherwise(tokens[0], model_votes=span.recognizer != NAME_LIST)


def _known_name_word(word: str) -> bool:
    key = fold(word.strip(".,'’"))
    return key in given_names() or key in family_names() or key in name_words()


def _ordinary_words(words: Sequence[str], lang: str) -> bool:
    """Whether capitalised words the NER read as a person read as ordinary words of the language instead, none
    of them a known given or family name: all of them are common words ("Recent Reviews", "Twitter", "Box"),
    or the noun that heads them, the last one, is ("Merge Healthcare", "Sesame Workshop", "Asda Supercentre"):
    a thing named by its kind, not a person. English only: English names that are also words are in the
    gazetteers (``name_words``), French ones too often are not."""
    if lang != "en" or not words or any(_known_name_word(w) for w in words):
        return False  # French surnames are common words as often as not (Boulanger, Meunier, Saillant)
    common = common_words(lang)
    folded = [fold(w.strip(".,'’")) for w in words]
    if all(w in common for w in folded):
        return True
    return len(words) > 1 and folded[-1] in common and folded[-1] not in stop_words(lang)


_WORD_BEFORE = re.compile(r"(\p{Ll}[\p{Ll}\-]*)[ \u00a0]+$")
_WORD_BEFORE_OF = re.compile(r"(\p{Ll}+)[ \u00a0]+(?:of|de|d['’]|du)[ \u00a0]*$")
_WORD_AFTER = re.compile(r"[ \u00a0]+(\p{Ll}+)")


def _named_thing(text: str, start: int, end: int, lang: str) -> bool:
    """Whether the name at ``[start, end)`` is a thing's by the noun next to it: a kind noun right before
    it ("the band Sheila", "le logiciel Frescobaldi") or opening it ("Studio Deen"), a place noun and
    "of" before it ("the borough of Spandau", "la monarchie de Habsbourg"), or a branded noun after it
    ("Malm chests", "the George brand")."""
    kinds = THING_NOUNS.get(lang, THING_NOUNS["en"])
    before = text[max(0, start - 40) : start]
    m = _WORD_BEFORE.search(before)
    if m and m.group(1) in kinds:
        return True
    m = _WORD_BEFORE_OF.search(before)
    if m and fold(m.group(1)) in PLACE_OF_NOUNS:
        return True
    first = text[start:end].split(maxsplit=1)[0].lower()
    if " " in text[start:end].strip() and first in kinds:
        return True
    m = _WORD_AFTER.match(text, end, min(len(text), end + 30))
    return bool(m) and lang == "en" and m.group(1) in BRANDED_NOUNS


def _a_thing(text: str, span: Span, usage: WordUsage) -> bool:
    """A span of several capitalised words that names a thing, by the document's own use of its words:
    the NER reads the same words as a place or a firm at least as often ("German Empire", "Hong
    Kong"), the given name it rests on is used as a word ("German" of "Free German Youth"), or every
    word is used otherwise ("Sargasso Sea": "the Sargasso", "sea"). A hand-checked first name, or a
    context (an honorific, a list of names), keeps it a person's."""
    if span.recognizer in _CONTEXT_INTRODUCED or span.recognizer == NAME_LIST:
        return False
    words = [w.strip(".,'’") for w in text[span.start : span.end].split()]
    capitalised = [w for w in words if w[:1].isupper() and len(w) > 1]
    if len(capitalised) < 2 or any(_given(w, first_names()) for w in capitalised):
        return False
    if usage.read_as_thing(text[span.start : span.end]):
        return True
    given, family = given_names(), family_names()
    evidence = [w for w in capitalised if fold(w) in given or fold(w) in family]
    if evidence and all(usage.used_otherwise(w) for w in evidence):
        return True
    return all(usage.used_otherwise(w) for w in capitalised)


def _words_of_other_names(text: str, span: Span, names: Sequence[Span]) -> frozenset[str]:
    """Folded words of the ``names`` apart from ``span`` (none overlapping it): a neighbour that is one of them
    does not make a longer proper noun ("Kevin Drake and Solon Bixler" lists two people), while the words of
    a longer match of the same words do ("Partido Socialista Obrero Español")."""
    return frozenset(
        fold(w.strip(".,;:'’"))
        for n in names
        if n.end <= span.start or span.end <= n.start
        for w in text[n.start : n.end].split()
    )


def _on_line(text: str, start: int, end: int, position: int) -> tuple[int, int] | None:
    """The part of ``[start, end)`` on the line holding ``position``; None if it has none there."""
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    line_end = len(text) if line_end < 0 else line_end
    s, e = max(start, line_start), min(end, line_end)
    return (s, e) if s < e else None


def _inside_longer(text: str, span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    """Whether ``span`` lies strictly inside one of ``others`` (clipped to the span's line)."""
    for s, e in others:
        if s <= span[0] and span[1] <= e:
            clipped = _on_line(text, s, e, span[0])
            if (
                clipped
                and clipped[0] <= span[0]
                and span[1] <= clipped[1]
                and clipped[1] - clipped[0] > span[1] - span[0]
            ):
                return True
    return False


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

    def detect(self, texts: Sequence[str], langs: Sequence[str]) -> list[list[Span]]:
        """Spans to redact in each text (read as the analyzer language given for it), merged and sorted.

        Each text is read in natural typography (:func:`provenance.pii.typography.shadow`: tokenised
        or hard-wrapped text made natural, passages in capitals re-cased); spans are in the original's offsets."""
        shadows = [shadow(text, lang) for text, lang in zip(texts, langs)]
        found = self._detect([s.text for s in shadows], langs)
        return [
            spans
            if s.origin is None
            else [
                replace(span, start=s.span(span.start, span.end)[0], end=s.span(span.start, span.end)[1])
                for span in spans
            ]
            for s, spans in zip(shadows, found)
        ]

    def _detect(self, texts: Sequence[str], langs: Sequence[str]) -> list[list[Span]]:
        results: list[list[Span]] = [[] for _ in texts]
        by_lang: dict[str, list[int]] = defaultdict(list)
        for i, lang in enumerate(langs):
            by_lang[lang].append(i)
        for lang in sorted(by_lang):
            indices = by_lang[lang]
            group = [texts[i] for i in indices]
            # Patterns first (cheap): what they find tells the NER which sentences it can skip.
            structured = [self.structured_spans(text, lang) for text in group]
            if not self.needs_ner:
                for i, found in zip(indices, structured):
                    results[i] = merge_spans(found)
                continue
            la = self.analyzer(lang)
            candidates = [self.pattern_person_candidates(text, lang) for text in group]
            known = [
                {fold(w.strip(".,")) for c in cands for w in text[c.start : c.end].split()}
                for text, cands in zip(group, candidates)
            ]
            covered = [
                [(s.start, s.end) for s in merge_spans(found + cands)] for found, cands in zip(structured, candidates)
            ]
            entities = self.ner_entities(la, group, known, covered)
            for i, text, found, ents, cands in zip(indices, group, structured, entities, candidates):
                results[i] = self.spans_for(text, lang, ents, cands, found)
        return results

    def ner_entities(
        self,
        la: LanguageAnalyzer,
        texts: Sequence[str],
        known_names: Sequence[set[str]] | None = None,
        covered: Sequence[list[tuple[int, int]]] | None = None,
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
        views = (ner_view(texts[k][s + c.start : s + c.end], la.lang) for k, s, c in pieces)
        found: list[NerEntities] = [[] for _ in texts]
        for (k, seg_start, chunk), doc in zip(pieces, la.nlp.pipe(views, batch_size=self.policy.nlp_batch_size)):
            offset = seg_start + chunk.start
            for ent in doc.ents:
                if chunk.owns(chunk.start + ent.start_char):
                    found[k].append(
                        (offset + ent.start_char, offset + ent.end_char, NER_LABELS.get(ent.label_, ent.label_))
                    )
        return found

    def structured_spans(self, text: str, lang: str, types: frozenset[str] | set[str] | None = None) -> list[Span]:
        """Structured identifiers only (patterns, checksums, context): no NLP. Not merged."""
        wanted = self.redacted if types is None else types
        spans = []
        for recognizer in self.structured(lang):
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
    ) -> list[Span]:
        """Every span to redact in one text, given its NER entities (and what the patterns found, if computed)."""
        spans = list(structured) if structured is not None else self.structured_spans(text, lang)
        if "PERSON" in self.redacted:
            spans.extend(self.person_spans(text, lang, entities, person_candidates))
        for entity_type in ("ORGANIZATION", "LOCATION"):
            if entity_type in self.redacted and self.policy.threshold(entity_type) <= NER_SCORE:
                spans.extend(Span(s, e, t, NER_SCORE, NER_RECOGNIZER) for s, e, t in entities if t == entity_type)
        return merge_spans(spans)

    def second_opinion(self, text: str, lang: str, start: int, end: int, same_start: bool = False) -> bool:
        """Whether the NER of the policy's other language, reading the line around ``[start, end)``, also
        finds a person there: a second vote for a word the first NER alone reads as a name ("Trump").
        ``same_start``: the person it finds must begin where the span does (reading English, the French
        model runs a person on over the words after it: "Heiko Maas received Hong Kong" is no vote for
        "Hong Kong")."""
        others = [other for other in self.policy.languages if other != lang]
        if not others:
            return False
        line_start = max(text.rfind("\n", 0, start) + 1, start - 300)
        line_end = text.find("\n", end)
        line_end = min(len(text) if line_end < 0 else line_end, end + 300)
        doc = self.analyzer(others[0]).nlp(text[line_start:line_end])
        return any(
            NER_LABELS.get(ent.label_) == "PERSON"
            and ent.start_char < end - line_start
            and start - line_start < ent.end_char
            and (not same_start or ent.start_char == start - line_start)
            for ent in doc.ents
        )

    def _named_by_both_models(self, text: str, span: Span, usage: WordUsage) -> bool:
        """Whether a name of several words that the document's own usage reads as a thing ("Stefano Bordon",
        which the small English model labels an organisation once and never a person) is a person's by a
        calibrated vote: one of its words is a known given or family name, and the other language's NER,
        reading the same line, finds a person that begins where it does (:meth:`second_opinion`).
        "Hong Kong", "German Empire", "Sargasso Sea" get no such vote, nor does a span with a word of the
        language that is no known name or that the document also writes in lower case."""
        lang = usage.lang
        words = [w.strip(".,'’") for w in text[span.start : span.end].split()]
        if len(words) < 2 or not any(_known_name_word(w) for w in words):
            return False
        common = common_words(lang)
        for word in words:
            if (
                never_a_name(word, lang)
                or (not _known_name_word(word) and fold(word) in common)
                or re.search(r"(?<![\p{L}\d])" + re.escape(word.lower()) + r"(?![\p{L}\d])", text)
            ):
                return False  # "La Riera Cave", "Checkpoint Charlie", "Musée Berggruen" (and "le musée"): a kind
        return self.second_opinion(text, lang, span.start, span.end, same_start=True)

    def _drop_weak_ner(self, text: str, spans: list[Span], usage: WordUsage | None = None) -> list[Span]:
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
        """
        names = given_names()
        places = place_names()
        confirmed = set()
        for span in spans:
            words = [w.strip(".,'’") for w in text[span.start : span.end].split()]
            if span.recognizer != NER_RECOGNIZER or (len(words) > 1 and any(_given(w, names) for w in words)):
                confirmed.update(fold(w) for w in words)
        ends = {span.end for span in spans if span.recognizer != NER_RECOGNIZER or " " in text[span.start : span.end]}
        kept = []
        for span in spans:
            if span.recognizer != NER_RECOGNIZER:
                if (
                    usage is not None
                    and span.recognizer not in _CONTEXT_INTRODUCED
                    and " " not in text[span.start : span.end].strip()
                    and usage.used_otherwise(text[span.start : span.end])
                ):
                    continue  # a lone first name of the gazetteer used as a word: "German", "Muslim"
                kept.append(span)
                continue
            value = text[span.start : span.end]
            words = [w.strip(".,'’") for w in value.split()]
            supported = any(_given(w, names) for w in words) or (len(words) == 1 and fold(words[0]) in confirmed)
            if (
                usage is not None
                and len(words) == 1
                and not any(_given(w, first_names()) for w in words)
                and usage.used_otherwise(words[0])
            ):
                continue  # "the German government", "Mozilla Firefox", "license": a word, not a name
            if (
                usage is not None
                and len(words) > 1
                and not supported
                and usage.read_as_thing(value)
                and not self._named_by_both_models(text, span, usage)
            ):
                continue  # "Redd Kross": the NER reads the same words as a band or a firm elsewhere, as often
            if not supported and len(words) > 1 and any(w.isupper() and len(w) <= 4 for w in words):
                continue  # "Beneficiary IBAN": an acronym in a span without a first name
            if not supported and all(fold(w) in places or w in ("and", "et", "&") for w in words):
                continue  # "Kent", "Devon and Cornwall": places the small models read as people
            if not supported and fold(words[0]) in VEHICLE_MAKES:
                continue
            if (
                not supported
                and usage is not None
                and len(words) == 1
                and not _given(words[0], first_names())
                and usage.referred_to_as_a_thing(words[0])
            ):
                continue  # "Groupon sued IBM ... its": the text speaks of it as a thing
            if not supported and usage is not None and _named_thing(text, span.start, span.end, usage.lang):
                continue  # "the band Sheila", "Studio Deen", "Malm chests", "the borough of Spandau"
            if (
                not supported
                and usage is not None
                and _ordinary_words(words, usage.lang)
                and not self.second_opinion(text, usage.lang, span.start, span.end)
            ):
                continue  # "Recent Reviews", "Twitter", "Merge Healthcare": words or a thing named by its kind
            if not supported:
                before = text[max(0, span.start - 80) : span.start].rstrip(" \u00a0\t")
                initial = not before or before[-1] in '\n.!?:;«"“—–•*('
                if len(words) == 1 and (initial or value.isupper()):
                    continue
                if value.isupper() and not any(fold(w) in confirmed for w in words):
                    continue
                opening = before.rfind("(")
                if opening >= 0 and ")" not in before[opening:]:
                    outside = len(before[:opening].rstrip(" \u00a0")) + max(0, span.start - 80)
                    if outside in ends:
                        continue
            kept.append(span)
        return kept

    def pattern_person_candidates(self, text: str, lang: str) -> list[Span]:
        """Names from the honorific, first-name and transcript recognizers, cleaned (no NLP)."""
        if "PERSON" not in self.redacted:
            return []
        la = self._analyzers.get(lang) or self.analyzer(lang)
        cleaned_cache: dict[tuple[int, int], tuple[int, int] | None] = {}
        candidates = []
        for recognizer in la.persons:
            for result in recognizer.analyze(text, ["PERSON"], None):
                key = (result.start, result.end)
                if recognizer.name in _EXACT:
                    candidates.append(Span(result.start, result.end, "PERSON", float(result.score), recognizer.name))
                    continue
                if key not in cleaned_cache:
                    cleaned_cache[key] = clean_person_span(
                        text, result.start, result.end, lang, after_honorific=recognizer.name in _INTRODUCED
                    )
                cleaned = cleaned_cache[key]
                if cleaned and recognizer.name == "GivenNamePersonRecognizer":
                    cleaned = trim_in_title_case_line(text, cleaned[0], cleaned[1], lang, gazetteer_only=True)
                if cleaned:
                    candidates.append(Span(cleaned[0], cleaned[1], "PERSON", float(result.score), recognizer.name))
        return candidates

    def person_spans(
        self, text: str, lang: str, entities: NerEntities, pattern_candidates: list[Span] | None = None
    ) -> list[Span]:
        """Names from the NER, honorifics and first names, cleaned, then propagated through the document."""
        threshold = self.policy.threshold("PERSON")
        others = [(s, e) for s, e, t in entities if t in ("ORGANIZATION", "LOCATION")]
        candidates: list[Span] = []
        for s, e, t in entities:
            if t != "PERSON":
                continue
            cleaned = clean_person_span(text, s, e, lang)
            if cleaned:
                cleaned = trim_in_title_case_line(text, cleaned[0], cleaned[1], lang)
            if cleaned:
                candidates.append(Span(cleaned[0], cleaned[1], "PERSON", NER_SCORE, NER_RECOGNIZER))
        if pattern_candidates is None:
            pattern_candidates = self.pattern_person_candidates(text, lang)
        for candidate in pattern_candidates:
            # A first-name match inside a longer organisation or place on the same line
            # ("Fondation Jean Jaurès") is not a person.
            if candidate.recognizer == "GivenNamePersonRecognizer" and _inside_longer(
                text, (candidate.start, candidate.end), others
            ):
                continue
            # Nor is one standing next to another capitalised word that no name has ("Free German Youth").
            if (
                candidate.recognizer in _GAZETTEER
                and not title_case_line(text, candidate.start)
                and in_longer_proper_noun(
                    text,
                    candidate.start,
                    candidate.end,
                    lang,
                    _words_of_other_names(text, candidate, pattern_candidates),
                )
            ):
                continue
            candidates.append(candidate)
        accepted = [c for c in candidates if c.score >= threshold]
        usage = WordUsage(
            text,
            lang,
            things=[(s, e) for s, e, t in entities if t in THING_LABELS],
            persons=[(s, e) for s, e, t in entities if t == "PERSON"],
            name_words=_name_words(text, accepted),
        )
        accepted = self._drop_weak_ner(text, accepted, usage)
        accepted = [c for c in accepted if not _a_thing(text, c, usage) or self._named_by_both_models(text, c, usage)]
        if accepted and threshold <= LIST_SCORE:
            accepted += [
                Span(s, e, "PERSON", LIST_SCORE, NAME_LIST)
                for s, e in list_mates(text, [(c.start, c.end) for c in accepted], lang)
            ]
        if not accepted or not self.policy.propagate_names:
            return accepted
        confirmed = [c for c in accepted if _confirmed(text, c, usage)]
        introduced = [c for c in confirmed if c.recognizer in _CONTEXT_INTRODUCED or c.recognizer == NAME_LIST]
        mentions = [
            NameMention(
                m.start,
                m.end,
                m.score,
                confirmed=any(c.start < m.end and m.start < c.end for c in confirmed),
                introduced=any(c.start < m.end and m.start < c.end for c in introduced),
            )
            for m in merge_spans(accepted)
        ]
        not_names = [text[s:e] for s, e in others]
        propagated = propagate_names(
            text, mentions, lang, not_names, first_names_too=self.policy.propagate_first_names, usage=usage
        )
        return accepted + [
            Span(m.start, m.end, "PERSON", m.score, PROPAGATION) for m in propagated if m.score >= threshold
        ]
