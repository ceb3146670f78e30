"""The lineage database's tables and views: their names, what each row is, and what each column means.

This is the one place the legal team's vocabulary is defined, in three parts listed in the order
docs/legal.md shows them: ``tables_records``, ``tables_rights``, ``tables_releases`` and ``tables_withdrawals``.
:mod:`provenance.lineage.build` creates exactly these columns (a test holds it to that), attaches
these descriptions as DuckDB comments (``SELECT * FROM duckdb_columns()`` shows them), and
``docs/legal.md`` lists them.
No table holds a document's text or a detected personal value. The only names of people it holds
are the ones the README's "Personal data" section lists, each for the reason it gives: an author
kept for the credit a licence requires (``documents.author``, ``attribution``), and names in the
titles of a source whose contract keeps person names, with its written basis.
"""

from __future__ import annotations

from provenance.lineage.relation import Relation
from provenance.lineage.tables_records import RECORD_RELATIONS
from provenance.lineage.tables_releases import RELEASE_RELATIONS
from provenance.lineage.tables_rights import RIGHTS_RELATIONS
from provenance.lineage.tables_withdrawals import WITHDRAWAL_RELATIONS

RELATIONS: tuple[Relation, ...] = (*RECORD_RELATIONS, *RIGHTS_RELATIONS, *RELEASE_RELATIONS, *WITHDRAWAL_RELATIONS)

BY_NAME = {r.name: r for r in RELATIONS}


def markdown() -> str:
    """Every table and view with its columns, as Markdown (docs/legal.md embeds this)."""
    out = []
    for relation in RELATIONS:
        out.append(f"### `{relation.name}` ({relation.kind})\n\n{relation.description}\n")
        out.append("| column | meaning |\n|---|---|")
        # A '|' inside a cell would end it: vocabularies such as "redact | keep" are escaped.
        out.extend(f"| `{name}` | {doc.replace('|', chr(92) + '|')} |" for name, doc in relation.columns)
        out.append("")
    return "\n".join(out)
