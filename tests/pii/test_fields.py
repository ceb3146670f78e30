"""Fields besides the text and title: what the redaction stage does to a URL, an author, a locator, the signals and
the metadata, and what the residual scan then finds in them."""

from __future__ import annotations

import json
from urllib.parse import unquote, urlsplit

import pyarrow as pa
import pyarrow.parquet as pq

from provenance.contracts import PersonNames
from provenance.fingerprint import fingerprint
from provenance.pii.fields import FieldRedactor
from provenance.pii.residual import residual_scan
from provenance.pii.stage import redact_dump
from provenance.schema import DOCUMENT_SCHEMA, record_id

KEY = b"test-key-for-pii-hmac-0123456789abcdef"
EMAIL = "sophie.lefevre@orange.fr"
PHONE = "06 12 34 56 78"
IBAN = "FR7630006000011234567890189"
NIR = 185057800608491


def _row(**fields) -> dict:
    row = dict.fromkeys(DOCUMENT_SCHEMA.names)
    row["locator"] = "landing/x.jsonl:line=1"
    row.update(fields)
    return row


def test_a_url_keeps_its_host_and_stays_a_url_with_every_identifier_redacted(policy):
    redactor = FieldRedactor(policy, KEY)
    url = (
        f"https://sophie:secret@www.example.fr/contact/{EMAIL.replace('@', '%40')}/"
        f"?tel=06%2012%2034%2056%2078&iban={IBAN}#nir-{NIR}"
    )
    done = redactor.redact(_row(url=url), [])
    redacted = done.values["url"]
    parts = urlsplit(redacted)
    assert (parts.scheme, parts.hostname) == ("https", "www.example.fr")
    assert not any(c in redacted for c in " []") and "%5BEMAIL%5D" in redacted
    for value in (EMAIL, "0612345678", IBAN, str(NIR), "sophie", "secret"):
        assert value not in unquote(redacted).replace(" ", ""), value
    assert {s.span.entity_type for s in done.spans} >= {
        "EMAIL_ADDRESS",
        "PHONE_NUMBER",
        "IBAN_CODE",
        "FR_NIR",
        "URL_WITH_CREDENTIALS",
    }
    assert all(s.field == "url" and len(s.value_hmac) == 64 for s in done.spans)


def test_a_value_with_nothing_to_redact_is_left_byte_for_byte(policy):
    redactor = FieldRedactor(policy, KEY)
    metadata = '{"added":  "2023-04-07T15:24:38.743534+00:00", "page_id": 33653136, "record_id": "Article 711"}'
    row = _row(
        url="https://en.wikipedia.org/wiki/%3F_(film)",
        locator="mediawiki/enwiki.xml.bz2#page=33653136&rev=1020153604",
        metadata=metadata,
        author="Colaboradores de los proyectos Wikimedia",
        licence="CC-BY-SA-4.0",
        licence_hints=["https://creativecommons.org/licenses/by-sa/4.0/"],
    )
    done = redactor.redact(row, [("Antoine Meillet", 0.9)])
    assert done.spans == [] and done.values == row


def test_a_name_the_document_redacts_is_redacted_in_its_slug_file_name_and_metadata_but_a_lone_word_is_not(policy):
    redactor = FieldRedactor(policy, KEY)
    row = _row(
        url="https://blog.example.fr/portraits/jean-dupont/washington",
        locator="text/notes.zip!Jean_Dupont.md",
        metadata=json.dumps({"sujet": "JEAN DUPONT", "lieu": "Washington"}),
        author="Jean Dupont",
    )
    done = redactor.redact(row, [("Jean Dupont", 0.85), ("Washington", 0.9)])
    assert done.values["url"] == "https://blog.example.fr/portraits/%5BPERSON%5D/washington"
    assert done.values["locator"] == "text/notes.zip![PERSON].md"
    assert json.loads(done.values["metadata"]) == {"sujet": "[PERSON]", "lieu": "Washington"}
    # The author keeps its name: the rights stage decides the credit on it.
    assert done.values["author"] == "Jean Dupont"


def test_a_metadata_value_that_is_a_name_is_redacted_even_where_the_document_names_no_one(policy):
    metadata = json.dumps({"relecteur": "Hélène Marchetti", "lieu": "Upper Swainby", "note": "relu le 3 mars"})
    done = FieldRedactor(policy, KEY).redact(_row(metadata=metadata), [])
    assert json.loads(done.values["metadata"]) == {
        "lieu": "Upper Swainby",
        "note": "relu le 3 mars",
        "relecteur": "[PERSON]",
    }
    kept = FieldRedactor(policy.for_person_names(PersonNames.KEEP), KEY).redact(_row(metadata=metadata), [])
    assert kept.values["metadata"] == metadata


def test_the_author_loses_its_identifiers_and_keeps_its_name(policy):
    done = FieldRedactor(policy, KEY).redact(_row(author=f"Sophie Lefèvre <{EMAIL}>, {PHONE}"), [])
    assert done.values["author"] == "Sophie Lefèvre <[EMAIL]>, [PHONE]"


