"""The JSONL reader: one document per line with the contract's field mapping; a broken line costs that line only."""

from __future__ import annotations

import bz2
import gzip
import json

import pytest
import zstandard

from provenance.ingest.jsonl import read_jsonl
from provenance.ingest.locators import jsonl_line
from provenance.ingest.records import QuarantineReason

FIELDS = {
    "text": "contenu",
    "id": "identifiant",
    "url": "meta.url",
    "title": "titre",
    "licence": "licence",
    "author": "meta.auteur",
    "date": "date",
    "lang": "langue",
}

DEBATE = (
    "M. le président. La parole est à Mme Sophie Bernard, rapporteure de la commission des finances. "
    "Mme Sophie Bernard. Monsieur le président, mes chers collègues, ce projet de loi de finances rectificative "
    "prévoit une ouverture de crédits de 2,3 milliards d'euros pour les collectivités territoriales."
)
NEWS = (
    "Flooding closed the A38 near Plymouth on Tuesday morning after the River Tamar burst its banks. "
    "Devon and Cornwall Police said drivers should avoid the area until at least 6pm."
)


def line(**record) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"


def good_lines() -> list[bytes]:
    return [
        line(
            identifiant="an-2024-0412",
            contenu=DEBATE,
            titre="Séance du 12 avril 2024",
            licence="etalab-2.0",
            date="2024-04-12",
            langue="fr-FR",
            meta={"url": "https://www.assemblee-exemple.fr/cri/2024-0412", "auteur": "Assemblée nationale"},
            legislature=16,
            orateurs=["Sophie Bernard"],
        ),
        line(
            identifiant=17,
            contenu=NEWS,
            titre="A38 closed by floods",
            licence="CC-BY-4.0",
            date="2024-01-09T07:15:00Z",
            langue="en",
            meta={"url": "https://news.example.co.uk/a38"},
            raw_html="<p>" + "x" * 400 + "</p>",
        ),
    ]


def write(path, payload: bytes):
    if path.name.endswith(".gz"):
        payload = gzip.compress(payload, mtime=0)
    elif path.name.endswith(".zst"):
        payload = zstandard.ZstdCompressor().compress(payload)
    elif path.name.endswith(".bz2"):
        payload = bz2.compress(payload)
    path.write_bytes(payload)


@pytest.mark.parametrize("name", ["debates.jsonl", "debates.jsonl.gz", "debates.jsonl.zst", "debates.ndjson.bz2"])
def test_each_line_becomes_a_document_with_the_mapped_fields(kit, tmp_dump, name):
    path = tmp_dump / name
    write(path, b"".join(good_lines()))
    items = kit.by_type(kit.read_all(read_jsonl, path, kit.make_source("jsonl", fields=FIELDS)))
    fr, en = items["documents"]
    assert items["quarantined"] == []
    assert fr.text == DEBATE and en.text == NEWS
    assert fr.locator == jsonl_line(f"landing/src/{name}", 1) and en.locator == jsonl_line(f"landing/src/{name}", 2)
    assert (fr.url, fr.title, fr.licence, fr.author, fr.published_at, fr.lang) == (
        "https://www.assemblee-exemple.fr/cri/2024-0412",
        "Séance du 12 avril 2024",
        "etalab-2.0",
        "Assemblée nationale",
        "2024-04-12",
        "fr",
    )
    assert fr.metadata == {"record_id": "an-2024-0412", "legislature": 16, "orateurs": ["Sophie Bernard"]}
    assert en.metadata == {"record_id": "17"}  # the 400-character raw_html is too large to keep
    assert en.author is None


def test_every_broken_line_is_quarantined_with_its_reason_and_the_rest_is_read(kit, tmp_dump):
    good = good_lines()
    lines = [
        good[0],
        b'{"identifiant": "x1", "contenu": "Texte tronqu\n',  # 2 malformed
        b"[1, 2, 3]\n",  # 3 not an object
        line(identifiant="x2", titre="Sans texte"),  # 4 text missing
        line(identifiant="x3", contenu=None),  # 5 text null
        line(identifiant="x4", contenu=12),  # 6 text not a string
        b"\n",  # 7 blank: not a record
        line(contenu="Le maire de Besançon a présenté ses vœux.")[:30]
        + b"\xff\xfe"
        + line(contenu="Le maire de Besançon a présenté ses vœux.")[30:],  # 8 invalid UTF-8
        line(contenu="   "),  # 9 empty text (run quarantines)
        good[1],  # 10
    ]
    path = tmp_dump / "mixed.jsonl"
    path.write_bytes(b"".join(lines))
    items = kit.by_type(kit.read_all(read_jsonl, path, kit.make_source("jsonl", fields=FIELDS)))

    assert [(q.locator.rsplit("=", 1)[1], q.reason) for q in items["quarantined"]] == [
        ("2", QuarantineReason.MALFORMED_JSON),
        ("3", QuarantineReason.NOT_AN_OBJECT),
        ("4", QuarantineReason.MISSING_TEXT),
        ("5", QuarantineReason.MISSING_TEXT),
        ("6", QuarantineReason.MISSING_TEXT),
    ]
    assert [d.locator.rsplit("=", 1)[1] for d in items["documents"]] == ["1", "8", "9", "10"]
    assert [s.reason for s in items["skipped"]] == ["blank_line"]
    replaced = items["documents"][1]
    assert "invalid_bytes_replaced" in replaced.flags and "\ufffd" in replaced.text
    messages = " ".join(q.message for q in items["quarantined"])
    assert "tronqu" not in messages and "line 2" in messages
    assert "'contenu' is missing" in messages and "'contenu' is null" in messages and "is a number" in messages


@pytest.mark.parametrize("name", ["cut.jsonl.gz", "cut.jsonl.zst"])
def test_a_truncated_compressed_dump_keeps_the_lines_before_the_cut(kit, tmp_dump, name):
    lines = [line(identifiant=i, contenu=f"{DEBATE} (intervention {i})") for i in range(2000)]
    path = tmp_dump / name
    write(path, b"".join(lines))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    items = kit.by_type(kit.read_all(read_jsonl, path, kit.make_source("jsonl", fields=FIELDS)))

    kept = len(items["documents"])
    assert 0 < kept < 2000
    assert [d.metadata["record_id"] for d in items["documents"]] == [str(i) for i in range(kept)]
    (cut,) = items["quarantined"]
    assert cut.reason == QuarantineReason.TRUNCATED_STREAM
    assert cut.locator == jsonl_line(f"landing/src/{name}", kept + 1)


def test_a_line_above_the_size_limit_is_quarantined_as_oversize(kit, tmp_dump):
    path = tmp_dump / "big.jsonl"
    source = kit.make_source("jsonl", fields=FIELDS, max_document_chars=100)
    # the line limit is 6 * 100 + 1 MiB bytes
    path.write_bytes(line(contenu="x" * (2 << 20)) + good_lines()[1])
    items = kit.by_type(kit.read_all(read_jsonl, path, source))
    assert [(q.locator.rsplit("=", 1)[1], q.reason) for q in items["quarantined"]] == [
        ("1", QuarantineReason.OVERSIZE)
    ]
    assert [d.text for d in items["documents"]] == [NEWS]


def test_a_byte_order_mark_at_the_start_of_the_file_is_not_an_error(kit, tmp_dump):
    path = tmp_dump / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + b"".join(good_lines()))
    items = kit.by_type(kit.read_all(read_jsonl, path, kit.make_source("jsonl", fields=FIELDS)))
    assert len(items["documents"]) == 2 and items["quarantined"] == []
