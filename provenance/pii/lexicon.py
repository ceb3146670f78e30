"""Word lists the person-name logic relies on: honorifics, name particles, first names, words that are never a person.

Loaded once per process from ``provenance/pii/data/`` (shipped with the package; nothing is
fetched). Comparisons go through :func:`provenance.pii.context.fold` (lower case, no accents).
``first_names.txt`` is a short hand-checked list (a name alone may be redacted on it);
``given_names.txt``, ``family_names.txt`` and ``places.txt`` are wide gazetteers of many origins
built from Faker's providers by ``scripts/build_lists.py`` (evidence next to other evidence only).
"""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS as _EN_STOP_WORDS
from spacy.lang.fr.stop_words import STOP_WORDS as _FR_STOP_WORDS

from provenance.pii.context import fold

DATA_DIR = Path(__file__).resolve().parent / "data"

#: Honorifics that introduce a person's name, as written (case matters for the short ones:
#: "Me Dupont" is a lawyer, "me" is a pronoun). A name after these may start with a particle
#: ("M. de Villepin").
HONORIFICS = {
    "fr": tuple(
        "M. MM. Mme Mmes Mlle Mlles Me Mes Dr Dr. Pr Pr. Mgr Maître Maîtres Monsieur Messieurs Madame Mesdames Mademoiselle Docteur Professeur Monseigneur Père Sœur Frère Abbé".split()
    ),
    "en": tuple(
        "Mr Mr. Mrs Mrs. Ms Ms. Mx Mx. Miss Dr Dr. Prof Prof. Professor Sir Dame Lord Lady Baroness Baron Viscount Rev Rev. Reverend".split()
    ),
}
#: Roles and titles written before a name ("le juge Dupont", "Judge Kearl", "née Ferrand"); the name
#: after them must start with a capital ("le préfet du Bas-Rhin" is no name).
ROLE_TITLES = {
    "fr": tuple(
        "général Général colonel commandant capitaine lieutenant adjudant brigadier sergent gendarme juge président présidente ministre député députée sénateur sénatrice maire préfet préfète procureur procureure l'abbé née né épouse veuve dit dite alias dénommé dénommée prénommé prénommée surnommé surnommée".split()
    ),
    "en": tuple(
        "Judge Justice Cllr Cllr. Councillor Senator Sen. Rep. Governor Gov. Mayor Capt Capt. Captain Sgt Sgt. Sergeant Lt Lt. Lieutenant Col. Colonel Inspector Detective Det. Constable PC DC DS DI DCI Father Sister Rabbi Imam President Chancellor Commissioner Bishop Archbishop Cardinal HHJ née".split()
    ),
}


#: Capitals spellings of short honorifics that _with_capitals leaves out.
HONORIFICS_UPPER = ("MR", "MRS", "MS", "DR", "MAITRE")


