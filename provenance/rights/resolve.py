"""One document's licence: from its record, else from its page's own licence statements, else the contract default.

- **record**: the ``licence`` column, when the record has a non-empty one. A record that says
  ``NOASSERTION`` or ``NONE`` has made a statement, and it is kept: the document is quarantined
  as unknown rather than given the contract's default, which only covers records that carry no
  licence field at all ("never silently included").
- **page**: the page-level statements ingest found (``licence_hints``; with their scope, place and
  snippet in ``metadata["licence_statements"]``): rel=license links, CC badges, dcterms/DC.rights
  metas, JSON-LD ``license`` of the page's main entity, the footer's or main text's licence notice,
  HTTP ``Link: rel=license``. Statements about embedded media (figures, image credits, videos, other
  articles' teasers) are listed in the evidence and decide nothing. Each page statement is read by the
  policy, then:

  1. a bare copyright notice ("© 2024 X") names a holder and grants nothing: it is noted, not weighed;
  2. a statement of a Creative Commons licence without its version ("CC BY-SA") is consistent with the
     same licence stated with a version elsewhere on the page, and is read as it;
  3. the recognised statements are combined with ``AND``: every one must allow, so the most restrictive
     decides (non-commercial or no-derivatives exclude; "all rights reserved" is a reservation the
     policy sends to review; share-alike then attribution follow);
  4. a statement the policy cannot read is terms we cannot show allow the use: unless a recognised
     statement already excludes the page, the page licence is unknown (quarantined for review), and
     the evidence names the statement. A page whose only statements are unreadable is unknown too.

  A page whose statements are all copyright notices states no licence: the contract default applies,
  with the notices in the evidence.
- **contract**: the source contract's ``licence``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TypeGuard

from provenance.rights import licence_names
from provenance.rights.licence_verdict import DECISIONS, LicenceResolution
from provenance.rights.policy import LicencePolicy
from provenance.schema import LICENCE_STATEMENTS_KEY, LicenceScope
from provenance.vocabulary import LicenceDecision

#: A copyright notice: the sign, or the word before a year. Only a statement the policy cannot read
#: and that names no licence is taken for one.
_COPYRIGHT = re.compile(r"©|&copy;|\(c\)\s*\d{4}|\bcopyright\b", re.IGNORECASE)
_LICENCE_WORDS = re.compile(
    r"licen[cs]|creative commons|\bcc[ -]?(?:by|0)|public domain|domaine public|"
    r"r[ée]serv|droits|rights",
    re.IGNORECASE,
)
_UNKNOWN_RANK = DECISIONS.index(LicenceDecision.QUARANTINE)

#: What each page statement did in the decision (``role`` in the evidence).
DECIDES, CONSISTENT, COPYRIGHT_NOTICE, UNRECOGNISED = "decides", "consistent", "copyright_notice", "unrecognised"


@dataclass(frozen=True)
class DocumentLicence:
    resolution: LicenceResolution
    #: 'record' | 'page' | 'contract'
    source: str
    #: each page-level statement: what it said, where, its snippet, what it read as and its role
    hints: tuple[dict, ...] = ()
    #: statements about embedded media: evidence that decided nothing
    embedded: tuple[dict, ...] = ()

    def as_evidence(self) -> dict:
        out = {"source": self.source, **self.resolution.as_evidence()}
        if self.hints:
            out["hints"] = list(self.hints)
        if self.embedded:
            out["embedded"] = list(self.embedded)
        return out


def licence_statements(metadata: str | None) -> list[dict] | None:
    """The statements ingest listed in a document's ``metadata`` JSON; None when it listed none."""
    if not metadata or LICENCE_STATEMENTS_KEY not in metadata:
        return None
    try:
        parsed = json.loads(metadata)
    except ValueError:
        return None
    return statements_in(parsed) if isinstance(parsed, dict) else None


def statements_in(metadata: dict) -> list[dict] | None:
    """:func:`licence_statements` of a ``metadata`` already parsed."""
    found = metadata.get(LICENCE_STATEMENTS_KEY)
    if not isinstance(found, list):
        return None
    return [s for s in found if isinstance(s, dict) and isinstance(s.get("text"), str) and s["text"].strip()]


def _states_licence(value: str | None) -> TypeGuard[str]:
    """Whether ``value`` says anything (a record field left blank states no licence)."""
    return bool(value and value.strip())


def _page_statements(hints: list[str] | None, statements: list[dict] | None) -> tuple[list[dict], list[dict]]:
    """(page-level statements, embedded ones). Hints without statements (a reader that lists none) are page-level."""
    texts = [h.strip() for h in dict.fromkeys(hints or ()) if h and h.strip()]
    statements = statements or []
    page = [s for s in statements if s.get("scope", LicenceScope.PAGE) == LicenceScope.PAGE]
    listed = {s["text"].strip() for s in page}
    page += [{"text": t} for t in texts if t not in listed]
    seen: set[str] = set()
    unique = []
    for s in page:
        if s["text"].strip() not in seen:
            seen.add(s["text"].strip())
            unique.append(s)
    return unique, [s for s in statements if s.get("scope") == LicenceScope.EMBEDDED]


