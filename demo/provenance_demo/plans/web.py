"""Plans of the two web crawls (WARC): a regional paper with robots.txt and TDM headers, and a blog host
with a tdmrep.json, meta tags, aipref headers, a supplied robots.txt and opted-out domains and authors."""

from __future__ import annotations

import datetime as dt
import json

from provenance.ingest.records import QuarantineReason
from provenance_demo import catalogue
from provenance_demo.catalogue import ATELIERS, ATELIERS_LOOKALIKE, FIELDNOTES, GAZETTE, GAZETTE_SPORT, PLUMES
from provenance_demo.entry import Entry, HtmlPage
from provenance_demo.ground_truth import Reservation
from provenance_demo.plans import (
    DumpPlan,
    World,
    at_time,
    day_between,
    entry_from_piece,
    slug,
    weighted,
    with_sentence,
)
from provenance_demo.writers.warc import Capture, Crawl, png_pixel

CC_BY = "https://creativecommons.org/licenses/by/4.0/"
CC_BY_ND = "https://creativecommons.org/licenses/by-nd/4.0/"
CC_BY_NC = "https://creativecommons.org/licenses/by-nc/4.0/"
CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"


def _licence_page(statement: str | None, how: str) -> tuple[HtmlPage, str | None]:
    """A page stating ``statement`` as a rel=license link, a licence meta or a footer sentence."""
    page = HtmlPage()
    if statement is None:
        return page, None
    if how == "link":
        page.licence_link = statement
    elif how == "dcterms":
        page.metas.append(("dcterms.license", statement))
    elif how == "dc.rights":
        page.metas.append(("DC.rights", statement))
    elif how == "footer":
        page.footer = f"Sauf mention contraire, les textes de ce carnet sont publiés sous licence {statement}."
    return page, statement


def _not_found(hosts: tuple[str, ...], path: str, when: dt.datetime) -> list[Capture]:
    """A crawler's request for a site file each host answered 404 to: checked, and nothing there."""
    return [Capture(f"https://{host}/{path}", b"Not Found", "text/plain", when, status=404) for host in hosts]


def _no_tdmrep(hosts: tuple[str, ...], when: dt.datetime) -> list[Capture]:
    return _not_found(hosts, ".well-known/tdmrep.json", when)


# ============================================================================ La Gazette de l'Ouest


