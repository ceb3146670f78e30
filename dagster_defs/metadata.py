"""Materialisation metadata shared by the assets: column schemas, per-dump figures, whole-asset row counts.

What the Dagster UI does with metadata decides how it is written here (docs/ui.md shows it):
- the overview's "Row count" is `dagster/row_count` of the latest materialisation, else of the latest
  observation; a per-dump materialisation therefore carries `rows_in_dump`, and an observation without a
  partition carries the whole asset's `dagster/row_count`, summed over every dump's published output;
- a check's "Plots" chain every numeric value of its executions in time order, whatever the partition, so a
  per-dump check reports its figures as a one-row table, which is never plotted.
"""

from collections.abc import Callable, Mapping
from typing import TypeVar

import dagster as dg
import pyarrow as pa

from dagster_defs.partitions import DUMPS
from provenance.layout import StageOutput
from provenance.stats import StageStats
from provenance.workspace import Workspace

S = TypeVar("S", bound=StageStats)

#: Per-partition materialisation key holding the rows this dump contributes (never `dagster/row_count`).
ROWS_IN_DUMP = "rows_in_dump"
ROW_COUNT = "dagster/row_count"
COLUMN_SCHEMA = "dagster/column_schema"


def table_schema(schema: pa.Schema) -> dg.TableSchema:
    """The Arrow schema as Dagster columns, each described by its field's ``doc`` metadata."""
    return dg.TableSchema(
        columns=[
            dg.TableColumn(
                f.name,
                str(f.type),
                description=field_doc(f),
                constraints=dg.TableColumnConstraints(nullable=f.nullable),
            )
            for f in schema
        ]
    )


def field_doc(field: pa.Field) -> str | None:
    doc = (field.metadata or {}).get(b"doc")
    return doc.decode("utf-8") if doc else None


def counts_table(header: tuple[str, str], counts: dict) -> str:
    """A Markdown table of counts by key, sorted by key; one '(none) | 0' row when empty."""
    lines = [f"| {header[0]} | {header[1]} |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in sorted(counts.items())] or ["| (none) | 0 |"]
    return "\n".join(lines) + "\n"


def dump_figures(dump_id: str, figures: Mapping[str, int | float | str]) -> dg.TableMetadataValue:
    """A per-dump check's figures as one table row headed by the dump: shown, never plotted across dumps."""
    row = {"dump": dump_id, **figures}
    types = {bool: "bool", int: "int", float: "float", str: "string"}
    return dg.MetadataValue.table(
        records=[dg.TableRecord(row)],
        schema=dg.TableSchema(columns=[dg.TableColumn(k, types[type(v)]) for k, v in row.items()]),
    )


def whole_asset_rows(
    context: dg.AssetExecutionContext, ws: Workspace, stage: StageOutput[S], count: Callable[[S], int]
) -> dg.AssetObservation:
    """An observation of the whole partitioned asset: its rows (``count`` of each dump's stats) over every dump
    that is a partition and has a published output, read from each dump's ``_stats.json`` (no data file is
    opened). A dump whose stats file is missing or does not load is left out and named in the description."""
    partitions = set(context.instance.get_dynamic_partitions(DUMPS))
    rows: dict[str, int] = {}
    unreadable: list[str] = []
    for d in ws.stage_dumps(stage):
        if d not in partitions:
            continue
        try:
            stats = ws.stats(stage, d)
        except ValueError:
            stats = None
        if stats is None:
            unreadable.append(d)
        else:
            rows[d] = count(stats)
    total = sum(rows.values())
    return dg.AssetObservation(
        asset_key=context.asset_key,
        description=f"{total} rows over {len(rows)} dump(s), as of this observation"
        + (f"; no readable stats for {', '.join(unreadable)}" if unreadable else ""),
        metadata={
            ROW_COUNT: total,
            "dumps_counted": len(rows),
            "rows_by_dump": dg.MetadataValue.table(
                records=[dg.TableRecord({"dump": d, "rows": n}) for d, n in sorted(rows.items())],
                schema=dg.TableSchema(columns=[dg.TableColumn("dump", "string"), dg.TableColumn("rows", "int")]),
            ),
        },
    )
