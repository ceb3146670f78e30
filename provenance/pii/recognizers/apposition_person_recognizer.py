"""Person names in apposition to a role or a kinship noun: "the claimant, Olumide Adeyemi-Jones,", "sa fille, Aurélie"."""

from __future__ import annotations

import regex as re
from presidio_analyzer import EntityRecognizer, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from provenance.pii.context import fold
from provenance.pii.lexicon import family_names, first_names, never_a_name
from provenance.pii.recognizers.name_patterns import SP, WORD
from provenance.pii.recognizers.result import result_of

#: Nouns for people, after which a comma and capitalised words name one of them.
ROLES = {
    "en": "claimant defendant appellant respondent applicant witness victim suspect accused deputy leader manager director chairman chairwoman spokesman spokeswoman spokesperson wife husband partner son sons daughter daughters mother father brother brothers sister sisters neighbour neighbor friend colleague boss employer landlord landlady tenant owner founder teacher doctor nurse lawyer solicitor barrister officer constable inspector coach captain grandson granddaughter grandchildren children widow widower fiancé fiancée niece nephew cousin uncle aunt student pupil patient client resident councillor secretary treasurer headteacher chef editor author reporter driver".split(),
    "fr": "avocat avocate fille filles fils épouse époux mari femme compagnon compagne frère frères sœur sœurs mère père voisin voisine ami amie collègue employeur gérant gérante directeur directrice président présidente maire adjoint adjointe porte-parole témoin victime prévenu prévenue suspect suspecte propriétaire locataire patron patronne entraîneur capitaine délégué déléguée secrétaire médecin infirmière infirmier enseignant enseignante élève cousin cousine oncle tante neveu nièce petit-fils petite-fille veuve veuf enfants fondateur fondatrice responsable conseiller conseillère trésorier trésorière auteur autrice journaliste chauffeur".split(),
}
#: Roles after which one word alone is a name ("his wife, Fiona"): family and close relations.
KIN = frozenset(
    fold(w)
    for w in "wife husband partner son sons daughter daughters mother father brother brothers sister sisters friend grandson granddaughter grandchildren children widow niece nephew cousin uncle aunt fiancé fiancée fille filles fils épouse mari femme compagnon compagne frère frères sœur sœurs mère père ami amie cousin cousine oncle tante neveu nièce petit-fils petite-fille veuve enfants".split()
)

#: Parties and participants a court or a report names by surname alone.
PARTIES = frozenset(
    fold(w)
    for w in "claimant defendant appellant respondent applicant witness victim suspect accused deceased demandeur défendeur requérant appelant intimé prévenu prévenue témoin victime suspect accusé".split()
)

_NAME = WORD + r"(?:" + SP + r"(?:(?:de|du|des|van|von|da|di|le|la)" + SP + r")?" + WORD + r"){0,3}"


class AppositionPersonRecognizer(LocalRecognizer):
    """
    Recognize names set in apposition to a noun for a person, the way news and judgments
    introduce people: "Her deputy, Danial Adilypour, will lead", "the claimant, Olumide
    Adeyemi-Jones, worked", "their sons, Alasdair and Callum", "son avocat, Me Sur", "sa
    fille, Aurélie Lemoine, a publié". The NER often misses such names when they are rare.

    Two or more capitalised words are a name; one word is a name after a family noun
    ("his wife, Fiona") or when it is a known first name. Titles and institutions never are.

    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    """

    SCORE = 0.7

    def __init__(self, supported_language: str = "en", supported_entity: str = "PERSON"):
        super().__init__(supported_entities=[supported_entity], supported_language=supported_language)
        roles = ROLES.get(supported_language, ROLES["en"])
        alternation = "|".join(re.escape(r) for r in sorted(roles, key=len, reverse=True))
        self.pattern = re.compile(
            r"(?<![\p{L}])(?P<role>(?i:" + alternation + r")),[ \u00a0]+(?:(?:Me|Dr|Mr|Mrs|Ms|M\.|Mme)[ \u00a0]+)?"
            r"(?P<first>" + _NAME + r")(?:[ \u00a0]+(?:and|et)[ \u00a0]+(?P<second>" + _NAME + r"))?"
            r"(?=[ \u00a0]*(?:,|\.|;|:|\)|$|(?:and|et|who|qui|was|is|has|had|a|est|avait)\b))"
        )

    def load(self) -> None:
        pass

    def _accept(self, value: str, role: str) -> bool:
        words = value.split()
        if any(never_a_name(w, self.supported_language) for w in words if w[:1].isupper() and len(words) == 1):
            return False
        if all(never_a_name(w, self.supported_language) for w in words):
            return False
        if len(words) >= 2:
            return True
        word = words[0]
        if fold(role) in PARTIES and ((word.isupper() and len(word) >= 3) or fold(word) in family_names()):
            return True  # "the defendant, ADEBAYO, was remanded": a court names a party by surname
        return fold(role) in KIN or fold(word) in first_names()

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for m in self.pattern.finditer(text):
            role = m.group("role")
            for group in ("first", "second"):
                if m.group(group) and self._accept(m.group(group), role):
                    results.append(result_of(self, m.start(group), m.end(group), self.SCORE))
        return EntityRecognizer.remove_duplicates(results)
