"""One table or view of the lineage database: its name, what a row is, and what each column means."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Relation:
    name: str
    kind: str  # "table" | "view"
    description: str
    columns: tuple[tuple[str, str], ...]

    @property
    def column_names(self) -> list[str]:
        return [name for name, _ in self.columns]


def relation(name: str, kind: str, description: str, *columns: tuple[str, str]) -> Relation:
    return Relation(name, kind, description, tuple(columns))
