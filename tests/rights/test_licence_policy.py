"""The licence policy resolves what records and pages actually say into SPDX licences and training decisions."""

import pytest

from provenance.contracts import ContractError
from provenance.rights.policy import LicencePolicy


@pytest.mark.parametrize(
    "statement, spdx",
    [
        ("etalab-2.0", "etalab-2.0"),
        ("Etalab-2.0", "etalab-2.0"),
        ("Licence Ouverte v2.0", "etalab-2.0"),
        ("licence ouverte 2.0 (etalab)", "etalab-2.0"),
        ("Licence Ouverte / Open Licence version 2.0", "etalab-2.0"),
        ("https://www.etalab.gouv.fr/licence-ouverte-open-licence/", "etalab-2.0"),
        ("Licence Ouverte / Open Licence", "LicenseRef-Licence-Ouverte-1.0"),
        ("LO 1.0", "LicenseRef-Licence-Ouverte-1.0"),
        ("LicenseRef-Licence-Ouverte-1.0", "LicenseRef-Licence-Ouverte-1.0"),
        ("CC BY-SA 4.0", "CC-BY-SA-4.0"),
        ("CC-BY 4.0", "CC-BY-4.0"),
        ("cc-by-sa-4.0", "CC-BY-SA-4.0"),
        ("Creative Commons Attribution 4.0 International", "CC-BY-4.0"),
        ("Creative Commons Attribution-ShareAlike 4.0 International License", "CC-BY-SA-4.0"),
        (
            "Text is available under the Creative Commons Attribution-ShareAlike License 4.0; additional terms may apply.",
            "CC-BY-SA-4.0",
        ),
        ("Creative Commons Paternité 2.0 France", "LicenseRef-CC-BY-2.0-FR"),
        ("CC BY 3.0 FR", "LicenseRef-CC-BY-3.0-FR"),
        ("CC BY-NC-SA 2.0 FR", "CC-BY-NC-SA-2.0-FR"),
        ("CC0", "CC0-1.0"),
        ("https://creativecommons.org/licenses/by/4.0/", "CC-BY-4.0"),
        ("http://creativecommons.org/licenses/by/4.0", "CC-BY-4.0"),
        ("https://creativecommons.org/licenses/by-sa/4.0/deed.fr", "CC-BY-SA-4.0"),
        ("https://creativecommons.org/licenses/by-sa/3.0/legalcode", "CC-BY-SA-3.0"),
        ("https://creativecommons.org/licenses/by/3.0/fr/deed.fr", "LicenseRef-CC-BY-3.0-FR"),
        ("https://creativecommons.org/licenses/by/3.0/de/", "CC-BY-3.0-DE"),
        ("https://creativecommons.org/publicdomain/zero/1.0/", "CC0-1.0"),
        ("https://i.creativecommons.org/l/by-sa/4.0/88x31.png", "CC-BY-SA-4.0"),
        ("https://licensebuttons.net/l/by-nc-nd/4.0/80x15.png", "CC-BY-NC-ND-4.0"),
    ],
)
def test_licence_statements_resolve_to_the_spdx_licence_they_name(policy, statement, spdx):
    assert policy.resolve(statement).spdx == spdx


@pytest.mark.parametrize(
    "statement, decision, licence_class, share_alike",
    [
        ("CC0-1.0", "include", "public_domain", False),
        ("etalab-2.0", "include_with_attribution", "attribution", False),
        ("CC-BY-SA-4.0", "include_with_share_alike", "share_alike", True),
        ("CC-BY-NC-4.0", "exclude", "non_commercial", False),
        ("CC-BY-ND-4.0", "exclude", "no_derivatives", False),
    ],
)
def test_each_licence_class_gets_the_policy_decision(policy, statement, decision, licence_class, share_alike):
    resolution = policy.resolve(statement)
    assert (resolution.decision, resolution.licence_class, resolution.share_alike) == (
        decision,
        licence_class,
        share_alike,
    )


@pytest.mark.parametrize(
    "statement",
    [
        None,
        "",
        "   ",
        "NOASSERTION",
        "NONE",
        "LicenseRef-Proprietary-Foo",
        "some licence we never heard of",
        "(",
        "CC-BY-4.0 OR",
        "Creative Commons Attribution-ShareAlike License",
    ],
)
def test_unknown_missing_or_unversioned_licences_are_quarantined_never_included(policy, statement):
    resolution = policy.resolve(statement)
    assert resolution.decision == "quarantine"
    assert resolution.licence_class == "unknown"
    assert resolution.reason == "licence_unknown"
    assert resolution.why


@pytest.mark.parametrize("statement", ["All rights reserved", "Tous droits réservés", "tous droits réservés."])
def test_all_rights_reserved_is_quarantined_for_legal_review(policy, statement):
    resolution = policy.resolve(statement)
    assert (resolution.spdx, resolution.decision) == ("LicenseRef-All-Rights-Reserved", "quarantine")


def test_or_takes_the_best_allowed_branch_and_says_which(policy):
    resolution = policy.resolve("CC-BY-NC-4.0 OR CC-BY-SA-4.0")
    assert resolution.spdx == "CC-BY-SA-4.0"
    assert resolution.expression == "CC-BY-NC-4.0 OR CC-BY-SA-4.0"
    assert resolution.decision == "include_with_share_alike"
    assert "CC-BY-SA-4.0 chosen" in resolution.why


