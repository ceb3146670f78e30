"""A release names the release it supersedes: the latest earlier one by its signed creation time; none for the first."""

import datetime as dt

from certify_inputs import CREATED_AT, cleared_row, corpus, predicate_of, write_cleared

from provenance.certify.release import build_release
from provenance.certify.verify import verify_release


def _build(ws, key, release_id, days):
    return build_release(
        ws,
        signing_key_path=key,
        release_id=release_id,
        created_at=CREATED_AT + dt.timedelta(days=days),
        git_commit="0" * 40,
    )


def test_each_release_supersedes_the_latest_earlier_one_and_the_first_none(workspace, signing_key):
    corpus(workspace)
    first = _build(workspace, signing_key, "z-first", 0)
    write_cleared(workspace, "hansard.late", [cleared_row("hansard", 1, "The House adjourned at 7.15 pm.")])
    second = _build(workspace, signing_key, "a-second", 1)
    write_cleared(workspace, "hansard.later", [cleared_row("hansard", 2, "Prayers were read at 2.30 pm.")])
    third = _build(workspace, signing_key, "m-third", 2)
    assert predicate_of(first.release_dir)["supersedes"] is None
    assert predicate_of(second.release_dir)["supersedes"] == "z-first"
    # The latest by signed creation time, not the greatest id ("z-first").
    assert predicate_of(third.release_dir)["supersedes"] == "a-second"
    assert {e["release_id"] for e in predicate_of(third.release_dir)["earlier_releases"]} == {"z-first", "a-second"}
    assert all(verify_release(r.release_dir).ok for r in (first, second, third))


def test_the_default_release_id_does_not_depend_on_what_it_supersedes(workspace, signing_key, tmp_path):
    """The id is the content digest (Merkle root and decisions), so the first release's id is what it was."""
    corpus(workspace)
    first = build_release(workspace, signing_key_path=signing_key, created_at=CREATED_AT, git_commit="0" * 40)
    assert predicate_of(first.release_dir)["supersedes"] is None
    write_cleared(workspace, "hansard.late", [cleared_row("hansard", 1, "The House adjourned at 7.15 pm.")])
    second = build_release(workspace, signing_key_path=signing_key, created_at=CREATED_AT, git_commit="0" * 40)
    assert predicate_of(second.release_dir)["supersedes"] == first.release_id
    assert second.release_id.startswith("r-") and second.release_id != first.release_id
