"""A cased copy of text written in capitals, character for character: "LE JUGE PIERRE DURAND A STATUÉ" -> "Le juge Pierre Durand a statué".

Headlines, forms, old registers and whole dumps come in capitals, where the NER and every
recognizer that reads capitalisation lose the one clue that sets a name apart. Passages in
capitals are given back a natural case from the language's common words (every inflected form:
:func:`provenance.pii.lexicon.common_words`):

- a common word is written in lower case, any other word (a name, a place, a rare word) is
  capitalised, and so is the first word of a sentence;
- a common word that is also a hand-checked first name ("PIERRE", "ROSE") is a name unless a
  determiner stands before it ("LA PIERRE"); one that is a given or family name of the wider
  gazetteers ("LORRAINE", "MERCIER") is a name next to another name;
- a common word where a surname stands (after a given name, an initial or an abbreviated
  honorific: "JOHN SMITH", "W. BUSH", "M. PETIT") is capitalised;
- honorifics take their usual spelling before a name ("MME", "MM.", "SIR", "ME" -> "Mme",
  "MM.", "Sir", "Me"); a letter alone or before a dot (an initial) and a word without a vowel
  (an acronym: "SNCF", "BBC") stay in capitals.

Every word keeps its length, so offsets in the copy are offsets in the original.
"""

from __future__ import annotations

from functools import cache

import regex as re

from provenance.pii.context import fold
from provenance.pii.lexicon import (
    HONORIFICS,
    HONORIFICS_UPPER,
    ROLE_TITLES,
    common_words,
    family_names,
    first_names,
    given_names,
    name_words,
    stop_words,
)

#: A word: letters, hyphenated parts allowed ("JEAN-PIERRE", "ÎLE-DE-FRANCE").
_WORD = re.compile(r"\p{L}+(?:-\p{L}+)*")
_LINE = re.compile(r"[^\n]+")
_VOWEL = re.compile(r"[aeiouy]")
_WORDS_IN_LINE = re.compile(r"\p{L}{2,}")
_UPPER = re.compile(r"\p{Lu}")
_LOWER = re.compile(r"\p{Ll}")
_CAPITALS_PAIR = re.compile(r"\p{Lu}{2}[^\p{Ll}\n]{0,3}?[ \u00a0,.;:'’\-]+\p{Lu}[^\p{Ll}\n]")
#: What ends a sentence before a word (an opening quote or bracket may stand between).
_SENTENCE_END = re.compile(r"[.!?…]['’\"”»)]?[ \u00a0]+(?:[«\"“(\[—–-][ \u00a0]*)?$")
_ABBREVIATION_END = re.compile(
    r"(?<![\p{L}])(?:\p{L}|MM|MR|MRS|MS|MME|MLLE|DR|PR|ST|PROF)\.[ \u00a0]+$", re.IGNORECASE
)
_OPENING = re.compile(r"[ \u00a0\t]*(?:[-*•«\"“(\[—–]|\d+[.)])?[ \u00a0\t]*$")
#: Words before which a first name that is also a common word is the common word ("la pierre", "a rose").
DETERMINERS = frozenset(
    fold(w)
    for w in "le la les un une des du au aux ce cet cette ces mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs quel quelle quels quelles en the a an this that these those my your his her its our their some any no every each of".split()
)
#: Verbs of saying that are also first names ("SAID"): after a name, the verb.
_REPORTING = frozenset(
    fold(w)
    for w in "said says told asked added wrote replied dit dite dits déclare déclaré explique expliqué ajoute ajouté".split()
)
#: Abbreviated honorifics written with a dot ("M. PETIT", "MR. BAKER"): the next word is in name position.
_DOTTED_HONORIFICS = frozenset(("m", "mm", "mr", "mrs", "ms", "dr", "pr", "prof", "mme", "mlle", "me", "st"))
#: Elided words before an apostrophe, in lower case ("L'ÉTAT", "QU'IL"); English clitics after one ("DON'T").
_ELIDED = frozenset("l d j n s c m t qu jusqu lorsqu puisqu quoiqu presqu quelqu".split())
_CLITICS = frozenset(["s", "t", "d", "m", "ll", "re", "ve"])
#: Particles inside a name, in lower case between its words ("Ludwig van Beethoven").
_PARTICLES = frozenset(["van", "von", "der", "den", "ter", "ten", "zu", "di", "da", "del", "della", "dos", "das"])
#: Kinds of words that a name stands next to.
_NAME_KINDS = frozenset({"title", "first", "compound", "initial", "name"})
#: Words of consecutive lines in capitals that make a paragraph in capitals inside a text in natural case.
PASSAGE_WORDS = 30
#: Share of lower-case letters a line in capitals may hold (OCR noise, a stray "de").
_LOWER_SHARE = 0.03


