"""Names the statistical NER misses: form fields, case citations, peers, lists, names of many origins, and their look-alikes."""

import pytest

from provenance.pii.lexicon import family_names, given_names, place_names
from provenance.pii.recognizers import CaseCitationPersonRecognizer, FormFieldPersonRecognizer


def names(found, text, lang="en"):
    return [value for entity, value in found(text, lang) if entity == "PERSON"]


def recognized(recognizer, text):
    return [text[r.start : r.end] for r in recognizer.analyze(text, ["PERSON"])]


# ------------------------------------------------------------------ form fields


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Nom : KONATÉ    Prénom(s) : Aminata\nDate : 3 mars", ["KONATÉ", "Aminata"]),
        ("Titulaire du compte : Mme Awa Diallo\n", ["Awa Diallo"]),
        ("Témoin : M. LY (voisin)", ["LY"]),
    ],
)
def test_french_form_fields_yield_the_name_only(text, expected):
    assert recognized(FormFieldPersonRecognizer(supported_language="fr"), text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "Claimant: Oluwaseun Adeyemi\nRespondent: Northgate Logistics Ltd",
            ["Oluwaseun Adeyemi", "Northgate Logistics Ltd"],
        ),
        ("Beneficiary name: Jan-Willem de Vries\nBeneficiary IBAN: NL35 ABNA 9332 8367 91", ["Jan-Willem de Vries"]),
        ("Signed: K. Mensah", ["K. Mensah"]),
    ],
)
def test_english_form_fields_yield_the_name(text, expected):
    # The firm is rejected later, by the name clean-up (its "Ltd"); the recognizer reads the layout.
    assert recognized(FormFieldPersonRecognizer(supported_language="en"), text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Client : Impossible, j'étais chez moi toute la journée.",  # a line of dialogue
        "Référence : Dossier 12",  # not a person's field
        "Company name: Acme Widgets",  # "name" inside a longer label
        "Claimant: Secretary of State for Work and Pensions",  # an office
        "From: Blackwood Joinery",  # letter headers are not person fields
    ],
)
def test_form_look_alikes_are_left_alone(text):
    lang = "fr" if "é" in text else "en"
    assert recognized(FormFieldPersonRecognizer(supported_language=lang), text) == []


def test_a_firm_in_a_party_field_is_not_redacted_but_the_person_is(found):
    text = "Claimant: Oluwaseun Adeyemi\nRespondent: Northgate Logistics Ltd\nHeard at: Birmingham"
    assert names(found, text) == ["Oluwaseun Adeyemi"]


# ------------------------------------------------------------------ case citations


@pytest.mark.parametrize(
    "text,expected",
    [
        ("as held in Donoghue v Stevenson and in Patel v. Mirza", ["Donoghue", "Stevenson", "Patel", "Mirza"]),
        ("R v Adebayo [2021] EWCA Crim 412", ["Adebayo"]),
        ("LORIE SMITH, ET AL., PETITIONERS v. AUBREY ELENIS, ET AL.", ["LORIE SMITH", "AUBREY ELENIS"]),
    ],
)
def test_parties_of_a_case_citation_are_names(text, expected):
    assert sorted(recognized(CaseCitationPersonRecognizer(), text)) == sorted(expected)


@pytest.mark.parametrize(
    "text",
    [
        "R v Secretary of State for the Home Department",
        "Kent County Council v Barclays Bank",
        "The Queen v Crown Court",
        "vitamin v deficiency, type V Plan",
    ],
)
def test_the_crown_offices_and_bodies_in_a_citation_are_not_names(text):
    assert recognized(CaseCitationPersonRecognizer(), text) == []


def test_a_cited_firm_named_after_a_person_is_not_a_person(found):
    text = "We were referred to Smith v Churchill's Stairlifts plc, which does not assist."
    assert names(found, text) == ["Smith"]


# ------------------------------------------------------------------ names of many origins, peers, initials


@pytest.mark.parametrize(
    "text,expected",
    [
        ("The report was written by Chidi Okonkwo and reviewed the next day.", "Chidi Okonkwo"),
        ("A second driver, Thi Huong Nguyen, supported the account.", "Thi Huong Nguyen"),
        ("She was praised by Siobhán Ní Bhriain in her review.", "Siobhán Ní Bhriain"),
        (
            "The last to sit regularly as a judge was Lord Irvine of Lairg, who held office until 2003.",
            "Irvine of Lairg",
        ),
        ("J. R. R. Tolkien once wrote to her.", "J. R. R. Tolkien"),
    ],
)
def test_names_without_a_cue_the_small_model_knows(found, text, expected):
    assert expected in names(found, text)


def test_a_given_name_alone_is_redacted_after_the_full_name_even_when_no_list_knows_it(found):
    from provenance.pii.propagation import NameMention, propagate_names

    text = "Priyanka Raghunathan joined the ward in May. Everyone says Priyanka is the calmest nurse here."
    found_at = {(m.start, text[m.start : m.end]) for m in propagate_names(text, [NameMention(0, 20, 0.85)], "en")}
    assert (text.rindex("Priyanka"), "Priyanka") in found_at  # alone, later
    text = "Dr Dariusz Nowak trained her: ask Dariusz."
    assert names(found, text).count("Dariusz") == 1


def test_a_word_the_document_also_writes_in_lower_case_is_not_propagated_as_a_first_name():
    from provenance.pii.propagation import NameMention, propagate_names

    text = "Report it to Action Fraud on the website. Taking action early helps. Action was taken."
    start = text.index("Action Fraud")
    values = [text[m.start : m.end] for m in propagate_names(text, [NameMention(start, start + 12, 0.85)], "en")]
    assert "Action" not in values


