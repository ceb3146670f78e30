"""Rebuilds the shipped gazetteers ``given_names.txt``, ``family_names.txt`` and ``places.txt`` from Faker's providers.

A maintenance tool, never imported at run time (the stage reads the text files it writes into
``provenance/pii/data/``); it needs Faker, which comes with the demo package (``pip install -e ./demo``):

    .venv/bin/python scripts/build_lists.py
    .venv/bin/python scripts/build_lists.py --name-words   only ``name_words.txt`` (below)

``name_words.txt`` holds the names those lists leave out because they are also ordinary words
("Frank", "Dawn", "Mercier"): in text written in capitals, such a word next to a name is a name
(:mod:`provenance.pii.casing`). Words are those of the shipped ``english_words.txt`` and
``french_words.txt.gz`` (see ``build_french_words.py`` beside this script).

Source: the person and address providers of Faker (https://github.com/joke2k/faker, MIT licence),
every locale, Latin-script values only (romanised Chinese, Japanese and Taiwanese names included),
plus the hand-written additions below (public facts: UK and Irish cities and towns, French cities).
A name that is also an ordinary English or French word, a month, a place or a title is left out
of the name lists, so that finding it capitalised is evidence of a person. English words are
those written in lower case in SCOWL's British English list (Debian package ``wbritish``,
``/usr/share/dict/british-english``; permissive licence: use, copy and distribute freely), read at
build time only: "Grace", "Wood", "Bee" are words as well as names, "Priyanka" is not.
"""

from __future__ import annotations

import importlib
import os
import sys
import unicodedata
from pathlib import Path

import regex as re

ROOT = Path(__file__).resolve().parents[1]
#: where the PII stage reads its lists (package data)
DATA = ROOT / "provenance" / "pii" / "data"
DICTIONARY = Path("/usr/share/dict/british-english")
sys.path.insert(0, str(ROOT))

LATIN = re.compile(r"^(?=[\p{Script=Latin}\p{M}'’\- ]+$)\p{Lu}[\p{Ll}\p{M}'’]+(?:-\p{Lu}?[\p{Ll}\p{M}'’]+)*$")

#: Capitalised English and French words that Faker lists as names but that a text uses as words
#: far more often (in titles, headlines, the start of a sentence).
COMMON_WORDS = "will may mark bill grace hope rose faith joy summer dawn star page price young king major general justice sterling royal christmas easter noel april june august autumn winter spring storm river rain sky sunny sunshine honey baby angel angels princess prince duke earl baron queen lady lord knight bishop pope saint chase hunter ranger carter cooper mason taylor porter tanner fisher baker miller smith walker ward marshal marshall sheriff judge deacon dean chancellor sage true loyal precious treasure blessing goodness lucky happy merry golden silver ruby pearl jade amber crystal diamond jewel coral ivy holly heather fern daisy lily lilly iris violet poppy olive hazel willow forest woods brook brooks lake ocean bay cliff rock stone stoney clay dale glen glenn heath field fields moor cash penny nickel money bond bonds rich richer sterling chance lane street road way north south east west norman french english irish welsh scott scotland ireland england wales america african asia china india kenya georgia virginia carolina dakota florida paris london berlin vienna sydney austin dallas houston denver phoenix boston orlando memphis nashville savannah charlotte madison jackson lincoln washington clinton kennedy reagan nixon obama trump johnson hamilton jefferson franklin in on at by of to the and but or not no yes so an as is it be do go me my he she we us you they am art arts music song poem rhythm melody harmony lyric story novel son sons daughter brother sister mother father aunt uncle sale vente prix mars mai juin août avril noël pâques paris lyon marseille nice tours nancy orange claire blanche rose violette olive prudence constance patience clémence aurore céleste fleur reine france january february march april may june july august september october november december monday tuesday wednesday thursday friday saturday sunday janvier février mars avril mai juin juillet août septembre octobre novembre décembre lundi mardi mercredi jeudi vendredi samedi dimanche avenue boulevard rue place pont port mont val bois van von der den ben bin al el da di du des la le del".split()


def fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _values(provider, attribute: str) -> list[str]:
    value = getattr(provider, attribute, None)
    if isinstance(value, dict):
        value = list(value)
    if not isinstance(value, (list, tuple)):
        return []
    out = []
    for item in value:
        text = item[-1] if isinstance(item, tuple) else item  # ("01", "Ain") or (kanji, kana, romaji)
        if isinstance(text, str):
            out.append(text)
    return out


def _locales(kind: str) -> list[str]:
    package = importlib.import_module(f"faker.providers.{kind}")
    base = Path(package.__path__[0])
    return sorted(d.name for d in base.iterdir() if d.is_dir() and not d.name.startswith("_"))


