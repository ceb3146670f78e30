"""A source contract's person-name policy: `keep` (with its written basis) leaves names of people in the text
and title, and nothing else; titles are redacted like the text, with audit rows of their own."""

from __future__ import annotations

import shutil
from functools import partial
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from provenance.contracts import ContractError, PersonNames, load_sources
from provenance.dumps import discover_dumps
from provenance.ingest.run import ingest_dump
from provenance.pii.keys import value_hmac
from provenance.pii.stage import redact_dump
from provenance.workspace import publish_stage

KEY = b"test-key-for-pii-hmac-0123456789abcdef"
REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"
ENWIKI = "enwiki-dbpedia-minidump"
BASIS = (
    "Encyclopedia articles about people in public life (heads of government, scientists, artists), "
    "published by their authors for reuse under CC BY-SA; names are the subject of the text."
)

CONTRACT = """\
id: hansard-extracts
title: Written questions and answers, House of Commons
rights_holder: UK Parliament
licence: OGL-UK-3.0
attribution: "Contains Parliamentary information licensed under the Open Parliament Licence v3.0"
provenance_url: https://questions-statements.parliament.uk/
format: jsonl
dumps: landing/hansard/*.jsonl
language: en
fields: {text: text, id: id, title: title}
max_quarantine_rate: 0.05
"""

#: A written answer as Hansard prints it, with the constituent's contact details an MP's office passed on.
ANSWER = (
    "Jess Phillips (Birmingham, Yardley) (Lab): To ask the Secretary of State for Transport, what assessment "
    "he has made of the closure of the number 11 bus route.\n\n"
    "Mr Richard Holden: My officials have written to the constituent, Mrs Margaret Ellison, at "
    "27 Coventry Road, Birmingham B10 0NA, and can be reached on 0121 496 0734 or at "
    "transport.correspondence@dft.gov.uk. Mrs Ellison was born on 2 May 1948."
)
CONTACT_VALUES = (
    "27 Coventry Road, Birmingham B10 0NA",
    "0121 496 0734",
    "transport.correspondence@dft.gov.uk",
    "2 May 1948",
)


def _write_contract(folder: Path, extra: str) -> Path:
    path = folder / "sources" / "hansard-extracts.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CONTRACT + extra, encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- the contract


@pytest.mark.parametrize(
    "extra, words",
    [
        ("person_names: keep\n", "is required with person_names: keep"),
        ("person_names: keep\nperson_names_basis: '   '\n", "say in words why"),
        ("person_names: keep\nperson_names_basis: ''\n", "person_names_basis"),
        ("person_names: publish\n", "'publish' is not one of ['redact', 'keep']"),
    ],
)
def test_a_keep_without_a_written_basis_is_a_contract_error_naming_the_file_and_field(tmp_path, extra, words):
    path = _write_contract(tmp_path, extra)
    with pytest.raises(ContractError) as caught:
        load_sources(tmp_path)
    [problem] = caught.value.problems
    assert problem.path == path
    assert problem.field in ("person_names_basis", "person_names")
    assert words in str(caught.value)


def test_names_are_redacted_unless_the_contract_keeps_them_with_its_basis(tmp_path):
    _write_contract(tmp_path, "")
    assert load_sources(tmp_path)["hansard-extracts"].person_names is PersonNames.REDACT
    _write_contract(tmp_path, f"person_names: keep\nperson_names_basis: {BASIS!r}\n")
    contract = load_sources(tmp_path)["hansard-extracts"]
    assert (contract.person_names, contract.person_names_basis) == (PersonNames.KEEP, BASIS)
    _write_contract(tmp_path, "person_names: redact\nperson_names_basis: not needed\n")
    contract = load_sources(tmp_path)["hansard-extracts"]
    assert (contract.person_names, contract.person_names_basis) == (PersonNames.REDACT, None)


def test_the_stage_refuses_keep_without_a_basis(tmp_path, write_docs, policy):
    source = tmp_path / "documents.parquet"
    write_docs(source, [(ANSWER, "en")])
    with pytest.raises(ValueError, match="basis"):
        redact_dump(source, tmp_path, policy=policy, key=KEY, person_names="keep", person_names_basis=" ")


# ----------------------------------------------------------------------------- keep


