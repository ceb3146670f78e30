"""Recognising licence statements: Creative Commons URLs, badges and names, SPDX URLs, alias keys.

Turns what pages and records actually say ("CC BY-SA 4.0", "https://creativecommons.org/licenses/
by/3.0/fr/deed.fr", "Creative Commons Paternité 2.0 France", an 88x31 badge image) into SPDX ids.
Creative Commons ports the SPDX list does not name become ``LicenseRef-CC-...`` ids, so the exact
licence stays on record. The policy (:mod:`provenance.rights.policy`) decides what they mean.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from license_expression import Licensing, get_license_index, get_spdx_licensing

#: Country names (accents removed, lower-case) to Creative Commons port codes.
_JURISDICTION_NAMES = {
    "france": "FR",
    "germany": "DE",
    "deutschland": "DE",
    "allemagne": "DE",
    "austria": "AT",
    "osterreich": "AT",
    "autriche": "AT",
    "australia": "AU",
    "netherlands": "NL",
    "nederland": "NL",
    "pays-bas": "NL",
    "united states": "US",
    "etats-unis": "US",
    "england and wales": "UK",
    "england & wales": "UK",
    "japan": "JP",
    "japon": "JP",
    "spain": "ES",
    "espana": "ES",
    "espagne": "ES",
    "italy": "IT",
    "italia": "IT",
    "italie": "IT",
    "belgium": "BE",
    "belgique": "BE",
    "switzerland": "CH",
    "suisse": "CH",
    "canada": "CA",
    "luxembourg": "LU",
    "igo": "IGO",
}
_JURISDICTION_CODES = {"fr", "de", "at", "au", "nl", "us", "uk", "jp", "es", "it", "be", "ch", "ca", "lu", "igo"}
#: Path segments after a CC licence's version that are not a jurisdiction.
_NOT_JURISDICTION = {"deed", "legalcode", "rdf", "88x31", "80x15"}

_CC_URL = re.compile(
    r"(?:^|[/.])(?:creativecommons\.org|licensebuttons\.net)/"
    r"(?P<kind>licenses|licences|l|publicdomain|p)/(?P<what>[a-z-]+)(?:/(?P<version>\d\.\d))?"
    r"(?:/(?P<jur>[a-z]{2,9})(?=/|$|[?#]))?"
)
_SPDX_URL = re.compile(r"spdx\.org/licenses/(?P<id>[A-Za-z0-9.+-]+?)(?:\.html|\.json)?/?$")
_ELEMENTS = re.compile(r"^(by|sa|nc|nd)(-(by|sa|nc|nd))*$")

_CC_MENTION = re.compile(r"creative\s*-?\s*commons|(?<![a-z0-9])cc(?![a-z0-9])")
_CC_ZERO = re.compile(r"(?<![a-z0-9])cc\s*-?\s*0(?![.\d])|(?<![a-z0-9])cc\s*-?\s*zero|creative\s*commons\s*zero|cc0")
_BY = re.compile(r"(?<![a-z])by(?![a-z])|attribution|paternite")
_SA = re.compile(r"(?<![a-z])sa(?![a-z])|share\s*-?\s*alike|partage[a-z' ]{0,40}(?:identique|memes conditions)")
_NC = re.compile(r"(?<![a-z])nc(?![a-z])|non\s*-?\s*commercial|pas d.utilisation commerciale")
_ND = re.compile(r"(?<![a-z])nd(?![a-z])|no\s*-?\s*deriv|pas de modification|sans modification")
_VERSION = re.compile(r"(?<![\d.])v?\s*([1-4])[.,]([05])(?![\d.])")
_CODE_AFTER_VERSION = re.compile(r"^\s*[-/ ]?\s*\(?([a-z]{2,3})(?![a-z])")


@dataclass(frozen=True)
class Recognised:
    """A statement read as a licence: ``spdx`` is an SPDX id or LicenseRef-, or None when it names
    a licence family without saying which version (``why`` says so)."""

    spdx: str | None
    how: str  # 'cc_url' | 'cc_badge' | 'spdx_url' | 'cc_text'
    why: str


def fold(text: str) -> str:
    """Lower-case, accents removed, whitespace collapsed: the form free text is compared in."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", stripped.replace("\u2019", "'")).strip()


