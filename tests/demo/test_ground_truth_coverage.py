"""The ground truth covers every case later stages must handle: each reservation signal and its look-alikes,
each licence, duplicates with one rightful survivor, near duplicates, and broken records."""

from collections import Counter

from provenance.ingest.records import QuarantineReason
from provenance.schema import record_id
from provenance_demo import catalogue
from provenance_demo.ground_truth import RESERVATION_SIGNALS
from provenance_demo.licences import CLASS_RANK, INCLUDED


def test_every_record_has_the_id_ingest_will_give_it(truth):
    assert all(r.record_id == record_id(r.source_id, r.locator) for r in truth.records)
    assert len({r.record_id for r in truth.records}) == len(truth.records)
    assert all(r.locator.startswith(r.dump_relpath) for r in truth.records)


def test_every_reservation_signal_is_planted_effective(truth):
    effective = {x.signal for r in truth.records for x in r.reservations if x.effective}
    assert effective == set(RESERVATION_SIGNALS)


def test_look_alikes_that_must_not_reserve_are_planted_and_let_the_document_in(truth):
    ineffective = Counter(x.signal for r in truth.records for x in r.reservations if not x.effective)
    assert {"tdm_header", "tdmrep_json", "robots_txt", "content_usage", "registry_author", "registry_domain"} <= set(
        ineffective
    )
    only_ineffective = [r for r in truth.records if r.reservations and not r.reserved]
    assert only_ineffective
    for r in only_ineffective:
        assert r.rights_decision in INCLUDED, (r.locator, r.licence_class)
    details = {x.detail for r in truth.records for x in r.reservations if not x.effective}
    assert 'train-ai="n"' in details and "tdm-reservation: 0" in details


def test_reserved_documents_are_excluded_whatever_their_licence(truth):
    reserved = [r for r in truth.records if r.reserved]
    assert len(reserved) >= 20
    assert all(r.rights_decision == "excluded" for r in reserved)
    assert any(r.licence_class == "public_domain" for r in reserved)


def test_every_licence_and_statement_form_is_planted(truth):
    expected = {r.licence_expected for r in truth.records if r.expect == "document"}
    assert {
        "etalab-2.0",
        "LicenseRef-Licence-Ouverte-1.0",
        "CC-BY-4.0",
        "CC-BY-SA-4.0",
        "CC0-1.0",
        "CC-BY-NC-4.0",
        "CC-BY-ND-4.0",
        None,
    } <= expected
    declared = {r.licence_declared for r in truth.records}
    assert {
        "Licence Ouverte v2.0",
        "Licence Ouverte 1.0",
        "https://creativecommons.org/licenses/by/4.0/",
        "CC BY 4.0",
        "CC-BY-4.0 OR CC-BY-NC-4.0",
        "CC-BY-4.0 AND CC-BY-SA-4.0",
        "Tous droits réservés",
        "All rights reserved",
        "CC BY-SA 4.0",
        None,
    } <= declared
    classes = Counter(r.licence_class for r in truth.records if r.expect == "document")
    assert set(classes) == {
        "public_domain",
        "attribution",
        "share_alike",
        "non_commercial",
        "no_derivatives",
        "unknown",
    }


def test_undeclared_records_of_a_noassertion_source_end_quarantined(truth):
    undeclared = [
        r
        for r in truth.records
        if r.source_id == "plumes_blogs" and r.expect == "document" and r.licence_declared is None
    ]
    assert undeclared
    assert all(r.rights_decision in ("quarantined", "excluded") for r in undeclared)
    assert any(r.rights_decision == "quarantined" for r in undeclared)


def test_each_duplicate_group_has_identical_texts_and_one_rightful_survivor(truth):
    groups: dict[str, list] = {}
    for r in truth.records:
        if r.duplicate_group:
            groups.setdefault(r.duplicate_group, []).append(r)
    assert len(groups) >= 4
    for name, members in groups.items():
        assert len({r.source_id for r in members}) >= 2, name
        assert len({r.text_fingerprint for r in members}) == 1, name
        survivors = [r for r in members if r.expected_survivor]
        assert len(survivors) == 1, name
        survivor = survivors[0]
        assert survivor.rights_decision in INCLUDED
        for other in members:
            if other is survivor or other.rights_decision not in INCLUDED:
                continue
            mine = (
                CLASS_RANK[survivor.licence_class],
                -catalogue.SOURCES[survivor.source_id]["priority"],
                survivor.published_at or "9999",
            )
            theirs = (
                CLASS_RANK[other.licence_class],
                -catalogue.SOURCES[other.source_id]["priority"],
                other.published_at or "9999",
            )
            assert mine < theirs, (name, other.locator)
    # The groups exercise each tie-break, and copies that never compete because they are excluded.
    survivors = {name: next(r for r in m if r.expected_survivor) for name, m in groups.items()}
    assert survivors["dup-news-fr"].source_id == "gazette_ouest"  # priority among attribution copies
    assert survivors["dup-wiki-fr"].licence_class == "attribution"  # class beats priority
    bulletin = [r for r in groups["dup-bulletin-en"] if r.source_id == "radio_albion"]
    assert survivors["dup-bulletin-en"] is min(bulletin, key=lambda r: r.published_at)  # earliest of a source
    assert any(
        r.licence_class == "public_domain" and r.rights_decision == "excluded" for r in groups["dup-bulletin-en"]
    )


def test_near_duplicates_point_at_their_original_and_differ_from_it(truth):
    by_id = truth.by_record_id()
    near = [r for r in truth.records if r.near_duplicate_of]
    assert {r.format for r in near} >= {"jsonl", "warc"}
    for r in near:
        original = by_id[r.near_duplicate_of]
        assert original.text_fingerprint != r.text_fingerprint
        assert original.source_id == r.source_id
    # The opted-out work is caught by its fingerprint; its edited copy is not.
    work = next(r for r in truth.records if any(x.signal == "registry_fingerprint" for x in r.reservations))
    edited = next(r for r in near if r.near_duplicate_of == work.record_id)
    assert work.rights_decision == "excluded" and not edited.reserved


def test_broken_records_are_planted_with_their_reasons_and_flags(truth):
    reasons = Counter(r.quarantine_reason for r in truth.records if r.expect == "quarantined")
    assert {
        QuarantineReason.MALFORMED_JSON.value,
        QuarantineReason.NOT_AN_OBJECT.value,
        QuarantineReason.MISSING_TEXT.value,
        QuarantineReason.EMPTY_DOCUMENT.value,
        QuarantineReason.OVERSIZE.value,
    } <= set(reasons)
    assert all(r.rights_decision is None and not r.pii for r in truth.records if r.expect == "quarantined")
    flags = Counter(f for r in truth.records for f in r.expected_flags)
    assert flags == {"invalid_bytes_replaced": 1, "encoding_guessed": 1}
    assert {r.format for r in truth.records if r.expect == "quarantined"} == {
        "jsonl",
        "parquet",
        "warc",
        "mediawiki",
        "text",
    }


def test_documents_are_french_and_english_in_all_five_registers(truth):
    pairs = {(r.register, r.lang) for r in truth.records if r.expect == "document"}
    for register in ("parliament", "local_news", "encyclopedia", "forum", "court"):
        assert {(register, "fr"), (register, "en")} <= pairs, register
    # Apart from the planted duplicates, no two documents share a text.
    counts = Counter(r.text_fingerprint for r in truth.records if r.text_fingerprint and not r.duplicate_group)
    assert max(counts.values()) == 1
