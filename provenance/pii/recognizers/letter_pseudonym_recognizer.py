"""People a text calls by a letter: "poursuivis par "K", un ancien patient", "un témoin, W.,", "[L.] a indiqué", then "K", "W." alone."""

from __future__ import annotations

import regex as re
from presidio_analyzer import EntityRecognizer, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from provenance.pii.context import fold
from provenance.pii.lexicon import ANONYMISED_LETTERS, HONORIFICS, stop_words
from provenance.pii.recognizers.apposition_person_recognizer import PARTIES, ROLES
from provenance.pii.recognizers.result import result_of

#: A letter in quotes, then in apposition a description of a person: '"K", un ancien patient', '"K", a former patient'.
_QUOTED = (
    r"(?:[\"“«'‘][ \u00a0]?(?P<quoted>\p{Lu})\.?[ \u00a0]?[\"”»'’](?=[ \u00a0]*,[ \u00a0]*(?:un|une|le|la|l['’]|a|an|the|"
    r"his|her|their|son|sa|leur)[ \u00a0]))"
)
#: A letter in editorial brackets, not the capital of a word a quotation begins ("[C]e formulaire").
_BRACKETED = r"(?:\[(?P<bracketed>\p{Lu})\.?\](?![ \u00a0][b-df-xz]?[eéiou][ \u00a0]|\p{L}))"
#: Words after which a letter names a part, a rule or a kind, not a person ("article 5 § 1 f", "annexe B").
_NOT_A_PERSON_BEFORE = frozenset(
    fold(w)
    for w in "article articles annexe annexes appendice appendix schedule partie part section sections chapitre chapter titre title livre book point points paragraphe paragraph alinéa catégorie category classe class type groupe group plan zone bloc block bâtiment building escalier série series option options niveau level grade vitamine vitamin hépatite hepatitis lettre letter colonne column ligne line tableau table figure fig modèle model version phase étape stage stade équipe team liste list programme program programmes".split()
)


class LetterPseudonymRecognizer(LocalRecognizer):
    """
    Recognize a person whom a text names by a single letter, as judgments, reports and the press
    do to protect a witness or a party: the letter is introduced in quotes, then described as a
    person ('"K", un ancien patient'), or in quotes after a role ('the witness "K"'), in editorial
    brackets ([L.], inside a quotation), after an honorific ("Mme T.", "Mr K") or in apposition to
    a role ("un témoin, W.,", "the defendant, K,"); after that the same letter
    standing alone is that person ("K était soumis à un contre-interrogatoire", "W. a témoigné").

    Left alone: letters that no introduction made a name, the anonymisation markers X, Y and Z
    (already anonymised), a letter that opens a line as a heading ("A. Le contexte"), one in
    parentheses or next to one ("(a)", "§ 1 f)", "lot W (n° 1)"), one after a word that names a part or
    a kind ("article 5", "annexe B", "type A"), an initial before a name ("K. Mensah"), a letter of a
    word spaced out ("R É P U B L I Q U E"), of a code ("P+B") or anonymised already ("M. F... P..."), and the
    letters that are words of the language ("a", "y", "I") unless written with a dot or bracketed.

    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    """

    SCORE = 0.8

    def __init__(self, supported_language: str = "fr", supported_entity: str = "PERSON"):
        super().__init__(supported_entities=[supported_entity], supported_language=supported_language)
        lang = supported_language
        honorifics = sorted(
            {h for h in HONORIFICS.get(lang, HONORIFICS["en"]) if h[:1].isupper()}, key=len, reverse=True
        )
        roles = sorted(set(ROLES.get(lang, ROLES["en"])) | set(PARTIES), key=len, reverse=True)
        role_words = "|".join(re.escape(r) for r in roles)
        self.introduction = re.compile(
            r"(?<![\p{L}\d])(?:"
            + _QUOTED
            + "|"
            + _BRACKETED
            + r"|(?<=(?i:"
            + role_words
            + r")[ \u00a0]+)[\"“«][ \u00a0]?(?P<named>\p{Lu})\.?[ \u00a0]?[\"”»]"
            + r"|(?:"
            + "|".join(re.escape(h) for h in honorifics)
            + r")[ \u00a0]+(?P<honoured>\p{Lu})\.?"
            + r"(?![\p{L}\d\-'’+]|\.?[ \u00a0]*\p{Lu}|\.\p{L}|\.?\.\.|\.?…)"
            + r"|(?i:"
            + role_words
            + r"),[ \u00a0]+(?P<role>\p{Lu})\.?(?=[ \u00a0]*[,;)])"
            + r")"
        )

    def load(self) -> None:
        pass

    def _introduced(self, text: str) -> set[str]:
        letters = set()
        for m in self.introduction.finditer(text):
            letter = next(
                group
                for group in (
                    m.group("quoted"),
                    m.group("bracketed"),
                    m.group("named"),
                    m.group("honoured"),
                    m.group("role"),
                )
                if group
            )
            if letter not in ANONYMISED_LETTERS:
                letters.add(letter)
        return letters

    def _a_person(self, text: str, start: int, end: int) -> bool:
        """Whether the letter at ``[start, end)`` stands for the person, not for a heading, a part or an initial."""
        after = text[end : end + 3]
        line_start = text.rfind("\n", 0, start) + 1
        before = text[line_start:start]
        if after.startswith(("..", "…", "+")) or before.endswith("+"):
            return False  # "M. F... P...": anonymised already; "FS-P+B": a code
        if re.search(r"(?:^|[ \u00a0])\p{Lu}[ \u00a0]$", before) or re.match(r"[ \u00a0]\p{Lu}(?:[ \u00a0]|$)", after):
            return False  # "R É P U B L I Q U E": a word spaced out
        if not before.strip() and after.startswith((".", ")")):
            return False  # "A. Le contexte", "B) la procédure": a heading or an item
        if before.rstrip().endswith(("(", "§")) or after.lstrip(".").lstrip(" \u00a0").startswith(("(", ")")):
            return False
        if re.match(r"\.?[ \u00a0]?-?\p{Lu}", after) or re.search(r"\p{Lu}\.[ \u00a0]?-?$", before):
            return False  # an initial of a name: "K. Mensah", "J. K."
        previous = re.search(r"([\p{L}]+)[ \u00a0]*$", before)
        if previous and fold(previous.group(1)) in _NOT_A_PERSON_BEFORE:
            return False
        letter = text[start]
        if fold(letter) in stop_words(self.supported_language) or letter == "I":
            bracketed = text[start - 1 : start] == "[" or after.startswith((".", "]"))
            return bracketed  # "a", "y", "I" are words; "A." and "[A]" are letters
        return True

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        letters = self._introduced(text)
        if not letters:
            return []
        pattern = re.compile(r"(?<![\p{L}\d.\-'’])(?:" + "|".join(sorted(letters)) + r")(?![\p{L}\d\-'’])")
        results = [
            result_of(self, m.start(), m.end(), self.SCORE)
            for m in pattern.finditer(text)
            if self._a_person(text, m.start(), m.end())
        ]
        return EntityRecognizer.remove_duplicates(results)
