"""The lineage SQL: package resources, rendered from the vocabularies, never re-typing them."""

import re
from importlib import resources

import pytest

from provenance.lineage import sql
from provenance.vocabulary import Decision, Outcome, Signal, Stage, StageOutput

SQL_FILES = sorted(
    p.name.removesuffix(".sql") for p in resources.files("provenance.lineage").iterdir() if p.name.endswith(".sql")
)


def _blocks(name: str) -> list[str | None]:
    text = resources.files("provenance.lineage").joinpath(f"{name}.sql").read_text(encoding="utf-8")
    return re.findall(r"^-- name: (\w+)$", text, re.M) or [None]


@pytest.mark.parametrize("name", SQL_FILES)
def test_every_sql_file_renders_with_every_placeholder_filled(name):
    for block in _blocks(name):
        text = sql.render(name, block, any_release="false")
        assert not re.search(r"\{[a-z][a-z0-9_]*\}", text), (name, block)


@pytest.mark.parametrize("name", SQL_FILES)
def test_sql_files_name_no_vocabulary_value_as_a_literal(name):
    """Decisions, outcomes, stages and signals come from provenance.vocabulary: re-typed, they could drift."""
    text = resources.files("provenance.lineage").joinpath(f"{name}.sql").read_text(encoding="utf-8")
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))
    typed = [f"'{v}'" for enum in (Decision, Outcome, Stage, StageOutput, Signal) for v in enum] + ["'include%'"]
    assert [t for t in typed if t in code] == []


def test_placeholders_render_the_enums_values():
    assert sql.render_value("decision_excluded") == "'excluded'"
    assert sql.render_value("cleared") == "('include', 'include_with_attribution', 'include_with_share_alike')"
    assert sql.render_value("signal_order").startswith("['request', 'denylist', 'optout_registry', 'tdm_meta', ")
    assert sql.render_value("folder_documents") == "'staging/documents'"


def test_an_unknown_placeholder_or_block_is_an_error():
    with pytest.raises(KeyError, match="no block 'nope'"):
        sql.render("queries", "nope")
    assert "{any_release}" not in sql.render("documents", any_release="true")
    with pytest.raises(KeyError, match=r"documents.sql: no value for \{any_release\}"):
        sql.render("documents")
