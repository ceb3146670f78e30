"""Every figure of the training-content summary, computed from the lineage database by the queries of
``summary.sql`` (each block is shown in docs/legal.md, so every figure can be reproduced)."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from provenance.lineage.sql import VALUES, list_literal

_BLOCK = re.compile(r"^-- name: ([a-z][a-z0-9_]*)\s*$")
_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


class SummaryError(Exception):
    """The summary cannot be written: an unknown release, a missing lineage database or shard."""


@cache
def blocks() -> dict[str, str]:
    """The statements of ``summary.sql`` by block name, as written (placeholders unfilled)."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    text = resources.files(__package__).joinpath("summary.sql").read_text(encoding="utf-8")
    for line in text.splitlines():
        marker = _BLOCK.match(line)
        if marker:
            current = found.setdefault(marker.group(1), [])
        elif current is not None:
            current.append(line)
    return {name: "\n".join(lines).strip() + "\n" for name, lines in found.items()}


def render(block: str, **values: str) -> str:
    """Block ``block`` with its ``{placeholders}`` filled from ``values``, then the lineage's vocabularies."""
    known = {**VALUES, **values}

    def fill(match: re.Match[str]) -> str:
        if match.group(1) not in known:
            raise KeyError(f"summary.sql, block {block}: no value for {{{match.group(1)}}}")
        return known[match.group(1)]

    return _PLACEHOLDER.sub(fill, blocks()[block])


def _rows(con: duckdb.DuckDBPyConnection, block: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    cursor = con.execute(render(block), params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _shard_files(con: duckdb.DuckDBPyConnection, release: dict[str, Any]) -> list[str]:
    rows = _rows(con, "shard_files", [release["release_id"]])
    files = [Path(release["path"]) / r["shard"] for r in rows]
    missing = [str(f) for f in files if not f.is_file()]
    if not files or missing:
        raise SummaryError(
            f"release {release['release_id']}: shard files missing: {', '.join(missing) or 'none listed'} "
            "(rebuild the lineage after the release is published)"
        )
    return [str(f) for f in files]


def _release(con: duckdb.DuckDBPyConnection, release_id: str) -> dict[str, Any]:
    rows = _rows(con, "release", [release_id])
    if not rows:
        known = [r[0] for r in con.execute("SELECT release_id FROM releases ORDER BY release_id").fetchall()]
        raise SummaryError(
            f"no release {release_id!r} in the lineage database; releases: {', '.join(known) or 'none'}"
        )
    return rows[0]


def compute(lineage_db: Path, release_id: str) -> dict[str, Any]:
    """Every figure of the summary of ``release_id``, by block name of ``summary.sql``."""
    if not lineage_db.is_file():
        raise SummaryError(f"{lineage_db}: no lineage database (run `provenance run` or the lineage asset first)")
    with duckdb.connect(str(lineage_db), read_only=True) as con:
        release = _release(con, release_id)
        con.execute(render("released", shard_files=list_literal(_shard_files(con, release))))
        with_release = {"requests_honoured", "denylist"}
        figures: dict[str, Any] = {"release": release}
        for block in blocks():
            if block in {"release", "shard_files", "released"}:
                continue
            figures[block] = _rows(con, block, [release_id] if block in with_release else None)
    return figures
