"""Person names beyond the statistical NER: a case-normalised view for all-caps text, clean-up of NER spans, propagation.

- :func:`ner_view` re-cases capitals ("JEAN DUPONT CONDAMNÉ", "Pierre DURAND") for the
  NER without moving a single character, so entity offsets are offsets into the original.
- :func:`clean_person_span` trims honorifics, titles and possessives off a NER span and
  rejects spans that are no name at all ("Monsieur le Président", "Conseil d'État").
- :func:`propagate_names`: once a name is found in a document, every other mention of it
  (full name, surname alone, first name when unambiguous, capitals, possessive) is found too.
- :func:`list_mates`: the other items of a list most of whose items are names (team sheets,
  those present at a meeting).
- :func:`trim_in_title_case_line`: a name in a title-case headline without the headline's words.
"""

from __future__ import annotations

import re as std_re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex as re

from provenance.pii.context import fold
from provenance.pii.lexicon import (
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
    place_names,
    stop_words,
)
from provenance.pii.recognizers.name_patterns import PARTICLE, WORD
from provenance.pii.usage import WordUsage, after_determiner, in_longer_proper_noun

_CAPS_WORD = re.compile(r"(?<![\p{L}\d])\p{Lu}[\p{Lu}'’\-]*\p{Lu}(?![\p{L}\d])")
_CAPITALISED = re.compile(r"\p{Lu}\p{Ll}")
_GAP = re.compile(r"^[ \u00a0,'’:\-–—]{1,3}$")
_TOKEN = re.compile(r"[\p{L}\d][\p{L}\d'’.\-]*")
_ELISION = re.compile(r"^(?:[dlDL]['’])")
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
_WORD_AFTER = re.compile(r"^[ \u00a0]*(?:\([^)\n]{0,30}\)[ \u00a0]*)?([\p{L}]+)")


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
        and (after.group(1)[:1].isupper() or fold(after.group(1)) in _LOWER_CASE_FIRM_SUFFIXES)
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
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    words = _LINE_WORD.findall(text, start, len(text) if end < 0 else end)
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


_LIST_TOKEN = r"(?:(?:" + PARTICLE + r")?" + WORD + r")"
_LIST_ITEM = (
    r"(?:\([^()\n]{1,6}\)[ \u00a0]+)?(?P<name>" + _LIST_TOKEN + r"(?:[ \u00a0]+" + _LIST_TOKEN + r"){0,2})"
    r"(?:[ \u00a0]*\([^()\n]{1,20}\))?"
)
_LIST_SEP = r"(?:[ \u00a0]*[,;][ \u00a0]*|[ \u00a0]+(?:and|et|&)[ \u00a0]+)"
_LIST_RUN = re.compile(r"(?<![\p{L}\d'’\-])" + _LIST_ITEM + r"(?:" + _LIST_SEP + _LIST_ITEM + r"){2,}")
_LIST_ITEM_RE = re.compile(_LIST_ITEM)


def list_mates(text: str, names: Sequence[tuple[int, int]], lang: str) -> list[tuple[int, int]]:
    """Names in a list whose other items are names: a team sheet ("Mensah; Okafor, Lindqvist, Brennan"),
    those present at a meeting, a list of signatories.

    A run of three or more items separated by commas, semicolons or "and"/"et", each one to three
    capitalised words (with a role in parentheses, "Kowalczyk (capt)", "(o) Hastoy"), in which at
    least two items and a third of them are names found otherwise: the other items are names too,
    unless titles, institutions or places. ``names``: (start, end) of the names found otherwise.
    """
    if len(names) < 2:
        return []
    ordered = sorted(names)
    starts = [s for s, _ in ordered]
    places = place_names()
    given, family = given_names(), family_names()
    found = []
    for run in _LIST_RUN.finditer(text):
        items = [(m.start("name"), m.end("name")) for m in _LIST_ITEM_RE.finditer(text, run.start(), run.end())]
        if len(items) < 3:
            continue
        known = []
        for s, e in items:
            i = bisect_right(starts, e) - 1
            while i >= 0 and ordered[i][1] > s:
                if ordered[i][0] < e:
                    known.append((s, e))
                    break
                i -= 1
        if len(known) < 2 or 3 * len(known) < len(items):
            continue
        lengths = {len(text[s:e].split()) for s, e in known}
        all_caps = all(text[s:e].isupper() for s, e in known)
        for s, e in items:
            if (s, e) in known:
                continue
            words = text[s:e].split()
            if any(never_a_name(w, lang) for w in words) or (len(words) == 1 and fold(words[0]) in places):
                continue
            if len(words) not in lengths or (text[s:e].isupper() and not all_caps):
                continue  # "Dr Helen Mortimer, Senior Epidemiologist, UKHSA; ...": a name, a role, a body
            if len(words) > 1 and not any(fold(w) in given or fold(w) in family for w in words):
                continue
            cleaned = clean_person_span(text, s, e, lang, after_honorific=True)
            if cleaned:
                found.append(cleaned)
    return found


#: Company suffixes also written in lower case ("Churchill's Stairlifts plc").
_LOWER_CASE_FIRM_SUFFIXES = frozenset({"plc", "ltd", "llp", "llc", "inc", "sarl", "sas", "gmbh"})

_PARTICLES = frozenset(
    {
        "de",
        "du",
        "des",
        "d",
        "van",
        "von",
        "der",
        "den",
        "di",
        "da",
        "del",
        "della",
        "dos",
        "das",
        "ben",
        "bin",
        "el",
        "al",
        "ter",
        "ten",
        "zu",
        "le",
        "la",
    }
)


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


def _occurs_elsewhere(text: str, form: str, mentions: list[tuple[int, int]]) -> bool:
    """Whether ``form`` (or, for several words, its longest word: spacing may differ) may occur in
    ``text`` outside the ``mentions``: a cheap substring test, never a false "no"."""
    probe = max(form.split(" "), key=len) if " " in form else form
    position = text.find(probe)
    while position >= 0:
        if not any(s <= position and position + len(probe) <= e for s, e in mentions):
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
    mention_spans = [(m.start, m.end) for m, _, _, _ in parsed]
    variants = {form: score for form, score in variants.items() if _occurs_elsewhere(text, form, mention_spans)}
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
                and (after.group(1)[:1].isupper() or fold(after.group(1)) in _LOWER_CASE_FIRM_SUFFIXES)
            ):
                continue
        found.append(NameMention(m.start(), m.end(), score))
    return found
