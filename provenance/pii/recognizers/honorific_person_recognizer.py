"""Person names introduced by an honorific or a title: "M. Dupont", "Me J.-P. Martin", "Mrs O'Brien", "Sir Keir Starmer"."""

from __future__ import annotations

import regex as re
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from provenance.pii.context import fold
from provenance.pii.lexicon import (
    ANONYMISED_LETTERS,
    ORG_SUFFIXES,
    common_words,
    family_names,
    given_names,
    honorifics,
    is_first_name,
    is_title,
    name_words,
    role_titles,
)
from provenance.pii.recognizers.name_patterns import CAPITALISED_NAME, NAME, SP, WORD
from provenance.pii.recognizers.result import result_of


def _alternation(words: tuple[str, ...]) -> str:
    return r"(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


_TOKEN_SPLIT = re.compile(r"[ \u00a0]+")
#: What separates the names of a list: commas and a final "et"/"and".
_LIST_SEPARATOR = re.compile(r",?[ \u00a0]+(?:et|and|&)[ \u00a0]+|[ \u00a0]*,[ \u00a0]*")
_INITIAL = re.compile(r"-?\p{Lu}\.(?:-?\p{Lu}\.)*")


def _ordinary_word(word: str, lang: str) -> bool:
    """A word of the language or of English (judgments quote English roles: "Barrister") that is no name."""
    key = fold(word.strip(".,'’"))
    if key in given_names() or key in family_names() or key in name_words():
        return False
    return key in common_words(lang) or key in common_words("en")


def _list_items(start: int, end: int, text: str) -> list[tuple[int, int]]:
    items, position = [], start
    for sep in _LIST_SEPARATOR.finditer(text, start, end):
        items.append((position, sep.start()))
        position = sep.end()
    return [*items, (position, end)]


#: Plural honorifics and roles that introduce a list of names: "MM. Martínez, Fitzgerald et Pannick",
#: "composée des juges Raimondi, Nicolaou et Bianku", "Lords Bingham, Hoffmann and Hope".
PLURAL_TITLES = {
    "fr": ("MM.", "Mmes", "Mlles", "Mes", "juges", "les juges", "conseillers", "avocats généraux"),
    "en": (
        "Messrs",
        "Messrs.",
        "Mesdames",
        "Drs",
        "Drs.",
        "Judges",
        "judges",
        "Justices",
        "Lords",
        "Ladies",
        "Professors",
        "Councillors",
        "Cllrs",
        "Senators",
        "Reps.",
    ),
}


#: Nothing of a word, a number or an abbreviation just before an honorific.
_START = r"(?<![\p{L}\d.'’])"


def _titled(titles: str, name: str) -> str:
    """A name matching ``name`` after one of ``titles``, in the groups ``honorific`` and ``name``."""
    return _START + r"(?P<honorific>" + titles + r")" + SP + r"(?P<name>" + name + r")"


def _peer_designation() -> str:
    """A peer's title and territorial designation: "Lord Irvine of Lairg", "Baroness Hale of Richmond"."""
    peers = r"(?:Lord|Lady|Baroness|Baron|Viscount|Viscountess|Earl|Countess|Marquess|LORD|LADY|BARONESS)"
    designation = WORD + SP + r"(?:of|OF)" + SP + WORD + r"(?:" + SP + WORD + r"){0,2}"
    return _START + r"(?P<honorific>" + peers + r")" + SP + r"(?P<name>" + designation + r")"


def _plural_list(lang: str) -> str:
    """A plural honorific or role and the list of names it introduces, in the group ``list``."""
    titles = _alternation(PLURAL_TITLES.get(lang, ()) + PLURAL_TITLES["en"])
    names = NAME + r"(?:[ \u00a0]*,[ \u00a0]*" + NAME + r")*(?:,?" + SP + r"(?:et|and|&)" + SP + NAME + r")?"
    return _START + r"(?P<honorific>" + titles + r")" + SP + r"(?P<list>" + names + r")"


#: "MmeJ. Sawyer": the honorific typed against an initial; the whole word is reported.
_GLUED_TO_INITIAL = (
    _START + r"(?P<name>(?:Mmes?|Mlles?|MM|Mr|Mrs|Ms|Dr)\p{Lu}\.(?:[ \u00a0]?-?\p{Lu}\.)*(?:" + SP + WORD + r"){1,2})"
)
#: OCR and hurried typing drop the space ("M.Millerand", "Dr.Watson"); not "M.Sc." or "U.S.A.".
_GLUED_TO_NAME = (
    _START + r"(?P<honorific>M|MM|Mr|Mrs|Ms|Dr|Pr|MR|MRS|DR)\."
    r"(?P<name>\p{Lu}(?:\p{Ll}{2,}(?:-\p{Lu}\p{Ll}+)?|\p{Lu}{2,}(?:-\p{Lu}{2,})?))(?![\p{L}\d])"
)


def _default_patterns(lang: str, score: float) -> list[Pattern]:
    """The patterns of the recognizer for ``lang``, each scored ``score``."""
    return [
        Pattern("honorific + name", _titled(_alternation(honorifics(lang)), NAME), score),
        Pattern("peer + territorial designation", _peer_designation(), score),
        Pattern("plural honorific or role + list of names", _plural_list(lang), score),
        Pattern("honorific glued to an initial", _GLUED_TO_INITIAL, score),
        Pattern("abbreviated honorific glued to a name", _GLUED_TO_NAME, score),
        Pattern("role + name", _titled(_alternation(role_titles(lang)), CAPITALISED_NAME), score),
    ]