@cache
def honorific_spellings(lang: str) -> dict[str, str]:
    """Folded honorific (and, in English, capitalised role) -> its usual spelling ("mme" -> "Mme", "mm" -> "MM")."""
    words = HONORIFICS.get(lang, HONORIFICS["en"]) + (ROLE_TITLES["en"] if lang != "fr" else ())
    spellings: dict[str, str] = {}
    for word in words + HONORIFICS_UPPER:
        bare = word.rstrip(".")
        spellings.setdefault(fold(bare), bare if not bare.isupper() or len(bare) <= 2 else bare.title())
    return spellings


def capitals_passages(text: str) -> list[tuple[int, int]]:
    """Lines written in capitals (nearly no lower-case letter) when the text is mostly in capitals (a
    dump, a form, a register), or else runs of such lines of three words or more that hold
    ``PASSAGE_WORDS`` words together (a paragraph in capitals). A headline alone is left as it is:
    :func:`provenance.pii.names.ner_view` re-cases it for the NER, and the document's other uses of
    its words are read in their own case."""
    if not _CAPITALS_PAIR.search(text):
        return []  # the common case, cheaply: no two words in capitals in a row anywhere
    lines = []
    upper_letters = lower_letters = 0
    for m in _LINE.finditer(text):
        line = m.group()
        upper = len(_UPPER.findall(line))
        lower = len(_LOWER.findall(line))
        upper_letters += upper
        lower_letters += lower
        if upper >= 2 and lower <= _LOWER_SHARE * (upper + lower):
            lines.append((m.start(), m.end(), len(_WORDS_IN_LINE.findall(line))))
    if not lines:
        return []
    if lower_letters <= upper_letters:
        return [(s, e) for s, e, _ in lines]
    passages: list[list[int]] = []
    for s, e, words in lines:
        if words < 3:
            continue
        if passages and not text[passages[-1][1] : s].strip():
            passages[-1][1] = e
            passages[-1][2] += words
        else:
            passages.append([s, e, words])
    return [(s, e) for s, e, words in passages if words >= PASSAGE_WORDS]


def _kind(text: str, m: re.Match, lang: str) -> str:
    """What a word in capitals is, before its neighbours are read."""
    word = m.group()
    key = fold(word)
    if not any(c.isupper() for c in word) or any(c.islower() for c in word):
        return "keep"
    after, before = text[m.end() : m.end() + 2], text[max(0, m.start() - 2) : m.start()]
    if lang == "fr" and after[:1] in ("'", "’") and after[1:].isalpha() and key in _ELIDED:
        return "elided"  # "L'ÉTAT", "QU'IL"
    if lang != "fr" and before[1:] in ("'", "’") and before[:1].isalpha() and key in _CLITICS:
        return "elided"  # "DON'T", "JOHN'S"
    if (
        lang != "fr"
        and after[:1] in ("'", "’")
        and fold(text[m.end() + 1 : m.end() + 3].rstrip()) == "t"
        and key.endswith("n")
    ):
        return "elided"  # "DIDN'T"
    if key in honorific_spellings(lang):
        return "honorific"
    if len(word) == 1:
        return "lower" if key in stop_words(lang) and after[:1] != "." and word != "I" else "initial"
    common = common_words(lang)
    if key in common or key in stop_words(lang):
        if key in _REPORTING or key in stop_words(lang):
            return "lower"
        if key in first_names():
            return "first"
        return "name" if key in name_words() or key in given_names() or key in family_names() else "lower"
    if "-" in word:
        return "compound"
    if not _VOWEL.search(key) and key not in given_names() and key not in family_names():
        return "upper"  # "SNCF", "BBC": an acronym
    return "title"


def _compound(word: str, lang: str) -> str:
    """A hyphenated word that is no common word: its parts capitalised, particles and common words in
    lower case after the first ("Jean-Pierre", "Île-de-France", "Saint-Germain-en-Laye")."""
    parts = word.split("-")
    stops = stop_words(lang)
    if all((fold(p) in common_words(lang) and fold(p) not in first_names()) or fold(p) in stops for p in parts):
        return word.lower()  # "DIT-IL", "PEUT-ÊTRE"; not "JEAN-PIERRE"
    return "-".join(
        p[:1] + p[1:].lower() if i == 0 or fold(p) not in stops else p.lower() for i, p in enumerate(parts)
    )


