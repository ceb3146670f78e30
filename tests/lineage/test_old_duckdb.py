"""lineage.duckdb opens with the oldest DuckDB the README names, not only with the one that wrote it.

`make test` installs that DuckDB (tests/lineage/oldest-duckdb.txt) into .venv-duckdb-old; the file is opened there
in a subprocess, read-only, and every table and view is read. Outside CI a missing side environment skips the
test with the command that makes it; in CI (CI=true) it fails.
"""

import json
import os
import re
import subprocess
from pathlib import Path

import duckdb
import pytest

from provenance.lineage.build import OLDEST_READER, STORAGE_COMPATIBILITY
from provenance.lineage.tables import RELATIONS

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
PIN = HERE / "oldest-duckdb.txt"
OLD_PYTHON = REPO / ".venv-duckdb-old" / "bin" / "python"


def _old_python() -> Path:
    if OLD_PYTHON.exists():
        return OLD_PYTHON
    message = f"{OLD_PYTHON} is missing: `make .venv-duckdb-old/.installed` installs the DuckDB of {PIN.name}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def _read_with(python: Path, db: Path, url: str) -> dict:
    done = subprocess.run(
        [str(python), str(HERE / "old_duckdb_reader.py"), str(db), url],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_the_pinned_old_duckdb_is_the_oldest_reader_the_readme_names():
    pins = re.findall(r"^duckdb==(\S+)$", PIN.read_text(encoding="utf-8"), re.MULTILINE)
    assert pins == [OLDEST_READER]
    for guide, heading in (("README.md", "### Opening it"), ("docs/legal.md", "## Opening it")):
        opening = (REPO / guide).read_text(encoding="utf-8").split(heading + "\n", 1)[1].split("\n#", 1)[0]
        assert f"DuckDB {OLDEST_READER.rsplit('.', 1)[0]} or later" in opening, guide


def test_the_file_is_written_in_a_storage_format_the_oldest_reader_knows(db):
    with duckdb.connect(str(db), read_only=True) as con:
        tags = con.execute("SELECT tags FROM duckdb_databases() WHERE database_name = current_database()").fetchone()[
            0
        ]
    # DuckDB names a format by the first release that wrote it ("v1.0.0+" for the one DuckDB 1.1 writes).
    written = tags.get("storage_version", "v1.0.0+")
    assert re.fullmatch(r"v\d+\.\d+\.\d+\+", written), written

    def version(text: str) -> tuple[int, ...]:
        return tuple(int(part) for part in text.strip("v+").split("."))

    assert version(written) <= version(STORAGE_COMPATIBILITY) <= version(OLDEST_READER)


def test_the_oldest_duckdb_the_readme_names_opens_the_lineage_file_and_reads_every_table_and_view(db):
    python = _old_python()
    with duckdb.connect(str(db), read_only=True) as con:
        url = con.execute("SELECT url FROM documents WHERE url IS NOT NULL ORDER BY doc_id LIMIT 1").fetchone()[0]
        expected_rows = {r.name: con.execute(f'SELECT count(*) FROM "{r.name}"').fetchone()[0] for r in RELATIONS}
        expected_by_url = [d for (d,) in con.execute("SELECT doc_id FROM documents WHERE url = ?", [url]).fetchall()]
    answer = _read_with(python, db, url)
    assert answer["version"] == OLDEST_READER
    assert {name: answer["rows"].get(name) for name in expected_rows} == expected_rows
    assert answer["comments"] == sum(len(r.columns) for r in RELATIONS)
    assert answer["by_url"] == expected_by_url and expected_by_url
