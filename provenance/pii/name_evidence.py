"""What a document says about a person-name candidate: the evidence that confirms it, or marks it as a thing's name.

Pure predicates over the text, the candidate's span and the document's own use of its words
(:class:`provenance.pii.usage.WordUsage`); :mod:`provenance.pii.persons` weighs them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Container, Sequence

import regex as re

from provenance.pii.context import fold
from provenance.pii.intervals import SpanIndex
from provenance.pii.lexicon import (
    BRANDED_NOUNS,
    PLACE_OF_NOUNS,
    THING_NOUNS,
    common_words,
    family_names,
    first_names,
    given_names,
    name_words,
    stop_words,
)
from provenance.pii.lines import line_bounds
from provenance.pii.spans import Span
from provenance.pii.usage import WordUsage

#: The recognizer name of the spans the NER found.
NER_RECOGNIZER = "SpacyRecognizer"
#: The recognizer name of the other items of a list of names (:func:`provenance.pii.name_lists.list_mates`).
NAME_LIST = "NameList"

#: Recognizers whose names were introduced by an honorific or a field label: a short word in
#: capitals or an initial there is a name ("Me RIOU", "Nom : LY"), not an acronym.
INTRODUCED = frozenset({"HonorificPersonRecognizer", "FormFieldPersonRecognizer"})


def is_given(word: str, names: frozenset[str]) -> bool:
    """A given name; a short word in capitals is an acronym before it is a name ("IBAN" is not "Ibán")."""
    return fold(word) in names and not (word.isupper() and len(word) <= 4)


#: Recognizers whose names a context introduced (an honorific, a field label, a role, a speaker's
#: turn, a citation): one word from them is a person's name.
CONTEXT_INTRODUCED = INTRODUCED | {
    "TranscriptSpeakerRecognizer",
    "AppositionPersonRecognizer",
    "CaseCitationPersonRecognizer",
    "LetterPseudonymRecognizer",
}
#: Recognizers whose spans are exactly the name (a letter standing for a person): no clean-up.
EXACT = frozenset({"LetterPseudonymRecognizer"})
#: Recognizers that read names off word lists alone, without a context that introduces them.
GAZETTEER = frozenset({"GivenNamePersonRecognizer", "RareNamePersonRecognizer"})
_NAME_TOKEN = re.compile(r"\p{Lu}[\p{L}'’\-]*\.?|\p{Lu}\.")


def _name_tokens(value: str) -> list[str]:
    """The capitalised words and initials of a name ("J.-P. de Villepin" -> "J.-P.", "Villepin")."""
    return [w for w in value.split() if _NAME_TOKEN.fullmatch(w.strip(",;:'’"))]


def name_words_of(text: str, spans: Sequence[Span]) -> set[str]:
    """Folded words of the names of two words or more, or that a context introduced (never a lone NER word)."""
    words: set[str] = set()
    for span in spans:
        tokens = [w.strip(".,'’") for w in _name_tokens(text[span.start : span.end])]
        if span.recognizer in CONTEXT_INTRODUCED or len(tokens) >= 2:
            words.update(fold(w) for w in tokens)
    return words


def confirmed_name(text: str, span: Span, usage: WordUsage) -> bool:
    """A certain person's name, whose other mentions may be propagated: introduced by a context (honorific,
    field label ...), two name words or more one of which is a known name, or a known first or family
    name or a list's name that the document uses for nothing else."""
    if span.recognizer in CONTEXT_INTRODUCED:
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
        len(tokens) == 1 and (is_given(tokens[0], first_names()) or fold(tokens[0]) in family_names())
    )
    return len(tokens) == 1 and known and not usage.used_otherwise(tokens[0], model_votes=span.recognizer != NAME_LIST)


def known_name_word(word: str) -> bool:
    key = fold(word.strip(".,'’"))
    return key in given_names() or key in family_names() or key in name_words()


