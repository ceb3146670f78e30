"""How a document uses a capitalised word besides as a person's name: lower-cased, after a determiner, inside a longer proper noun.

A lone capitalised word is a person's name only by its use. "Atlantic", "German", "Union" or
"Copyright" are names of nothing in a text that also writes "the Atlantic", "the German
government", "the European Union" or "copyright": the document itself votes against the
person reading. :class:`WordUsage` reads one document once and answers that question for any
word, and :func:`in_longer_proper_noun` for one occurrence.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Container, Iterable, Iterator

import regex as re

from provenance.pii.context import fold
from provenance.pii.lexicon import family_names, given_names, never_a_name
from provenance.pii.lines import line_bounds
from provenance.pii.word_index import WordIndex

#: NER labels whose entities are things, not people, when they contain a word.
THING_LABELS = frozenset(
    {
        "ORGANIZATION",
        "LOCATION",
        "NORP",
        "MISC",
        "PRODUCT",
        "WORK_OF_ART",
        "EVENT",
        "LANGUAGE",
        "LAW",
        "FAC",
        "GPE",
        "ORG",
        "LOC",
    }
)


def _squeeze(value: str) -> str:
    return fold(" ".join(value.split()))


def _name_like(word: str, lang: str, name_words: Container[str]) -> bool:
    """A neighbour that keeps a word a person's name: a stop word or a title ("President Merkel",
    "When Merkel"), a known given or family name, or a word of a name found in the document."""
    key = fold(word.strip("'’"))
    return key in name_words or key in given_names() or key in family_names() or never_a_name(word, lang)


#: Lower-case words that join the words of one proper noun ("Committee on Copyright and Related Rights").
_CONNECTOR = r"(?:of|on|for|and|&|de|du|des|et|upon|under)"
_BEFORE = re.compile(r"(\p{Lu}[\p{L}'’]*)(?:[ \u00a0]+|[ \u00a0]*-[ \u00a0]*)$")
_BEFORE_JOINED = re.compile(r"(\p{Lu}[\p{L}'’]*)[ \u00a0]+" + _CONNECTOR + r"[ \u00a0]+$")
_AFTER = re.compile(r"(?:[ \u00a0]+|[ \u00a0]*-[ \u00a0]*)(\p{Lu}[\p{L}'’]*)(?![\p{L}\d])")
_AFTER_JOINED = re.compile(r"[ \u00a0]+" + _CONNECTOR + r"[ \u00a0]+(\p{Lu}[\p{L}'’]*)(?![\p{L}\d])")
_PERSON_PRONOUN = re.compile(r"(?<![\p{L}])(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er|[Hh]im|[Hh]imself|[Hh]erself)(?![\p{L}])")
_THING_PRONOUN = re.compile(r"(?<![\p{L}])(?:[Ii]t|[Ii]ts|[Ii]tself)(?![\p{L}'’])")
#: Characters after a mention in which a pronoun is taken to refer to it.
_PRONOUN_REACH = 150
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]['’\"”»)]?[ \u00a0]+|\n[ \u00a0\t]*|[\"“«(][ \u00a0]*)$")


def in_longer_proper_noun(
    text: str, start: int, end: int, lang: str, name_words: Container[str] = frozenset()
) -> bool:
    """Whether ``text[start:end]`` stands next to a capitalised word (same line, a space, a hyphen or a
    joining word such as "of" or "and" apart) that is no title, stop word or name word: "Atlantic
    Ocean", "Château-Thierry", "Deutsche Bahn", "Committee on Copyright and Related Rights" are one
    proper noun, and a word inside one is not a person's name."""
    before = text[max(0, start - 40) : start]
    for pattern in (_BEFORE, _BEFORE_JOINED):
        m = pattern.search(before)
        if (
            m
            and not _name_like(m.group(1), lang, name_words)
            and (pattern is _BEFORE or not _SENTENCE_START.search(before, 0, m.start(1)))
        ):
            return True
    for pattern in (_AFTER, _AFTER_JOINED):
        m = pattern.match(text, end, min(len(text), end + 40))
        if m and not _name_like(m.group(1), lang, name_words):
            return True
    return False