def _with_capitals(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words and their all-capitals spellings (court headings: "MONSIEUR", "LORD JUSTICE"), except
    two-letter ones that are ordinary words in capitals ("ME", "DI")."""
    upper = tuple(w.upper() for w in words if len(w.rstrip(".")) >= 3 and w.upper() != w)
    return tuple(dict.fromkeys(words + upper))


#: Lower-case particles inside names: "Charles de Gaulle", "Ludwig van Beethoven".
PARTICLES = (
    "de",
    "du",
    "des",
    "de la",
    "d'",
    "d’",
    "van",
    "von",
    "van der",
    "van den",
    "von der",
    "der",
    "den",
    "le",
    "la",
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
    "y",
)

#: Words after which a name belongs to a place or an institution ("rue Victor Hugo", "lycée Jean Moulin").
PLACE_PREFIXES = frozenset(
    fold(w)
    for w in "rue avenue av boulevard bd place quai allée impasse square chemin route cours pont gare station métro aéroport port stade parc jardin lycée collège école université faculté institut fondation centre hôpital clinique musée salle espace prix promotion amphithéâtre bibliothèque médiathèque théâtre cité résidence caserne base porte rond-point esplanade promenade tunnel campus street road avenue lane bridge airport school college university hospital institute foundation centre center museum hall library prize award trust fund lecture memorial stadium theatre theater building tower square park saint sainte st ste boulevards fort lac mont cap baie îles ile île recueil restaurant hôtel hotel café brasserie galerie éditions librairie élémentaire maternelle primaire quartier résidence salle complexe plateforme".split()
)

#: Words after which a name is that of a firm, not a person ("SCP Piwnica et Molinié", "Cabinet Dupont").
ORG_FORM_WORDS = tuple(
    "SCP SELARL SELAS SELAFA SARL SAS SASU SA SNC EURL SCI GIE cabinet société groupe entreprise établissements ets maison".split()
)
#: Words that end the name of a firm ("Irwin Mitchell LLP", "Yorkshire Homes (Northern) Ltd").
ORG_SUFFIXES = frozenset(
    fold(w)
    for w in (
        "LLP",
        "LLC",
        "Ltd",
        "Limited",
        "Inc",
        "plc",
        "Corp",
        "Corporation",
        "GmbH",
        "AG",
        "SA",
        "SAS",
        "SARL",
        "NV",
        "BV",
        "Partners",
        "Associates",
        "Group",
        "Holdings",
        "Homes",
        "Services",
        "Solutions",
        "Trust",
        "Foundation",
        # Trades and businesses: a firm named after its owner without a company form ("Blackwood Joinery").
        "Joinery",
        "Plumbing",
        "Builders",
        "Building",
        "Construction",
        "Roofing",
        "Electrical",
        "Electrics",
        "Motors",
        "Haulage",
        "Logistics",
        "Transport",
        "Removals",
        "Landscaping",
        "Interiors",
        "Kitchens",
        "Windows",
        "Glazing",
        "Bakery",
        "Bakeries",
        "Butchers",
        "Catering",
        "Cleaning",
        "Dental",
        "Pharmacy",
        "Opticians",
        "Solicitors",
        "Accountants",
        "Estates",
        "Lettings",
        "Properties",
        "Developments",
        "Consulting",
        "Consultancy",
        "Media",
        "Studios",
        "Productions",
        "Publishing",
        "Publishers",
        "Garage",
        "Salon",
        "Barbers",
        "Florists",
        "Brewery",
        "Distillery",
        "Nurseries",
        "Engineering",
        "Industries",
        "Technologies",
        "Systems",
        "Software",
        "Digital",
        "Insurance",
        "Investments",
        "Capital",
        "Ventures",
        "Airlines",
        "Hotels",
        "Travel",
        "Tours",
        "Fraud",
        "Menuiserie",
        "Plomberie",
        "Boulangerie",
        "Pâtisserie",
        "Boucherie",
        "Immobilier",
        "Transports",
        "Bâtiment",
        "Traiteur",
        "Coiffure",
        "Optique",
        "Assurances",
        "Voyages",
        "Distribution",
        "Logistique",
        "Associés",
        "Avocats",
        "Notaires",
        "Pharmacie",
        "Charpente",
        "Maçonnerie",
        "Paysagiste",
        "Électricité",
        "Automobiles",
    )
)
#: Company suffixes also written in lower case ("Churchill's Stairlifts plc").
LOWER_CASE_FIRM_SUFFIXES = frozenset({"plc", "ltd", "llp", "llc", "inc", "sarl", "sas", "gmbh"})
#: Words that end the name of a place ("Beeston Hill Surgery", "Cass Lane"); also surnames (Hall, Park),
#: so they only count when the name does not start with a first name.
PLACE_SUFFIXES = frozenset(
    fold(w)
    for w in "Surgery Centre Center Hospital School College Academy University Court Hall House Lane Street Road Avenue Square Bridge Station Church Chapel Library Museum Council Park Airport Stadium Gardens Way Crescent Close Drive Mall Plaza Arcade".split()
)

#: Nouns that name a kind of thing; a capitalised word right after one is the thing's name, not a person's
#: ("the band Sheila", "the website Mediapart", "le logiciel Frescobaldi", "the borough of Spandau"),
#: and so is one before some of them ("Malm chests", "Kartographer maps", "the George brand").
THING_NOUNS = {
    "en": frozenset(
        "band group company firm brand label store chain website site app application software system platform programme program extension plugin browser film movie album song single series show novel book title magazine newspaper journal publication publications club team fair festival ship vessel model range product project operation vendor publisher studio restaurant hotel bar mall station airport stadium manga anime franchise game console computer robot engine language".split()
    ),
    "fr": frozenset(
        "groupe société entreprise firme marque enseigne magasin chaîne site application logiciel système plateforme programme extension film album chanson série émission roman livre titre magazine journal revue club équipe salon festival navire bateau modèle gamme produit projet opération éditeur studio restaurant hôtel bar station aéroport stade manga jeu console ordinateur robot langage complexe".split()
    ),
}
#: Nouns of places before "of"/"de" and a name ("the borough of Spandau", "la monarchie de Habsbourg").
PLACE_OF_NOUNS = frozenset(
    fold(w)
    for w in "borough city town village district province county region state municipality kingdom republic island ville commune village quartier province région département comté royaume république île monarchie empire dynastie maison".split()
)
#: Nouns after a name that it is the brand of ("Malm chests", "the George brand", "Kartographer maps").
BRANDED_NOUNS = frozenset(
    "brand brands range line chests dressers clothing maps support app apps software plugin browser store stores chain products model models".split()
)

#: Vehicle makes: a make and a model ("Vauxhall Corsa", "Renault Clio") is a car, not a person, unless a
#: given name says otherwise ("Henry Ford").
VEHICLE_MAKES = frozenset(
    fold(w)
    for w in "Vauxhall Ford Renault Peugeot Citroën Citroen Toyota Volkswagen VW Nissan Honda Hyundai Kia Audi BMW Mercedes Mercedes-Benz Skoda Škoda Seat Fiat Opel Dacia Mazda Suzuki Volvo Tesla Mini Jaguar Land Range Lexus Mitsubishi Subaru Chevrolet Jeep Porsche Ferrari Lamborghini Maserati Alfa Lancia Saab Smart Yamaha Ducati".split()
)

#: Anonymisation markers left in court decisions: "M. X...", "Mme Y", "M. Z…".
ANONYMISED_LETTERS = frozenset("XYZ")


def _read_list(name: str) -> list[str]:
    path = DATA_DIR / name
    return [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


@cache
def first_names() -> frozenset[str]:
    """Folded first names (``jean-pierre``, ``zoe``)."""
    return frozenset(fold(n) for n in _read_list("first_names.txt"))


@cache
def given_names() -> frozenset[str]:
    """Folded given names of many origins (``given_names.txt``, built from Faker's providers) and
    :func:`first_names`: evidence of a person when a capitalised word follows; too wide to stand alone."""
    return frozenset(fold(n) for n in _read_list("given_names.txt")) | first_names()


@cache
def family_names() -> frozenset[str]:
    """Folded family names of many origins that are not also given names, ordinary words or places."""
    return frozenset(fold(n) for n in _read_list("family_names.txt")) - not_person_words()


@cache
def place_names() -> frozenset[str]:
    """Folded names of countries, regions, counties, départements, states and cities (``places.txt``)."""
    return frozenset(fold(n) for n in _read_list("places.txt"))


@cache
def english_words() -> frozenset[str]:
    """English words written in lower case, three letters or more (SCOWL, ``english_words.txt``)."""
    return frozenset(_read_list("english_words.txt"))


@cache
def french_words() -> frozenset[str]:
    """French words written in lower case, every inflected form, folded (Dicollecte's Hunspell
    dictionary, MPL-2.0, expanded by ``scripts/build_french_words.py``: ``french_words.txt.gz``)."""
    with gzip.open(DATA_DIR / "french_words.txt.gz", "rt", encoding="utf-8") as handle:
        return frozenset(line.rstrip("\n") for line in handle if line[:1] not in ("#", "\n"))


@cache
def name_words() -> frozenset[str]:
    """Folded given and family names that are also ordinary words ("frank", "dawn", "mercier"): the wide
    gazetteers leave them out (``name_words.txt``, built by ``scripts/build_lists.py --name-words``)."""
    return frozenset(_read_list("name_words.txt"))


@cache
def common_words(lang: str) -> frozenset[str]:
    """Folded words a text of the language writes in lower case: its dictionary's forms and stop words."""
    words = french_words() if lang == "fr" else frozenset(fold(w) for w in english_words())
    return words | stop_words(lang)


@cache
def not_person_words() -> frozenset[str]:
    """Folded words that alone never name a person."""
    return frozenset(fold(w) for w in _read_list("not_person.txt"))


@cache
def stop_words(lang: str) -> frozenset[str]:
    """spaCy's stop words for the language (both languages' for anything else), folded."""
    words = {"fr": _FR_STOP_WORDS, "en": _EN_STOP_WORDS}.get(lang) or (_FR_STOP_WORDS | _EN_STOP_WORDS)
    return frozenset(fold(w) for w in words)


def honorifics(lang: str) -> tuple[str, ...]:
    """Honorifics of a language as they may be written, capitals included."""
    return _with_capitals(HONORIFICS.get(lang, HONORIFICS["en"])) + HONORIFICS_UPPER


def role_titles(lang: str) -> tuple[str, ...]:
    return _with_capitals(ROLE_TITLES.get(lang, ROLE_TITLES["en"]))


@cache
def honorific_words(lang: str) -> frozenset[str]:
    """Folded honorifics and role titles of a language without their final dot, for stripping them from NER spans."""
    words = HONORIFICS.get(lang, HONORIFICS["en"]) + ROLE_TITLES.get(lang, ROLE_TITLES["en"]) + HONORIFICS_UPPER
    return frozenset(fold(w.rstrip(".")) for w in words if w not in ("né", "née", "dit", "dite", "alias"))


def is_first_name(word: str) -> bool:
    return fold(word) in first_names()


@cache
def title_words(lang: str) -> frozenset[str]:
    """Titles, roles and institution words: the never-a-person words that are not also stop words
    (a capitalised "Sur" or "Le" inside a name is part of it: "Pierre-Olivier Sur", "Le Floch")."""
    return (not_person_words() - stop_words(lang)) | honorific_words(lang)


def is_title(word: str, lang: str) -> bool:
    """A title, a role or an institution word (not merely a stop word): stripped from the edges of a name."""
    return fold(word.strip(".'’")) in title_words(lang)


def never_a_name(word: str, lang: str) -> bool:
    """A word that cannot stand for a person alone: a title, an institution, a stop word."""
    folded = fold(word.strip(".'’"))
    return folded in not_person_words() or folded in stop_words(lang) or folded in honorific_words(lang)
