"""Once a name is found in a document, its other mentions: full name, surname alone, first name when unambiguous."""

from __future__ import annotations

import re as std_re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex as re

from provenance.pii.context import fold
from provenance.pii.intervals import SpanIndex
from provenance.pii.lexicon import (
    LOWER_CASE_FIRM_SUFFIXES,
    ORG_SUFFIXES,
    PLACE_PREFIXES,
    family_names,
    given_names,
    never_a_name,
    place_names,
)
from provenance.pii.recognizers.name_patterns import ELISION, WORD_AFTER
from provenance.pii.usage import WordUsage, after_determiner, in_longer_proper_noun
from provenance.pii.word_index import WordIndex

_ELISION = re.compile(ELISION)
_WORD_AFTER = re.compile(WORD_AFTER)


@dataclass(frozen=True)
class NameMention:
    """A name found in a document. ``confirmed``: certainly a person's name (two name words or more,
    or one introduced by an honorific or a first name), so its other mentions may be propagated;
    ``introduced``: a context said so (an honorific, a list of names), whatever the NER reads elsewhere."""

    start: int
    end: int
    score: float
    confirmed: bool = True
    introduced: bool = False


def _variants(name: str, lang: str) -> tuple[list[str], str | None]:
    """(surname variants, first name) of a detected name; never titles or stop words."""
    words = [w for w in re.split(r"[ \u00a0]+", name.strip()) if w]
    if "of" in words[1:]:
        words = words[: words.index("of", 1)]  # a peer: "Irvine of Lairg" is Irvine; Lairg is a place
    words = [w for w in words if not re.fullmatch(r"-?\p{Lu}\.(?:-?\p{Lu}\.)*", w)]  # drop initials ("J.-P.", "-P.")
    if len(words) < 2:
        return ([], None) if not words else ([words[0]] if not never_a_name(words[0], lang) else [], None)
    first = words[0]
    rest = words[1:]
    surnames = []
    # The whole surname part ("Le Pen", "de Villepin", "Dupont-Moretti") and its last word alone.
    whole = " ".join(rest)
    if not all(w.islower() for w in rest):
        surnames.append(whole)
    last = rest[-1]
    core = _ELISION.sub("", last)
    for candidate in (last, core):
        if candidate and len(candidate) >= 2 and not never_a_name(candidate, lang) and candidate not in surnames:
            surnames.append(candidate)
    first_name = first if (len(first) >= 2 and not never_a_name(first, lang)) else None
    return surnames, first_name


#: Up to this many name variants, each is looked for by a scan of the text (fast in C); beyond, in the word index.
_SCANS = 32


def _occurs_elsewhere(text: str, form: str, mentions: SpanIndex, index: WordIndex | None = None) -> bool:
    """Whether ``form`` (or, for several words, its longest word: spacing may differ) may occur in
    ``text`` outside the ``mentions``: a cheap substring test, never a false "no". With ``index``,
    its occurrences come from the index instead of a scan of the text."""
    probe = max(form.split(" "), key=len) if " " in form else form
    starts = index.substring_starts(probe) if index is not None else None
    if starts is not None:
        return any(not mentions.covers(p, p + len(probe)) for p in starts)
    position = text.find(probe)
    while position >= 0:
        if not mentions.covers(position, position + len(probe)):
            return True
        position = text.find(probe, position + 1)
    return False


#: A word in lower case: an ordinary word turns up so somewhere in a document; a given name does not.
_LOWER_WORD = re.compile(r"(?<![\p{L}\d])\p{Ll}[\p{Ll}\-]*(?![\p{L}\d])")


def _title(word: str) -> str:
    return "-".join(p[:1] + p[1:].lower() for p in word.split("-"))


def _case_forms(value: str) -> set[str]:
    """As written, in capitals, and (for a name first seen in capitals) title-cased."""
    forms = {value, value.upper()}
    if value.isupper():
        forms.add(" ".join(_title(w) for w in value.split(" ")))
    return forms


