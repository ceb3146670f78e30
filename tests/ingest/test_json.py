"""JSON files of records (.json) read by the jsonl format: arrays, objects holding arrays, one-record objects;
streamed, with every broken or cut file a quarantine row that names the file and the element, earlier records kept."""

from __future__ import annotations

import gzip
import json
import tracemalloc
from pathlib import Path

import pytest

from provenance.contracts import load_sources
from provenance.ingest.fields import FieldMapping
from provenance.ingest.json_records import JsonDocumentReader, json_pointer
from provenance.ingest.jsonl import read_jsonl
from provenance.ingest.records import Document, Notice, QuarantineReason, ReaderContext
from provenance.ingest.run import ingest_items
from provenance.ingest.streams import DecompressedStream

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"
FIELDS = {"text": "texte", "id": "id", "title": "titre", "url": "meta.url", "date": "date"}
DECISIONS = [
    {
        "id": "CE-2023-451",
        "titre": "Conseil d'État, 12 avril 2023",
        "texte": "Le Conseil d'État rejette la requête.",
        "date": "2023-04-12",
        "meta": {"url": "https://www.conseil-etat.fr/decisions/451"},
    },
    {
        "id": "CE-2023-452",
        "titre": "Conseil d'État, 13 avril 2023",
        "texte": "La décision attaquée est annulée.",
        "date": "2023-04-13",
        "meta": {"url": "https://www.conseil-etat.fr/decisions/452"},
    },
    {
        "id": "CE-2023-453",
        "titre": "Conseil d'État, 14 avril 2023",
        "texte": "Il n'y a pas lieu de statuer.",
        "date": "2023-04-14",
        "meta": {"url": "https://www.conseil-etat.fr/decisions/453"},
    },
]


def notices(items: list) -> list[Notice]:
    return [i for i in items if isinstance(i, Notice)]


def read(kit, path: Path, fields: dict | None = None, **extra) -> dict[str, list]:
    items = kit.read_all(read_jsonl, path, kit.make_source("jsonl", fields=fields or FIELDS, **extra))
    out = kit.by_type([i for i in items if not isinstance(i, Notice)])
    out["notices"] = notices(items)
    return out


def write(path: Path, value, **dumps) -> Path:
    path.write_text(json.dumps(value, ensure_ascii=False, **dumps), encoding="utf-8")
    return path


def test_an_array_of_records_goes_through_the_jsonl_field_mapping_with_pointers_as_locators(kit, tmp_dump):
    path = write(tmp_dump / "decisions.json", DECISIONS, indent=2)
    items = read(kit, path)
    docs = items["documents"]
    assert [d.locator for d in docs] == [json_pointer("landing/src/decisions.json", i) for i in range(3)]
    assert docs[0].locator == "landing/src/decisions.json#/0"
    assert (docs[0].text, docs[0].title, docs[0].url, docs[0].published_at) == (
        "Le Conseil d'État rejette la requête.",
        "Conseil d'État, 12 avril 2023",
        "https://www.conseil-etat.fr/decisions/451",
        "2023-04-12",
    )
    assert docs[0].metadata["record_id"] == "CE-2023-451"
    assert items["quarantined"] == items["notices"] == []


@pytest.mark.parametrize("key", ["results", "data"])
def test_an_object_holding_an_array_of_records_reads_the_array_and_leaves_the_envelope(kit, tmp_dump, key):
    page = {
        "page": 1,
        "page_size": 3,
        "total": 3,
        "query": {"q": "conseil", "facets": ["2023"]},
        key: DECISIONS,
        "next_page": None,
    }
    items = read(kit, write(tmp_dump / "page.json", page))
    assert [d.locator for d in items["documents"]] == [f"landing/src/page.json#/{key}/{i}" for i in range(3)]
    assert items["quarantined"] == items["notices"] == []


def test_an_object_with_several_arrays_of_records_reads_them_all_and_says_so(kit, tmp_dump):
    page = {"resolved": DECISIONS[:2], "facets": ["2023", "CE"], "unresolved": DECISIONS[2:], "empty": []}
    items = read(kit, write(tmp_dump / "two.json", page))
    assert [d.locator.split("#")[1] for d in items["documents"]] == ["/resolved/0", "/resolved/1", "/unresolved/0"]
    assert [(n.code, n.locator) for n in items["notices"]] == [
        ("json_array_not_records", "landing/src/two.json#/facets"),
        ("json_several_record_arrays", "landing/src/two.json"),
    ]
    assert "resolved, unresolved" in items["notices"][1].message


def test_an_object_that_is_itself_a_record_is_one_document(kit, tmp_dump):
    decision = {**DECISIONS[0], "visas": [{"titre": "Article L. 521-1"}], "numeros": ["451", "452"]}
    items = read(kit, write(tmp_dump / "decision.json", decision))
    (doc,) = items["documents"]
    assert doc.locator == "landing/src/decision.json#" and doc.text == DECISIONS[0]["texte"]
    assert items["notices"] == []


