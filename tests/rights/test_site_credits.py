"""Who holds the rights in a document, on small inputs: a contract's `sites`, registrable domains, hosts with
none, wiki contributors; and the contract errors a bad `sites` entry gives."""

from __future__ import annotations

import json
from functools import partial

import pyarrow.parquet as pq
import pytest

from provenance.contracts import ContractError, OptOutRegistry, load_source
from provenance.ingest.mediawiki import plan_reading
from provenance.rights.sites import HolderOrigin, SiteCredit, document_holder, registrable_domain
from provenance.rights.stage import clear_dump
from provenance.workspace import publish_stage

REGISTRY = OptOutRegistry(entries=(), sha256="0" * 64, files={})
CONTRACT = """\
id: crawl
title: A crawl
rights_holder: Crawler Inc.
licence: CC-BY-4.0
attribution: "A crawl by Crawler Inc."
provenance_url: https://crawler.example.org/
format: warc
dumps: landing/crawl/*.warc.gz
language: auto
max_quarantine_rate: 0.1
"""


def test_registrable_domains_follow_the_public_suffix_list_offline():
    assert registrable_domain("sport.gazette-ouest.fr") == "gazette-ouest.fr"
    assert registrable_domain("www.bbc.co.uk") == "bbc.co.uk"
    assert registrable_domain("carnets.github.io") == "carnets.github.io"  # private section: a site of its own
    assert registrable_domain("CAFÉ.fr") == "xn--caf-dma.fr"
    for none in ("127.0.0.1", "::1", "localhost", "co.uk", "intranet"):
        assert registrable_domain(none) is None, none


def test_a_crawled_page_is_credited_to_its_mapped_site_else_its_registrable_domain(make_source):
    source = make_source(
        sites={
            "wikipedia.org": SiteCredit("Wikimedia contributors"),
            "an.wikipedia.org": SiteCredit("Contributors to Biquipedia", "Biquipedia"),
        }
    )
    holder = document_holder(source, "https://an.wikipedia.org/wiki/Escopete", crawl=True)
    assert (holder.name, holder.origin, holder.attribution, holder.domain) == (
        "Contributors to Biquipedia",
        HolderOrigin.SITE_MAPPING,
        "Biquipedia",
        "an.wikipedia.org",
    )
    assert document_holder(source, "https://fr.wikipedia.org/wiki/Lyon", crawl=True).name == "Wikimedia contributors"
    other = document_holder(source, "http://www.Archive.org:8080/index.php", crawl=True)
    assert (other.name, other.origin) == ("archive.org", HolderOrigin.REGISTRABLE_DOMAIN)
    # notwikipedia.org is not in wikipedia.org
    assert document_holder(source, "https://notwikipedia.org/", crawl=True).name == "notwikipedia.org"


@pytest.mark.parametrize(
    "url, host, why",
    [
        ("http://192.0.2.7/page.html", "192.0.2.7", "an IP address"),
        ("http://[2001:db8::1]/page", "2001:db8::1", "an IP address"),
        ("http://localhost:8080/intranet/", "localhost", "under no public suffix"),
    ],
)
def test_a_page_whose_host_has_no_registrable_domain_is_credited_to_its_host_with_the_reason(
    make_source, url, host, why
):
    holder = document_holder(make_source(), url, crawl=True)
    assert (holder.name, holder.origin) == (host, HolderOrigin.HOST)
    assert why in holder.detail and "no registrable domain" in holder.detail


def test_a_crawled_document_without_a_url_falls_back_to_the_contract_and_says_so(make_source):
    holder = document_holder(make_source(), None, crawl=True)
    assert (holder.name, holder.origin) == ("Éditions du Rhône", HolderOrigin.CONTRACT)
    assert "no URL" in holder.detail


