"""Whether a document's text is in the language it is read as: a cheap check any reader can call per document.

lingua-language-detector, restricted to a handful of European languages and in its low-accuracy (trigram)
mode, is built once per process. Only a sample of the text is read (``SAMPLE_CHARS``), texts shorter than
``MIN_CHARS`` are not judged, and only a confident answer counts: the top language must carry at least
``MIN_CONFIDENCE`` of lingua's confidence. Anything else is "undecided" (None), never a guess.
"""

from __future__ import annotations

from functools import cache
from typing import Any

#: The languages the check can answer; ISO 639-1 codes.
LANGUAGES = ("fr", "en", "de", "es", "it", "nl", "pt")
SAMPLE_CHARS = 2000
MIN_CHARS = 200
MIN_CONFIDENCE = 0.9
#: The flag a document gets when its text is confidently in another language than the one it is read as.
MISMATCH_FLAG = "lang_mismatch"

_LINGUA_NAMES = {
    "fr": "FRENCH",
    "en": "ENGLISH",
    "de": "GERMAN",
    "es": "SPANISH",
    "it": "ITALIAN",
    "nl": "DUTCH",
    "pt": "PORTUGUESE",
}


@cache
def _detector(languages: tuple[str, ...]) -> Any:
    from lingua import Language, LanguageDetectorBuilder

    known = [getattr(Language, _LINGUA_NAMES[code]) for code in languages if code in _LINGUA_NAMES]
    return LanguageDetectorBuilder.from_languages(*known).with_low_accuracy_mode().build()


def detect_language(text: str, languages: tuple[str, ...] = LANGUAGES) -> str | None:
    """The language ``text`` is confidently in, among ``languages``; None when too short or undecided."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return None
    confidences = _detector(languages).compute_language_confidence_values(sample)
    if not confidences or confidences[0].value < MIN_CONFIDENCE:
        return None
    return confidences[0].language.iso_code_639_1.name.lower()


def language_mismatch(text: str, lang: str | None) -> str | None:
    """The detected language when ``text`` is confidently not in ``lang``; None when it is, or cannot be told."""
    detected = detect_language(text)
    return detected if detected and lang and detected != lang.lower() else None