def plan_gazette(world: World, count: int) -> DumpPlan:
    source = "gazette_ouest"
    rng = world.rng(source)
    start = catalogue.CRAWLS[source]
    entries: list[Entry] = []
    used: set[str] = set()

    def page(
        key: str,
        host: str = GAZETTE,
        section: str = "actualites",
        licence: tuple[str | None, str] = (None, ""),
        headers: list[tuple[str, str]] = (),
        author: str | None = None,
        reservations: list[Reservation] = (),
        topic: str | None = None,
    ) -> Entry:
        day = day_between(rng, dt.date(2024, 1, 8), dt.date(2024, 3, 11))
        piece = world.piece("local_news", "fr", f"{source}/{key}", day, topic=topic)
        html, statement = _licence_page(*licence)
        html.headers = list(headers)
        entry = entry_from_piece(
            f"{source}/{key}",
            source,
            piece,
            False,
            html=html,
            licence=statement,
            published=at_time(day, rng),
            retrieved=start + dt.timedelta(hours=rng.randint(1, 90)),
            reservations=list(reservations),
        )
        if author:
            entry.author = author
        path = f"/{section}/{day:%Y/%m/%d}/{slug(entry.title)}"
        while path in used:
            path += "-" + str(len(used))
        used.add(path)
        entry.url = f"https://{host}{path}"
        return entry

    # Stories that always carry the rarer personal data (cards, IBANs, identity cards, plates, overseas phones).
    for topic in ("escroquerie", "accident", "tempete", "necrologie"):
        entries.append(page(f"topic-{topic}", topic=topic, licence=(CC_BY, "link")))
    # HTTP TDM headers, any casing; a reservation of 0 reserves nothing.
    entries.append(
        page(
            "tdm-1",
            headers=[("TDM-Reservation", "1"), ("TDM-Policy", "https://www.gazette-ouest.fr/tdm-policy.json")],
            reservations=[Reservation("tdm_header", "TDM-Reservation: 1")],
        )
    )
    entries.append(
        page(
            "tdm-1-lower",
            headers=[("tdm-reservation", "1")],
            reservations=[Reservation("tdm_header", "tdm-reservation: 1")],
        )
    )
    entries.append(
        page(
            "tdm-0",
            headers=[("tdm-reservation", "0")],
            licence=(CC_BY, "link"),
            reservations=[Reservation("tdm_header", "tdm-reservation: 0", effective=False)],
        )
    )
    entries.append(
        page("x-robots", headers=[("X-Robots-Tag", "noai")], reservations=[Reservation("x_robots_tag", "noai")])
    )
    # robots.txt: /private/ is disallowed for everyone, /private/communiques/ allowed again (longest match).
    entries.append(
        page(
            "private",
            section="private/abonnes",
            reservations=[Reservation("robots_txt", "User-agent: * / Disallow: /private/")],
        )
    )
    entries.append(
        page(
            "communique",
            section="private/communiques",
            licence=("CC BY 4.0", "dcterms"),
            reservations=[Reservation("robots_txt", "User-agent: * / Allow: /private/communiques/", effective=False)],
        )
    )
    # The sports site refuses GPTBot everywhere.
    for i in range(2):
        entries.append(
            page(
                f"sport-{i}",
                host=GAZETTE_SPORT,
                section="football",
                reservations=[Reservation("robots_txt", "User-agent: GPTBot / Disallow: /")],
            )
        )
    # Opinion pages: a registry URL-prefix opt-out (computed from the registry).
    for i in range(2):
        entries.append(page(f"opinion-{i}", section="opinions"))
    # A journalist who opted out after this crawl: her pages stay in.
    for i in range(2):
        entries.append(page(f"late-author-{i}", author=catalogue.LATE_OPTOUT_AUTHOR, licence=(CC_BY, "link")))
    # Licences stated by the page.
    entries.append(page("licence-link", licence=(CC_BY, "link")))
    entries.append(page("licence-meta", licence=("CC BY 4.0", "dcterms")))
    entries.append(page("licence-reserved", licence=("Tous droits réservés", "dc.rights")))
    entries.append(page("licence-nd", licence=(CC_BY_ND, "link")))
    # An article updated later in the day at a new address: a near duplicate.
    original = page("update-a", licence=(CC_BY, "link"))
    piece = world.piece("local_news", "fr", f"{source}/update-a", original.published.date())
    updated_piece = with_sentence(
        piece, "Mise à jour à 18 h 40 : la préfecture a publié un nouveau bilan en fin de journée.", rng
    )
    updated = entry_from_piece(
        f"{source}/update-b",
        source,
        updated_piece,
        False,
        html=HtmlPage(licence_link=CC_BY),
        licence=CC_BY,
        published=original.published,
        retrieved=original.retrieved + dt.timedelta(hours=9),
        near_duplicate_of=original.key,
        url=original.url + "-mise-a-jour",
    )
    entries += [original, updated]
    # The article other outlets syndicated: bare markup so every copy extracts to the same text.
    shared = world.shared_piece("dup-news-fr", "local_news", "fr", dt.date(2024, 3, 2))
    syndicated = entry_from_piece(
        f"{source}/syndicated",
        source,
        shared,
        False,
        duplicate_group="dup-news-fr",
        html=HtmlPage(licence_link=CC_BY, chrome=False),
        licence=CC_BY,
        published=dt.datetime(2024, 3, 2, 6, 30, tzinfo=dt.UTC),
        retrieved=start + dt.timedelta(hours=20),
        url=f"https://{GAZETTE}/actualites/2024/03/02/{slug(shared.title)}",
    )
    entries.append(syndicated)
    # A page the extractor finds empty (a maintenance page served with 200).
    empty = Entry(
        key=f"{source}/empty",
        source_id=source,
        expect="quarantined",
        quarantine_reason=QuarantineReason.EMPTY_DOCUMENT.value,
        lang="fr",
        register="local_news",
        title="Page en maintenance",
        html=HtmlPage(chrome=False, empty=True),
        url=f"https://{GAZETTE}/actualites/direct",
        retrieved=start + dt.timedelta(hours=3),
    )
    entries.append(empty)
    # A record whose declared WARC Content-Length is 200 bytes short: the reader must resynchronise on the
    # next record header, quarantine this one and lose nothing else.
    lying = page("length-lie", licence=(CC_BY, "link"))
    lying.html.length_lie = 200
    lying.expect, lying.quarantine_reason = "quarantined", QuarantineReason.LENGTH_MISMATCH.value
    entries.append(lying)
    for i in range(max(0, count - len(entries))):
        sport = rng.random() < 0.2
        licence = weighted(rng, [((None, ""), 0.6), ((CC_BY, "link"), 0.25), (("CC BY 4.0", "dcterms"), 0.15)])
        entries.append(
            page(
                f"article-{i}",
                host=GAZETTE_SPORT if sport else GAZETTE,
                section="football" if sport else rng.choice(("actualites", "societe", "economie", "culture")),
                licence=licence,
                reservations=[Reservation("robots_txt", "User-agent: GPTBot / Disallow: /")] if sport else [],
            )
        )
    rng.shuffle(entries)
    entries.sort(key=lambda e: e.retrieved)
    crawl = Crawl(
        site_name=catalogue.SITE_NAMES,
        pages=entries,
        captures=[
            Capture(
                f"https://{host}/robots.txt",
                catalogue.ROBOTS[host].encode(),
                "text/plain; charset=utf-8",
                start + dt.timedelta(seconds=i),
            )
            for i, host in enumerate((GAZETTE, GAZETTE_SPORT))
        ]
        + _no_tdmrep((GAZETTE, GAZETTE_SPORT), start + dt.timedelta(seconds=2)),
        images=[
            Capture(
                f"https://{GAZETTE}/static/img/logo-gazette.png",
                png_pixel(),
                "image/png",
                start + dt.timedelta(seconds=5),
            )
        ],
    )
    return DumpPlan(source, catalogue.DUMPS[source], "warc", entries, extra={"crawl": crawl})


