"""Hostile records in structured dumps: each costs one record at most, and every record stays accounted for.

Each dump is built here as a stranger could publish it (a lone surrogate escape, a 5,000-digit number, a page
id that is no number, a date a datetime cannot hold in UTC), between intact records that must still be kept.
"""

from __future__ import annotations

import gzip
import json
from functools import partial
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from provenance.dumps import discover_dumps
from provenance.ingest.json_records import json_pointer
from provenance.ingest.locators import jsonl_line, stream_offset, wiki_page, wiki_page_number, wiki_revision
from provenance.ingest.run import ingest_dump
from provenance.workspace import publish_stage

FIELDS = {"text": "text", "id": "id", "url": "url", "date": "date", "title": "title"}
SITTING = "Le conseil municipal a adopté le budget primitif de l'exercice {n} par 38 voix contre 15."


def record(n: int, **extra) -> bytes:
    fields = {"id": f"cm-{n}", "text": SITTING.format(n=n), "url": f"https://www.ville-exemple.fr/cr/{n}"}
    return json.dumps({**fields, **extra}, ensure_ascii=False).encode("utf-8") + b"\n"


def ingest(home: Path, source) -> tuple:
    """The dump ingested as a run does it; every table read back as the rights stage reads it."""
    (dump,) = discover_dumps(home, {source.id: source})
    out = home / "staging" / "documents" / dump.dump_id
    stats = publish_stage(out, partial(ingest_dump, dump, source))
    documents = pq.read_table(out / "documents.parquet").to_pylist()  # raises on a date Python cannot hold
    quarantine = pq.read_table(out / "quarantine.parquet").to_pylist()
    skipped = pq.read_table(out / "skipped.parquet").to_pylist()
    assert stats.records_seen == len(documents) + len(quarantine) + len(skipped)
    assert (stats.documents, stats.quarantined, stats.skipped_records) == (
        len(documents),
        len(quarantine),
        len(skipped),
    )
    return stats, documents, quarantine


def test_a_5000_digit_integer_in_an_extra_field_costs_its_line_only(kit, tmp_path, tmp_dump):
    lines = [record(1), record(2)[:-2] + b', "tirage": ' + b"7" * 5000 + b"}\n", record(3)]
    (tmp_dump / "conseil.jsonl").write_bytes(b"".join(lines))
    stats, documents, quarantine = ingest(tmp_path, kit.make_source("jsonl", fields=FIELDS))

    assert stats.records_seen == 3
    assert [d["locator"] for d in documents] == [jsonl_line("landing/src/conseil.jsonl", n) for n in (1, 3)]
    (row,) = quarantine
    assert row["locator"] == jsonl_line("landing/src/conseil.jsonl", 2) and row["reason"] == "oversize"
    assert "digits" in row["message"] and "7777" not in row["message"]


def test_lone_surrogates_in_text_url_and_extras_are_replaced_and_flagged_never_the_end_of_the_dump(
    kit, tmp_path, tmp_dump
):
    lines = [
        record(1),
        b'{"id": "cm-2", "text": "S\\u00e9ance \\ud800 du 4 juillet.", "url": "https://www.ville-exemple.fr/\\udfff"}\n',
        b'{"id": "cm-3\\ud83d", "text": "Vote du budget.", "orateurs": ["M. \\udc00"], "\\ud800": 1}\n',
        b'{"id": "cm-4", "text": "Une \\ud83d\\ude00 paire valide reste telle quelle."}\n',
        record(5),
    ]
    (tmp_dump / "conseil.jsonl").write_bytes(b"".join(lines))
    stats, documents, quarantine = ingest(tmp_path, kit.make_source("jsonl", fields=FIELDS))

    assert (stats.records_seen, len(documents), quarantine) == (5, 5, [])
    second, third, fourth = documents[1:4]
    assert second["text"] == "Séance \ufffd du 4 juillet." and second["url"] == "https://www.ville-exemple.fr/\ufffd"
    assert second["flags"] == ["invalid_bytes_replaced"] and third["flags"] == ["invalid_bytes_replaced"]
    assert json.loads(third["metadata"]) == {"record_id": "cm-3\ufffd", "orateurs": ["M. \ufffd"], "\ufffd": 1}
    assert fourth["text"] == "Une 😀 paire valide reste telle quelle." and fourth["flags"] is None
    assert documents[0]["flags"] is None and documents[4]["flags"] is None


