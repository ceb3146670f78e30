"""The MediaWiki reader: one document per article (latest revision, the text a reader sees), editors counted,
never kept, the contract's language and site over the dump header's, damage never fatal; measured on real
Wikipedia exports."""

from __future__ import annotations

import bz2
import dataclasses
import functools
import gzip
import json
from pathlib import Path
from xml.sax.saxutils import escape

import pyarrow.parquet as pq
import pytest

from provenance.contracts import SourceContract, load_source
from provenance.ingest.locators import wiki_revision
from provenance.ingest.mediawiki import read_mediawiki
from provenance.ingest.records import Document, Notice, QuarantineReason, ReaderContext
from provenance.ingest.run import ingest_items
from provenance.ingest.text_quality import measure

HEADER = """<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="fr">
  <siteinfo>
    <sitename>Wikipédia</sitename>
    <dbname>frwiki</dbname>
    <base>https://fr.wikipedia.org/wiki/Wikip%C3%A9dia:Accueil_principal</base>
    <generator>MediaWiki 1.42.0-wmf.5</generator>
    <case>first-letter</case>
    <namespaces>
      <namespace key="-2" case="first-letter">Média</namespace>
      <namespace key="0" case="first-letter" />
      <namespace key="1" case="first-letter">Discussion</namespace>
      <namespace key="6" case="first-letter">Fichier</namespace>
      <namespace key="14" case="first-letter">Catégorie</namespace>
    </namespaces>
  </siteinfo>
"""
FOOTER = "</mediawiki>\n"

BESANCON_V1 = "'''Besançon''' est une commune de l'est de la France."
BESANCON_V3 = """{{Infobox Commune de France|nom=Besançon|population=119198}}
'''Besançon''' est une [[commune française]] située dans le [[Doubs (département)|département du Doubs]]<ref>{{Lien web|url=https://www.insee.fr|titre=Insee}}</ref>. Elle compte {{formatnum:119198}} habitants.

[[Fichier:Besancon citadelle.jpg|vignette|La citadelle de [[Vauban]].]]

== Histoire ==
La ville est citée par [[Jules César]] dans ''[[La Guerre des Gaules]]''.<ref name="bg">César, BG I.38</ref>

{| class="wikitable"
! Année !! Population
|-
| 1793 || 28 721
|}

[[Catégorie:Commune du Doubs]]
[[en:Besançon]]"""


def revision(
    rev_id: int, timestamp: str, text: str, user: str | None = None, user_id: int | None = None, ip: str | None = None
) -> str:
    contributor = (
        f"<contributor><username>{user}</username><id>{user_id}</id></contributor>"
        if user
        else f"<contributor><ip>{ip}</ip></contributor>"
    )
    return (
        f"    <revision><id>{rev_id}</id><timestamp>{timestamp}</timestamp>{contributor}"
        f"<model>wikitext</model><format>text/x-wiki</format>"
        f'<text bytes="{len(text.encode())}" xml:space="preserve">{escape(text)}</text></revision>\n'
    )


def page(page_id: int, title: str, ns: int, revisions: list[str], redirect: str | None = None) -> str:
    redirect_tag = f'<redirect title="{redirect}" />' if redirect else ""
    return (
        f"  <page>\n    <title>{title}</title><ns>{ns}</ns><id>{page_id}</id>{redirect_tag}\n"
        + "".join(revisions)
        + "  </page>\n"
    )


def pages() -> list[str]:
    return [
        page(
            101,
            "Besançon",
            0,
            [
                revision(9001, "2021-05-02T10:00:00Z", BESANCON_V1, user="Arnaud Lefèvre", user_id=11),
                revision(9005, "2022-11-20T08:30:00Z", BESANCON_V1 + " Préfecture du Doubs.", ip="192.0.2.44"),
                revision(9010, "2023-07-14T16:45:00Z", BESANCON_V3, user="Bibliothécaire25", user_id=12),
            ],
        ),
        page(
            102,
            "Besancon",
            0,
            [revision(9002, "2021-05-02T10:05:00Z", "#REDIRECTION [[Besançon]]", user="Arnaud Lefèvre", user_id=11)],
            redirect="Besançon",
        ),
        page(
            103,
            "Discussion:Besançon",
            1,
            [
                revision(
                    9003, "2021-06-01T12:00:00Z", "Faut-il une section climat ?", user="Bibliothécaire25", user_id=12
                )
            ],
        ),
        page(
            104,
            "Citadelle de Besançon",
            0,
            [
                revision(
                    9020,
                    "2020-01-01T00:00:00Z",
                    "La '''citadelle''' est l'œuvre de [[Vauban]].",
                    user="Arnaud Lefèvre",
                    user_id=11,
                ),
                revision(
                    9021,
                    "2024-02-29T09:00:00Z",
                    "La '''citadelle de Besançon''' est une fortification construite par [[Vauban]] de 1668 à 1711.",
                    user="Arnaud Lefèvre",
                    user_id=11,
                ),
            ],
        ),
    ]


