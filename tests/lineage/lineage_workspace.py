"""A small realistic workspace run through the real stages (ingest, Presidio redaction, rights, certify),
with what was planted in it: the known truth the lineage tests check the queries against.

Four sources, five dumps, two releases:

- ``assemblee`` (JSONL, Licence Ouverte 2.0 by contract): debates naming Jean Dupont and Claire Martin,
  one broken JSON line and one empty record (ingest quarantine), one text shared with ``wiki``;
  a second dump a month later adds a sample to release 2 and repeats a release-1 text.
- ``gazette`` (WARC, CC BY 4.0 by contract): a robots.txt that disallows GPTBot under /dossiers/,
  pages reserved by robots.txt, an HTTP tdm-reservation header, X-Robots-Tag noai, the registry's
  domain and author entries, and a CC BY-NC page; and the records that are no documents (warcinfo,
  a request, a redirect, the crawler's log as a ``metadata://`` resource), skipped.
- ``tribune`` (JSONL, English): its rights holder opted out in the registry.
- ``wiki`` (JSONL, per-record licences): CC BY-SA, CC0, NC, an unknown licence, the shared text; a
  second wiki dump is ingested but not yet redacted (held).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from provenance.certify.keys import keygen
from provenance.certify.release import build_release
from provenance.contracts import load_optout_registry, load_sources
from provenance.dumps import discover_dumps
from provenance.ingest.run import ingest_dump
from provenance.pii.policy import load_pii_policy
from provenance.pii.stage import redact_dump
from provenance.pii.workers import Redactor
from provenance.rights.policy import LicencePolicy
from provenance.rights.stage import clear_dump
from provenance.schema import record_id
from provenance.workspace import Workspace, publish_stage

REPO = Path(__file__).resolve().parents[2]
PII_KEY = b"lineage-tests-hmac-key-0123456789abcdef"
RELEASE_1, RELEASE_2 = "2024-q1", "2024-q2"

SOURCES = {
    "assemblee": dict(
        title="Comptes rendus des débats de l'Assemblée",
        rights_holder="Assemblée nationale",
        licence="etalab-2.0",
        attribution="Assemblée nationale, comptes rendus",
        format="jsonl",
        dumps="landing/assemblee/*.jsonl",
        language="fr",
        priority=10,
        fields="{text: text, id: id, url: url, title: title, date: date}",
    ),
    "gazette": dict(
        title="La Gazette du Rhône",
        rights_holder="Éditions du Rhône",
        licence="CC-BY-4.0",
        attribution="La Gazette du Rhône, CC BY 4.0",
        format="warc",
        dumps="landing/gazette/*.warc.gz",
        language="fr",
        priority=5,
        fields=None,
    ),
    "tribune": dict(
        title="The Tribune archive",
        rights_holder="Tribune Media Group",
        licence="CC-BY-4.0",
        attribution="Tribune Media Group",
        format="jsonl",
        dumps="landing/tribune/*.jsonl",
        language="en",
        priority=0,
        fields="{text: text, id: id, url: url, title: title, date: date}",
    ),
    "wiki": dict(
        title="Encyclopédie libre",
        rights_holder="Contributeurs de l'encyclopédie",
        licence="NOASSERTION",
        attribution="Contributeurs de l'encyclopédie",
        format="jsonl",
        dumps="landing/wiki/*.jsonl",
        language="fr",
        priority=0,
        fields="{text: text, id: id, url: url, title: title, licence: licence, author: author}",
    ),
}

REGISTRY = """\
id,scope,value,effective_from,reference
OPT-1,domain,opted-out.example.net,2024-01-01,lettre recommandée 2024-117
OPT-2,rights_holder,Tribune Media Group,2023-06-01,formulaire TDM 2023-042
OPT-3,author,Paul Durand,2024-06-01,courriel du 2024-05-30
"""

#: Personal values planted in the texts: none may appear anywhere in the lineage database.
PLANTED_VALUES = (
    "Jean Dupont",
    "Dupont",
    "Claire Martin",
    "claire.martin@assemblee-exemple.fr",
    "Jean-Paul Martin",
    "04 78 12 34 56",
)

SHARED_TEXT = (
    "La Déclaration des droits de l'homme et du citoyen de 1789 est un texte fondamental de la "
    "Révolution française, qui énonce un ensemble de droits naturels individuels et collectifs."
)
CLOSING_TEXT = "La séance est levée à vingt heures trente. Prochaine séance : mardi à quinze heures."

ASSEMBLEE_1 = [
    {
        "id": "cr-112",
        "url": "https://www.assemblee-exemple.fr/cr/2024-03-12#112",
        "title": "Amendement n° 112",
        "date": "2024-03-12",
        "text": "M. le président. La parole est à M. Jean Dupont, pour soutenir l'amendement "
        "n° 112.\n\nM. Jean Dupont. Cet amendement vise à garantir que les collectivités territoriales disposent des "
        "moyens nécessaires à la rénovation thermique des écoles primaires avant 2030.",
    },
    {
        "id": "cr-113",
        "url": "https://www.assemblee-exemple.fr/cr/2024-03-12#113",
        "title": "Amendement n° 113",
        "date": "2024-03-12",
        "text": "Mme Claire Martin, rapporteure de la commission des finances. Le Gouvernement "
        "est favorable à cet amendement de M. Dupont, sous réserve de la rédaction proposée. Les collectivités "
        "peuvent écrire à claire.martin@assemblee-exemple.fr pour toute question.",
    },
    {
        "id": "cr-114",
        "url": "https://www.assemblee-exemple.fr/cr/2024-03-12#114",
        "title": "Rappel historique",
        "date": "2024-03-12",
        "text": SHARED_TEXT,
    },
    '{"id": "cr-115", "text": "Mme la ministre. Je vous remercie',
    {
        "id": "cr-116",
        "url": "https://www.assemblee-exemple.fr/cr/2024-03-12#116",
        "title": "Vide",
        "date": "2024-03-12",
        "text": "",
    },
    {
        "id": "cr-117",
        "url": "https://www.assemblee-exemple.fr/cr/2024-03-12#117",
        "title": "Clôture",
        "date": "2024-03-12",
        "text": CLOSING_TEXT,
    },
]
ASSEMBLEE_2 = [
    {
        "id": "cr-201",
        "url": "https://www.assemblee-exemple.fr/cr/2024-04-09#201",
        "title": "Question au Gouvernement",
        "date": "2024-04-09",
        "text": "M. Jean Dupont. Monsieur le ministre, les communes rurales attendent toujours "
        "les crédits promis pour la rénovation des gymnases. Quand seront-ils versés ?",
    },
    {
        "id": "cr-202",
        "url": "https://www.assemblee-exemple.fr/cr/2024-04-09#202",
        "title": "Clôture",
        "date": "2024-04-09",
        "text": CLOSING_TEXT,
    },
]
TRIBUNE = [
    {
        "id": "t-1",
        "url": "https://tribune.example.com/2024/01/harbour",
        "title": "Harbour works begin",
        "date": "2024-01-10",
        "text": "Work on the new harbour wall began on Monday. The council expects the project "
        "to take eighteen months and to cost four million pounds.",
    },
    {
        "id": "t-2",
        "url": "https://tribune.example.com/2024/01/library",
        "title": "Library reopens",
        "date": "2024-01-12",
        "text": "The central library reopened on Saturday after a two-year refurbishment, with "
        "a new children's wing and longer opening hours.",
    },
]
WIKI_1 = [
    {
        "id": "w-1",
        "url": "https://encyclopedie.example.org/wiki/Rhone",
        "title": "Rhône",
        "licence": "CC-BY-SA-4.0",
        "author": "Contributeurs",
        "text": "Le Rhône est un fleuve d'Europe qui prend sa source en Suisse dans le glacier "
        "du Rhône et se jette dans la mer Méditerranée après avoir traversé Lyon.",
    },
    {
        "id": "w-2",
        "url": "https://encyclopedie.example.org/wiki/Lyon",
        "title": "Lyon",
        "licence": "CC0-1.0",
        "author": "Contributeurs",
        "text": "Lyon est une commune française située au confluent du Rhône et de la Saône, "
        "préfecture de la région Auvergne-Rhône-Alpes.",
    },
    {
        "id": "w-3",
        "url": "https://encyclopedie.example.org/wiki/DDHC",
        "title": "Déclaration de 1789",
        "licence": "CC-BY-SA-4.0",
        "author": "Contributeurs",
        "text": SHARED_TEXT,
    },
    {
        "id": "w-4",
        "url": "https://encyclopedie.example.org/wiki/Saone",
        "title": "Saône",
        "licence": "Licence maison v3",
        "author": "Contributeurs",
        "text": "La Saône est une rivière de l'est de la France, principal affluent du Rhône.",
    },
    {
        "id": "w-5",
        "url": "https://encyclopedie.example.org/wiki/Fourviere",
        "title": "Fourvière",
        "licence": "CC-BY-NC-4.0",
        "author": "Contributeurs",
        "text": "La colline de Fourvière domine le vieux Lyon; sa basilique fut construite à la fin du XIXe siècle.",
    },
]
WIKI_2 = [
    {
        "id": "w-9",
        "url": "https://encyclopedie.example.org/wiki/Vienne",
        "title": "Vienne",
        "licence": "CC0-1.0",
        "author": "Contributeurs",
        "text": "Vienne est une commune de l'Isère, sur la rive gauche du Rhône.",
    },
]

GAZETTE_HOST = "https://www.gazette-rhone.example.fr"
#: (WARC record number, skip reason) of the crawl's records that are not documents
GAZETTE_SKIPPED = [(100, "warc_warcinfo"), (101, "warc_request"), (102, "http_redirect"), (103, "non_http_resource")]
ROBOTS = "User-agent: GPTBot\nDisallow: /dossiers/\n\nUser-agent: *\nAllow: /\n"


def _page(title: str, body: str, author: str | None = None, licence_href: str | None = None) -> bytes:
    meta = f'<meta name="author" content="{author}">' if author else ""
    link = f'<link rel="license" href="{licence_href}">' if licence_href else ""
    return (
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title>{meta}{link}'
        f"</head><body><main><article><h1>{title}</h1>{body}</article></main></body></html>"
    ).encode()


#: (path or absolute URL, title, paragraphs, author, extra HTTP headers, licence link, WARC-Date)
GAZETTE = [
    (
        "/actualites/budget-villeurbanne.html",
        "Budget 2024 adopté à Villeurbanne",
        "<p>Le conseil municipal de Villeurbanne a adopté jeudi soir le budget primitif de l'exercice 2024 par 38 voix "
        "contre 15.</p><p>« Nous investissons dans les écoles », a déclaré M. Jean-Paul Martin, adjoint aux finances, "
        "joignable au 04 78 12 34 56.</p>",
        "Claire Dubois",
        [],
        None,
        "2024-03-15T08:30:00Z",
    ),
    (
        "/dossiers/enquete-logement.html",
        "Enquête : le logement étudiant à Lyon",
        "<p>Selon M. Jean Dupont, président de l'association des locataires, les loyers étudiants ont augmenté de "
        "12 % en deux ans dans la métropole.</p>",
        "Claire Dubois",
        [],
        None,
        "2024-03-15T08:31:00Z",
    ),
    (
        "/actualites/tramway.html",
        "Les travaux du tramway reprennent",
        "<p>Les travaux de la ligne T10 reprennent lundi; la circulation sera coupée avenue Jean-Jaurès pendant trois "
        "semaines.</p>",
        "Claire Dubois",
        [("tdm-reservation", "1")],
        None,
        "2024-03-15T08:32:00Z",
    ),
    (
        "https://www.opted-out.example.net/article.html",
        "Marché de Noël",
        "<p>Le marché de Noël ouvrira ses portes le 22 novembre place Carnot, avec cent cinquante exposants.</p>",
        "Rédaction",
        [],
        None,
        "2024-03-15T08:33:00Z",
    ),
    (
        "/actualites/piscine.html",
        "La piscine municipale rouvre",
        "<p>Après dix-huit mois de travaux, la piscine municipale rouvre ses bassins au public samedi matin.</p>",
        "Claire Dubois",
        [("X-Robots-Tag", "noai")],
        None,
        "2024-03-15T08:34:00Z",
    ),
    (
        "/actualites/festival.html",
        "Le festival des Lumières",
        "<p>Le festival des Lumières a attiré près de deux millions de visiteurs en quatre soirées.</p>",
        "Claire Dubois",
        [],
        "https://creativecommons.org/licenses/by-nc/4.0/",
        "2024-03-15T08:35:00Z",
    ),
    (
        "/actualites/chronique-durand.html",
        "Chronique : la ville la nuit",
        "<p>La ville la nuit change de visage; les quais se remplissent dès les premiers beaux jours.</p>",
        "Paul Durand",
        [],
        None,
        "2024-07-01T09:00:00Z",
    ),
]


@dataclass
class Planted:
    """What the workspace holds, by construction."""

    ws: Workspace
    key_path: Path
    #: doc_id -> (source_id, locator, expected outcome, expected reason or None)
    documents: dict[str, tuple[str, str, str, str | None]] = field(default_factory=dict)
    #: doc_ids whose original text names Jean Dupont in full / by surname only
    dupont_full: set[str] = field(default_factory=set)
    dupont_surname: set[str] = field(default_factory=set)
    quarantined_records: set[str] = field(default_factory=set)
    #: record_id -> (locator, skip reason)
    skipped: dict[str, tuple[str, str]] = field(default_factory=dict)

    def doc(self, source_id: str, locator_suffix: str) -> str:
        matches = [
            d for d, (s, loc, _, _) in self.documents.items() if s == source_id and loc.endswith(locator_suffix)
        ]
        assert len(matches) == 1, (source_id, locator_suffix, matches)
        return matches[0]


def _write_contracts(folder: Path) -> None:
    (folder / "sources").mkdir(parents=True)
    (folder / "optouts").mkdir()
    shutil.copy(REPO / "data_contracts" / "licence_policy.yaml", folder / "licence_policy.yaml")
    (folder / "optouts" / "registry.csv").write_text(REGISTRY, encoding="utf-8")
    for sid, s in SOURCES.items():
        fields = f"fields: {s['fields']}\n" if s["fields"] else ""
        (folder / "sources" / f"{sid}.yaml").write_text(
            f'id: {sid}\ntitle: "{s["title"]}"\nrights_holder: "{s["rights_holder"]}"\nlicence: {s["licence"]}\n'
            f'attribution: "{s["attribution"]}"\nprovenance_url: https://archives.example.org/{sid}\n'
            f'format: {s["format"]}\ndumps: "{s["dumps"]}"\nlanguage: {s["language"]}\n{fields}'
            f"max_quarantine_rate: 0.5\npriority: {s['priority']}\n"
            # The lineage questions are about the signals each record plants, not about site files never captured.
            "unverified: allow\nunverified_reason: lineage test workspace, its site files are not part of the questions\n",
            encoding="utf-8",
        )


def _write_jsonl(path: Path, rows: list) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _write_warc(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)

    def response(url: str, body: bytes, content_type: str, headers: list, date: str, n: int) -> None:
        http = StatusAndHeaders("200 OK", [("Content-Type", content_type), *headers], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            http_headers=http,
            warc_headers_dict={"WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{n:012d}>", "WARC-Date": date},
        )
        writer.write_record(record)

    def other(kind: str, url: str, body: bytes, content_type: str, n: int, http: StatusAndHeaders | None = None):
        record = writer.create_warc_record(
            url,
            kind,
            payload=io.BytesIO(body),
            warc_content_type=content_type,
            http_headers=http,
            warc_headers_dict={
                "WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{n:012d}>",
                "WARC-Date": "2024-03-15T08:00:00Z",
            },
        )
        writer.write_record(record)

    other(
        "warcinfo",
        "",
        b"software: Wget/1.21\r\nformat: WARC File Format 1.0\r\n",
        "application/warc-fields",
        GAZETTE_SKIPPED[0][0],
    )
    response(f"{GAZETTE_HOST}/robots.txt", ROBOTS.encode(), "text/plain", [], "2024-03-15T08:00:00Z", 0)
    other(
        "request",
        f"{GAZETTE_HOST}/",
        b"",
        "application/http; msgtype=request",
        GAZETTE_SKIPPED[1][0],
        StatusAndHeaders("GET / HTTP/1.1", [("Host", "www.gazette-rhone.example.fr")], is_http_request=True),
    )
    other(
        "response",
        f"{GAZETTE_HOST}/",
        b"",
        "application/http; msgtype=response",
        GAZETTE_SKIPPED[2][0],
        StatusAndHeaders("301 Moved Permanently", [("Location", f"{GAZETTE_HOST}/actualites/")], protocol="HTTP/1.1"),
    )
    for n, (where, title, body, author, headers, licence, date) in enumerate(GAZETTE, start=1):
        url = where if where.startswith("http") else GAZETTE_HOST + where
        response(url, _page(title, body, author, licence), "text/html; charset=utf-8", headers, date, n)
    other(
        "resource",
        "metadata://gnu.org/software/wget/warc/wget.log",
        b"Opening WARC file 'crawl-2024.warc.gz'.\n",
        "text/plain",
        GAZETTE_SKIPPED[3][0],
    )
    path.write_bytes(buf.getvalue())


def _run_stages(ws: Workspace, dump_ids: list[str], redactor: Redactor) -> None:
    sources = load_sources(ws.contracts)
    policy = LicencePolicy.load(ws.contracts)
    registry = load_optout_registry(ws.contracts)
    pii_policy = redactor.policy
    for dump in discover_dumps(ws.home, sources):
        if dump.dump_id not in dump_ids:
            continue
        source = sources[dump.source_id]
        publish_stage(ws.stage_dir("documents", dump.dump_id), partial(ingest_dump, dump, source))
        publish_stage(
            ws.stage_dir("redacted_documents", dump.dump_id),
            partial(
                redact_dump,
                ws.stage_dir("documents", dump.dump_id) / "documents.parquet",
                policy=pii_policy,
                key=PII_KEY,
                source_lang=source.language,
                redactor=redactor,
            ),
        )
        publish_stage(
            ws.stage_dir("cleared_documents", dump.dump_id),
            partial(
                clear_dump,
                ws.stage_dir("redacted_documents", dump.dump_id),
                ws.stage_dir("documents", dump.dump_id),
                source=source,
                policy=policy,
                registry=registry,
                contracts_dir=ws.contracts,
                home=ws.home,
            ),
        )


def build_workspace(root: Path, redactor: Redactor | None = None) -> Planted:
    """Write the dumps and contracts under ``root``, run every stage, publish two releases."""
    home, contracts = root / "home", root / "contracts"
    home.mkdir(parents=True)
    _write_contracts(contracts)
    ws = Workspace(home=home.resolve(), contracts=contracts.resolve())
    key_path = root / "pii_hmac.key"
    key_path.write_bytes(PII_KEY + b"\n")
    signing_key, _ = keygen(root / "keys")
    redactor = redactor or Redactor(load_pii_policy(), PII_KEY)

    _write_jsonl(home / "landing/assemblee/seance-2024-03.jsonl", ASSEMBLEE_1)
    _write_warc(home / "landing/gazette/crawl-2024.warc.gz")
    _write_jsonl(home / "landing/tribune/articles.jsonl", TRIBUNE)
    _write_jsonl(home / "landing/wiki/pages.jsonl", WIKI_1)
    _run_stages(ws, ["assemblee.seance-2024-03", "gazette.crawl-2024", "tribune.articles", "wiki.pages"], redactor)
    build_release(
        ws,
        signing_key_path=signing_key,
        release_id=RELEASE_1,
        created_at=dt.datetime(2024, 4, 1, tzinfo=dt.UTC),
        git_commit="0" * 40,
    )

    _write_jsonl(home / "landing/assemblee/seance-2024-04.jsonl", ASSEMBLEE_2)
    _run_stages(ws, ["assemblee.seance-2024-04"], redactor)
    build_release(
        ws,
        signing_key_path=signing_key,
        release_id=RELEASE_2,
        created_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC),
        git_commit="0" * 40,
    )

    # A dump ingested after the releases whose redaction has not run yet: its documents are held.
    _write_jsonl(home / "landing/wiki/pages-2.jsonl", WIKI_2)
    sources = load_sources(ws.contracts)
    for dump in discover_dumps(ws.home, sources):
        if dump.dump_id == "wiki.pages-2":
            publish_stage(ws.stage_dir("documents", dump.dump_id), partial(ingest_dump, dump, sources["wiki"]))

    planted = Planted(ws=ws, key_path=key_path)
    _plant_truth(planted)
    return planted


def _plant_truth(p: Planted) -> None:
    def jsonl(source: str, relpath: str, line: int, outcome: str, reason: str | None = None) -> str:
        locator = f"{relpath}:line={line}"
        doc_id = record_id(source, locator)
        p.documents[doc_id] = (source, locator, outcome, reason)
        return doc_id

    a1 = "landing/assemblee/seance-2024-03.jsonl"
    p.dupont_full.add(jsonl("assemblee", a1, 1, "sample"))
    p.dupont_surname.add(jsonl("assemblee", a1, 2, "sample"))
    jsonl("assemblee", a1, 3, "sample")  # survives: Licence Ouverte beats CC BY-SA
    p.quarantined_records.add(record_id("assemblee", f"{a1}:line=4"))
    p.quarantined_records.add(record_id("assemblee", f"{a1}:line=5"))
    jsonl("assemblee", a1, 6, "sample")
    a2 = "landing/assemblee/seance-2024-04.jsonl"
    p.dupont_full.add(jsonl("assemblee", a2, 1, "sample"))
    jsonl("assemblee", a2, 2, "duplicate", "exact_duplicate")  # same text as a release-1 sample
    t = "landing/tribune/articles.jsonl"
    jsonl("tribune", t, 1, "excluded", "optout_registry")
    jsonl("tribune", t, 2, "excluded", "optout_registry")
    w = "landing/wiki/pages.jsonl"
    jsonl("wiki", w, 1, "sample")
    jsonl("wiki", w, 2, "sample")
    jsonl("wiki", w, 3, "duplicate", "exact_duplicate")
    jsonl("wiki", w, 4, "quarantined")
    jsonl("wiki", w, 5, "excluded")
    jsonl("wiki", "landing/wiki/pages-2.jsonl", 1, "held", "stage_not_run")
    g = "landing/gazette/crawl-2024.warc.gz"
    expected = [
        "sample",
        ("excluded", "robots_txt"),
        ("excluded", "tdm_reservation"),
        ("excluded", "optout_registry"),
        ("excluded", "x_robots_noai"),
        ("excluded", None),
        ("excluded", "optout_registry"),
    ]
    for n, outcome in enumerate(expected, start=1):
        locator = f"{g}#<urn:uuid:00000000-0000-4000-8000-{n:012d}>"
        doc_id = record_id("gazette", locator)
        o, r = (outcome, None) if isinstance(outcome, str) else outcome
        p.documents[doc_id] = ("gazette", locator, o, r)
        if n == 2:
            p.dupont_full.add(doc_id)
    for n, reason in GAZETTE_SKIPPED:
        locator = f"{g}#<urn:uuid:00000000-0000-4000-8000-{n:012d}>"
        p.skipped[record_id("gazette", locator)] = (locator, reason)


def build_demo_workspace(
    root: Path, docs: int, seed: int, redactor: Redactor | None = None, release_id: str | None = "demo-1"
) -> Workspace:
    """The demo generator's dumps and contracts, run through every stage into one release and lineage."""
    from provenance_demo.generate import generate_demo

    home = root / "home"
    generate_demo(home, docs=docs, seed=seed)
    ws = Workspace(home=home.resolve(), contracts=(home / "contracts").resolve())
    signing_key, _ = keygen(root / "keys")
    redactor = redactor or Redactor(load_pii_policy(ws.contracts / "pii_policy.yaml"), PII_KEY)
    _run_stages(ws, [d.dump_id for d in discover_dumps(ws.home, load_sources(ws.contracts))], redactor)
    build_release(
        ws,
        signing_key_path=signing_key,
        release_id=release_id,
        created_at=dt.datetime(2025, 1, 15, tzinfo=dt.UTC),
        git_commit="0" * 40,
    )
    return ws