def test_a_lone_surrogate_in_a_json_document_costs_nothing_but_the_character(kit, tmp_path, tmp_dump):
    # The C JSON parser refuses lone surrogate escapes: before, the rest of the file was lost.
    (tmp_dump / "decisions.json").write_bytes(
        b'{"total": 3, "results": [{"id": 1, "text": "Arr\\u00eat n\\u00b01."},'
        b' {"id": 2, "text": "Arr\\u00eat \\ud800.", "url": "https://juris.example/\\udc00"},'
        b' {"id": 3, "text": "Arr\\u00eat \\ud83d\\ude00 \\\\ud800"}]}'
    )
    stats, documents, quarantine = ingest(tmp_path, kit.make_source("jsonl", fields=FIELDS))

    assert (stats.records_seen, len(documents), quarantine) == (3, 3, [])
    damaged = documents[1]
    assert damaged["locator"] == json_pointer("landing/src/decisions.json", "results", 1)
    assert (damaged["text"], damaged["url"]) == ("Arrêt \ufffd.", "https://juris.example/\ufffd")
    assert damaged["flags"] == ["contains_replacement_characters"]  # the ingest run's flag for any U+FFFD
    assert documents[2]["text"] == "Arrêt 😀 \\ud800" and documents[2]["flags"] is None  # a pair, a literal


def test_dates_no_datetime_holds_in_utc_are_dropped_and_flagged_at_ingest(kit, tmp_path, tmp_dump):
    lines = [
        record(1, date="2024-04-12T18:05:00+02:00"),
        record(2, date="0001-01-01T00:00:00+14:00"),
        record(3, date="9999-12-31 23:59:59 -14:00"),
        record(4, date="0001-01-01T00:00:00Z"),
    ]
    (tmp_dump / "conseil.jsonl").write_bytes(b"".join(lines))
    stats, documents, quarantine = ingest(tmp_path, kit.make_source("jsonl", fields=FIELDS))

    assert (stats.records_seen, len(documents), quarantine) == (4, 4, [])
    assert documents[0]["published_at"].isoformat() == "2024-04-12T16:05:00+00:00"
    assert [d["published_at"] for d in documents[1:3]] == [None, None]
    assert [d["flags"] for d in documents[1:3]] == [["unparsed_published_at"]] * 2
    assert documents[3]["published_at"].isoformat() == "0001-01-01T00:00:00+00:00"  # the earliest UTC instant


HEADER = """<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" xml:lang="fr">
  <siteinfo><sitename>Wikipédia</sitename><base>https://fr.wikipedia.org/wiki/Accueil</base>
    <namespaces><namespace key="0" case="first-letter" /></namespaces></siteinfo>
"""


def wiki_page_xml(page_id: str, rev_id: str, title: str, text: str, timestamp: str = "2023-07-14T16:45:00Z") -> str:
    return (
        f"  <page><title>{title}</title><ns>0</ns><id>{page_id}</id>\n"
        f"    <revision><id>{rev_id}</id><timestamp>{timestamp}</timestamp>"
        f"<contributor><username>Bibliothécaire25</username><id>12</id></contributor>"
        f'<model>wikitext</model><format>text/x-wiki</format><text xml:space="preserve">{text}</text></revision>\n'
        f"  </page>\n"
    )


