"""Integers too long for Python in a JSON document: each replaced by a marker, so it costs its record only.

Python refuses to convert an integer of more than ``sys.get_int_max_str_digits()`` digits (4,300 by default,
a guard against quadratic work), and ijson's pure-Python parser raises there, which would end the file. The
bytes given to that parser therefore pass through :class:`LongIntegers`, which replaces every integer longer
than the limit, outside strings, by the string :data:`MARKER`; the reader quarantines the record holding it
(``oversize``). The scan only looks at quotes, backslashes and number tokens, with regular expressions.
"""

from __future__ import annotations

import re
import sys
from typing import Any

#: What stands for an integer too long to convert (a JSON string no real record holds: it begins with NUL).
MARKER = "\x00provenance:integer-over-the-digit-limit\x00"
_MARKER_JSON = b'"\\u0000provenance:integer-over-the-digit-limit\\u0000"'
_IN_STRING = re.compile(rb'[\\"]')
_OUTSIDE = re.compile(rb'"|-?[0-9][0-9.eE+-]*')


def digit_limit() -> int:
    return sys.get_int_max_str_digits() or sys.maxsize


class LongIntegers:
    """A filter over a JSON document's UTF-8 bytes, fed in chunks; see the module docstring."""

    def __init__(self) -> None:
        self.replaced = 0
        self._in_string = False
        self._escape = False  # the previous chunk ended with a backslash inside a string
        self._carry = b""  # a number token cut by the end of the previous chunk
        self._swallow = False  # the previous chunk ended inside an integer already replaced: drop its rest
        self._limit = digit_limit()

    def feed(self, data: bytes, final: bool = False) -> bytes:
        data = self._carry + data
        self._carry = b""
        out = bytearray()
        i, n = 0, len(data)
        if self._escape and n:
            out += data[:1]
            i, self._escape = 1, False
        if self._swallow:
            i = len(data) - len(data.lstrip(b"0123456789.eE+-"))
            self._swallow = i == n and not final
        while i < n:
            if self._in_string:
                found = _IN_STRING.search(data, i)
                if found is None:
                    out += data[i:]
                    break
                j = found.start()
                if data[j] == 0x5C:  # a backslash: the next byte is escaped, whatever it is
                    out += data[i : j + 2]
                    self._escape = j + 1 >= n
                    i = j + 2
                    continue
                out += data[i : j + 1]
                i, self._in_string = j + 1, False
                continue
            found = _OUTSIDE.search(data, i)
            if found is None:
                rest = data[i:]
                if rest.endswith(b"-") and not final:
                    rest, self._carry = rest[:-1], b"-"  # the sign of a number the next chunk holds
                out += rest
                break
            out += data[i : found.start()]
            token = found.group()
            i = found.end()
            if token == b'"':
                out += token
                self._in_string = True
            elif i == n and not final and len(token) <= self._limit + 1:
                self._carry = token  # it may go on in the next chunk
            else:
                number = self._number(token)
                out += number
                # a replaced integer the next chunk may go on with: its rest is dropped
                self._swallow = number is _MARKER_JSON and i == n and not final
        return bytes(out)

    def _number(self, token: bytes) -> bytes:
        digits = len(token) - token.startswith(b"-")
        if digits <= self._limit or any(c in token for c in b".eE"):
            return token
        self.replaced += 1
        return _MARKER_JSON


def holds_marker(value: Any) -> bool:
    """True when a built record (or any value in it) holds :data:`MARKER`."""
    if isinstance(value, str):
        return value == MARKER
    if isinstance(value, dict):
        return any(holds_marker(v) for v in value.values())
    if isinstance(value, list):
        return any(holds_marker(v) for v in value)
    return False