def test_elements_that_are_not_objects_are_quarantined_one_by_one_and_the_rest_is_read(kit, tmp_dump):
    path = write(
        tmp_dump / "mixed.json", {"results": [DECISIONS[0], "texte seul", 42, None, [1, 2], DECISIONS[1], {"id": "x"}]}
    )
    items = read(kit, path)
    assert [d.locator.split("#")[1] for d in items["documents"]] == ["/results/0", "/results/5"]
    assert [(q.locator.split("#")[1], q.reason, q.message) for q in items["quarantined"]] == [
        (
            "/results/1",
            QuarantineReason.NOT_AN_OBJECT,
            "element /results/1 of landing/src/mixed.json is a string, not a JSON object",
        ),
        (
            "/results/2",
            QuarantineReason.NOT_AN_OBJECT,
            "element /results/2 of landing/src/mixed.json is a number, not a JSON object",
        ),
        (
            "/results/3",
            QuarantineReason.NOT_AN_OBJECT,
            "element /results/3 of landing/src/mixed.json is null, not a JSON object",
        ),
        (
            "/results/4",
            QuarantineReason.NOT_AN_OBJECT,
            "element /results/4 of landing/src/mixed.json is an array, not a JSON object",
        ),
        ("/results/6", QuarantineReason.MISSING_TEXT, "text field 'texte' is missing"),
    ]


def test_a_broken_array_keeps_every_record_before_the_damage_and_names_where_it_is(kit, tmp_dump):
    good = json.dumps(DECISIONS[:2], ensure_ascii=False)[:-1]
    path = tmp_dump / "broken.json"
    path.write_text(
        good + ', {"id": "CE-2023-453", "texte": "M. Jean Dupont, requérant", oops}, {"id": 4}]', encoding="utf-8"
    )
    items = read(kit, path)
    assert len(items["documents"]) == 2
    (broken,) = items["quarantined"]
    assert broken.reason == QuarantineReason.MALFORMED_JSON and broken.locator == "landing/src/broken.json#/2"
    assert broken.message.startswith("landing/src/broken.json: invalid JSON in element /2")
    assert "Dupont" not in broken.message and "oops" not in broken.message


def test_a_truncated_file_is_one_row_at_the_element_being_read(kit, tmp_dump):
    whole = json.dumps({"total": 3, "results": DECISIONS}, ensure_ascii=False).encode()
    path = tmp_dump / "cut.json"
    path.write_bytes(whole[: whole.index(b"La d\xc3\xa9cision") + 5])  # inside element 1's text
    items = read(kit, path)
    assert [d.locator for d in items["documents"]] == ["landing/src/cut.json#/results/0"]
    (cut,) = items["quarantined"]
    assert (cut.reason, cut.locator) == (QuarantineReason.TRUNCATED_STREAM, "landing/src/cut.json#/results/1")
    assert cut.message.startswith("landing/src/cut.json ends in element /results/1 after")
    assert "the JSON is cut" in cut.message


def test_a_cut_gzip_stream_keeps_the_records_before_the_cut(kit, tmp_dump):
    records = [{**DECISIONS[i % 3], "id": f"CE-{i}"} for i in range(3000)]
    data = gzip.compress(json.dumps(records, ensure_ascii=False).encode(), mtime=0)
    path = tmp_dump / "export.json.gz"
    path.write_bytes(data[: len(data) // 2])
    items = read(kit, path)
    read_ok = len(items["documents"])
    assert 0 < read_ok < 3000
    assert [d.metadata["record_id"] for d in items["documents"]] == [f"CE-{i}" for i in range(read_ok)]
    (cut,) = items["quarantined"]
    assert cut.reason == QuarantineReason.TRUNCATED_STREAM and cut.locator.endswith(f"#/{read_ok}")
    assert "gzip stream ends before the end of its member" in cut.message


def test_a_scalar_document_and_an_empty_file_hold_no_records_and_say_so(kit, tmp_dump):
    items = read(kit, write(tmp_dump / "count.json", 42))
    assert [(q.reason, q.message) for q in items["quarantined"]] == [
        (QuarantineReason.NOT_AN_OBJECT, "landing/src/count.json holds a number, not an array or object of records")
    ]
    (tmp_dump / "count.json").unlink()
    (tmp_dump / "empty.json").write_text("  \n", encoding="utf-8")
    items = read(kit, tmp_dump / "empty.json")
    assert items["documents"] == items["quarantined"] == []
    assert [n.code for n in items["notices"]] == ["json_empty"]


def test_a_json_file_holding_json_lines_is_read_line_by_line_with_a_notice(kit, tmp_dump):
    path = tmp_dump / "hub-export.json"
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in DECISIONS), encoding="utf-8")
    items = read(kit, path)
    assert [d.locator for d in items["documents"]] == [f"landing/src/hub-export.json:line={n}" for n in (1, 2, 3)]
    assert [n.code for n in items["notices"]] == ["json_lines_in_json_file"]


