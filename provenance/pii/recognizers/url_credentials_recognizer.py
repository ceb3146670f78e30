"""URLs that carry credentials (``https://user:password@host/...``), in any language."""

from __future__ import annotations

from typing import ClassVar

import regex as re
from presidio_analyzer import Pattern

from provenance.pii.recognizers.group_pattern_recognizer import GroupPatternRecognizer


class UrlWithCredentialsRecognizer(GroupPatternRecognizer):
    """
    Recognize URLs whose authority holds a user name and a password
    (``ftp://jdupont:s3cret@files.example.fr/``, ``postgres://app:pw@db:5432/prod``).
    The whole URL is reported: its path often names the account too. Ordinary URLs are
    not personal data and are left alone.

    :param patterns: List of patterns to be used by this recognizer
    :param context: List of context words to increase confidence in detection
    :param supported_language: Language this recognizer supports
    :param supported_entity: The entity this recognizer can detect
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "URL with user:password",
            r"(?<![\w+.\-])[A-Za-z][A-Za-z0-9+.\-]{1,15}://[^\s/?#@:\"'<>]+:[^\s/?#@\"'<>]+@[^\s/?#\"'<>]+"
            r"(?:[/?#][^\s\"'<>]*)?(?<![.,;:!?)\]])",
            0.9,
        ),
    ]

    REQUIRED_CHARACTER = "@"

    CONTEXT: ClassVar[list[str]] = ["url", "lien", "link", "mot de passe", "password", "identifiants", "credentials"]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "fr",
        supported_entity: str = "URL_WITH_CREDENTIALS",
    ):
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else self.PATTERNS,
            context=context if context else self.CONTEXT,
            supported_language=supported_language,
            global_regex_flags=re.DOTALL | re.MULTILINE,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        """True: a scheme, a user name, a password and a host leave no doubt. Certain, so that the
        e-mail recognizer, which reads ``password@host`` inside it as an address, does not name the span."""
        return True