def alias_key(text: str) -> str:
    """The key aliases are looked up by: URLs without scheme, ``www.`` or trailing slash; text folded,
    "license" spelled "licence", punctuation ignored, "v"/"version" before a number dropped."""
    text = text.strip()
    if looks_like_url(text):
        parts = urlsplit(text if "://" in text else "http://" + text)
        host = (parts.hostname or "").removeprefix("www.")
        return host + parts.path.rstrip("/") + (("?" + parts.query) if parts.query else "")
    key = fold(text).replace("license", "licence")
    key = re.sub(r"[^a-z0-9.]+", " ", key)
    key = re.sub(r"(?<![a-z0-9])(?:version|v)\s*(?=\d)", "", key)
    key = re.sub(r"\.(?!\d)|(?<!\d)\.", " ", key)  # dots that are not decimal points
    return re.sub(r"\s+", " ", key).strip()


def looks_like_url(text: str) -> bool:
    text = text.strip().lower()
    return text.startswith(("http://", "https://", "//", "www.")) or (
        " " not in text and ("creativecommons.org/" in text or "licensebuttons.net/" in text)
    )


@lru_cache(maxsize=1)
def licensing() -> Licensing:
    """license-expression's SPDX licensing, built once (building it indexes every licence it ships)."""
    return get_spdx_licensing()


@lru_cache(maxsize=1)
def spdx_ids() -> dict[str, str]:
    """Every SPDX licence id license-expression ships, by its case-folded form (scancode refs excluded)."""
    ids = {}
    for entry in get_license_index():
        key = entry.get("spdx_license_key")
        if key and not key.startswith("LicenseRef-"):
            ids[key.casefold()] = key
    return ids


def cc_id(elements: str, version: str, jurisdiction: str | None = None) -> str:
    """The SPDX id of a Creative Commons licence, or ``LicenseRef-CC-...`` for a port SPDX does not list.

    Version 4.0 has no ports: a jurisdiction given with it names the deed's language, not a port.
    """
    base = f"CC-{elements.upper()}-{version}"
    if not jurisdiction or version == "4.0":
        return spdx_ids().get(base.casefold(), base)
    ported = f"{base}-{jurisdiction.upper()}"
    return spdx_ids().get(ported.casefold()) or f"LicenseRef-{ported}"


def cc_url(spdx: str) -> str | None:
    """The creativecommons.org deed of a CC id (SPDX or LicenseRef-CC-...), e.g. for a port's attribution."""
    m = re.fullmatch(r"(?:LicenseRef-)?CC-((?:BY|SA|NC|ND)(?:-(?:BY|SA|NC|ND))*)-(\d\.\d)(?:-([A-Z]{2,3}))?", spdx)
    if not m:
        return None
    elements, version, jurisdiction = m.groups()
    tail = f"{jurisdiction.lower()}/" if jurisdiction else ""
    return f"https://creativecommons.org/licenses/{elements.lower()}/{version}/{tail}"


def _canonical_elements(found: set[str]) -> str:
    # CC names list elements in a fixed order: BY, then NC, then ND or SA.
    order = [e for e in ("by", "nc", "nd", "sa") if e in found]
    return "-".join(order)


def from_url(text: str) -> Recognised | None:
    """A Creative Commons deed, legal code or badge URL, or an spdx.org licence page; None otherwise."""
    url = text.strip()
    lowered = url.lower()
    m = _CC_URL.search(lowered.split("?")[0].split("#")[0])
    if m:
        kind, what, version, jur = m.group("kind"), m.group("what"), m.group("version"), m.group("jur")
        how = "cc_badge" if kind in ("l", "p") else "cc_url"
        if kind in ("publicdomain", "p"):
            if what == "zero":
                return Recognised("CC0-1.0", how, f"Creative Commons public-domain dedication URL {url}")
            if what == "mark":
                return Recognised("CC-PDM-1.0", how, f"Creative Commons Public Domain Mark URL {url}")
            return None
        if what == "publicdomain":
            return Recognised("CC-PDDC", how, f"Creative Commons public-domain certification URL {url}")
        if not _ELEMENTS.match(what):
            return None
        elements = _canonical_elements(set(what.split("-")))
        if not version:
            return Recognised(None, how, f"Creative Commons {elements.upper()} URL without a version: {url}")
        if jur in _NOT_JURISDICTION or (jur and jur not in _JURISDICTION_CODES and len(jur) > 3):
            jur = None
        return Recognised(cc_id(elements, version, jur), how, f"Creative Commons licence URL {url}")
    m = _SPDX_URL.search(url)
    if m:
        found = spdx_ids().get(m.group("id").casefold())
        if found:
            return Recognised(found, "spdx_url", f"SPDX licence page URL {url}")
    return _from_url_words(url)