def test_a_latin1_file_is_decoded_and_its_documents_flagged(kit, tmp_dump):
    path = tmp_dump / "ancien.json"
    path.write_bytes(json.dumps(DECISIONS, ensure_ascii=False).encode("latin-1"))
    items = read(kit, path, encoding="latin-1")
    assert [d.text for d in items["documents"]] == [d["texte"] for d in DECISIONS]
    assert all(d.flags == ["encoding_guessed"] for d in items["documents"])


def test_an_invalid_byte_costs_one_character_not_the_file(kit, tmp_dump, tmp_path):
    data = json.dumps(DECISIONS, ensure_ascii=False).encode().replace("annulée".encode(), b"annul\xe9e")
    (tmp_dump / "presque.json").write_bytes(data)
    items = read(kit, tmp_dump / "presque.json")
    assert [d.text for d in items["documents"]][1] == "La décision attaquée est annul\ufffde."
    assert len(items["documents"]) == 3 and items["quarantined"] == []
    ctx = ReaderContext(
        source=kit.make_source("jsonl", fields=FIELDS),
        dump_id="src.presque",
        path=tmp_dump / "presque.json",
        relpath="landing/src/presque.json",
    )
    stats = ingest_items(read_jsonl(ctx), ctx, tmp_path)
    assert stats.flags["contains_replacement_characters"] == 1


def test_a_large_array_is_streamed_never_loaded_whole(kit, tmp_path):
    """Structural: the first record arrives after reading a bounded prefix, and Python memory stays far below the
    file's size while every record goes by."""
    n = 10_000
    path = tmp_path / "big.json.gz"
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as fh:
        fh.write(f'{{"total": {n}, "results": [')
        for i in range(n):
            record = {**DECISIONS[i % 3], "id": f"CE-{i}", "n": i, "texte": f"Décision {i}. " + "Considérant. " * 100}
            fh.write(("," if i else "") + json.dumps(record, ensure_ascii=False))
        fh.write("]}")
    with gzip.open(path) as fh:
        size = sum(len(chunk) for chunk in iter(lambda: fh.read(1 << 20), b""))
    assert size > 10 << 20
    source = kit.make_source("jsonl", fields=FIELDS)
    ctx = ReaderContext(source=source, dump_id="src.big", path=path, relpath="landing/src/big.json.gz")
    with DecompressedStream(path) as stream:
        records = JsonDocumentReader(ctx, stream, FieldMapping(FIELDS)).items()
        first = next(records)
        assert isinstance(first, Document) and stream.tell() <= 1 << 18  # of more than 10 MiB
        tracemalloc.start()
        count = 1 + sum(1 for _ in records)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert count == n
    assert peak < size // 3, (peak, size)  # the stream's bounded buffers and one record, not the file


# --------------------------------------------------------------------------- real open data (tests/fixtures/real/json)


def real(name: str) -> tuple[ReaderContext, list]:
    sources = load_sources(REAL / "contracts")
    source = next(s for s in sources.values() if s.dumps == (f"json/{name}",))
    ctx = ReaderContext(source=source, dump_id=f"{source.id}.x", path=REAL / "json" / name, relpath=f"json/{name}")
    return ctx, list(read_jsonl(ctx))


def test_the_real_judilibre_search_results_read_both_arrays_and_quarantine_decisions_without_summary():
    _, items = real("judilibre-cc-search-results.json")
    docs = [i for i in items if isinstance(i, Document)]
    quarantined = [i for i in items if not isinstance(i, (Document, Notice))]
    assert (len(docs), len(quarantined)) == (70, 130)
    assert {q.reason for q in quarantined} == {QuarantineReason.MISSING_TEXT}
    assert docs[0].locator == "json/judilibre-cc-search-results.json#/resolved/0"
    assert docs[0].metadata["record_id"] == "5fca25d9cbbf603303c4ff89"
    assert docs[0].text.startswith("Aux termes de l'article L. 2314-30 du code du travail")
    assert docs[0].published_at == "2020-11-25" and docs[0].metadata["ecli"] == "ECLI:FR:CCASS:2020:SO01153"
    assert [n.code for n in notices(items)] == ["json_several_record_arrays"]


def test_the_real_judilibre_decision_object_is_one_document_with_the_whole_text():
    _, items = real("judilibre-cc-decision.json")
    (doc,) = items
    assert doc.locator == "json/judilibre-cc-decision.json#"
    assert doc.metadata["record_id"] == "5fca277de35a255d41ca73ab"
    assert doc.published_at == "2020-11-18" and doc.metadata["number"] == "19-19.463"
    assert doc.text.lstrip().startswith("COMM.") and "COUR DE CASSATION" in doc.text
    assert len(doc.text) > 40_000 and "REJETTE le pourvoi" in doc.text
