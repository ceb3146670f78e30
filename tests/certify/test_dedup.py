"""Exact duplicates collapse to one survivor: most permissive licence, then source priority, then earliest."""

import json

import pyarrow.parquet as pq
import pytest
from certify_inputs import CREATED_AT, TEXTS, cleared_row, corpus, predicate_of, write_cleared

from provenance.certify.release import CertifyInputError, build_release, sample_id_for
from provenance.fingerprint import fingerprint


def _build(ws, key, **kw):
    return build_release(ws, signing_key_path=key, created_at=CREATED_AT, git_commit="0" * 40, **kw)


def _shard_rows(result):
    rows = []
    for shard in result.shards:
        rows.extend(pq.read_table(result.release_dir / shard.name).to_pylist())
    return rows


def _decisions(result):
    rows = pq.read_table(result.lineage_dir / "decisions.parquet").to_pylist()
    for row in rows:
        row["evidence"] = json.loads(row["evidence"])
    return {row["doc_id"]: row for row in rows}


def test_duplicates_planted_across_dumps_collapse_to_the_expected_survivor(workspace, signing_key):
    corpus(workspace)
    result = _build(workspace, signing_key)
    rows = _shard_rows(result)
    by_fp = {r["fingerprint"]: r for r in rows}
    assert len(rows) == len(by_fp) == 7 and result.duplicates == 2
    # Same licence class: the higher-priority source (assemblee, 10) beats presse (5).
    assert by_fp[fingerprint(TEXTS[1])]["source_id"] == "assemblee"
    # Share-alike (wiki) loses to attribution (presse), even though the copies differ in spacing only.
    assert by_fp[fingerprint(TEXTS[3])]["source_id"] == "presse"
    assert by_fp[fingerprint(TEXTS[3])]["licence_class"] == "attribution"

    decisions = _decisions(result)
    presse_copy = cleared_row("presse", 1, TEXTS[1])["doc_id"]
    survivor = cleared_row("assemblee", 1, TEXTS[1])["doc_id"]
    decision = decisions[presse_copy]
    assert (decision["stage"], decision["decision"], decision["reason"]) == ("certify", "duplicate", "exact_duplicate")
    assert decision["evidence"] == {
        "fingerprint": fingerprint(TEXTS[1]),
        "survivor_doc_id": survivor,
        "survivor_sample_id": sample_id_for(survivor, fingerprint(TEXTS[1])),
        "survivor_source_id": "assemblee",
        "survivor_release_id": None,
        "won_by": "source_priority",
    }
    assert decisions[cleared_row("wiki", 1, TEXTS[3])["doc_id"]]["evidence"]["won_by"] == "licence_class"
    # Nothing lost: every cleared document is a sample or a decision.
    assert result.cleared == 9 == result.samples + result.duplicates
    counts = predicate_of(result.release_dir)["counts"]
    assert counts["duplicates_by_source"] == {"presse": 1, "wiki": 1}
    assert counts["decisions"]["certify"] == {
        "cleared": 9,
        "sample": 7,
        "duplicate": 2,
        "already_released": 0,
        "quarantined": 0,
    }


def test_a_public_domain_copy_beats_an_attribution_copy_from_a_higher_priority_source(workspace, signing_key):
    write_cleared(workspace, "assemblee.a", [cleared_row("assemblee", 1, TEXTS[0])])
    write_cleared(workspace, "hansard.a", [cleared_row("hansard", 1, TEXTS[0], published=None)])
    rows = _shard_rows(_build(workspace, signing_key))
    assert [(r["source_id"], r["licence"]) for r in rows] == [("hansard", "CC0-1.0")]


def test_among_equals_the_earliest_published_then_earliest_retrieved_copy_survives(workspace, signing_key):
    text_a, text_b, text_c = TEXTS[2], TEXTS[4], TEXTS[6]
    write_cleared(
        workspace,
        "hansard.one",
        [
            cleared_row("hansard", 1, text_a, published="2023-02-01"),
            cleared_row("hansard", 2, text_b, published="2022-01-01", retrieved="2024-03-01"),
            cleared_row("hansard", 3, text_c, published=None),
        ],
    )
    write_cleared(
        workspace,
        "hansard.two",
        [
            cleared_row("hansard", 11, text_a, published="2021-07-14"),  # earlier: wins
            cleared_row(
                "hansard", 12, text_b, published="2022-01-01", retrieved="2023-03-01"
            ),  # same day, fetched earlier: wins
            cleared_row("hansard", 13, text_c, published="2024-01-01"),  # a known date beats none
        ],
    )
    result = _build(workspace, signing_key)
    survivors = {r["fingerprint"]: r["doc_id"] for r in _shard_rows(result)}
    assert survivors[fingerprint(text_a)] == cleared_row("hansard", 11, text_a)["doc_id"]
    assert survivors[fingerprint(text_b)] == cleared_row("hansard", 12, text_b)["doc_id"]
    assert survivors[fingerprint(text_c)] == cleared_row("hansard", 13, text_c)["doc_id"]
    won_by = sorted(d["evidence"]["won_by"] for d in _decisions(result).values())
    assert won_by == ["earliest_published", "earliest_published", "earliest_retrieved"]


