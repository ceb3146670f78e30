"""The lineage shows each withdrawn sample with its request, and goes stale when a withdrawal list is added."""

import datetime as dt
import json

import duckdb
import pytest
from certify_inputs import CREATED_AT, corpus
from test_honour import ERASURE, TAKEDOWN, samples_of

from provenance.certify.honour import honour
from provenance.certify.release import build_release
from provenance.incremental import lineage_inputs
from provenance.lineage.build import build_lineage

WHEN = dt.datetime(2026, 5, 3, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def release(workspace, signing_key):
    corpus(workspace)
    result = build_release(
        workspace, signing_key_path=signing_key, created_at=CREATED_AT, git_commit="b" * 40, shard_max_rows=4
    )
    return result.release_dir


def _query(ws, sql):
    with duckdb.connect(str(ws.lineage_db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_the_lineage_lists_each_withdrawal_with_its_request_and_list(workspace, release, signing_key):
    rid, samples = release.name, samples_of(release)
    honour([release], [(rid, samples[0][0], ERASURE.id)], [ERASURE], signing_key, created=WHEN)
    affected = [(rid, samples[0][0], TAKEDOWN.id), (rid, samples[1][0], TAKEDOWN.id)]
    honour([release], affected, [ERASURE, TAKEDOWN], signing_key, created=WHEN + dt.timedelta(days=1))
    build_lineage(workspace)
    rows = _query(workspace, "SELECT release_id, sample_id, request_id, sequence, file FROM withdrawals")
    assert rows == sorted(
        [
            (rid, samples[0][0], ERASURE.id, 1, "withdrawals/0001.dsse.json"),
            (rid, samples[0][0], TAKEDOWN.id, 2, "withdrawals/0002.dsse.json"),
            (rid, samples[1][0], TAKEDOWN.id, 2, "withdrawals/0002.dsse.json"),
        ],
        key=lambda r: (r[3], r[1], r[2]),
    )
    withdrawn = _query(
        workspace, "SELECT sample_id, doc_id, request_ids, withdrawn_at FROM samples_withdrawn ORDER BY sample_id"
    )
    assert withdrawn == sorted(
        [
            (samples[0][0], samples[0][1], [ERASURE.id, TAKEDOWN.id], WHEN),
            (samples[1][0], samples[1][1], [TAKEDOWN.id], WHEN + dt.timedelta(days=1)),
        ]
    )
    # (This workspace holds only cleared rows, so its gaps name documents; none names a withdrawal list.)
    assert _query(workspace, "SELECT count(*) FROM gaps WHERE problem LIKE '%withdrawals%'") == [(0,)]


def test_adding_a_withdrawal_list_makes_the_lineage_stale(workspace, release, signing_key):
    before = lineage_inputs(workspace, "code", {}).fingerprint
    honour([release], [(release.name, samples_of(release)[0][0], ERASURE.id)], [ERASURE], signing_key)
    assert lineage_inputs(workspace, "code", {}).fingerprint != before


def test_a_tampered_list_is_left_out_of_the_lineage_and_named_in_its_gaps(workspace, release, signing_key):
    rid, samples = release.name, samples_of(release)
    [done] = honour([release], [(rid, samples[0][0], ERASURE.id)], [ERASURE], signing_key)
    envelope = json.loads(done.path.read_bytes())
    envelope["signatures"] = []
    done.path.write_text(json.dumps(envelope))
    build_lineage(workspace)
    assert _query(workspace, "SELECT count(*) FROM withdrawals") == [(0,)]
    [(release_id, problem)] = _query(workspace, "SELECT dump_id, problem FROM gaps WHERE problem LIKE '%withdrawals%'")
    assert release_id == rid
    assert problem.startswith(f"{done.path}: not a signed DSSE envelope: signatures must be a non-empty list")
