"""Person names filled into form fields and headers: "Nom : DUPONT", "Name: Chidi Okonkwo", "Claimant: Mrs A. Patel"."""

from __future__ import annotations

import regex as re
from presidio_analyzer import EntityRecognizer, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from provenance.pii.context import fold
from provenance.pii.lexicon import never_a_name
from provenance.pii.recognizers.name_patterns import NAME
from provenance.pii.recognizers.result import result_of

#: Field labels whose value is a person's name. Not "From:"/"To:"/"De :": they head letters and
#: e-mails from firms and services as often as from people.
LABELS = {
    "en": (
        "name",
        "names",
        "full name",
        "full names",
        "surname",
        "last name",
        "family name",
        "first name",
        "first names",
        "forename",
        "forenames",
        "given name",
        "given names",
        "maiden name",
        "name of applicant",
        "name of claimant",
        "claimant",
        "claimants",
        "defendant",
        "defendants",
        "applicant",
        "applicants",
        "appellant",
        "respondent",
        "petitioner",
        "plaintiff",
        "complainant",
        "witness",
        "victim",
        "deceased",
        "suspect",
        "accused",
        "tenant",
        "landlord",
        "beneficiary",
        "beneficiary name",
        "account holder",
        "account name",
        "payee",
        "patient",
        "pupil",
        "student",
        "employee",
        "staff member",
        "contact",
        "contact name",
        "next of kin",
        "signed",
        "signature",
        "prepared by",
        "reported by",
        "submitted by",
        "completed by",
        "reviewed by",
        "approved by",
        "author",
        "client",
        "customer",
        "parent",
        "guardian",
        "child",
        "spouse",
        "referee",
        "interviewer",
        "interviewee",
        "caller",
        "driver",
        "registered keeper",
        "cardholder",
        "card holder",
        "attendee",
        "present",
        "apologies",
        "chair",
        "minute taker",
        "officer",
        "investigating officer",
        "reporting officer",
        "case officer",
        "head coach",
        "manager",
        "captain",
        "coach",
        "referee",
        "player",
        "goalscorer",
        "goalscorers",
        "scorer",
        "scorers",
    ),
    "fr": (
        "nom",
        "noms",
        "prénom",
        "prénoms",
        "nom de naissance",
        "nom d'usage",
        "nom de jeune fille",
        "nom et prénom",
        "nom et prénoms",
        "nom, prénom",
        "nom complet",
        "demandeur",
        "demanderesse",
        "défendeur",
        "défenderesse",
        "requérant",
        "requérante",
        "appelant",
        "appelante",
        "intimé",
        "intimée",
        "témoin",
        "victime",
        "défunt",
        "défunte",
        "prévenu",
        "prévenue",
        "mis en cause",
        "locataire",
        "bailleur",
        "bailleresse",
        "propriétaire",
        "bénéficiaire",
        "titulaire",
        "titulaire du compte",
        "patient",
        "patiente",
        "élève",
        "salarié",
        "salariée",
        "contact",
        "signé",
        "signataire",
        "rédigé par",
        "rédacteur",
        "rédactrice",
        "auteur",
        "autrice",
        "plaignant",
        "plaignante",
        "client",
        "cliente",
        "parent",
        "conjoint",
        "conjointe",
        "enfant",
        "déclarant",
        "déclarante",
        "représentant légal",
        "représentante légale",
        "conducteur",
        "conductrice",
        "interlocuteur",
        "interlocutrice",
        "présents",
        "présentes",
        "excusés",
        "excusées",
        "entraîneur",
        "capitaine",
        "buteur",
        "buteurs",
        "arbitre",
        "agent",
        "gestionnaire",
        "dossier suivi par",
        "affaire suivie par",
    ),
}