def _provider(kind: str, locale: str):
    return importlib.import_module(f"faker.providers.{kind}.{locale}").Provider


def _title(value: str) -> str:
    """'CHIA-HAO' -> 'Chia-Hao' (Taiwanese romanised names are listed in capitals)."""
    return "-".join(p[:1].upper() + p[1:].lower() for p in value.split("-")) if value.isupper() else value


def person_names(kind: str) -> set[str]:
    attributes = {
        "given": (
            "first_names",
            "first_names_male",
            "first_names_female",
            "first_names_nonbinary",
            "first_names_unisex",
            "first_romanized_names",
            "first_romanized_names_male",
            "first_romanized_names_female",
        ),
        "family": (
            "last_names",
            "last_names_male",
            "last_names_female",
            "male_last_names",
            "female_last_names",
            "unisex_last_names",
            "last_romanized_names",
            "last_names_common",
        ),
    }[kind]
    names: set[str] = set()
    for locale in _locales("person"):
        provider = _provider("person", locale)
        for attribute in attributes:
            for listed in _values(provider, attribute):
                value = _title(listed.strip())
                if LATIN.match(value):
                    names.add(value)
    return names


#: Places Faker does not list: cities and towns of the UK, Ireland and France that texts name
#: without a county or a country, and the UK's regions.
PLACES_BY_HAND = "London Birmingham Manchester Liverpool Leeds Sheffield Bristol Newcastle Sunderland Nottingham Leicester Coventry Bradford Wakefield Hull Stoke Wolverhampton Plymouth Southampton Portsmouth Brighton Reading Oxford Cambridge Norwich Ipswich Exeter Gloucester Cheltenham Bath York Harrogate Knaresborough Scarborough Whitby Durham Carlisle Lancaster Preston Blackpool Blackburn Bolton Wigan Stockport Salford Oldham Rochdale Huddersfield Halifax Doncaster Rotherham Barnsley Derby Lincoln Peterborough Northampton Luton Watford Slough Swindon Bournemouth Poole Southend Colchester Chelmsford Canterbury Dover Folkestone Maidstone Ashford Guildford Woking Crawley Hastings Eastbourne Worthing Chichester Winchester Salisbury Taunton Truro Penzance Torquay Worcester Hereford Shrewsbury Telford Chester Warrington Glasgow Edinburgh Aberdeen Dundee Inverness Perth Stirling Paisley Hawick Dumbarton Kilmarnock Ayr Falkirk Livingston Cardiff Swansea Newport Wrexham Bangor Aberystwyth Belfast Derry Londonderry Lisburn Armagh Newry Dublin Cork Limerick Galway Waterford Kilkenny Sligo Tralee Wexford Drogheda Dundalk Ennis Athlone Westminster Camden Hackney Islington Lambeth Southwark Greenwich Lewisham Croydon Bromley Barnet Ealing Hounslow Richmond Kingston Merton Sutton Wandsworth Hammersmith Fulham Kensington Chelsea Brent Harrow Hillingdon Enfield Haringey Waltham Redbridge Havering Bexley Tottenham Brixton Peckham Hampstead Paddington Wembley Stratford Holborn Mayfair Soho Whitechapel Bermondsey Yorkshire Lancashire Cornwall Devon Kent Essex Surrey Sussex Norfolk Suffolk Cumbria Northumberland Midlands Scotland England Wales Ireland Ulster Britain Highlands Lothian Fife Argyll Galloway Orkney Shetland Hebrides Paris Marseille Lyon Toulouse Nice Nantes Strasbourg Montpellier Bordeaux Lille Rennes Reims Toulon Grenoble Dijon Angers Nîmes Villeurbanne Clermont-Ferrand Aix-en-Provence Brest Tours Amiens Limoges Annecy Perpignan Metz Besançon Orléans Rouen Mulhouse Caen Nancy Argenteuil Montreuil Roubaix Tourcoing Avignon Poitiers Versailles Pau Calais Cannes Antibes Colmar Bayonne Biarritz Ajaccio Bastia Cayenne Fort-de-France Pointe-à-Pitre Saint-Denis Mamoudzou Vitrolles Aubagne Arles Béziers Sète Narbonne Carcassonne Albi Montauban Agen Périgueux Brive Niort Rochefort Saint-Malo Quimper Lorient Vannes Lannion Morlaix Cherbourg Lisieux Évreux Chartres Blois Bourges Nevers Auxerre Troyes Charleville-Mézières Épinal Belfort Valence Chambéry Gap Digne Draguignan Fréjus Hyères Menton Grasse Bretagne Normandie Provence Occitanie Alsace Lorraine Picardie Champagne Bourgogne Auvergne Limousin Aquitaine Corse Savoie Vendée Gironde Dordogne Ardèche Ardennes".split()


