"""Personal data in a document's fields besides its text and title: URL, author, locator, signals and metadata.

The redaction stage (:mod:`provenance.pii.stage`) reads the text and the title with the whole
detection; every other string a redacted document carries goes through :class:`FieldRedactor`
before any later stage stores it. Why each is treated as it is:

- **Contact details and identifiers** (e-mail, phone, IBAN, NIR, SIREN, cards, IP, ...: the
  policy's pattern-and-checksum types) are redacted in every field, whatever the source's
  ``person_names``. A field has no language of its own (a NIR in an English page's file name is
  still a NIR), so every configured language's recognizers read it. No NLP: these values are not
  prose, and the pattern recognizers are what :mod:`provenance.pii.residual` checks with.
- **URLs** (the ``url`` column, and any value that is an absolute URL: a metadata ``history_url``, a
  ``tdm-policy``): only the path, query, fragment and a user name before the host are read,
  percent-decoded (:func:`provenance.pii.field_values.url_view`); the placeholder is written
  percent-encoded, so the URL stays a valid URL. Scheme and host are kept: they name a site, and the
  rights stage matches domains, robots.txt and site captures on them. A ``url_prefix`` opt-out or a
  robots.txt rule is then matched on the redacted path: it differs only where the path held an
  identifier or a name the document redacts (5 of 1,951 real fixture URLs, all Wikipedia biographies).
- **Person names**: a slug, a file name or a metadata value is not a sentence, and NER reading one
  guesses. A name is redacted in the URL, the locator and the metadata where the document's own
  detection named it: a PERSON span of two words or more in its text or title, or its author's name,
  that starts with a given name (:func:`provenance.pii.lexicon.given_names`), in any case, accents or
  separators (:func:`provenance.pii.field_values.name_spans`). The given name is asked for because a
  slug changed for nothing costs more than a title: it breaks the link a CC BY credit must give. On
  the demo, without it, 10 of 192 URLs changed and none named a person (places and a blog's name a
  title's NER took for people: ``Upper_Swainby``, ``laiterie-des-monts``, ``chroniques-de-quartier``);
  with it, 1 (``Ashby_Fenwick``, a village). On the real fixtures, 5 of 1,951, all people.
- **Author**: identifiers are redacted; the name itself stays in the redacted document, for one
  reason: the rights stage matches author opt-outs on it and keeps it (in the cleared document, its
  attribution and the lineage) only where a licence of the document requires credit, recording why
  (:func:`provenance.rights.attribution.author_credit`). Elsewhere it is dropped there.
- **Rights signals and licence** (:data:`SIGNALS`, ``licence_hints``): identifiers only, never a name,
  so what the rights stage reads is otherwise as published.
- **Metadata**: every string, every key and every number (a phone number stored as a number) of the
  JSON object, at any depth. A value that is, whole, written like a person's name (two to five words
  of letters, the first a given name: an extra JSON field ``"relecteur": "Hélène Marchetti"``) is a
  name, even where the document names that person nowhere else: a metadata value is never published,
  so a place taken for a person costs nothing in a release (on the real fixtures, one value: a template
  named after the page's subject, which the page's own names redact anyway). An object with something
  redacted is written again as ingest writes it; an untouched one is left byte for byte.

An audit row names the field (``url``, ``author``, ``locator``, a signal, ``licence_hints/<i>``, or
``metadata/<path>``: positions, ``metadata/2/0`` the first item of the object's third key, as stored,
``metadata/2/key`` that key itself; never a key's text) and offsets into its original value (a
number's as written in JSON); never the value.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from provenance.pii.detect import PiiDetector
from provenance.pii.field_values import is_person_like, name_spans, name_words, url_view, userinfo_span
from provenance.pii.keys import value_hmac
from provenance.pii.lexicon import given_names
from provenance.pii.policy import PERSON, PiiPolicy
from provenance.pii.redaction import replacement
from provenance.pii.spans import Span, merge_spans

#: Recognizer of a span that writes a name the document's text, title or author names.
NAME_FROM_DOCUMENT = "NameFromDocument"
#: Recognizer of a metadata value that is, whole, a person's name ("reviewer": "Hélène Marchetti").
NAME_VALUE = "NameValue"
#: Recognizer of a URL's user name (``https://user:password@host``), redacted whole.
URL_USERINFO = "UrlUserinfo"
#: Fields of a redacted document, besides text and title, that :class:`FieldRedactor` reads.
URL, AUTHOR, LOCATOR, METADATA = "url", "author", "locator", "metadata"
#: The record's rights signals and licence, kept verbatim for the rights stage: identifiers only are redacted
#: (an e-mail in a tdm-policy URL), never a name, so what the rights stage reads is otherwise as published.
SIGNALS = (
    "licence",
    "content_type",
    "tdm_reservation",
    "tdm_policy",
    "x_robots_tag",
    "content_usage",
    "meta_robots",
    "meta_tdm_reservation",
    "meta_tdm_policy",
)
#: The list of strings among the signals.
LICENCE_HINTS = "licence_hints"
#: Every DOCUMENT_SCHEMA column :meth:`FieldRedactor.redact` reads and returns.
COLUMNS = (URL, AUTHOR, LOCATOR, METADATA, *SIGNALS, LICENCE_HINTS)
#: Identifier scans remembered per value: metadata repeats the same short values across documents.
_CACHE_VALUES = 20_000
_CACHE_CHARS = 200
#: Separators of paths, queries, slugs and file names, read as spaces in a second reading of a field value:
#: an e-mail pattern would take "contact?mail=" as its local part, a phone pattern misses "Fabre-0671234589".
#: The first reading is of the value as written ("jean@mon-site.fr" needs its hyphen, "+33 6..." its plus).
SEPARATORS = str.maketrans("/?&=#;_-!+|", "           ")
_AUTHOR_SEPARATORS = re.compile(r"[;,&]| and | et ")


@dataclass(frozen=True)
class FieldSpan:
    """One redacted span of a field: which field, where in its original value, and the keyed hash of the value."""

    field: str
    span: Span
    value_hmac: str


@dataclass
class RedactedFields:
    """A document's :data:`COLUMNS`, redacted (column -> value), and the audit spans of each."""

    values: dict[str, Any]
    spans: list[FieldSpan] = field(default_factory=list)


