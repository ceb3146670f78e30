"""An author's name is kept only where the document's licence requires credit: the CC BY family (BY-SA
included) and Licence Ouverte. Everywhere else it is dropped from the cleared document, and the decision's
evidence says why, in words that never quote the name."""

from __future__ import annotations

import json
from functools import partial

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from provenance.contracts import OptOutRegistry, PersonNames
from provenance.rights.sites import SiteCredit
from provenance.rights.stage import clear_dump
from provenance.rights.verify import verify_cleared
from provenance.workspace import publish_stage

REGISTRY = OptOutRegistry(entries=(), sha256="0" * 64, files={})
#: A blog post as the redaction stage leaves it: its byline redacted in the text, the author field as published.
BLOG = (
    "Par [PERSON], le 12 mars 2024.\n\nLe conseil municipal de Rennes a adopté mardi soir le budget primitif. "
    "L'adjointe aux finances a rappelé que l'endettement de la ville reste maîtrisé."
)
POSTS = [
    # (url slug, licence, author)
    ("budget-cc-by", "CC-BY-4.0", "Claire Martin"),
    ("budget-cc-by-sa", "CC-BY-SA-4.0", "Claire Martin"),
    ("budget-etalab", "etalab-2.0", "Service communication de la ville"),
    ("budget-cc0", "CC0-1.0", "Paul Durand"),
    ("budget-inconnue", "Licence maison v3", "Paul Durand"),
    ("budget-sans-auteur", "CC-BY-4.0", None),
]


@pytest.fixture
def cleared(tmp_path, write_redacted, make_source, policy, at):
    redacted = tmp_path / "redacted"
    rows = write_redacted(
        redacted,
        [
            {
                "url": f"https://www.plumes-et-pixels.fr/carnets/{slug}",
                "title": "Budget : la ville garde le cap",
                "author": author,
                "licence": licence,
                "retrieved_at": at(2024, 3, 13),
                "text": BLOG,
            }
            for slug, licence, author in POSTS
        ],
    )
    # A blog host's crawl of its own site: the contract says who holds the rights in the site's pages.
    source = make_source(
        id="plumes",
        licence="NOASSERTION",
        attribution="Plumes et pixels, carnets",
        sites={"plumes-et-pixels.fr": SiteCredit("Éditions du Rhône", "Plumes et pixels, carnets")},
    )
    out = tmp_path / "cleared"
    stats = publish_stage(
        out,
        partial(
            clear_dump,
            redacted,
            tmp_path / "no-documents",
            source=source,
            policy=policy,
            registry=REGISTRY,
            contracts_dir=tmp_path,
        ),
    )
    decisions = {r["doc_id"]: r for r in pq.read_table(out / "decisions.parquet").to_pylist()}
    documents = {r["doc_id"]: r for r in pq.read_table(out / "documents.parquet").to_pylist()}
    return {
        "out": out,
        "rows": rows,
        "stats": stats,
        "source": source,
        "evidence": [json.loads(decisions[r["doc_id"]]["evidence"]) for r in rows],
        "documents": [documents.get(r["doc_id"]) for r in rows],
    }


def test_the_author_is_kept_only_where_the_licence_requires_credit_and_the_evidence_says_why(cleared):
    authors = [d["author"] if d else "(not cleared)" for d in cleared["documents"]]
    assert authors == [
        "Claire Martin",
        "Claire Martin",
        "Service communication de la ville",
        None,
        "(not cleared)",
        None,
    ]
    why = [e.get("author") for e in cleared["evidence"]]
    assert why == [
        {"kept": True, "why": "credit required by CC-BY-4.0"},
        {"kept": True, "why": "credit required by CC-BY-SA-4.0"},
        {"kept": True, "why": "credit required by etalab-2.0"},
        {"kept": False, "why": "dropped: CC0-1.0 requires no credit"},
        {"kept": False, "why": "dropped: the document is not published"},
        None,  # no author stated: nothing to decide
    ]
    assert dict(cleared["stats"].authors) == {"kept": 3, "dropped": 2}
    for evidence in cleared["evidence"]:
        assert "Paul Durand" not in json.dumps(evidence, ensure_ascii=False)


def test_a_cc_by_attribution_names_the_author_it_credits_and_a_cc0_document_names_nobody(cleared):
    cc_by, _, etalab, cc0, _, anonymous = cleared["documents"]
    assert "by Claire Martin" in cc_by["attribution"]
    assert "Service communication" not in etalab["attribution"]  # Licence Ouverte credits the producer
    assert etalab["attribution"].startswith("Éditions du Rhône")
    assert cc0["attribution"] is None and cc0["author"] is None
    assert "[PERSON]" in cc_by["text"]  # the byline in the text stays redacted: credit lives in attribution
    assert anonymous["author"] is None and "Plumes et pixels" in anonymous["attribution"]


def test_verification_passes_and_catches_an_author_kept_without_a_credit_to_give(cleared, policy):
    report = verify_cleared(cleared["out"], source=cleared["source"], policy=policy, registry=REGISTRY)
    assert report.passed, report.problems
    path = cleared["out"] / "documents.parquet"
    table = pq.read_table(path)
    authors = table["author"].to_pylist()
    authors[3] = "Paul Durand"  # the CC0 post's author, put back by hand
    pq.write_table(
        table.set_column(
            table.schema.get_field_index("author"), table.schema.field("author"), pa.array(authors, pa.string())
        ),
        path,
    )
    report = verify_cleared(cleared["out"], source=cleared["source"], policy=policy, registry=REGISTRY)
    assert not report.passed
    assert report.problems == ["1 cleared document(s) keep an author no licence of theirs requires credit for"]
    assert report.examples == [cleared["rows"][3]["doc_id"]]


def test_documents_that_kept_names_are_not_cleared_once_the_contract_says_redact(
    tmp_path, write_redacted, make_source, policy
):
    redacted = tmp_path / "redacted"
    write_redacted(
        redacted,
        [
            {
                "text": "Angela Merkel est chancelière.",
                "person_names": "keep",
                "person_names_basis": "personnalités publiques",
            }
        ],
    )
    with pytest.raises(ValueError, match=r"redacted with person_names keep, but the contract .* now says redact"):
        clear_dump(
            redacted,
            tmp_path,
            tmp_path / "out",
            source=make_source(),
            policy=policy,
            registry=REGISTRY,
            contracts_dir=tmp_path,
        )
    out = tmp_path / "kept"
    stats = publish_stage(
        out,
        partial(
            clear_dump,
            redacted,
            tmp_path,
            source=make_source(person_names=PersonNames.KEEP, person_names_basis="personnalités publiques"),
            policy=policy,
            registry=REGISTRY,
            contracts_dir=tmp_path,
        ),
    )
    assert stats.cleared == 1
    assert pq.read_table(out / "documents.parquet")["person_names"].to_pylist() == ["keep"]
