"""Licence statements of a page: which cover the page (they decide its licence), which only what it embeds."""

from __future__ import annotations

from pathlib import Path

import pytest
from resiliparse.parse.html import HTMLTree

from provenance.ingest.html import html_document, page_signals
from provenance.ingest.licence_statements import SNIPPET_CHARS
from provenance.schema import LICENCE_STATEMENTS_KEY

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REAL = FIXTURES / "real" / "html" / "pages"
BUILT = FIXTURES / "pages"


def statements(path: Path, url: str | None = None) -> tuple[list[dict], list[dict]]:
    doc = html_document(path.name, path.read_bytes(), url=url)
    found = doc.metadata.get(LICENCE_STATEMENTS_KEY, [])
    page = [s for s in found if s["scope"] == "page"]
    assert doc.licence_hints == [s["text"] for s in page]
    return page, [s for s in found if s["scope"] == "embedded"]


def test_the_real_creativecommons_page_states_its_footer_licence_and_an_image_credit_as_embedded():
    page, embedded = statements(REAL / "creativecommons-org.html", "https://creativecommons.org/about/")
    assert [(s["text"], s["where"]) for s in page] == [
        ("https://creativecommons.org/licenses/by/4.0/", "footer"),
        (
            "Except where otherwise noted, content on this site is licensed under a Creative Commons Attribution 4.0 "
            "International license",
            "footer",
        ),
    ]
    assert page[1]["snippet"].startswith("Except where otherwise noted")
    # the footer's other lines (address, phone, e-mail) are not the licence notice and stay out of its snippet
    assert all("415" not in s.get("snippet", "") and "@" not in s.get("snippet", "") for s in page)
    assert [(s["text"], s["where"]) for s in embedded] == [
        ("Image CC BY (Elliot Midson from Noun Project.)", "credit")
    ]


def test_the_creativecommons_home_page_is_read_from_its_site_footer_not_from_article_footers_or_credits():
    # Built from creativecommons/vocabulary-theme's page_home.php and footer.php (see tests/fixtures/pages/SOURCES.md):
    # articles with their own <footer>s naming CC0 and CC BY-NC-SA, figure credits, the site footer's CC BY 4.0.
    page, embedded = statements(BUILT / "creativecommons-home.html", "https://creativecommons.org/")
    assert {s["text"] for s in page} == {
        "https://creativecommons.org/licenses/by/4.0/",  # the footer's relative /licenses/by/4.0/, resolved
        "Except where otherwise noted, content on this site is licensed under a Creative Commons Attribution 4.0 "
        "International license",
    }
    texts = {s["text"] for s in embedded}
    assert "https://creativecommons.org/publicdomain/zero/1.0/" in texts
    assert "https://creativecommons.org/licenses/by-nc-sa/4.0/" in texts
    assert "Many of the lessons found on Khan Academy are openly licensed under CC-BY-NC-SA" in texts
    assert "“Sharing” by Jane Park is licensed under CC BY-NC-SA 2.0" in texts
    assert all("snippet" not in s for s in embedded)


def test_real_wikimedia_pages_keep_photo_credits_and_scoped_image_notes_as_embedded():
    page, embedded = statements(REAL / "wikimediafoundation-turkey.html")
    assert [s["text"] for s in page] == [
        "https://creativecommons.org/licenses/by-sa/3.0/",
        "Except where otherwise noted, the content of this site is licensed under a Creative Commons "
        "Attribution-ShareAlike 3.0 Unported license",
    ]
    assert {"CC BY-SA 4.0", "CC BY-SA 3.0 PL"} <= {s["text"] for s in embedded}
    page, embedded = statements(REAL / "wikimedia-blog-maps.html")
    assert "Some images under CC BY-SA." in {s["text"] for s in embedded}
    assert not any("images" in s["text"] for s in page)


def test_a_main_text_sentence_that_mentions_a_licence_is_no_statement_of_the_page():
    page, _ = statements(REAL / "enwiki-mozilla.html")
    assert not any("games" in s["text"] or "Mozilla Public License" in s["text"] for s in page)
    assert any(s["text"].startswith("Text is available under the Creative Commons") for s in page)


@pytest.mark.parametrize("name", ["gnu-gpl.html", "lilypond-freedom.fr.html", "debian-faq-choosing.fr.html"])
def test_pages_about_licences_or_without_notice_state_none(name):
    page, embedded = statements(REAL / name)
    assert page == [] and embedded == []


def test_a_french_news_page_reserves_its_rights_in_its_footer_while_its_photo_is_cc_by_sa():
    url = "https://www.courrier-des-alpes.fr/2024/10/19/roya-inondations"
    page, embedded = statements(BUILT / "journal-tous-droits-reserves.fr.html", url)
    assert [s["text"] for s in page] == ["© 2024 Le Courrier des Alpes.", "Tous droits réservés."]
    assert {(s["text"], s["where"]) for s in embedded} == {
        ("https://creativecommons.org/licenses/by-sa/4.0/deed.fr", "media"),
        ("Photo : Wikimedia Commons, CC BY-SA 4.0.", "media"),
        ("https://creativecommons.org/licenses/by-sa/4.0/", "jsonld_embedded"),  # the ImageObject's licence
    }


