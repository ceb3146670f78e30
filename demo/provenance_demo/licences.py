"""The licence statements the demo plants, what each must resolve to, and the decisions that follow.

These are the generator's expectations, written from the licences' texts and a natural policy
(public domain included; Licence Ouverte and CC BY included with attribution; CC BY-SA with
its share-alike obligation; NC and ND excluded; unknown quarantined; any effective
reservation excluded). They are deliberately independent of the rights stage's code, so that
the stage is tested against them rather than against itself.
"""

from __future__ import annotations

from dataclasses import dataclass

CLASS_DECISION = {
    "public_domain": "include",
    "attribution": "include_with_attribution",
    "share_alike": "include_with_share_alike",
    "non_commercial": "excluded",
    "no_derivatives": "excluded",
    "unknown": "quarantined",
}
#: Among duplicates the most permissive allowed class survives (issue 5's rule).
CLASS_RANK = {"public_domain": 0, "attribution": 1, "share_alike": 2}
INCLUDED = ("include", "include_with_attribution", "include_with_share_alike")


@dataclass(frozen=True)
class Expected:
    #: the SPDX id or expression the rights stage must resolve; None when unknown
    spdx: str | None
    licence_class: str

    @property
    def decision(self) -> str:
        return CLASS_DECISION[self.licence_class]


#: Every statement the generator writes, as a record or a page writes it, and what it means.
STATEMENTS: dict[str, Expected] = {
    "etalab-2.0": Expected("etalab-2.0", "attribution"),
    "Licence Ouverte v2.0": Expected("etalab-2.0", "attribution"),
    "Licence Ouverte / Open Licence version 2.0": Expected("etalab-2.0", "attribution"),
    "LicenseRef-Licence-Ouverte-1.0": Expected("LicenseRef-Licence-Ouverte-1.0", "attribution"),
    "Licence Ouverte 1.0": Expected("LicenseRef-Licence-Ouverte-1.0", "attribution"),
    "CC-BY-4.0": Expected("CC-BY-4.0", "attribution"),
    "CC BY 4.0": Expected("CC-BY-4.0", "attribution"),
    "https://creativecommons.org/licenses/by/4.0/": Expected("CC-BY-4.0", "attribution"),
    "CC-BY-SA-4.0": Expected("CC-BY-SA-4.0", "share_alike"),
    "CC BY-SA 4.0": Expected("CC-BY-SA-4.0", "share_alike"),
    "https://creativecommons.org/licenses/by-sa/4.0/": Expected("CC-BY-SA-4.0", "share_alike"),
    "CC0-1.0": Expected("CC0-1.0", "public_domain"),
    "https://creativecommons.org/publicdomain/zero/1.0/": Expected("CC0-1.0", "public_domain"),
    "CC-BY-NC-4.0": Expected("CC-BY-NC-4.0", "non_commercial"),
    "https://creativecommons.org/licenses/by-nc/4.0/": Expected("CC-BY-NC-4.0", "non_commercial"),
    "CC-BY-ND-4.0": Expected("CC-BY-ND-4.0", "no_derivatives"),
    "CC BY-ND 4.0": Expected("CC-BY-ND-4.0", "no_derivatives"),
    "https://creativecommons.org/licenses/by-nd/4.0/": Expected("CC-BY-ND-4.0", "no_derivatives"),
    # OR: the best allowed branch wins.
    "CC-BY-4.0 OR CC-BY-NC-4.0": Expected("CC-BY-4.0", "attribution"),
    # AND: every part must allow; the most restrictive class governs.
    "CC-BY-4.0 AND CC-BY-SA-4.0": Expected("CC-BY-4.0 AND CC-BY-SA-4.0", "share_alike"),
    "CC-BY-SA-4.0 AND CC-BY-NC-4.0": Expected("CC-BY-SA-4.0 AND CC-BY-NC-4.0", "non_commercial"),
    # No licence granted: unknown, quarantined for review.
    "Tous droits réservés": Expected(None, "unknown"),
    "All rights reserved": Expected(None, "unknown"),
    "NOASSERTION": Expected(None, "unknown"),
}


def expected(statement: str | None, contract_default: str) -> Expected:
    """What a record's licence resolves to: its own statement, else the contract's default."""
    return STATEMENTS[statement if statement is not None else contract_default]


def rights_decision(licence: Expected, reserved: bool) -> str:
    return "excluded" if reserved else licence.decision


def survivor_key(licence_class: str, priority: int, published_at: str | None, record_id: str) -> tuple:
    """Sort key of a duplicate candidate: the smallest survives (class, then priority, then earliest)."""
    return (CLASS_RANK[licence_class], -priority, published_at or "9999", record_id)
