"""A full disk is recognised in each shape a run meets it, from real failing writes: the path when the error
names one, else what is free where the run writes; other errors pass unchanged."""

import sqlite3
import sys
from pathlib import Path

import pytest
from dagster._utils.error import serializable_error_info_from_exc_info

from dagster_defs.no_space import NoSpaceError, in_step_error, named


def test_an_oserror_naming_its_file_is_said_with_that_file(tmp_path):
    target = tmp_path / "documents.parquet"
    with pytest.raises(NoSpaceError) as full, named("materialising d (documents)", tmp_path, tmp_path):
        try:
            with open("/dev/full", "w") as fh:  # every write to /dev/full fails with ENOSPC
                fh.write("x")
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, str(target)) from exc
    assert str(full.value) == (
        f"no space left on device while materialising d (documents): writing {target}; free some space and run again"
    )


def test_an_error_naming_no_file_says_what_is_free_where_the_run_writes(tmp_path):
    dagster_home = tmp_path / "dagster"
    dagster_home.mkdir()
    with (
        pytest.raises(NoSpaceError) as full,
        named("materialising d", tmp_path, dagster_home),
        open("/dev/full", "w") as fh,
    ):
        fh.write("x")
    message = str(full.value)
    assert message.startswith("no space left on device while materialising d: no space left on device; ")
    assert f" KiB free for the workspace {tmp_path}; " in message
    assert f" KiB free for the Dagster instance {dagster_home}; " in message


def test_sqlite_full_is_said_as_the_dagster_instance_storage(tmp_path):
    db = sqlite3.connect(tmp_path / "index.db")
    db.execute("PRAGMA max_page_count = 2")  # a real SQLITE_FULL, as on a full disk
    with pytest.raises(NoSpaceError) as full, named("materialising release", tmp_path, tmp_path / "dagster"):
        db.execute("CREATE TABLE t (x)")
        db.executemany("INSERT INTO t VALUES (?)", [("y" * 1000,)] * 100)
    assert str(full.value) == (
        "no space left on device while materialising release: writing Dagster's instance storage in "
        f"{tmp_path / 'dagster'} (database or disk is full); free some space and run again"
    )


def test_a_failed_steps_serialised_error_names_the_file_duckdb_could_not_write():
    try:
        try:
            raise RuntimeError('Could not write file "/ws/.lineage.x.building.duckdb.wal": No space left on device')
        except RuntimeError as cause:
            raise ValueError("Error occurred while executing op lineage_db") from cause
    except ValueError:
        error = serializable_error_info_from_exc_info(sys.exc_info())
    assert in_step_error(error) == "writing /ws/.lineage.x.building.duckdb.wal"


def test_other_errors_pass_unchanged(tmp_path):
    with pytest.raises(PermissionError), named("materialising d", tmp_path, tmp_path):
        raise PermissionError(13, "Permission denied", str(Path("/x")))
