"""The demo's sources, their contracts, the sites they crawled and the rights holders' opt-outs.

Nine sources in five formats, French and English: a parliament's debates, a regional paper's
crawl, a blog host with TDM reservations, a broadcaster's transcripts, two local wikis, a legal
documentation centre's text tree, a community forum and a small press agency that opted out.
Everything here is fixed data; what varies with the seed is the records' content.
"""

from __future__ import annotations

import datetime as dt

#: Source contracts, keyed by id, as written to contracts/sources/<id>.yaml (dumps relative to PROVENANCE_HOME).
SOURCES: dict[str, dict] = {
    "an_debats": {
        "id": "an_debats",
        "title": "Assemblée nationale — comptes rendus intégraux des débats",
        "description": "Comptes rendus des séances publiques, un enregistrement par point de l'ordre du jour.",
        "rights_holder": "Assemblée nationale",
        "licence": "etalab-2.0",
        "attribution": "Assemblée nationale, comptes rendus des débats (data.assemblee-nationale.fr)",
        "provenance_url": "https://data.assemblee-nationale.fr/travaux-parlementaires/debats",
        "format": "jsonl",
        "dumps": "landing/an_debats/*.jsonl.gz",
        "language": "fr",
        "fields": {
            "text": "contenu.texte",
            "id": "uid",
            "url": "seance.url",
            "title": "contenu.titre",
            "date": "seance.date",
            "licence": "droits.licence",
        },
        "max_quarantine_rate": 0.2,
        # A séance's full record above this is an export error (a whole day concatenated): quarantined.
        "max_document_chars": 20000,
        "priority": 10,
        # An export the Assemblée publishes itself under Licence Ouverte: no crawl, so no robots.txt to read.
        "unverified": "allow",
        "unverified_reason": "open-data export published by the rights holder itself under its licence; not pages fetched from a web site",
    },
    "gazette_ouest": {
        "id": "gazette_ouest",
        "title": "La Gazette de l'Ouest — archive web",
        "description": "Collecte du site du quotidien régional et de son site sportif, mars 2024.",
        "rights_holder": "La Gazette de l'Ouest SA",
        "licence": "CC-BY-4.0",
        "attribution": "La Gazette de l'Ouest (gazette-ouest.fr)",
        "provenance_url": "https://archive.gazette-ouest.fr/warc/",
        "format": "warc",
        "dumps": "landing/gazette_ouest/*.warc.gz",
        "language": "fr",
        "max_quarantine_rate": 0.1,
        "priority": 5,
        # The paper crawled its own sites (www. and sport.): it holds the rights in their pages.
        "sites": {
            "gazette-ouest.fr": {
                "rights_holder": "La Gazette de l'Ouest SA",
                "attribution": "La Gazette de l'Ouest (gazette-ouest.fr)",
            }
        },
    },
    "plumes_blogs": {
        "id": "plumes_blogs",
        "title": "Plumes & Pixels — carnets et blogs hébergés",
        "description": "Crawl of blogs hosted by Plumes & Pixels and of blogs linked from them; their authors hold the rights.",
        "rights_holder": "Plumes & Pixels SAS",
        "licence": "NOASSERTION",
        "attribution": "Plumes & Pixels and the blogs' authors",
        "provenance_url": "https://crawl.plumes-et-pixels.fr/2024-05/",
        "format": "warc",
        "dumps": "landing/plumes_blogs/*.warc.gz",
        "language": "auto",
        "max_quarantine_rate": 0.1,
        "priority": 2,
        # This archive did not capture the blog's robots.txt; the host supplied it.
        "robots_txt": {"www.fieldnotes.blog": "robots/www.fieldnotes.blog.txt"},
        # Nor its tdmrep.json: the host kept that capture apart, in a folder laid out by host.
        "signal_captures": "site_files/plumes_blogs",
    },
    "radio_albion": {
        "id": "radio_albion",
        "title": "Albion Public Radio — programme transcripts",
        "description": "Transcripts of local news bulletins and 'Today in Parliament', 2023.",
        "rights_holder": "Albion Public Broadcasting",
        "licence": "CC-BY-4.0",
        "attribution": "Albion Public Radio transcripts",
        "provenance_url": "https://data.albionradio.example/transcripts/2023/",
        "format": "parquet",
        "dumps": "landing/radio_albion/*.parquet",
        "language": "en",
        "fields": {
            "text": "transcript",
            "id": "transcript_id",
            "url": "url",
            "title": "programme.title",
            "date": "broadcast_at",
            "licence": "licence",
            "author": "presenter",
        },
        "max_quarantine_rate": 0.15,
        "priority": 8,
        "unverified": "allow",
        "unverified_reason": "transcript export delivered by the broadcaster, the rights holder; not pages fetched from a web site",
    },
    "wikimemoire": {
        "id": "wikimemoire",
        "title": "Wikimémoire des communes",
        "description": "Encyclopédie collaborative de l'histoire des communes, export des pages (articles).",
        "rights_holder": "Association Wikimémoire et les contributeurs",
        "licence": "CC-BY-SA-4.0",
        "attribution": "Wikimémoire des communes, contributeurs",
        "provenance_url": "https://dumps.wikimemoire.fr/frwikimemoire/20240301/",
        "format": "mediawiki",
        "dumps": "landing/wikimemoire/*.xml.bz2",
        "language": "fr",
        "max_quarantine_rate": 0.1,
        "priority": 6,
    },
    "localwiki_en": {
        "id": "localwiki_en",
        "title": "Northern Local History Wiki",
        "description": "Village and parish histories written by local history societies.",
        "rights_holder": "Northern Local History Wiki contributors",
        "licence": "CC-BY-SA-4.0",
        "attribution": "Northern Local History Wiki contributors",
        "provenance_url": "https://dumps.localhistory-wiki.org.uk/20240215/",
        "format": "mediawiki",
        "dumps": "landing/localwiki_en/*.xml.bz2",
        "language": "en",
        "max_quarantine_rate": 0.1,
        "priority": 6,
    },
    "cdj_decisions": {
        "id": "cdj_decisions",
        "title": "Centre de documentation juridique du Rhône — fonds documentaire",
        "description": "Décisions de cours d'appel et de juridictions britanniques, revue de presse, fiches.",
        "rights_holder": "Centre de documentation juridique du Rhône",
        "licence": "etalab-2.0",
        "attribution": "Centre de documentation juridique du Rhône",
        "provenance_url": "https://cdj-rhone.example.fr/exports/2024/",
        "format": "text",
        "dumps": "landing/cdj_decisions/*.tar.gz",
        "language": "auto",
        "max_quarantine_rate": 0.15,
        "priority": 4,
    },
    "forum_riverside": {
        "id": "forum_riverside",
        "title": "Riverside Community Forums",
        "description": "Public threads of a community forum (gardening, housing, cars, classifieds).",
        "rights_holder": "Riverside Community Forums CIC",
        "licence": "CC-BY-SA-4.0",
        "attribution": "Riverside Community Forums members",
        "provenance_url": "https://forums.riverside-community.org.uk/exports/",
        "format": "jsonl",
        "dumps": "landing/forum_riverside/*.jsonl.zst",
        "language": "en",
        "fields": {
            "text": "post.body",
            "id": "post.id",
            "url": "permalink",
            "title": "post.thread",
            "author": "post.author.username",
            "date": "post.created",
            "licence": "license",
        },
        "max_quarantine_rate": 0.15,
        "priority": 3,
        "unverified": "allow",
        "unverified_reason": "database export delivered by the forum operator under the forum's CC BY-SA terms; not pages fetched from a web site",
    },
    "presse_rhodanienne": {
        "id": "presse_rhodanienne",
        "title": "Presse Rhodanienne — dépêches locales",
        "description": "Dépêches d'une agence de presse locale, flux JSON.",
        "rights_holder": "Presse Rhodanienne SARL",
        "licence": "CC-BY-4.0",
        "attribution": "Presse Rhodanienne",
        "provenance_url": "https://flux.presse-rhodanienne.fr/export/",
        "format": "jsonl",
        "dumps": "landing/presse_rhodanienne/*.jsonl",
        "language": "fr",
        "fields": {"text": "texte", "id": "id", "url": "url", "title": "titre", "date": "date", "author": "auteur"},
        "max_quarantine_rate": 0.1,
        "priority": 1,
        "unverified": "allow",
        "unverified_reason": "feed delivered by the agency, the rights holder, under contract; not pages fetched from a web site",
    },
}

