"""The licence policy: what a licence statement resolves to, and what that means for training.

:class:`LicencePolicy` reads ``data_contracts/licence_policy.yaml`` (validated by
:func:`provenance.contracts.load_licence_policy_document`) and answers one question per statement:
:meth:`LicencePolicy.resolve` gives the SPDX licence, its class, the decision, the share-alike
flag, which branch of an ``OR`` was taken, and why. Expressions are parsed by license-expression.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from license_expression import LicenseSymbol, LicenseWithExceptionSymbol

from provenance.contracts import (
    ContractError,
    CrawlerTokenList,
    LicencePolicyDocument,
    load_crawler_tokens,
    load_licence_policy_document,
)
from provenance.rights import licence_names
from provenance.rights.licence_entries import LicenceEntry, licence_entries, template_problems
from provenance.rights.licence_verdict import LicenceResolution, Verdict, all_of, either, licence_reason
from provenance.rights.reservations import ReservationSettings
from provenance.vocabulary import CLEARING, LicenceDecision

#: Statements that say no licence was asserted: the record "carries none".
NO_ASSERTION = frozenset({"noassertion"})

_OPERATOR = re.compile(r"(?:^|\s)(?:OR|AND|WITH)(?:\s|$)")
_PORT = re.compile(r"^(?:LicenseRef-)?CC-((?:BY|SA|NC|ND)(?:-(?:BY|SA|NC|ND))*)-(\d\.\d)-([A-Z]{2,3})$")


@dataclass
class LicencePolicy:
    """The licence policy file, indexed for resolution. Build it with :meth:`load`."""

    version: str
    sha256: str
    path: Path
    entries: dict[str, LicenceEntry]
    templates: dict[str, str]
    unknown_decision: str = LicenceDecision.QUARANTINE
    cc_ports_follow_unported: bool = True
    reservations: ReservationSettings = field(default_factory=ReservationSettings)
    _by_folded_id: dict[str, str] = field(default_factory=dict, repr=False)
    _aliases: dict[str, str] = field(default_factory=dict, repr=False)
    _cache: dict[str | None, LicenceResolution] = field(default_factory=dict, repr=False)
    _alias_pattern: re.Pattern | None = field(default=None, repr=False)

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, contracts_dir: Path) -> LicencePolicy:
        """Read and validate ``<contracts_dir>/licence_policy.yaml`` and the crawler token list it reads
        robots.txt for (:func:`provenance.contracts.load_crawler_tokens`); a bad file raises ContractError."""
        contracts_dir = Path(contracts_dir)
        return cls.from_document(load_licence_policy_document(contracts_dir), load_crawler_tokens(contracts_dir))

    @classmethod
    @classmethod
    def from_document(cls, document: LicencePolicyDocument, crawler_tokens: CrawlerTokenList) -> LicencePolicy:
        data = document.data
        templates = dict(data.get("attribution_templates") or {})
        problems = template_problems(document.path, templates)
        entries, by_folded, aliases = licence_entries(document.path, data["licences"], problems)
        if problems:
            raise ContractError(problems)
        section = data.get("reservations") or {}
        reservations = ReservationSettings.from_section(section, crawler_tokens)
        return cls(
            version=document.version,
            sha256=document.sha256,
            path=document.path,
            entries=entries,
            templates=templates,
            unknown_decision=data.get("unknown_decision", LicenceDecision.QUARANTINE),
            cc_ports_follow_unported=bool(data.get("cc_ports_follow_unported", True)),
            reservations=reservations,
            _by_folded_id=by_folded,
            _aliases=aliases,
        )

    # ------------------------------------------------------------------ lookups

    def entry(self, licence_id: str) -> LicenceEntry | None:
        """The policy entry for an id (any case); a Creative Commons port not listed follows its
        unported version when ``cc_ports_follow_unported`` is set."""
        found = self._by_folded_id.get(licence_id.casefold())
        if found:
            return self.entries[found]
        port = _PORT.match(licence_id)
        if port and self.cc_ports_follow_unported:
            elements, version, jurisdiction = port.groups()
            unported = self._by_folded_id.get(f"cc-{elements}-{version}".casefold())
            if unported:
                base = self.entries[unported]
                return LicenceEntry(
                    id=licence_id,
                    licence_class=base.licence_class,
                    decision=base.decision,
                    name=f"{base.name} ({jurisdiction} port)" if base.name else licence_id,
                    url=licence_names.cc_url(licence_id) or base.url,
                    attribution=base.attribution,
                    derived_from=base.id,
                )
        return None

    def canonical_id(self, licence_id: str) -> str:
        known = self._by_folded_id.get(licence_id.casefold())
        if known:
            return known
        if licence_id.casefold().startswith("licenseref-"):
            return licence_id
        return licence_names.spdx_ids().get(licence_id.casefold(), licence_id)

    # ------------------------------------------------------------------ resolution

    def resolve(self, raw: str | None) -> LicenceResolution:
        """What a licence statement means: SPDX expression, alias, licence URL or CC name; unknown otherwise."""
        if raw in self._cache:
            return self._cache[raw]
        result = self._resolve(raw)
        if len(self._cache) < 100_000:
            self._cache[raw] = result
        return result

    def _resolve(self, raw: str | None) -> LicenceResolution:
        text = (raw or "").strip()
        if not text:
            return self._unknown(raw, None, "missing", "no licence statement")
        if text.casefold() in NO_ASSERTION and "NOASSERTION" not in self.entries:
            return self._unknown(raw, "NOASSERTION", "spdx", "the statement asserts no licence")
        recognised = self._recognise_whole(text)
        if recognised is not None:
            expression, how, why = recognised
            if how == "cc_text":
                return self._cc_sentence(raw, text, expression, why)
            if expression is None:
                return self._unknown(raw, None, how, why)
            return self._evaluate(raw, expression, how, why)
        try:
            parsed = licence_names.licensing().parse(text, validate=False, simple=False)
        except Exception:
            parsed = None
        if parsed is not None and all(self._is_licence_id(k) for k in _symbol_keys(parsed)):
            return self._evaluate(raw, parsed, "spdx", "")
        # Free text naming one Creative Commons licence; upper-case operators mean an expression instead.
        if not _OPERATOR.search(text):
            found = licence_names.from_cc_text(text)
            if found:
                return self._cc_sentence(raw, text, found.spdx, found.why)
        named = [] if _OPERATOR.search(text) else self._names_in_text(text)
        if named:
            expression = named[0] if len(named) == 1 else " AND ".join(named)
            return self._evaluate(
                raw,
                expression,
                "named_in_text",
                f"the statement names {' and '.join(named)}" + (" (all must allow)" if len(named) > 1 else ""),
            )
        if parsed is None or (isinstance(parsed, LicenseSymbol) and re.search(r"\s", parsed.key)):
            return self._unknown(
                raw, None, "unrecognised", "not an SPDX expression, licence URL or known licence name"
            )
        # An expression whose symbols are free text ("CC BY 4.0 OR LO 2.0"): each is read on its own.
        return self._evaluate(raw, parsed, "spdx", "")

    def _cc_sentence(self, raw: str | None, text: str, spdx: str | None, why: str) -> LicenceResolution:
        """A Creative Commons name in free text, together with any other licence or reservation the
        same text names ("Photo CC BY 4.0 — tous droits réservés"): every one of them must allow."""
        # CC names are the CC reader's: "CC BY 3.0 FR" holds the alias "cc by 3.0" of the unported licence.
        others = [n for n in self._names_in_text(text) if not re.match(r"(LicenseRef-)?CC", n)]
        if spdx is None and not others:
            return self._unknown(raw, None, "cc_text", why)
        named = ([spdx] if spdx else []) + others
        if others:
            why += f"; the statement also names {' and '.join(others)} (all must allow)"
        return self._evaluate(raw, " AND ".join(named), "cc_text", why)

    def _names_in_text(self, text: str) -> list[str]:
        """Licences a sentence names by one of their aliases ("Contenu disponible sous Licence Ouverte 2.0").

        Only aliases that carry a version number, or whose licence is not included, are looked for
        inside longer text: "public domain" or "Licence Ouverte" alone in a sentence say too little
        to include a document on, while "tous droits réservés" is worth a review wherever it appears.
        """
        if self._alias_pattern is None:
            keys = sorted(
                (
                    k
                    for k, target in self._aliases.items()
                    if "/" not in k
                    and target not in ("NOASSERTION", "NONE")
                    and (re.search(r"\d", k) or self.entries[target].decision not in CLEARING)
                ),
                key=len,
                reverse=True,
            )
            self._alias_pattern = (
                re.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![a-z0-9])")
                if keys
                else re.compile(r"(?!x)x")
            )
        found = [self._aliases[m.group(0)] for m in self._alias_pattern.finditer(licence_names.alias_key(text))]
        return list(dict.fromkeys(found))

    def _is_licence_id(self, key: str) -> bool:
        folded = key.casefold()
        return not re.search(r"\s", key) and (
            folded in self._by_folded_id or folded in licence_names.spdx_ids() or folded.startswith("licenseref-")
        )

    def _recognise_whole(self, text: str) -> tuple[Any, str, str] | None:
        """(expression or id, how, why) when the whole statement is one known name, URL or CC name."""
        key = licence_names.alias_key(text)
        if key in self._aliases:
            target = self._aliases[key]
            how = "spdx" if text.casefold() == target.casefold() else "alias"
            return target, how, "" if how == "spdx" else f"{text!r} is an alias of {target} in the policy"
        if licence_names.looks_like_url(text):
            found = licence_names.from_url(text)
            if found:
                return found.spdx, found.how, found.why
            return None, "unrecognised", "a URL that is not a known licence"
        if self._is_licence_id(text):
            return text, "spdx", ""
        if (
            not _OPERATOR.search(text)
            and " or " not in f" {text.casefold()} "
            and " and " not in f" {text.casefold()} "
        ):
            found = licence_names.from_cc_text(text)
            if found:
                return found.spdx, found.how, found.why
        return None

    def _evaluate(self, raw: str | None, expression: Any, how: str, why: str) -> LicenceResolution:
        if isinstance(expression, str):
            try:
                expression = licence_names.licensing().parse(expression, validate=False, simple=False)
            except Exception:
                return self._unknown(raw, None, "unrecognised", f"{expression!r} is not a valid SPDX expression")
        notes: list[str] = [why] if why else []
        verdict = self._verdict(expression, notes)
        normalised = self._render(expression)
        reason = licence_reason(verdict.decision, verdict.licence_class)
        return LicenceResolution(
            raw=raw,
            expression=normalised,
            spdx=verdict.spdx,
            licence_class=verdict.licence_class,
            decision=verdict.decision,
            share_alike=verdict.share_alike,
            reason=reason,
            recognised_as=how,
            why="; ".join(n for n in [*notes, verdict.why] if n),
            licences=verdict.licences,
        )

    def _verdict(self, node: Any, notes: list[str]) -> Verdict:
        if isinstance(node, LicenseWithExceptionSymbol):
            # An exception only adds permissions to the licence it qualifies.
            inner = self._verdict(node.license_symbol, notes)
            return Verdict(
                inner.decision,
                inner.licence_class,
                inner.share_alike,
                f"{inner.spdx} WITH {node.exception_symbol.key}",
                inner.licences,
                inner.why,
            )
        if isinstance(node, LicenseSymbol):
            return self._symbol_verdict(node.key, notes)
        parts = [self._verdict(arg, notes) for arg in node.args]
        return either(parts) if type(node).__name__ == "OR" else all_of(parts)

    def _symbol_verdict(self, key: str, notes: list[str]) -> Verdict:
        licence_id = self.canonical_id(key)
        entry = self.entry(licence_id)
        if (
            entry is None
            and not licence_id.casefold().startswith("licenseref-")
            and licence_id.casefold() not in licence_names.spdx_ids()
        ):
            # A symbol that is not an SPDX id may be free text inside an expression ("CC BY 4.0 OR LO 2.0").
            recognised = self._recognise_whole(key)
            if recognised and isinstance(recognised[0], str) and recognised[0] != key:
                notes.append(f"{key!r} read as {recognised[0]}" + (f" ({recognised[2]})" if recognised[2] else ""))
                return self._verdict(
                    licence_names.licensing().parse(recognised[0], validate=False, simple=False), notes
                )
        if entry is None:
            return Verdict(
                self.unknown_decision,
                "unknown",
                False,
                licence_id,
                (licence_id,),
                f"{licence_id} is not in the licence policy",
            )
        why = f"{entry.id}: {entry.licence_class}, {entry.decision}"
        if entry.derived_from:
            why += f" (a port of {entry.derived_from}, which it follows)"
        return Verdict(
            entry.decision, entry.licence_class, entry.licence_class == "share_alike", entry.id, (entry.id,), why
        )

    def _render(self, node: Any) -> str:
        if isinstance(node, LicenseWithExceptionSymbol):
            return f"{self._render(node.license_symbol)} WITH {node.exception_symbol.key}"
        if isinstance(node, LicenseSymbol):
            licence_id = self.canonical_id(node.key)
            if (
                self.entry(licence_id) is None
                and licence_id.casefold() not in licence_names.spdx_ids()
                and not licence_id.casefold().startswith("licenseref-")
            ):
                recognised = self._recognise_whole(node.key)
                if recognised and isinstance(recognised[0], str) and recognised[0] != node.key:
                    return recognised[0]
            return licence_id
        operator = f" {type(node).__name__} "
        rendered = [self._render(a) for a in node.args]
        return operator.join(f"({r})" if (" OR " in r or " AND " in r) else r for r in rendered)

    def _unknown(self, raw: str | None, expression: str | None, how: str, why: str) -> LicenceResolution:
        entry = self.entry(expression) if expression else None
        decision = entry.decision if entry else self.unknown_decision
        return LicenceResolution(
            raw=raw,
            expression=expression,
            spdx=expression,
            licence_class="unknown",
            decision=decision,
            share_alike=False,
            reason=licence_reason(decision, "unknown"),
            recognised_as=how,
            why=why,
            licences=(expression,) if expression else (),
        )


def _symbol_keys(node: Any) -> list[str]:
    if isinstance(node, LicenseWithExceptionSymbol):
        return [node.license_symbol.key]
    if isinstance(node, LicenseSymbol):
        return [node.key]
    return [key for arg in node.args for key in _symbol_keys(arg)]
