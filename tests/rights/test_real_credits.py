"""Who is credited on real public dumps (tests/fixtures/real): a wiki's contributors with the page's history,
never its last editor; a crawl's sites, never the crawler; and the lineage's rights-holder question per site.

The dumps are read by the real readers and cleared by the real rights stage under the committed licence
policy. Redaction is left out (its output is the ingested document plus three columns): who is credited does
not depend on it, and tests/test_real_dumps.py runs the whole pipeline on the same dumps.
"""

from __future__ import annotations

import json
import shutil
from functools import partial
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from provenance.contracts import load_optout_registry, load_sources
from provenance.dumps import discover_dumps
from provenance.ingest.run import ingest_dump
from provenance.lineage import queries
from provenance.lineage.build import build_lineage
from provenance.rights.policy import LicencePolicy
from provenance.rights.stage import clear_dump
from provenance.schema import REDACTED_DOCUMENT_SCHEMA
from provenance.workspace import Workspace, publish_dir, publish_stage

pytestmark = pytest.mark.xdist_group("real_credits")

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "tests" / "fixtures" / "real"
SOURCES = (
    "enwiki-dbpedia-minidump",
    "frwiki-dbpedia-minidump",
    "commoncrawl-whirlwind",
    "pywb-wpull-crawl",
    "ukwa-heritrix-crawl",
    "ukwa-wget-crawl",
    "ccnet-en",
)
#: A rights holder's opt-out naming a site's holder (mapped in ukwa-wget-crawl's contract), not a contract's.
REGISTRY = "id,scope,value,effective_from,reference\nOPT-IA,rights_holder,Internet Archive,2010-01-01,letter 2010-4\n"
CC_BY_SA_3 = "Creative Commons Attribution-ShareAlike 3.0 Unported (https://creativecommons.org/licenses/by-sa/3.0/)"
#: The last editors of the enwiki pages' revisions, bots among them: each used to be credited as the author.
EDITORS = ("JJMC89 bot III", "ClueBot NG", "Citation bot", "ShortDescBot", "Headbomb", "Benmite", "Tadyatha")


def _redacted(documents: Path, folder: Path) -> None:
    """The ingested documents in REDACTED_DOCUMENT_SCHEMA (nothing redacted), as the rights stage reads them."""
    table = pq.read_table(documents / "documents.parquet")
    rows = table.num_rows
    table = (
        table.append_column("redaction_count", pa.array([0] * rows, pa.int32()))
        .append_column("person_names", pa.array(["redact"] * rows, pa.string()))
        .append_column("person_names_basis", pa.array([None] * rows, pa.string()))
    )
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(
        table.select(REDACTED_DOCUMENT_SCHEMA.names).cast(REDACTED_DOCUMENT_SCHEMA), folder / "documents.parquet"
    )


@pytest.fixture(scope="module")
def ws(tmp_path_factory) -> Workspace:
    root = tmp_path_factory.mktemp("real-credits")
    home, contracts = root / "home", root / "contracts"
    for folder in ("warc", "mediawiki", "jsonl"):
        shutil.copytree(REAL / folder, home / folder)
    (contracts / "sources").mkdir(parents=True)
    for source_id in SOURCES:
        shutil.copy(REAL / "contracts" / "sources" / f"{source_id}.yaml", contracts / "sources")
    shutil.copy(ROOT / "data_contracts" / "licence_policy.yaml", contracts)
    (contracts / "optouts").mkdir()
    (contracts / "optouts" / "registry.csv").write_text(REGISTRY, encoding="utf-8")
    workspace = Workspace(home=home.resolve(), contracts=contracts.resolve())
    sources = load_sources(workspace.contracts)
    policy, registry = LicencePolicy.load(workspace.contracts), load_optout_registry(workspace.contracts)
    for dump in discover_dumps(workspace.home, sources):
        source = sources[dump.source_id]
        publish_stage(workspace.stage_dir("documents", dump.dump_id), partial(ingest_dump, dump, source))
        with publish_dir(workspace.stage_dir("redacted_documents", dump.dump_id)) as folder:
            _redacted(workspace.stage_dir("documents", dump.dump_id), folder)
        publish_stage(
            workspace.stage_dir("cleared_documents", dump.dump_id),
            partial(
                clear_dump,
                workspace.stage_dir("redacted_documents", dump.dump_id),
                workspace.stage_dir("documents", dump.dump_id),
                source=source,
                policy=policy,
                registry=registry,
                contracts_dir=workspace.contracts,
            ),
        )
    build_lineage(workspace)
    return workspace


@pytest.fixture(scope="module")
def con(ws):
    with duckdb.connect(str(ws.lineage_db), read_only=True) as connection:
        yield connection


def _documents(con, source_id: str) -> dict[str, dict]:
    rows = con.execute(
        """SELECT url, author, attribution, rights_holder, rights_holder_origin, rights_decision
                          FROM documents WHERE source_id = ? ORDER BY url""",
        [source_id],
    ).fetchall()
    keys = ("url", "author", "attribution", "rights_holder", "origin", "decision")
    return {row[0]: dict(zip(keys, row, strict=True)) for row in rows}


