"""Parties named in case citations: "Smith v Jones", "R v Adebayo", "LORIE SMITH, ET AL., PETITIONERS v. AUBREY ELENIS"."""

from __future__ import annotations

import regex as re
from presidio_analyzer import EntityRecognizer, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from provenance.pii.context import fold
from provenance.pii.lexicon import never_a_name, place_names
from provenance.pii.recognizers.name_patterns import INITIALS, PARTICLE, WORD
from provenance.pii.recognizers.result import result_of

_TOKEN = r"(?:(?:" + PARTICLE + r")?" + WORD + r"|" + INITIALS + r")"
_PARTY = _TOKEN + r"(?:[ \u00a0]+" + _TOKEN + r"){0,3}"
# What a party's description may add before the "v": ", ET AL., PETITIONERS", "(a minor)", "and Others".
_ROLE = (
    r"(?:,?[ \u00a0]+(?i:et[ \u00a0]+al)\.?,?)?(?:[ \u00a0]*\([^()\n]{1,30}\))?"
    r"(?:[ \u00a0]+(?:and|&)[ \u00a0]+(?i:others|another|anor|ors)\b)?"
    r"(?:,?[ \u00a0]+(?i:petitioners?|appellants?|respondents?|plaintiffs?|defendants?|claimants?|applicants?)\b,?)?"
)

#: "v", "vs" in English; "c." (contre) in French citations ("Draper c. Royaume-Uni").
_VERSUS = r"(?:(?:v|vs|V|VS)\.?|c\.)"

#: Parties that are the state, an office or a body, never a person's name.
NOT_PARTIES = frozenset(
    fold(w)
    for w in (
        "R",
        "Regina",
        "Rex",
        "Crown",
        "Queen",
        "King",
        "DPP",
        "HMRC",
        "HM",
        "Attorney",
        "Advocate",
        "Secretary",
        "State",
        "Council",
        "Commissioner",
        "Commissioners",
        "Commission",
        "Ltd",
        "Limited",
        "plc",
        "Inc",
        "LLC",
        "LLP",
        "Co",
        "Company",
        "Corporation",
        "Corp",
        "University",
        "Trust",
        "Board",
        "Authority",
        "Ministry",
        "Minister",
        "Borough",
        "County",
        "City",
        "Police",
        "Constable",
        "NHS",
        "Bank",
        "Government",
        "Republic",
        "Kingdom",
        "United",
        "States",
        "Department",
        "Office",
        "Society",
        "Union",
        "Association",
        "Agency",
        "Service",
        "Services",
        "Group",
        "Holdings",
        "Insurance",
        "School",
        "College",
        "Hospital",
        "Foundation",
        "Council's",
        "People",
        "Commonwealth",
        "Health",
        "Home",
        "Revenue",
        "Customs",
        "Registrar",
        "Director",
        "Official",
        "Receiver",
        "Trustees",
        "Chief",
        "Ireland",
        "Scotland",
        "England",
        "Wales",
        "France",
        "Europe",
        "European",
        "Parliament",
        "Petitioner",
        "Petitioners",
        "Appellant",
        "Appellants",
        "Respondent",
        "Respondents",
        "Plaintiff",
        "Plaintiffs",
        "Defendant",
        "Defendants",
        "Claimant",
        "Claimants",
        "Applicant",
        "Applicants",
        "Et",
        "Al",
        "Others",
        "Another",
    )
)


class CaseCitationPersonRecognizer(LocalRecognizer):
    """
    Recognize the parties of a case citation written "A v B": "Smith v Jones", "Donoghue v
    Stevenson", "R v Adebayo", "Patel v. Mirza", "LORIE SMITH, ET AL., PETITIONERS v.
    AUBREY ELENIS", in French "Draper c. Royaume-Uni", and the claimant of a judicial review,
    "R (Mellor) v. Secretary of State". Judgments and law reports cite cases constantly, and a party who is a
    private person is personal data; the NER rarely reads a bare surname around a "v".

    A party is one to four capitalised words (or capitals, initials, particles). Parties that
    are the Crown, an office, a public body, a firm or a state ("R", "Secretary of State for the Home
    Department", "Kent County Council", "Barclays Bank plc", "Royaume-Uni") are left alone.

    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    """

    SCORE = 0.7
    PATTERN = re.compile(
        r"(?<![\p{L}\d'’.\-])(?P<left>"
        + _PARTY
        + r"|\p{Lu}(?![\p{L}]))"
        + _ROLE
        + r"[ \u00a0]+"
        + _VERSUS
        + r"[ \u00a0]+"
        r"(?P<right>" + _PARTY + r")(?![\p{L}\d])"
    )
    #: The Crown's judicial review, the claimant in parentheses: "R (Mellor) v. Secretary of State".
    CROWN = re.compile(
        r"(?<![\p{L}\d])R[ \u00a0]*\((?:(?i:on the application of)[ \u00a0]+)?(?P<left>"
        + _PARTY
        + r")\)[ \u00a0]+"
        + _VERSUS
        + r"[ \u00a0]"
    )
    QUICK = re.compile(r"[ \u00a0]" + _VERSUS + r"[ \u00a0]+\p{Lu}")

    def __init__(self, supported_language: str = "en", supported_entity: str = "PERSON"):
        super().__init__(supported_entities=[supported_entity], supported_language=supported_language)

    def load(self) -> None:
        pass

    def _party(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        tokens = [(start + t.start(), start + t.end()) for t in re.finditer(r"[^ \u00a0]+", text[start:end])]
        lang = self.supported_language
        # Leading words that open the sentence rather than the name ("In Smith v Jones", "See Patel v Mirza").
        while (
            tokens
            and never_a_name(text[tokens[0][0] : tokens[0][1]], lang)
            and fold(text[tokens[0][0] : tokens[0][1]].strip(".")) not in NOT_PARTIES
        ):
            tokens.pop(0)
        words = [text[s:e].rstrip(".,") for s, e in tokens]
        if not words or any(fold(w) in NOT_PARTIES for w in words):
            return None
        if fold(" ".join(words)) in place_names() or all(fold(w) in place_names() for w in words):
            return None  # a state ("Chahal c. Royaume-Uni") or a team named after a place ("Australia v Kenya")
        if all(never_a_name(w, lang) for w in words) or (len(words) == 1 and len(words[0]) <= 1):
            return None
        return tokens[0][0], tokens[-1][1]

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        windows: list[list[int]] = []
        for quick in self.QUICK.finditer(text):  # read only around each "v": parties are a few words long
            start, end = max(0, quick.start() - 160), min(len(text), quick.end() + 120)
            if windows and start <= windows[-1][1]:
                windows[-1][1] = end
            else:
                windows.append([start, end])
        matches = (
            m
            for start, end in windows
            for pattern in (self.PATTERN, self.CROWN)
            for m in pattern.finditer(text, start, end, overlapped=True)
        )
        for m in matches:
            for group in ("left", "right"):
                if group not in m.re.groupindex:
                    continue
                span = self._party(text, m.start(group), m.end(group))
                if span:
                    results.append(result_of(self, span[0], span[1], self.SCORE))
        return EntityRecognizer.remove_duplicates(results)
