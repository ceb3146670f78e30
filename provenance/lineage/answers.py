"""What every legal question shares: one read-only connection per question, the Story it answers with, its errors.

Each question takes ``db``: a path to ``lineage.duckdb`` (opened read-only, so a query never blocks the
pipeline) or an open DuckDB connection. Its SQL is a named block of a ``.sql`` file of this package
(:func:`provenance.lineage.sql.render`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from provenance.lineage.database import connect_readonly, owns


class LineageQueryError(LookupError):
    """The id, URL, release or name asked about is not in the lineage database; ``str()`` says what is."""


@dataclass
class Story:
    """The full story of one sample, document or rights holder: facts, then tables of details."""

    title: str
    facts: dict[str, Any]
    sections: dict[str, pa.Table] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "facts": self.facts,
            "sections": {name: table.to_pylist() for name, table in self.sections.items()},
        }


class Question:
    """A read-only connection for one question, closed afterwards when we opened it."""

    def __init__(self, db):
        self.db = db
        self.con = connect_readonly(db)

    def __enter__(self) -> Question:
        return self

    def __exit__(self, *exc) -> None:
        if owns(self.db):
            self.con.close()

    def table(self, sql: str, params: list | None = None) -> pa.Table:
        try:
            return arrow_table(self.con, sql, params)
        except duckdb.CatalogException as exc:
            # A database built by an older version lacks a table a newer question reads.
            where = f"{self.db}: " if owns(self.db) else ""
            raise LineageQueryError(
                f"{where}this lineage database lacks what the question reads ({exc}); it was "
                "built by an older version: rebuild it with `provenance run`"
            ) from None

    def row(self, sql: str, params: list | None = None) -> dict | None:
        rows = self.table(sql, params).to_pylist()
        return rows[0] if rows else None


def arrow_table(con, sql: str, params: list | None = None) -> pa.Table:
    """The result of ``sql`` as an Arrow table (DuckDB 2 names the method ``to_arrow_table``, 1.x ``arrow``)."""
    relation = con.sql(sql, params=params or None)
    to_table = getattr(relation, "to_arrow_table", None) or relation.arrow
    return to_table()
