"""Plans of the two MediaWiki exports: articles written up in wikitext with revision histories, plus the
redirects, talk pages and a blanked stub that readers must skip or quarantine."""

from __future__ import annotations

import datetime as dt
import random
from urllib.parse import quote

from provenance.ingest.records import QuarantineReason
from provenance_demo import catalogue, identifiers
from provenance_demo.entry import Entry
from provenance_demo.plans import DumpPlan, World, entry_from_piece
from provenance_demo.prose import Piece
from provenance_demo.writers.mediawiki import Page, Revision, Site

SITES = {
    "wikimemoire": Site(
        "Wikimémoire",
        "frwikimemoire",
        "https://fr.wikimemoire.org/wiki/Accueil",
        "fr",
        {
            -2: "Média",
            -1: "Spécial",
            0: "",
            1: "Discussion",
            2: "Utilisateur",
            3: "Discussion utilisateur",
            4: "Wikimémoire",
            6: "Fichier",
            10: "Modèle",
            14: "Catégorie",
        },
    ),
    "localwiki_en": Site(
        "Northern Local History Wiki",
        "localhistorywiki",
        "https://localhistory-wiki.org.uk/wiki/Main_Page",
        "en",
        {
            -2: "Media",
            -1: "Special",
            0: "",
            1: "Talk",
            2: "User",
            3: "User talk",
            4: "Local History Wiki",
            6: "File",
            10: "Template",
            14: "Category",
        },
    ),
}
_LINKED = ("LOCATION", "ORGANIZATION", "PUBLIC_FIGURE")
_EDITORS = (
    "Bibliothécaire69",
    "Marcheur_des_Monts",
    "Patrimoine-Rhône",
    "HistoLoc",
    "Clio42",
    "OldMapsUK",
    "ParishRecords",
    "Fellwalker",
    "Archivist_Jane",
    "Bot-Orthographe",
)
_TITLE_FORMS = {
    "fr": ("{t}", "Histoire de {t}", "Patrimoine de {t}", "{t} (commune)", "Économie de {t}"),
    "en": ("{t}", "History of {t}", "{t} (parish)", "Landmarks of {t}", "{t} (village)"),
}


def article_url(site: Site, title: str) -> str:
    """An article's URL as readers build it from the siteinfo base."""
    return site.base[: site.base.rfind("/") + 1] + quote(title.replace(" ", "_"), safe="/:(),'!*-._~")


def wikitext(piece: Piece, title: str, lang: str, rng: random.Random, markup: bool = True) -> str:
    """The article in wikitext: bold title, links on places, organisations and figures, headings, an infobox,
    a reference and categories. Extraction must give back the piece's text."""
    if not markup:
        return "\n\n".join(b.fill.text for b in piece.draft.blocks)
    out = []
    if lang == "fr":
        out.append("{{Infobox Commune de France\n| nom = " + piece.title + "\n| département = Rhône\n| gentilé = \n}}")
    else:
        out.append("{{Infobox UK place\n| official_name = " + piece.title + "\n| country = England\n}}")
    bolded = False
    for block in piece.draft.blocks:
        text = block.fill.text
        if block.kind == "h":
            out.append(f"== {text} ==")
            continue
        # Links, from the end so earlier offsets stay valid.
        for span in sorted(block.fill.spans, key=lambda s: -s.start):
            if span.entity_type in _LINKED and rng.random() < 0.6:
                text = text[: span.start] + f"[[{span.value}]]" + text[span.end :]
        if not bolded and text.startswith(piece.title):
            text = f"'''{piece.title}'''" + text[len(piece.title) :]
            bolded = True
        if rng.random() < 0.25 and ". " in text:
            cut = text.index(". ") + 1
            source = (
                "Archives départementales, série 3 P." if lang == "fr" else "County Record Office, parish registers."
            )
            text = text[:cut] + f"<ref>{source}</ref>" + text[cut:]
        out.append(text)
    if lang == "fr":
        out.append("{{Portail|communes de France}}\n\n[[Catégorie:Commune du Rhône]]")
    else:
        out.append("{{Portal|England}}\n\n[[Category:Villages in England]]")
    return "\n\n".join(out)