def places() -> set[str]:
    found: set[str] = set(PLACES_BY_HAND)
    for locale in _locales("address"):
        provider = _provider("address", locale)
        attributes = ["countries", "counties", "departments", "regions", "states", "provinces", "union_territories"]
        if locale.startswith(("en_", "fr_")) or locale == "de_DE":
            attributes.append("cities")  # elsewhere, thousands of villages whose names are also surnames
        for attribute in attributes:
            for listed in _values(provider, attribute):
                value = listed.strip()
                if LATIN.match(value) or re.fullmatch(
                    r"(?=[\p{Script=Latin}\p{M}'’\- ]+$)\p{Lu}[\p{L}'’\-]+(?: [\p{L}'’\-]+){0,3}", value
                ):
                    found.add(value)
    return found


def main() -> int:
    from faker.providers.lorem.en_US import Provider as EnglishWords
    from faker.providers.lorem.fr_FR import Provider as FrenchWords

    from provenance.pii.lexicon import not_person_words, stop_words

    if not DICTIONARY.is_file():
        print(
            f"{DICTIONARY} is missing: install the Debian package wbritish (apt-get install wbritish)", file=sys.stderr
        )
        return 1
    english = {fold(w) for w in DICTIONARY.read_text(encoding="utf-8").split() if w.islower()}
    common = (
        english
        | {fold(w) for w in COMMON_WORDS}
        | {fold(w) for w in EnglishWords.word_list}
        | {fold(w) for w in FrenchWords.word_list}
        | set(stop_words("fr"))
        | set(stop_words("en"))
        | set(not_person_words())
    )
    all_places = places()
    place_words = {fold(p) for p in all_places if " " not in p}

    def keep(name: str) -> bool:
        key = fold(name)
        return len(key) >= 2 and key not in common and key not in place_words

    given = sorted({n for n in person_names("given") if keep(n)}, key=fold)
    family = sorted({n for n in person_names("family") if keep(n)} - set(given), key=fold)
    header = (
        "# {what}, one per line: Latin-script values of every locale of Faker's person providers\n"
        "# (https://github.com/joke2k/faker, MIT licence), less names that are also ordinary English or\n"
        "# French words, places or titles. Built by scripts/build_lists.py; do not edit by hand.\n"
    )
    (DATA / "given_names.txt").write_text(
        header.format(what="Given names of many origins") + "\n".join(given) + "\n", encoding="utf-8"
    )
    (DATA / "family_names.txt").write_text(
        header.format(what="Family names of many origins (those that are not also given names)")
        + "\n".join(family)
        + "\n",
        encoding="utf-8",
    )
    (DATA / "places.txt").write_text(
        "# Places: countries, regions, counties, départements, states and cities, one per line. From the\n"
        "# address providers of Faker (https://github.com/joke2k/faker, MIT licence) and a hand-written list\n"
        "# of UK, Irish and French cities and regions. Built by scripts/build_lists.py.\n"
        + "\n".join(sorted(all_places, key=fold))
        + "\n",
        encoding="utf-8",
    )
    words = sorted(w for w in english if re.fullmatch(r"[a-z]{3,}", w))
    (DATA / "english_words.txt").write_text(
        "# English words written in lower case, three letters or more, from SCOWL's British English list\n"
        "# (Debian package wbritish, /usr/share/dict/british-english). Copyright 2000-2011 by Kevin Atkinson;\n"
        "# permission to use, copy, modify, distribute and sell these word lists for any purpose is granted\n"
        "# without fee, provided this notice appears in all copies. Built by scripts/build_lists.py.\n"
        + "\n".join(words)
        + "\n",
        encoding="utf-8",
    )
    print(
        f"{len(given)} given names, {len(family)} family names, {len(all_places)} places, {len(words)} English words"
    )
    return 0


def write_name_words() -> int:
    """``name_words.txt``: Faker's given and family names that are also English or French words."""
    from provenance.pii.lexicon import english_words, french_words

    words = {fold(w) for w in english_words()} | french_words()
    names = sorted(
        {
            fold(n)
            for n in person_names("given") | person_names("family")
            if " " not in n and len(n) >= 3 and fold(n) in words
        }
    )
    (DATA / "name_words.txt").write_text(
        '# Given and family names that are also ordinary English or French words ("frank", "dawn", "mercier"),\n'
        "# folded: Latin-script values of every locale of Faker's person providers (https://github.com/joke2k/faker,\n"
        "# MIT licence) found in english_words.txt or french_words.txt.gz. Built by scripts/build_lists.py --name-words.\n"
        + "\n".join(names)
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(names)} names that are also words")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
    sys.exit(write_name_words() if sys.argv[1:] == ["--name-words"] else main())
