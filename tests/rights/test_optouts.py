"""A rights holder's opt-out covers what its scope names, from its effective date, and nothing else."""

import datetime as dt

import pytest

from provenance.contracts import load_optout_registry
from provenance.rights.optouts import OptOutMatcher

REGISTRY = """\
id,scope,value,effective_from,reference
OPT-DOM,domain,Example.FR,2024-03-01,lettre recommandée 2024-117
OPT-IDN,domain,xn--caf-dma.fr,2020-01-01,formulaire 88
OPT-URL,url_prefix,https://Gazette.Example.org/dossiers/,2023-01-01,ticket LEGAL-42
OPT-RH,rights_holder,éditions  du RHÔNE,2022-01-01,formulaire opt-out 2022-3
OPT-AUT,author,Claire   Martin,2022-06-01,courriel du 2022-05-30
OPT-FP,fingerprint,0123456789abcdef0123456789abcdef,2021-01-01,avis juridique 7
"""


@pytest.fixture(scope="module")
def matcher(tmp_path_factory):
    folder = tmp_path_factory.mktemp("contracts")
    (folder / "optouts").mkdir()
    (folder / "optouts" / "registry.csv").write_text(REGISTRY, encoding="utf-8")
    return OptOutMatcher(load_optout_registry(folder))


def ids(matcher, url=None, rights_holder=None, author=None, fingerprint=None):
    return [
        e.id
        for e in matcher.matching_entries(url=url, rights_holder=rights_holder, author=author, fingerprint=fingerprint)
    ]


@pytest.mark.parametrize(
    "url",
    [
        "https://example.fr/article/1",
        "http://EXAMPLE.fr/",
        "https://www.example.fr/a",
        "https://deep.sub.example.fr:8443/a?b=c",
        "https://example.fr./trailing-dot",
    ],
)
def test_a_domain_opt_out_covers_the_domain_and_every_subdomain(matcher, url):
    assert ids(matcher, url=url) == ["OPT-DOM"]


@pytest.mark.parametrize(
    "url",
    [
        "https://notexample.fr/a",
        "https://example.fr.evil.com/a",
        "https://example.com/a",
        "https://exampl.fr/",
        "not a url",
        None,
    ],
)
def test_look_alike_domains_are_not_covered(matcher, url):
    assert ids(matcher, url=url) == []


def test_an_internationalised_domain_matches_its_punycode_entry(matcher):
    assert ids(matcher, url="https://www.café.fr/menu") == ["OPT-IDN"]


@pytest.mark.parametrize(
    "url, covered",
    [
        ("https://gazette.example.org/dossiers/2024/enquete", True),
        ("http://GAZETTE.example.org/dossiers/x", True),
        ("https://gazette.example.org:443/dossiers/x", True),
        ("https://gazette.example.org/Dossiers/x", False),  # paths are case-sensitive
        ("https://gazette.example.org/sport/x", False),
        ("https://autre.example.org/dossiers/x", False),
    ],
)
def test_a_url_prefix_opt_out_ignores_scheme_and_host_case_but_not_path_case(matcher, url, covered):
    assert (ids(matcher, url=url) == ["OPT-URL"]) is covered


def test_rights_holder_and_author_match_case_and_space_insensitively(matcher):
    assert ids(matcher, rights_holder="Éditions du Rhône") == ["OPT-RH"]
    assert ids(matcher, rights_holder="Éditions du Rhône SA") == []
    assert ids(matcher, author="claire martin") == ["OPT-AUT"]
    assert ids(matcher, author="Paul Durand; Claire Martin") == ["OPT-AUT"]
    assert ids(matcher, author="Claire Martinez") == []


def test_a_fingerprint_opt_out_matches_the_original_text_fingerprint(matcher):
    assert ids(matcher, fingerprint="0123456789ABCDEF0123456789ABCDEF") == ["OPT-FP"]
    assert ids(matcher, fingerprint="f" * 32) == []


def test_an_entry_counts_from_its_effective_date_not_before(matcher):
    before = matcher.evidence(
        url="https://example.fr/a", rights_holder=None, author=None, fingerprint=None, captured_on=dt.date(2024, 2, 29)
    )
    on_the_day = matcher.evidence(
        url="https://example.fr/a", rights_holder=None, author=None, fingerprint=None, captured_on=dt.date(2024, 3, 1)
    )
    assert [(e.status, e.reserves) for e in before] == [("not_effective", False)]
    assert [(e.status, e.reserves) for e in on_the_day] == [("reserved", True)]
    assert on_the_day[0].data["entry_id"] == "OPT-DOM"
    assert on_the_day[0].data["reference"] == "lettre recommandée 2024-117"


def test_a_document_without_a_capture_date_is_covered_by_every_matching_entry(matcher):
    found = matcher.evidence(
        url="https://example.fr/a", rights_holder=None, author=None, fingerprint=None, captured_on=None
    )
    assert [e.status for e in found] == ["reserved"]


def test_author_evidence_names_the_entry_but_not_the_person(matcher):
    found = matcher.evidence(
        url=None, rights_holder=None, author="Claire Martin", fingerprint=None, captured_on=dt.date(2023, 1, 1)
    )
    assert found[0].reserves and found[0].data["entry_id"] == "OPT-AUT"
    assert "value" not in found[0].data and "Claire" not in found[0].detail


def test_no_match_is_recorded_as_checked(matcher):
    found = matcher.evidence(
        url="https://ailleurs.example.net/",
        rights_holder="X",
        author="Y",
        fingerprint="0" * 32,
        captured_on=dt.date(2024, 1, 1),
    )
    assert [(e.signal, e.status) for e in found] == [("optout_registry", "absent")]
