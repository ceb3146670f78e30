"""HTML main text on real pages: furniture gone, content and dates kept, measured against hand-made references."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from provenance.ingest.html import html_document
from provenance.ingest.main_text import main_text
from provenance.ingest.records import Document
from provenance.ingest.text_quality import boilerplate_lines, markup_residue, orphan_gaps

HTML = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "html"
PAGES = sorted((HTML / "pages").glob("*.html"))
WIKIPEDIA = [p for p in PAGES if p.name.startswith("enwiki-")]
_TOKEN = re.compile(r"\w+")


def _reference(page: Path) -> str:
    return (HTML / "references" / f"{page.stem}.reference.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def extracted() -> dict[str, Document]:
    docs = {}
    for page in PAGES:
        doc = html_document(f"html/pages/{page.name}", page.read_bytes())
        assert isinstance(doc, Document)
        docs[page.stem] = doc
    return docs


def _f1(text: str, reference: str) -> float:
    got = Counter(t.lower() for t in _TOKEN.findall(text))
    want = Counter(t.lower() for t in _TOKEN.findall(reference))
    shared = sum((got & want).values())
    precision, recall = shared / max(1, sum(got.values())), shared / max(1, sum(want.values()))
    return 2 * precision * recall / (precision + recall) if shared else 0.0


def test_the_real_pages_cover_french_and_english_and_many_sites():
    assert len(PAGES) >= 12
    assert sum(p.stem.endswith(".fr") for p in PAGES) >= 4
    assert len({p.stem.split("-")[0] for p in PAGES}) >= 6
    assert all((HTML / "references" / f"{p.stem}.reference.txt").is_file() for p in PAGES)


def test_main_text_matches_the_hand_made_references(extracted):
    scores = {name: _f1(doc.text, _reference(HTML / "pages" / f"{name}.html")) for name, doc in extracted.items()}
    assert sum(scores.values()) / len(scores) >= 0.95, scores
    assert min(scores.values()) >= 0.90, scores


def test_no_markup_residue_and_no_more_gaps_or_furniture_than_the_reference_itself(extracted):
    # text_quality's patterns fire on a few legitimate phrases the references hold too ("téléchargez-le et",
    # "int main()", "si vous pouvez aider"): the extraction must add none of its own.
    for name, doc in extracted.items():
        reference = _reference(HTML / "pages" / f"{name}.html")
        assert markup_residue(doc.text) == 0, name
        assert orphan_gaps(doc.text) <= orphan_gaps(reference), name
        assert boilerplate_lines(doc.text) <= boilerplate_lines(reference), name


@pytest.mark.parametrize("page", WIKIPEDIA, ids=lambda p: p.stem)
def test_wikipedia_edit_links_citations_reference_lists_and_navigation_are_gone(extracted, page):
    text = extracted[page.stem].text
    for furniture in (
        "[edit]",
        "Jump to",
        "Main article:",
        "Retrieved",
        "Navigation menu",
        "Personal tools",
        "This page was last edited",
        "Text is available under",
        "v t e",
        "[citation needed]",
    ):
        assert furniture not in text, furniture
    assert not re.search(r"\[\d+\]", text)  # citation markers
    assert not re.search(r"^\s*\^", text, re.MULTILINE)  # reference back-links
    assert not re.search(r"\bISBN\b|\bdoi:|Archived from the original", text)  # citations of the reference list


def test_the_infobox_tables_and_lead_of_an_article_are_kept(extracted):
    mozilla = extracted["enwiki-mozilla"].text
    assert "Founded" in mozilla and "Netscape Communications Corporation" in mozilla  # infobox
    assert mozilla.count("Mozilla Festival") >= 1 and "Eich CEO promotion controversy" in mozilla
    loops = extracted["enwiki-time-loops"].text
    assert "Groundhog Day" in loops and "1993" in loops and "Run Lola Run" in loops  # the data table


def test_byline_dates_are_kept_as_the_publication_date(extracted):
    # the extractor treats a byline above the title as metadata, not text; its date is the document's date
    assert str(extracted["wikimediafoundation-turkey"].published_at).startswith("2020-01-15")
    assert str(extracted["theconversation-storm"].published_at) == "20231102"


def test_documentation_navigation_bars_are_gone(extracted):
    faq = extracted["debian-faq-choosing.fr"].text
    assert "Table des matières" not in faq and "Chapitre 2. Obtenir" not in faq  # DocBook TOC and nav bar
    devref = extracted["debian-devref-new-maintainer.fr"].text
    assert "¶" not in devref and "Sujet précédent" not in devref and "Montrer le code source" not in devref
    lily = extracted["lilypond-freedom.fr"].text
    assert "Autres langues" not in lily and "Google Summer of Code" not in lily


def test_titles_are_plain_text_and_a_missing_title_stays_missing(extracted):
    assert extracted["enwiki-time-loops"].title == "List of films featuring time loops - Wikipedia"
    assert extracted["enwiki-mozilla"].title == "Mozilla - Wikipedia"  # <title> spread over lines
    doc = html_document("x", b"<title>Caf&eacute; <i>des</i>\n arts</title><p>Bonjour.</p>")
    assert isinstance(doc, Document) and doc.title == "Café des arts"
    doc = html_document("x", b"<html><body><p>Bonjour.</p></body></html>")
    assert isinstance(doc, Document) and doc.title is None


def test_a_date_in_a_time_element_mid_sentence_leaves_no_gap():
    html = (
        "<html><body><main><article><h1>Jean Dupont</h1><p>Jean Dupont, né le <time datetime='1950-03-02'>"
        "2 mars 1950</time> à Lyon, est un peintre français dont l'œuvre est exposée dans de nombreux musées."
        "</p></article></main></body></html>"
    )
    text = main_text(html)
    assert "né le 2 mars 1950 à Lyon" in text and orphan_gaps(text) == 0


def test_a_heading_emptied_by_furniture_removal_goes_but_stacked_title_lines_stay():
    body = "".join(f"<p>La cour statue sur l'appel, paragraphe {i}, après en avoir délibéré.</p>" for i in range(8))
    html = (
        "<html><body><main><article><h2>COUR D'APPEL DE RENNES</h2><h2>8ème chambre civile</h2>"
        f"<h2>ARRÊT DU 3 avril 2020</h2>{body}<h2>Références</h2><ol class='references'><li>Cass. civ."
        "</li></ol><h2>Voir aussi</h2><div class='navbox'>Portail du droit</div></article></main></body></html>"
    )
    text = main_text(html)
    assert "COUR D'APPEL DE RENNES\n8ème chambre civile\nARRÊT DU 3 avril 2020" in text
    assert "Références" not in text and "Voir aussi" not in text and "paragraphe 7" in text


def test_french_wikipedia_banners_portals_and_sister_project_boxes_go():
    # Class names as French Wikipedia's templates write them (Homonymie, Article détaillé, Portail, Autres projets)
    paragraphs = "".join(
        f"<p>La ville compte de nombreux monuments, paragraphe {i}, classés au XIX<sup>e</sup> siècle.</p>"
        for i in range(6)
    )
    html = (
        "<html lang='fr'><body><div id='content' class='mw-body'><h1 id='firstHeading'>Auch</h1>"
        "<div id='mw-content-text'><div class='bandeau-container homonymie'>Pour les articles homonymes, voir "
        "Auch (homonymie).</div><p><b>Auch</b> est une commune française, préfecture du Gers.</p>"
        "<h2>Histoire<span class='mw-editsection'><span class='mw-editsection-bracket'>[</span><a>modifier</a> | "
        "<a>modifier le code</a><span class='mw-editsection-bracket'>]</span></span></h2>"
        "<div class='bandeau-container bandeau-section'>Article détaillé : Histoire d'Auch.</div>"
        f"{paragraphs}<div class='autres-projets'>Sur les autres projets Wikimedia : Auch, sur Wikimedia Commons"
        "</div><ul id='bandeau-portail' class='bandeau-portail'><li>Portail du Gers</li></ul></div></div>"
        "</body></html>"
    )
    text = main_text(html)
    assert "Auch est une commune française" in text and "paragraphe 5" in text and "XIXe siècle" in text
    for furniture in ("homonymes", "Article détaillé", "modifier", "autres projets", "Portail du Gers"):
        assert furniture not in text


def test_cookie_banners_go_but_a_page_wrapper_named_after_cookies_stays():
    body = "".join(
        f"<p>Le conseil municipal a voté le budget, paragraphe {i}, après un long débat.</p>" for i in range(12)
    )
    html = (
        f"<html><body class='cookies-accepted'><div id='cookie-banner'>Nous utilisons des cookies. "
        f"<button>Accepter tous les cookies</button></div><article>{body}</article></body></html>"
    )
    text = main_text(html)
    assert "paragraphe 11" in text and "cookies" not in text


@pytest.mark.parametrize("depth", [300, 100_000])
def test_deeply_nested_html_returns_its_text(depth):
    html = "<html><body>" + "<div>" * depth + "<p>Le fond du puits.</p>" + "</div>" * depth + "</body></html>"
    assert main_text(html).strip() == "Le fond du puits."


def test_a_huge_page_is_read_whole():
    paragraphs = "".join(f"<p>Paragraphe {i} : le texte continue encore un peu.</p>" for i in range(60_000))
    text = main_text(f"<html><body><article>{paragraphs}</article></body></html>")
    assert "Paragraphe 0 :" in text and "Paragraphe 59999 :" in text


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "<html",
        "\x00\x01 <<<>>> &&&",
        "<html><body></body></html>",
        "<?xml version='1.0' encoding='UTF-8'?><html><body><p>Texte.</p></body></html>",
    ],
)
def test_empty_or_garbage_html_gives_a_string(html):
    assert isinstance(main_text(html), str)
