"""Each recognizer on valid identifiers, wrong checksums and look-alikes, in the sentences they occur in."""

import pytest

from provenance.pii.recognizers import (
    DateOfBirthRecognizer,
    FrIdCardRecognizer,
    FrNirRecognizer,
    FrPassportRecognizer,
    FrPhoneRecognizer,
    FrSirenRecognizer,
    FrSiretRecognizer,
    FrVehiclePlateRecognizer,
    InternationalPhoneRecognizer,
    PaymentCardRecognizer,
    StreetAddressRecognizer,
    UrlWithCredentialsRecognizer,
)

# (entity type, sentence, the value that must be redacted or None when nothing may be)
CASES = {
    "FR_NIR": [
        (
            "valid, printed grouping",
            "N° de sécurité sociale : 2 95 10 99 126 111 93, affiliée à la CPAM.",
            "2 95 10 99 126 111 93",
        ),
        ("valid, run together", "Son NIR 185057800608491 figure sur l'attestation.", "185057800608491"),
        ("valid, Corsica 2B", "Assuré social n° 2 53 07 2B 073 004 70.", "2 53 07 2B 073 004 70"),
        ("wrong key", "N° de sécurité sociale : 2 95 10 99 126 111 94.", None),
        ("look-alike: a 15-digit order number", "Commande 395109912611193 expédiée le 3 mars.", None),
    ],
    "FR_SIREN": [
        (
            "valid with RCS context",
            "immatriculée au RCS de Lyon sous le numéro 732 829 320, représentée",
            "732 829 320",
        ),
        ("valid, compact, SIREN context", "SIREN : 732829320", "732829320"),
        ("wrong Luhn digit", "immatriculée au RCS de Lyon sous le numéro 732 829 321", None),
        ("look-alike: an amount", "le budget atteint 732 829 320 euros cette année", None),
        ("valid digits without any context", "Le compteur affichait 732 829 320 au matin.", None),
    ],
    "FR_SIRET": [
        ("valid, grouped", "SIRET 732 829 320 00074 — siège social à Paris", "732 829 320 00074"),
        ("valid, La Poste rule", "établissement SIRET 356 000 000 00048", "356 000 000 00048"),
        ("wrong Luhn digit", "SIRET 732 829 320 00075", None),
        ("look-alike: compact without context", "référence interne 73282932000074 du dossier", None),
    ],
    "PHONE_NUMBER": [
        ("national, spaces", "Vous pouvez me joindre au 06 12 34 56 78 le soir.", "06 12 34 56 78"),
        ("national, dots", "Tél. 04.78.28.61.93", "04.78.28.61.93"),
        ("national, dashes", "appelez le 01-42-68-53-00", "01-42-68-53-00"),
        ("international +33 (0)", "Contact : +33 (0)1 42 68 53 00", "+33 (0)1 42 68 53 00"),
        ("international 0033", "depuis l'étranger : 0033 6 12 34 56 78", "0033 6 12 34 56 78"),
        ("overseas, national", "joignable en Guadeloupe au 0690 12 34 56", "0690 12 34 56"),
        ("overseas, international", "standard de Saint-Denis : +262 262 40 12 34", "+262 262 40 12 34"),
        ("compact, allocated range", "la mairie au 0329159826 pour la cellule de crise", "0329159826"),
        ("freephone", "Numéro vert : 0 800 06 66 66 (appel gratuit)", "0 800 06 66 66"),
        ("look-alike: a date range", "du 01/02/2023 au 15/03/2023", None),
        ("look-alike: filler digits", "Téléphone : 00 00 00 00 00", None),
    ],
    "CREDIT_CARD": [
        ("Visa, groups of four", "payé avec ma carte bancaire n° 4970 1012 3456 7893", "4970 1012 3456 7893"),
        ("Amex 4-6-5", "Amex 3714 496353 98431 débitée deux fois", "3714 496353 98431"),
        ("wrong Luhn digit", "carte bancaire n° 4970 1012 3456 7890", None),
        ("look-alike: a 16-digit reference", "dossier 1234 5678 9012 3456 classé", None),
    ],
    "FR_PASSPORT": [
        ("with context", "une copie du passeport n° 12AB34567 dérobée", "12AB34567"),
        ("look-alike: a product code", "référence article 12AB34567 en rayon", None),
    ],
    "FR_ID_CARD": [
        ("old CNI with context", "titulaire de la carte nationale d'identité n° 880692310285", "880692310285"),
        ("2021 card with context", "CNI n° X4RTBPFW4 délivrée à Lyon", "X4RTBPFW4"),
        ("look-alike: twelve digits without context", "le colis 880692310285 est arrivé", None),
    ],
    "FR_VEHICLE_PLATE": [
        ("SIV with dashes", "une Clio immatriculée FG-482-KT", "FG-482-KT"),
        ("FNI with context", "véhicule immatriculé 5412 TZ 69 en 1998", "5412 TZ 69"),
        ("look-alike: a date in capitals", "LE 12 MAI 75, LA FÊTE", None),
        ("SIV letters exclude I, O, U", "code OI-123-UU", None),
    ],
    "DATE_OF_BIRTH": [
        ("né le + month name", "Monsieur Martin, né le 3 mars 1975 à Lyon", "3 mars 1975"),
        ("née + maiden name", "Mme Odile Petit, née Martin le 12/04/1968", "12/04/1968"),
        ("date de naissance", "Date de naissance : 21.06.1992", "21.06.1992"),
        ("English born on", "She was born on 3 March 1975 in Leeds.", "3 March 1975"),
        ("English DOB", "DOB: 1975-03-03", "1975-03-03"),
        ("look-alike: a hearing date", "l'audience du 3 mars 1975 a été renvoyée", None),
    ],
    "STREET_ADDRESS": [
        (
            "French with postcode and town",
            "demeurant 12 rue des Lilas, 69003 Lyon, depuis 2010",
            "12 rue des Lilas, 69003 Lyon",
        ),
        (
            "French bis",
            "domiciliée 3 bis, avenue du Général-Leclerc 75014 Paris",
            "3 bis, avenue du Général-Leclerc 75014 Paris",
        ),
        ("English with postcode", "lives at 14 Acacia Avenue, Leeds LS6 2AB with", "14 Acacia Avenue, Leeds LS6 2AB"),
        ("look-alike: a street without number", "la manifestation a remonté la rue de Rivoli", None),
    ],
    "URL_WITH_CREDENTIALS": [
        (
            "ftp with user and password",
            "le lien ftp://jdupont:s3cret@files.example.fr/home. Merci",
            "ftp://jdupont:s3cret@files.example.fr/home",
        ),
        ("look-alike: an ordinary URL", "voir https://www.example.org/page?id=3", None),
    ],
}


