"""What text a pattern recognizer can match at all, declared on its class so a caller may skip it cheaply."""

from __future__ import annotations

from typing import ClassVar

import regex as re


class Prefiltered:
    """A recognizer whose patterns cannot match text lacking ``REQUIRED_CHARACTER`` or a ``PREFILTER`` hit.

    Both are class attributes, as ``PATTERNS`` and ``CONTEXT`` are: the fast path asks the recognizer
    (:meth:`may_match`) instead of looking its class name up in a table.
    """

    #: a character every match contains (e-mail addresses and credentials in URLs contain "@")
    REQUIRED_CHARACTER: ClassVar[str | None] = None
    #: a cheap pattern that finds something in every text a match could be found in
    PREFILTER: ClassVar[re.Pattern[str] | None] = None

    @classmethod
    def may_match(cls, text: str) -> bool:
        """False when no pattern of this recognizer can match ``text``; True when it might."""
        if cls.REQUIRED_CHARACTER is not None and cls.REQUIRED_CHARACTER not in text:
            return False
        return cls.PREFILTER is None or cls.PREFILTER.search(text) is not None
