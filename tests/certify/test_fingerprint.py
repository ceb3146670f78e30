"""Fingerprints ignore spacing and Unicode composition, exactly as the regex definition says, and nothing else."""

import re
import unicodedata

import xxhash

from provenance.fingerprint import fingerprint, normalise_text

_DEFINITION = re.compile(r"\s+")


def _by_definition(text: str) -> str:
    return xxhash.xxh3_128_hexdigest(_DEFINITION.sub(" ", unicodedata.normalize("NFC", text)).strip().encode())


def test_every_unicode_whitespace_collapses_exactly_as_the_regex_definition():
    spaces = [chr(c) for c in range(0x110000) if _DEFINITION.fullmatch(chr(c))]
    assert "\u00a0" in spaces and "\u202f" in spaces and "\u3000" in spaces  # nbsp, narrow nbsp, ideographic
    text = "Séance du 3 mars" + "".join(spaces) + "Présidence de <PERSON>\x1c\x1d fin" + spaces[5]
    assert normalise_text(text) == _DEFINITION.sub(" ", unicodedata.normalize("NFC", text)).strip()
    assert fingerprint(text) == _by_definition(text)
    assert fingerprint("\u200b") == _by_definition("\u200b")  # zero-width space is not whitespace: kept


def test_composed_and_decomposed_accents_and_reflowed_lines_share_a_fingerprint():
    composed = "L'Assemblée a adopté le texte."
    decomposed = unicodedata.normalize("NFD", composed)
    reflowed = "  L'Assemblée a\nadopté\t\tle texte.\n"
    assert decomposed != composed
    assert fingerprint(composed) == fingerprint(decomposed) == fingerprint(reflowed)
    assert fingerprint(composed) != fingerprint("L'Assemblée a adopté le texte !")
    assert fingerprint("   ") == _by_definition("   ")
