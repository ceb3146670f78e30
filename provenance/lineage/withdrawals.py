"""Withdrawal lists as a lineage table: one row per sample and request of every release's signed withdrawal lists.

Each release's lists are verified with the public key it ships (as the ``releases.signature_valid`` column
is): a list that fails is left out, and a ``gaps`` row names it and the problem.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa

from provenance.certify.manifest import MANIFEST_FILE, PUBLIC_KEY_FILE
from provenance.certify.withdrawals import WithdrawalError, read_withdrawal_lists
from provenance.workspace import Workspace

WITHDRAWALS_SCHEMA = pa.schema(
    [
        ("release_id", pa.string()),
        ("sample_id", pa.string()),
        ("request_id", pa.string()),
        ("sequence", pa.int32()),
        ("created", pa.timestamp("us", tz="UTC")),
        ("file", pa.string()),
    ]
)


def withdrawals_table(
    ws: Workspace, release_ids: list[str], stage: str
) -> tuple[pa.Table, list[tuple[str, str, str]]]:
    """(the withdrawals rows of every release present, (release_id, ``stage``, problem) per release whose lists fail)."""
    rows: list[dict[str, Any]] = []
    problems = []
    for release_id in sorted(set(release_ids)):
        folder = ws.releases / release_id
        if not (folder / MANIFEST_FILE).is_file():
            continue
        try:
            lists = read_withdrawal_lists(folder, folder / PUBLIC_KEY_FILE)
        except WithdrawalError as exc:
            problems.append((release_id, stage, f"{exc}: the release's withdrawals are left out of the lineage"))
            continue
        for listed in lists:
            file = listed.path.relative_to(folder).as_posix()
            created = _timestamp(listed.created)
            rows.extend(
                {
                    "release_id": release_id,
                    "sample_id": sample_id,
                    "request_id": request_id,
                    "sequence": listed.sequence,
                    "created": created,
                    "file": file,
                }
                for sample_id, request_ids in listed.withdrawn
                for request_id in request_ids
            )
    return pa.Table.from_pylist(rows, schema=WITHDRAWALS_SCHEMA), problems


def _timestamp(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
