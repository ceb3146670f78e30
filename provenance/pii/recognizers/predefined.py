"""Presidio's predefined e-mail, IBAN and IP recognizers with context words per language and a prefilter.

Presidio's own context words are English only; each subclass carries its words per language as
the class attribute ``CONTEXT_BY_LANGUAGE``. Each instance keeps its Presidio class's name, so the
``recognizer`` recorded with every redaction stays what it was; the classes themselves are named
otherwise, because Presidio's default registry picks its recognizers by class name among every
class loaded in the process (provenance.pii.baseline relies on getting Presidio's own).
"""

from __future__ import annotations

from typing import ClassVar

import regex as re
from presidio_analyzer.predefined_recognizers import EmailRecognizer as PresidioEmailRecognizer
from presidio_analyzer.predefined_recognizers import IbanRecognizer as PresidioIbanRecognizer
from presidio_analyzer.predefined_recognizers import IpRecognizer as PresidioIpRecognizer

from provenance.pii.recognizers.prefiltered import Prefiltered


class BilingualEmailRecognizer(Prefiltered, PresidioEmailRecognizer):
    """Presidio's e-mail recognizer; skipped on text without "@"."""

    PRESIDIO_NAME = PresidioEmailRecognizer.__name__
    REQUIRED_CHARACTER = "@"
    CONTEXT_BY_LANGUAGE: ClassVar[dict[str, list[str]]] = {
        "fr": ["email", "e-mail", "mail", "courriel", "adresse", "écrire", "contact", "contacter"],
        "en": ["email", "e-mail", "mail", "address", "write", "contact"],
    }

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_language=supported_language,
            context=_context(self, supported_language),
            name=self.PRESIDIO_NAME,
        )


class BilingualIbanRecognizer(Prefiltered, PresidioIbanRecognizer):
    """Presidio's IBAN recognizer (its checksum included)."""

    PRESIDIO_NAME = PresidioIbanRecognizer.__name__
    CONTEXT_BY_LANGUAGE: ClassVar[dict[str, list[str]]] = {
        "fr": ["iban", "rib", "bic", "virement", "compte", "bancaire", "banque", "prélèvement"],
        "en": ["iban", "bank", "account", "transfer", "transaction", "payment"],
    }

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_language=supported_language,
            context=_context(self, supported_language),
            name=self.PRESIDIO_NAME,
        )


class BilingualIpRecognizer(Prefiltered, PresidioIpRecognizer):
    """Presidio's IPv4 and IPv6 recognizer; skipped on text with no dotted quad or colon group."""

    PRESIDIO_NAME = PresidioIpRecognizer.__name__
    PREFILTER = re.compile(r"\d\.\d{1,3}\.\d|[0-9A-Fa-f]:[0-9A-Fa-f]{0,4}:|::")
    CONTEXT_BY_LANGUAGE: ClassVar[dict[str, list[str]]] = {
        "fr": ["ip", "ipv4", "ipv6", "adresse", "serveur", "connexion", "connecté", "hôte"],
        "en": ["ip", "ipv4", "ipv6", "address", "server", "host", "connection", "connected"],
    }

    def __init__(self, supported_language: str = "en") -> None:
        super().__init__(
            supported_language=supported_language,
            context=_context(self, supported_language),
            name=self.PRESIDIO_NAME,
        )


def _context(
    recognizer: BilingualEmailRecognizer | BilingualIbanRecognizer | BilingualIpRecognizer, lang: str
) -> list[str]:
    """French words for French, English words for any other language (as before)."""
    words = recognizer.CONTEXT_BY_LANGUAGE
    return list(words["fr"] if lang == "fr" else words["en"])
