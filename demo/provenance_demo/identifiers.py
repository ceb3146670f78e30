"""Synthetic but checksum-valid identifiers to plant as personal data: NIR, SIREN/SIRET, IBAN, cards, phones, plates.

Every generator takes the caller's seeded ``random.Random`` so a demo run is reproducible.
Where a reserved fictional range exists (Ofcom drama numbers, RFC 5737 documentation
addresses, 555-01xx) it is used; elsewhere values are random with a valid structure and
checksum, because a redactor that only knows the fictional ranges has learned nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import string

from stdnum import luhn

#: Departments with plain two-digit codes (Corsica's 2A/2B would need a different key rule).
_NIR_DEPARTMENTS = (
    "01",
    "13",
    "21",
    "29",
    "31",
    "33",
    "35",
    "38",
    "42",
    "44",
    "59",
    "63",
    "67",
    "69",
    "71",
    "75",
    "76",
    "84",
    "87",
    "92",
    "93",
    "94",
)


def nir(rng: random.Random, sex: str, birth: dt.date) -> str:
    """A French social security number (NIR) consistent with the person's sex and birth month, with its key."""
    body = (
        f"{1 if sex == 'm' else 2}{birth.year % 100:02d}{birth.month:02d}{rng.choice(_NIR_DEPARTMENTS)}"
        f"{rng.randint(1, 450):03d}{rng.randint(1, 999):03d}"
    )
    return body + f"{97 - int(body) % 97:02d}"


def format_nir(value: str, spaced: bool) -> str:
    """``1 75 03 69 123 456 78`` as printed on a carte Vitale, or the bare 15 digits."""
    if not spaced:
        return value
    return " ".join((value[0], value[1:3], value[3:5], value[5:7], value[7:10], value[10:13], value[13:15]))


def siren(rng: random.Random) -> str:
    body = str(rng.randint(1, 9)) + "".join(rng.choice(string.digits) for _ in range(7))
    return body + luhn.calc_check_digit(body)


def siret(rng: random.Random, siren_number: str | None = None) -> str:
    """A SIRET: the SIREN, a four-digit establishment number and a Luhn digit over all fourteen."""
    head = (siren_number or siren(rng)) + f"{rng.randint(1, 120):04d}"
    return head + luhn.calc_check_digit(head)


def format_siren(value: str) -> str:
    return f"{value[0:3]} {value[3:6]} {value[6:9]}"


def format_siret(value: str) -> str:
    return f"{value[0:3]} {value[3:6]} {value[6:9]} {value[9:14]}"


def _iban_check(country: str, bban: str) -> str:
    digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{98 - int(digits) % 97:02d}"


def _fr_rib_key(bank: str, branch: str, account: str) -> str:
    return f"{97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97:02d}"


#: Real French bank codes (code banque), so the BBAN looks like one a reader would meet.
_FR_BANKS = ("30004", "30003", "30002", "10107", "20041", "30066", "10278", "16606", "17515", "13335", "11306")
_GB_BANKS = ("NWBK", "BARC", "LOYD", "MIDL", "HBUK", "NAIA")
_BE_BANKS = ("001", "063", "068", "310", "363", "735", "737")


def iban(rng: random.Random, country: str = "FR") -> str:
    """An IBAN with valid ISO 7064 check digits (and, for France, a valid RIB key), without spaces."""
    if country == "FR":
        bank, branch = rng.choice(_FR_BANKS), f"{rng.randint(1, 99999):05d}"
        account = "".join(rng.choice(string.digits) for _ in range(11))
        bban = bank + branch + account + _fr_rib_key(bank, branch, account)
    elif country == "GB":
        bban = rng.choice(_GB_BANKS) + "".join(rng.choice(string.digits) for _ in range(14))
    elif country == "DE":
        bban = "".join(rng.choice(string.digits) for _ in range(18))
    elif country == "BE":
        # A real bank code (BNP Paribas Fortis, Belfius, ING, KBC): validators check it against the register.
        body = rng.choice(_BE_BANKS) + "".join(rng.choice(string.digits) for _ in range(7))
        bban = body + f"{int(body) % 97 or 97:02d}"
    else:
        raise ValueError(f"no IBAN layout for country {country!r}")
    return country + _iban_check(country, bban) + bban


def format_iban(value: str) -> str:
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))


def payment_card(rng: random.Random, prefix: str | None = None) -> str:
    """A 16-digit card number with a valid Luhn digit; French CB-issued Visa and Mastercard prefixes."""
    prefix = prefix or rng.choice(("4970", "4973", "4974", "4561", "5132", "5355"))
    body = prefix + "".join(rng.choice(string.digits) for _ in range(15 - len(prefix)))
    return body + luhn.calc_check_digit(body)