def test_mediawiki_pages_with_ids_that_are_no_numbers_cost_one_page_each(kit, tmp_path, tmp_dump):
    pages = [
        wiki_page_xml("101", "9001", "Besançon", "'''Besançon''' est une commune de l'est de la France."),
        wiki_page_xml("abc", "9002", "Dole", "'''Dole''' est une commune du Jura."),
        wiki_page_xml("103", "xyz", "Ornans", "'''Ornans''' est une commune du Doubs."),
        wiki_page_xml("", "9004", "Pontarlier", "'''Pontarlier''' est une commune du Doubs."),
        wiki_page_xml(
            "105", "9005", "Lons", "'''Lons-le-Saunier''' est la préfecture du Jura.", "0001-01-01T00:00:00Z"
        ),
        wiki_page_xml("106", "9006", "Salins", "'''Salins-les-Bains''' est une commune du Jura."),
    ]
    (tmp_dump / "frwiki.xml").write_text(HEADER + "".join(pages) + "</mediawiki>\n", encoding="utf-8")
    stats, documents, quarantine = ingest(tmp_path, kit.make_source("mediawiki"))

    relpath = "landing/src/frwiki.xml"
    assert stats.records_seen == 6
    assert [d["locator"] for d in documents] == [
        wiki_revision(relpath, 101, 9001),
        wiki_revision(relpath, 105, 9005),
        wiki_revision(relpath, 106, 9006),
    ]
    assert [(q["locator"], q["reason"]) for q in quarantine] == [
        (wiki_page_number(relpath, 2), "invalid_record"),
        (wiki_page(relpath, 103), "invalid_record"),
        (wiki_page_number(relpath, 4), "invalid_record"),
    ]
    assert all("reading goes on at the next page" in q["message"] for q in quarantine)
    assert "abc" not in quarantine[0]["message"]


def test_corrupt_gzip_members_cost_themselves_and_reading_resyncs_at_the_next_member(kit, tmp_path, tmp_dump):
    # Six members of two lines each, as a crawler appending to a .jsonl.gz writes them.
    members = [gzip.compress(record(2 * m + 1) + record(2 * m + 2), mtime=0) for m in range(6)]
    offsets = [sum(len(m) for m in members[:i]) for i in range(6)]
    members[1] = members[1][:12] + bytes(b ^ 0xA5 for b in members[1][12:40]) + members[1][40:]  # deflate data
    members[3] = members[3][:-8] + bytes(b ^ 0xFF for b in members[3][-8:-4]) + members[3][-4:]  # its CRC-32 only
    junk = b"\x00garbage between members\x00"
    (tmp_dump / "conseil.jsonl.gz").write_bytes(b"".join(members[:5]) + junk + members[5])
    stats, documents, quarantine = ingest(tmp_path, kit.make_source("jsonl", fields=FIELDS))

    relpath = "landing/src/conseil.jsonl.gz"
    kept = [json.loads(d["metadata"])["record_id"] for d in documents]
    assert kept == [f"cm-{n}" for n in (1, 2, 5, 6, 9, 10, 11, 12)]
    # member 3's text decodes, but its checksum is wrong: none of it is published
    assert [(q["locator"], q["reason"]) for q in quarantine] == [
        (stream_offset(relpath, offsets[1]), "truncated_stream"),
        (stream_offset(relpath, offsets[3]), "truncated_stream"),
        (stream_offset(relpath, offsets[5]), "truncated_stream"),
    ]
    assert all("reading goes on at the next member" in q["message"] for q in quarantine)
    assert [d["locator"] for d in documents] == [jsonl_line(relpath, n) for n in range(1, 9)]
    assert stats.records_seen == 11


