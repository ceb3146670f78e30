"""Person-name spans around the statistical NER: the case-normalised text it reads, and the clean-up of what it finds.

- :func:`ner_view` re-cases capitals ("JEAN DUPONT CONDAMNÉ", "Pierre DURAND") for the
  NER without moving a single character, so entity offsets are offsets into the original.
- :func:`clean_person_span` trims honorifics, titles and possessives off a NER span and
  rejects spans that are no name at all ("Monsieur le Président", "Conseil d'État").
- :func:`trim_in_title_case_line`: a name in a title-case headline without the headline's words.

Finding a name's other mentions is :mod:`provenance.pii.propagation`; the other items of a list of
names, :mod:`provenance.pii.name_lists`.
"""

from __future__ import annotations

from itertools import islice

import regex as re

from provenance.pii.context import fold
from provenance.pii.lexicon import (
    LOWER_CASE_FIRM_SUFFIXES,
    ORG_FORM_WORDS,
    ORG_SUFFIXES,
    PLACE_PREFIXES,
    PLACE_SUFFIXES,
    family_names,
    first_names,
    given_names,
    honorific_words,
    is_title,
    never_a_name,
    stop_words,
)
from provenance.pii.lines import line_bounds
from provenance.pii.recognizers.name_patterns import ELISION, WORD_AFTER

_CAPS_WORD = re.compile(r"(?<![\p{L}\d])\p{Lu}[\p{Lu}'’\-]*\p{Lu}(?![\p{L}\d])")
_CAPITALISED = re.compile(r"\p{Lu}\p{Ll}")
_GAP = re.compile(r"^[ \u00a0,'’:\-–—]{1,3}$")
_TOKEN = re.compile(r"[\p{L}\d][\p{L}\d'’.\-]*")
_ELISION = re.compile(ELISION)
_ROMAN_ORDINAL = re.compile(r"[IVXLC]+(?:e|er|re|ème|es|th|st|nd|rd)")


def _recase(word: str, lang: str) -> str:
    """'DURAND' -> 'Durand', 'DE' -> 'de', same length or unchanged."""
    new = word.lower() if fold(word) in stop_words(lang) else "-".join(p[:1] + p[1:].lower() for p in word.split("-"))
    return new if len(new) == len(word) else word


def ner_view(text: str, lang: str) -> str:
    """The text with capitalised passages re-cased for the NER, character for character.

    A word in capitals is re-cased when it is next to another word in capitals (a headline,
    "JEAN DUPONT") or next to a capitalised word or honorific ("Pierre DURAND", "M. DURAND").
    A lone acronym (CNIL, SNCF) is left as it is.
    """
    words = list(_CAPS_WORD.finditer(text))
    if not words:
        return text
    recase: set[int] = set()
    for i, m in enumerate(words):
        if i + 1 < len(words) and _GAP.match(text[m.end() : words[i + 1].start()]):
            recase.update((i, i + 1))
            continue
        before = text[max(0, m.start() - 20) : m.start()].rstrip()
        after = text[m.end() : m.end() + 20].lstrip()
        prev_word = before.split()[-1] if before.split() else ""
        if _CAPITALISED.match(after) or (
            prev_word and (_CAPITALISED.match(prev_word) or fold(prev_word.rstrip(".")) in honorific_words(lang))
        ):
            recase.add(i)
    if not recase:
        return text
    out = list(text)
    for i in recase:
        m = words[i]
        out[m.start() : m.end()] = _recase(m.group(), lang)
    return "".join(out)


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in _TOKEN.finditer(text[start:end])]


_ORG_FORM_BEFORE = re.compile(
    r"(?<![\p{L}])(?i:" + "|".join(re.escape(w) for w in ORG_FORM_WORDS) + r")[ \u00a0]+"
    r"(?:[\p{Lu}][\p{L}'’\-]*[ \u00a0]+(?:(?:et|and|&)[ \u00a0]+)?){0,3}$"
)
_WORD_BEFORE = re.compile(r"([\p{L}]+)['’ \u00a0-]*$")
_WORD_AFTER = re.compile(WORD_AFTER)
#: Lower-case particles that open a surname ("de Villepin", "van Gogh"), folded.
_PARTICLES = frozenset("de du des d van von der den di da del della dos das ben bin el al ter ten zu le la".split())


