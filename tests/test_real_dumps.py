"""The whole pipeline on real public dumps (tests/fixtures/real, listed in SOURCES.md), as a steward runs it.

Every fixture dump that has a contract in tests/fixtures/real/contracts/sources goes through
`provenance run` once; the tests then read the release and the lineage as a trainer and a legal
reader would. Quality here is judged on text nobody on this project wrote.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from provenance.ingest.text_quality import TextDamage, measure

pytestmark = pytest.mark.xdist_group("real_dumps")

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "fixtures" / "real"
BIN = Path(sys.executable).parent / "provenance"


def _provenance(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN), *args], capture_output=True, text=True, env={**os.environ, **env}, cwd=cwd, timeout=1800
    )


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> dict:
    base = tmp_path_factory.mktemp("real")
    home, contracts = base / "home", base / "contracts"
    shutil.copytree(REAL, home, ignore=shutil.ignore_patterns("contracts", "SOURCES.md"))
    shutil.copytree(REAL / "contracts", contracts)
    for policy in ("licence_policy.yaml", "pii_policy.yaml"):
        shutil.copy(ROOT / "data_contracts" / policy, contracts / policy)
    keys = base / "keys"
    env = {"PROVENANCE_HOME": str(home), "PROVENANCE_CONTRACTS": str(contracts), "DAGSTER_HOME": ""}
    assert _provenance("keygen", str(keys), env=env, cwd=base).returncode == 0
    (keys / "pii.key").write_text("9f1c0d6e5b4a39281706f5e4d3c2b1a0" * 2 + "\n")
    env.update(PROVENANCE_PII_KEY=str(keys / "pii.key"), PROVENANCE_SIGNING_KEY=str(keys / "signing_key.pem"))
    result = _provenance("run", env=env, cwd=base)
    published = (home / "releases").glob("*") if result.returncode == 0 else []
    releases = [p for p in published if not p.name.startswith(".")]
    return {"home": home, "env": env, "base": base, "result": result, "releases": releases}


def _shard_texts(release: Path):
    for shard in sorted((release / "shards").glob("*.parquet")):
        yield from pq.read_table(shard, columns=["source_id", "text"]).to_pylist()


def test_run_on_every_real_dump_exits_cleanly_and_its_release_verifies(workspace):
    result = workspace["result"]
    assert result.returncode == 0, result.stderr[-3000:]
    [release] = workspace["releases"]
    verified = _provenance("verify", str(release), env=workspace["env"], cwd=workspace["base"])
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_every_record_of_every_real_dump_is_accounted_for_in_lineage(workspace):
    with duckdb.connect(str(workspace["home"] / "lineage.duckdb"), read_only=True) as con:
        dumps = con.execute("SELECT dump_id, records_seen, accounted, complete FROM completeness").fetchall()
        sources = {row[0] for row in con.execute("SELECT DISTINCT source_id FROM completeness").fetchall()}
    assert sources == {p.stem for p in (REAL / "contracts" / "sources").glob("*.yaml")}
    for dump_id, seen, accounted, complete in dumps:
        assert complete and seen == accounted, dump_id


def test_released_text_of_real_dumps_has_no_markup_residue_and_no_orphan_gaps(workspace):
    [release] = workspace["releases"]
    damage: dict[str, TextDamage] = {}
    for row in _shard_texts(release):
        damage[row["source_id"]] = damage.get(row["source_id"], TextDamage(0, 0, 0)) + measure(row["text"])
    assert damage, "the release holds no sample"
    for source_id, found in damage.items():
        assert (found.residue, found.orphan_gaps) == (0, 0), (source_id, found)


def test_released_wiki_samples_credit_the_contributors_and_history_never_an_editor(workspace):
    [release] = workspace["releases"]
    credits = {}
    for shard in sorted((release / "shards").glob("*.parquet")):
        for row in pq.read_table(shard, columns=["source_id", "attribution"]).to_pylist():
            credits.setdefault(row["source_id"], []).append(row["attribution"] or "")
    english, french = credits["enwiki-dbpedia-minidump"], credits["frwiki-dbpedia-minidump"]
    assert english and all(
        " by Wikipedia contributors, https://en.wikipedia.org/wiki/" in a
        and "/w/index.php?title=" in a
        and a.count("&action=history") == 1
        for a in english
    )
    assert french and all(" by Contributeurs de Wikipédia, https://fr.wikipedia.org/wiki/" in a for a in french)
    for bot in ("JJMC89 bot III", "ClueBot NG", "Citation bot"):
        assert not any(bot in a for attributions in credits.values() for a in attributions)


WEB_SOURCES = ("ccnet-en", "commoncrawl-whirlwind", "pywb-wpull-crawl", "ukwa-heritrix-crawl", "ukwa-wget-crawl")


def test_real_crawls_whose_site_files_were_never_captured_are_held_not_released(workspace):
    """None of the real crawls captured a tdmrep.json (and most no robots.txt): under hold nothing of them is released."""
    with duckdb.connect(str(workspace["home"] / "lineage.duckdb"), read_only=True) as con:
        held = con.execute("""SELECT source_id, count(*) FROM decisions WHERE stage = 'rights'
                              AND reason = 'rights_unverified' GROUP BY ALL ORDER BY 1""").fetchall()
        released = con.execute(f"""SELECT count(*) FROM samples WHERE source_id IN {WEB_SOURCES}""").fetchone()[0]
        evidence = con.execute("""SELECT evidence FROM decisions WHERE stage = 'rights' AND reason = 'rights_unverified'
                                  AND source_id = 'ukwa-wget-crawl' LIMIT 1""").fetchone()[0]
    assert held == [
        ("ccnet-en", 10),
        ("commoncrawl-whirlwind", 1),
        ("pywb-wpull-crawl", 1),
        ("ukwa-heritrix-crawl", 2),
        ("ukwa-wget-crawl", 2),
    ]
    assert released == 0
    # wget captured archive.org's robots.txt: only its tdmrep.json was never checked.
    assert json.loads(evidence)["unverified"]["site_files_not_checked"] == ["tdmrep_json"]


def test_legal_questions_name_every_real_record_held_back_and_every_stage_count(workspace):
    """`query held`, `query quarantined`, `query excluded` and `query releases` on the real dumps, as a legal reader."""

    def ask(*args: str):
        done = _provenance("query", *args, env=workspace["env"], cwd=workspace["base"])
        assert done.returncode == 0, done.stderr
        return done

    with duckdb.connect(str(workspace["home"] / "lineage.duckdb"), read_only=True) as con:
        unverified = dict(
            con.execute("""SELECT source_id, count(*) FROM decisions WHERE stage = 'rights'
                                         AND reason = 'rights_unverified' GROUP BY ALL""").fetchall()
        )
        ingest_quarantine = con.execute("SELECT count(*) FROM quarantine").fetchone()[0]
        per_release = con.execute("""
            SELECT sum(records_seen), sum(quarantined_ingest), sum(skipped), sum(excluded), sum(quarantined_rights)
            FROM dumps""").fetchone()
    held = json.loads(ask("held", "--reason", "rights_unverified", "--format", "json").stdout)
    assert len(held) == sum(unverified.values()) and all(r["url"] and r["waits_for"] and r["detail"] for r in held)
    ccnet = json.loads(ask("held", "--source", "ccnet-en", "--format", "json").stdout)
    assert {r["reason"] for r in ccnet} == {"rights_unverified"} and len(ccnet) == unverified["ccnet-en"]
    quarantined = json.loads(ask("quarantined", "--stage", "ingest", "--format", "json").stdout)
    assert len(quarantined) == ingest_quarantine > 0 and all(r["locator"] and r["reason"] for r in quarantined)
    none = ask("excluded", "--source", "ccnet-en")
    assert f"Held back from source ccnet-en: {unverified['ccnet-en']} held" in " ".join(none.stdout.split())
    [release] = json.loads(ask("releases", "--format", "json").stdout)
    stages = ("records_seen", "ingest_quarantined", "skipped", "rights_excluded", "rights_quarantined")
    assert tuple(release[k] for k in stages) == tuple(int(n) for n in per_release)
    assert release["ingest_quarantined"] == ingest_quarantine and release["samples"] > 0


def test_a_real_crawl_under_allow_goes_on_with_the_written_reason(workspace, tmp_path):
    from provenance.contracts import load_optout_registry, load_source
    from provenance.rights.policy import LicencePolicy
    from provenance.rights.stage import clear_dump

    home, contracts = workspace["home"], Path(workspace["env"]["PROVENANCE_CONTRACTS"])
    text = (contracts / "sources" / "commoncrawl-whirlwind.yaml").read_text(encoding="utf-8")
    allowed = tmp_path / "sources" / "commoncrawl-whirlwind.yaml"
    allowed.parent.mkdir()
    allowed.write_text(
        text.replace(
            "unverified: hold",
            "unverified: allow\nunverified_reason: a reviewer read the "
            "site's robots.txt of May 2024 in the Wayback Machine",
        ),
        encoding="utf-8",
    )
    [dump_id] = [
        p.name for p in (home / "staging" / "redacted_documents").iterdir() if p.name.startswith("commoncrawl")
    ]
    (tmp_path / "out").mkdir()
    clear_dump(
        home / "staging" / "redacted_documents" / dump_id,
        home / "staging" / "documents" / dump_id,
        tmp_path / "out",
        source=load_source(allowed),
        policy=LicencePolicy.load(contracts),
        registry=load_optout_registry(contracts),
        contracts_dir=contracts,
        home=home,
    )
    [row] = pq.read_table(tmp_path / "out" / "decisions.parquet").to_pylist()
    assert row["decision"] == "include_with_share_alike"
    assert "Wayback Machine" in json.loads(row["evidence"])["unverified"]["reason"]
