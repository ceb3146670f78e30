"""The people of the demo world: names from Faker's locale data, with titles, birth dates, contacts and addresses.

A :class:`Person` is drawn once per role in a document and then mentioned in many ways
(full name, title and surname, initials, all caps, possessive) by the templates.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from faker import Faker

from provenance_demo import identifiers

#: Real cities with their postcodes: addresses must look like the ones a redactor meets.
FR_CITIES = (
    ("Lyon", ("69001", "69003", "69004", "69007", "69008")),
    ("Villeurbanne", ("69100",)),
    ("Vénissieux", ("69200",)),
    ("Saint-Étienne", ("42000", "42100")),
    ("Grenoble", ("38000", "38100")),
    ("Rennes", ("35000", "35200")),
    ("Nantes", ("44000", "44100", "44300")),
    ("Brest", ("29200",)),
    ("Quimper", ("29000",)),
    ("Vannes", ("56000",)),
    ("Lorient", ("56100",)),
    ("Saint-Brieuc", ("22000",)),
    ("Bordeaux", ("33000", "33800")),
    ("Toulouse", ("31000", "31400")),
    ("Lille", ("59000", "59800")),
    ("Roubaix", ("59100",)),
    ("Marseille", ("13001", "13005", "13008")),
    ("Clermont-Ferrand", ("63000",)),
    ("Dijon", ("21000",)),
    ("Mâcon", ("71000",)),
    ("Bourg-en-Bresse", ("01000",)),
    ("Annecy", ("74000",)),
    ("Paris", ("75011", "75015", "75018", "75020")),
    ("Montreuil", ("93100",)),
    ("Angers", ("49000", "49100")),
)
FR_STREETS = (
    "rue des Lilas",
    "rue de la République",
    "avenue Jean-Jaurès",
    "rue Victor-Hugo",
    "boulevard de la Croix-Rousse",
    "rue du Moulin",
    "chemin des Vignes",
    "impasse des Tilleuls",
    "rue Pasteur",
    "place du Marché",
    "allée des Peupliers",
    "rue de la Gare",
    "avenue de la Libération",
    "rue des Écoles",
    "quai Saint-Vincent",
    "route de Bourgogne",
    "rue Paul-Bert",
    "cours Gambetta",
    "rue du Stade",
    "rue des Acacias",
    "lotissement Les Hauts de Saône",
    "rue Jules-Ferry",
    "chemin de la Fontaine",
    "rue du Four",
    "rue Garibaldi",
)
EN_TOWNS = (
    ("Reading", "RG"),
    ("Leeds", "LS"),
    ("Manchester", "M"),
    ("Bristol", "BS"),
    ("Norwich", "NR"),
    ("Sheffield", "S"),
    ("Exeter", "EX"),
    ("York", "YO"),
    ("Cardiff", "CF"),
    ("Carlisle", "CA"),
    ("Stroud", "GL"),
    ("Kendal", "LA"),
    ("Hexham", "NE"),
    ("Lincoln", "LN"),
    ("Shrewsbury", "SY"),
)
EN_STREETS = (
    "Station Road",
    "Church Lane",
    "Victoria Street",
    "Mill Lane",
    "The Green",
    "Park Avenue",
    "High Street",
    "Kings Road",
    "Orchard Close",
    "Bridge Street",
    "Queensway",
    "Meadow View",
    "Chapel Row",
    "Albert Terrace",
    "Market Place",
    "Woodland Drive",
    "St John's Road",
    "Canal Side",
    "Hawthorn Crescent",
    "Priory Walk",
)

FR_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
FR_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
EN_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def date_fr(day: dt.date, weekday: bool = False) -> str:
    d = "1er" if day.day == 1 else str(day.day)
    text = f"{d} {FR_MONTHS[day.month - 1]} {day.year}"
    return f"{FR_WEEKDAYS[day.weekday()]} {text}" if weekday else text


def date_en(day: dt.date, weekday: bool = False) -> str:
    text = f"{day.day} {EN_MONTHS[day.month - 1]} {day.year}"
    return f"{EN_WEEKDAYS[day.weekday()]} {text}" if weekday else text


@cache
def _faker(locale: str) -> Faker:
    return Faker(locale)


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(c for c in folded.lower() if c.isalnum() or c in "-")


@dataclass
class Person:
    gender: str  # 'm' | 'f'
    first: str
    last: str
    lang: str
    birth: dt.date
    email: str
    phone: str
    address: str
    nir: str
    #: free attributes a register sets: party, constituency, role, username ...
    attrs: dict = field(default_factory=dict)

    @property
    def initials(self) -> str:
        """``J.-P.`` for Jean-Pierre, ``M.`` for Marie."""
        return "-".join(part[0] + "." for part in self.first.split("-") if part)


class PeopleFactory:
    """Draws people and addresses from Faker's fr_FR, en_GB and en_US data with the caller's seeded generator."""

    def __init__(self) -> None:
        self._fakers = {loc: _faker(loc) for loc in ("fr_FR", "en_GB", "en_US")}

    def _fake(self, locale: str, rng: random.Random) -> Faker:
        fake = self._fakers[locale]
        fake.random = rng
        return fake

    def person(
        self,
        rng: random.Random,
        lang: str,
        gender: str | None = None,
        locale: str | None = None,
        born: tuple[int, int] = (1940, 2002),
    ) -> Person:
        locale = locale or ("fr_FR" if lang == "fr" else rng.choice(("en_GB", "en_GB", "en_US")))
        fake = self._fake(locale, rng)
        gender = gender or rng.choice("mf")
        first = fake.first_name_male() if gender == "m" else fake.first_name_female()
        last = fake.last_name()
        while last == first or len(last) < 3:
            last = fake.last_name()
        birth = dt.date(rng.randint(*born), rng.randint(1, 12), rng.randint(1, 28))
        domain = fake.free_email_domain()
        user = rng.choice(
            (
                f"{_ascii(first)}.{_ascii(last)}",
                f"{_ascii(first)[0]}{_ascii(last)}",
                f"{_ascii(first)}{_ascii(last)}{birth.year % 100:02d}",
                f"{_ascii(last)}.{_ascii(first)}",
            )
        )
        phone = (
            identifiers.phone_fr(rng)
            if lang == "fr"
            else identifiers.phone_uk(rng)
            if locale == "en_GB"
            else identifiers.phone_us(rng)
        )
        return Person(
            gender=gender,
            first=first,
            last=last,
            lang=lang,
            birth=birth,
            email=f"{user}@{domain}",
            phone=phone,
            address=self.address(rng, lang),
            nir=identifiers.nir(rng, gender, birth),
        )

    def address(self, rng: random.Random, lang: str) -> str:
        if lang == "fr":
            city, postcodes = rng.choice(FR_CITIES)
            number = rng.choice((str(rng.randint(1, 140)), f"{rng.randint(1, 60)} bis"))
            building = rng.choice(("", "", "", f"résidence Les Cèdres, bât. {rng.choice('ABC')}, "))
            return f"{building}{number} {rng.choice(FR_STREETS)}, {rng.choice(postcodes)} {city}"
        town, area = rng.choice(EN_TOWNS)
        outward = f"{area}{rng.randint(1, 19)}"
        inward = f"{rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        flat = rng.choice(("", "", f"Flat {rng.randint(1, 12)}, "))
        return f"{flat}{rng.randint(1, 180)} {rng.choice(EN_STREETS)}, {town} {outward} {inward}"

    def username(self, rng: random.Random, person: Person) -> str:
        base = _ascii(person.first)[:8] or "user"
        return rng.choice(
            (
                f"{base}{rng.randint(1, 99)}",
                f"{base}_{_ascii(person.last)[:1]}",
                f"{_ascii(person.last)[:6]}{person.birth.year % 100:02d}",
                f"{base}.{_ascii(person.last)[:1]}",
                f"{base}_{rng.choice(('du69', 'bzh', 'lyon', 'dombes'))}"
                if person.lang == "fr"
                else f"{base}_the_{rng.choice(('gardener', 'cyclist', 'bodger', 'lurker'))}",
            )
        )
