"""What the lineage and the release say about personal data: the person-name policy (and its basis) each
document went through, titles as redacted, and an author only where a licence requires the credit.

The real English Wikipedia export goes through under `person_names: keep` with a written basis; a small blog
under the default `redact` has a CC BY post (its author kept for credit), a CC0 one (author dropped) and one
under an unknown licence (quarantined, author dropped).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from functools import partial
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from lineage_workspace import PII_KEY

from provenance.certify.keys import keygen
from provenance.certify.release import build_release
from provenance.certify.verify import verify_release
from provenance.contracts import load_optout_registry, load_sources
from provenance.dumps import discover_dumps
from provenance.ingest.run import ingest_dump
from provenance.lineage.build import build_lineage
from provenance.lineage.completeness import check_completeness
from provenance.pii.stage import redact_dump
from provenance.rights.policy import LicencePolicy
from provenance.rights.stage import clear_dump
from provenance.workspace import Workspace, publish_stage

REPO = Path(__file__).resolve().parents[2]
REAL = REPO / "tests" / "fixtures" / "real"
ENWIKI = "enwiki-dbpedia-minidump"
BASIS = "Encyclopedia articles about people in public life; their names are what the articles are about."
BLOG = """\
id: plumes
title: Plumes et pixels, carnets de quartier
rights_holder: Association Plumes et pixels
licence: NOASSERTION
attribution: Plumes et pixels
provenance_url: https://www.plumes-et-pixels.fr/
format: jsonl
dumps: landing/plumes/*.jsonl
language: fr
fields: {text: body, id: id, url: url, title: title, licence: licence, author: author, date: date}
max_quarantine_rate: 0.5
unverified: allow
unverified_reason: export of the blog host's database, delivered by the host; not pages fetched from the web
"""
POSTS = [
    {
        "id": "p1",
        "url": "https://www.plumes-et-pixels.fr/carnets/mon-annee-au-conseil",
        "licence": "CC-BY-4.0",
        "title": "Claire Martin : mon année au conseil municipal",
        "author": "Claire Martin",
        "date": "2024-03-12",
        "body": "Par Claire Martin, conseillère municipale.\n\nCette année, le conseil a voté la rénovation de l'école "
        "Jules-Ferry et la création d'une piste cyclable rue de Brest. Pour m'écrire : "
        "claire.martin@plumes-exemple.fr.",
    },
    {
        "id": "p2",
        "url": "https://www.plumes-et-pixels.fr/carnets/le-marche-du-samedi",
        "licence": "CC0-1.0",
        "title": "Le marché du samedi",
        "author": "Paul Durand",
        "date": "2024-03-16",
        "body": "Le marché du samedi s'installe désormais place Sainte-Anne. Les producteurs de la ceinture maraîchère "
        "y vendent leurs légumes de saison, du printemps jusqu'aux premières gelées.",
    },
    {
        "id": "p3",
        "url": "https://www.plumes-et-pixels.fr/carnets/souvenirs",
        "licence": "Tous droits réservés",
        "title": "Paul Durand : souvenirs de quartier",
        "author": "Paul Durand",
        "date": "2024-03-20",
        "body": "Paul Durand se souvient du quartier avant la rocade : les jardins ouvriers, la laiterie, le lavoir.",
    },
]
NEVER = ("Paul Durand", "Durand", "claire.martin@plumes-exemple.fr")


@pytest.fixture(scope="module")
def built(tmp_path_factory, redactor) -> dict:
    root = tmp_path_factory.mktemp("person-names")
    home, contracts = root / "home", root / "contracts"
    shutil.copytree(REAL / "mediawiki", home / "mediawiki")
    (home / "landing" / "plumes").mkdir(parents=True)
    (home / "landing" / "plumes" / "2024-03.jsonl").write_text(
        "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in POSTS), encoding="utf-8"
    )
    (contracts / "sources").mkdir(parents=True)
    contract = (REAL / "contracts" / "sources" / f"{ENWIKI}.yaml").read_text(encoding="utf-8")
    (contracts / "sources" / f"{ENWIKI}.yaml").write_text(
        contract + f"person_names: keep\nperson_names_basis: {BASIS!r}\n", encoding="utf-8"
    )
    (contracts / "sources" / "plumes.yaml").write_text(BLOG, encoding="utf-8")
    shutil.copy(REPO / "data_contracts" / "licence_policy.yaml", contracts)
    ws = Workspace(home=home.resolve(), contracts=contracts.resolve())
    sources = load_sources(ws.contracts)
    policy, registry = LicencePolicy.load(ws.contracts), load_optout_registry(ws.contracts)
    for dump in discover_dumps(ws.home, sources):
        if dump.source_id not in (ENWIKI, "plumes"):
            continue
        source = sources[dump.source_id]
        publish_stage(ws.stage_dir("documents", dump.dump_id), partial(ingest_dump, dump, source))
        publish_stage(
            ws.stage_dir("redacted_documents", dump.dump_id),
            partial(
                redact_dump,
                ws.stage_dir("documents", dump.dump_id) / "documents.parquet",
                policy=redactor.policy,
                key=PII_KEY,
                source_lang=source.language,
                person_names=source.person_names,
                person_names_basis=source.person_names_basis,
                redactor=redactor,
            ),
        )
        publish_stage(
            ws.stage_dir("cleared_documents", dump.dump_id),
            partial(
                clear_dump,
                ws.stage_dir("redacted_documents", dump.dump_id),
                ws.stage_dir("documents", dump.dump_id),
                source=source,
                policy=policy,
                registry=registry,
                contracts_dir=ws.contracts,
                home=ws.home,
            ),
        )
    signing_key, _ = keygen(root / "keys")
    release = build_release(
        ws,
        signing_key_path=signing_key,
        release_id="r-1",
        git_commit="0" * 40,
        created_at=dt.datetime(2024, 4, 1, tzinfo=dt.UTC),
    )
    build_lineage(ws)
    assert check_completeness(ws.lineage_db).ok
    with duckdb.connect(str(ws.lineage_db), read_only=True) as con:
        yield {"con": con, "release": release, "ws": ws}


def test_sources_and_documents_record_the_policy_and_basis_each_document_went_through(built):
    con = built["con"]
    assert con.execute("SELECT source_id, person_names, person_names_basis FROM sources ORDER BY 1").fetchall() == [
        (ENWIKI, "keep", BASIS),
        ("plumes", "redact", None),
    ]
    policies = con.execute("""SELECT source_id, person_names, person_names_basis, count(*) FROM documents
                              GROUP BY ALL ORDER BY 1""").fetchall()
    assert policies == [(ENWIKI, "keep", BASIS, 24), ("plumes", "redact", None, 3)]
    titles = {t for (t,) in con.execute(f"SELECT title FROM documents WHERE source_id = '{ENWIKI}'").fetchall()}
    assert {"Angela Merkel", "Arthur Schopenhauer", "Marian Breland Bailey"} <= titles  # kept, with the basis


def test_a_title_is_redacted_like_the_text_and_its_redactions_say_so(built):
    con = built["con"]
    rows = con.execute("""SELECT d.title, r.field, r.start, r."end", r.entity_type FROM redactions r
                          JOIN documents d USING (doc_id) WHERE r.field = 'title' ORDER BY d.url""").fetchall()
    assert rows == [
        ("[PERSON] : mon année au conseil municipal", "title", 0, 13, "PERSON"),
        ("[PERSON] : souvenirs de quartier", "title", 0, 11, "PERSON"),
    ]
    assert con.execute(f"""SELECT count(*) FROM redactions WHERE source_id = '{ENWIKI}'
                           AND entity_type = 'PERSON'""").fetchone() == (0,)


def test_an_author_is_kept_only_for_the_credit_its_licence_requires_and_the_reason_is_recorded(built):
    con = built["con"]
    blog = con.execute("""SELECT url, licence, author, author_reason, outcome FROM documents
                          WHERE source_id = 'plumes' ORDER BY url""").fetchall()
    assert blog == [
        (
            "https://www.plumes-et-pixels.fr/carnets/le-marche-du-samedi",
            "CC0-1.0",
            None,
            "dropped: CC0-1.0 requires no credit",
            "sample",
        ),
        (
            "https://www.plumes-et-pixels.fr/carnets/mon-annee-au-conseil",
            "CC-BY-4.0",
            "Claire Martin",
            "credit required by CC-BY-4.0",
            "sample",
        ),
        (
            "https://www.plumes-et-pixels.fr/carnets/souvenirs",
            "LicenseRef-All-Rights-Reserved",
            None,
            "dropped: the document is not published",
            "quarantined",
        ),
    ]
    # No editor is a wiki page's author: the wiki's contributors are credited, collectively, with the history.
    wiki = con.execute(f"""SELECT count(*) FILTER (WHERE author IS NOT NULL OR author_reason IS NOT NULL),
                                  count(*) FILTER (WHERE attribution LIKE
                                                   '% by Wikipedia contributors, %action=history%')
                           FROM documents WHERE source_id = '{ENWIKI}' AND outcome = 'sample'""").fetchone()
    assert wiki[0] == 0 and wiki[1] > 0


def test_the_only_names_in_the_lineage_are_the_ones_kept_for_credit_or_under_a_keep_policy(built):
    con = built["con"]
    columns = con.execute("""SELECT table_name, column_name FROM duckdb_columns()
                             WHERE database_name = current_database() AND schema_name = 'main'""").fetchall()
    found: dict[str, set[str]] = {}
    for table, column in columns:
        for value in (*NEVER, "Claire Martin"):
            hit = con.execute(
                f'SELECT count(*) FROM "{table}" WHERE CAST("{column}" AS VARCHAR) ILIKE ?', [f"%{value}%"]
            ).fetchone()[0]
            if hit:
                found.setdefault(value, set()).add(f"{table}.{column}")
    assert found == {"Claire Martin": {"documents.author", "documents.attribution", "samples.attribution"}}


def test_the_release_states_each_sources_policy_with_its_basis_and_verifies(built):
    release = built["release"]
    report = verify_release(release.release_dir)
    assert report.ok, report.first_failure
    predicate = json.loads(built["con"].execute("SELECT predicate_summary FROM releases").fetchone()[0])
    samples = built["con"].execute("SELECT source_id, count(*) FROM samples GROUP BY 1 ORDER BY 1").fetchall()
    assert predicate["personal_data"]["person_names"] == [
        {"source_id": ENWIKI, "person_names": "keep", "basis": BASIS, "samples": samples[0][1]},
        {"source_id": "plumes", "person_names": "redact", "basis": None, "samples": samples[1][1]},
    ]
    shard_rows = [
        row
        for shard in sorted((release.release_dir / "shards").glob("*.parquet"))
        for row in pq.read_table(shard).to_pylist()
    ]
    post = next(r for r in shard_rows if r["source_id"] == "plumes" and r["licence"] == "CC-BY-4.0")
    assert "Claire Martin" not in post["text"] and "[EMAIL]" in post["text"]
    assert "by Claire Martin" in post["attribution"]  # the credit CC BY requires, and nothing more


def test_the_document_question_tells_a_legal_reader_the_policy_and_why_the_author_is_named(built):
    from provenance.lineage.queries import document

    [story] = document(built["ws"].lineage_db, "https://www.plumes-et-pixels.fr/carnets/mon-annee-au-conseil")
    facts = story.facts
    assert (facts["person_names"], facts["person_names_basis"]) == ("redact", None)
    assert (facts["author"], facts["author_reason"]) == ("Claire Martin", "credit required by CC-BY-4.0")
    assert facts["title"] == "[PERSON] : mon année au conseil municipal"
    redactions = story.sections["redactions"].to_pylist()
    assert {(r["field"], r["entity_type"]) for r in redactions} == {
        ("title", "PERSON"),
        ("text", "PERSON"),
        ("text", "EMAIL_ADDRESS"),
    }
