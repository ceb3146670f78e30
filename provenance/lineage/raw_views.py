"""Each stage's Parquet files as the ``raw_<kind>`` views the lineage SQL reads (never a document's text).

A view is generated per kind of stage output (:data:`provenance.lineage.inputs.KINDS`): its columns
over all its files, empty with the right types when there are none, with null in a late column
for files written before it existed, and with the release id for certify's decision files.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from provenance.lineage.inputs import KINDS, Inputs, Kind
from provenance.lineage.sql import literal

#: the kind read once per release, each file tagged with the release it belongs to
PER_RELEASE = "cert_decisions"


def register_raw_views(con: duckdb.DuckDBPyConnection, inputs: Inputs) -> None:
    """``raw_<name>`` for every kind of stage output ``inputs`` found."""
    for name, kind in KINDS.items():
        _register_raw(con, name, kind, inputs.files[name], release_column=name == PER_RELEASE, lacking=inputs.lacking)


def _register_raw(
    con: duckdb.DuckDBPyConnection,
    name: str,
    kind: Kind,
    files: list[tuple[str, Path]],
    *,
    release_column: bool,
    lacking: dict[tuple[str, Path], tuple[str, ...]],
) -> None:
    """``raw_<name>``: the kind's columns over all its files (empty, with the right types, when there are none).
    Files written before a late column existed give null in it."""
    columns = ", ".join(f'"{c}"' for c in kind.columns)
    older = [(key, path) for key, path in files if lacking.get((name, path))]
    if older and not release_column:
        current = [(key, path) for key, path in files if (key, path) not in older]
        parts = [_select_lacking(kind, path, lacking[(name, path)]) for _, path in older]
        if current:
            listing = ", ".join(literal(str(path)) for _, path in current)
            parts.insert(0, f"SELECT {columns} FROM read_parquet([{listing}], union_by_name=true)")
        con.execute(f"CREATE TEMP VIEW raw_{name} AS " + " UNION ALL BY NAME ".join(parts))
        return
    if not files:
        empty = pa.schema([kind.schema.field(c) for c in kind.columns]).empty_table()
        if release_column:
            empty = empty.append_column("release_id", pa.array([], pa.string()))
        con.register(f"empty_{name}", empty)
        con.execute(f"CREATE TEMP VIEW raw_{name} AS SELECT * FROM empty_{name}")
        return
    if release_column:
        parts = [
            f"SELECT {columns}, {literal(key)} AS release_id FROM read_parquet({literal(str(path))})"
            for key, path in files
        ]
        con.execute(f"CREATE TEMP VIEW raw_{name} AS " + " UNION ALL ".join(parts))
        return
    listing = ", ".join(literal(str(path)) for _, path in files)
    con.execute(f"CREATE TEMP VIEW raw_{name} AS SELECT {columns} FROM read_parquet([{listing}], union_by_name=true)")


def _select_lacking(kind: Kind, path: Path, absent: tuple[str, ...]) -> str:
    columns = ", ".join(f'NULL::VARCHAR AS "{c}"' if c in absent else f'"{c}"' for c in kind.columns)
    return f"SELECT {columns} FROM read_parquet({literal(str(path))})"