def test_metadata_keys_strings_and_numbers_are_read_and_audit_paths_never_name_a_key(policy):
    redactor = FieldRedactor(policy, KEY)
    metadata = json.dumps({"contact": {EMAIL: "clé", "phones": [PHONE]}, "nir": NIR, "n": 12}, sort_keys=True)
    done = redactor.redact(_row(metadata=metadata), [])
    assert json.loads(done.values["metadata"]) == {
        "contact": {"[EMAIL]": "clé", "phones": ["[PHONE]"]},
        "n": 12,
        "nir": "[NIR]",
    }
    assert sorted(s.field for s in done.spans) == ["metadata/0/0/0", "metadata/0/1/key", "metadata/2"]


def test_under_person_names_keep_names_stay_in_every_field_and_identifiers_do_not(policy):
    redactor = FieldRedactor(policy.for_person_names(PersonNames.KEEP), KEY)
    done = redactor.redact(_row(url=f"https://example.fr/jean-dupont?m={EMAIL}"), [("Jean Dupont", 0.9)])
    assert done.values["url"] == "https://example.fr/jean-dupont?m=%5BEMAIL%5D"


def test_the_stage_redacts_every_field_and_the_residual_scan_finds_nothing_then_something(tmp_path, redactor, policy):
    text = f"Sophie Lefèvre a écrit à la mairie. Sophie Lefèvre habite Lyon et répond au {PHONE}."
    row = _row(
        doc_id=record_id("tests", "x"),
        source_id="tests",
        dump_id="tests.sample",
        locator=f"landing/notes/sophie-lefevre-{IBAN}.md",
        url=f"https://example.fr/sophie-lefevre?mail={EMAIL}",
        title="Lettre de Sophie Lefèvre",
        author=f"Sophie Lefèvre, {EMAIL}",
        text=text,
        lang="fr",
        content_fingerprint=fingerprint(text),
        tdm_policy=f"https://example.fr/tdm?contact={EMAIL}",
        metadata=json.dumps({"nir": NIR, "auteur": "Sophie Lefèvre"}),
    )
    source = tmp_path / "documents.parquet"
    pq.write_table(pa.Table.from_pylist([row], schema=DOCUMENT_SCHEMA), source)
    out = tmp_path / "out"
    out.mkdir()
    redact_dump(source, out, policy=policy, key=KEY, redactor=redactor)
    [redacted] = pq.read_table(out / "documents.parquet").to_pylist()
    stored = json.dumps({k: v for k, v in redacted.items() if k != "author"}, ensure_ascii=False, default=str)
    for value in (EMAIL, "06 12 34 56 78", IBAN, str(NIR), "Lefèvre", "lefevre"):
        assert value not in stored, value
    assert redacted["author"] == "Sophie Lefèvre, [EMAIL]"
    rows = pq.read_table(out / "redactions.parquet").to_pylist()
    assert redacted["redaction_count"] == len(rows)
    assert {r["field"].split("/")[0] for r in rows} >= {"text", "title", "url", "author", "locator", "tdm_policy"}
    assert residual_scan(out, policy=policy) == []

    # An identifier left in a metadata value is found, with its field, and never shown.
    redacted["metadata"] = json.dumps({"contact": {"mail": EMAIL}})
    schema = pq.read_schema(out / "documents.parquet")
    pq.write_table(pa.Table.from_pylist([redacted], schema=schema), out / "documents.parquet")
    [finding] = residual_scan(out, policy=policy)
    assert (finding.field, finding.entity_type) == ("metadata/0/0", "EMAIL_ADDRESS")
    assert EMAIL not in repr(finding)


def test_a_place_a_title_took_for_a_person_or_a_blog_named_as_author_leave_the_url_alone(policy):
    """The demo's false positives: a slug changed for nothing breaks the link a CC BY credit must give."""
    redactor = FieldRedactor(policy, KEY)
    url = "https://www.plumes-et-pixels.fr/carnets/chroniques-de-quartier/history-of-upper-swainby"
    done = redactor.redact(_row(url=url, author="Chroniques de quartier"), [("Upper Swainby", 0.85)])
    assert done.values["url"] == url and done.spans == []


def test_the_lineage_function_redacts_identifiers_in_ingest_strings_and_keeps_the_rest(tmp_path):
    import duckdb

    from provenance.lineage.personal_data import register_identifier_redaction
    from provenance.workspace import Workspace

    con = duckdb.connect()
    register_identifier_redaction(con, Workspace(home=tmp_path, contracts=tmp_path / "no-contracts"))
    found = con.execute(
        "SELECT pii_identifiers(?), pii_identifiers(?), pii_identifiers(NULL), pii_identifiers_list(?)",
        [
            f"landing/notes!contact {EMAIL} (copie).txt",
            f"https://www.example.fr/x?tel=06%2012%2034%2056%2078&iban={IBAN}",
            ["CC-BY-4.0", f"mailto:{EMAIL}", None],
        ],
    ).fetchone()
    assert found == (
        "landing/notes!contact [EMAIL] (copie).txt",
        "https://www.example.fr/x?tel=%5BPHONE%5D&iban=%5BIBAN%5D",
        None,
        ["CC-BY-4.0", "mailto:[EMAIL]", None],
    )