def propagate_names(
    text: str,
    names: Sequence[NameMention],
    lang: str,
    not_names: Iterable[str] = (),
    *,
    first_names_too: bool = True,
    usage: WordUsage | None = None,
) -> list[NameMention]:
    """Every mention in ``text`` of the confirmed names found at ``names``: full name, surname
    alone, first name alone when exactly one name found bears it, in its written, capital and
    title-case forms; possessives ("Dupont's", "d'Dupont") included by word boundaries.

    Only confirmed mentions are propagated (a lone capitalised word the NER read as a person is
    not). A one-word variant (a surname or a first name alone) is not propagated when the
    document also uses the word otherwise (``usage``: in lower case, after a determiner, in a
    longer organisation or place: "Atlantic Ocean" yields no "Ocean"), and no one-word mention
    is taken after a determiner or inside a longer proper noun ("the European Union").

    ``not_names``: texts the NER tagged as places or organisations; a variant equal to one
    (a person called "Paris", a place called "Paris") is not propagated.
    """
    if not any(m.confirmed for m in names):
        return []
    if usage is None:
        usage = WordUsage(text, lang, name_words={fold(w) for m in names for w in text[m.start : m.end].split()})
    parsed, name_count = _parse_names(text, names, lang)
    vote = _PlaceVote(Counter(fold(t) for t in not_names), name_count, _strong_variants(parsed))
    variants, first_owner, certain_first = _name_variants(parsed, vote, usage, first_names_too)
    if first_names_too:
        _add_first_names(text, variants, first_owner, certain_first, vote, usage)
    # Most names occur once: a variant whose text occurs nowhere but inside the names found adds
    # nothing, and leaving it out keeps the per-document pattern small (compiling it is the cost).
    mention_spans = SpanIndex((m.start, m.end) for m, _, _, _ in parsed)
    # Many names: one index of the text's words answers for all, where a scan per name would cost their product.
    index = usage.index if len(variants) > _SCANS else None
    variants = {form: score for form, score in variants.items() if _occurs_elsewhere(text, form, mention_spans, index)}
    if not variants:
        return []
    return _find_variants(text, variants, lang, usage)


_Parsed = tuple[NameMention, str, list[str], str | None]


def _parse_names(text: str, names: Sequence[NameMention], lang: str) -> tuple[list[_Parsed], Counter]:
    """The confirmed names with their surname and first-name variants, and how often each variant names someone."""
    name_count: Counter = Counter()
    parsed: list[_Parsed] = []
    for mention in names:
        name = re.sub(r"[ \u00a0\n\t]+", " ", text[mention.start : mention.end]).strip()
        if not name:
            continue
        surnames, first = _variants(name, lang)
        name_count.update({fold(v) for v in [name, *surnames] + ([first] if first else [])})
        if mention.confirmed:
            parsed.append((mention, name, surnames, first))
    return parsed, name_count


def _strong_variants(parsed: list[_Parsed]) -> set[str]:
    strong: set[str] = set()  # variants of names found after an honorific: certain, whatever the NER says
    for mention, name, surnames, _first in parsed:
        if mention.score >= 0.9:
            strong.update(fold(v) for v in [name, *surnames])
    return strong


@dataclass(frozen=True)
class _PlaceVote:
    """A variant the NER reads as a place or organisation more often than it occurs in the names
    found (a person called "Paris" in a text about the city) is not propagated. Every name found
    counts in that vote; only confirmed ones are propagated."""

    place_count: Counter
    name_count: Counter
    #: variants of names found after an honorific: certain, whatever the NER says
    strong: set[str]

    def excluded(self, value: str) -> bool:
        # The small models often read a rare surname as a place ("Brennan's cross"): a known family or
        # given name that is no known place keeps its person reading.
        key = fold(value)
        return (
            key not in self.strong
            and self.place_count[key] > self.name_count[key]
            and (key in place_names() or (key not in family_names() and key not in given_names()))
        )


