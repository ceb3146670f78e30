"""Honouring requests: each affected release gets one new signed list of what is new, and verify accepts it."""

import datetime as dt
import shutil
from dataclasses import dataclass

import pyarrow.parquet as pq
import pytest
from certify_inputs import CREATED_AT, corpus

from provenance.certify.honour import honour
from provenance.certify.release import build_release
from provenance.certify.verify import verify_release
from provenance.certify.withdrawals import WithdrawalError, read_withdrawal_lists, withdrawn_samples


@dataclass(frozen=True)
class Request:
    """What provenance.requests.Request offers honour: attributes, a date object, an extra field."""

    id: str
    kind: str
    scope: str
    date_received: dt.date
    reference: str
    legal_basis: str
    value: str = "example.org"


ERASURE = Request("REQ-2026-0001", "erasure", "doc_id", dt.date(2026, 5, 1), "DPO-1", "GDPR art. 17")
TAKEDOWN = Request("REQ-2026-0002", "takedown", "domain", dt.date(2026, 5, 2), "TD-2", "DSM art. 4(3)")
WHEN = dt.datetime(2026, 5, 3, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def release(workspace, signing_key):
    corpus(workspace)
    result = build_release(
        workspace, signing_key_path=signing_key, created_at=CREATED_AT, git_commit="b" * 40, shard_max_rows=4
    )
    return result.release_dir


def samples_of(release_dir):
    """The release's samples, as the lineage's samples table lists them (release_id, sample_id, doc_id)."""
    table = pq.read_table(release_dir / "shards", columns=["sample_id", "doc_id"])
    return sorted(zip(table.column("sample_id").to_pylist(), table.column("doc_id").to_pylist(), strict=True))


def public(signing_key):
    return signing_key.with_name("signing_key.pub.pem")


def test_honouring_writes_one_verified_list_per_release_and_again_adds_nothing(release, signing_key):
    rid, samples = release.name, samples_of(release)
    affected = [(rid, s, ERASURE.id) for s, _ in samples[:2]] + [(rid, samples[1][0], TAKEDOWN.id)]
    [done] = honour([release], affected, [ERASURE, TAKEDOWN], signing_key, created=WHEN)
    assert (done.release_id, done.newly_withdrawn, done.recorded, done.already) == (rid, 2, 3, 0)
    assert done.path == release / "withdrawals/0001.dsse.json"
    assert withdrawn_samples(release, public(signing_key)) == {
        samples[0][0]: (ERASURE.id,),
        samples[1][0]: (ERASURE.id, TAKEDOWN.id),
    }
    [listed] = read_withdrawal_lists(release, public(signing_key))
    assert [r["date_received"] for r in listed.requests] == ["2026-05-01", "2026-05-02"]
    assert "value" not in listed.requests[0]
    report = verify_release(release, public(signing_key))
    assert report.ok, report.first_failure
    again = honour([release], affected, [ERASURE, TAKEDOWN], signing_key)
    assert again[0].path is None and again[0].already == 3
    assert sorted(p.name for p in (release / "withdrawals").iterdir()) == ["0001.dsse.json"]


def test_a_later_request_on_an_already_withdrawn_sample_is_recorded_without_counting_it_twice(release, signing_key):
    rid, samples = release.name, samples_of(release)
    honour([release], [(rid, samples[0][0], ERASURE.id)], [ERASURE], signing_key)
    affected = [(rid, samples[0][0], TAKEDOWN.id), (rid, samples[2][0], TAKEDOWN.id)]
    [done] = honour([release], affected, [ERASURE, TAKEDOWN], signing_key)
    assert done.path.name == "0002.dsse.json" and (done.newly_withdrawn, done.recorded) == (1, 2)
    [_, second] = read_withdrawal_lists(release, public(signing_key))
    assert [r["id"] for r in second.requests] == [TAKEDOWN.id]  # only the requests this list cites
    assert verify_release(release, public(signing_key)).ok


def test_several_releases_each_get_their_own_list(release, signing_key, tmp_path):
    copy = shutil.copytree(release, tmp_path / "copies" / release.name)
    rid, samples = release.name, samples_of(release)
    done = honour([copy], [(rid, samples[0][0], ERASURE.id)], [ERASURE], signing_key)
    assert done[0].path.parent.parent == copy and not (release / "withdrawals").exists()


def test_nothing_is_written_when_a_release_a_sample_or_a_request_is_unknown(release, signing_key):
    rid, samples = release.name, samples_of(release)
    good = (rid, samples[0][0], ERASURE.id)
    with pytest.raises(ValueError, match=r"release r-nope: affected by the requests, but no such release folder"):
        honour([release], [good, ("r-nope", "s", ERASURE.id)], [ERASURE], signing_key)
    with pytest.raises(ValueError, match=rf"release {rid}: sample no-such-sample is affected but not in"):
        honour([release], [good, (rid, "no-such-sample", ERASURE.id)], [ERASURE], signing_key)
    with pytest.raises(ValueError, match=r"request REQ-2026-0002 affects samples but is not among the requests"):
        honour([release], [good, (rid, samples[1][0], TAKEDOWN.id)], [ERASURE], signing_key)
    assert not (release / "withdrawals").exists()


def test_a_key_that_did_not_sign_the_release_is_refused(release, other_key):
    rid, samples = release.name, samples_of(release)
    with pytest.raises(WithdrawalError, match=r"manifest.dsse.json: the signing key is not the key that signed"):
        honour([release], [(rid, samples[0][0], ERASURE.id)], [ERASURE], other_key)
    assert not (release / "withdrawals").exists()


# --- The command's wiring: the ledger and the impact query are replaced by stand-ins here (tested end to end in
# tests/test_request_lifecycle.py)


def test_the_honour_command_signs_lists_from_the_impact_of_each_request(release, workspace, signing_key, monkeypatch):
    import pyarrow as pa
    import typer
    from typer.testing import CliRunner

    from provenance import honour_cli
    from provenance.honour_cli import honour_command

    rid, samples = release.name, samples_of(release)
    seen = []

    def impact(db_path, request):
        seen.append((db_path, request.id))
        if request is ERASURE:
            rows = [(rid, s, d) for s, d in samples[:2]] + [("r-removed", "s-gone", "doc-gone")]
        else:
            rows = [(None, None, "never-released")]
        return pa.table(
            {
                "release_id": [r for r, _, _ in rows],
                "sample_id": [s for _, s, _ in rows],
                "doc_id": [d for _, _, d in rows],
                "source_id": ["src"] * len(rows),
                "match": ["doc_id"] * len(rows),
            }
        )

    monkeypatch.setattr(honour_cli, "load_requests", lambda contracts: [ERASURE, TAKEDOWN])
    monkeypatch.setattr(honour_cli, "impact", impact)
    monkeypatch.setenv("PROVENANCE_HOME", str(workspace.home))
    monkeypatch.setenv("PROVENANCE_CONTRACTS", str(workspace.contracts))
    app = typer.Typer()
    app.command()(honour_command)

    monkeypatch.delenv("PROVENANCE_SIGNING_KEY", raising=False)
    unsigned = CliRunner().invoke(app, [])
    assert unsigned.exit_code == 1 and "PROVENANCE_SIGNING_KEY is not set" in unsigned.output
    monkeypatch.setenv("PROVENANCE_SIGNING_KEY", str(signing_key))
    assert "request REQ-X is not in" in CliRunner().invoke(app, ["--request", "REQ-X"]).output
    result = CliRunner().invoke(app, ["--release", rid])
    assert result.exit_code == 0, result.output
    assert (
        f"release {rid}: {release / 'withdrawals/0001.dsse.json'} signed: 2 sample(s) newly withdrawn" in result.output
    )
    assert [r for _, r in seen] == [ERASURE.id, TAKEDOWN.id] and seen[0][0] == workspace.lineage_db
    assert sorted(withdrawn_samples(release, public(signing_key))) == [s for s, _ in samples[:2]]
    again = CliRunner().invoke(app, ["--request", ERASURE.id])
    assert again.exit_code == 0 and "nothing new (2 sample/request pair(s) already withdrawn)" in again.output
    assert "release r-removed: its folder is no longer in" in again.output  # said, and the others still honoured