def _from_url_words(url: str) -> Recognised | None:
    """A page whose address spells a Creative Commons licence out, as wikis link their licence
    (``/wiki/Wikipedia:Text_of_Creative_Commons_Attribution-ShareAlike_3.0_Unported_License``)."""
    last = unquote(urlsplit(url if "://" in url or url.startswith("//") else "http://" + url).path.rstrip("/"))
    words = last.rsplit("/", 1)[-1].rsplit(":", 1)[-1].replace("_", " ")
    if "creative commons" not in fold(words):
        return None
    found = from_cc_text(words)
    if found is None or found.spdx is None:
        return None
    return Recognised(found.spdx, "cc_text", f"the address {url} {found.why}")


def cc_family(statement: str) -> str | None:
    """The Creative Commons elements a statement names, version or not ("BY-SA" for "CC BY-SA", for
    creativecommons.org/licenses/by-sa/ or for "CC BY-SA 4.0"); None when it names no CC licence."""
    text = statement.strip()
    if looks_like_url(text):
        m = _CC_URL.search(text.lower().split("?")[0].split("#")[0])
        if m and m.group("kind") in ("licenses", "licences", "l") and _ELEMENTS.match(m.group("what")):
            return _canonical_elements(set(m.group("what").split("-"))).upper()
        return None
    folded = fold(text).replace("_", " ")
    mention = _CC_MENTION.search(folded)
    if not mention or _CC_ZERO.search(folded):
        return None
    tail = folded[mention.end() : mention.end() + 200]
    version = _VERSION.search(tail)
    scope = tail[: version.start()] if version else tail
    found = {name for name, pattern in (("by", _BY), ("sa", _SA), ("nc", _NC), ("nd", _ND)) if pattern.search(scope)}
    if not found:
        return None
    return _canonical_elements(found | {"by"}).upper()


def from_cc_text(text: str) -> Recognised | None:
    """A Creative Commons licence named in free text ("CC BY-NC-SA 2.0 FR", "Creative Commons
    Attribution-ShareAlike 4.0 International"); None when the text does not name one."""
    folded = fold(text).replace("_", " ")
    if _CC_ZERO.search(folded):
        return Recognised("CC0-1.0", "cc_text", "names Creative Commons Zero")
    mention = _CC_MENTION.search(folded)
    if not mention:
        return None
    tail = folded[mention.end() : mention.end() + 200]
    version = _VERSION.search(tail)
    scope = tail[: version.start()] if version else tail
    if ("public domain" in scope or "domaine public" in scope) and ("mark" in scope or "marque" in scope):
        return Recognised("CC-PDM-1.0", "cc_text", "names the Creative Commons Public Domain Mark")
    found = {name for name, pattern in (("by", _BY), ("sa", _SA), ("nc", _NC), ("nd", _ND)) if pattern.search(scope)}
    if not found:
        return None
    found.add("by")  # every Creative Commons licence since 2.0 carries BY, named or not
    if "sa" in found and "nd" in found:
        return None  # no such licence: a misreading, let the policy call it unknown
    elements = _canonical_elements(found)
    if not version:
        return Recognised(None, "cc_text", f"names Creative Commons {elements.upper()} without a version")
    number = f"{version.group(1)}.{version.group(2)}"
    after = tail[version.end() :]
    jurisdiction = None
    code = _CODE_AFTER_VERSION.match(after)
    if code and code.group(1) in _JURISDICTION_CODES:
        jurisdiction = code.group(1)
    else:
        for name, value in _JURISDICTION_NAMES.items():
            if re.match(rf"^\s*[-/(]?\s*{re.escape(name)}(?![a-z])", after):
                jurisdiction = value
                break
    return Recognised(
        cc_id(elements, number, jurisdiction),
        "cc_text",
        f"names Creative Commons {elements.upper()} {number}" + (f" {jurisdiction.upper()}" if jurisdiction else ""),
    )
