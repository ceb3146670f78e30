"""One document's licence: from its record, else from its page's licence statements, else the contract default.

- **record**: the ``licence`` column, when the record has a non-empty one. A record that says
  ``NOASSERTION`` or ``NONE`` has made a statement, and it is kept: the document is quarantined
  as unknown rather than given the contract's default, which only covers records that carry no
  licence field at all ("never silently included").
- **page**: the ``licence_hints`` ingest found (rel=license links, CC badges, dcterms/DC.rights
  meta, wiki footers). Distinct licences a page states are combined with ``AND``: every
  statement found must allow the use. A page whose statements are all unrecognised is quarantined
  as unknown rather than falling back to the contract: it said something we cannot read.
- **contract**: the source contract's ``licence``.
"""

from __future__ import annotations

from dataclasses import dataclass

from provenance.rights.policy import LicencePolicy, LicenceResolution


@dataclass(frozen=True)
class DocumentLicence:
    resolution: LicenceResolution
    #: 'record' | 'page' | 'contract'
    source: str
    #: what each page statement resolved to (page source only), for the evidence
    hints: tuple[dict, ...] = ()

    def as_evidence(self) -> dict:
        out = {"source": self.source, **self.resolution.as_evidence()}
        if self.hints:
            out["hints"] = list(self.hints)
        return out


def _states_licence(value: str | None) -> bool:
    return bool(value and value.strip())


def resolve_document_licence(record_licence: str | None, licence_hints: list[str] | None, contract_licence: str,
                             policy: LicencePolicy) -> DocumentLicence:
    """The licence a document is published under, with where it was read from."""
    if _states_licence(record_licence):
        return DocumentLicence(policy.resolve(record_licence.strip()), "record")
    hints = [h.strip() for h in dict.fromkeys(licence_hints or ()) if h and h.strip()]
    if hints:
        resolved = [(h, policy.resolve(h)) for h in hints]
        evidence = tuple({"hint": h, "expression": r.expression, "recognised_as": r.recognised_as} for h, r in resolved)
        expressions = list(dict.fromkeys(r.expression for _, r in resolved if r.expression))
        if not expressions:
            unknown = policy.resolve(None)
            why = "the page states a licence the policy does not recognise: " + "; ".join(r.why for _, r in resolved)
            return DocumentLicence(
                LicenceResolution(raw=" | ".join(hints), expression=None, spdx=None, licence_class="unknown",
                                  decision=unknown.decision, share_alike=False, reason=unknown.reason,
                                  recognised_as="unrecognised", why=why),
                "page", evidence)
        combined = expressions[0] if len(expressions) == 1 else " AND ".join(f"({e})" for e in expressions)
        resolution = policy.resolve(combined)
        return DocumentLicence(
            LicenceResolution(
                raw=" | ".join(hints), expression=resolution.expression, spdx=resolution.spdx,
                licence_class=resolution.licence_class, decision=resolution.decision,
                share_alike=resolution.share_alike, reason=resolution.reason, recognised_as="page",
                why="; ".join(f"{e['hint']!r} read as {e['expression']}" for e in evidence if e["expression"])
                    + (f"; {resolution.why}" if resolution.why else ""),
                licences=resolution.licences,
            ),
            "page", evidence)
    return DocumentLicence(policy.resolve(contract_licence), "contract")