def _role(text: str, resolution: LicenceResolution) -> str:
    if resolution.expression:
        return DECIDES
    if _COPYRIGHT.search(text) and not _LICENCE_WORDS.search(text):
        return COPYRIGHT_NOTICE
    return UNRECOGNISED


def _consistent(text: str, recognised: list[LicenceResolution]) -> str | None:
    """The recognised licence an unversioned CC statement is read as, when the page states one of its family."""
    family = licence_names.cc_family(text)
    if family is None:
        return None
    for resolution in recognised:
        for licence in resolution.licences:
            if re.fullmatch(rf"(?:LicenseRef-)?CC-{family}-\d\.\d(?:-[A-Z]{{2,3}})?", licence):
                return licence
    return None


def _evidence(statement: dict, resolution: LicenceResolution, role: str, read_as: str | None) -> dict:
    out = {
        "hint": statement["text"].strip(),
        "expression": read_as,
        "recognised_as": resolution.recognised_as,
        "role": role,
    }
    for key in ("where", "snippet"):
        if statement.get(key):
            out[key] = statement[key]
    return out


def _embedded_evidence(statements: list[dict], policy: LicencePolicy) -> tuple[dict, ...]:
    return tuple(
        {"text": s["text"].strip(), "where": s.get("where"), "read_as": policy.resolve(s["text"].strip()).expression}
        for s in statements
    )


def resolve_document_licence(
    record_licence: str | None,
    licence_hints: list[str] | None,
    contract_licence: str,
    policy: LicencePolicy,
    statements: list[dict] | None = None,
) -> DocumentLicence:
    """The licence a document is published under, with where it was read from (see the module docstring)."""
    if _states_licence(record_licence):
        return DocumentLicence(policy.resolve(record_licence.strip()), "record")
    page, embedded = _page_statements(licence_hints, statements)
    embedded_evidence = _embedded_evidence(embedded, policy)
    if not page:
        return DocumentLicence(policy.resolve(contract_licence), "contract", (), embedded_evidence)
    read = [(s, policy.resolve(s["text"].strip())) for s in page]
    recognised = [r for _, r in read if r.expression]
    evidence, unreadable = [], []
    for statement, resolution in read:
        role = _role(statement["text"], resolution)
        read_as = resolution.expression
        if role == UNRECOGNISED and (read_as := _consistent(statement["text"], recognised)):
            role = CONSISTENT
        elif role == UNRECOGNISED:
            unreadable.append((statement, resolution))
        evidence.append(_evidence(statement, resolution, role, read_as))
    hints = tuple(evidence)
    raw = " | ".join(s["text"].strip() for s in page)
    if not recognised and not unreadable:  # copyright notices only: no licence stated
        return DocumentLicence(policy.resolve(contract_licence), "contract", hints, embedded_evidence)
    if not recognised:
        why = "the page states a licence the policy does not recognise: " + "; ".join(r.why for _, r in unreadable)
        return DocumentLicence(_unknown(policy, raw, why), "page", hints, embedded_evidence)
    expressions = list(dict.fromkeys(r.expression for r in recognised))
    combined = expressions[0] if len(expressions) == 1 else " AND ".join(f"({e})" for e in expressions)
    resolution = policy.resolve(combined)
    read_why = "; ".join(f"{e['hint']!r} read as {e['expression']}" for e in hints if e["role"] == DECIDES)
    if unreadable and DECISIONS.index(resolution.decision) < _UNKNOWN_RANK:
        why = (
            f"{read_why}; but the page also states terms the policy does not recognise, so it cannot be shown "
            "that every statement allows the use: " + "; ".join(f"{s['text'].strip()[:120]!r}" for s, _ in unreadable)
        )
        return DocumentLicence(_unknown(policy, raw, why), "page", hints, embedded_evidence)
    return DocumentLicence(
        LicenceResolution(
            raw=raw,
            expression=resolution.expression,
            spdx=resolution.spdx,
            licence_class=resolution.licence_class,
            decision=resolution.decision,
            share_alike=resolution.share_alike,
            reason=resolution.reason,
            recognised_as="page",
            why=read_why + (f"; {resolution.why}" if resolution.why else ""),
            licences=resolution.licences,
        ),
        "page",
        hints,
        embedded_evidence,
    )


def _unknown(policy: LicencePolicy, raw: str, why: str) -> LicenceResolution:
    unknown = policy.resolve(None)
    return LicenceResolution(
        raw=raw,
        expression=None,
        spdx=None,
        licence_class="unknown",
        decision=unknown.decision,
        share_alike=False,
        reason=unknown.reason,
        recognised_as="unrecognised",
        why=why,
    )