def _history(
    rng: random.Random, final: str, first_rev: int, last: dt.datetime, anonymous_ok: bool = True
) -> list[Revision]:
    """Two to four revisions growing to ``final``, the latest last; editors named or anonymous."""
    parts = final.split("\n\n")
    count = rng.randint(2, 4)
    revisions = []
    when = last - dt.timedelta(days=rng.randint(200, 1500))
    for i in range(count):
        text = final if i == count - 1 else "\n\n".join(parts[: max(1, len(parts) * (i + 1) // count)])
        anonymous = anonymous_ok and rng.random() < 0.25 and i < count - 1
        # Strictly earlier than the final revision, so the latest by date is the full text.
        stamp = last if i == count - 1 else when + (last - when) * i / count
        revisions.append(
            Revision(
                id=first_rev + i,
                parent=first_rev + i - 1 if i else None,
                timestamp=stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
                text=text,
                ip=identifiers.ipv4(rng) if anonymous else None,
                user=None if anonymous else rng.choice(_EDITORS),
                user_id=None if anonymous else rng.randint(12, 90000),
                comment=rng.choice(
                    (
                        "Création",
                        "Ajout section Histoire",
                        "orthographe",
                        "sources",
                        "Mise à jour population",
                        "expanded history",
                        "copyedit",
                        "",
                    )
                ),
                minor=rng.random() < 0.2,
            )
        )
    return revisions


def plan_wiki(world: World, source: str, count: int) -> DumpPlan:
    rng = world.rng(source)
    site = SITES[source]
    lang = site.lang
    pages: list[Page] = []
    entries: list[Entry] = []
    titles: set[str] = set()
    next_page, next_rev = [100], [10000]

    def add_page(
        title: str, revisions: list[Revision], ns: int = 0, redirect: str | None = None, entry: Entry | None = None
    ) -> None:
        page = Page(id=next_page[0], title=title, ns=ns, redirect=redirect, revisions=revisions, entry=entry)
        next_page[0] += rng.randint(1, 40)
        pages.append(page)

    def revisions_for(text: str, last: dt.datetime, several: bool = True) -> list[Revision]:
        revs = (
            _history(rng, text, next_rev[0], last)
            if several
            else [
                Revision(
                    next_rev[0], last.strftime("%Y-%m-%dT%H:%M:%SZ"), text, user=rng.choice(_EDITORS), user_id=777
                )
            ]
        )
        next_rev[0] += len(revs) + rng.randint(5, 500)
        return revs

    def unique_title(town: str) -> str:
        for form in _TITLE_FORMS[lang]:
            title = form.format(t=town)
            if title not in titles:
                titles.add(title)
                return title
        n = 2
        while f"{town} ({n})" in titles:
            n += 1
        titles.add(f"{town} ({n})")
        return f"{town} ({n})"

    def article(key: str, piece: Piece, markup: bool, **fields) -> Entry:
        title = unique_title(piece.title)
        last = dt.datetime(2023, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=rng.randint(0, 600_000))
        revisions = revisions_for(wikitext(piece, title, lang, rng, markup), last)
        entry = entry_from_piece(
            key, source, piece, False, title=title, url=article_url(site, title), published=last, **fields
        )
        entry.wiki = {"page_title": title}
        add_page(title, revisions, entry=entry)
        entries.append(entry)
        return entry

    group = "dup-wiki-fr" if lang == "fr" else "dup-wiki-en"
    shared = world.shared_piece(group, "encyclopedia", lang, dt.date(2023, 9, 1))
    first = article(f"{source}/shared", shared, markup=False, duplicate_group=group)
    # A redirect to the first article, and its talk page: both skipped by readers.
    short = first.title.split("-")[0].split(" ")[0]
    if short != first.title and short not in titles:
        titles.add(short)
        add_page(
            short,
            revisions_for(
                f"{'#REDIRECTION' if lang == 'fr' else '#REDIRECT'} [[{first.title}]]",
                dt.datetime(2022, 4, 2, 10, 0, tzinfo=dt.UTC),
                several=False,
            ),
            redirect=first.title,
        )
    talk = f"{site.namespaces[1]}:{first.title}"
    editor = rng.choice(_EDITORS)
    talk_text = (
        f"== Population ==\nLe chiffre de population me semble daté, quelqu'un a-t-il le dernier recensement ? "
        f"--[[Utilisateur:{editor}|{editor}]] 14 mars 2021 à 10:12 (CET)"
        if lang == "fr"
        else f"== Population ==\nThe census figure looks out of date - has anyone got the latest one? "
        f"--[[User:{editor}|{editor}]] 10:12, 14 March 2021 (UTC)"
    )
    add_page(talk, revisions_for(talk_text, dt.datetime(2021, 3, 14, 10, 12, tzinfo=dt.UTC), several=False), ns=1)
    # A stub emptied of everything but its maintenance template: nothing to extract.
    stub_title = unique_title("Saint-Pierre-la-Noaille" if lang == "fr" else "Low Hesket")
    stub_text = (
        "{{Ébauche commune}}\n<!-- Article à rédiger : voir la page de discussion -->\n[[Catégorie:Ébauche commune]]"
        if lang == "fr"
        else "{{Stub}}\n<!-- Article to be written -->\n[[Category:Stubs]]"
    )
    stub = Entry(
        key=f"{source}/stub",
        source_id=source,
        expect="quarantined",
        quarantine_reason=QuarantineReason.EMPTY_DOCUMENT.value,
        lang=lang,
        register="encyclopedia",
        title=stub_title,
        url=article_url(site, stub_title),
    )
    add_page(stub_title, revisions_for(stub_text, dt.datetime(2023, 6, 1, 8, 0, tzinfo=dt.UTC)), entry=stub)
    entries.append(stub)
    for i in range(max(0, count - len(entries))):
        day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 420))
        article(f"{source}/article-{i}", world.piece("encyclopedia", lang, f"{source}/article-{i}", day), markup=True)
    for entry in entries:
        page = next(p for p in pages if p.entry is entry)
        latest = max(page.revisions, key=lambda r: (r.timestamp, r.id))
        entry.published = dt.datetime.strptime(latest.timestamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
        # No editor is a page's author: readers credit the wiki's contributors and keep no user name.
        entry.author = None
    return DumpPlan(source, catalogue.DUMPS[source], "mediawiki", entries, extra={"site": site, "pages": pages})
