"""Run by another DuckDB's interpreter (tests/lineage/test_old_duckdb.py): open a lineage database read-only and
print, as JSON, the DuckDB version, every table's and view's row count, the commented columns and one lookup.

Imports nothing but duckdb: the interpreter that runs it has nothing else installed.
"""

import json
import sys

import duckdb

con = duckdb.connect(sys.argv[1], read_only=True)
relations = con.execute(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name"
).fetchall()
rows = {name: con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for (name,) in relations}
comments = con.execute("SELECT count(*) FROM duckdb_columns() WHERE comment IS NOT NULL").fetchone()[0]
url = sys.argv[2]
by_url = [doc_id for (doc_id,) in con.execute("SELECT doc_id FROM documents WHERE url = ?", [url]).fetchall()]
print(json.dumps({"version": duckdb.__version__, "rows": rows, "comments": comments, "by_url": by_url}))
