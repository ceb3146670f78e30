"""The licence policy file's entries: each licence's class, decision and attribution template, and its aliases."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from provenance.contracts import Problem
from provenance.rights import licence_names
from provenance.rights.attribution import PLACEHOLDERS, template_placeholders


@dataclass(frozen=True)
class LicenceEntry:
    """One licence the policy knows: its class, decision and attribution template."""

    id: str
    licence_class: str
    decision: str
    name: str = ""
    url: str = ""
    attribution: str | None = None
    #: set when the entry is derived (a Creative Commons port following its unported version)
    derived_from: str | None = None

    @property
    def requires_attribution(self) -> bool:
        return bool(self.attribution) or self.licence_class in ("attribution", "share_alike")


def template_problems(path: Path, templates: dict[str, str]) -> list[Problem]:
    """The attribution templates that use a placeholder nobody fills."""
    problems: list[Problem] = []
    for name, template in templates.items():
        unknown = template_placeholders(template) - PLACEHOLDERS
        if unknown:
            problems.append(
                Problem(
                    path,
                    f"attribution_templates.{name}",
                    f"unknown placeholder(s) {sorted(unknown)}; known: {sorted(PLACEHOLDERS)}",
                )
            )
    return problems


def licence_entries(
    path: Path, items: list[dict[str, Any]], problems: list[Problem]
) -> tuple[dict[str, LicenceEntry], dict[str, str], dict[str, str]]:
    """(entries by id, id by folded id, id by alias key) of the policy's ``licences``; clashing aliases go to problems."""
    entries: dict[str, LicenceEntry] = {}
    by_folded: dict[str, str] = {}
    aliases: dict[str, str] = {}
    alias_owner: dict[str, int] = {}
    spdx = licence_names.spdx_ids()
    for i, item in enumerate(items):
        raw_id = item["id"]
        # Canonical case for SPDX ids ("cc-by-4.0" is CC-BY-4.0), the policy's own for LicenseRef-.
        entry_id = spdx.get(raw_id.casefold(), raw_id)
        entries[entry_id] = LicenceEntry(
            id=entry_id,
            licence_class=item["class"],
            decision=item["decision"],
            name=item.get("name", ""),
            url=item.get("url", ""),
            attribution=item.get("attribution"),
        )
        by_folded[entry_id.casefold()] = entry_id
        for alias in [entry_id, *item.get("aliases", [])]:
            key = licence_names.alias_key(alias)
            if not key:
                continue
            if key in alias_owner and alias_owner[key] != i:
                problems.append(
                    Problem(
                        path,
                        f"licences.{i}.aliases",
                        f"{alias!r} reads the same as an alias of licences.{alias_owner[key]}",
                    )
                )
                continue
            alias_owner[key] = i
            aliases[key] = entry_id
    return entries, by_folded, aliases