def write(path, xml: str) -> None:
    data = xml.encode("utf-8")
    if path.name.endswith(".bz2"):
        data = bz2.compress(data)
    elif path.name.endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    path.write_bytes(data)


@pytest.mark.parametrize("name", ["frwiki.xml", "frwiki.xml.bz2", "frwiki.xml.gz"])
def test_each_article_is_its_latest_revision_as_plain_text(kit, tmp_dump, name):
    path = tmp_dump / name
    write(path, HEADER + "".join(pages()) + FOOTER)
    items = kit.by_type(kit.read_all(read_mediawiki, path, kit.make_source("mediawiki")))
    besancon, citadelle = items["documents"]
    assert items["quarantined"] == []
    assert sorted(s.reason for s in items["skipped"]) == ["wiki_namespace", "wiki_redirect"]

    assert besancon.locator == wiki_revision(f"landing/src/{name}", 101, 9010)
    assert besancon.text.startswith(
        "Besançon est une commune française située dans le département du Doubs. Elle compte 119\u00a0198 habitants."
    )  # {{formatnum:}} groups digits the French way
    assert "Histoire\nLa ville est citée par Jules César dans La Guerre des Gaules." in besancon.text
    for gone in ("Infobox", "Insee", "citadelle", "Fichier", "Catégorie", "1793", "César, BG", "en:"):
        assert gone not in besancon.text
    assert besancon.title == "Besançon"
    assert besancon.url == "https://fr.wikipedia.org/wiki/Besan%C3%A7on"
    assert besancon.author is None  # a page is all its editors' work: the last one is not its author
    assert besancon.published_at == "2023-07-14T16:45:00Z"
    assert besancon.lang == "fr"
    assert besancon.metadata == {
        "page_id": 101,
        "revision_id": 9010,
        "revisions_in_dump": 3,
        "contributors_total": 2,
        "anonymous_edits": 1,
        "history_url": "https://fr.wikipedia.org/w/index.php?title=Besan%C3%A7on&action=history",
        "wiki_site_name": "Wikipédia",
    }
    for editor in ("Arnaud Lefèvre", "Bibliothécaire25", "192.0.2.44"):  # user names and IPs are never kept
        assert editor not in str(besancon.metadata)
    assert citadelle.url == "https://fr.wikipedia.org/wiki/Citadelle_de_Besan%C3%A7on"
    assert citadelle.text == "La citadelle de Besançon est une fortification construite par Vauban de 1668 à 1711."


