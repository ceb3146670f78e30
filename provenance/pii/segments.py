"""Which parts of a text the NER has to read: sentences that can hold a name the stage would keep.

The NER is most of the stage's cost. A person span is only kept if it has a capital letter
and is not made only of stop words, titles and institution words (see
:func:`provenance.pii.names.clean_person_span`), and a lone capitalised word opening a
sentence is only kept when it is a known first name or part of a name found elsewhere
(:meth:`provenance.pii.persons.PersonFinder.drop_weak_ner`). So a sentence whose capitals
are all such words, or only its first word, cannot yield a kept name: it is not sent to the NER. Consecutive sentences that are sent form one piece, so the NER keeps
its context across them.

What the NER reads is also bounded (:func:`cap_token_runs`): spaCy's tokenizer peels prefixes and suffixes
off a whitespace-free run one character at a time, copying the rest each time, so a run of 16,000 ``{``
takes it minutes. Long runs are cut by spaces, character for character, so offsets stay the text's own.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from functools import cache

import regex as re

from provenance.pii.context import fold
from provenance.pii.lexicon import first_names, not_person_words, stop_words

#: Where a sentence or a line ends: sentence-ending punctuation followed by a space, or a line break.
_BOUNDARY = re.compile(r"[.!?…]+[\"»”’)\]]*[ \t\u00a0]+|[ \t\u00a0]*\n+")
_CAPITALISED = re.compile(r"(?<![\p{L}\d'’])\p{Lu}[\p{L}'’\-]*")
_FIRST_WORD = re.compile(r"[\p{L}\d]")
_CAPITAL_NEXT = re.compile(r"[ \u00a0]+\p{Lu}")


#: The longest whitespace-free run the NER is given by default (the policy's ``limits.token_chars``);
#: no name, nor any word around one, is longer.
MAX_TOKEN_CHARS = 64
#: A run of symbols this long (``limits.symbol_run``) is no part of a name: the NER reads it as blanks
#: (one token, not one per symbol).
MAX_SYMBOL_RUN = 16


@cache
def _run_patterns(token_chars: int, symbol_run: int) -> tuple[re.Pattern, re.Pattern]:
    return re.compile(rf"\S{{{token_chars + 1},}}"), re.compile(rf"[^\w\s]{{{symbol_run + 1},}}")


def cap_token_runs(text: str, token_chars: int = MAX_TOKEN_CHARS, symbol_run: int = MAX_SYMBOL_RUN) -> str:
    """``text`` with every whitespace-free run longer than ``token_chars`` cut by a space every
    ``token_chars`` characters, and runs of more than ``symbol_run`` symbols blanked: the same
    length, so the NER's offsets are the text's; its cost linear."""
    long_run, symbol_runs = _run_patterns(token_chars, symbol_run)
    runs, symbols = list(long_run.finditer(text)), list(symbol_runs.finditer(text))
    if not runs and not symbols:
        return text
    chars = list(text)
    for run in symbols:
        chars[run.start() : run.end()] = " " * (run.end() - run.start())
    for run in runs:
        for i in range(run.start() + token_chars, run.end(), token_chars):
            chars[i] = " "
    return "".join(chars)


_MONTHS_AND_DAYS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre lundi mardi mercredi jeudi vendredi samedi dimanche january february march april may june july august september october november december monday tuesday wednesday thursday friday saturday sunday".split()


@cache
def _common_capitalised() -> frozenset[str]:
    """Words capitalised in running text that are never a person's name alone: stop words of both
    languages, titles and institutions (lexicon), months and days."""
    return stop_words("fr") | stop_words("en") | not_person_words() | frozenset(fold(w) for w in _MONTHS_AND_DAYS)


def _inside(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect_right(spans, (start, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]


def _sentences(text: str):
    start = 0
    for boundary in _BOUNDARY.finditer(text):
        if boundary.end() > start:
            yield start, boundary.end()
            start = boundary.end()
    if start < len(text):
        yield start, len(text)


def ner_segments(
    text: str, known_names: Iterable[str] = (), covered: Sequence[tuple[int, int]] = ()
) -> list[tuple[int, int]]:
    """Ranges of ``text`` to read with the NER, in order, not overlapping.

    ``known_names``: folded words already known to be names in this document (from the
    honorific and first-name recognizers); a sentence opening with one is read too.
    ``covered``: sorted, non-overlapping spans already found (names after an honorific,
    addresses, e-mails ...): a capital inside one of them asks nothing more of the NER.
    """
    names = first_names()
    common = _common_capitalised()
    known = set(known_names)
    pieces: list[list[int]] = []
    for start, end in _sentences(text):
        first = _FIRST_WORD.search(text, start, end)
        if first is None:
            continue
        needed = False
        for cap in _CAPITALISED.finditer(text, start, end):
            if covered and _inside(covered, cap.start(), cap.end()):
                continue
            word = fold(cap.group().rstrip("'’-."))
            if word in common:
                continue  # "Le", "Cour", "Monsieur", "Mars": capitalised, never a name
            if (
                cap.start() != first.start()
                or word in names
                or word in known
                or cap.group().isupper()
                or _CAPITAL_NEXT.match(text, cap.end())
            ):
                # The last case: "Guy Delmas, ..." opens the sentence; the surname may be known already,
                # the first name only the NER can add.
                needed = True
                break
        if not needed:
            continue
        if pieces and not text[pieces[-1][1] : start].strip():
            pieces[-1][1] = end
        else:
            pieces.append([start, end])
    return [(s, e) for s, e in pieces]
