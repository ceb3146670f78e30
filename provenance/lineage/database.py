"""Opening the published lineage database for reading: read-only, with errors that say what to do."""

from __future__ import annotations

from pathlib import Path

import duckdb

from provenance.workspace import HOME_ENV


class LineageDatabaseError(RuntimeError):
    """The lineage database is missing or cannot be opened; ``str()`` names the file and what to do."""


def connect_readonly(db: str | Path | duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A read-only connection to ``db`` (a path), or ``db`` itself when it is already a connection.

    Read-only readers never block the pipeline: the builder writes a new file and swaps it in,
    so a reader keeps the snapshot it opened until it reconnects.
    """
    if isinstance(db, duckdb.DuckDBPyConnection):
        return db
    path = Path(db)
    if not path.is_file():
        raise LineageDatabaseError(
            f"{path}: no lineage database here; build it with `provenance run` (or materialise the "
            f"lineage_db asset), or point ${HOME_ENV} at the workspace that has one"
        )
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.IOException as exc:
        text = str(exc)
        if "WAL" in text:
            raise LineageDatabaseError(
                f"{path}: someone opened the lineage database read-write and changed it, and that session "
                f"is still open ({path.name}.wal belongs to an older snapshot); close it. Open the database "
                "read-only (`duckdb -readonly`) and keep your own tables in a database of your own"
            ) from None
        raise LineageDatabaseError(f"{path}: cannot be opened as a DuckDB database ({text})") from None
    except duckdb.Error as exc:
        raise LineageDatabaseError(f"{path}: cannot be opened as a DuckDB database ({exc})") from None


def owns(db) -> bool:
    """True when ``db`` is a path: the caller opened the connection and must close it."""
    return not isinstance(db, duckdb.DuckDBPyConnection)