def _name_variants(
    parsed: list[_Parsed], vote: _PlaceVote, usage: WordUsage, first_names_too: bool
) -> tuple[dict[str, float], dict[str, set[str]], set[str]]:
    """Full names and surnames to look for, with their scores; who bears each first name; the certain first names."""
    variants: dict[str, float] = {}
    first_owner: dict[str, set[str]] = {}
    certain_first: set[str] = set()  # first names of names an honorific introduced ("Mr Dariusz Nowak")
    for mention, name, surnames, first in parsed:
        if first and (mention.score >= 0.9 or mention.introduced):
            certain_first.add(fold(first))
        full_tokens = [w for w in name.split(" ") if w]
        if len(full_tokens) >= 2:
            for form in _case_forms(name):
                variants[form] = max(variants.get(form, 0.0), mention.score)
        for surname in surnames:
            if vote.excluded(surname) or (
                " " not in surname
                and (
                    usage.used_otherwise(surname, not (mention.introduced or mention.score >= 0.9))
                    or (surname.isupper() and len(surname) <= 4 and mention.score < 0.9)
                )
            ):
                continue  # "Ocean" of "Atlantic Ocean"; "TV" of a name in capitals: a word, an acronym
            for form in _case_forms(surname):
                variants[form] = max(variants.get(form, 0.0), mention.score)
        if first and first_names_too:
            first_owner.setdefault(fold(first), set()).add(fold(" ".join(full_tokens[1:])))
            first_owner.setdefault("__form__" + fold(first), set()).add(first)
    return variants, first_owner, certain_first


def _add_first_names(
    text: str,
    variants: dict[str, float],
    first_owner: dict[str, set[str]],
    certain_first: set[str],
    vote: _PlaceVote,
    usage: WordUsage,
) -> None:
    """Add the first names that only one name found bears and that are no ordinary word of the document."""
    known, places = given_names(), place_names()
    lower_words: set[str] | None = None
    for key, owners in list(first_owner.items()):
        if key.startswith("__form__") or len(owners) != 1 or vote.excluded(key):
            continue  # ambiguous: two people in the document bear it
        # A real first name, not a surname or an ordinary word read as one: a given name of any
        # origin, the first word of a name an honorific introduced ("Mr Dariusz Nowak"), or a
        # word the document never writes in lower case ("Priyanka", not "Action" of "Action Fraud").
        if usage.used_otherwise(key, key not in certain_first):
            continue
        if key not in known:
            if key in places:
                continue
            if key not in certain_first:
                if lower_words is None:
                    lower_words = {fold(w) for w in _LOWER_WORD.findall(text)}
                if key in lower_words or len(key) < 3:
                    continue
        for written in first_owner["__form__" + key]:
            for form in _case_forms(written):
                variants.setdefault(form, 0.85)


def _find_variants(text: str, variants: dict[str, float], lang: str, usage: WordUsage) -> list[NameMention]:
    """Every occurrence of the variants in the text, less a surname alone that names a place or a firm."""
    # The standard library compiles a one-off alternation several times faster than `regex`.
    alternation = "|".join(
        std_re.escape(v).replace(r"\ ", r"[ \u00a0]+") for v in sorted(variants, key=len, reverse=True)
    )
    pattern = std_re.compile(r"(?<!\w)(?:" + alternation + r")(?!\w)")
    found = []
    for m in pattern.finditer(text):
        value = m.group()
        score = variants.get(value) or variants.get(re.sub(r"[ \u00a0]+", " ", value), 0.85)
        # A single surname right after "rue", "lycée" ... is a place named after someone.
        if " " not in value:
            if after_determiner(text, m.start()) or in_longer_proper_noun(
                text, m.start(), m.end(), lang, usage.name_words
            ):
                continue
            before = text[max(0, m.start() - 25) : m.start()]
            prev = re.findall(r"[\p{L}]+", before)
            if prev and fold(prev[-1]) in PLACE_PREFIXES:
                continue
            # ... and right before "Joinery", "Ltd" ... a firm named after someone ("Blackwood Joinery").
            after = _WORD_AFTER.match(text[m.end() : m.end() + 40])
            if (
                after
                and fold(after.group(1)) in ORG_SUFFIXES
                and (after.group(1)[:1].isupper() or fold(after.group(1)) in LOWER_CASE_FIRM_SUFFIXES)
            ):
                continue
        found.append(NameMention(m.start(), m.end(), score))
    return found