def test_a_single_publisher_export_keeps_the_contracts_rights_holder(make_source):
    source = make_source(format="jsonl")
    holder = document_holder(source, "https://www.gazette-rhone.fr/a", crawl=False)
    assert (holder.name, holder.origin, holder.attribution) == (
        "Éditions du Rhône",
        HolderOrigin.CONTRACT,
        "La Gazette du Rhône, CC BY 4.0",
    )


def test_a_wiki_is_credited_to_its_contributors_in_the_pages_language(make_source):
    wiki = make_source(format="mediawiki", rights_holder="Wiki contributors")
    assert (
        document_holder(wiki, None, crawl=False, lang="fr", wiki_site_name="Wikipédia").name
        == "Contributeurs de Wikipédia"
    )
    assert (
        document_holder(wiki, None, crawl=False, lang="en", wiki_site_name="Wikipedia").name
        == "Wikipedia contributors"
    )
    assert (
        document_holder(wiki, None, crawl=False, lang="de", wiki_site_name="Wikipedia").name
        == "Wikipedia contributors"
    )
    fallback = document_holder(wiki, None, crawl=False, lang="fr")
    assert (fallback.name, fallback.origin, fallback.collective_author) == (
        "Wiki contributors",
        HolderOrigin.CONTRACT,
        True,
    )


@pytest.mark.parametrize(
    "base, history",
    [
        (
            "https://fr.wikipedia.org/wiki/Wikip%C3%A9dia:Accueil_principal",
            "https://fr.wikipedia.org/w/index.php?title=",
        ),
        ("https://wiki.example.org/index.php?title=Main_Page", "https://wiki.example.org/index.php?title="),
        ("https://wiki.example.org/pages/Main_Page", None),  # an unknown layout: no history URL is guessed
    ],
)
def test_history_urls_start_where_the_wikis_script_lives(base, history):
    reading = plan_reading(None, None, None, base, "dump.xml#siteinfo", "Some wiki")
    assert reading.history_prefix == history
    assert reading.site_name == "Some wiki"


def test_a_header_that_disagrees_with_the_contract_names_no_site():
    reading = plan_reading(
        "fr",
        "https://fr.wikipedia.org/wiki/",
        "en",
        "https://en.wikipedia.org/wiki/Main_Page",
        "dump.xml#siteinfo",
        "Wikipedia",
    )
    assert reading.site_name is None and reading.url_prefix == "https://fr.wikipedia.org/wiki/"
    assert reading.history_prefix == "https://fr.wikipedia.org/w/index.php?title="


def test_a_contract_maps_sites_by_domain_and_normalises_their_names(tmp_path):
    path = tmp_path / "crawl.yaml"
    path.write_text(
        CONTRACT + "sites:\n  Archive.ORG: {rights_holder: Internet Archive}\n"
        "  café.fr: {rights_holder: Café, attribution: Café (café.fr)}\n",
        encoding="utf-8",
    )
    source = load_source(path)
    assert source.sites == {
        "archive.org": SiteCredit("Internet Archive"),
        "xn--caf-dma.fr": SiteCredit("Café", "Café (café.fr)"),
    }


@pytest.mark.parametrize(
    "key, message",
    [
        ("https://archive.org/", "is not a domain name"),
        ("192.0.2.7", "is an IP address"),
        ("localhost", "has no registrable domain"),
        ("co.uk", "has no registrable domain"),
    ],
)
def test_a_sites_key_that_is_not_a_domain_is_a_contract_error_naming_file_and_key(tmp_path, key, message):
    path = tmp_path / "crawl.yaml"
    path.write_text(CONTRACT + f"sites:\n  '{key}': {{rights_holder: Someone}}\n", encoding="utf-8")
    with pytest.raises(ContractError) as error:
        load_source(path)
    [problem] = error.value.problems
    assert (problem.path, problem.field) == (path, f"sites.{key}") and message in problem.message
    assert str(path) in str(error.value)