def format_card(value: str) -> str:
    return " ".join(value[i : i + 4] for i in range(0, 16, 4))


def _pairs(digits: str, sep: str) -> str:
    return sep.join(digits[i : i + 2] for i in range(0, len(digits), 2))


def phone_fr(rng: random.Random, mobile: bool | None = None) -> str:
    """A metropolitan French number in one of the ways people write them."""
    mobile = rng.random() < 0.6 if mobile is None else mobile
    first = rng.choice("67") if mobile else rng.choice("12345")
    rest = "".join(rng.choice(string.digits) for _ in range(8))
    national = "0" + first + rest
    style = rng.randrange(7)
    if style == 0:
        return _pairs(national, " ")
    if style == 1:
        return _pairs(national, ".")
    if style == 2:
        return national
    if style == 3:
        return "+33 " + first + " " + _pairs(rest, " ")
    if style == 4:
        return "+33 (0)" + first + " " + _pairs(rest, " ")
    if style == 5:
        return "0033 " + first + " " + _pairs(rest, " ")
    return _pairs(national, "-")


#: Overseas departments: (landline prefix, mobile prefix, country calling code).
_OVERSEAS = (
    ("0590", "0690", "590"),
    ("0596", "0696", "596"),
    ("0594", "0694", "594"),
    ("0262", "0692", "262"),
    ("0269", "0639", "262"),
)


def phone_overseas(rng: random.Random) -> str:
    """A number in Guadeloupe, Martinique, Guyane, La Reunion or Mayotte, national or international."""
    landline, mobile, code = rng.choice(_OVERSEAS)
    prefix = rng.choice((landline, mobile))
    rest = "".join(rng.choice(string.digits) for _ in range(6))
    if rng.random() < 0.3:
        return f"+{code} {prefix[1:]} {_pairs(rest, ' ')}"
    return f"{prefix} {_pairs(rest, ' ')}"


def phone_uk(rng: random.Random) -> str:
    """Ofcom's numbers reserved for drama, in the usual UK spellings."""
    n = rng.randint(0, 999)
    style = rng.randrange(6)
    if style == 0:
        return f"020 7946 0{n:03d}"
    if style == 1:
        return f"0161 496 0{n:03d}"
    if style == 2:
        return f"07700 900{n:03d}"
    if style == 3:
        return f"+44 7700 900{n:03d}"
    if style == 4:
        return f"(0113) 496 0{n:03d}"
    return f"+44 (0)20 7946 0{n:03d}"


def phone_us(rng: random.Random) -> str:
    area = rng.choice(("202", "312", "415", "617", "718", "503"))
    n = rng.randint(100, 199)
    return rng.choice((f"({area}) 555-0{n}", f"+1 {area}-555-0{n}", f"{area}.555.0{n}"))


_PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTVWXYZ"  # SIV plates never use I, O or U


def vehicle_plate(rng: random.Random) -> str:
    """A French SIV registration plate, ``AB-123-CD``."""
    while True:
        head = rng.choice(_PLATE_LETTERS) + rng.choice(_PLATE_LETTERS)
        if head not in ("SS", "WW"):
            break
    tail = rng.choice(_PLATE_LETTERS) + rng.choice(_PLATE_LETTERS)
    return f"{head}-{rng.randint(1, 999):03d}-{tail}"


def passport_fr(rng: random.Random) -> str:
    """A French passport number: two digits, two letters, five digits."""
    return (
        f"{rng.randint(10, 23):02d}"
        + rng.choice(string.ascii_uppercase)
        + rng.choice(string.ascii_uppercase)
        + f"{rng.randint(0, 99999):05d}"
    )


def id_card_fr(rng: random.Random) -> str:
    """A pre-2021 French identity card number: twelve digits (year, month, department, office, serial)."""
    return (
        f"{rng.randint(95, 99) if rng.random() < 0.3 else rng.randint(0, 20):02d}{rng.randint(1, 12):02d}"
        f"{rng.choice(_NIR_DEPARTMENTS)}{rng.randint(0, 9)}{rng.randint(10000, 99999)}"
    )


def ipv4(rng: random.Random) -> str:
    """An address from the RFC 5737 documentation ranges or a home network."""
    net = rng.choice(("192.0.2", "198.51.100", "203.0.113", "192.168.1", "10.0.0"))
    return f"{net}.{rng.randint(2, 254)}"


def ipv6(rng: random.Random) -> str:
    return (
        "2001:db8:" + ":".join(f"{rng.randint(1, 0xFFFF):x}" for _ in range(3)) + "::" + f"{rng.randint(1, 0xFFF):x}"
    )