def test_peers_are_propagated_by_their_name_not_their_place():
    from provenance.pii.propagation import NameMention, propagate_names

    text = "Lord Irvine of Lairg sat often. Irvine was Lord Chancellor. Lairg is a village in Sutherland."
    start = text.index("Irvine")
    values = [text[m.start : m.end] for m in propagate_names(text, [NameMention(start, start + 15, 0.9)], "en")]
    assert "Irvine" in values and "Lairg" not in values


# ------------------------------------------------------------------ lists of names


def test_the_rest_of_a_team_sheet_is_redacted_once_most_of_it_is_known(found):
    text = (
        "Railway: Mensah; Okafor, Lindqvist, Brennan, Haworth; Patel, Kowalczyk (capt), Dunne.\n\n"
        "Once Abubakar had turned in Brennan's cross the home side took control."
    )
    redacted = names(found, text)
    for name in ("Mensah", "Okafor", "Lindqvist", "Haworth", "Patel", "Kowalczyk", "Dunne"):
        assert name in redacted, name
    assert redacted.count("Brennan") == 2


def test_a_list_of_places_or_a_name_role_and_body_list_adds_no_names(found):
    assert names(found, "Depots at Leeds, Bradford, Wakefield and Hull close on Friday.") == []
    text = "Referees: Dr Helen Mortimer, Senior Epidemiologist, UKHSA; Professor James Okoro, School of Health."
    redacted = names(found, text)
    assert "Helen Mortimer" in redacted and "James Okoro" in redacted
    assert "Senior Epidemiologist" not in redacted and "UKHSA" not in redacted


# ------------------------------------------------------------------ what is not a person


@pytest.mark.parametrize(
    "text",
    [
        "Born in Glasgow, he moved to Kent in 1956 and retired to Devon.",
        "Devon and Cornwall Police said the man left in a blue Vauxhall Corsa.",
        "Mum says I should just go to the council.",
        "LA ROCHELLE S'IMPOSE À CASTRES",
    ],
)
def test_places_cars_and_kin_words_are_not_people(found, text):
    lang = "fr" if "À" in text else "en"
    assert names(found, text, lang) == []


def test_the_gazetteers_hold_names_of_many_origins_and_leave_out_ordinary_words():
    given, family, places = given_names(), family_names(), place_names()
    for name in ("dariusz", "kwame", "ngozi", "siobhan", "wei", "aminata"):
        assert name in given, name
    for name in ("okonkwo", "kowalczyk", "nguyen", "novak"):
        assert name in family, name
    for word in ("grace", "wood", "green", "january", "bee", "will"):
        assert word not in given and word not in family, word
    for place in ("kent", "devon", "glasgow", "knaresborough", "gironde", "lyon"):
        assert place in places, place


# ------------------------------------------------------------------ headlines, parties named by surname, reported speech


@pytest.mark.parametrize(
    "text,expected",
    [
        ("TRIBUTES PAID TO BELOVED TEACHER ANJALI DESAI", ["ANJALI DESAI"]),
        ("Jordan Henderson Leaves Saudi Club After Six Months", ["Jordan Henderson"]),
        ("Taylor Swift Concert Brings £10m To Cardiff Economy", ["Taylor Swift"]),
    ],
)
def test_a_headline_loses_no_name_and_lends_the_name_none_of_its_words(found, text, expected):
    assert names(found, text) == expected


def test_a_party_named_by_surname_in_capitals_is_redacted_with_its_possessive(found):
    text = "The defendant, ADEBAYO, was remanded in custody. ADEBAYO's solicitor said he would appeal."
    assert names(found, text) == ["ADEBAYO", "ADEBAYO"]


def test_a_known_name_before_a_reporting_verb_is_a_person_but_a_firm_or_place_is_not(found):
    assert "Agnieszka" in names(found, "Agnieszka said the landlord had never replied.")
    assert names(found, "Renault a dit que les ventes baissent. Lyon a dit non au projet.", "fr") == []


# ------------------------------------------------------------------ names no list knows; firms named after people


@pytest.mark.parametrize(
    "text,expected",
    [
        ("He will reclaim the ranking from Novak Djokovic if he wins.", ["Novak Djokovic"]),
        (
            "Witnesses included Olumide Bankole and Katarzyna Wójcik, both neighbours.",
            ["Olumide Bankole", "Katarzyna Wójcik"],
        ),
    ],
)
def test_capitalised_words_that_are_no_english_words_are_a_name(text, expected):
    from provenance.pii.recognizers import RareNamePersonRecognizer

    assert recognized(RareNamePersonRecognizer(), text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The man left in a blue Vauxhall Corsa.",  # a car
        "Trains to Blaenau Ffestiniog were cancelled.",  # after a preposition of place
        "Hebden Bridge Town Council met on Monday.",  # places and institution words
        "GLASGOW ROAD CLOSED",  # capitals: not this recognizer's
        "Local Heroes Kwabena Osei Win Award",  # a title-case headline
    ],
)
def test_words_no_list_knows_are_not_names_when_they_are_places_cars_or_headlines(text):
    from provenance.pii.recognizers import RareNamePersonRecognizer

    assert recognized(RareNamePersonRecognizer(), text) == []


def test_french_text_is_left_to_the_other_recognizers():
    from provenance.pii.recognizers import RareNamePersonRecognizer

    assert recognized(RareNamePersonRecognizer(supported_language="fr"), "selon Olumide Bankole, hier") == []


def test_a_surname_is_not_propagated_into_the_firm_named_after_it(found):
    text = "Invoice from Blackwood Joinery. Signed: J. Blackwood, director. Pay Blackwood Joinery Ltd by transfer."
    redacted = names(found, text)
    assert "J. Blackwood" in redacted and "Blackwood" not in redacted