@pytest.mark.parametrize(
    "entity_type,sentence,expected",
    [(t, s, e) for t, cases in CASES.items() for _, s, e in cases],
    ids=[f"{t}: {label}" for t, cases in CASES.items() for label, _, _ in cases],
)
def test_structured_identifiers_are_found_only_when_valid_and_plausible(detector, entity_type, sentence, expected):
    lang = "en" if any(w in sentence for w in ("born", "DOB", "lives at")) else "fr"
    spans = detector.structured_spans(sentence, lang, {entity_type})
    # Two recognizers may find the same number (French and international phone): one value.
    values = sorted({sentence[s.start : s.end] for s in spans if s.entity_type == entity_type})
    if expected is None:
        assert values == []
    else:
        assert values == [expected]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Call me on 020 7946 0958 tonight.", "020 7946 0958"),
        ("My mobile is 07700 900123.", "07700 900123"),
        ("Ring (0113) 496 0456 or +44 (0)20 7946 0321.", "+44 (0)20 7946 0321"),
        ("My brother in Chicago (312) 555-0104 says hi.", "(312) 555-0104"),
    ],
)
def test_uk_and_us_phone_numbers_are_found_in_english(detector, text, expected):
    values = [text[s.start : s.end] for s in detector.structured_spans(text, "en", {"PHONE_NUMBER"})]
    assert expected in values


