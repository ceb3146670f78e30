"""Regular-expression pieces for writing person names: name tokens, particles, initials, all caps."""

from __future__ import annotations

#: Separator inside a name: spaces, never a line break.
SP = r"[ \u00a0]+"
#: A capitalised or all-caps word, hyphenated parts allowed: Dupont, DURAND-MARTIN, O'Brien, McDonald.
WORD = r"\p{Lu}[\p{L}'’]*\p{L}(?:-\p{Lu}[\p{L}'’]*\p{L})*"
#: Up to three initials (J., J.-P., J.P., J. K., J. R. R.; "J. -P." as a tokeniser leaves it); three letters
#: run together (R.C.S.) are an abbreviation.
INITIALS = r"\p{Lu}\.(?:[ \u00a0]?-\p{Lu}\.|\p{Lu}\.)?(?:[ \u00a0]\p{Lu}\.){0,2}(?![\p{L}.])"
#: An initial without its dot, only when a name word follows ("Mr T Kirk").
BARE_INITIAL = r"\p{Lu}(?=[ \u00a0]+\p{Lu}[\p{L}'’]*\p{L})"
#: Particles, longest first: "de la", "van der", "d'".
PARTICLE = (
    r"(?:de"
    + SP
    + r"la"
    + SP
    + r"|van"
    + SP
    + r"der"
    + SP
    + r"|van"
    + SP
    + r"den"
    + SP
    + r"|von"
    + SP
    + r"der"
    + SP
    + r"|(?:de|du|des|van|von|der|den|di|da|del|della|dos|das|ben|bin|ibn|el|al|ter|ten|zu|le|la)"
    + SP
    + r"|[dD]['’]|[aA]l-)"
)
#: Particles a name may start with after an honorific ("M. de Villepin"), not "le"/"la" ("M. le Président").
LEADING_PARTICLE = (
    r"(?:de"
    + SP
    + r"la"
    + SP
    + r"|van"
    + SP
    + r"der"
    + SP
    + r"|van"
    + SP
    + r"den"
    + SP
    + r"|(?:de|du|des|van|von|di|da|del|della|dos|das|ben|bin|ibn|el|al|ter|ten|zu)"
    + SP
    + r"|[dD]['’]|[aA]l-)"
)
#: A name token: a word or initials, optionally after a particle.
TOKEN = r"(?:" + PARTICLE + r")?(?:" + WORD + "|" + INITIALS + ")"
_REST = r"(?:" + SP + TOKEN + r"|(?<=\p{L})" + r"[dD]['’]" + WORD + r"){0,3}"
#: Up to four name tokens on one line, possibly starting with a particle or a bare initial.
NAME = r"(?:" + LEADING_PARTICLE + r")?(?:" + WORD + "|" + INITIALS + "|" + BARE_INITIAL + ")" + _REST
#: The same, starting with a capital: what may follow a role ("le préfet du Bas-Rhin" is no name).
CAPITALISED_NAME = r"(?:" + WORD + "|" + INITIALS + ")" + _REST
#: A first name as written: Jean, Jean-Pierre, JEAN.
FIRST = r"(?:\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?|\p{Lu}{2,}(?:-\p{Lu}{2,})?)"
#: A surname as written after a first name: Dupont, de Villepin, de La Tour, Le Pen, DURAND.
SURNAME = (
    r"(?:" + PARTICLE + r")?(?:(?:La|Le|Du|Des|De|Van|Von|Di|Da|Del|Mac|Mc|St\.?|Saint|Ní|Nic|Ó|Ua|Mhic|Abu|Ibn"
    r"|Bin|Binti|Ben|Al|El)" + SP + r")?" + WORD
)
#: An elided article or preposition glued to a name: "d'Artagnan", "l'Abbé".
ELISION = r"^(?:[dlDL]['’])"
#: The word after a name, past a short parenthesis ("Yorkshire Homes (Northern) Ltd"): group 1.
WORD_AFTER = r"^[ \u00a0]*(?:\([^)\n]{0,30}\)[ \u00a0]*)?([\p{L}]+)"