# ============================================================================ Plumes & Pixels blog host


def plan_plumes(world: World, count: int) -> DumpPlan:
    source = "plumes_blogs"
    rng = world.rng(source)
    start = catalogue.CRAWLS[source]
    entries: list[Entry] = []
    used: set[str] = set()

    def post(
        key: str,
        host: str,
        path: str,
        lang: str = "fr",
        licence: tuple[str | None, str] = (None, ""),
        headers: list[tuple[str, str]] = (),
        metas: list[tuple[str, str]] = (),
        author: str | None = None,
        reservations: list[Reservation] = (),
        topic: str | None = None,
    ) -> Entry:
        day = day_between(rng, dt.date(2023, 6, 1), dt.date(2024, 4, 30))
        piece = world.piece("forum", lang, f"{source}/{key}", day, topic=topic)
        html, statement = _licence_page(*licence)
        html.headers = list(headers)
        html.metas.extend(metas)
        entry = entry_from_piece(
            f"{source}/{key}",
            source,
            piece,
            False,
            html=html,
            licence=statement,
            published=at_time(day, rng),
            retrieved=start + dt.timedelta(hours=rng.randint(1, 100)),
            reservations=list(reservations),
        )
        entry.author = author or f"{piece.extra['poster']}"
        path = path.replace("{slug}", slug(entry.title))
        while path in used:
            path += "-" + str(len(used))
        used.add(path)
        entry.url = f"https://{host}{path}"
        return entry

    def carnet() -> str:
        return rng.choice(("lea", "jb-cuisine", "marmotte", "velo-taf", "jardin-partage", "chroniques-de-quartier"))

    # Posts that always carry the rarer personal data (NIR, identity card, card numbers, IP addresses, passwords in URLs).
    for topic in ("informatique", "administratif", "banque", "vente"):
        entries.append(
            post(f"topic-{topic}", PLUMES, f"/carnets/{carnet()}/{{slug}}", licence=(CC0, "link"), topic=topic)
        )
    # tdmrep.json: a wildcard rule and a '$'-anchored rule, each matched once; a look-alike path is not matched.
    entries.append(
        post(
            "tdmrep-wildcard",
            PLUMES,
            f"/carnets/{carnet()}/brouillons/{{slug}}",
            licence=(CC0, "link"),
            reservations=[Reservation("tdmrep_json", "/carnets/*/brouillons/*")],
        )
    )
    entries.append(
        post(
            "tdmrep-anchored",
            PLUMES,
            "/edito",
            licence=(CC0, "link"),
            reservations=[Reservation("tdmrep_json", "/edito$")],
        )
    )
    entries.append(
        post(
            "tdmrep-not-anchored",
            PLUMES,
            "/edito/archives-2023",
            licence=(CC0, "link"),
            reservations=[Reservation("tdmrep_json", "/edito$", effective=False)],
        )
    )
    # Meta tags.
    entries.append(
        post(
            "meta-tdm",
            PLUMES,
            f"/carnets/{carnet()}/{{slug}}",
            licence=(CC0, "link"),
            metas=[("tdm-reservation", "1")],
            reservations=[Reservation("tdm_meta", "1")],
        )
    )
    entries.append(
        post(
            "meta-noai",
            PLUMES,
            f"/carnets/{carnet()}/{{slug}}",
            licence=(CC_BY, "link"),
            metas=[("robots", "noai, noimageai")],
            reservations=[Reservation("meta_robots", "noai, noimageai")],
        )
    )
    # An author who opted out before the crawl (registry), even under CC0.
    for i in range(2):
        entries.append(
            post(
                f"opted-out-author-{i}",
                PLUMES,
                "/carnets/helene-v/{slug}",
                licence=(CC0, "link"),
                author=catalogue.OPTED_OUT_AUTHOR,
            )
        )
    # A domain opted out (the blog is on a subdomain), and a look-alike domain that is not covered.
    for i in range(2):
        entries.append(post(f"opted-out-domain-{i}", ATELIERS, f"/{2023 + i}/{{slug}}", licence=(CC_BY, "link")))
    entries.append(
        post(
            "lookalike-domain",
            ATELIERS_LOOKALIKE,
            "/blog/{slug}",
            licence=(CC_BY, "link"),
            reservations=[Reservation("registry_domain", "optout-2023-0007", effective=False)],
        )
    )
    # IETF aipref: only the token n reserves; a quoted string does not.
    entries.append(
        post(
            "aipref-n",
            FIELDNOTES,
            "/notes/{slug}",
            lang="en",
            licence=(CC_BY, "link"),
            headers=[("Content-Usage", "train-ai=n")],
            reservations=[Reservation("content_usage", "train-ai=n")],
        )
    )
    entries.append(
        post(
            "aipref-quoted",
            FIELDNOTES,
            "/notes/{slug}",
            lang="en",
            licence=(CC_BY, "link"),
            headers=[("Content-Usage", 'train-ai="n"')],
            reservations=[Reservation("content_usage", 'train-ai="n"', effective=False)],
        )
    )
    # The blog's robots.txt came with the contract, not the crawl: Google-Extended is kept out of /drafts/.
    entries.append(
        post(
            "supplied-robots",
            FIELDNOTES,
            "/drafts/{slug}",
            lang="en",
            licence=(CC_BY, "link"),
            reservations=[Reservation("robots_txt", "User-agent: Google-Extended / Disallow: /drafts/")],
        )
    )
    # Licences stated by the page, or none at all (the contract asserts none: quarantined).
    entries.append(post("licence-nc", PLUMES, f"/carnets/{carnet()}/{{slug}}", licence=(CC_BY_NC, "link")))
    entries.append(post("licence-footer", PLUMES, f"/carnets/{carnet()}/{{slug}}", licence=("CC BY-SA 4.0", "footer")))
    entries.append(post("licence-none", PLUMES, f"/carnets/{carnet()}/{{slug}}"))
    # Copies: the regional paper's article reposted, and a radio bulletin on an English blog under CC0 but noai.
    shared = world.shared_piece("dup-news-fr", "local_news", "fr", dt.date(2024, 3, 2))
    entries.append(
        entry_from_piece(
            f"{source}/repost-news",
            source,
            shared,
            False,
            duplicate_group="dup-news-fr",
            html=HtmlPage(metas=[("dcterms.license", "CC BY 4.0")], chrome=False),
            licence="CC BY 4.0",
            author="Chroniques de quartier",
            published=dt.datetime(2024, 3, 3, 9, 0, tzinfo=dt.UTC),
            retrieved=start + dt.timedelta(hours=7),
            url=f"https://{PLUMES}/carnets/chroniques-de-quartier/{slug(shared.title)}",
        )
    )
    bulletin = world.shared_piece("dup-bulletin-en", "local_news", "en", dt.date(2023, 5, 1))
    entries.append(
        entry_from_piece(
            f"{source}/repost-bulletin",
            source,
            bulletin,
            False,
            duplicate_group="dup-bulletin-en",
            html=HtmlPage(licence_link=CC0, metas=[("robots", "noai")], chrome=False),
            licence=CC0,
            author="Field Notes",
            published=dt.datetime(2023, 5, 1, 12, 0, tzinfo=dt.UTC),
            retrieved=start + dt.timedelta(hours=30),
            url=f"https://{FIELDNOTES}/notes/{slug(bulletin.title)}",
            reservations=[Reservation("meta_robots", "noai")],
        )
    )
    for i in range(max(0, count - len(entries))):
        where = weighted(rng, [(PLUMES, 0.6), (FIELDNOTES, 0.25), (ATELIERS, 0.15)])
        licence = weighted(
            rng, [((CC0, "link"), 0.3), ((CC_BY, "link"), 0.3), ((None, ""), 0.3), ((CC_BY_NC, "link"), 0.1)]
        )
        if where == PLUMES:
            entries.append(post(f"post-{i}", PLUMES, f"/carnets/{carnet()}/{{slug}}", licence=licence))
        elif where == FIELDNOTES:
            entries.append(post(f"post-{i}", FIELDNOTES, "/notes/{slug}", lang="en", licence=licence))
        else:
            entries.append(post(f"post-{i}", ATELIERS, "/{slug}", licence=licence))
    entries.sort(key=lambda e: (e.retrieved, e.key))
    tdmrep = json.dumps(catalogue.TDMREP[PLUMES], indent=2).encode("utf-8")
    crawl = Crawl(
        site_name=catalogue.SITE_NAMES,
        pages=entries,
        captures=[
            Capture(
                f"https://{PLUMES}/robots.txt", catalogue.ROBOTS[PLUMES].encode(), "text/plain; charset=utf-8", start
            ),
            Capture(
                f"https://{PLUMES}/.well-known/tdmrep.json",
                tdmrep,
                "application/json",
                start + dt.timedelta(seconds=2),
            ),
        ]
        # The other blogs have no robots.txt nor tdmrep.json: the crawler asked, they answered 404.
        + _not_found((ATELIERS, ATELIERS_LOOKALIKE), "robots.txt", start + dt.timedelta(seconds=3))
        + _no_tdmrep((ATELIERS, ATELIERS_LOOKALIKE), start + dt.timedelta(seconds=3)),
        images=[
            Capture(
                f"https://{PLUMES}/static/avatar-defaut.png", png_pixel(), "image/png", start + dt.timedelta(seconds=4)
            )
        ],
    )
    return DumpPlan(source, catalogue.DUMPS[source], "warc", entries, extra={"crawl": crawl})
