"""Each document carries the licence it is published under, where that was read, and the credit it requires."""

from provenance.rights.attribution import DocumentCredit, attribution_for, render
from provenance.rights.resolve import resolve_document_licence


def test_licence_ouverte_credit_names_the_producer_and_the_date_of_last_update(policy, make_source, at):
    source = make_source(
        rights_holder="Assemblée nationale",
        title="Comptes rendus des débats",
        licence="etalab-2.0",
        attribution="Assemblée nationale, Licence Ouverte 2.0",
    )
    resolution = policy.resolve("etalab-2.0")
    credit = DocumentCredit(
        title="Séance du 3 mars 2021",
        url="https://www.assemblee-nationale.fr/dyn/15/comptes-rendus/seance-1",
        published_at=at(2021, 3, 3, 15, 0),
        retrieved_at=at(2024, 5, 1),
    )
    text = attribution_for(resolution, credit, source, policy)
    assert text.startswith("Assemblée nationale, « Séance du 3 mars 2021 », https://www.assemblee-nationale.fr/")
    assert "mise à jour du 2021-03-03" in text
    assert (
        "Licence Ouverte / Open Licence version 2.0 (https://www.etalab.gouv.fr/licence-ouverte-open-licence/)" in text
    )


def test_licence_ouverte_without_a_title_still_credits_source_and_date(policy, make_source, at):
    source = make_source(rights_holder="Sénat")
    text = attribution_for(
        policy.resolve("Licence Ouverte"), DocumentCredit(retrieved_at=at(2023, 1, 2)), source, policy
    )
    assert text.startswith("Sénat, mise à jour du 2023-01-02 — Licence Ouverte / Open Licence (version 1.0)")


def test_cc_by_credit_has_title_author_source_and_licence(policy, make_source):
    credit = DocumentCredit(
        title="Le pont de Lyon", author="Claire Martin", url="https://gazette.example.fr/2021/pont"
    )
    text = attribution_for(policy.resolve("CC-BY-4.0"), credit, make_source(), policy)
    assert text == (
        "“Le pont de Lyon” by Claire Martin, https://gazette.example.fr/2021/pont, licensed under "
        "Creative Commons Attribution 4.0 International (https://creativecommons.org/licenses/by/4.0/)"
    )


def test_a_document_missing_a_required_field_falls_back_to_the_contract_attribution(policy, make_source):
    source = make_source(attribution="La Gazette du Rhône, archives 1990-2020")
    credit = DocumentCredit(title="Le pont de Lyon", url="https://gazette.example.fr/2021/pont")  # no author
    text = attribution_for(policy.resolve("CC-BY-4.0"), credit, source, policy)
    assert text == (
        "La Gazette du Rhône, archives 1990-2020 — Creative Commons Attribution 4.0 International "
        "(https://creativecommons.org/licenses/by/4.0/)"
    )


def test_an_empty_contract_attribution_still_gives_a_non_empty_credit(policy, make_source):
    text = attribution_for(policy.resolve("CC-BY-SA-4.0"), DocumentCredit(), make_source(attribution=""), policy)
    assert text.startswith(
        "Éditions du Rhône, Archives de La Gazette du Rhône — Creative Commons Attribution-ShareAlike 4.0"
    )


def test_public_domain_needs_no_attribution_and_and_expressions_credit_each_licence(policy, make_source, at):
    credit = DocumentCredit(title="T", author="A", url="https://x.example/t", published_at=at(2020, 1, 1))
    assert attribution_for(policy.resolve("CC0-1.0"), credit, make_source(), policy) is None
    both = attribution_for(policy.resolve("CC-BY-4.0 AND etalab-2.0"), credit, make_source(), policy)
    assert " ; " in both and "Creative Commons Attribution 4.0" in both and "mise à jour du 2020-01-01" in both


def test_a_port_gets_its_own_deed_url_in_the_credit(policy, make_source):
    credit = DocumentCredit(title="T", author="A", url="https://x.example/t")
    text = attribution_for(policy.resolve("CC BY 3.0 ES"), credit, make_source(), policy)
    assert text.endswith("(https://creativecommons.org/licenses/by/3.0/es/)")


def test_template_values_are_inserted_verbatim():
    assert render("{title}[ by {author}]", {"title": "{author} \\1 [x]", "author": None}) == "{author} \\1 [x]"


def test_the_record_licence_wins_over_page_and_contract(policy):
    found = resolve_document_licence(
        "CC0-1.0", ["https://creativecommons.org/licenses/by-nc/4.0/"], "CC-BY-4.0", policy
    )
    assert (found.source, found.resolution.spdx) == ("record", "CC0-1.0")


def test_page_statements_are_used_when_the_record_has_none(policy):
    found = resolve_document_licence(
        None, ["https://creativecommons.org/licenses/by-sa/4.0/", "CC BY-SA 4.0"], "CC0-1.0", policy
    )
    assert (found.source, found.resolution.spdx, found.resolution.decision) == (
        "page",
        "CC-BY-SA-4.0",
        "include_with_share_alike",
    )


def test_every_licence_a_page_states_must_allow(policy):
    found = resolve_document_licence(
        None,
        ["https://creativecommons.org/licenses/by/4.0/", "https://i.creativecommons.org/l/by-nc/4.0/88x31.png"],
        "CC0-1.0",
        policy,
    )
    assert found.source == "page"
    assert found.resolution.decision == "exclude"
    assert found.resolution.expression == "CC-BY-4.0 AND CC-BY-NC-4.0"


def test_a_page_whose_statement_is_unreadable_is_quarantined_not_given_the_contract_licence(policy):
    found = resolve_document_licence(None, ["Creative Commons Attribution-ShareAlike License"], "CC0-1.0", policy)
    assert (found.source, found.resolution.decision) == ("page", "quarantine")


def test_noassertion_in_a_record_is_quarantined_not_given_the_contract_default(policy):
    found = resolve_document_licence("NOASSERTION", None, "etalab-2.0", policy)
    assert (found.source, found.resolution.decision, found.resolution.reason) == (
        "record",
        "quarantine",
        "licence_unknown",
    )


def test_a_record_without_a_licence_field_gets_the_contract_default(policy):
    for empty in (None, "", "  "):
        found = resolve_document_licence(empty, None, "etalab-2.0", policy)
        assert (found.source, found.resolution.spdx) == ("contract", "etalab-2.0")


def test_a_record_saying_none_keeps_its_statement_and_is_quarantined(policy):
    found = resolve_document_licence("NONE", None, "etalab-2.0", policy)
    assert (found.source, found.resolution.decision) == ("record", "quarantine")


def test_a_contract_without_a_declared_licence_quarantines_its_records(policy):
    found = resolve_document_licence(None, [], "NOASSERTION", policy)
    assert (found.source, found.resolution.decision, found.resolution.reason) == (
        "contract",
        "quarantine",
        "licence_unknown",
    )
