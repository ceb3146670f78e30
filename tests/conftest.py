"""Test-wide settings: offline, quiet, and never writing outside tmp paths."""

import os

import pytest

# Presidio's e-mail recognizer imports tldextract, which otherwise tries to fetch the public suffix list.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

#: The tests that take 15 s or more on a shared two-core machine (measured with `pytest --durations=80`): marked
#: `slow`, so `pytest -m "not slow"` is the quick loop; `make test` and CI run everything. A whole file, or one test
#: (all its parameters). An entry naming no test of its (collected) file is an error, never silently nothing.
SLOW = (
    "tests/test_real_dumps.py",
    "tests/test_steward_path.py",
    "tests/test_cli.py::test_the_demo_runs_end_to_end_and_leaves_a_verified_release_and_complete_lineage",
    "tests/orchestration/test_incremental_runs.py",
    "tests/orchestration/test_ui_truth.py",
    "tests/orchestration/test_run_recovery.py",
    "tests/orchestration/test_ui_command.py::test_provenance_ui_serves_the_pipeline_with_webserver_and_daemon_on_a_real_workspace",
    "tests/orchestration/test_ui_command.py::test_a_dagster_home_that_is_a_file_is_a_clear_error",
    "tests/orchestration/test_ui_command.py::test_a_dagster_yaml_that_enables_telemetry_is_refused_naming_the_file",
    "tests/pii/test_demo_redaction.py",
    "tests/pii/test_cli.py::test_eval_pii_scores_this_stage_against_plain_presidio_side_by_side",
    "tests/pii/test_evaluation.py::test_plain_presidio_runs_its_own_recognizers_even_after_the_stage_loaded_its_own",
    "tests/pii/test_stage.py::test_two_worker_processes_give_the_same_output_as_one",
    "tests/pii/test_casing.py::test_a_corpus_in_capitals_loses_at_most_three_points_of_recall",
    "tests/pii/test_source_policy.py::test_the_same_real_pages_under_redact_lose_the_names_in_their_titles",
    "tests/ingest/test_html_extraction.py::test_a_huge_page_is_read_whole",
    "tests/lineage/test_demo_ground_truth.py",
)


def _names(nodeid: str, entry: str) -> bool:
    return nodeid == entry or nodeid.startswith((entry + "::", entry + "["))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for entry in SLOW:
        path, _, name = entry.partition("::")
        for item in items:
            if _names(item.nodeid, entry):
                item.add_marker(pytest.mark.slow)
        module = next((getattr(item, "module", None) for item in items if item.nodeid.startswith(path + "::")), None)
        if name and module is not None and not hasattr(module, name):
            raise pytest.UsageError(f"tests/conftest.py: SLOW names no test: {entry}")
