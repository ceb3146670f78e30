"""A page's licence is decided by its own statements only; the most restrictive wins; each is kept with its snippet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from provenance.contracts import OptOutRegistry
from provenance.ingest.html import html_document
from provenance.rights.captures import SiteCaptures
from provenance.rights.clearer import DocumentClearer
from provenance.rights.resolve import licence_statements, resolve_document_licence

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REAL = FIXTURES / "real" / "html" / "pages"
BUILT = FIXTURES / "pages"


def page_licence(policy, path: Path, url: str | None = None, contract: str = "NOASSERTION"):
    doc = html_document(path.name, path.read_bytes(), url=url)
    return resolve_document_licence(
        None, doc.licence_hints, contract, policy, statements=licence_statements(json.dumps(doc.metadata))
    )


# What each real page says about itself, written down before the resolution was run: (spdx or None, decision, source).
REAL_PAGES = {
    "creativecommons-org.html": ("CC-BY-4.0", "include_with_attribution", "page"),
    "enwiki-mozilla.html": ("CC-BY-SA-3.0", "include_with_share_alike", "page"),
    "enwiki-time-loops.html": ("CC-BY-SA-4.0", "include_with_share_alike", "page"),
    "wikimediafoundation-turkey.html": ("CC-BY-SA-3.0", "include_with_share_alike", "page"),
    "wikimedia-blog-maps.html": ("CC-BY-3.0", "include_with_attribution", "page"),
    # "code samples ... under V8's BSD-style license" is a page statement the policy cannot read: review
    "v8-blog.html": (None, "quarantine", "page"),
    # "Content available under a Creative Commons license": which one, the page does not say
    "mozilla-mfsa2024-17.html": (None, "quarantine", "page"),
    # copyright notices only: no licence stated, the contract's default (NOASSERTION) applies
    "theconversation-storm.html": ("NOASSERTION", "quarantine", "contract"),
    "debian-devref-new-maintainer.fr.html": ("NOASSERTION", "quarantine", "contract"),
    "gnu-gpl.html": ("NOASSERTION", "quarantine", "contract"),
    "debian-faq-choosing.fr.html": ("NOASSERTION", "quarantine", "contract"),
    "debian-reference-preface.fr.html": ("NOASSERTION", "quarantine", "contract"),
    "lilypond-freedom.fr.html": ("NOASSERTION", "quarantine", "contract"),
    "lilypond-easier-editing.fr.html": ("NOASSERTION", "quarantine", "contract"),
}


@pytest.mark.parametrize("name", sorted(REAL_PAGES))
def test_every_real_page_resolves_to_the_licence_it_states_for_itself(policy, name):
    licence = page_licence(policy, REAL / name)
    assert (licence.resolution.spdx, licence.resolution.decision, licence.source) == REAL_PAGES[name]


def test_the_creativecommons_home_page_is_cc_by_4_with_its_image_credits_as_embedded_evidence(policy):
    licence = page_licence(policy, BUILT / "creativecommons-home.html", "https://creativecommons.org/")
    assert licence.resolution.spdx == "CC-BY-4.0" and licence.resolution.decision == "include_with_attribution"
    evidence = licence.as_evidence()
    assert {h["role"] for h in evidence["hints"]} == {"decides"}
    assert all(
        h["snippet"].startswith("Except where otherwise noted, content on this site") for h in evidence["hints"]
    )
    read = {e["read_as"] for e in evidence["embedded"]}
    assert {"CC0-1.0", "CC-BY-NC-SA-4.0", "CC-BY-NC-SA-2.0"} <= read


def test_all_rights_reserved_in_the_footer_wins_over_a_cc_by_sa_photo(policy):
    licence = page_licence(
        policy,
        BUILT / "journal-tous-droits-reserves.fr.html",
        "https://www.courrier-des-alpes.fr/2024/10/19/roya-inondations",
        contract="CC-BY-4.0",
    )
    assert licence.resolution.spdx == "LicenseRef-All-Rights-Reserved"
    assert licence.resolution.decision == "quarantine" and licence.source == "page"
    roles = {h["hint"]: h["role"] for h in licence.as_evidence()["hints"]}
    assert roles == {"© 2024 Le Courrier des Alpes.": "copyright_notice", "Tous droits réservés.": "decides"}


def test_a_wiki_page_is_its_footer_licence_whatever_its_images_are(policy):
    licence = page_licence(policy, BUILT / "wiki-page-with-image-licences.html", "https://en.openpedia.org/wiki/Loire")
    assert licence.resolution.spdx == "CC-BY-SA-4.0"
    assert "CC-BY-NC-2.0" in {e["read_as"] for e in licence.embedded}


def test_json_ld_main_entity_decides_not_its_image(policy):
    licence = page_licence(policy, BUILT / "jsonld-article-and-image.html", "https://lab.example.org/posts/old-maps/")
    assert licence.resolution.spdx == "CC-BY-4.0"
    assert {e["read_as"] for e in licence.embedded} == {"CC-BY-NC-ND-4.0", "CC-BY-NC-4.0"}


def test_conflicting_page_statements_take_the_most_restrictive(policy):
    statements = [
        {"text": "https://creativecommons.org/licenses/by/4.0/", "scope": "page", "where": "head_link"},
        {
            "text": "Ce site est publié sous licence CC BY-NC-SA 4.0",
            "scope": "page",
            "where": "footer",
            "snippet": "Ce site est publié sous licence CC BY-NC-SA 4.0.",
        },
        {"text": "Tous droits réservés", "scope": "page", "where": "footer"},
    ]
    licence = resolve_document_licence(None, [s["text"] for s in statements], "CC-BY-4.0", policy, statements)
    # non-commercial excludes, which is worse than the review "all rights reserved" asks for
    assert licence.resolution.decision == "exclude"
    assert "CC-BY-NC-SA-4.0" in licence.resolution.spdx and "LicenseRef-All-Rights-Reserved" in licence.resolution.spdx


def test_an_unreadable_page_statement_beside_a_permissive_one_sends_the_page_to_review(policy):
    statements = [
        {"text": "https://creativecommons.org/licenses/by/4.0/", "scope": "page", "where": "footer"},
        {"text": "Articles are licensed under the Gazette Reuse Licence", "scope": "page", "where": "notice"},
    ]
    licence = resolve_document_licence(None, [s["text"] for s in statements], "CC-BY-4.0", policy, statements)
    assert licence.resolution.decision == "quarantine" and licence.resolution.spdx is None
    assert "Gazette Reuse Licence" in licence.resolution.why
    assert [h["role"] for h in licence.hints] == ["decides", "unrecognised"]


def test_an_unversioned_cc_statement_is_read_as_the_versioned_one_beside_it(policy):
    hints = [
        "//creativecommons.org/licenses/by-sa/3.0/",
        "Text is available under the Creative Commons Attribution-ShareAlike License ; additional terms may apply",
    ]
    licence = resolve_document_licence(None, hints, "NOASSERTION", policy)
    assert licence.resolution.spdx == "CC-BY-SA-3.0"
    assert [h["role"] for h in licence.hints] == ["decides", "consistent"]
    assert licence.hints[1]["expression"] == "CC-BY-SA-3.0"


def test_bad_statements_metadata_falls_back_to_the_hints(policy):
    assert licence_statements('{"licence_statements": ') is None
    assert licence_statements('{"licence_statements": "CC BY"}') is None
    assert licence_statements(json.dumps({"licence_statements": [{"scope": "page"}, {"text": " "}]})) == []
    licence = resolve_document_licence(
        None, ["https://creativecommons.org/licenses/by/4.0/"], "NOASSERTION", policy, licence_statements("not json")
    )
    assert licence.resolution.spdx == "CC-BY-4.0"


def test_the_rights_decision_records_each_page_statement_with_its_snippet_and_the_embedded_ones(policy, make_source):
    path = BUILT / "creativecommons-home.html"
    doc = html_document(path.name, path.read_bytes(), url="https://creativecommons.org/")
    clearer = DocumentClearer(
        source=make_source(licence="NOASSERTION"),
        policy=policy,
        registry=OptOutRegistry(entries=(), sha256="0" * 64, files={}),
        captures=SiteCaptures(),
    )
    row = {
        "doc_id": "d1",
        "url": doc.url,
        "licence": None,
        "licence_hints": doc.licence_hints,
        "metadata": json.dumps(doc.metadata),
        "title": doc.title,
        "flags": None,
    }
    decision = clearer.decide(row)
    licence = decision.evidence["licence"]
    assert licence["spdx"] == "CC-BY-4.0" and licence["source"] == "page"
    assert all(h["snippet"] for h in licence["hints"])
    assert any(e["read_as"] == "CC0-1.0" for e in licence["embedded"])
