"""The lineage SQL: this package's ``.sql`` files, rendered with the vocabularies and the stage folders.

Every SQL statement the lineage build and the legal queries run lives in a ``.sql`` file beside this
module, read with :mod:`importlib.resources` (package data, so an installed wheel has them). One
templating rule holds for all of them: ``{name}`` is replaced by the SQL expression :data:`VALUES`
(or the caller) gives for ``name``, and any other text is left as it is. The vocabularies come from
:mod:`provenance.vocabulary`, so the SQL and the Python that writes the rows cannot drift apart:
``{decision_excluded}`` is ``'excluded'``, ``{cleared}`` is the list of decisions that clear a
document for training, ``{signal_order}`` the rights signals in rank order. A name no one gives is an
error, not a silent gap. A file of several independent statements (the legal questions) names each
with a ``-- name: <block>`` line, and :func:`render` takes the block's name.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache
from importlib import resources

from provenance.layout import DOCUMENTS, DUMP_STAGES, RIGHTS_DECISIONS, STAGING, STATS_FILE
from provenance.vocabulary import (
    CLEARING_ORDER,
    Decision,
    HeldBack,
    LicenceClass,
    Outcome,
    Reason,
    Signal,
    SignalStatus,
    Stage,
    StageOutput,
)

#: Where each stage writes under PROVENANCE_HOME (``staging/<stage>``, see provenance.workspace), as the
#: lineage's problem messages name it; the folder and file names come from provenance.layout.
STAGE_PATHS: dict[str, str] = {
    **{f"folder_{stage.name}": f"{STAGING}/{stage.name}" for stage in DUMP_STAGES},
    "file_documents": DOCUMENTS.name,
    "file_decisions": RIGHTS_DECISIONS.name,
    "file_stats": STATS_FILE,
}

_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
_BLOCK = re.compile(r"^-- name: ([a-z][a-z0-9_]*)\s*$")


def literal(value: str) -> str:
    """``value`` as a SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def in_list(values: tuple[str, ...] | list[str]) -> str:
    """``('a', 'b')``: the right-hand side of ``IN``."""
    return "(" + ", ".join(literal(v) for v in values) + ")"


def list_literal(values: tuple[str, ...] | list[str]) -> str:
    """``['a', 'b']``: a DuckDB list, e.g. for ``list_position``."""
    return "[" + ", ".join(literal(v) for v in values) + "]"


def _members(prefix: str, enum: type[StrEnum]) -> dict[str, str]:
    return {f"{prefix}_{member.value}": literal(member.value) for member in enum}


def _values() -> dict[str, str]:
    values: dict[str, str] = {}
    for prefix, enum in (
        ("stage", Stage),
        ("output", StageOutput),
        ("decision", Decision),
        ("class", LicenceClass),
        ("held_back", HeldBack),
        ("outcome", Outcome),
        ("reason", Reason),
        ("signal", Signal),
        ("status", SignalStatus),
    ):
        values.update(_members(prefix, enum))
    values["cleared"] = in_list(CLEARING_ORDER)
    values["signal_order"] = list_literal(tuple(Signal))
    values.update({name: literal(path) for name, path in STAGE_PATHS.items()})
    return values


#: Every template name and the SQL expression it renders to.
VALUES: dict[str, str] = _values()


def render_value(name: str) -> str:
    """The SQL expression ``{name}`` renders to."""
    return VALUES[name]


@cache
def _text(name: str) -> str:
    return resources.files(__package__).joinpath(f"{name}.sql").read_text(encoding="utf-8")


@cache
def _blocks(name: str) -> dict[str, str]:
    """The statements of ``<name>.sql`` by the name of their ``-- name: <block>`` line."""
    blocks: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in _text(name).splitlines():
        marker = _BLOCK.match(line)
        if marker:
            current = blocks.setdefault(marker.group(1), [])
        elif current is not None:
            current.append(line)
    return {block: "\n".join(lines).strip() + "\n" for block, lines in blocks.items()}


def render(name: str, block: str | None = None, **values: str) -> str:
    """The statements of ``<name>.sql`` (or its one named ``block``) with every ``{placeholder}`` filled,
    from ``values``, then :data:`VALUES`."""
    known = {**VALUES, **values}
    where = f"{name}.sql" + (f", block {block}" if block else "")

    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in known:
            raise KeyError(f"{where}: no value for {{{key}}}")
        return known[key]

    if block is None:
        return _PLACEHOLDER.sub(fill, _text(name))
    blocks = _blocks(name)
    if block not in blocks:
        raise KeyError(f"{name}.sql has no block {block!r}")
    return _PLACEHOLDER.sub(fill, blocks[block])