def named_after(text: str, start: int) -> bool:
    """Whether the name at ``start`` names a place or a firm: "rue Pasteur", "lycée Jean Moulin", "SCP Piwnica et Molinié"."""
    before = text[max(0, start - 60) : start]
    word = _WORD_BEFORE.search(before)
    if word and fold(word.group(1)) in PLACE_PREFIXES:
        return True
    return bool(_ORG_FORM_BEFORE.search(before))


def clean_person_span(
    text: str, start: int, end: int, lang: str, *, after_honorific: bool = False
) -> tuple[int, int] | None:
    """The name inside a PERSON span, or None if the span is not a person's name.

    Strips leading honorifics and titles ("Me", "Monsieur", "Président"), trailing titles and
    possessives ("Dupont's" -> "Dupont"), keeps the first line of a span that crosses one;
    rejects spans made only of titles, institutions and stop words, spans with digits or '@',
    lone acronyms, anonymisation markers, and names of places and firms ("St Mary",
    "Irwin Mitchell LLP", "cours Émile-Zola", "SCP Piwnica et Molinié").
    ``after_honorific``: the span followed an honorific, so a lone initial or a short word in
    capitals is a name ("M. V.", "Me RIOU"), not an acronym.
    """
    tokens = _name_tokens(text, start, end, lang)
    if not tokens or _not_a_person(text, tokens, lang, after_honorific):
        return None
    return _trimmed(text, tokens[0][0], tokens[-1][1])


def _name_tokens(text: str, start: int, end: int, lang: str) -> list[tuple[int, int]]:
    """The span's tokens on its first line without the titles and sentence material around the name; [] if none."""
    first_line = text[start:end].split("\n", 1)[0]
    end = start + len(first_line.rstrip())
    span_text = text[start:end]
    if not span_text.strip() or any(c.isdigit() for c in span_text) or "@" in span_text or "/" in span_text:
        return []
    tokens = _tokens(text, start, end)
    while tokens and text[tokens[0][0]].isupper() and is_title(text[tokens[0][0] : tokens[0][1]], lang):
        tokens.pop(0)
    while tokens and (
        is_title(text[tokens[-1][0] : tokens[-1][1]].rstrip("'’s"), lang)
        or text[tokens[-1][0] : tokens[-1][1]].islower()
    ):
        tokens.pop()
    # Leading lower-case words are sentence material the NER swallowed, unless a particle of the name.
    while tokens and text[tokens[0][0]].islower() and fold(text[tokens[0][0] : tokens[0][1]]) not in _PARTICLES:
        tokens.pop(0)
    return tokens


def _not_a_person(text: str, tokens: list[tuple[int, int]], lang: str, after_honorific: bool) -> bool:
    """Whether the words left are no person's name: no capital, only stop words, a lone acronym, a place, a firm."""
    words = [text[s:e] for s, e in tokens]
    if not any(w[:1].isupper() for w in words):
        return True
    if all(never_a_name(_ELISION.sub("", w), lang) for w in words):
        return True
    if len(words) == 1 and _lone_word_is_no_name(words[0], lang, after_honorific):
        return True
    return _names_a_firm_or_place(text, tokens, words)


def _lone_word_is_no_name(written: str, lang: str, after_honorific: bool) -> bool:
    word = written.rstrip(".")
    if _ROMAN_ORDINAL.fullmatch(word):
        return True  # "XXe siècle", "the XIXth century"
    if word in ("X", "Y", "Z") or (len(word) <= 1 and not (after_honorific and written.endswith("."))):
        return True
    if word.isupper() and len(word) <= 4 and "-" not in word and not after_honorific:
        return True  # a lone acronym (CGT, ONU) is not a name
    parts = word.split("-")
    # "Jules-Verne", "Émile-Zola": French names a place after a person with a hyphen
    return (
        lang == "fr"
        and len(parts) >= 2
        and fold(parts[0]) in first_names()
        and fold(parts[-1]) not in first_names()
        and parts[-1][:1].isupper()
    )