#: A value followed by running lower-case text is a sentence, not a filled-in field.
_PROSE_AFTER = re.compile(r"[ \u00a0]*,?[ \u00a0]*(?:\p{Ll}+['’]|\p{Ll}{2,}[ \u00a0])")
#: A label word followed by its colon ends a value ("NOM : DUPONT  Prénom : Jean").
_NEXT_LABEL = re.compile(r"[ \u00a0\t]*[:：]")


class FormFieldPersonRecognizer(LocalRecognizer):
    """
    Recognize names written as the value of a form field or a header line: "Nom : DUPONT",
    "Prénom(s) : Marie-Claire", "Name: Chidi Okonkwo", "Claimant: Mrs A. Patel",
    "Beneficiary name: Jan-Willem de Vries", "Signed: K. Mensah". Forms, registers, incident
    reports and wire-transfer slips set names by layout rather than in a sentence, and the
    NER reads them poorly, especially rare names and names in capitals.

    The value runs from the colon to the end of the line, a comma, a parenthesis or the next
    label; it must be one to five name tokens (capitalised words, capitals, initials,
    particles). Titles and institution words alone are never names ("Claimant: Secretary of
    State" is left alone); firms are rejected later by the name clean-up (``Ltd``, ``SARL``).

    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    """

    SCORE = 0.75

    def __init__(self, supported_language: str = "en", supported_entity: str = "PERSON"):
        super().__init__(supported_entities=[supported_entity], supported_language=supported_language)
        labels = sorted(set(LABELS.get(supported_language, LABELS["en"]) + LABELS["en"]), key=len, reverse=True)
        self._label_words = frozenset(fold(w) for label in labels for w in re.split(r"[ ,']+", label))
        alternation = "|".join(re.escape(label).replace(r"\ ", r"[ \u00a0]+") for label in labels)
        honorific = r"(?:(?:M|MM|Mme|Mmes|Mlle|Me|Mr|Mrs|Ms|Miss|Mx|Dr|Pr|Prof|Sir|Dame)\.?[ \u00a0]+)?"
        self.pattern = re.compile(
            r"(?m)(?:^|[|;•\t]|[ \u00a0]{2,})[ \u00a0\t]*(?:[-*•][ \u00a0]*)?(?P<label>(?i:" + alternation + r"))"
            r"(?:[ \u00a0]*\((?i:s|e|es|if any)\)){0,2}[ \u00a0\t]*[:：][ \u00a0\t]*"
            + honorific
            + r"(?P<name>"
            + NAME
            + r")"
        )

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if ":" not in text and "：" not in text:
            return []
        lang = self.supported_language
        results = []
        position = 0
        while True:
            m = self.pattern.search(text, position)
            if m is None:
                break
            # Resume where the value was cut, so the next label of the line ("Prénom : Jean") is read too.
            position = m.end()
            start = m.start("name")
            tokens = [(start + t.start(), start + t.end()) for t in re.finditer(r"[^ \u00a0\t]+", m.group("name"))]
            # Stop at a wide gap (columns of a form) or before the next label ("DUPONT  Prénom : Jean").
            for i, (s, e) in enumerate(tokens):
                if i and (
                    s - tokens[i - 1][1] >= 2
                    or "\t" in text[tokens[i - 1][1] : s]
                    or (fold(re.sub(r"\(.*", "", text[s:e])) in self._label_words and _NEXT_LABEL.match(text, e))
                ):
                    tokens = tokens[:i]
                    position = tokens[-1][1]
                    break
            while tokens and text[tokens[-1][0] : tokens[-1][1]].islower():
                tokens.pop()
            if not tokens:
                continue
            if _PROSE_AFTER.match(text, tokens[-1][1]):
                continue  # "Client : Impossible, j'étais chez moi": a line of dialogue, not a field
            words = [text[s:e] for s, e in tokens]
            if all(never_a_name(w, lang) for w in words) or never_a_name(words[0], lang):
                continue
            results.append(result_of(self, tokens[0][0], tokens[-1][1], self.SCORE))
        return EntityRecognizer.remove_duplicates(results)
