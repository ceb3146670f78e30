"""The opt-out registry as a request ledger: date received and requesting party, while files written before those
columns existed still load, with the same version, so nothing cleared under them turns stale."""

import datetime as dt
import hashlib
import json

import pytest

from provenance.contracts import ContractError, load_optout_registry

OLD = """\
id,scope,value,effective_from,reference
OPT-1,domain,Example-Presse.fr,2024-01-15,Lettre recommandée du 10/01/2024
OPT-2,author,Jeanne Martin,2024-03-01,courriel du 01/03/2024
"""
NEW = """\
id,scope,value,effective_from,reference,date_received,requested_by
OPT-1,domain,Example-Presse.fr,2024-01-15,Lettre recommandée du 10/01/2024,2024-01-12,"Example Presse SA, service juridique"
OPT-2,author,Jeanne Martin,2024-03-01,courriel du 01/03/2024,2024-03-01,the author
OPT-3,fingerprint,0123456789abcdef0123456789abcdef,2020-01-01,dossier 12,,
"""


def write(folder, name, text):
    path = folder / "optouts" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_an_old_format_registry_loads_with_its_old_hash(tmp_path):
    write(tmp_path, "registry.csv", OLD)
    registry = load_optout_registry(tmp_path)
    first = registry.entries[0]
    assert (first.date_received, first.received_on, first.requested_by) == (None, dt.date(2024, 1, 15), "")
    # The canonical form a registry had before the ledger columns: its version must not change on upgrade.
    canonical = json.dumps(
        [
            ["OPT-1", "domain", "example-presse.fr", "2024-01-15", "Lettre recommandée du 10/01/2024"],
            ["OPT-2", "author", "Jeanne Martin", "2024-03-01", "courriel du 01/03/2024"],
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    assert registry.sha256 == hashlib.sha256(canonical.encode()).hexdigest()
    assert registry.request_ids == ["OPT-1", "OPT-2"]


def test_the_ledger_columns_are_read_and_change_the_version(tmp_path):
    write(tmp_path, "registry.csv", OLD)
    before = load_optout_registry(tmp_path)
    write(tmp_path, "registry.csv", NEW)
    registry = load_optout_registry(tmp_path)
    by_id = {e.id: e for e in registry.entries}
    assert (by_id["OPT-1"].date_received, by_id["OPT-1"].requested_by) == (
        dt.date(2024, 1, 12),
        "Example Presse SA, service juridique",
    )
    # Empty ledger cells: not stated, as in an old file.
    assert (by_id["OPT-3"].received_on, by_id["OPT-3"].requested_by) == (dt.date(2020, 1, 1), "")
    assert registry.sha256 != before.sha256
    write(tmp_path, "registry.csv", NEW.replace("2024-01-12", "2024-01-13"))
    assert load_optout_registry(tmp_path).sha256 != registry.sha256


def test_a_yaml_ledger_entry_takes_the_same_keys(tmp_path):
    write(
        tmp_path,
        "more.yaml",
        "- {id: OPT-9, scope: url_prefix, value: 'https://blog.example.org/private/', "
        "effective_from: 2024-05-01, reference: ticket 9, date_received: 2024-04-29, "
        "requested_by: Blog Example SARL}\n",
    )
    entry = load_optout_registry(tmp_path).entries[0]
    assert (entry.date_received, entry.requested_by) == (dt.date(2024, 4, 29), "Blog Example SARL")


@pytest.mark.parametrize(
    "cells, field, words",
    [
        ("2024-02-30,Example SA", "line 2.date_received", "is not a valid date"),
        ("12/01/2024,Example SA", "line 2.date_received", "expected form"),
        ("2024-01-12," + "x" * 201, "line 2.requested_by", "is too long"),
    ],
)
def test_a_bad_ledger_cell_names_its_line_and_field(tmp_path, cells, field, words):
    path = write(
        tmp_path,
        "registry.csv",
        "id,scope,value,effective_from,reference,date_received,requested_by\n"
        f"OPT-1,domain,example.fr,2024-01-15,lettre,{cells}\n",
    )
    with pytest.raises(ContractError) as caught:
        load_optout_registry(tmp_path)
    message = str(caught.value)
    assert str(path) in message and f": {field}: " in message and words in message


def test_a_header_with_another_column_is_rejected_with_the_accepted_forms(tmp_path):
    write(tmp_path, "registry.csv", "id,scope,value,effective_from,reference,requester_email\n")
    with pytest.raises(ContractError, match="optionally followed by date_received,requested_by"):
        load_optout_registry(tmp_path)