def test_under_keep_names_stay_and_every_contact_detail_and_identifier_is_still_redacted(
    tmp_path, write_docs, policy, redactor
):
    source = tmp_path / "documents.parquet"
    [doc_id] = write_docs(source, [(ANSWER, "en")])
    out = tmp_path / "keep"
    out.mkdir()
    # The session's redactor reads names: the stage must not use it for a source that keeps them.
    stats = redact_dump(
        source,
        out,
        policy=policy,
        key=KEY,
        redactor=redactor,
        person_names=PersonNames.KEEP,
        person_names_basis="Members of Parliament and ministers speaking in the House",
    )
    doc = pq.read_table(out / "documents.parquet").to_pylist()[0]
    rows = pq.read_table(out / "redactions.parquet").to_pylist()
    for name in ("Jess Phillips", "Richard Holden", "Margaret Ellison", "Mrs Ellison"):
        assert name in doc["text"]
    for value in CONTACT_VALUES:
        assert value not in doc["text"]
    assert {r["entity_type"] for r in rows} == {"STREET_ADDRESS", "PHONE_NUMBER", "EMAIL_ADDRESS", "DATE_OF_BIRTH"}
    assert sorted(ANSWER[r["start"] : r["end"]] for r in rows) == sorted(CONTACT_VALUES)
    assert (doc["person_names"], doc["person_names_basis"]) == ("keep", stats.person_names_basis)
    assert doc["doc_id"] == doc_id and doc["redaction_count"] == len(rows) == 4

    out = tmp_path / "redact"
    out.mkdir()
    redact_dump(source, out, policy=policy, key=KEY, redactor=redactor)
    doc = pq.read_table(out / "documents.parquet").to_pylist()[0]
    assert "Ellison" not in doc["text"] and "Holden" not in doc["text"]
    assert (doc["person_names"], doc["person_names_basis"]) == ("redact", None)


@pytest.fixture(scope="module")
def enwiki(tmp_path_factory) -> dict:
    """The real English Wikipedia export ingested under a contract that keeps names, with its basis."""
    root = tmp_path_factory.mktemp("enwiki")
    home, contracts = root / "home", root / "contracts"
    shutil.copytree(REAL / "mediawiki", home / "mediawiki")
    (contracts / "sources").mkdir(parents=True)
    contract = (REAL / "contracts" / "sources" / f"{ENWIKI}.yaml").read_text(encoding="utf-8")
    (contracts / "sources" / f"{ENWIKI}.yaml").write_text(
        contract + f"person_names: keep\nperson_names_basis: {BASIS!r}\n", encoding="utf-8"
    )
    sources = load_sources(contracts)
    [dump] = [d for d in discover_dumps(home, sources) if d.source_id == ENWIKI]
    documents = root / "documents"
    publish_stage(documents, partial(ingest_dump, dump, sources[ENWIKI]))
    return {"root": root, "documents": documents / "documents.parquet", "source": sources[ENWIKI]}


def test_the_real_english_wikipedia_under_keep_keeps_every_name_in_text_and_title(enwiki, policy):
    out = enwiki["root"] / "keep"
    out.mkdir()
    source = enwiki["source"]
    stats = redact_dump(
        enwiki["documents"],
        out,
        policy=policy,
        key=KEY,
        source_lang=source.language,
        person_names=source.person_names,
        person_names_basis=source.person_names_basis,
    )
    ingested = pq.read_table(enwiki["documents"], columns=["doc_id", "title", "text"]).to_pylist()
    redacted = {d["doc_id"]: d for d in pq.read_table(out / "documents.parquet").to_pylist()}
    rows = pq.read_table(out / "redactions.parquet")
    assert stats.documents == len(ingested) >= 24
    assert "PERSON" not in set(rows["entity_type"].to_pylist()) | set(stats.entities)
    spans_in = set(rows["doc_id"].to_pylist())
    for doc in ingested:
        kept = redacted[doc["doc_id"]]
        assert (kept["person_names"], kept["person_names_basis"]) == ("keep", BASIS)
        assert kept["title"] == doc["title"]  # titles are people's names: kept, as the contract says
        if doc["doc_id"] not in spans_in:
            assert kept["text"] == doc["text"]
    merkel = next(d for d in redacted.values() if d["title"] == "Angela Merkel")
    assert merkel["text"].count("Merkel") > 20
    assert {"Angela Merkel", "Arthur Schopenhauer", "Ferdinand Piëch"} <= {d["title"] for d in redacted.values()}


def test_the_same_real_pages_under_redact_lose_the_names_in_their_titles(enwiki, policy, redactor, tmp_path):
    pages = pq.read_table(enwiki["documents"])
    pages = pages.filter(pc.is_in(pages["title"], pa.array(["Angela Merkel", "Arthur Schopenhauer", "Berlin"])))
    source = tmp_path / "documents.parquet"
    pq.write_table(pages, source)
    out = tmp_path / "redact"
    out.mkdir()
    redact_dump(source, out, policy=policy, key=KEY, redactor=redactor, source_lang="en")
    titles = {d["doc_id"]: d["title"] for d in pq.read_table(out / "documents.parquet").to_pylist()}
    originals = dict(zip(pages["doc_id"].to_pylist(), pages["title"].to_pylist(), strict=True))
    rows = [r for r in pq.read_table(out / "redactions.parquet").to_pylist() if r["field"] == "title"]
    assert sorted(titles.values()) == ["Berlin", "[PERSON]", "[PERSON]"]
    assert sorted((originals[r["doc_id"]], r["start"], r["end"], r["entity_type"]) for r in rows) == [
        ("Angela Merkel", 0, 13, "PERSON"),
        ("Arthur Schopenhauer", 0, 19, "PERSON"),
    ]
    assert {r["value_hmac"] for r in rows} == {
        value_hmac(KEY, "Angela Merkel"),
        value_hmac(KEY, "Arthur Schopenhauer"),
    }


