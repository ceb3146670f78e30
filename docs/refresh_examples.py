"""Re-run every example in the legal guides on a demo workspace and write the real answers back.

The README's ten SQL questions and `docs/legal.md`'s `provenance query` examples quote their
answers on the demo data. When a stage changes what the demo produces (a better redaction
changes sample texts, hence sample ids and the release id), run:

    PROVENANCE_HOME=/tmp/demo .venv/bin/provenance demo
    PROVENANCE_HOME=/tmp/demo .venv/bin/python docs/refresh_examples.py README.md docs/legal.md

Each ```sql block followed by a ```text block gets that block replaced by the query's answer;
each ```text block whose first line is `$ provenance ...` is re-run as a command. Release ids
and sample ids are mapped to the current ones (a sample by the document it came from).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import duckdb

BLOCK = re.compile(r"```(sql|text)\n(.*?)```", re.S)
RELEASE_ID = re.compile(r"\br-[0-9a-f]{12}\b")
HEX32 = re.compile(r"\b[0-9a-f]{32}\b")
WIDTH = 118


def _cell(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def render(con: duckdb.DuckDBPyConnection, sql: str) -> str:
    """The answer as a DuckDB-style box, long values wrapped (not cut) so a reader sees them whole."""
    statements = [s for s in (part.strip() for part in sql.split(";")) if s]
    relation = con.sql(statements[-1])
    names, types = relation.columns, [str(t) for t in relation.types]
    rows = [[_cell(v) for v in row] for row in relation.fetchall()]
    numeric = [
        t.upper() in ("BIGINT", "INTEGER", "HUGEINT", "DOUBLE", "FLOAT", "DECIMAL", "SMALLINT")
        or t.upper().startswith("DECIMAL")
        for t in types
    ]
    types = [
        {
            "BIGINT": "int64",
            "INTEGER": "int32",
            "DOUBLE": "double",
            "VARCHAR": "varchar",
            "DATE": "date",
            "BOOLEAN": "boolean",
            "TIMESTAMP WITH TIME ZONE": "timestamp with time zone",
        }.get(t.upper(), t.lower())
        for t in types
    ]
    widths = [
        max([len(n), len(t), *(len(r[i]) for r in rows)]) for i, (n, t) in enumerate(zip(names, types, strict=True))
    ]
    floor = [max(len(n), len(t), 6) for n, t in zip(names, types, strict=True)]
    while sum(widths) + 3 * len(widths) + 1 > WIDTH and any(w > f for w, f in zip(widths, floor, strict=True)):
        i = max(range(len(widths)), key=lambda k: widths[k] - floor[k] if widths[k] > floor[k] else -1)
        widths[i] -= 1

    def line(left, mid, right):
        return left + mid.join("─" * (w + 2) for w in widths) + right

    def cells(values, align):
        chunks = [
            [v[k : k + w] for k in range(0, max(len(v), 1), w)] or [""] for v, w in zip(values, widths, strict=True)
        ]
        height = max(len(c) for c in chunks)
        out = []
        for j in range(height):
            parts = []
            for c, w, a in zip(chunks, widths, align, strict=True):
                text = c[j] if j < len(c) else ""
                parts.append(text.center(w) if a == "c" else text.rjust(w) if a == "r" else text.ljust(w))
            out.append("│ " + " │ ".join(parts) + " │")
        return out, height > 1

    body, wrapped = [], False
    for row in rows:
        lines, tall = cells(row, ["r" if n else "l" for n in numeric])
        body.append(lines)
        wrapped |= tall
    out = [
        line("┌", "┬", "┐"),
        *cells(names, "c" * len(names))[0],
        *cells(types, "c" * len(types))[0],
        line("├", "┼", "┤"),
    ]
    for k, lines in enumerate(body):
        if k and wrapped:
            out.append(line("├", "┼", "┤"))
        out.extend(lines)
    out.append(line("└", "┴", "┘"))
    return "\n".join(out) + "\n"


def sample_map(con: duckdb.DuckDBPyConnection, old_block: str) -> dict[str, str]:
    """Old sample id -> the current sample of the same document (found among the block's ids)."""
    current = {r[0] for r in con.execute("SELECT sample_id FROM samples").fetchall()}
    mapping = {}
    ids = HEX32.findall(old_block)
    for old in ids:
        if old in current:
            continue
        for doc in ids:
            rows = con.execute("SELECT sample_id FROM samples WHERE doc_id = ?", [doc]).fetchall()
            if rows:
                mapping[old] = rows[0][0]
                break
    return mapping


def run_command(line: str, home: Path, old_lines: int, cut: int | None) -> str:
    words = shlex.split(line[2:])
    env = {
        "PROVENANCE_PII_KEY": str(home / "keys" / "pii_hmac.key"),
        **os.environ,
        "PROVENANCE_HOME": str(home),
        "COLUMNS": str(WIDTH),
        "NO_COLOR": "1",
    }
    while words and "=" in words[0]:  # VAR=... prefixes are placeholders in the guide
        words.pop(0)
    executable = Path(sys.executable).parent / words[0]
    out = subprocess.run([str(executable), *words[1:]], capture_output=True, text=True, env=env, check=True).stdout
    lines = [row.rstrip() for row in out.rstrip("\n").splitlines()[: max(old_lines - 1, 1)]]
    if cut:
        lines = [row[:cut] for row in lines]
    return "\n".join([line, *lines]) + "\n"


def refresh(path: Path, con: duckdb.DuckDBPyConnection, home: Path) -> None:
    text = path.read_text(encoding="utf-8")
    release = con.execute("SELECT max(release_id) FROM releases").fetchall()[0][0]
    text = RELEASE_ID.sub(release, text)
    pieces, last, previous_sql = [], 0, None
    for match in BLOCK.finditer(text):
        kind, body = match.groups()
        pieces.append(text[last : match.start()])
        if kind == "sql":
            previous_sql = body
            pieces.append(match.group(0))
        elif previous_sql is not None and text[last : match.start()].count("```") == 0:
            pieces.append(f"```text\n{render(con, previous_sql)}```")
            previous_sql = None
        elif body.startswith(("$ provenance", "$ PROVENANCE_")):
            first, _, _rest = body.partition("\n")
            for old, new in sample_map(con, body).items():
                first = first.replace(old, new)
            cut = 400 if "cut at 400 characters" in text[max(0, match.start() - 300) : match.start()] else None
            pieces.append(f"```text\n{run_command(first, home, len(body.splitlines()), cut)}```")
            previous_sql = None
        else:
            pieces.append(match.group(0))
            previous_sql = None
        last = match.end()
    pieces.append(text[last:])
    path.write_text("".join(pieces), encoding="utf-8")


def main() -> None:
    home = Path(os.environ.get("PROVENANCE_HOME", "var"))
    con = duckdb.connect(str(home / "lineage.duckdb"), read_only=True)
    for name in sys.argv[1:]:
        refresh(Path(name), con, home)
        print(f"refreshed {name}")


if __name__ == "__main__":
    main()