def _name_position(previous: re.Match, previous_kind: str, gap: str, lang: str) -> bool:
    """Whether the word after ``previous`` (of kind ``previous_kind`` as written) stands where a surname
    does: after a given name, an initial or an abbreviated honorific ("JOHN SMITH", "W. BUSH", "M. PETIT",
    "MR BAKER")."""
    key = fold(previous.group())
    if gap.startswith(".") and gap[1:] in ("", " ", "\u00a0"):
        return len(key) == 1 or key in _DOTTED_HONORIFICS
    if gap not in (" ", "\u00a0"):
        return False
    if previous_kind == "honorific":
        return True
    return previous_kind == "title" and (key in first_names() or key in given_names() or key in name_words())


def _third_name_word(text: str, words: list, kinds: list[str], i: int) -> bool:
    """Whether the word at ``i`` follows two capitalised words in a row: after a given name and a surname, a
    common word is the sentence going on ("DÍAZ VÉLEZ TOOK COMMAND"), not a third name."""
    return (
        i >= 2
        and kinds[i - 2] == "title"
        and kinds[i - 1] == "title"
        and text[words[i - 2].end() : words[i - 1].start()] in (" ", "\u00a0")
    )


def _sentence_start(text: str, start: int, line_start: int) -> bool:
    before = text[max(line_start, start - 40) : start]
    if start - line_start <= 40 and _OPENING.match(text, line_start, start):
        return True
    return bool(_SENTENCE_END.search(before)) and not _ABBREVIATION_END.search(before)


def _written(word: str, kind: str, lang: str) -> str:
    if kind == "lower":
        return word.lower()
    if kind == "title":
        return word[:1] + word[1:].lower()
    if kind == "compound":
        return _compound(word, lang)
    if kind == "honorific":
        return honorific_spellings(lang)[fold(word)]
    return word


def recase_passage(text: str, start: int, end: int, lang: str, out: list[str]) -> None:
    """Write into ``out`` (the text as a list of characters) the cased form of ``text[start:end]``."""
    words = list(_WORD.finditer(text, start, end))
    kinds = [_kind(text, m, lang) for m in words]
    for i, m in enumerate(words):
        kind, word = kinds[i], m.group()
        if kind == "keep":
            continue
        gap = text[words[i - 1].end() : m.start()] if i else "\n"
        after = text[m.end() : words[i + 1].start()] if i + 1 < len(words) else "\n"
        adjacent_previous = fold(words[i - 1].group()) if gap in (" ", "\u00a0") else ""
        next_is_name = after in (" ", "\u00a0", ". ") and kinds[i + 1] in _NAME_KINDS
        if kind == "elided":
            kind = "lower"
        elif kind == "first":
            kind = "lower" if adjacent_previous in DETERMINERS else "title"
        elif kind == "honorific":
            glued = after == "." and i + 1 < len(words) and kinds[i + 1] in _NAME_KINDS  # OCR: "M.DUMAS"
            kind = "honorific" if next_is_name or glued or fold(word) not in common_words(lang) else "lower"
        elif kind == "name":
            kind = (
                "title"
                if adjacent_previous not in DETERMINERS
                and (next_is_name or (i and _name_position(words[i - 1], kinds[i - 1], gap, lang)))
                else "lower"
            )
        elif kind == "title" and fold(word) in _PARTICLES and next_is_name and i and kinds[i - 1] == "title":
            kind = "lower"  # "ANTON VON FABER": a particle inside a name
        elif (
            kind == "lower"
            and i
            and fold(word) not in stop_words(lang)
            and fold(word) not in _REPORTING
            and _name_position(words[i - 1], kinds[i - 1], gap, lang)
            and not _third_name_word(text, words, kinds, i)
        ):
            kind = "title"  # "JOHN SMITH", "M. PETIT", "GEORGE W. BUSH": a surname that is also a word
        kinds[i] = kind
        new = _written(word, kind, lang)
        if kind in ("lower", "compound") and _sentence_start(text, m.start(), start):
            new = new[:1].upper() + new[1:]
        if len(new) == len(word):
            out[m.start() : m.end()] = new


def recased(text: str, lang: str) -> str:
    """``text`` with its passages in capitals given a natural case (the text itself when it has none)."""
    passages = capitals_passages(text)
    if not passages:
        return text
    out = list(text)
    for start, end in passages:
        recase_passage(text, start, end, lang, out)
    return "".join(out)