def test_a_truncated_bz2_export_keeps_the_pages_read_before_the_cut(kit, tmp_dump):
    many = [
        page(
            1000 + i,
            f"Commune {i}",
            0,
            [
                revision(
                    50000 + i,
                    "2023-01-01T00:00:00Z",
                    f"'''Commune {i}''' est une commune du Jura. " * 40,
                    user="Robot",
                    user_id=1,
                )
            ],
        )
        for i in range(300)
    ]
    path = tmp_dump / "cut.xml.bz2"
    # one bz2 stream per 50 pages, as parallel compressors write them: the cut loses only the last streams
    xml = (HEADER + "".join(many) + FOOTER).encode()
    chunks = [xml[i : i + len(xml) // 6 + 1] for i in range(0, len(xml), len(xml) // 6 + 1)]
    data = b"".join(bz2.compress(c) for c in chunks)
    path.write_bytes(data[: len(data) * 3 // 4])
    items = kit.by_type(kit.read_all(read_mediawiki, path, kit.make_source("mediawiki")))
    kept = len(items["documents"])
    assert 100 < kept < 300
    assert [d.metadata["page_id"] for d in items["documents"]] == list(range(1000, 1000 + kept))
    (cut,) = items["quarantined"]
    assert cut.reason == QuarantineReason.TRUNCATED_STREAM and "bzip2" in cut.message


def test_an_uncompressed_export_cut_mid_page_is_a_truncated_stream(kit, tmp_dump):
    path = tmp_dump / "cut.xml"
    xml = HEADER + "".join(pages())
    path.write_text(xml[: xml.index("La '''citadelle de Besançon'''")], encoding="utf-8")
    items = kit.by_type(kit.read_all(read_mediawiki, path, kit.make_source("mediawiki")))
    assert [d.metadata["page_id"] for d in items["documents"]] == [101]
    assert [(q.locator.split("#")[1], q.reason) for q in items["quarantined"]] == [
        ("page=104", QuarantineReason.TRUNCATED_STREAM)
    ]


def test_malformed_xml_stops_at_the_failure_point_with_the_earlier_pages_kept(kit, tmp_dump):
    broken = pages()
    broken[2] = broken[2].replace("</title>", "</titel>")
    path = tmp_dump / "broken.xml"
    write(path, HEADER + "".join(broken) + FOOTER)
    items = kit.by_type(kit.read_all(read_mediawiki, path, kit.make_source("mediawiki")))
    assert [d.metadata["page_id"] for d in items["documents"]] == [101]
    (bad,) = items["quarantined"]
    assert bad.reason == QuarantineReason.INVALID_RECORD and "line" in bad.message

    not_a_wiki = tmp_dump / "not_a_wiki.xml"
    not_a_wiki.write_text("<rss><channel><title>Actualités</title></channel></rss>")
    (item,) = kit.read_all(read_mediawiki, not_a_wiki, kit.make_source("mediawiki"))
    assert item.reason == QuarantineReason.INVALID_RECORD


# --------------------------------------------------------------------------- real exports (tests/fixtures/real)

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"


def real_source(source_id: str, **changes) -> SourceContract:
    return dataclasses.replace(load_source(REAL / "contracts" / "sources" / f"{source_id}.yaml"), **changes)


def read_real(source: SourceContract, path: Path | None = None) -> list:
    path = path or REAL / source.dumps[0]
    return list(read_mediawiki(ReaderContext(source=source, dump_id=source.id, path=path, relpath=source.dumps[0])))


@functools.cache
def real_documents(source_id: str) -> dict[str, Document]:
    return {item.title: item for item in read_real(real_source(source_id)) if isinstance(item, Document)}


def test_real_exports_read_as_prose_without_markup_residue_or_orphan_gaps():
    french, english = real_documents("frwiki-dbpedia-minidump"), real_documents("enwiki-dbpedia-minidump")
    assert sorted(french) == ["Antoine Meillet", "Autriche", "Berlin"]
    assert len(english) == 24  # 27 pages: two redirects and a category page are skipped
    for doc in [*french.values(), *english.values()]:
        damage = measure(doc.text)
        assert (damage.residue, damage.orphan_gaps) == (0, 0), doc.title
        assert "lang_mismatch" not in doc.flags


def test_values_rendered_by_templates_are_in_the_text():
    french, english = real_documents("frwiki-dbpedia-minidump"), real_documents("enwiki-dbpedia-minidump")
    meillet = french["Antoine Meillet"].text
    assert meillet.startswith(
        "Paul Jules Antoine Meillet, né le 11 novembre 1866 à Moulins (Allier) et mort le "
        "21 septembre 1936 à Châteaumeillant (Cher), est le principal linguiste français des "
        "premières décennies du XXe siècle."
    )
    assert "Fondée au XIIIe siècle, Berlin a été successivement capitale" in french["Berlin"].text
    assert "Berlin compte environ 3,8 millions d'habitants,sur 892 km²." in french["Berlin"].text  # sic
    assert "la température a augmenté de près de 2 °C" in french["Autriche"].text
    assert "Otton Ier" in french["Autriche"].text
    assert english["Atlantic Ocean"].text.startswith(
        "The Atlantic Ocean is the second-largest of the world's five oceans, with an area of about 106,460,000 km²."
    )
    assert english["Berlin"].text.startswith("Berlin (/bɜːrˈlɪn/ bur-LIN, [bɛʁˈliːn]) is the capital")
    assert "Merkel grew up in the countryside 90 km north of East Berlin." in english["Angela Merkel"].text
    assert "As of 31 January 2021, there are 32 Supercentres." in english["Asda"].text


def test_infoboxes_navboxes_references_and_link_sections_are_gone():
    french, english = real_documents("frwiki-dbpedia-minidump"), real_documents("enwiki-dbpedia-minidump")
    merkel = english["Angela Merkel"].text
    assert merkel.startswith(
        "Angela Dorothea Merkel ([ˈaŋɡela doʁoˈteːa ˈmɛʁkl̩]; née Kasner; born 17 July 1954) is a German politician"
    )
    for gone in ("Infobox", "officeholder", "birth_place", "Bundestag-Mecklenburg", "cite web", "Retrieved"):
        assert gone not in merkel
    for doc in [*french.values(), *english.values()]:
        lines = set(doc.text.splitlines())
        for heading in (
            "Notes et références",
            "Liens externes",
            "Voir aussi",
            "Bibliographie",
            "References",
            "External links",
            "See also",
            "Further reading",
            "Notes",
        ):
            assert heading not in lines, (doc.title, heading)
        assert "\n\n\n" not in doc.text


def test_the_contract_wins_over_a_header_that_names_another_language_and_site():
    # DBpedia's French minidump carries English Wikipedia's siteinfo: xml:lang="en", en.wikipedia.org
    items = read_real(real_source("frwiki-dbpedia-minidump"))
    notices = [i for i in items if isinstance(i, Notice)]
    assert [n.code for n in notices] == ["header_language_differs", "header_site_differs"]
    assert all(n.locator == "mediawiki/frwiki-dbpedia-minidump.xml.bz2#siteinfo" for n in notices)
    assert "'en'" in notices[0].message and "'fr'" in notices[0].message
    assert "en.wikipedia.org" in notices[1].message and "fr.wikipedia.org" in notices[1].message
    docs = [i for i in items if isinstance(i, Document)]
    assert {d.lang for d in docs} == {"fr"}
    assert [d.url for d in docs] == [
        "https://fr.wikipedia.org/wiki/Antoine_Meillet",
        "https://fr.wikipedia.org/wiki/Autriche",
        "https://fr.wikipedia.org/wiki/Berlin",
    ]

    # without a base_url, a header on another language's site gives no URL at all, and says so
    items = read_real(real_source("frwiki-dbpedia-minidump", base_url=None))
    (site,) = [i for i in items if isinstance(i, Notice) and i.code == "header_site_differs"]
    assert "no URLs" in site.message
    assert {i.url for i in items if isinstance(i, Document)} == {None}


def test_text_in_another_language_than_it_is_read_as_is_flagged(tmp_path):
    # contract 'auto': the header's (wrong) language is used, and the ingest run's language check catches it
    source = real_source("frwiki-dbpedia-minidump", language="auto", base_url=None)
    ctx = ReaderContext(source=source, dump_id=source.id, path=REAL / source.dumps[0], relpath=source.dumps[0])
    stats = ingest_items(read_mediawiki(ctx), ctx, tmp_path)
    docs = pq.read_table(tmp_path / "documents.parquet").to_pylist()
    assert stats.flags == {"lang_mismatch": 3} and {d["lang"] for d in docs} == {"en"}
    assert all(json.loads(d["metadata"])["detected_lang"] == "fr" for d in docs)
    # the header's site: nothing contradicts it
    assert docs[0]["url"] == "https://en.wikipedia.org/wiki/Antoine_Meillet"


def test_a_header_edited_to_contradict_an_english_contract(tmp_path):
    xml = bz2.decompress((REAL / "mediawiki" / "enwiki-dbpedia-minidump.xml.bz2").read_bytes()).decode("utf-8")
    head, body = xml.split("</siteinfo>", 1)
    head = head.replace('xml:lang="en"', 'xml:lang="fr"').replace(
        "<base>https://en.wikipedia.org/wiki/Main_Page</base>",
        "<base>https://fr.wikipedia.org/wiki/Wikip%C3%A9dia:Accueil_principal</base>",
    )
    path = tmp_path / "edited.xml"
    path.write_text(head + "</siteinfo>" + body, encoding="utf-8")
    items = read_real(real_source("enwiki-dbpedia-minidump", base_url=None), path)
    assert [i.code for i in items if isinstance(i, Notice)] == ["header_language_differs", "header_site_differs"]
    docs = [i for i in items if isinstance(i, Document)]
    assert len(docs) == 24 and {d.lang for d in docs} == {"en"} and {d.url for d in docs} == {None}
    assert not any("lang_mismatch" in d.flags for d in docs)


def test_a_header_that_agrees_with_the_contract_gives_the_urls_and_no_notice(kit, tmp_dump):
    path = tmp_dump / "frwiki.xml"
    write(path, HEADER + "".join(pages()) + FOOTER)
    items = kit.read_all(read_mediawiki, path, dataclasses.replace(kit.make_source("mediawiki"), language="fr"))
    assert not [i for i in items if isinstance(i, Notice)]
    assert [i.url for i in items if isinstance(i, Document)] == [
        "https://fr.wikipedia.org/wiki/Besan%C3%A7on",
        "https://fr.wikipedia.org/wiki/Citadelle_de_Besan%C3%A7on",
    ]


def test_templates_the_table_does_not_know_are_listed_in_metadata():
    doc = real_documents("enwiki-dbpedia-minidump")["Berlin"]
    assert "berlin weatherbox" in doc.metadata["unknown_templates"]
