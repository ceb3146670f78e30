"""URL pieces the rights checks compare: hosts (lower-case, IDNA, no port), paths, and robots-style path patterns.

robots.txt (RFC 9309), TDMRep's tdmrep.json locations and aipref's robots.txt Content-Usage
rules all match a URL's path against the same kind of pattern: a prefix, where ``*`` stands for
any run of characters and a final ``$`` anchors the end. Both sides are compared with their
percent-encoding normalised, as RFC 9309 section 2.2.2 asks.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote, urlsplit

_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _normalise_escape(match: re.Match) -> str:
    char = chr(int(match.group(1), 16))
    # An escaped unreserved character means the character itself; any other escape is kept,
    # upper-cased, because decoding it (e.g. %2F) would change what the path says.
    return char if char in _UNRESERVED else "%" + match.group(1).upper()


def normalise_percent(text: str) -> str:
    """Escapes of unreserved characters decoded, other escapes upper-cased, non-ASCII characters
    percent-encoded as UTF-8: "/caf%c3%a9", "/café" and "/caf%C3%A9" all read "/caf%C3%A9"."""
    text = _PERCENT.sub(_normalise_escape, text)
    return _NON_ASCII.sub(lambda m: quote(m.group(0), safe=""), text) if not text.isascii() else text


def host_of(url: str | None) -> str | None:
    """The URL's host, lower-case, ASCII (IDNA) and without a trailing dot; None when it has none."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    return ascii_host(host)


def ascii_host(host: str) -> str:
    host = host.strip().rstrip(".").lower()
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def host_in_domain(host: str, domain: str) -> bool:
    """``host`` is ``domain`` or one of its subdomains (``notexample.fr`` is not in ``example.fr``)."""
    return host == domain or host.endswith("." + domain)


def path_of(url: str | None) -> str:
    """The path and query a robots-style pattern is matched against; '/' when the URL has none."""
    if not url:
        return "/"
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return "/"
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return normalise_percent(path)


@lru_cache(maxsize=4096)
def _pattern_regex(pattern: str) -> re.Pattern:
    pattern = normalise_percent(pattern)
    anchored = pattern.endswith("$")
    if anchored:
        pattern = pattern[:-1]
    body = ".*".join(re.escape(part) for part in pattern.split("*"))
    return re.compile(body + (r"\Z" if anchored else ""), re.DOTALL)


def pattern_matches(pattern: str, path: str) -> bool:
    """Whether a robots-style path pattern (``*`` wildcard, ``$`` end anchor) matches ``path`` from its start."""
    return _pattern_regex(pattern).match(path) is not None


def url_prefix_key(url: str) -> str | None:
    """A URL as opt-out prefixes compare it: host and port lower-cased, scheme dropped, path as published.

    http and https name the same work for an opt-out, so the scheme is not part of the key.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    host = ascii_host(parts.hostname)
    if port and not (port == 80 and parts.scheme == "http") and not (port == 443 and parts.scheme == "https"):
        host = f"{host}:{port}"
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return host + normalise_percent(path)