def test_identical_copies_in_every_respect_are_decided_by_doc_id_whatever_the_input_order(workspace, signing_key):
    rows = [cleared_row("hansard", n, TEXTS[5]) for n in (4, 9, 2)]
    expected = min(r["doc_id"] for r in rows)
    write_cleared(workspace, "hansard.x", rows)
    first = _shard_rows(_build(workspace, signing_key, release_id="one"))
    write_cleared(workspace, "hansard.x", list(reversed(rows)))
    second = _shard_rows(_build(workspace, signing_key, release_id="one"))
    assert [r["doc_id"] for r in first] == [r["doc_id"] for r in second] == [expected]


def test_a_duplicate_of_a_sample_in_an_earlier_release_is_recorded_not_republished(workspace, signing_key):
    corpus(workspace)
    first = _build(workspace, signing_key)
    published = {r["fingerprint"]: r for r in _shard_rows(first)}
    # A later dump brings a public-domain copy of a text already released, and one new text.
    write_cleared(
        workspace,
        "hansard.late",
        [
            cleared_row("hansard", 1, TEXTS[0]),
            cleared_row("hansard", 2, "The House adjourned at 7.15 pm until Monday 4 March."),
        ],
    )
    second = _build(workspace, signing_key)
    assert second.published and second.release_id != first.release_id
    rows = _shard_rows(second)
    assert [r["text"] for r in rows] == ["The House adjourned at 7.15 pm until Monday 4 March."]
    decision = _decisions(second)[cleared_row("hansard", 1, TEXTS[0])["doc_id"]]
    earlier = published[fingerprint(TEXTS[0])]
    assert decision["evidence"]["survivor_release_id"] == first.release_id
    assert decision["evidence"]["survivor_sample_id"] == earlier["sample_id"]
    assert decision["evidence"]["won_by"] == "earlier_release"
    # Documents handled by the first release are counted, not decided again.
    assert second.already_released == 9 and second.duplicates == 1 and second.samples == 1
    assert second.cleared == second.samples + second.duplicates + second.already_released
    assert predicate_of(second.release_dir)["earlier_releases"][0]["release_id"] == first.release_id


def test_cleared_rows_certify_cannot_publish_become_quarantine_decisions_and_the_run_goes_on(workspace, signing_key):
    write_cleared(
        workspace,
        "presse.bad",
        [
            cleared_row("presse", 1, TEXTS[1]),
            cleared_row("presse", 2, " \n\t "),
            cleared_row("presse", 3, TEXTS[2], decision="excluded"),
        ],
    )
    result = _build(workspace, signing_key)
    assert (result.samples, result.quarantined, result.cleared) == (1, 2, 3)
    decisions = _decisions(result)
    reasons = {d["doc_id"]: d["reason"] for d in decisions.values()}
    assert reasons == {
        cleared_row("presse", 2, "x")["doc_id"]: "empty_text",
        cleared_row("presse", 3, "x")["doc_id"]: "not_cleared",
    }
    assert all(d["decision"] == "quarantined" and d["stage"] == "certify" for d in decisions.values())
    # Evidence never quotes the text.
    assert all(TEXTS[2][:20] not in json.dumps(d["evidence"]) for d in decisions.values())


def test_an_unreadable_cleared_dump_fails_with_its_file_name(workspace, signing_key):
    path = write_cleared(workspace, "presse.ok", [cleared_row("presse", 1, TEXTS[1])])
    path.write_bytes(b"PAR1 this is not parquet")
    with pytest.raises(CertifyInputError, match=r"presse.ok/documents.parquet: not a readable Parquet file"):
        _build(workspace, signing_key)
    assert not workspace.releases.exists() or not list(workspace.releases.iterdir())