def test_integers_beyond_64_bits_in_a_json_document_end_nothing(kit, tmp_path, tmp_dump):
    # The C parser refuses integers beyond 64 bits: the file is read on with the pure-Python parser.
    records = [
        {"id": 1, "text": "Arrêt n°1 de la cour d'appel.", "pourvoi": 21},
        {"id": 18446744073709551616, "text": "Arrêt n°2 de la cour d'appel.", "hash": 10**400},
        {"id": 3, "text": "Arrêt n°3 de la cour d'appel.", "note": 0.5},
    ]
    (tmp_dump / "decisions.json").write_text(json.dumps({"total": 3, "results": records}), encoding="utf-8")
    stats, documents, quarantine = ingest(tmp_path, kit.make_source("jsonl", fields=FIELDS))

    assert (stats.records_seen, quarantine) == (3, [])
    assert [json.loads(d["metadata"])["record_id"] for d in documents] == ["1", "18446744073709551616", "3"]
    assert [d["locator"] for d in documents] == [
        json_pointer("landing/src/decisions.json", "results", i) for i in range(3)
    ]


def test_parquet_timestamps_python_cannot_hold_cost_the_value_only(kit, tmp_path, tmp_dump):
    seconds = [1_712_937_900, -62_135_596_800 - 400 * 86_400, 10**13, 1_712_937_960]  # 2024, year 0, year 318857
    table = pa.table(
        {
            "id": [f"cm-{n}" for n in range(1, 5)],
            "text": [SITTING.format(n=n) for n in range(1, 5)],
            "date": pa.array(seconds, pa.timestamp("s", tz="UTC")),
        }
    )
    pq.write_table(table, tmp_dump / "conseil.parquet")
    stats, documents, quarantine = ingest(tmp_path, kit.make_source("parquet", fields=FIELDS))

    assert (stats.records_seen, len(documents), quarantine) == (4, 4, [])
    assert [d["published_at"] is None for d in documents] == [False, True, True, False]
    assert [d["flags"] for d in documents] == [None, ["unreadable_value_dropped"], ["unreadable_value_dropped"], None]


def test_a_5000_digit_integer_in_a_json_document_costs_its_record_only(kit, tmp_path, tmp_dump):
    records = [
        {"id": 1, "text": "Arrêt n°1 de la cour d'appel.", "pourvoi": 18446744073709551616},
        {"id": 2, "text": "Arrêt n°2 de la cour d'appel.", "tirage": "__TIRAGE__", "note": "7" * 5000},
        {"id": 3, "text": "Arrêt n°3 de la cour d'appel.", "exposant": -(10**4300 - 1)},
        {"id": 4, "text": "Arrêt n°4 de la cour d'appel.", "tirage": "__TIRAGE__"},
    ]
    text = json.dumps({"total": 4, "results": records}).replace('"__TIRAGE__"', "7" * 5000)
    (tmp_dump / "decisions.json").write_text(text, encoding="utf-8")
    stats, documents, quarantine = ingest(tmp_path, kit.make_source("jsonl", fields=FIELDS))

    relpath = "landing/src/decisions.json"
    assert stats.records_seen == 4
    assert [d["locator"] for d in documents] == [json_pointer(relpath, "results", i) for i in (0, 2)]
    assert [(q["locator"], q["reason"]) for q in quarantine] == [
        (json_pointer(relpath, "results", i), "oversize") for i in (1, 3)
    ]
    assert all("digits" in q["message"] and "7777" not in q["message"] for q in quarantine)
    kept = [json.loads(d["metadata"]) for d in documents]
    assert [k["record_id"] for k in kept] == ["1", "3"]


def test_a_json_document_that_is_one_record_with_a_5000_digit_integer_is_one_oversize_row(kit, tmp_path, tmp_dump):
    text = '{"id": 7, "text": "Arrêt n°7 de la cour d\'appel.", "tirage": ' + "7" * 5000 + "}"
    (tmp_dump / "decision.json").write_text(text, encoding="utf-8")
    stats, documents, quarantine = ingest(tmp_path, kit.make_source("jsonl", fields=FIELDS))
    assert (stats.records_seen, documents) == (1, [])
    (row,) = quarantine
    assert (row["locator"], row["reason"]) == (json_pointer("landing/src/decision.json"), "oversize")
