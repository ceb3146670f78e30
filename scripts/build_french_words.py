"""Rebuilds ``french_words.txt.gz``: French words written in lower case, every inflected form, from Dicollecte's Hunspell dictionary.

A maintenance tool, never imported at run time (the stage reads the file it writes into
``provenance/pii/data/``). The
dictionary is the "classical" French Hunspell dictionary of Dicollecte / Grammalecte (MPL-2.0),
as Debian packages it; its stems are expanded into their forms by Hunspell's own ``unmunch``:

    apt-get download hunspell-fr-classical && dpkg-deb -x hunspell-fr-classical_*.deb fr
    apt-get install hunspell-tools
    unmunch fr/usr/share/hunspell/fr.dic fr/usr/share/hunspell/fr.aff > forms.txt
    .venv/bin/python scripts/build_french_words.py forms.txt

Kept: forms that start with a lower-case letter (capitalised entries are proper nouns), without
their elided prefixes ("l'", "d'", which ``unmunch`` glues to every noun) and without the flags and
the "0" marker of an empty affix that ``unmunch`` leaves on some forms; folded (lower case, no
accents), as the detector compares words. One form per line, sorted, gzip-compressed.
"""

from __future__ import annotations

import gzip
import sys
import unicodedata
from pathlib import Path

import regex as re

TARGET = Path(__file__).resolve().parents[1] / "provenance" / "pii" / "data" / "french_words.txt.gz"
SOURCE = "hunspell-fr-classical 1:7.0-1 (Debian), Dicollecte 7.0"
HEADER = (
    "# French words written in lower case, every inflected form, folded (lower case, no accents).\n"
    f"# Expanded with Hunspell's unmunch from the classical French dictionary of Dicollecte ({SOURCE};\n"
    "# https://grammalecte.net/home.php?prj=fr). Copyright 2007-2018 Dicollecte contributors.\n"
    "# This Source Code Form is subject to the terms of the Mozilla Public License, v. 2.0. If a copy of\n"
    "# the MPL was not distributed with this file, You can obtain one at http://mozilla.org/MPL/2.0/.\n"
    "# Built by scripts/build_french_words.py; do not edit by hand.\n"
)
_FORM = re.compile(r"\p{Ll}[\p{L}\-]*")


def fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def forms(lines) -> set[str]:
    found = set()
    for line in lines:
        form = line.strip().split("/", 1)[0].removesuffix("0")  # unmunch writes an empty affix as "0"
        if _FORM.fullmatch(form):
            found.add(fold(form))
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 1
    with open(argv[0], encoding="utf-8") as handle:
        words = sorted(forms(handle))
    with gzip.GzipFile(TARGET, "wb", compresslevel=9, mtime=0) as out:
        out.write((HEADER + "\n".join(words) + "\n").encode("utf-8"))
    print(f"{len(words)} French forms -> {TARGET.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