#: The dump file of each source, relative to PROVENANCE_HOME.
DUMPS = {
    "an_debats": "landing/an_debats/cri-2016-2024.jsonl.gz",
    "gazette_ouest": "landing/gazette_ouest/gazette-ouest-2024-03.warc.gz",
    "plumes_blogs": "landing/plumes_blogs/plumes-crawl-2024-05.warc.gz",
    "radio_albion": "landing/radio_albion/transcripts-2023.parquet",
    "wikimemoire": "landing/wikimemoire/frwikimemoire-20240301-pages-articles.xml.bz2",
    "localwiki_en": "landing/localwiki_en/localhistorywiki-20240215-pages-articles.xml.bz2",
    "cdj_decisions": "landing/cdj_decisions/cdj-export-2024.tar.gz",
    "forum_riverside": "landing/forum_riverside/threads-2024.jsonl.zst",
    "presse_rhodanienne": "landing/presse_rhodanienne/depeches-2023-2024.jsonl",
}

#: Share of the requested record count each source receives. A source never gets fewer records than its
#: planted special cases, nor so few that its planted broken records approach its max_quarantine_rate.
WEIGHTS = {
    "an_debats": 0.17,
    "gazette_ouest": 0.15,
    "plumes_blogs": 0.11,
    "radio_albion": 0.14,
    "wikimemoire": 0.1,
    "localwiki_en": 0.06,
    "cdj_decisions": 0.1,
    "forum_riverside": 0.13,
    "presse_rhodanienne": 0.04,
}