def test_a_sites_entry_without_a_rights_holder_is_a_contract_error(tmp_path):
    path = tmp_path / "crawl.yaml"
    path.write_text(CONTRACT + "sites:\n  archive.org: {attribution: Internet Archive}\n", encoding="utf-8")
    with pytest.raises(ContractError, match=r"crawl.yaml: sites.archive.org.rights_holder: is required"):
        load_source(path)


def test_a_crawl_credits_each_site_in_cleared_documents_and_evidence_never_the_crawler(
    tmp_path, write_redacted, make_source, policy, at
):
    redacted = tmp_path / "redacted"
    urls = [
        "https://www.gazette-rhone.fr/a",
        "https://sport.gazette-rhone.fr/b",
        "https://blog.example.net/c",
        "http://192.0.2.7/d",
    ]
    rows = write_redacted(
        redacted, [{"url": u, "title": "Titre", "licence": "CC-BY-4.0", "retrieved_at": at(2024, 3, 1)} for u in urls]
    )
    source = make_source(
        sites={"gazette-rhone.fr": SiteCredit("Éditions du Rhône", "La Gazette du Rhône")},
        rights_holder="Crawler Inc.",
        attribution="A crawl by Crawler Inc.",
    )
    publish_stage(
        tmp_path / "cleared",
        partial(
            clear_dump,
            redacted,
            tmp_path / "none",
            source=source,
            policy=policy,
            registry=REGISTRY,
            contracts_dir=tmp_path,
        ),
    )
    docs = {r["url"]: r for r in pq.read_table(tmp_path / "cleared" / "documents.parquet").to_pylist()}
    assert [(docs[u]["rights_holder"], docs[u]["rights_holder_origin"]) for u in urls] == [
        ("Éditions du Rhône", "site_mapping"),
        ("Éditions du Rhône", "site_mapping"),
        ("example.net", "registrable_domain"),
        ("192.0.2.7", "host"),
    ]
    assert docs[urls[0]]["attribution"].startswith("La Gazette du Rhône — Creative Commons Attribution 4.0")
    assert docs[urls[2]]["attribution"] == (
        "example.net, “Titre”, https://blog.example.net/c — Creative Commons "
        "Attribution 4.0 International (https://creativecommons.org/licenses/by/4.0/)"
    )
    assert not any("Crawler" in d["attribution"] for d in docs.values())
    rights = pq.read_table(tmp_path / "cleared" / "decisions.parquet").to_pylist()
    decisions = {r["doc_id"]: json.loads(r["evidence"]) for r in rights}
    ip = decisions[rows[3]["doc_id"]]["rights_holder"]
    assert ip["origin"] == "host" and "IP address" in ip["detail"]


@pytest.mark.parametrize(
    "urls, expected",
    [
        (["https://www.gazette-rhone.fr/a", "https://sport.gazette-rhone.fr/b"], {("Éditions du Rhône", "contract")}),
        (
            ["https://www.gazette-rhone.fr/a", "https://blog.example.net/c"],
            {("gazette-rhone.fr", "registrable_domain"), ("example.net", "registrable_domain")},
        ),
    ],
)
def test_an_export_is_credited_per_site_only_when_its_pages_come_from_several_sites(
    tmp_path, write_redacted, make_source, policy, at, urls, expected
):
    redacted = tmp_path / "redacted"
    write_redacted(redacted, [{"url": u, "licence": "CC-BY-4.0", "retrieved_at": at(2024, 3, 1)} for u in urls])
    publish_stage(
        tmp_path / "cleared",
        partial(
            clear_dump,
            redacted,
            tmp_path / "none",
            source=make_source(format="jsonl"),
            policy=policy,
            registry=REGISTRY,
            contracts_dir=tmp_path,
        ),
    )
    table = pq.read_table(
        tmp_path / "cleared" / "documents.parquet", columns=["rights_holder", "rights_holder_origin"]
    )
    assert set(zip(*table.to_pydict().values(), strict=True)) == expected