def test_json_ld_licence_counts_for_the_main_entity_only():
    page, embedded = statements(BUILT / "jsonld-article-and-image.html", "https://lab.example.org/posts/old-maps/")
    assert [(s["text"], s["where"]) for s in page] == [("https://creativecommons.org/licenses/by/4.0/", "jsonld")]
    assert {s["text"] for s in embedded} == {
        "https://creativecommons.org/licenses/by-nc-nd/4.0/",
        "https://creativecommons.org/licenses/by-nc/4.0/",
    }


def test_json_ld_of_another_page_and_broken_json_ld_decide_nothing():
    html = (
        '<html><head><script type="application/ld+json">{"@type": "Article", "url": "https://a.example/other",'
        ' "license": "https://creativecommons.org/licenses/by-nc/4.0/"}</script>'
        '<script type="application/ld+json">{"@type": "Article", "license": </script></head>'
        "<body><p>Text.</p></body></html>"
    )
    signals = page_signals(HTMLTree.parse(html), "https://a.example/page")
    assert signals.licence_hints == []
    assert [(s.text, s.scope) for s in signals.licence_statements] == [
        ("https://creativecommons.org/licenses/by-nc/4.0/", "embedded")
    ]


def test_a_footer_of_a_teaser_article_is_not_the_page_footer_but_a_single_articles_notice_is():
    teasers = (
        "<html><body><main><article><h2>A</h2><footer>Licensed under CC BY-NC 4.0</footer></article>"
        "<article><h2>B</h2><p>Text</p></article></main></body></html>"
    )
    assert page_signals(HTMLTree.parse(teasers)).licence_hints == []
    single = (
        "<html><body><main><article><h1>Titre</h1><p>Le texte de l'article.</p>"
        "<p>Cet article est publié sous licence CC BY-SA 4.0.</p></article></main>"
        "<aside><p>Les photos sont sous licence CC BY-NC 2.0.</p></aside></body></html>"
    )
    signals = page_signals(HTMLTree.parse(single))
    assert signals.licence_hints == ["Cet article est publié sous licence CC BY-SA 4.0"]
    assert [(s.text, s.where) for s in signals.licence_statements if s.scope == "embedded"] == [
        ("Les photos sont sous licence CC BY-NC 2.0", "credit")
    ]


def test_a_snippet_is_at_most_its_block_and_500_characters_either_side():
    filler = "Lorem ipsum dolor sit amet " * 60
    html = (
        f"<html><body><main><p>Body.</p></main><footer><p>{filler}Contact: redaction@journal.example. "
        f"Sauf mention contraire, les contenus de ce site sont publiés sous licence CC BY 4.0. {filler}</p>"
        "<p>Siège : 12 rue des Lilas, 69001 Lyon</p></footer></body></html>"
    )
    (statement,) = page_signals(HTMLTree.parse(html)).licence_statements
    assert statement.text == "Sauf mention contraire, les contenus de ce site sont publiés sous licence CC BY 4.0"
    assert len(statement.snippet) <= len(statement.text) + 2 * SNIPPET_CHARS
    assert "[email]" in statement.snippet and "redaction@" not in statement.snippet
    assert "Lilas" not in statement.snippet


def test_the_real_common_crawl_capture_states_its_wikis_footer_licence(kit):
    from provenance.ingest.warc import read_warc

    name = "whirlwind.warc.gz"
    (page,) = kit.by_type(
        kit.read_all(read_warc, FIXTURES / "real" / "warc" / name, kit.make_source("warc"), relpath=f"warc/{name}")
    )["documents"]
    assert page.licence_hints == [
        "https://creativecommons.org/licenses/by-sa/4.0/deed.an",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ]
    assert {s["where"] for s in page.metadata[LICENCE_STATEMENTS_KEY]} <= {"head_link", "footer", "rel_license"}


def test_an_http_link_header_licence_is_a_page_statement_with_the_header_as_snippet(kit, tmp_path):
    from provenance.ingest.warc import read_warc

    path = tmp_path / "link.warc"
    record = kit.http_response(
        "https://www.example.fr/rapport.txt",
        b"Rapport annuel.",
        content_type="text/plain; charset=utf-8",
        headers=[("Link", '</licence/by-sa-4.0>; rel="license", </a>; rel="next"')],
    )
    kit.write_warc(path, [kit.warc_record_bytes(record, 0)], gzip_members=False)
    (doc,) = kit.by_type(kit.read_all(read_warc, path, kit.make_source("warc")))["documents"]
    assert doc.licence_hints == ["https://www.example.fr/licence/by-sa-4.0"]
    assert doc.metadata[LICENCE_STATEMENTS_KEY] == [
        {
            "text": "https://www.example.fr/licence/by-sa-4.0",
            "scope": "page",
            "where": "http_link",
            "snippet": 'Link: </licence/by-sa-4.0>; rel="license"',
        }
    ]