def ordinary_words(words: Sequence[str], lang: str) -> bool:
    """Whether capitalised words the NER read as a person read as ordinary words of the language instead, none
    of them a known given or family name: all of them are common words ("Recent Reviews", "Twitter", "Box"),
    or the noun that heads them, the last one, is ("Merge Healthcare", "Sesame Workshop", "Asda Supercentre"):
    a thing named by its kind, not a person. English only: English names that are also words are in the
    gazetteers (``name_words``), French ones too often are not."""
    if lang != "en" or not words or any(known_name_word(w) for w in words):
        return False  # French surnames are common words as often as not (Boulanger, Meunier, Saillant)
    common = common_words(lang)
    folded = [fold(w.strip(".,'’")) for w in words]
    if all(w in common for w in folded):
        return True
    return len(words) > 1 and folded[-1] in common and folded[-1] not in stop_words(lang)


_WORD_BEFORE = re.compile(r"(\p{Ll}[\p{Ll}\-]*)[ \u00a0]+$")
_WORD_BEFORE_OF = re.compile(r"(\p{Ll}+)[ \u00a0]+(?:of|de|d['’]|du)[ \u00a0]*$")
_WORD_AFTER = re.compile(r"[ \u00a0]+(\p{Ll}+)")


def named_thing(text: str, start: int, end: int, lang: str) -> bool:
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
    return m is not None and lang == "en" and m.group(1) in BRANDED_NOUNS


def a_thing(text: str, span: Span, usage: WordUsage) -> bool:
    """A span of several capitalised words that names a thing, by the document's own use of its words:
    the NER reads the same words as a place or a firm at least as often ("German Empire", "Hong
    Kong"), the given name it rests on is used as a word ("German" of "Free German Youth"), or every
    word is used otherwise ("Sargasso Sea": "the Sargasso", "sea"). A hand-checked first name, or a
    context (an honorific, a list of names), keeps it a person's."""
    if span.recognizer in CONTEXT_INTRODUCED or span.recognizer == NAME_LIST:
        return False
    words = [w.strip(".,'’") for w in text[span.start : span.end].split()]
    capitalised = [w for w in words if w[:1].isupper() and len(w) > 1]
    if len(capitalised) < 2 or any(is_given(w, first_names()) for w in capitalised):
        return False
    if usage.read_as_thing(text[span.start : span.end]):
        return True
    given, family = given_names(), family_names()
    evidence = [w for w in capitalised if fold(w) in given or fold(w) in family]
    if evidence and all(usage.used_otherwise(w) for w in evidence):
        return True
    return all(usage.used_otherwise(w) for w in capitalised)


class OtherNameWords:
    """Folded words of a document's ``names``, less those of the names overlapping a given one (:meth:`of`)."""

    def __init__(self, text: str, names: Sequence[Span]):
        self._words = [[fold(w.strip(".,;:'’")) for w in text[n.start : n.end].split()] for n in names]
        self._counts = Counter(w for words in self._words for w in words)
        self._index = SpanIndex((n.start, n.end) for n in names)

    def of(self, span: Span) -> Container[str]:
        """The words of the names apart from ``span`` (none overlapping it): a neighbour that is one of them
        does not make a longer proper noun ("Kevin Drake and Solon Bixler" lists two people), while the words
        of a longer match of the same words do ("Partido Socialista Obrero Español")."""
        overlapping = Counter(w for i in self._index.overlapping(span.start, span.end) for w in self._words[i])
        return _CountsLess(self._counts, overlapping)


class _CountsLess:
    """The words counted in ``counts`` more often than in ``less``: a set, without building it."""

    def __init__(self, counts: Counter, less: Counter):
        self._counts = counts
        self._less = less

    def __contains__(self, word: object) -> bool:
        return self._counts[word] > self._less[word]


def _on_line(text: str, start: int, end: int, position: int) -> tuple[int, int] | None:
    """The part of ``[start, end)`` on the line holding ``position``; None if it has none there."""
    line_start, line_end = line_bounds(text, position)
    s, e = max(start, line_start), min(end, line_end)
    return (s, e) if s < e else None


def inside_longer(text: str, span: tuple[int, int], others: SpanIndex) -> bool:
    """Whether ``span`` lies strictly inside one of ``others`` (clipped to the span's line)."""
    for s, e in others.containing(span[0], span[1]):
        clipped = _on_line(text, s, e, span[0])
        if clipped and clipped[0] <= span[0] and span[1] <= clipped[1] and clipped[1] - clipped[0] > span[1] - span[0]:
            return True
    return False
