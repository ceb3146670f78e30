"""Which dumps a rights configuration change can affect (provenance.rights.affected), on the committed contracts."""

import shutil
from collections import Counter

import pytest

from provenance.rights.affected import CurrentConfig, _licence_ids, config_snapshot, judge
from provenance.stats import ClearStats, StatsFileError
from tests.rights.conftest import CONTRACTS

POLICY_ENTRY = (
    "{id: CC-BY-4.0, name: Creative Commons Attribution 4.0 International, "
    'url: "https://creativecommons.org/licenses/by/4.0/", class: attribution'
)


@pytest.fixture
def contracts(tmp_path):
    folder = tmp_path / "contracts"
    shutil.copytree(CONTRACTS, folder)
    return folder


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def judged(changed, before, contracts, source, redacted, licences, documents_dir=None):
    """Judge a dump whose rights stats record ``licences`` ({"licences_seen": {spdx: documents}})."""
    stats = ClearStats("d", source.id, "", "", "", "", licences_seen=Counter(licences.get("licences_seen", {})))
    return judge(
        changed,
        before,
        CurrentConfig.load(contracts),
        source=source,
        redacted_parquet=redacted,
        documents_dir=documents_dir or redacted.parent,
        stats=stats,
    )


def test_cc_ports_follow_their_unported_version():
    assert {"cc-by-4.0-fr", "cc-by-4.0"} <= _licence_ids("CC-BY-4.0-FR")
    assert "cc-by-nd-3.0" in _licence_ids("LicenseRef-CC-BY-ND-3.0-FR")
    assert _licence_ids("CC-BY-4.0 AND CC-BY-SA-4.0") == {"cc-by-4.0", "cc-by-sa-4.0"}


def test_a_licence_entry_change_affects_dumps_using_it_or_a_port_of_it(
    contracts, make_source, write_redacted, tmp_path
):
    before = config_snapshot(contracts)
    redacted = tmp_path / "redacted" / "documents.parquet"
    write_redacted(redacted.parent, [{"url": "https://www.gazette-du-rhone.fr/a"}])
    edit(
        contracts / "licence_policy.yaml",
        POLICY_ENTRY,
        POLICY_ENTRY.replace("class: attribution", "class: share_alike"),
    )
    source = make_source()
    for seen, affected in (
        ({"CC-BY-4.0": 2}, True),
        ({"CC-BY-4.0-FR": 1}, True),
        ({"CC0-1.0 AND CC-BY-4.0": 1}, True),
        ({"CC0-1.0": 3, "unknown": 1}, False),
    ):
        result = judged(["licence_policy"], before, contracts, source, redacted, {"licences_seen": seen})
        assert result.affected is affected, (seen, result.reasons)
    assert "CC-BY-4.0 changed" in result.reasons[0]
    # A decision crossing include / exclude changes which aliases are read inside free text: every dump.
    edit(
        contracts / "licence_policy.yaml",
        "class: share_alike, decision: include_with_attribution",
        "class: share_alike, decision: exclude",
    )
    result = judged(["licence_policy"], before, contracts, source, redacted, {"licences_seen": {"CC0-1.0": 3}})
    assert result.affected and "an include decision" in result.reasons[0]
    # Stats that do not say which licences a dump saw do not load; without its stats a dump is affected
    # (when unsure, clear again).
    written = ClearStats("d", source.id, "", "", "", "").as_dict()
    del written["licences_seen"]
    with pytest.raises(StatsFileError, match="missing key 'licences_seen'"):
        ClearStats.from_dict(written, "cleared_documents/d/_stats.json")
    no_stats = judge(
        ["licence_policy"],
        before,
        CurrentConfig.load(contracts),
        source=source,
        redacted_parquet=redacted,
        documents_dir=redacted.parent,
        stats=None,
    )
    assert no_stats.affected


def test_a_template_change_affects_the_licences_using_it_and_an_alias_every_dump(
    contracts, make_source, write_redacted, tmp_path
):
    before = config_snapshot(contracts)
    redacted = tmp_path / "redacted" / "documents.parquet"
    write_redacted(redacted.parent, [{"url": "https://www.gazette-du-rhone.fr/a"}])
    policy = contracts / "licence_policy.yaml"
    text = policy.read_text(encoding="utf-8")
    template = text[text.index("  cc_by: ") :].splitlines()[0]
    source = make_source()
    policy.write_text(text.replace(template, template.replace("{", "Credit: {", 1)), encoding="utf-8")
    assert judged(
        ["licence_policy"], before, contracts, source, redacted, {"licences_seen": {"CC-BY-4.0": 1}}
    ).affected
    assert not judged(
        ["licence_policy"], before, contracts, source, redacted, {"licences_seen": {"CC0-1.0": 1}}
    ).affected
    policy.write_text(text.replace('aliases: ["CC0",', 'aliases: ["CC0", "Zero Licence CC",', 1), encoding="utf-8")
    result = judged(["licence_policy"], before, contracts, source, redacted, {"licences_seen": {"CC0-1.0": 1}})
    assert result.affected and "aliases" in result.reasons[0]