class HonorificPersonRecognizer(PatternRecognizer):
    """
    Recognize the name that follows an honorific or a title.

    French: M., Mme, Mlle, Me (avocats), Maître, Monsieur, Madame, Dr, Pr, and titles such
    as "le juge", "la ministre" when a capitalised name follows. English: Mr, Mrs, Ms, Miss,
    Dr, Prof, Sir, Lord, Lady, Dame, Judge, Cllr ..., and a peer's territorial designation
    ("Lord Irvine of Lairg", "Baroness Hale of Richmond"). Names may be capitalised or in capitals
    ("Monsieur Pierre DURAND"), carry particles ("M. de Villepin") and initials
    ("Me J.-P. Martin", "M. D."). Only the name is reported, not the honorific. A plural honorific or
    role introduces a list, every item of which is a name ("MM. Martínez, Fitzgerald et Pannick",
    "composée des juges Raimondi, Nicolaou et Bianku"); an honorific glued to an initial by a typing
    slip ("MmeJ. Sawyer") is reported with the name, the word being one; an abbreviated honorific whose
    space OCR dropped ("M.Millerand") introduces its name all the same.

    Left alone: titles without a name ("Monsieur le Président", "Mr Speaker", "Madam Deputy
    Speaker") and the anonymisation markers of court decisions ("M. X...", "Mme Y").

    :param patterns: List of patterns to be used by this recognizer
    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    """

    SCORE = 0.9
    FLAGS = re.DOTALL | re.MULTILINE

    patterns: list[Pattern]  # declared: Presidio assigns it untyped

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        supported_language: str = "fr",
        supported_entity: str = "PERSON",
    ):
        default = _default_patterns(supported_language, self.SCORE)
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else default,
            supported_language=supported_language,
            global_regex_flags=self.FLAGS,
        )
        self._compiled = [re.compile(p.regex, self.FLAGS) for p in self.patterns]

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        results = []
        for pattern, compiled in zip(self.patterns, self._compiled, strict=True):
            for match in compiled.finditer(text):
                if "list" in compiled.groupindex:
                    for span in self.list_names(text, match.start("list"), match.end("list")):
                        results.append(result_of(self, span[0], span[1], pattern.score))
                    continue
                name = self.name_span(text, match.start("name"), match.end("name"))
                if name is None or text[name[0] : name[1]].startswith(("of ", "OF ")):
                    continue  # "Lord Chancellor of England": a title, no name
                results.append(result_of(self, name[0], name[1], pattern.score))
        return EntityRecognizer.remove_duplicates(results)

    def list_names(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """The names of a list after a plural honorific or role; none if it names a firm ("Messrs Wilson and
        Co"). An item that is only initials ("Q. C.") or an ordinary word ("Barrister") is a role, no name."""
        spans = []
        for item_start, item_end in _list_items(start, end, text):
            words = text[item_start:item_end].split()
            if any(fold(w.strip(".")) in ORG_SUFFIXES or fold(w.strip(".")) in ("co", "cie") for w in words):
                return []
            if all(_INITIAL.fullmatch(w) for w in words) or (
                len(words) == 1 and _ordinary_word(words[0], self.supported_language)
            ):
                continue
            span = self.name_span(text, item_start, item_end)
            if span is not None:
                spans.append(span)
        return spans

    def name_span(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """The name without leading titles ("Justice" in "Lord Justice Leveson") or trailing ones
        ("MP"); None when nothing but titles or an anonymisation marker remains."""
        tokens = [(m.start() + start, m.end() + start) for m in re.finditer(r"[^ \u00a0]+", text[start:end])]
        lang = self.supported_language
        # Leading titles go ("Justice" in "Lord Justice Leveson"); a leading particle stays ("de Villepin"),
        # and so does a capitalised word that is only a stop word elsewhere ("Le Floch", "Pierre-Olivier Sur").
        while tokens and text[tokens[0][0]].isupper() and is_title(text[tokens[0][0] : tokens[0][1]], lang):
            tokens.pop(0)
        while tokens and is_title(text[tokens[-1][0] : tokens[-1][1]], lang):
            tokens.pop()
        # A dangling particle ("Dupont de") is not part of the name.
        while tokens and text[tokens[-1][0] : tokens[-1][1]].islower():
            tokens.pop()
        if not tokens:
            return None
        first_token = text[tokens[0][0] : tokens[0][1]].rstrip(".")
        if len(tokens) == 1 and first_token in ANONYMISED_LETTERS:
            return None
        # After an honorific in capitals, a run of capitals is a headline unless it is short or holds a
        # first name: "LORD JUSTICE BEAN" is a name, "JUDGE BLOCKS TEXAS BORDER BUOYS" is not.
        words = [text[s:e] for s, e in tokens]
        if len(words) > 2 and all(w.isupper() for w in words) and not any(is_first_name(w) for w in words):
            return None
        after = text[tokens[-1][1] : tokens[-1][1] + 3]
        if after.startswith(("..", "…")) or text[tokens[-1][1] - 1 : tokens[-1][1] + 2] == "...":
            return None  # "M. X..." / "Mme A... B...": already anonymised
        return tokens[0][0], tokens[-1][1]
