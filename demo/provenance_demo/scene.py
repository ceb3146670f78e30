"""One document being written: its language, cast and setting, and the template filler that tracks every planted span.

Templates are prose with slots in braces. ``{A.civ_full}`` names person A of the document
("M. Jean Dupont"; only "Jean Dupont" is the personal-data span), ``{iban}`` plants a valid
IBAN, ``{org:SNCF|La Poste}`` names an organisation that must NOT be redacted, ``{pick:a|b}``
varies wording. Every slot that plants personal data or a look-alike records its offsets,
so the ground truth knows exactly where each value sits in the text. The slot grammar:

Person forms (``{X.form}``, X an upper-case role): full, first, last, LAST, caps, civ,
civ_full, civ_last, civ_LAST, civility, civility_caps, init, civ_init, poss, first_poss,
dr_full, dr_last, me_full, me_last, me_LAST, pr_full, sir_full, email, phone, address, dob,
dob_num, nir, age, user, g:masculine|feminine, and any attribute set on the person (party ...).

Personal data: email phone phone_fr phone_mobile phone_dom phone_uk phone_us iban iban_fr iban_gb
iban_de iban_be siren siret card ip ipv6 address plate passport idcard url_cred nir.
Look-alikes: org:.. loc:.. fig:.. law:.. town town2 city region club company amount money article date
date_past t1..t4 (a case's dates, in order) postcode rg. Plain: pick:a|b n:lo-hi num:lo-hi pct:lo-hi yr:+-k time doc_date weekday_date.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field

from provenance_demo import identifiers
from provenance_demo.people import FR_CITIES as ADDRESS_CITIES
from provenance_demo.people import PeopleFactory, Person, date_en, date_fr

_SLOT = re.compile(r"\{([A-Za-z][A-Za-z0-9_]*)(?:\.([A-Za-z_]+))?(?::([^{}]*))?\}")

FR_TOWNS = (
    "Montrevel-sur-Azergues",
    "Saint-Amand-les-Vignes",
    "Beaurepaire-en-Dombes",
    "Villefranche-le-Vieux",
    "Chazelles-sur-Brévenne",
    "Sainte-Colombe-des-Monts",
    "Pontcharra-la-Rivière",
    "Lanvéoc-Kerhuel",
    "Plouzec-sur-Odet",
    "Saint-Gildas-du-Rhuys",
    "Treffiagat-le-Haut",
    "Vaux-sur-Saône",
    "Les Essarts-le-Bourg",
    "Marcilly-d'Azergues",
    "Saint-Julien-Molin",
    "Belleroche-en-Forez",
    "Châtillon-la-Palud",
)
EN_TOWNS = (
    "Little Ashcombe",
    "Market Harford",
    "Kingsbridge Wells",
    "Thornbury-on-Wye",
    "Upper Swainby",
    "Calderbrook",
    "Hatherley Cross",
    "Stowmere",
    "Great Linford Magna",
    "Ashby Fenwick",
    "Wexcombe",
    "Brackenfold",
    "Saltmarsh Quay",
    "Netherby Bridge",
    "Long Cheswick",
)
FR_CITIES = (
    "Lyon",
    "Rennes",
    "Nantes",
    "Brest",
    "Saint-Étienne",
    "Grenoble",
    "Villeurbanne",
    "Bordeaux",
    "Mâcon",
    "Quimper",
    "Vannes",
    "Clermont-Ferrand",
)
EN_CITIES = ("Leeds", "Manchester", "Bristol", "Norwich", "Sheffield", "Exeter", "York", "Carlisle", "Lincoln")
FR_REGIONS = (
    "Bretagne",
    "Auvergne-Rhône-Alpes",
    "Normandie",
    "Nouvelle-Aquitaine",
    "Bourgogne-Franche-Comté",
    "Occitanie",
)
EN_REGIONS = (
    "Yorkshire",
    "Cumbria",
    "the West Midlands",
    "East Anglia",
    "Devon",
    "Northumberland",
    "Gloucestershire",
    "Lancashire",
)
FR_CLUBS = (
    "l'AS {town}",
    "l'Union sportive de {town}",
    "l'Olympique de {town}",
    "l'Entente sportive {town}",
    "l'Avenir sportif de {town}",
)
EN_CLUBS = ("{town} Town FC", "{town} Athletic", "{town} United", "{town} Rovers")
FR_COMPANIES = (
    "SCI des Tilleuls",
    "Transports Rhône-Azergues",
    "Menuiserie du Val",
    "Laiterie des Monts",
    "Immobilière du Confluent",
    "Garage de la Croix Blanche",
    "Boulangerie Au Bon Grain",
    "Métallerie Saône-Est",
    "Cartonnages de l'Ouest",
    "Gestion Locative Bellecour",
)
EN_COMPANIES = (
    "Northgate Lettings Ltd",
    "Harford Precision Engineering Ltd",
    "Calder Valley Dairies",
    "Ashcombe Motors",
    "Riverside Logistics plc",
    "Swainby Print Works",
    "Linford Homes Ltd",
    "Kestrel Security Services Ltd",
    "Meadowbank Care Homes",
    "Fenwick & Daughters Builders",
)
FR_ARTICLES = (
    "l'article 1240 du code civil",
    "l'article 700 du code de procédure civile",
    "l'article L. 1235-3 du code du travail",
    "l'article 7 de la loi du 6 juillet 1989",
    "l'article L. 133-18 du code monétaire et financier",
    "l'article 1641 du code civil",
    "l'article 24 de la loi du 6 juillet 1989",
    "l'article L. 1232-1 du code du travail",
    "l'article 544 du code civil",
    "l'article 905 du code de procédure civile",
)
EN_ARTICLES = (
    "section 214 of the Housing Act 2004",
    "section 98(4) of the Employment Rights Act 1996",
    "section 75 of the Consumer Credit Act 1974",
    "CPR Part 36",
    "section 13 of the Limitation Act 1980",
    "section 21 of the Housing Act 1988",
    "regulation 77 of the Payment Services Regulations 2017",
)
FR_GROUPS = ("RE", "LR", "RN", "LFI-NUPES", "SOC", "Écolo-NUPES", "Dem", "HOR", "LIOT", "GDR-NUPES")
EN_PARTIES = ("Con", "Lab", "LD", "SNP", "PC", "Green", "DUP", "Ind")


@dataclass
class Span:
    start: int
    end: int
    entity_type: str
    #: True for personal data, False for a look-alike that must stay
    pii: bool
    value: str


@dataclass
class Fill:
    text: str
    spans: list[Span] = field(default_factory=list)


@dataclass
class Block:
    kind: str  # 'p' paragraph, 'h' heading
    fill: Fill


class Draft:
    """A document assembled block by block; blocks are joined by a blank line."""

    SEP = "\n\n"

    def __init__(self) -> None:
        self.blocks: list[Block] = []

    def add(self, fill: Fill, kind: str = "p") -> None:
        if fill.text.strip():
            self.blocks.append(Block(kind, fill))

    @property
    def text(self) -> str:
        return self.SEP.join(b.fill.text for b in self.blocks)

    @property
    def spans(self) -> list[Span]:
        out, pos = [], 0
        for block in self.blocks:
            for s in block.fill.spans:
                out.append(Span(pos + s.start, pos + s.end, s.entity_type, s.pii, s.value))
            pos += len(block.fill.text) + len(self.SEP)
        return out

    @property
    def words(self) -> int:
        return sum(len(b.fill.text.split()) for b in self.blocks)


_DECOY_LISTS = {"org": "ORGANIZATION", "loc": "LOCATION", "fig": "PUBLIC_FIGURE", "law": "LEGAL_REFERENCE"}


class Scene:
    """The world of one document. ``render`` fills a template; people are drawn on first mention."""

    def __init__(self, lang: str, rng: random.Random, people: PeopleFactory, day: dt.date):
        self.lang = lang
        self.rng = rng
        self.people = people
        self.day = day
        self.cast: dict[str, Person] = {}
        self._setting: dict[str, object] = {}  # per-document values referred back to
        self._defined: dict[str, Fill] = {}

    # -- people

    def person(self, role: str, gender: str | None = None, born: tuple[int, int] = (1940, 2002), **attrs) -> Person:
        """The person playing ``role`` in this document, drawn now if new."""
        if role not in self.cast:
            p = self.people.person(self.rng, self.lang, gender=gender, born=born)
            if self.lang == "en":
                p.attrs["civ"] = "Mr" if p.gender == "m" else self.rng.choice(("Mrs", "Ms", "Mrs", "Miss"))
            p.attrs.update(attrs)
            self.cast[role] = p
        elif attrs:
            self.cast[role].attrs.update(attrs)
        return self.cast[role]

    def define(self, name: str, fill: Fill) -> None:
        """A slot of this document only (e.g. the bank a decision is about), filled the same way each time."""
        self._defined[name] = fill

    def fresh(self, role: str, **kw) -> Person:
        self.cast.pop(role, None)
        return self.person(role, **kw)

    # -- rendering

    def render(self, template: str) -> Fill:
        out: list[str] = []
        spans: list[Span] = []
        pos = last = 0
        for m in _SLOT.finditer(template):
            literal = template[last : m.start()]
            out.append(literal)
            pos += len(literal)
            fill = self._slot(m.group(1), m.group(2), m.group(3))
            spans.extend(Span(pos + s.start, pos + s.end, s.entity_type, s.pii, s.value) for s in fill.spans)
            out.append(fill.text)
            pos += len(fill.text)
            last = m.end()
        out.append(template[last:])
        return Fill("".join(out), spans)

    def _slot(self, name: str, form: str | None, arg: str | None) -> Fill:
        if name[0].isupper() and form:
            return self._person_form(self.person(name), form, arg)
        if name in self._defined:
            return self._defined[name]
        if name in ("pick",):
            return Fill(self.rng.choice(arg.split("|")))
        if name in _DECOY_LISTS:
            return _whole(self.rng.choice(arg.split("|")), _DECOY_LISTS[name], pii=False)
        method = getattr(self, "_s_" + name, None)
        if method is None:
            raise KeyError(f"unknown template slot {name!r}")
        return method(arg) if arg is not None else method()

    # -- person forms

    def _civ(self, p: Person) -> str:
        if self.lang == "fr":
            return "M." if p.gender == "m" else "Mme"
        return p.attrs.get("civ", "Mr" if p.gender == "m" else "Ms")

    def _person_form(self, p: Person, form: str, arg: str | None) -> Fill:
        full = f"{p.first} {p.last}"
        civ = self._civ(p)
        fr = self.lang == "fr"
        if form == "g":
            masculine, feminine = arg.split("|")
            return Fill(masculine if p.gender == "m" else feminine)
        prefixed = {
            "full": ("", full),
            "first": ("", p.first),
            "last": ("", p.last),
            "LAST": ("", p.last.upper()),
            "caps": ("", f"{p.first} {p.last.upper()}"),
            "civ_full": (civ + " ", full),
            "civ_last": (civ + " ", p.last),
            "civ_LAST": (civ + " ", p.last.upper()),
            "civility_caps": (
                ("Monsieur " if p.gender == "m" else "Madame ")
                if fr
                else ("MR " if p.gender == "m" else civ.upper() + " "),
                f"{p.first.upper() if not fr else p.first} {p.last.upper()}",
            ),
            "init": ("", f"{p.initials} {p.last}"),
            "civ_init": (civ + " ", p.last[0] + "."),
            "dr_full": ("Dr ", full),
            "dr_last": ("Dr ", p.last),
            "me_full": ("Me ", full),
            "me_last": ("Me ", p.last),
            "me_LAST": ("Me ", p.last.upper()),
            "pr_full": ("Pr ", full),
            "sir_full": ("Sir " if p.gender == "m" else "Dame ", full),
        }
        if form in prefixed:
            prefix, value = prefixed[form]
            return Fill(prefix + value, [Span(len(prefix), len(prefix) + len(value), "PERSON", True, value)])
        if form == "poss":
            return Fill(p.last + "'s", [Span(0, len(p.last), "PERSON", True, p.last)])
        if form == "first_poss":
            return Fill(p.first + "'s", [Span(0, len(p.first), "PERSON", True, p.first)])
        if form == "civ":
            return Fill(civ)
        if form == "civility":
            return Fill(("Monsieur" if p.gender == "m" else "Madame") if fr else civ)
        if form == "email":
            return _whole(p.email, "EMAIL_ADDRESS")
        if form == "phone":
            return _whole(p.phone, "PHONE_NUMBER")
        if form == "address":
            return _whole(p.address, "STREET_ADDRESS")
        if form == "dob":
            return _whole(date_fr(p.birth) if fr else date_en(p.birth), "DATE_OF_BIRTH")
        if form == "dob_num":
            return _whole(p.birth.strftime("%d/%m/%Y"), "DATE_OF_BIRTH")
        if form == "nir":
            return _whole(identifiers.format_nir(p.nir, spaced=self.rng.random() < 0.7), "FR_NIR")
        if form == "age":
            return Fill(str(max(18, self.day.year - p.birth.year)))
        if form == "user":
            if "user" not in p.attrs:
                p.attrs["user"] = self.people.username(self.rng, p)
            return Fill(p.attrs["user"])
        if form in p.attrs:
            return Fill(str(p.attrs[form]))
        raise KeyError(f"unknown person form {form!r}")

    # -- personal data

    def _s_email(self) -> Fill:
        return _whole(self.people.person(self.rng, self.lang).email, "EMAIL_ADDRESS")

    def _s_phone(self) -> Fill:
        return self._s_phone_fr() if self.lang == "fr" else self._s_phone_uk()

    def _s_phone_fr(self) -> Fill:
        return _whole(identifiers.phone_fr(self.rng), "PHONE_NUMBER")

    def _s_phone_mobile(self) -> Fill:
        return _whole(identifiers.phone_fr(self.rng, mobile=True), "PHONE_NUMBER")

    def _s_phone_dom(self) -> Fill:
        return _whole(identifiers.phone_overseas(self.rng), "PHONE_NUMBER")

    def _s_phone_uk(self) -> Fill:
        return _whole(identifiers.phone_uk(self.rng), "PHONE_NUMBER")

    def _s_phone_us(self) -> Fill:
        return _whole(identifiers.phone_us(self.rng), "PHONE_NUMBER")

    def _iban(self, country: str) -> Fill:
        value = identifiers.iban(self.rng, country)
        return _whole(identifiers.format_iban(value) if self.rng.random() < 0.8 else value, "IBAN_CODE")

    def _s_iban(self) -> Fill:
        return self._iban("FR" if self.lang == "fr" else "GB")

    def _s_iban_fr(self) -> Fill:
        return self._iban("FR")

    def _s_iban_gb(self) -> Fill:
        return self._iban("GB")

    def _s_iban_de(self) -> Fill:
        return self._iban("DE")

    def _s_iban_be(self) -> Fill:
        return self._iban("BE")

    def _s_siren(self) -> Fill:
        value = identifiers.siren(self.rng)
        self._setting["siren"] = value  # a SIRET named after it in the same document extends it
        return _whole(identifiers.format_siren(value) if self.rng.random() < 0.7 else value, "FR_SIREN")

    def _s_siret(self) -> Fill:
        value = identifiers.siret(self.rng, self._setting.get("siren"))
        return _whole(identifiers.format_siret(value) if self.rng.random() < 0.7 else value, "FR_SIRET")

    def _s_card(self) -> Fill:
        value = identifiers.payment_card(self.rng)
        return _whole(identifiers.format_card(value) if self.rng.random() < 0.8 else value, "CREDIT_CARD")

    def _s_ip(self) -> Fill:
        return _whole(identifiers.ipv4(self.rng), "IP_ADDRESS")

    def _s_ipv6(self) -> Fill:
        return _whole(identifiers.ipv6(self.rng), "IP_ADDRESS")

    def _s_address(self) -> Fill:
        return _whole(self.people.address(self.rng, self.lang), "STREET_ADDRESS")

    def _s_plate(self) -> Fill:
        return _whole(identifiers.vehicle_plate(self.rng), "FR_VEHICLE_PLATE")

    def _s_passport(self) -> Fill:
        return _whole(identifiers.passport_fr(self.rng), "FR_PASSPORT")

    def _s_idcard(self) -> Fill:
        return _whole(identifiers.id_card_fr(self.rng), "FR_ID_CARD")

    def _s_nir(self) -> Fill:
        p = self.people.person(self.rng, "fr")
        return _whole(identifiers.format_nir(p.nir, spaced=self.rng.random() < 0.6), "FR_NIR")

    def _s_url_cred(self) -> Fill:
        p = self.people.person(self.rng, self.lang)
        user = (p.first[0] + p.last).lower().replace(" ", "").replace("'", "")
        user = "".join(c for c in user if c.isascii() and c.isalnum()) or "admin"
        secret = self.rng.choice(("Soleil", "Mimosa", "Tartempion", "Rugby", "Kestrel", "Marmite")) + str(
            self.rng.randint(10, 2024)
        )
        host = self.rng.choice(
            (
                "ftp.cabinet-giraud.fr",
                "nas.maison-perso.net",
                "files.harford-eng.co.uk",
                "backup.asso-montrevel.org",
                "dav.fieldnotes.blog",
            )
        )
        scheme = self.rng.choice(("ftp", "https", "sftp"))
        return _whole(
            f"{scheme}://{user}:{secret}@{host}/{self.rng.choice(('partage', 'sauvegardes', 'photos', 'public'))}",
            "URL_WITH_CREDENTIALS",
        )

    # -- look-alikes that must stay (cached per document where the text refers back to them)

    def _cached(self, key: str, make) -> Fill:
        if key not in self._setting:
            self._setting[key] = make()
        return self._setting[key]

    def _s_town(self) -> Fill:
        return self._cached(
            "town", lambda: _whole(self.rng.choice(FR_TOWNS if self.lang == "fr" else EN_TOWNS), "LOCATION", pii=False)
        )

    def _s_town2(self) -> Fill:
        town = self._s_town().text
        pool = [t for t in (FR_TOWNS if self.lang == "fr" else EN_TOWNS) if t != town]
        return self._cached("town2", lambda: _whole(self.rng.choice(pool), "LOCATION", pii=False))

    def _s_city(self) -> Fill:
        return self._cached(
            "city",
            lambda: _whole(self.rng.choice(FR_CITIES if self.lang == "fr" else EN_CITIES), "LOCATION", pii=False),
        )

    def _s_region(self) -> Fill:
        return self._cached(
            "region",
            lambda: _whole(self.rng.choice(FR_REGIONS if self.lang == "fr" else EN_REGIONS), "LOCATION", pii=False),
        )

    def _s_club(self) -> Fill:
        def make() -> Fill:
            pattern = self.rng.choice(FR_CLUBS if self.lang == "fr" else EN_CLUBS)
            town = self._s_town().text
            text = pattern.replace("{town}", town)
            name_start = 2 if text.startswith("l'") else 0
            return Fill(text, [Span(name_start, len(text), "ORGANIZATION", False, text[name_start:])])

        return self._cached("club", make)

    def _s_company(self) -> Fill:
        return self._cached(
            "company",
            lambda: _whole(
                self.rng.choice(FR_COMPANIES if self.lang == "fr" else EN_COMPANIES), "ORGANIZATION", pii=False
            ),
        )

    def _s_amount(self) -> Fill:
        r = self.rng
        if self.lang == "fr":
            text = r.choice(
                (
                    f"{_group(r.randint(1_000_000, 99_999_999), ' ')} euros",
                    f"{r.randint(1, 9)},{r.randint(1, 9)} milliards d'euros",
                    f"{r.randint(2, 900)} millions d'euros",
                )
            )
        else:
            text = r.choice(
                (
                    f"£{r.randint(1, 90)}.{r.randint(1, 9)} million",
                    f"£{_group(r.randint(10_000, 9_999_999), ',')}",
                    f"£{r.randint(1, 9)}.{r.randint(1, 9)} billion",
                )
            )
        return _whole(text, "AMOUNT", pii=False)

    def _s_money(self) -> Fill:
        r = self.rng
        value = r.choice((r.randint(150, 9_800), r.randint(10, 150) * 100))
        text = f"{_group(value, ' ')} euros" if self.lang == "fr" else f"£{_group(value, ',')}"
        return _whole(text, "AMOUNT", pii=False)

    def _s_article(self) -> Fill:
        text = self.rng.choice(FR_ARTICLES if self.lang == "fr" else EN_ARTICLES)
        start = 2 if text.startswith("l'") else 0
        return Fill(text, [Span(start, len(text), "LEGAL_REFERENCE", False, text[start:])])

    def _date(self, day: dt.date) -> Fill:
        return _whole(date_fr(day) if self.lang == "fr" else date_en(day), "DATE", pii=False)

    def _s_date(self) -> Fill:
        return self._date(self.day - dt.timedelta(days=self.rng.randint(2, 90)))

    def _s_date_past(self) -> Fill:
        return self._date(self.day - dt.timedelta(days=self.rng.randint(400, 3000)))

    def _timeline(self, step: int) -> Fill:
        """t1 < t2 < t3 < t4 < the document's date: the events of a case, told in order."""
        if "timeline" not in self._setting:
            r = self.rng
            t4 = self.day - dt.timedelta(days=r.randint(120, 400))  # appeal lodged
            t3 = t4 - dt.timedelta(days=r.randint(20, 45))  # first-instance judgment
            t2 = t3 - dt.timedelta(days=r.randint(200, 700))  # the event in dispute
            t1 = t2 - dt.timedelta(days=r.randint(60, 1500))  # the contract, lease, sale ...
            self._setting["timeline"] = [self._date(t) for t in (t1, t2, t3, t4)]
        return self._setting["timeline"][step]

    def _s_t1(self) -> Fill:
        return self._timeline(0)

    def _s_t2(self) -> Fill:
        return self._timeline(1)

    def _s_t3(self) -> Fill:
        return self._timeline(2)

    def _s_t4(self) -> Fill:
        return self._timeline(3)

    def _s_postcode(self) -> Fill:
        return _whole(self.rng.choice(self.rng.choice(ADDRESS_CITIES)[1]), "POSTCODE", pii=False)

    def _s_rg(self) -> Fill:
        def make() -> Fill:
            r = self.rng
            text = (
                f"{self.day.year % 100 - r.randint(1, 3):02d}/{r.randint(100, 9999):05d}"
                if self.lang == "fr"
                else f"{r.choice(('G', 'H', 'K', 'E'))}{r.randint(10, 99)}{r.choice(('MA', 'LS', 'BS', 'YO'))}{r.randint(100, 999)}"
            )
            return _whole(text, "CASE_NUMBER", pii=False)

        return self._cached("rg", make)

    # -- plain variation

    def _s_n(self, arg: str = "2-20") -> Fill:
        lo, hi = (int(x) for x in arg.split("-"))
        return Fill(str(self.rng.randint(lo, hi)))

    def _s_num(self, arg: str) -> Fill:
        lo, hi = (int(x) for x in arg.split("-"))
        return Fill(_group(self.rng.randint(lo, hi), " " if self.lang == "fr" else ","))

    def _s_pct(self, arg: str = "1-20") -> Fill:
        lo, hi = (int(x) for x in arg.split("-"))
        whole, tenth = self.rng.randint(lo, hi), self.rng.randint(0, 9)
        return Fill(f"{whole},{tenth} %" if self.lang == "fr" else f"{whole}.{tenth}%")

    def _s_yr(self, arg: str = "0") -> Fill:
        return Fill(str(self.day.year + int(arg)))

    def _s_time(self) -> Fill:
        h, m = self.rng.randint(8, 21), self.rng.choice((0, 15, 30, 45))
        if self.lang == "fr":
            return Fill(f"{h} heures" if m == 0 else f"{h} h {m:02d}")
        return Fill(f"{h % 12 or 12}.{m:02d}{'am' if h < 12 else 'pm'}")

    def _s_doc_date(self) -> Fill:
        return Fill(date_fr(self.day) if self.lang == "fr" else date_en(self.day))

    def _s_weekday_date(self) -> Fill:
        return Fill(date_fr(self.day, weekday=True) if self.lang == "fr" else date_en(self.day, weekday=True))


def _whole(value: str, entity_type: str, pii: bool = True) -> Fill:
    return Fill(value, [Span(0, len(value), entity_type, pii, value)])


def _group(value: int, sep: str) -> str:
    return f"{value:,}".replace(",", sep)