class FieldRedactor:
    """Redacts the fields of one document after another; holds the pattern recognizers of every language."""

    def __init__(self, policy: PiiPolicy, key: bytes | None):
        """``key``: the PII key, for audit hashes and ``hash`` operators; None where there is none (the lineage
        build): each identifier is then replaced by its type's placeholder and its hash is not computed."""
        self.policy = policy
        self.key = key
        self.detector = PiiDetector(policy)
        self.names_redacted = PERSON in policy.redacted_types
        self.credentials = "URL_WITH_CREDENTIALS" in policy.redacted_types
        self._seen: dict[str, list[Span]] = {}

    # ------------------------------------------------------------------ what is in a value

    def identifiers(self, value: str) -> list[Span]:
        """Contact details and identifiers in ``value``, read as written and with its separators as spaces
        (:data:`SEPARATORS`), by every configured language's recognizers."""
        cached = self._seen.get(value)
        if cached is not None:
            return cached
        spans = merge_spans(
            [
                s
                for reading in {value, value.translate(SEPARATORS)}
                for lang in self.policy.languages
                for s in self.detector.structured_spans(reading, lang)
            ]
        )
        if len(value) <= _CACHE_CHARS and len(self._seen) < _CACHE_VALUES:
            self._seen[value] = spans
        return spans

    def names(self, found: Iterable[tuple[str, float]], author: str | None) -> list[tuple[tuple[str, ...], float]]:
        """The names to look for in the other fields: PERSON values the text and title redact, and the author's,
        that start with a given name ("Jeanne Fabre"; not "Upper Swainby" or "Laiterie des Monts", places a
        title's NER took for people, nor an author that is a blog's name, "Chroniques de quartier").

        ``found``: (value, score) of each PERSON span of the text and the title. Nothing when the
        source keeps person names."""
        if not self.names_redacted:
            return []
        given = given_names()
        best: dict[tuple[str, ...], float] = {}
        for value, score in found:
            words = name_words(value)
            if len(words) >= 2 and words[0] in given:
                best[words] = max(score, best.get(words, 0.0))
        for part in _AUTHOR_SEPARATORS.split(author or ""):
            words = name_words(part)
            if is_person_like(part) and words[0] in given:
                best.setdefault(words, 1.0)
        return sorted(best.items())

    def _spans(self, value: str, names: Sequence[tuple[tuple[str, ...], float]]) -> list[Span]:
        spans = self.identifiers(value)
        for words, score in names:
            spans = spans + name_spans(value, [words], score, NAME_FROM_DOCUMENT)
        return merge_spans(spans)

    # ------------------------------------------------------------------ redacting

    def _replace(self, value: str, spans: Sequence[Span], encode: bool) -> tuple[str, list[str]]:
        pieces, hmacs, position = [], [], 0
        for span in spans:
            original = value[span.start : span.end]
            if self.key is None:
                rule = self.policy.rule(span.entity_type)
                written = rule.placeholder if rule and rule.placeholder else f"[{span.entity_type}]"
            else:
                written = replacement(original, span, self.policy, self.key)
            pieces += [value[position : span.start], quote(written, safe="") if encode else written]
            hmacs.append(value_hmac(self.key, original) if self.key is not None else "")
            position = span.end
        pieces.append(value[position:])
        return "".join(pieces), hmacs

    def value(self, where: str, value: str, names: Sequence, out: list[FieldSpan]) -> str:
        """``value`` with its identifiers and the document's ``names`` redacted (an absolute URL as a URL: its
        host kept, the placeholders percent-encoded); its audit spans, labelled ``where``, added to ``out``."""
        view = url_view(value)
        if view is None:
            spans = self._spans(value, names)
        else:
            spans = []
            for span in self._spans(view.text, names):
                spans.append(Span(*view.raw(span.start, span.end), span.entity_type, span.score, span.recognizer))
            userinfo = userinfo_span(value)
            if userinfo and self.credentials:
                spans.append(Span(*userinfo, "URL_WITH_CREDENTIALS", 1.0, URL_USERINFO))
            spans = merge_spans(spans)
        if not spans:
            return value
        redacted, hmacs = self._replace(value, spans, encode=view is not None)
        out.extend(FieldSpan(where, s, h) for s, h in zip(spans, hmacs, strict=True))
        return redacted

    def metadata(self, value: str, names: Sequence, out: list[FieldSpan]) -> str:
        """The metadata JSON with every key, string and number read; written again only when something changed."""
        found: list[FieldSpan] = []
        try:
            redacted = self._walk(json.loads(value), METADATA, names, found)
        except (ValueError, RecursionError):  # not JSON, or nested too deep to walk: read as one string
            return self.value(METADATA, value, names, out)
        if not found:
            return value
        out.extend(found)
        return json.dumps(redacted, ensure_ascii=False, sort_keys=True, default=str)

    def _walk(self, node: Any, path: str, names: Sequence, out: list[FieldSpan]) -> Any:
        if isinstance(node, str):
            if self._is_a_name(node):
                return self._whole_name(path, node, out)
            return self.value(path, node, names, out)
        if isinstance(node, bool) or node is None:
            return node
        if isinstance(node, int | float):
            written = json.dumps(node)
            redacted = self.value(path, written, names, out)
            return node if redacted == written else redacted
        if isinstance(node, list):
            return [self._walk(item, f"{path}/{i}", names, out) for i, item in enumerate(node)]
        if isinstance(node, dict):
            result: dict[str, Any] = {}
            for i, (key, item) in enumerate(node.items()):
                # A key is read like a value. Paths name positions, never keys: a key is the record's own text.
                new_key = self.value(f"{path}/{i}/key", str(key), names, out)
                while new_key in result:
                    new_key += "_"
                result[new_key] = self._walk(item, f"{path}/{i}", names, out)
            return result
        return node

    def redact(
        self,
        row: dict[str, Any],
        person_values: Iterable[tuple[str, float]],
    ) -> RedactedFields:
        """One document's :data:`COLUMNS`, redacted (``row``: its DOCUMENT_SCHEMA values of them; other keys are
        returned as given; ``person_values``: (value, score) of every PERSON span its text and title redact)."""
        names = self.names(person_values, row.get(AUTHOR))
        out: list[FieldSpan] = []
        values = dict(row)
        if values.get(URL):
            values[URL] = self.value(URL, values[URL], names, out)
        if values.get(AUTHOR):
            # The author's own name stays for the rights stage (see the module docstring): identifiers only.
            values[AUTHOR] = self.value(AUTHOR, values[AUTHOR], [], out)
        values[LOCATOR] = self.value(LOCATOR, values[LOCATOR], names, out)
        if values.get(METADATA):
            values[METADATA] = self.metadata(values[METADATA], names, out)
        for column in SIGNALS:  # rights signals: identifiers only (see SIGNALS)
            if values.get(column):
                values[column] = self.value(column, values[column], [], out)
        if values.get(LICENCE_HINTS):
            values[LICENCE_HINTS] = [
                self.value(f"{LICENCE_HINTS}/{i}", hint, [], out) if hint else hint
                for i, hint in enumerate(values[LICENCE_HINTS])
            ]
        return RedactedFields(values, out)

    def _is_a_name(self, value: str) -> bool:
        """Whether a metadata value is, whole, written like a person's name that starts with a given name."""
        return self.names_redacted and is_person_like(value) and name_words(value)[0] in given_names()

    def _whole_name(self, where: str, value: str, out: list[FieldSpan]) -> str:
        span = Span(0, len(value), PERSON, 1.0, NAME_VALUE)
        redacted, hmacs = self._replace(value, [span], encode=False)
        out.append(FieldSpan(where, span, hmacs[0]))
        return redacted

    def identifiers_only(self, value: str) -> str:
        """``value`` with its identifiers redacted (a URL's host kept), no name looked for, no audit row."""
        return self.value("", value, [], [])


def metadata_values(value: str) -> Iterator[tuple[str, str]]:
    """(path, text) of every key, string and number of a metadata JSON, as :class:`FieldRedactor` reads them;
    the whole value when it is not JSON or is nested too deep to walk."""
    try:
        found: list[tuple[str, str]] = []
        _collect(json.loads(value), METADATA, found)
    except (ValueError, RecursionError):
        yield METADATA, value
        return
    yield from found


def _collect(node: Any, path: str, out: list[tuple[str, str]]) -> None:
    if isinstance(node, str):
        out.append((path, node))
    elif isinstance(node, int | float) and not isinstance(node, bool):
        out.append((path, json.dumps(node)))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            _collect(item, f"{path}/{i}", out)
    elif isinstance(node, dict):
        for i, (key, item) in enumerate(node.items()):
            out.append((f"{path}/{i}/key", str(key)))
            _collect(item, f"{path}/{i}", out)