# --------------------------------------------------------------------------- sites and their signals

GAZETTE = "www.gazette-ouest.fr"
GAZETTE_SPORT = "sport.gazette-ouest.fr"
PLUMES = "www.plumes-et-pixels.fr"
ATELIERS = "blog.ateliers-du-rhone.fr"
ATELIERS_LOOKALIKE = "www.nouveaux-ateliers-du-rhone.fr"
FIELDNOTES = "www.fieldnotes.blog"

SITE_NAMES = {
    GAZETTE: "La Gazette de l'Ouest",
    GAZETTE_SPORT: "La Gazette de l'Ouest — Sport",
    PLUMES: "Plumes & Pixels",
    ATELIERS: "Les Ateliers du Rhône — le blog",
    ATELIERS_LOOKALIKE: "Les Nouveaux Ateliers du Rhône",
    FIELDNOTES: "Field Notes",
}

ROBOTS = {
    # `*` is kept out of /private/ except the press releases, which an Allow reopens (longest match wins).
    GAZETTE: "User-agent: *\nDisallow: /private/\nAllow: /private/communiques/\nDisallow: /recherche\n\n"
    "Sitemap: https://www.gazette-ouest.fr/sitemap.xml\n",
    # The sports site refuses OpenAI's crawler outright and only hides its back office from everyone else.
    GAZETTE_SPORT: "User-agent: GPTBot\nDisallow: /\n\nUser-agent: *\nDisallow: /admin/\n",
    PLUMES: "User-agent: *\nDisallow: /admin/\nDisallow: /panier/\n",
}
#: Supplied through the contract (contracts/robots/...): the crawl did not capture it.
SUPPLIED_ROBOTS = {FIELDNOTES: "User-agent: Google-Extended\nDisallow: /drafts/\n\nUser-agent: *\nAllow: /\n"}

#: tdmrep.json captures kept apart from the crawl (signal_captures), with when they were fetched.
KEPT_APART_TDMREP = {FIELDNOTES: ([{"location": "/*", "tdm-reservation": 0}], "2024-04-30T08:00:00+00:00")}
SIGNAL_CAPTURES_DIR = "site_files/plumes_blogs"

TDMREP = {
    PLUMES: [
        {
            "location": "/carnets/*/brouillons/*",
            "tdm-reservation": 1,
            "tdm-policy": "https://www.plumes-et-pixels.fr/politique-tdm.json",
        },
        {"location": "/edito$", "tdm-reservation": 1},
        {"location": "/*", "tdm-reservation": 0},
    ],
}

# --------------------------------------------------------------------------- rights holders' opt-outs

#: A journalist whose opt-out arrived after the crawl: it must not apply to pages captured before.
LATE_OPTOUT_AUTHOR = "Claire Morvan"
#: A blogger who opted out before the crawl.
OPTED_OUT_AUTHOR = "Hélène Vasseur"


