"""Measures of extracted text that a reader would call damage: markup residue, orphan gaps, boilerplate lines.

Used by ``benchmarks/extraction_quality.py`` and by the tests on the real fixtures. Each measure
counts occurrences, never quotes the text (it may hold personal data).

- **Markup residue**: wikitext or HTML that survived extraction (``{{``, ``]]``, ``'''``, ``<ref``,
  tags, undecoded entities, wiki or Markdown table syntax).
- **Orphan gaps**: the trace of a value that vanished (a date, number or century rendered by a
  template or a ``<time>`` element): a function word directly followed by punctuation or by another
  function word ("né le à", "au ,", "about .", "( , )", "from to").
- Redaction's typed placeholders ("[PERSON]") count as words, so released text is measured the same way.
- **Boilerplate lines**: lines that are page furniture, not content (edit links, navigation,
  maintenance banners, cookie notices, citation-retrieval lines, reference back-links).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_RESIDUE = re.compile(
    r"\{\{|\}\}|\[\[|\]\]|'''|<ref\b|</ref>|\{\||^\s*\|\}|^\s*\|-"
    r"|</?(?:div|span|p|br|small|sup|sub|table|td|th|tr|li|ul|ol|a|b|i|u|s|em|strong|font|center|nowiki|gallery"
    r"|blockquote|poem|onlyinclude|includeonly|noinclude|references|syntaxhighlight|code|abbr|time)\b[^>\n]{0,200}>"
    r"|&(?:nbsp|amp|lt|gt|quot|apos|ndash|mdash|thinsp|#\d{1,7}|#x[0-9a-fA-F]{1,6});"
    r"|__(?:NOTOC|TOC|FORCETOC|NOEDITSECTION|NOINDEX|INDEX)__"
    # Markdown table syntax an extractor wrote: a row between pipes, an escaped pipe, an empty cell
    r"|^[ \t]*\|.*\|[ \t]*$|\\\||\|[ \t]+\|",
    re.MULTILINE,
)

_FR_FUNCTION = r"le|la|les|du|des|au|aux|en|vers|dès|depuis|environ|entre|né|née|mort|morte"
_EN_FUNCTION = r"the|a|an|about|around|circa|approximately|between|since|than|born|died|of|from|in|on|at|to|by"
_ORPHAN = re.compile(
    # a function word, a space, then punctuation that cannot follow it (the space is where the value was;
    # "came from." has none; French typography spaces ";" and ":", so those are not counted)
    rf"\b(?:{_FR_FUNCTION}|{_EN_FUNCTION})\s+[,.)]"
    # a determiner or preposition followed by another one where a value used to stand
    # (not the pronoun after an imperative: "téléchargez-le et essayez-le")
    r"|(?<![-'’\w])(?:le|la|les|du|au|aux|des)\s+(?:à|et|au|en)\b"
    r"|\bde\s+à\b|\bfrom\s+to\b|\bbetween\s+and\b|\bdu\s+au\b"
    # empty brackets, or brackets holding only separators, after a space: "Berlin ( , ) is", "né () à"
    # (a call in code, "main()", has no space before its brackets)
    r"|(?:(?<=\s)|^)[(\[]\s*(?:[,;:/–—-]\s*)*[)\]]"
    # a separator with nothing before it in a list of values: "( , 1950)", "Berlin ( ,"
    r"|\(\s*[,;]",
    re.IGNORECASE,
)

_BOILERPLATE = [
    # edit links, however the skin writes them
    r"\[\s*(?:modifier|modifier le code|edit|edit source|editar|modificar|bearbeiten|modifica)\b[^\]\n]{0,60}\]",
    # navigation, accessibility and account furniture
    r"^\s*(?:jump to:?\s*navigation|aller à\s*:?\s*navigation|skip to (?:main )?content|aller au contenu"
    r"|navigation menu|menu de navigation|main menu|menu principal|log ?in|se connecter|create account"
    r"|créer un compte|personal tools|outils personnels|search|rechercher|toggle the table of contents)\b",
    r"^\s*(?:v|view)\s*[·•]\s*(?:t|talk)\s*[·•]\s*(?:e|edit)\s*$",
    # citation retrieval and reference back-links
    r"\b(?:retrieved|consulté le|archived from the original|archivé de l'original|récupérée de)\b",
    r"^\s*(?:\^|↑)",
    # maintenance banners
    r"\b(?:this article (?:needs|has multiple issues|relies|includes a list)"
    r"|cet article (?:ne cite pas|est une ébauche|manque|doit être)|you can help (?:wikipedia|by)"
    r"|vous pouvez (?:partager vos connaissances|aider à (?:l'|l’)?améliorer|améliorer cet article))\b",
    # cookie and consent notices
    r"\b(?:we use cookies|this (?:site|website) uses cookies|nous utilisons des cookies|ce site utilise des cookies"
    r"|accept(?:er)? (?:all )?(?:tous les )?cookies|gérer (?:les|mes) cookies"
    r"|cookie (?:settings|preferences|policy))\b",
    # category and portal footers
    r"^\s*(?:catégories?|categories|portail|portal)\s*:",
]
_BOILERPLATE_LINE = re.compile("|".join(f"(?:{p})" for p in _BOILERPLATE), re.IGNORECASE | re.MULTILINE)


#: The typed placeholders redaction writes ("[PERSON]"): text, not markup, even beside a literal bracket.
_PLACEHOLDER = re.compile(r"\[[A-Z][A-Z0-9_]{1,40}\]")


def _without_placeholders(text: str) -> str:
    return _PLACEHOLDER.sub("X", text)


def markup_residue(text: str) -> int:
    """How many pieces of wikitext or HTML markup survived in ``text``."""
    return sum(1 for _ in _RESIDUE.finditer(_without_placeholders(text)))


def orphan_gaps(text: str) -> int:
    """How many places in ``text`` show the trace of a vanished value."""
    return sum(1 for _ in _ORPHAN.finditer(_without_placeholders(text)))


def boilerplate_lines(text: str) -> int:
    """How many lines of ``text`` are page furniture rather than content."""
    return sum(1 for line in text.splitlines() if _BOILERPLATE_LINE.search(line))


@dataclass(frozen=True)
class TextDamage:
    residue: int
    orphan_gaps: int
    boilerplate_lines: int

    def __add__(self, other: TextDamage) -> TextDamage:
        return TextDamage(
            self.residue + other.residue,
            self.orphan_gaps + other.orphan_gaps,
            self.boilerplate_lines + other.boilerplate_lines,
        )


def measure(text: str) -> TextDamage:
    return TextDamage(markup_residue(text), orphan_gaps(text), boilerplate_lines(text))
