"""Printing query answers: readable tables for people (rich), CSV and JSON for scripts.

Answers are Arrow tables or :class:`provenance.lineage.answers.Story` objects (facts plus detail
tables). CSV of a story is long-form (``section,item,field,value``), so one file holds all of it.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import re
import sys
from collections.abc import Iterable
from enum import Enum
from typing import Any, TextIO

import pyarrow as pa
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from provenance.lineage.answers import Story


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def plain(value: Any) -> Any:
    """A JSON-ready value: ISO dates, plain numbers, lists as lists."""
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def text(value: Any) -> str:
    """How one value reads in a table cell or a CSV field."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


_LONG_HEX = re.compile(r"^[0-9a-f]{40,}$")


def cell(value: Any) -> str:
    """A table cell: like :func:`text`, with long digests shortened (CSV and JSON keep them whole)."""
    out = text(value)
    return out[:12] + "…" if _LONG_HEX.match(out) else out


def _rows(table: pa.Table) -> list[dict]:
    return [{k: plain(v) for k, v in row.items()} for row in table.to_pylist()]


def rich_table(table: pa.Table, title: str | None = None, limit: int | None = None) -> Table:
    out = Table(title=Text(title) if title else None, show_lines=False, title_justify="left", expand=False)
    for name in table.column_names:
        out.add_column(name, overflow="fold")
    rows = table.to_pylist()
    for row in rows[:limit] if limit else rows:
        out.add_row(*(Text(cell(v)) for v in row.values()))
    if limit and len(rows) > limit:
        out.caption = f"{limit} of {len(rows)} rows"
    return out


def expanded(table: pa.Table, title: str | None = None, limit: int | None = None) -> list[Table]:
    """One field/value block per row, for answers too wide to read as columns (like psql's \\x)."""
    rows = table.to_pylist()
    out = []
    for i, row in enumerate(rows[:limit] if limit else rows):
        block = Table(
            title=Text(f"{title + ' ' if title else ''}[{i + 1}/{len(rows)}]"), show_header=False, title_justify="left"
        )
        block.add_column("field", style="bold")
        block.add_column("value", overflow="fold")
        for key, value in row.items():
            block.add_row(key, Text(cell(value)))
        out.append(block)
    return out


def print_table(console: Console, table: pa.Table, title: str | None = None, limit: int | None = None) -> None:
    """Columns when they fit the console, else one block per row."""
    if not table.num_rows:
        console.print(Text(f"{title + ': ' if title else ''}(no rows)", style="dim"))
    elif table.num_columns * 15 > console.width:
        for block in expanded(table, title, limit):
            console.print(block)
    else:
        console.print(rich_table(table, title=title, limit=limit))


def facts_table(story: Story) -> Table:
    out = Table(title=Text(story.title), show_header=False, title_justify="left")
    out.add_column("field", style="bold")
    out.add_column("value", overflow="fold")
    for key, value in story.facts.items():
        out.add_row(key, Text(text(value)))
    return out


def readable(table: pa.Table) -> pa.Table:
    """For people: without digest columns and columns that are empty in every row (CSV and JSON keep all)."""
    keep = [
        name
        for name in table.column_names
        if not name.endswith("_sha256") and table.column(name).null_count < table.num_rows
    ]
    return table.select(keep)


def print_story(console: Console, story: Story) -> None:
    console.print(facts_table(story))
    for name, table in story.sections.items():
        if table.num_rows:
            print_table(console, readable(table), title=name.replace("_", " "))
        else:
            console.print(Text(f"{name.replace('_', ' ')}: none", style="dim"))


def emit(
    answer: pa.Table | Story | list[Story], fmt: Format, console: Console | None = None, stream: TextIO | None = None
) -> None:
    """Print ``answer`` in ``fmt`` to ``console`` (table) or ``stream`` (csv, json; default stdout)."""
    stream = stream or sys.stdout
    stories = answer if isinstance(answer, list) else [answer] if isinstance(answer, Story) else None
    if fmt == Format.json:
        if stories is None:
            data: Any = _rows(answer)
        elif isinstance(answer, list):
            data = [plain(s.to_dict()) for s in stories]
        else:
            data = plain(answer.to_dict())
        stream.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    elif fmt == Format.csv:
        writer = csv.writer(stream, lineterminator="\n")
        if stories is None:
            assert isinstance(answer, pa.Table)
            writer.writerow(answer.column_names)
            writer.writerows([text(v) for v in row.values()] for row in answer.to_pylist())
        else:
            writer.writerow(["story", "section", "item", "field", "value"])
            writer.writerows(_story_rows(stories))
    else:
        console = console or Console()
        if stories is None:
            print_table(console, answer)
        else:
            for story in stories:
                print_story(console, story)


def print_attribution_list(console: Console, table: pa.Table, limit: int | None = None) -> None:
    """The attribution list as a person reads it: per source and licence, each credit once, with its sample count."""
    if not table.num_rows:
        console.print("[dim]no sample of this release needs attribution[/dim]")
        return
    current = None
    rows = table.to_pylist()
    for row in rows[:limit] if limit else rows:
        group = (row["source"], row["rights_holder"], row["licence"])
        if group != current:
            current = group
            holder = (
                f" ({row['rights_holder']})" if row["rights_holder"] and row["rights_holder"] != row["source"] else ""
            )
            console.print(
                f"\n[bold]{escape(row['source'])}[/bold]{escape(holder)} — {escape(row['licence'])}", highlight=False
            )
        count = f"  [dim]({row['samples']} samples)[/dim]" if row["samples"] > 1 else ""
        console.print(f"  • {escape(row['attribution'])}{count}", highlight=False)
    if limit and len(rows) > limit:
        console.print(f"[dim]… {len(rows) - limit} more credits[/dim]")


def _story_rows(stories: Iterable[Story]) -> Iterable[list[str]]:
    for story in stories:
        for key, value in story.facts.items():
            yield [story.title, "facts", "0", key, text(value)]
        for name, table in story.sections.items():
            for i, row in enumerate(table.to_pylist()):
                for key, value in row.items():
                    yield [story.title, name, str(i), key, text(value)]
