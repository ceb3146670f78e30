"""An erasure request from end to end, through the commands a steward, a lawyer and a trainer use.

Recorded (`provenance request add`, the name kept only as keyed hashes), its impact read from the lineage
(`request impact`), honoured (`request honour`: a signed withdrawal list in each release it reaches), proved
(`provenance verify --key`, the lineage's `withdrawals`), and enforced (`provenance.loader` never yields a
withdrawn sample), on a private copy of the shared lineage workspace (two releases naming the person).
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from lineage_workspace import RELEASE_1, RELEASE_2
from typer.testing import CliRunner

from provenance.certify.keys import PRIVATE_KEY_FILE, PUBLIC_KEY_FILE
from provenance.cli import app
from provenance.lineage.build import build_lineage
from provenance.loader import open_release

NAME = "Jean Dupont"


def _cli(env: dict[str, str], *args: str) -> str:
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def env(planted, ws_copy) -> dict[str, str]:
    keys = planted.ws.home.parent / "keys"
    return {
        "PROVENANCE_HOME": str(ws_copy.home),
        "PROVENANCE_CONTRACTS": str(ws_copy.contracts),
        "PROVENANCE_PII_KEY": str(planted.key_path),
        "PROVENANCE_SIGNING_KEY": str(keys / PRIVATE_KEY_FILE),
    }


def test_an_erasure_request_is_recorded_measured_withdrawn_proved_and_enforced(planted, ws_copy, env) -> None:
    public_key = planted.ws.home.parent / "keys" / PUBLIC_KEY_FILE
    request_id = _cli(
        env,
        *("request", "add", "--kind", "erasure", "--scope", "person", "--person", NAME),
        *("--reference", "letter 2026-11-30", "--legal-basis", "GDPR art. 17(1)(a)"),
    ).strip()
    ledger = Path(env["PROVENANCE_CONTRACTS"]) / "requests" / f"{request_id}.yaml"
    assert ledger.is_file() and "Dupont" not in ledger.read_text() and "Jean" not in ledger.read_text()

    # Impact, from the lineage alone: every released sample of a document naming the person, per release.
    affected = json.loads(_cli(env, "request", "impact", request_id, "--format", "json"))
    rows = affected["sections"]["affected"]
    released = {(r["release_id"], r["sample_id"]) for r in rows if r["release_id"]}
    assert {release for release, _ in released} == {RELEASE_1, RELEASE_2}

    # Honoured: one signed list per release, naming the request; verify checks it with the trusted key.
    out = _cli(env, "request", "honour")
    for release in (RELEASE_1, RELEASE_2):
        assert (ws_copy.releases / release / "withdrawals" / "0001.dsse.json").is_file(), out
        verified = _cli(env, "verify", str(ws_copy.releases / release), "--key", str(public_key))
        assert request_id in verified
    assert "nothing new" in _cli(env, "request", "honour")  # honouring again adds nothing

    # The lineage shows each withdrawn sample with its request.
    build_lineage(ws_copy)
    with duckdb.connect(str(ws_copy.lineage_db), read_only=True) as con:
        withdrawn = set(
            con.execute("SELECT release_id, sample_id FROM withdrawals WHERE request_id = ?", [request_id]).fetchall()
        )
        # The README's legal queries.
        readme = "SELECT release_id, sample_id FROM samples_withdrawn WHERE list_contains(request_ids, ?)"
        assert set(con.execute(readme, [request_id]).fetchall()) == released
        assert con.execute("SELECT count(*) FROM requests WHERE request_id = ?", [request_id]).fetchone() == (1,)
    assert withdrawn == released

    # The trainer's loader never yields a withdrawn sample, and yields every other one.
    for release in (RELEASE_1, RELEASE_2):
        gone = {s for r, s in released if r == release}
        opened = open_release(ws_copy.releases / release, public_key)
        ids = [s for batch in opened.iter_batches(columns=["sample_id"]) for s in batch.column(0).to_pylist()]
        total = pq.ParquetDataset(ws_copy.releases / release / "shards").read(columns=["sample_id"]).num_rows
        assert gone and not gone & set(ids) and len(ids) == total - len(gone)
