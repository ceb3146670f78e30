"""The Code of Practice measures across releases, through the real stages: a deny-listed site's pages (real crawls
from tests/fixtures/real/warc) are excluded and the list's version is in stats, manifest and lineage; an opt-out
request that arrives after a release is honoured by the next one, and `provenance query optouts` shows the release
that still held its content."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from functools import partial
from pathlib import Path

import duckdb
import pytest
from lineage_workspace import PII_KEY  # the session redactor's key
from typer.testing import CliRunner

from provenance.certify.dsse import parse_envelope
from provenance.certify.keys import keygen
from provenance.certify.release import build_release
from provenance.contracts import load_denylist, load_optout_registry, load_sources
from provenance.dumps import discover_dumps
from provenance.ingest.run import ingest_dump
from provenance.layout import RIGHTS
from provenance.lineage import queries
from provenance.lineage.build import build_lineage
from provenance.lineage.cli import query_app
from provenance.pii.stage import redact_dump
from provenance.rights.policy import LicencePolicy
from provenance.rights.stage import clear_dump
from provenance.workspace import Workspace, publish_stage

REPO = Path(__file__).resolve().parents[2]
REAL = REPO / "tests" / "fixtures" / "real"
R1, R2 = "2024-04", "2024-05"
REAL_CRAWLS = ("ukwa-wget-crawl", "ukwa-heritrix-crawl", "pywb-wpull-crawl")

DENYLIST = (
    "domain,reference,recognised_by,jurisdiction,date_listed\n"
    'archive.org,"TJ Paris, 3e ch., RG 24/00017 (test listing)",Tribunal judiciaire de Paris,FR,2024-02-01\n'
)
#: written before the ledger had its columns: it must still load
OLD_REGISTRY = "id,scope,value,effective_from,reference\nOPT-OLD,domain,example.com,2015-01-01,lettre 2015-3\n"
#: the request that arrives between the two releases
REQUEST = (
    "id,scope,value,effective_from,reference,date_received,requested_by\n"
    "REQ-2024-001,domain,chronique.example.org,2024-01-01,Lettre recommandée 2024-044,2024-04-15,"
    "Chronique Média SA\n"
)

CHRONIQUE = [
    {
        "id": "c-1",
        "url": "https://www.chronique.example.org/2024/03/port",
        "title": "Le port s'agrandit",
        "date": "2024-03-04",
        "text": "Les travaux d'agrandissement du port de commerce commenceront au printemps. "
        "La chambre de commerce prévoit dix-huit mois de chantier et trois nouveaux quais.",
    },
    {
        "id": "c-2",
        "url": "https://chronique.example.org/2024/03/bibliotheque",
        "title": "La bibliothèque rouvre",
        "date": "2024-03-09",
        "text": "La médiathèque centrale a rouvert samedi après deux ans de travaux, avec un "
        "espace jeunesse agrandi et des horaires d'ouverture élargis le dimanche.",
    },
]
ANNUAIRE = [
    {
        "id": "a-1",
        "url": "https://annuaire.example.fr/communes/lyon",
        "title": "Lyon",
        "date": "2024-04-20",
        "text": "Lyon est une commune française située au confluent du Rhône et de la Saône, préfecture de la région "
        "Auvergne-Rhône-Alpes.",
    },
]
JSONL_SOURCES = {
    "chronique": ("La Chronique", "Chronique Média SA", "CC-BY-4.0"),
    "annuaire": ("Annuaire des communes", "Direction de l'information légale", "etalab-2.0"),
}


def _contracts(folder: Path) -> None:
    (folder / "sources").mkdir(parents=True)
    shutil.copy(REPO / "data_contracts" / "licence_policy.yaml", folder / "licence_policy.yaml")
    # The ledger's questions are about requests, not about site files never captured: pages go on (allow).
    allow = "unverified: allow\nunverified_reason: ledger test workspace, its questions are about opt-out requests\n"
    for source_id in REAL_CRAWLS:
        text = (REAL / "contracts" / "sources" / f"{source_id}.yaml").read_text(encoding="utf-8")
        (folder / "sources" / f"{source_id}.yaml").write_text(
            text.replace("unverified: hold\n", allow), encoding="utf-8"
        )
    for sid, (title, holder, licence) in JSONL_SOURCES.items():
        (folder / "sources" / f"{sid}.yaml").write_text(
            f'id: {sid}\ntitle: "{title}"\nrights_holder: "{holder}"\nlicence: {licence}\nattribution: "{holder}"\n'
            f'provenance_url: https://archives.example.org/{sid}\nformat: jsonl\ndumps: "landing/{sid}/*.jsonl"\n'
            "language: fr\nfields: {text: text, id: id, url: url, title: title, date: date}\n"
            "max_quarantine_rate: 0.5\n" + allow,
            encoding="utf-8",
        )
    (folder / "optouts").mkdir()
    (folder / "optouts" / "2015.csv").write_text(OLD_REGISTRY, encoding="utf-8")
    (folder / "denylist").mkdir()
    (folder / "denylist" / "eu.csv").write_text(DENYLIST, encoding="utf-8")


def _jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def _run(ws: Workspace, redactor, *, ingest: set[str], clear: set[str]) -> None:
    sources = load_sources(ws.contracts)
    policy, registry = LicencePolicy.load(ws.contracts), load_optout_registry(ws.contracts)
    for dump in discover_dumps(ws.home, sources):
        source = sources[dump.source_id]
        if dump.dump_id in ingest:
            publish_stage(ws.stage_dir("documents", dump.dump_id), partial(ingest_dump, dump, source))
            publish_stage(
                ws.stage_dir("redacted_documents", dump.dump_id),
                partial(
                    redact_dump,
                    ws.stage_dir("documents", dump.dump_id) / "documents.parquet",
                    policy=redactor.policy,
                    key=PII_KEY,
                    source_lang=source.language,
                    redactor=redactor,
                ),
            )
        if dump.dump_id in clear:
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
                ),
            )


@pytest.fixture(scope="module")
def ledger(tmp_path_factory, redactor):
    root = tmp_path_factory.mktemp("optout-ledger")
    home, contracts = root / "home", root / "contracts"
    shutil.copytree(REAL / "warc", home / "warc")
    _contracts(contracts)
    ws = Workspace(home=home.resolve(), contracts=contracts.resolve())
    signing_key, _ = keygen(root / "keys")
    _jsonl(home / "landing" / "chronique" / "mars.jsonl", CHRONIQUE)
    first = {d.dump_id for d in discover_dumps(ws.home, load_sources(ws.contracts))}
    _run(ws, redactor, ingest=first, clear=first)
    build_release(
        ws,
        signing_key_path=signing_key,
        release_id=R1,
        created_at=dt.datetime(2024, 4, 1, tzinfo=dt.UTC),
        git_commit="0" * 40,
    )

    # The request arrives; every dump is cleared again (as rights_config_sensor would); a new dump comes in.
    (contracts / "optouts" / "2024.csv").write_text(REQUEST, encoding="utf-8")
    _jsonl(home / "landing" / "annuaire" / "communes.jsonl", ANNUAIRE)
    every = {d.dump_id for d in discover_dumps(ws.home, load_sources(ws.contracts))}
    _run(ws, redactor, ingest=every - first, clear=every)
    build_release(
        ws,
        signing_key_path=signing_key,
        release_id=R2,
        created_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC),
        git_commit="0" * 40,
    )
    build_lineage(ws)
    return ws


def _predicate(ws: Workspace, release: str) -> dict:
    envelope = parse_envelope((ws.releases / release / "manifest.dsse.json").read_bytes())
    return json.loads(envelope.payload)["predicate"]


def test_every_page_of_the_listed_real_site_is_excluded_with_its_entry(ledger):
    denylist = load_denylist(ledger.contracts)
    with duckdb.connect(str(ledger.lineage_db), read_only=True) as con:
        rows = con.execute("""SELECT d.url, x.reason, x.evidence FROM documents d JOIN decisions x USING (doc_id)
                              WHERE x.stage = 'rights' AND d.source_id LIKE 'ukwa-%' ORDER BY d.url""").fetchall()
        assert [(url, reason) for url, reason, _ in rows] == [
            ("http://www.archive.org/", "denylist"),
            ("http://www.archive.org/index.php", "denylist"),
            ("https://archive.org/", "denylist"),
            ("https://archive.org/", "denylist"),
        ]
        deciding = json.loads(rows[0][2])["deciding"]
        assert (deciding["domain"], deciding["host"], deciding["jurisdiction"]) == (
            "archive.org",
            "www.archive.org",
            "FR",
        )
        assert deciding["reference"] == "TJ Paris, 3e ch., RG 24/00017 (test listing)"
        assert (deciding["denylist_version"], deciding["denylist_sha256"]) == (denylist.version, denylist.sha256)
        # The other real crawl's page (example.com) is not listed: the deny-list does not decide it.
        other = con.execute("""SELECT e.status FROM optout_evidence e JOIN documents d USING (doc_id)
                               WHERE d.url = 'http://example.com/' AND e.signal = 'denylist'""").fetchall()
        assert other == [("absent",)]
        assert con.execute("SELECT domain, file, line FROM denylist").fetchall() == [("archive.org", "eu.csv", 2)]
        assert con.execute("SELECT denylist_version, denylist_sha256 FROM lineage_build").fetchall() == [
            (denylist.version, denylist.sha256)
        ]
        assert con.execute("SELECT DISTINCT denylist_version FROM releases").fetchall() == [(denylist.version,)]
    dump = next(d for d in ledger.stage_dumps("cleared_documents") if d.startswith("ukwa-wget-crawl"))
    stats = ledger.stats(RIGHTS, dump)
    assert (stats.denylist_version, stats.reasons) == (denylist.version, {"denylist": 2})
    assert _predicate(ledger, R2)["contracts"]["denylist"] == {
        "version": denylist.version,
        "sha256": denylist.sha256,
        "entries": 1,
        "files": denylist.files,
    }


def test_each_release_records_the_requests_its_rights_runs_checked(ledger):
    assert _predicate(ledger, R1)["contracts"]["optout_registry"]["requests_honoured"] == ["OPT-OLD"]
    assert _predicate(ledger, R2)["contracts"]["optout_registry"]["requests_honoured"] == ["OPT-OLD", "REQ-2024-001"]


def test_query_optouts_shows_the_release_that_held_the_content_and_the_first_that_honours_it(ledger):
    ledger_rows = {r["request_id"]: r for r in queries.optouts(ledger.lineage_db).to_pylist()}
    request = ledger_rows["REQ-2024-001"]
    assert (request["date_received"], request["scope"], request["requested_by"]) == (
        dt.date(2024, 4, 15),
        "domain",
        "Chronique Média SA",
    )
    assert (request["first_honoured_by"], request["exposed_releases"], request["exposed_samples"]) == (
        R2,
        [f"{R1} (2 samples)"],
        2,
    )
    assert request["documents_excluded"] == 2
    # The old-format request: received on its effective date, nobody named, honoured from the first release on.
    old = ledger_rows["OPT-OLD"]
    assert (old["date_received"], old["requested_by"], old["first_honoured_by"], old["exposed_releases"]) == (
        dt.date(2015, 1, 1),
        None,
        R1,
        [],
    )

    per_release = queries.optouts(ledger.lineage_db, "REQ-2024-001").to_pylist()
    assert [
        (r["release_id"], r["release_honours"], r["before_honoured"], r["samples"], r["samples_in_force"])
        for r in per_release
    ] == [(R1, False, True, 2, 2)]
    assert per_release[0]["matched_by"] == "evidence, scope"
    with pytest.raises(queries.LineageQueryError, match="REQ-2024-001"):
        queries.optouts(ledger.lineage_db, "REQ-1999-404")


def test_the_exposed_samples_are_the_ones_to_withdraw(ledger):
    with duckdb.connect(str(ledger.lineage_db), read_only=True) as con:
        exposed = con.execute("""SELECT s.sample_id FROM optout_matches m JOIN samples s USING (doc_id)
                                 WHERE m.request_id = 'REQ-2024-001' ORDER BY 1""").fetchall()
        withdraw = con.execute("""SELECT sample_id FROM samples_to_withdraw WHERE rights_reason = 'optout_registry'
                                  ORDER BY 1""").fetchall()
        assert exposed and exposed == withdraw
        assert con.execute("SELECT count(*) FROM samples WHERE release_id = ?", [R2]).fetchall() == [(1,)]


def test_the_optouts_command_answers_as_json_and_fails_clearly_on_an_unknown_request(ledger):
    runner = CliRunner()
    result = runner.invoke(query_app, ["optouts", "--format", "json", "--db", str(ledger.lineage_db)])
    assert result.exit_code == 0, result.output
    answer = {r["request_id"]: r for r in json.loads(result.stdout)}
    assert answer["REQ-2024-001"]["first_honoured_by"] == R2
    assert answer["REQ-2024-001"]["exposed_releases"] == [f"{R1} (2 samples)"]
    missing = runner.invoke(query_app, ["optouts", "--request", "nope", "--db", str(ledger.lineage_db)])
    assert missing.exit_code == 1 and "no opt-out request 'nope'" in missing.stderr
