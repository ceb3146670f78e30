"""A release build interrupted around the release's rename is completed by the next build, never doubled."""

import shutil

import pyarrow.parquet as pq
import pytest
from certify_inputs import CREATED_AT, corpus

from provenance.certify import release as release_module
from provenance.certify.release import build_release
from provenance.certify.verify import verify_release
from provenance.layout import CERTIFY, CERTIFY_DECISIONS, RELEASE_SAMPLES


def _build(ws, key):
    return build_release(ws, signing_key_path=key, git_commit="a" * 40, created_at=CREATED_AT)


def _facts(ws, release_id) -> dict[str, list]:
    folder = ws.stage_dir(CERTIFY, release_id)
    return {
        "samples": pq.read_table(folder / RELEASE_SAMPLES.name).to_pylist(),
        "decisions": pq.read_table(folder / CERTIFY_DECISIONS.name).to_pylist(),
    }


def test_a_visible_release_always_has_its_lineage_facts(workspace, signing_key, monkeypatch):
    corpus(workspace)

    def rename(built, final):
        # The moment the release would become visible: its facts are already published.
        assert (workspace.stage_dir(CERTIFY, final.name) / CERTIFY.stats_file).is_file()
        raise KeyboardInterrupt("killed just before the rename")

    monkeypatch.setattr(release_module, "publish_release_dir", rename)
    with pytest.raises(KeyboardInterrupt):
        _build(workspace, signing_key)
    assert [p.name for p in workspace.releases.iterdir()] == []
    monkeypatch.undo()

    # The next build makes the same release again and publishes it, once.
    result = _build(workspace, signing_key)
    assert [p.name for p in workspace.releases.iterdir()] == [result.release_id]
    assert verify_release(result.release_dir).ok
    assert workspace.stage_dumps(CERTIFY) == [result.release_id]


def test_a_release_left_without_its_lineage_facts_is_kept_and_its_facts_published(workspace, signing_key):
    corpus(workspace)
    first = _build(workspace, signing_key)
    facts = _facts(workspace, first.release_id)
    manifest = (first.release_dir / "manifest.dsse.json").read_bytes()
    # What an older version left when killed between the release's rename and its facts.
    shutil.rmtree(workspace.stage_dir(CERTIFY, first.release_id).resolve())
    workspace.stage_dir(CERTIFY, first.release_id).unlink()

    again = _build(workspace, signing_key)
    assert again.published and again.unchanged and again.release_id == first.release_id
    assert (again.release_dir / "manifest.dsse.json").read_bytes() == manifest  # not a second, empty release
    assert [p.name for p in workspace.releases.iterdir()] == [first.release_id]
    assert _facts(workspace, first.release_id) == facts
    assert not _build(workspace, signing_key).published  # and now it counts as released