def test_registry_and_denylist_changes_affect_the_dumps_whose_documents_they_cover(
    contracts, make_source, write_redacted, tmp_path
):
    before = config_snapshot(contracts)
    redacted = tmp_path / "redacted" / "documents.parquet"
    write_redacted(redacted.parent, [{"url": "https://blog.gazette-du-rhone.fr/2024/a", "author": "Jeanne Martin"}])
    (contracts / "optouts" / "registry.csv").write_text(
        "id,scope,value,effective_from,reference\n"
        "optout-1,domain,autre-site.fr,2024-01-01,letter\n"
        "optout-2,url_prefix,https://blog.gazette-du-rhone.fr/2023/,2024-01-01,form\n",
        encoding="utf-8",
    )
    source = make_source()
    result = judged(["optout_registry"], before, contracts, source, redacted, {"documents": 1})
    assert not result.affected and "no changed entry covers any of its 1 documents" in result.reasons[0]
    # The contract's rights holder, the document's domain, its author: each covers it.
    for scope, value in (
        ("rights_holder", "Éditions du Rhône"),
        ("domain", "gazette-du-rhone.fr"),
        ("author", "jeanne martin"),
    ):
        (contracts / "optouts" / "registry.csv").write_text(
            f"id,scope,value,effective_from,reference\noptout-3,{scope},{value},2024-01-01,letter\n", encoding="utf-8"
        )
        result = judged(["optout_registry"], before, contracts, source, redacted, {"documents": 1})
        assert result.affected and f"entry optout-3 ({scope}) covers a document" in result.reasons[0]
    # An author entry removed since: the snapshot keeps no name, so every dump with authors is affected.
    author_before = config_snapshot(contracts)
    (contracts / "optouts" / "registry.csv").write_text("id,scope,value,effective_from,reference\n", encoding="utf-8")
    assert judged(["optout_registry"], author_before, contracts, source, redacted, {"documents": 1}).affected

    (contracts / "denylist").mkdir(exist_ok=True)
    listed = "domain,reference,recognised_by,jurisdiction,date_listed\n{},ECLI:FR:TJ:2024:1,Tribunal judiciaire de Paris,FR,2024-02-01\n"
    (contracts / "denylist" / "sites.csv").write_text(listed.format("pirate-films.fr"), encoding="utf-8")
    now = config_snapshot(contracts)
    before = {**now, "denylist": {}}
    assert not judged(["denylist"], before, contracts, source, redacted, {"documents": 1}).affected
    (contracts / "denylist" / "sites.csv").write_text(listed.format("gazette-du-rhone.fr"), encoding="utf-8")
    result = judged(["denylist"], before, contracts, source, redacted, {"documents": 1})
    assert result.affected and "gazette-du-rhone.fr covers a document" in result.reasons[0]


def test_a_crawler_token_change_affects_dumps_with_robots_captures_only(
    contracts, make_source, write_redacted, write_site_signals, tmp_path, at
):
    before = config_snapshot(contracts)
    redacted = tmp_path / "redacted" / "documents.parquet"
    write_redacted(redacted.parent, [{"url": "https://www.gazette-du-rhone.fr/a"}])
    edit(contracts / "crawler_tokens.yaml", 'version: "2025.1"', 'version: "2025.9"')
    source = make_source()
    documents = tmp_path / "documents"
    documents.mkdir()
    result = judged(["crawler_tokens"], before, contracts, source, redacted, {"documents": 1}, documents)
    assert not result.affected and "no robots.txt capture" in result.reasons[0]
    write_site_signals(
        documents, [("robots", "https://www.gazette-du-rhone.fr/robots.txt", "User-agent: *\n", at(2024, 1, 1))]
    )
    assert judged(["crawler_tokens"], before, contracts, source, redacted, {"documents": 1}, documents).affected


def test_no_recorded_configuration_or_another_contracts_file_means_affected(
    contracts, make_source, write_redacted, tmp_path
):
    redacted = tmp_path / "redacted" / "documents.parquet"
    write_redacted(redacted.parent, [{"url": "https://www.gazette-du-rhone.fr/a"}])
    source = make_source()
    result = judged(["optout_registry"], None, contracts, source, redacted, {"documents": 1})
    assert result.affected and "not recorded" in result.reasons[0]
    result = judged(["contract_files"], config_snapshot(contracts), contracts, source, redacted, {"documents": 1})
    assert result.affected
    # An unreadable input: affected, and the reason says so.
    redacted.write_bytes(b"not parquet")
    result = judged(
        ["optout_registry"],
        {**config_snapshot(contracts), "registry": {}},
        contracts,
        source,
        redacted,
        {"documents": 1},
    )
    assert result.affected
