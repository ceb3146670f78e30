"""`provenance summary`: the public summary of training content, checked against direct SQL on the lineage."""

import json
import re

import duckdb
import pyarrow.parquet as pq
import pytest
from lineage_workspace import PLANTED_VALUES, RELEASE_1, RELEASE_2

from provenance.summary.cli import write_summary
from provenance.summary.figures import SummaryError, blocks, render

SECTIONS = [
    "## 1. General information",
    "## 2. List of data sources",
    "### 2.1 Publicly available datasets",
    "### 2.2 Private datasets",
    "### 2.3 Data crawled and scraped from online sources",
    "### 2.4 User data",
    "### 2.5 Synthetic data",
    "### 2.6 Other sources of data",
    "## 3. Data processing aspects",
    "### 3.1 Respect of reservation of rights from text and data mining exception or limitation",
    "### 3.2 Removal of illegal content",
]


@pytest.fixture(scope="module")
def written(planted, tmp_path_factory):
    out = tmp_path_factory.mktemp("summary")
    provider = out / "provider.yaml"
    provider.write_text("provider_name: Exemple SAS\nmodel_name: exemple-7b\n", encoding="utf-8")
    md, js = write_summary(planted.ws, RELEASE_1, out, provider)  # it has crawled samples
    return md.read_text(encoding="utf-8"), json.loads(js.read_text(encoding="utf-8"))


def _released_words(db, release_id: str) -> tuple[int, int, dict[str, int]]:
    """Samples, words and words per source of the release, read from its shards with pyarrow (not the SQL)."""
    with duckdb.connect(str(db), read_only=True) as con:
        path = con.execute("SELECT path FROM releases WHERE release_id = ?", [release_id]).fetchone()[0]
        shards = [r[0] for r in con.execute("SELECT shard FROM shards WHERE release_id = ?", [release_id]).fetchall()]
    samples, words, per_source = 0, 0, {}
    for shard in shards:
        for row in pq.read_table(f"{path}/{shard}", columns=["text", "source_id"]).to_pylist():
            n = len(re.findall(r"\S+", row["text"]))
            samples, words = samples + 1, words + n
            per_source[row["source_id"]] = per_source.get(row["source_id"], 0) + n
    return samples, words, per_source


def test_the_summary_follows_the_templates_section_order(written):
    md, doc = written
    positions = [md.index(heading) for heading in SECTIONS]
    assert positions == sorted(positions)
    assert list(doc)[2:] == ["1_general_information", "2_list_of_data_sources", "3_data_processing"]
    general = doc["1_general_information"]
    assert general["provider_name"] == "Exemple SAS" and general["model_version"] == "to be filled by the provider"
    assert general["modalities"] == ["text"] and general["size"]["unit"].startswith("words")


def test_size_and_shares_match_the_released_shards(written, db):
    _, doc = written
    samples, words, per_source = _released_words(db, RELEASE_1)
    size = doc["1_general_information"]["size"]
    assert (size["samples"], size["words"]) == (samples, words) and words > 0
    sources = doc["2_list_of_data_sources"]
    listed = sources["2_1_publicly_available_datasets"] + sources["2_2_private_datasets"]
    listed += sources["2_3_crawled_and_scraped"]["sources"]
    assert {s["source_id"]: s["words"] for s in listed} == per_source
    assert sum(lang["words"] for lang in doc["1_general_information"]["languages"]) == words