def test_an_english_wikipedia_page_credits_wikipedia_contributors_and_its_history_never_its_last_editor(con):
    docs = _documents(con, "enwiki-dbpedia-minidump")
    assert len(docs) == 24
    ibm = docs["https://en.wikipedia.org/wiki/IBM"]
    assert ibm["attribution"] == (
        "“IBM” by Wikipedia contributors, https://en.wikipedia.org/wiki/IBM "
        "(history: https://en.wikipedia.org/w/index.php?title=IBM&action=history), licensed under " + CC_BY_SA_3
    )
    assert (ibm["rights_holder"], ibm["origin"]) == ("Wikipedia contributors", "wiki_contributors")
    ranma = docs["https://en.wikipedia.org/wiki/Ranma_%C2%BD"]
    assert "(history: https://en.wikipedia.org/w/index.php?title=Ranma_%C2%BD&action=history)" in ranma["attribution"]
    for doc in docs.values():
        assert doc["author"] is None and doc["rights_holder"] == "Wikipedia contributors", doc["url"]
        assert not any(editor in (doc["attribution"] or "") for editor in EDITORS), doc["attribution"]


def test_a_french_wikipedia_page_credits_contributeurs_de_wikipedia_even_under_an_english_dump_header(con):
    docs = _documents(con, "frwiki-dbpedia-minidump")
    berlin = docs["https://fr.wikipedia.org/wiki/Berlin"]
    # The minidump's siteinfo is English Wikipedia's: it does not name this wiki, so the contract does.
    assert (berlin["rights_holder"], berlin["origin"]) == ("Contributeurs de Wikipédia", "contract")
    assert berlin["attribution"] == (
        "“Berlin” by Contributeurs de Wikipédia, https://fr.wikipedia.org/wiki/Berlin "
        "(history: https://fr.wikipedia.org/w/index.php?title=Berlin&action=history), licensed under " + CC_BY_SA_3
    )
    assert {d["author"] for d in docs.values()} == {None}
    assert not any(
        name in (d["attribution"] or "")
        for d in docs.values()
        for name in ("Berdea", "Andrew J.Kurbiko", "Francis Vergne")
    )


def test_no_editor_name_is_kept_anywhere_in_the_wiki_staging_files(ws):
    for dump_id in ws.stage_dumps("documents"):
        if "wiki" not in dump_id:
            continue
        table = pq.read_table(ws.stage_dir("documents", dump_id) / "documents.parquet", columns=["author", "metadata"])
        assert set(table.column("author").to_pylist()) == {None}
        metadata = " ".join(table.column("metadata").to_pylist())
        assert not any(editor in metadata for editor in (*EDITORS, "Berdea", "Francis Vergne"))
        assert all("history_url" in json.loads(m) for m in table.column("metadata").to_pylist())


def test_each_crawled_site_is_credited_never_the_crawler(con):
    whirlwind = _documents(con, "commoncrawl-whirlwind")["https://an.wikipedia.org/wiki/Escopete"]
    assert (whirlwind["rights_holder"], whirlwind["origin"]) == (
        "Contributors to Biquipedia (Aragonese Wikipedia)",
        "site_mapping",
    )
    assert "Common Crawl" not in (whirlwind["attribution"] or "")
    [example] = _documents(con, "pywb-wpull-crawl").values()
    assert (example["rights_holder"], example["origin"]) == ("example.com", "registrable_domain")
    heritrix = _documents(con, "ukwa-heritrix-crawl")
    assert {(d["rights_holder"], d["origin"]) for d in heritrix.values()} == {("archive.org", "registrable_domain")}
    wget = con.execute("""SELECT rights_holder, rights_holder_origin, count(*) FROM documents
                          WHERE source_id = 'ukwa-wget-crawl' GROUP BY ALL""").fetchall()
    assert wget == [("Internet Archive", "site_mapping", 2)]


def test_a_jsonl_export_of_many_sites_credits_each_site_under_its_registrable_domain(con):
    ccnet = _documents(con, "ccnet-en")
    holders = {url: (d["rights_holder"], d["origin"]) for url, d in ccnet.items()}
    assert len(set(holders.values())) == 10
    assert holders["http://2011.rubyworld-conf.org/en/program/A-9/"] == ("rubyworld-conf.org", "registrable_domain")
    # a blogspot.com blog is a site of its own (the Public Suffix List's private section)
    assert holders["http://akindleinhongkong.blogspot.com/2012/02/walking-tour-stanley.html"] == (
        "akindleinhongkong.blogspot.com",
        "registrable_domain",
    )


def test_a_rights_holder_opt_out_reaches_the_sites_it_holds_and_no_other(con):
    excluded = con.execute("""SELECT source_id, rights_reason, count(*) FROM documents
                              WHERE rights_decision = 'excluded' GROUP BY ALL ORDER BY 1""").fetchall()
    assert excluded == [("ukwa-wget-crawl", "optout_registry", 2)]


def test_the_rights_holder_question_answers_per_site(con):
    site = queries.rights_holder(con, "archive.org")
    assert site.facts["sources"] == ["ukwa-heritrix-crawl"] and site.facts["documents"] == 2
    assert site.sections["credited_documents"].to_pylist() == [
        {
            "source_id": "ukwa-heritrix-crawl",
            "rights_holder": "archive.org",
            "rights_holder_origin": "registrable_domain",
            "documents": 2,
            "samples": 0,
            "excluded": 0,
            "quarantined": 2,
        }
    ]
    holder = queries.rights_holder(con, "internet archive")
    assert holder.facts["excluded"] == 2
    assert [r["entry_id"] for r in holder.sections["optouts"].to_pylist()] == ["OPT-IA"]
    assert [(r["source_id"], r["documents"]) for r in holder.sections["exclusions"].to_pylist()] == [
        ("ukwa-wget-crawl", 2)
    ]
    wiki = queries.rights_holder(con, "wikipedia contributors")
    assert wiki.facts["documents"] == 24 and wiki.facts["sources"] == ["enwiki-dbpedia-minidump"]
    with pytest.raises(queries.LineageQueryError, match=r"rights holders: .*example.com"):
        queries.rights_holder(con, "nobody at all")
