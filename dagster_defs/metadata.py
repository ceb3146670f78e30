"""Materialisation metadata shared by the assets: column schemas and two-column count tables."""

import dagster as dg
import pyarrow as pa


def table_schema(schema: pa.Schema) -> dg.TableSchema:
    return dg.TableSchema(columns=[dg.TableColumn(f.name, str(f.type)) for f in schema])


def counts_table(header: tuple[str, str], counts: dict) -> str:
    """A Markdown table of counts by key, sorted by key; one '(none) | 0' row when empty."""
    lines = [f"| {header[0]} | {header[1]} |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in sorted(counts.items())] or ["| (none) | 0 |"]
    return "\n".join(lines) + "\n"