def test_categories_follow_the_source_contracts(written, db):
    _, doc = written
    sources = doc["2_list_of_data_sources"]
    with duckdb.connect(str(db), read_only=True) as con:
        warc = {r[0] for r in con.execute("SELECT source_id FROM sources WHERE format = 'warc'").fetchall()}
    crawled = sources["2_3_crawled_and_scraped"]
    assert {s["source_id"] for s in crawled["sources"]} <= warc
    assert not {s["source_id"] for s in sources["2_1_publicly_available_datasets"]} & warc
    top = crawled["top_domains"]
    assert 1 <= len(top) <= max(1, -(-crawled["domains_total"] // 10)) and crawled["domains_total"] >= len(top)
    assert [d["words"] for d in top] == sorted((d["words"] for d in top), reverse=True)


def test_reservation_counts_match_the_lineage(written, db):
    _, doc = written
    rights = doc["3_data_processing"]["3_1_reservation_of_rights"]
    with duckdb.connect(str(db), read_only=True) as con:
        excluded = con.execute(
            "SELECT count(*) FROM documents WHERE rights_decision = 'excluded' AND rights_reason <> 'licence_excluded'"
        ).fetchone()[0]
        honoured = con.execute(
            "SELECT len(optout_requests_honoured) FROM releases WHERE release_id = ?", [RELEASE_1]
        ).fetchone()[0]
    assert sum(p["documents_excluded"] for p in rights["documents_excluded_by_protocol"]) == excluded > 0
    assert {p["protocol"] for p in rights["documents_excluded_by_protocol"]} >= {"robots.txt", "opt-out registry"}
    assert rights["optout_requests_honoured"] == honoured


def test_redaction_counts_come_from_the_released_documents(written, db):
    _, doc = written
    counted = {
        r["entity_type"]: r["spans"]
        for r in doc["3_data_processing"]["3_2_illegal_content_and_personal_data"]["redactions_by_entity_type"]
    }
    with duckdb.connect(str(db), read_only=True) as con:
        direct = dict(
            con.execute(
                "SELECT entity_type, count(*) FROM redactions WHERE doc_id IN "
                "(SELECT doc_id FROM samples WHERE release_id = ?) GROUP BY 1",
                [RELEASE_1],
            ).fetchall()
        )
    assert counted == direct and counted.get("PERSON", 0) > 0


def test_no_persons_name_or_personal_value_appears(written, db):
    md, doc = written
    text = md + json.dumps(doc, ensure_ascii=False)
    with duckdb.connect(str(db), read_only=True) as con:
        authors = {
            r[0] for r in con.execute("SELECT DISTINCT author FROM documents WHERE author IS NOT NULL").fetchall()
        }
    for value in (*PLANTED_VALUES, *authors):
        assert value not in text, value


def test_an_unknown_release_is_a_clear_error_and_nothing_is_written(planted, tmp_path):
    with pytest.raises(SummaryError, match=f"no release 'r-nope' in the lineage database; releases: .*{RELEASE_2}"):
        write_summary(planted.ws, "r-nope", tmp_path / "out", None)
    assert not (tmp_path / "out").exists()


def test_default_output_is_beside_the_releases_not_in_the_signed_folder(ws_copy):
    release_dir = ws_copy.releases / RELEASE_2
    before = sorted(p.relative_to(release_dir) for p in release_dir.rglob("*"))
    md, js = write_summary(ws_copy, RELEASE_2, None, None)
    assert md.parent == js.parent == ws_copy.home / "summaries"
    assert sorted(p.relative_to(release_dir) for p in release_dir.rglob("*")) == before


def test_a_bad_provider_file_names_the_file_and_the_field(planted, tmp_path):
    provider = tmp_path / "provider.yaml"
    provider.write_text("provider_name: Exemple SAS\nceo: somebody\n", encoding="utf-8")
    with pytest.raises(ValueError, match=f"{provider}: unknown field\\(s\\) ceo"):
        write_summary(planted.ws, RELEASE_2, tmp_path, provider)


def test_every_query_is_shown_in_the_legal_docs():
    from pathlib import Path

    legal = (Path(__file__).parents[2] / "docs" / "legal.md").read_text(encoding="utf-8")
    for name in blocks():
        assert render(name, shard_files="['<release folder>/shards/shard-00000.parquet']").strip() in legal, name


def test_the_command_writes_both_files_and_an_unknown_release_exits_1(planted, tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "PROVENANCE_HOME": str(planted.ws.home), "PROVENANCE_CONTRACTS": str(planted.ws.contracts)}

    def summary(*args: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "dagster_defs.cli", "summary", *args]
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)

    done = summary(RELEASE_1, "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{RELEASE_1}.summary.json", f"{RELEASE_1}.summary.md"]
    missing = summary("r-nope", "--out", str(tmp_path / "none"))
    assert missing.returncode == 1 and "error: no release 'r-nope' in the lineage database" in missing.stderr
    assert "Traceback" not in missing.stderr and not (tmp_path / "none").exists()