def test_or_with_an_unknown_branch_still_takes_the_allowed_one(policy):
    resolution = policy.resolve("LicenseRef-Mystery OR etalab-2.0")
    assert (resolution.spdx, resolution.decision) == ("etalab-2.0", "include_with_attribution")


def test_and_with_a_non_commercial_part_excludes(policy):
    resolution = policy.resolve("CC-BY-4.0 AND CC-BY-NC-4.0")
    assert resolution.decision == "exclude"
    assert resolution.licence_class == "non_commercial"
    assert resolution.reason == "licence_excluded"


def test_and_of_allowing_licences_owes_every_obligation(policy):
    resolution = policy.resolve("CC-BY-SA-4.0 AND GFDL-1.3-or-later")
    assert resolution.decision == "include_with_share_alike"
    assert resolution.share_alike is True
    assert resolution.licences == ("CC-BY-SA-4.0", "GFDL-1.3-or-later")


def test_and_with_an_unknown_part_is_quarantined(policy):
    assert policy.resolve("CC-BY-4.0 AND LicenseRef-Mystery").decision == "quarantine"


def test_free_text_parts_of_an_expression_are_read_on_their_own(policy):
    resolution = policy.resolve("CC BY-NC 4.0 OR Licence Ouverte 2.0")
    assert resolution.expression == "CC-BY-NC-4.0 OR etalab-2.0"
    assert resolution.spdx == "etalab-2.0"


def test_lower_case_operators_are_not_mistaken_for_one_cc_name(policy):
    resolution = policy.resolve("cc-by-nc-4.0 or cc0-1.0")
    assert (resolution.expression, resolution.spdx) == ("CC-BY-NC-4.0 OR CC0-1.0", "CC0-1.0")


def test_a_cc_port_the_policy_does_not_list_follows_its_unported_version(policy):
    resolution = policy.resolve("https://creativecommons.org/licenses/by-sa/3.0/es/")
    assert resolution.spdx == "LicenseRef-CC-BY-SA-3.0-ES"
    assert resolution.decision == "include_with_share_alike"
    assert "port of CC-BY-SA-3.0" in resolution.why


def test_the_policy_is_versioned_and_hashed_and_lists_ai_crawlers(policy):
    assert policy.version
    assert len(policy.sha256) == 64
    assert "GPTBot" in policy.reservations.ai_crawler_tokens
    assert "train-ai" in policy.reservations.content_usage_categories


def _write_policy(folder, text):
    (folder / "licence_policy.yaml").write_text(text, encoding="utf-8")


def test_a_policy_whose_aliases_read_the_same_for_two_licences_is_rejected(tmp_path):
    _write_policy(
        tmp_path,
        """
version: "t1"
licences:
  - {id: CC-BY-4.0, class: attribution, decision: include_with_attribution, aliases: ["CC BY 4"]}
  - {id: CC0-1.0, class: public_domain, decision: include, aliases: ["cc-by 4"]}
""",
    )
    with pytest.raises(ContractError, match=r"licence_policy.yaml: licences.1.aliases: 'cc-by 4' reads the same"):
        LicencePolicy.load(tmp_path)


def test_a_template_with_an_unknown_placeholder_is_rejected(tmp_path):
    _write_policy(
        tmp_path,
        """
version: "t1"
attribution_templates: {bad: "{titel} by {author}"}
licences:
  - {id: CC-BY-4.0, class: attribution, decision: include_with_attribution, attribution: bad}
""",
    )
    with pytest.raises(ContractError, match=r"attribution_templates.bad: unknown placeholder"):
        LicencePolicy.load(tmp_path)


def test_a_policy_that_excludes_unknowns_applies_it_to_missing_licences(tmp_path):
    _write_policy(
        tmp_path,
        """
version: "strict"
unknown_decision: exclude
licences:
  - {id: CC0-1.0, class: public_domain, decision: include}
""",
    )
    strict = LicencePolicy.load(tmp_path)
    assert strict.resolve(None).decision == "exclude"
    assert strict.resolve("LicenseRef-Mystery").decision == "exclude"
    # defaults apply when the policy has no reservations section
    assert "CCBot" in strict.reservations.ai_crawler_tokens


@pytest.mark.parametrize(
    "sentence, spdx",
    [
        ("Contenu disponible sous Licence Ouverte 2.0 sauf mention contraire", "etalab-2.0"),
        ("Open Government Licence v3.0 applies except where otherwise stated", "OGL-UK-3.0"),
        ("© 2021 Mairie de Lyon — Tous droits réservés", "LicenseRef-All-Rights-Reserved"),
    ],
)
def test_a_footer_sentence_naming_a_versioned_licence_or_a_reservation_is_read(policy, sentence, spdx):
    resolution = policy.resolve(sentence)
    assert (resolution.spdx, resolution.recognised_as) == (spdx, "named_in_text")


@pytest.mark.parametrize(
    "sentence",
    [
        "Ce texte relève de l'espace du domaine public routier",
        "None of this is licensed",
        "Publié sous Licence Ouverte",
    ],
)
def test_unversioned_names_inside_sentences_are_not_guessed(policy, sentence):
    assert policy.resolve(sentence).decision == "quarantine"


def test_a_cc_name_next_to_a_reservation_is_held_for_review(policy):
    resolution = policy.resolve("© Le Monde — Tous droits réservés. Photo CC BY 4.0")
    assert resolution.expression == "CC-BY-4.0 AND LicenseRef-All-Rights-Reserved"
    assert resolution.decision == "quarantine"