def _names_a_firm_or_place(text: str, tokens: list[tuple[int, int]], words: list[str]) -> bool:
    first = words[0].rstrip(".")
    if fold(first) in ("st", "saint", "sainte", "ste", "san", "santa", "sao"):
        return True  # St Mary's Hospital, Saint-Denis
    if (
        first.isupper()
        and 2 <= len(first) <= 4
        and "-" not in first
        and fold(first) not in first_names()
        and len(words) > 1
    ):
        return True  # "SCP Thouin-Palat", "BIC CCBPFRPPMTG", "SAS DATAFLOW": a firm or a code, not a name
    if (
        _ORG_FORM_BEFORE.search(text[tokens[0][0] : tokens[-1][1]] + " ")
        and len(words) > 1
        and fold(words[0]) not in first_names()
    ):
        return True  # the span starts with a company form: "SCP Thouin-Palat", "Cabinet Durand"
    starts_with_first_name = fold(words[0]) in first_names()
    after = _WORD_AFTER.match(text[tokens[-1][1] : tokens[-1][1] + 40])
    if (
        after
        and (after.group(1)[:1].isupper() or fold(after.group(1)) in LOWER_CASE_FIRM_SUFFIXES)
        and (
            fold(after.group(1)) in ORG_SUFFIXES
            or (fold(after.group(1)) in PLACE_SUFFIXES and not starts_with_first_name)
        )
    ):
        return True  # "Irwin Mitchell LLP", "Yorkshire Homes (Northern) Ltd", "Beeston Hill Surgery"
    if len(words) >= 2 and (
        fold(words[-1]) in ORG_SUFFIXES or (fold(words[-1]) in PLACE_SUFFIXES and not starts_with_first_name)
    ):
        return True  # "Blackwood Joinery Ltd", "Civic Centre", "Cass Lane"
    return named_after(text, tokens[0][0])


def _trimmed(text: str, new_start: int, new_end: int) -> tuple[int, int] | None:
    """The name without a possessive or trailing punctuation; a final initial keeps its dot."""
    # Possessive: "Dupont's" / "Dupont’s".
    for suffix in ("'s", "’s"):
        if text[new_start:new_end].endswith(suffix) and new_end - len(suffix) > new_start:
            new_end -= len(suffix)
    while new_end > new_start and text[new_end - 1] in ".,;:'’-":
        # keep the dot of a final initial ("J.-P. M.")
        if (
            text[new_end - 1] == "."
            and new_end - 2 >= new_start
            and text[new_end - 2].isupper()
            and (new_end - 3 < new_start or not text[new_end - 3].isalpha())
        ):
            break
        new_end -= 1
    return (new_start, new_end) if new_end > new_start else None


_LINE_WORD = re.compile(r"[\p{L}][\p{L}'’\-]*")
_TITLE_CASE_FUNCTION_WORDS = frozenset(
    "as to by of in on for at the and after with from over into says say amid after before is are was".split()
)


def title_case_line(text: str, position: int) -> bool:
    """Whether the line holding ``position`` is a headline in title case ("Jordan Henderson Leaves Saudi
    Club After Six Months"): four words or more, nearly all capitalised, function words included."""
    start, end = line_bounds(text, position)
    # A headline has at most 25 words: reading 26 of a long line is enough to say it is none.
    words = [m.group() for m in islice(_LINE_WORD.finditer(text, start, end), 26)]
    if len(words) < 4 or len(words) > 25:
        return False
    capitalised = [w for w in words if w[0].isupper() and not w.isupper()]
    function_words = [w for w in words[1:] if w[0].isupper() and w.lower() in _TITLE_CASE_FUNCTION_WORDS]
    return bool(function_words) and len(capitalised) >= 0.8 * len(words)


def trim_in_title_case_line(
    text: str, start: int, end: int, lang: str, *, gazetteer_only: bool = False
) -> tuple[int, int] | None:
    """A name in a title-case headline, without the capitalised words of the headline it swallowed:
    up to its last known given or family name, else (for the NER, which read the context) its first
    two words: "Jordan Henderson Leaves" -> "Jordan Henderson", "Taylor Swift Concert" -> "Taylor Swift".
    ``gazetteer_only``: the span came from the name lists alone, so without a known word after its
    first it is dropped ("Henderson Leaves": a first name, then a verb)."""
    tokens = _tokens(text, start, end)
    if len(tokens) < (2 if gazetteer_only else 3) or not title_case_line(text, start):
        return start, end
    given, family = given_names(), family_names()
    known = [i for i, (s, e) in enumerate(tokens) if fold(text[s:e]) in given or fold(text[s:e]) in family]
    if known and known[-1] >= 1:
        return tokens[0][0], tokens[known[-1]][1]
    return None if gazetteer_only else (tokens[0][0], tokens[1][1])