def registry_rows(work_fingerprint: str) -> list[dict]:
    """The opt-out ledger: one request per scope, one of them effective only after the crawl it would cover.
    Who asked is an organisation, or "the author" where a person asked for themself (never their name twice)."""
    return [
        {
            "id": "optout-2023-0002",
            "scope": "rights_holder",
            "value": "Presse Rhodanienne SARL",
            "effective_from": "2023-01-01",
            "reference": "Courrier du service juridique, réf. PR/DSM/2022-12",
            "date_received": "2022-12-14",
            "requested_by": "Presse Rhodanienne SARL",
        },
        {
            "id": "optout-2023-0007",
            "scope": "domain",
            "value": "ateliers-du-rhone.fr",
            "effective_from": "2023-02-01",
            "reference": "Lettre recommandée AR du 12 janvier 2023",
            "date_received": "2023-01-16",
            "requested_by": "Les Ateliers du Rhône (association)",
        },
        {
            "id": "optout-2023-0019",
            "scope": "url_prefix",
            "value": "https://www.gazette-ouest.fr/opinions/",
            "effective_from": "2023-10-01",
            "reference": "Formulaire d'opposition n° GO-2023-114",
            "date_received": "2023-09-22",
            "requested_by": "Gazette de l'Ouest SAS",
        },
        {
            "id": "optout-2023-0044",
            "scope": "author",
            "value": OPTED_OUT_AUTHOR,
            "effective_from": "2023-05-01",
            "reference": "Courriel du 28 avril 2023, ticket #3120",
            "date_received": "2023-04-28",
            "requested_by": "the author",
        },
        {
            "id": "optout-2023-0050",
            "scope": "fingerprint",
            "value": work_fingerprint,
            "effective_from": "2023-03-01",
            "reference": "DSM art. 4(3) notice from the author's agent, ref. LTSQ-01",
            "date_received": "2023-02-20",
            "requested_by": "Agence littéraire Saône & Quais",
        },
        {
            "id": "optout-2024-0031",
            "scope": "author",
            "value": LATE_OPTOUT_AUTHOR,
            "effective_from": "2024-06-01",
            "reference": "Ticket #4471 (demande reçue le 27 mai 2024)",
            "date_received": "2024-05-27",
            "requested_by": "the author",
        },
    ]


#: When each crawl ran: site captures are fetched at its start.
CRAWLS = {
    "gazette_ouest": dt.datetime(2024, 3, 12, 6, 0, tzinfo=dt.UTC),
    "plumes_blogs": dt.datetime(2024, 5, 2, 4, 0, tzinfo=dt.UTC),
}

#: The work whose author opted out by fingerprint: posted whole on the forum, and once with a sentence changed.
PLANTED_WORK_TITLE = "Low Tide at Saltmarsh Quay"
PLANTED_WORK = (
    "The tide went out of Saltmarsh Quay the way an old man leaves a public house: slowly, with a good deal of "
    "complaint, and always looking back.\n\n"
    "The widow above the chandlery had watched it do so for sixty-one years from the same window. She knew the "
    "hour by the colour of the mud, the season by the birds that walked on it, and the mood of the town by which "
    "boats stayed tied up when the water came back.\n\n"
    "That spring the boats stayed tied up more often than not. The cannery had closed in the autumn, and the young "
    "men had gone inland to the warehouses, where the work was dry and the pay came on a Friday whether the fish "
    "were running or not.\n\n"
    '"They\'ll be back," said her brother, who said it every year and had been right about half the time. He '
    "mended nets nobody had asked him to mend and hung them along the harbour wall like washing.\n\n"
    "She did not answer. She was watching a curlew work its way along the channel, stabbing at the soft places, "
    "patient as a clerk. When it found what it was looking for it did not hurry, and it did not look round to see "
    "who had noticed.\n\n"
    "In the evening the water came back, brown and then grey and then, for a moment at the turn, the exact blue of "
    "the enamel jug their mother had kept on the dresser. She waited for that moment every night. Some nights it "
    "did not come. That night it did, and she said so to nobody, and went down to put the kettle on."
)
#: The same work with one sentence changed: a near duplicate the fingerprint opt-out does not catch.
PLANTED_WORK_EDITED = PLANTED_WORK.replace(
    "He mended nets nobody had asked him to mend and hung them along the harbour wall like washing.",
    "He mended nets that nobody wanted and draped them over the harbour rail to dry in the wind.",
)
