"""The request ledger: validation, `provenance request add|list` (never a name in clear), and the rights matcher."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from provenance.cli import app
from provenance.contract_files import ContractError
from provenance.lineage.parties import name_variants
from provenance.pii.keys import value_hmac
from provenance.request_cli import person_hmacs
from provenance.requests import Request, load_requests, requests_sha256
from provenance.rights.requests import RequestMatcher

HMAC = "a" * 64
GOOD = """id: REQ-2026-0001
kind: takedown
scope: url_prefix
value: https://example.org/blog/
date_received: 2026-11-30
reference: letter 7
legal_basis: DSM art. 4(3)
requested_by: Example Press SA
"""


def _ledger(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "contracts" / "requests"
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return tmp_path / "contracts"


def _problem(contracts: Path) -> str:
    with pytest.raises(ContractError) as caught:
        load_requests(contracts)
    return str(caught.value)


def test_a_valid_ledger_loads_sorted_with_dates_and_no_folder_is_an_empty_ledger(tmp_path: Path) -> None:
    person = f"id: REQ-2026-0002\nkind: erasure\nscope: person\nperson_hmacs: ['{HMAC}']\n"
    person += "date_received: '2026-12-01'\nreference: ticket 9\nlegal_basis: GDPR art. 17\n"
    contracts = _ledger(tmp_path, {"REQ-2026-0002.yaml": person, "REQ-2026-0001.yaml": GOOD})
    found = load_requests(contracts)
    assert [r.id for r in found] == ["REQ-2026-0001", "REQ-2026-0002"]
    assert found[0].value == "https://example.org/blog/" and found[0].date_received.isoformat() == "2026-11-30"
    assert found[1].value is None and found[1].person_hmacs == (HMAC,)
    assert load_requests(tmp_path / "elsewhere") == []


@pytest.mark.parametrize(
    ("text", "field", "says"),
    [
        (GOOD.replace("kind: takedown", "kind: complaint"), "kind", "is not one of"),
        (GOOD.replace("reference: letter 7\n", ""), "reference", "is required"),
        (GOOD.replace("date_received: 2026-11-30", "date_received: '2026-02-30'"), "date_received", "date"),
        (GOOD.replace("value: https://example.org/blog/", "value: example.org/blog"), "value", "expected form"),
        (GOOD.replace("id: REQ-2026-0001", "id: REQ-2026-0009"), "id", "file's name"),
        (GOOD + "colour: blue\n", "colour", "not a known key"),
        (GOOD + "  bad: [\n", "line", "not valid YAML"),
    ],
)
def test_a_bad_ledger_file_fails_naming_the_file_and_field(tmp_path: Path, text: str, field: str, says: str) -> None:
    problem = _problem(_ledger(tmp_path, {"REQ-2026-0001.yaml": text}))
    assert "REQ-2026-0001.yaml" in problem and field in problem and says in problem


def test_a_person_is_recorded_only_as_keyed_hashes_never_by_name(tmp_path: Path) -> None:
    base = "id: REQ-2026-0001\nkind: erasure\nscope: person\ndate_received: 2026-11-30\nreference: t\nlegal_basis: b\n"
    without_hmacs = _problem(_ledger(tmp_path / "a", {"REQ-2026-0001.yaml": base}))
    assert "person_hmacs" in without_hmacs
    # The name in clear (a value) is refused, even beside hashes.
    named = base + f"value: Jean Dupont\nperson_hmacs: ['{HMAC}']\n"
    assert "REQ-2026-0001.yaml" in _problem(_ledger(tmp_path / "b", {"REQ-2026-0001.yaml": named}))
    not_a_hash = base + "person_hmacs: ['Jean Dupont']\n"
    assert "person_hmacs.0" in _problem(_ledger(tmp_path / "c", {"REQ-2026-0001.yaml": not_a_hash}))
    hashes_for_url = GOOD + f"person_hmacs: ['{HMAC}']\n"
    assert "REQ-2026-0001.yaml" in _problem(_ledger(tmp_path / "d", {"REQ-2026-0001.yaml": hashes_for_url}))


def test_the_same_id_in_two_files_is_an_error(tmp_path: Path) -> None:
    contracts = _ledger(tmp_path, {"REQ-2026-0001.yaml": GOOD, "REQ-2026-0001.yml": GOOD})
    assert "already used in REQ-2026-0001.yaml" in _problem(contracts)


def test_request_add_hashes_the_name_and_never_writes_or_prints_it(tmp_path: Path) -> None:
    key = tmp_path / "pii.key"
    key.write_bytes(b"k" * 32)
    key.chmod(0o600)
    env = {
        "PROVENANCE_HOME": str(tmp_path / "home"),
        "PROVENANCE_CONTRACTS": str(tmp_path / "contracts"),
        "PROVENANCE_PII_KEY": str(key),
    }
    runner = CliRunner()
    args = ["request", "add", "--kind", "erasure", "--scope", "person", "--person", "Éléonore Léger"]
    args += ["--reference", "ticket 42", "--legal-basis", "GDPR art. 17(1)(c)", "--received", "2026-11-30"]
    first = runner.invoke(app, args, env=env)
    assert first.exit_code == 0, first.output
    assert first.output.strip() == "REQ-2026-0001"
    second = runner.invoke(app, args, env=env)
    assert second.output.strip() == "REQ-2026-0002"
    written = (tmp_path / "contracts" / "requests" / "REQ-2026-0001.yaml").read_text(encoding="utf-8")
    for part in ("Éléonore", "Léger", "éléonore", "léger", "Eleonore"):
        assert part not in written
    (request,) = [r for r in load_requests(tmp_path / "contracts") if r.id == "REQ-2026-0001"]
    full_names = [form for kind, form in name_variants("Éléonore Léger") if kind == "full_name"]
    assert set(request.person_hmacs) == {value_hmac(b"k" * 32, f) for f in full_names}
    assert request.person_hmacs == person_hmacs(b"k" * 32, "ÉLÉONORE  LÉGER")  # as the PII stage normalises
    listed = runner.invoke(app, ["request", "list", "--format", "csv"], env=env)
    assert listed.exit_code == 0 and "Léger" not in listed.output
    assert listed.output.splitlines()[0] == "id,kind,scope,received,reference"
    refused = runner.invoke(
        app, ["request", "add", "--kind", "erasure", "--scope", "person", "--value", "x", *args[6:]]
    )
    assert refused.exit_code == 1


def test_request_add_refuses_an_invalid_value_and_leaves_no_file(tmp_path: Path) -> None:
    env = {"PROVENANCE_HOME": str(tmp_path / "home"), "PROVENANCE_CONTRACTS": str(tmp_path / "contracts")}
    args = ["request", "add", "--kind", "takedown", "--scope", "domain", "--value", "not a domain"]
    result = CliRunner().invoke(app, [*args, "--reference", "r", "--legal-basis", "b"], env=env)
    assert result.exit_code != 0
    assert list((tmp_path / "contracts" / "requests").iterdir()) == []


def _request(scope: str, value: str, rid: str = "REQ-1") -> Request:
    import datetime as dt

    return Request(rid, "takedown", scope, value, (), dt.date(2026, 1, 1), "r", "b")


def test_the_rights_matcher_covers_each_scope_and_nothing_else() -> None:
    matcher = RequestMatcher(
        [
            _request("domain", "Example.org", "R-domain"),
            _request("url_prefix", "https://news.test/2024/", "R-prefix"),
            _request("url", "https://solo.test/a", "R-url"),
            _request("doc_id", "d1", "R-doc"),
            _request("rights_holder", "Radio  Albion", "R-holder"),
            _request("fingerprint", "0" * 32, "R-fp"),
            Request("R-person", "erasure", "person", None, (HMAC,), _request("doc_id", "x").date_received, "r", "b"),
        ],
        {"d9": {"R-person"}},
    )

    def ids(**kw: object) -> list[str]:
        base: dict = {"doc_id": "dx", "url": None, "rights_holders": [], "fingerprints": [], "sample_id": None}
        return [r.id for r in matcher.matching(**{**base, **kw})]

    assert ids(url="http://WWW.example.org/x") == ["R-domain"]
    assert ids(url="https://notexample.org/x") == []
    assert ids(url="http://news.test/2024/05/a") == ["R-prefix"] and ids(url="https://news.test/2023/") == []
    assert ids(url="https://solo.test/a") == ["R-url"] and ids(url="https://solo.test/ab") == []
    assert ids(doc_id="d1") == ["R-doc"] and ids(doc_id="d9") == ["R-person"]
    assert ids(rights_holders=["radio albion"]) == ["R-holder"]
    assert ids(fingerprints=[None, "0" * 32]) == ["R-fp"]
    evidence = matcher.evidence(
        matcher.matching(doc_id="d1", url=None, rights_holders=[], fingerprints=[], sample_id=None)
    )
    assert evidence.reserves and evidence.reason == "request" and evidence.data["requests"][0]["id"] == "R-doc"


def test_any_change_to_a_request_changes_the_ledger_hash() -> None:
    one = _request("domain", "example.org")
    assert requests_sha256([one]) != requests_sha256([_request("domain", "example.com")])
    assert requests_sha256([one]) == requests_sha256([_request("domain", "example.org")])


def test_the_rights_stage_names_a_sample_as_certify_does() -> None:
    from provenance.certify.build import sample_id_for as certify_sample_id
    from provenance.rights.requests import sample_id_for

    assert sample_id_for("d" * 32, "f" * 32) == certify_sample_id("d" * 32, "f" * 32)
