"""The MediaWiki reader: one document per article (latest revision, plain text), contributors kept, damage never fatal."""

from __future__ import annotations

import bz2
import gzip
from xml.sax.saxutils import escape

import pytest

from provenance.ingest.locators import wiki_revision
from provenance.ingest.mediawiki import read_mediawiki
from provenance.ingest.records import QuarantineReason

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


def revision(rev_id: int, timestamp: str, text: str, user: str | None = None, user_id: int | None = None,
             ip: str | None = None) -> str:
    contributor = (f"<contributor><username>{user}</username><id>{user_id}</id></contributor>" if user
                   else f"<contributor><ip>{ip}</ip></contributor>")
    return (f"    <revision><id>{rev_id}</id><timestamp>{timestamp}</timestamp>{contributor}"
            f"<model>wikitext</model><format>text/x-wiki</format>"
            f'<text bytes="{len(text.encode())}" xml:space="preserve">{escape(text)}</text></revision>\n')


def page(page_id: int, title: str, ns: int, revisions: list[str], redirect: str | None = None) -> str:
    redirect_tag = f'<redirect title="{redirect}" />' if redirect else ""
    return (f"  <page>\n    <title>{title}</title><ns>{ns}</ns><id>{page_id}</id>{redirect_tag}\n"
            + "".join(revisions) + "  </page>\n")


def pages() -> list[str]:
    return [
        page(101, "Besançon", 0, [
            revision(9001, "2021-05-02T10:00:00Z", BESANCON_V1, user="Arnaud Lefèvre", user_id=11),
            revision(9005, "2022-11-20T08:30:00Z", BESANCON_V1 + " Préfecture du Doubs.", ip="192.0.2.44"),
            revision(9010, "2023-07-14T16:45:00Z", BESANCON_V3, user="Bibliothécaire25", user_id=12),
        ]),
        page(102, "Besancon", 0, [revision(9002, "2021-05-02T10:05:00Z", "#REDIRECTION [[Besançon]]",
                                           user="Arnaud Lefèvre", user_id=11)], redirect="Besançon"),
        page(103, "Discussion:Besançon", 1, [revision(9003, "2021-06-01T12:00:00Z", "Faut-il une section climat ?",
                                                      user="Bibliothécaire25", user_id=12)]),
        page(104, "Citadelle de Besançon", 0, [
            revision(9020, "2020-01-01T00:00:00Z", "La '''citadelle''' est l'œuvre de [[Vauban]].",
                     user="Arnaud Lefèvre", user_id=11),
            revision(9021, "2024-02-29T09:00:00Z",
                     "La '''citadelle de Besançon''' est une fortification construite par [[Vauban]] de 1668 à 1711.",
                     user="Arnaud Lefèvre", user_id=11),
        ]),
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
    assert besancon.text.startswith("Besançon est une commune française située dans le département du Doubs. "
                                    "Elle compte 119\u00a0198 habitants.")  # {{formatnum:}} groups digits the French way
    assert "Histoire\nLa ville est citée par Jules César dans La Guerre des Gaules." in besancon.text
    for gone in ("Infobox", "Insee", "citadelle", "Fichier", "Catégorie", "1793", "César, BG", "en:"):
        assert gone not in besancon.text
    assert besancon.title == "Besançon"
    assert besancon.url == "https://fr.wikipedia.org/wiki/Besan%C3%A7on"
    assert besancon.author == "Bibliothécaire25"
    assert besancon.published_at == "2023-07-14T16:45:00Z"
    assert besancon.lang == "fr"
    assert besancon.metadata == {"page_id": 101, "revision_id": 9010, "revisions_in_dump": 3,
                                 "contributors": ["Arnaud Lefèvre", "Bibliothécaire25"], "contributors_total": 2,
                                 "anonymous_edits": 1}
    assert "192.0.2.44" not in str(besancon.metadata)  # an anonymous editor's IP is never kept
    assert citadelle.url == "https://fr.wikipedia.org/wiki/Citadelle_de_Besan%C3%A7on"
    assert citadelle.text == "La citadelle de Besançon est une fortification construite par Vauban de 1668 à 1711."


def test_a_truncated_bz2_export_keeps_the_pages_read_before_the_cut(kit, tmp_dump):
    many = [page(1000 + i, f"Commune {i}", 0, [revision(50000 + i, "2023-01-01T00:00:00Z",
                                                         f"'''Commune {i}''' est une commune du Jura. " * 40,
                                                         user="Robot", user_id=1)]) for i in range(300)]
    path = tmp_dump / "cut.xml.bz2"
    # one bz2 stream per 50 pages, as parallel compressors write them: the cut loses only the last streams
    xml = (HEADER + "".join(many) + FOOTER).encode()
    chunks = [xml[i:i + len(xml) // 6 + 1] for i in range(0, len(xml), len(xml) // 6 + 1)]
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
        ("page=104", QuarantineReason.TRUNCATED_STREAM)]


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