def test_uk_number_in_brackets_is_found(detector):
    text = "Ring (0113) 496 0456 after six."
    assert [text[s.start : s.end] for s in detector.structured_spans(text, "en", {"PHONE_NUMBER"})] == [
        "(0113) 496 0456"
    ]


def test_iban_email_and_ip_are_found_in_both_languages(detector):
    text = (
        "Virement sur FR76 3000 6000 0112 3456 7890 189, reçu de jean.dupont@example.fr depuis 192.0.2.44 "
        "et 2001:db8:4f2a:11::8c."
    )
    for lang in ("fr", "en"):
        values = {(s.entity_type, text[s.start : s.end]) for s in detector.structured_spans(text, lang)}
        assert ("IBAN_CODE", "FR76 3000 6000 0112 3456 7890 189") in values
        assert ("EMAIL_ADDRESS", "jean.dupont@example.fr") in values
        assert ("IP_ADDRESS", "192.0.2.44") in values
        assert ("IP_ADDRESS", "2001:db8:4f2a:11::8c") in values


def test_an_iban_with_a_wrong_check_digit_is_not_redacted(detector):
    text = "Virement sur FR77 3000 6000 0112 3456 7890 189 ce matin."
    assert detector.structured_spans(text, "fr", {"IBAN_CODE"}) == []


@pytest.mark.parametrize(
    "cls",
    [
        PaymentCardRecognizer,
        DateOfBirthRecognizer,
        FrIdCardRecognizer,
        FrNirRecognizer,
        FrPassportRecognizer,
        FrPhoneRecognizer,
        FrSirenRecognizer,
        FrSiretRecognizer,
        FrVehiclePlateRecognizer,
        InternationalPhoneRecognizer,
        StreetAddressRecognizer,
        UrlWithCredentialsRecognizer,
    ],
)
def test_recognizers_are_presidio_pattern_recognizers_with_patterns_and_context(cls):
    from presidio_analyzer import PatternRecognizer

    for lang in ("fr", "en"):
        recognizer = cls(supported_language=lang)
        assert isinstance(recognizer, PatternRecognizer)
        assert recognizer.patterns and recognizer.context
        assert recognizer.supported_language == lang


def test_recognizers_declare_what_text_they_can_match_on_their_class():
    """The fast path skips a recognizer on text it cannot match; the recognizer says so, not a table of names."""
    from provenance.pii.engine import structured_recognizers
    from provenance.pii.recognizers.predefined import BilingualEmailRecognizer, BilingualIpRecognizer

    assert not BilingualEmailRecognizer.may_match("écrire à jean point dupont chez exemple point fr")
    assert BilingualEmailRecognizer.may_match("écrire à jean.dupont@exemple.fr")
    assert not UrlWithCredentialsRecognizer.may_match("https://exemple.fr/dossiers/")
    assert not BilingualIpRecognizer.may_match("la séance est ouverte à 15 h 02")
    assert BilingualIpRecognizer.may_match("depuis 192.168.12.4") and BilingualIpRecognizer.may_match("fe80::1")
    assert FrNirRecognizer.may_match("anything")  # no prefilter: always run
    # Presidio's recognizers keep their names (recorded with each redaction) and get French context words.
    french = {r.name: r for r in structured_recognizers("fr")}
    assert {"EmailRecognizer", "IbanRecognizer", "IpRecognizer"} <= set(french)
    assert "courriel" in french["EmailRecognizer"].context
    assert "courriel" not in {r.name: r for r in structured_recognizers("en")}["EmailRecognizer"].context