def sentence_initial(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence, a line or a quotation: capitalised whatever it is."""
    return bool(_SENTENCE_START.search(text, max(0, start - 4), start))


def after_determiner(text: str, start: int) -> bool:
    """Whether the word at ``start`` follows a determiner ("the Atlantic", "l'Autriche")."""
    m = re.search(
        r"(?<![\p{L}\d'’])(?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hat|[Tt]hese|[Tt]hose|[Ll]e|[Ll]a|[Ll]es|[Uu]ne?"
        r"|[Cc]e|[Cc]ette|[Cc]es|[Aa]ux?)[ \u00a0]+$|(?<![\p{L}\d])[Ll]['’]$",
        text[max(0, start - 12) : start],
    )
    return bool(m)


class WordUsage:
    """How one document uses capitalised words: as names, or otherwise.

    ``things`` and ``persons``: (start, end) of the entities the NER labelled as things
    (organisations, places, nationalities, works ...) and as people: the model's own readings of
    a word across the document are votes. ``name_words``: folded words of names found in the
    document (a neighbour that is one of them does not make a longer proper noun).
    """

    def __init__(
        self,
        text: str,
        lang: str,
        things: Iterable[tuple[int, int]] = (),
        persons: Iterable[tuple[int, int]] = (),
        name_words: Iterable[str] = (),
    ):
        self.text = text
        self.lang = lang
        self.things = sorted(things)
        self.persons = sorted(persons)
        self.name_words = frozenset(name_words)
        self._uses: dict[str, tuple[int, int, int, int]] = {}
        self._entity_votes: dict[str, list[int]] | None = None
        self._headlines: dict[int, bool] = {}
        self.index = WordIndex(text)

    def _finditer(self, pattern: re.Pattern, word: str) -> Iterator[re.Match]:
        """``pattern.finditer(self.text)`` for a pattern matching ``word`` (in some case) between non-letters,
        tried only where the index says such a match may start."""
        starts = self.index.word_starts(word)
        if starts is None:
            yield from pattern.finditer(self.text)
            return
        end = 0
        for start in starts:
            if start >= end and (m := pattern.match(self.text, start)) is not None:
                end = m.end()
                yield m

    def _title_case_line(self, position: int) -> bool:
        from provenance.pii.names import title_case_line  # names builds on this module

        line = line_bounds(self.text, position)[0]
        found = self._headlines.get(line)
        if found is None:
            found = self._headlines[line] = title_case_line(self.text, position)
        return found

    @staticmethod
    def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
        """Whether [start, end) lies inside one of ``spans`` (sorted, not overlapping: NER entities)."""
        i = bisect_right(spans, (start, float("inf"))) - 1
        return i >= 0 and spans[i][0] <= start and end <= spans[i][1]

    def uses(self, word: str) -> tuple[int, int, int, int]:
        """(uses as a name, other uses in the text, NER things, NER persons) of ``word`` in the document.
        Other uses in the text: in lower case, after a determiner, next to a capitalised word that is
        no name ("Atlantic Ocean"). NER things and persons: capitalised uses (of the name uses) inside
        an entity the NER labelled as an organisation, a place, a nationality ..., or as a person."""
        key = fold(word.strip(".'’"))
        found = self._uses.get(key)
        if found is not None:
            return found
        named = other = thing = person = 0
        core = word.strip(".'’")
        if core:
            pattern = re.compile(r"(?<![\p{L}\d])" + re.escape(core) + r"(?![\p{L}\d])", re.IGNORECASE)
            for m in self._finditer(pattern, core):
                value = m.group()
                if value[:1].islower():
                    other += 1
                    continue
                if (
                    (value.isupper() and len(value) > 1)
                    or sentence_initial(self.text, m.start())
                    or self._title_case_line(m.start())
                ):
                    continue  # capitals, a sentence's first word and a headline in title case say nothing
                if after_determiner(self.text, m.start()) or in_longer_proper_noun(
                    self.text, m.start(), m.end(), self.lang, self.name_words
                ):
                    other += 1
                    continue
                named += 1
                if self._inside(self.persons, m.start(), m.end()):
                    person += 1
                elif self._inside(self.things, m.start(), m.end()):
                    thing += 1
        self._uses[key] = (named, other, thing, person)
        return self._uses[key]

    def read_as_thing(self, value: str) -> bool:
        """Whether the NER labels ``value`` (several words) as a thing at least as often as a person in the document."""
        if self._entity_votes is None:
            votes: dict[str, list[int]] = {}
            for spans, index in ((self.persons, 0), (self.things, 1)):
                for s, e in spans:
                    votes.setdefault(_squeeze(self.text[s:e]), [0, 0])[index] += 1
            self._entity_votes = votes
        person, thing = self._entity_votes.get(_squeeze(value), (0, 0))
        return thing > 0 and thing >= person

    def referred_to_as_a_thing(self, word: str) -> bool:
        """Whether the text after the capitalised mentions of ``word`` goes on with "it" and "its" more often
        than with "he", "she", "his" or "her" (English): the pronouns a text picks say whether it speaks
        of a person ("Schopenhauer ... he") or of a thing ("Groupon ... its"). French "il" and "elle"
        stand for things as well as people, so French text gives no vote."""
        if self.lang != "en":
            return False
        core = word.strip(".'’")
        person = thing = 0
        pattern = re.compile(r"(?<![\p{L}\d])" + re.escape(core) + r"(?![\p{L}\d])")
        for m in self._finditer(pattern, core):
            after = self.text[m.end() : m.end() + _PRONOUN_REACH]
            person += bool(_PERSON_PRONOUN.search(after))
            thing += bool(_THING_PRONOUN.search(after))
        return thing >= 2 and thing > person  # one "it" after one mention is as often about something else

    def used_otherwise(self, word: str, model_votes: bool = True) -> bool:
        """Whether the document uses ``word`` (one word) otherwise than as a name: in the text at least
        as often as a name ("the Atlantic", "ocean", "European Union"), or, counting the NER's
        readings (``model_votes``), when the model reads it as a thing more often than as a person
        and those readings and the text's other uses outnumber the rest ("German" read as a
        nationality). A name an honorific introduced is a name whatever the model makes of it."""
        named, other, thing, person = self.uses(word)
        if other > 0 and other >= named:
            return True
        return model_votes and thing > person and other + thing > named - thing