# ----------------------------------------------------------------------------- titles


def _with_titles(path: Path, titles: list[str | None]) -> None:
    table = pq.read_table(path)
    index = table.schema.get_field_index("title")
    pq.write_table(table.set_column(index, table.schema.field("title"), pa.array(titles, pa.string())), path)


def test_a_name_in_a_title_is_redacted_with_its_own_audit_rows_and_offsets_into_the_title(
    tmp_path, write_docs, policy, redactor
):
    letter = (
        "Monsieur le maire,\n\nJe me permets de vous écrire au sujet du budget primitif. M. Dupont, "
        "conseiller municipal, votera contre. Écrivez-lui à jean.dupont@mairie-rennes.fr."
    )
    reply = "Jean Dupont, conseiller municipal d'opposition, a répondu mardi au maire de Rennes sur le budget."
    source = tmp_path / "documents.parquet"
    ids = write_docs(source, [(letter, "fr"), (reply, "fr"), ("La séance est levée.", "fr")])
    titles = ["Lettre de Jean Dupont au maire", "Dupont répond au maire", "   "]
    _with_titles(source, titles)
    out = tmp_path / "out"
    out.mkdir()
    stats = redact_dump(source, out, policy=policy, key=KEY, redactor=redactor)
    docs = pq.read_table(out / "documents.parquet").to_pylist()
    assert [d["title"] for d in docs] == ["Lettre de [PERSON] au maire", "[PERSON] répond au maire", "   "]
    assert "Dupont" not in docs[0]["text"] and "[EMAIL]" in docs[0]["text"]
    rows = pq.read_table(out / "redactions.parquet").to_pylist()
    texts = {ids[0]: letter, ids[1]: reply}
    titled = dict(zip(ids, titles, strict=True))
    for row in rows:
        field = titled[row["doc_id"]] if row["field"] == "title" else texts[row["doc_id"]]
        assert row["value_hmac"] == value_hmac(KEY, field[row["start"] : row["end"]])
    title_rows = [(r["doc_id"], r["start"], r["end"]) for r in rows if r["field"] == "title"]
    assert title_rows == [(ids[0], 10, 21), (ids[1], 0, 6)]
    assert {r["field"] for r in rows} == {"title", "text"}
    assert [d["redaction_count"] for d in docs] == [sum(r["doc_id"] == i for r in rows) for i in ids]
    assert stats.titles_redacted == 2


def test_documents_without_a_title_come_out_as_before(tmp_path, write_docs, policy, redactor):
    text = "Mme Sophie Lefèvre (sophie.lefevre@example.fr) a saisi le tribunal de Lyon."
    source = tmp_path / "documents.parquet"
    write_docs(source, [(text, "fr")])
    _with_titles(source, [None])
    out = tmp_path / "out"
    out.mkdir()
    redact_dump(source, out, policy=policy, key=KEY, redactor=redactor)
    doc = pq.read_table(out / "documents.parquet").to_pylist()[0]
    rows = pq.read_table(out / "redactions.parquet").to_pylist()
    assert doc["title"] is None and doc["text"] == "Mme [PERSON] ([EMAIL]) a saisi le tribunal de Lyon."
    assert [(r["field"], text[r["start"] : r["end"]]) for r in rows] == [
        ("text", "Sophie Lefèvre"),
        ("text", "sophie.lefevre@example.fr"),
    ]


def test_a_title_takes_the_names_its_text_redacts_and_a_headline_the_text_reads_otherwise_is_left_alone(
    tmp_path, write_docs, policy, redactor
):
    docs = [
        (
            "Jean Dupont, conseiller municipal d'opposition, a répondu mardi au maire de Rennes sur le budget.",
            "fr",
            "DUPONT RÉPOND AU MAIRE",
        ),
        (
            "An appeal for the Marie Curie Hospice in Solihull has raised more than £1m, the charity said.",
            "en",
            "Marie Curie Hospice Appeal Tops £1m",
        ),
        (
            "The Committee heard evidence on rural bus services from three operators.",
            "en",
            "Evidence from Mrs Margaret Ellison",
        ),
    ]
    source = tmp_path / "documents.parquet"
    ids = write_docs(source, [(text, lang) for text, lang, _ in docs])
    _with_titles(source, [title for _, _, title in docs])
    out = tmp_path / "out"
    out.mkdir()
    redact_dump(source, out, policy=policy, key=KEY, redactor=redactor)
    titles = pq.read_table(out / "documents.parquet")["title"].to_pylist()
    assert titles == [
        "[PERSON] RÉPOND AU MAIRE",  # the text's "Jean Dupont", its surname, in capitals
        "Marie Curie Hospice Appeal Tops £1m",  # the text reads the same words as no one
        "Evidence from Mrs [PERSON]",
    ]  # a name only the title holds
    rows = [r for r in pq.read_table(out / "redactions.parquet").to_pylist() if r["field"] == "title"]
    assert next((ids.index(r["doc_id"]), r["start"], r["end"], r["recognizer"]) for r in rows) == (
        0,
        0,
        6,
        "NameFromText",
    )
