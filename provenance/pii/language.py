"""Which language a document is read in: the record's or contract's language, else lingua's guess between the configured ones.

The detector is lingua-language-detector (maintained, offline, no model download) built once
per process and restricted to the policy's languages (French and English by default), so
it never answers a language the stage has no model for. It reads only the first
``sample_chars`` characters: enough to decide, and the cost stays flat for long documents.
"""

from __future__ import annotations

from functools import cache

#: ISO 639-1 codes lingua knows, for the languages a policy may configure.
_LINGUA_NAMES = {
    "fr": "FRENCH",
    "en": "ENGLISH",
    "de": "GERMAN",
    "es": "SPANISH",
    "it": "ITALIAN",
    "nl": "DUTCH",
    "pt": "PORTUGUESE",
    "ca": "CATALAN",
    "br": None,
    "oc": None,
}


def normalise_lang(value: str | None) -> str | None:
    """'fr-FR', 'FR', 'fr_CA' -> 'fr'; empty, 'auto' and 'und' -> None."""
    if not value:
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return None if code in ("", "auto", "und", "mul", "zxx") else code


@cache
def _detector(languages: tuple[str, ...]):
    from lingua import Language, LanguageDetectorBuilder

    known = [getattr(Language, name) for code in languages if (name := _LINGUA_NAMES.get(code))]
    if len(known) < 2:
        return None
    return LanguageDetectorBuilder.from_languages(*known).build()


class LanguageResolver:
    """Resolves each document's language to one the stage has an analyzer for."""

    def __init__(self, languages: tuple[str, ...], fallback: str, sample_chars: int = 2000):
        self.languages = tuple(languages)
        self.fallback = fallback
        self.sample_chars = sample_chars

    def detect(self, text: str) -> str:
        """lingua's answer among the configured languages, the fallback when it cannot decide."""
        detector = _detector(self.languages)
        if detector is None:
            return self.fallback
        found = detector.detect_language_of(text[: self.sample_chars])
        if found is None:
            return self.fallback
        code = found.iso_code_639_1.name.lower()
        return code if code in self.languages else self.fallback

    def resolve(self, declared: str | None, text: str) -> tuple[str, str, bool]:
        """``(lang, analyzer_lang, detected)``: the language to record, the analyzer to read it with,
        and whether it was detected. A declared language without an analyzer is kept as declared
        and read with the closest configured one."""
        lang = normalise_lang(declared)
        if lang in self.languages:
            return lang, lang, False
        guess = self.detect(text)
        if lang is None:
            return guess, guess, True
        return lang, guess, True
