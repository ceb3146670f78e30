"""Dumps that try to escape the workspace write nothing outside it and read nothing outside their own folder.

One `provenance run` (a real subprocess: Dagster, every stage, certify, lineage) on a landing area of hostile
dumps: tar and tar.gz archives whose members are named ``../../escape.txt`` and ``/tmp/abs-escape.txt`` or are
links out; a zip with ``../escape.txt`` and an absolute name; a text tree holding links to a file and a folder
outside the workspace; a WARC whose targets are ``file:///etc/passwd`` and ``../../x``; a JSONL whose ids and
URLs are paths. HOME, TMPDIR, the working folder and DAGSTER_HOME are in a sandbox folder; every file of the
sandbox outside ``$PROVENANCE_HOME`` (and the sandbox's parent's listing) is the same after the run as before,
TMPDIR is empty, and every record of every dump is accounted for in the lineage.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import duckdb
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from provenance.certify.keys import keygen
from provenance.lineage.completeness import check_completeness

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent / "provenance"
#: Text only files outside the workspace hold: no output of the run may contain it.
SECRET = "Registre confidentiel hors de l'espace de travail, ligne 7741."
#: Absolute paths a hostile member names; they must not appear because of the run.
ABSOLUTE = [Path("/tmp/abs-escape.txt"), Path("/abs-escape.txt"), Path("/tmp/escape.txt")]
#: The lineage tables a record of a dump ends in.
TABLES = ("documents", "skipped", "quarantine")
BODY = "Le conseil municipal a adopté le budget primitif de l'exercice à l'unanimité des présents."


def _text(i: int) -> bytes:
    return f"{BODY} Délibération n° {i}.\n".encode()


def _tar(path: Path, outside: Path) -> None:
    """Members named out of the archive (relative and absolute), links out, and one ordinary member."""
    mode = "w:gz" if path.name.endswith(".gz") else "w"
    with tarfile.open(path, mode, format=tarfile.GNU_FORMAT) as archive:
        for i, name in enumerate(["../../escape.txt", "/tmp/abs-escape.txt", "pv/ordinaire.txt"]):
            info = tarfile.TarInfo(name)
            info.size = len(_text(i))
            archive.addfile(info, io.BytesIO(_text(i)))
        for name, kind, target in (
            ("lien-dehors.txt", tarfile.SYMTYPE, str(outside / "secret.txt")),
            ("lien-passwd.txt", tarfile.SYMTYPE, "/etc/passwd"),
            ("../lien-relatif.txt", tarfile.SYMTYPE, "../../outside/secret.txt"),
            ("lien-dur.txt", tarfile.LNKTYPE, "../../escape.txt"),
        ):
            info = tarfile.TarInfo(name)
            info.type, info.linkname = kind, target
            archive.addfile(info)


def _zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("../escape.txt"), _text(10))
        archive.writestr(zipfile.ZipInfo("/tmp/abs-escape.txt"), _text(11))
        link = zipfile.ZipInfo("lien.txt")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
        archive.writestr("ordinaire.txt", _text(12))


def _tree(folder: Path, outside: Path) -> None:
    (folder / "2024").mkdir(parents=True)
    (folder / "2024" / "seance.txt").write_bytes(_text(20))
    (folder / "lien-fichier.txt").symlink_to(outside / "secret.txt")
    (folder / "2024" / "lien-dossier").symlink_to(outside / "dossier", target_is_directory=True)
    (folder / "lien-passwd.md").symlink_to("/etc/passwd")
    (folder / "lien-remontant.txt").symlink_to("../../../outside/secret.txt")


def _warc(path: Path) -> None:
    page = f"<html><head><title>Budget</title></head><body><article><p>{BODY}</p></article></body></html>".encode()
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, kind in (
            ("file:///etc/passwd", "response"),
            ("file:///etc/passwd", "resource"),
            ("../../x", "response"),
            ("/tmp/abs-escape.txt", "resource"),
            ("https://mairie.example.fr/budget", "response"),
        ):
            headers = {"WARC-Date": "2024-03-15T08:00:00Z"}
            if kind == "resource":
                headers["Content-Type"] = "text/html; charset=utf-8"
            record = writer.create_warc_record(
                url,
                kind,
                payload=io.BytesIO(page),
                http_headers=http if kind == "response" else None,
                warc_headers_dict=headers,
            )
            writer.write_record(record)


def _jsonl(path: Path) -> None:
    values = ["../../../escape", "/tmp/abs-escape", "file:///etc/passwd", "..", "../../outside/secret.txt", "~/x"]
    records = [{"id": v, "url": v, "title": v, "text": _text(30 + i).decode()} for i, v in enumerate(values)]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def _contract(folder: Path, source_id: str, fmt: str, dumps: str, extra: str = "") -> None:
    (folder / f"{source_id}.yaml").write_text(
        f"id: {source_id}\ntitle: {source_id}\nrights_holder: Mairie de {source_id}\nlicence: CC-BY-4.0\n"
        f"attribution: Mairie de {source_id}, CC BY 4.0\nprovenance_url: https://example.org/{source_id}\n"
        f"format: {fmt}\ndumps: {dumps}\nlanguage: fr\nmax_quarantine_rate: 1.0\n"
        "unverified: allow\nunverified_reason: the town gave us these exports for training, in writing\n" + extra,
        encoding="utf-8",
    )


def _sandbox(base: Path) -> tuple[dict[str, str], Path]:
    """The sandbox: a workspace with hostile dumps, contracts, keys, HOME, TMPDIR and files outside to aim at."""
    sandbox = base / "sandbox"
    home, contracts, keys = sandbox / "workspace", sandbox / "contracts", sandbox / "keys"
    outside = sandbox / "outside"
    (outside / "dossier").mkdir(parents=True)
    (outside / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    (outside / "dossier" / "autre.txt").write_text(SECRET + "\n", encoding="utf-8")
    for folder in ("home", "tmp", "cwd"):
        (sandbox / folder).mkdir()
    landing = home / "landing"
    (landing / "arbres").mkdir(parents=True)
    _tar(landing / "arbres" / "evasion.tar", outside)
    _tar(landing / "arbres" / "fuite.tar.gz", outside)
    _zip(landing / "arbres" / "sortie.zip")
    _tree(landing / "arbres" / "notes", outside)
    _warc(landing / "captures.warc.gz")
    _jsonl(landing / "export.jsonl")
    (contracts / "sources").mkdir(parents=True)
    for policy in ("licence_policy.yaml", "pii_policy.yaml"):
        (contracts / policy).write_bytes((ROOT / "data_contracts" / policy).read_bytes())
    _contract(contracts / "sources", "arbres", "text", "landing/arbres/*")
    _contract(contracts / "sources", "captures", "warc", "landing/captures.warc.gz")
    _contract(
        contracts / "sources",
        "export",
        "jsonl",
        "landing/export.jsonl",
        "fields: {text: text, id: id, url: url, title: title}\n",
    )
    keygen(keys)
    (keys / "pii.key").write_text("7a3c" * 16 + "\n")
    (keys / "pii.key").chmod(0o600)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "HOME": str(sandbox / "home"),
        "TMPDIR": str(sandbox / "tmp"),
        "DAGSTER_HOME": str(home / "dagster"),
        "PROVENANCE_HOME": str(home),
        "PROVENANCE_CONTRACTS": str(contracts),
        "PROVENANCE_SIGNING_KEY": str(keys / "signing_key.pem"),
        "PROVENANCE_PII_KEY": str(keys / "pii.key"),
        "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": "",
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
    }
    return env, sandbox


def _snapshot(root: Path, inside: Path) -> dict[str, tuple[str, str]]:
    """Every entry under ``root`` but those under ``inside``: its kind and content (bytes digest, link target)."""
    entries: dict[str, tuple[str, str]] = {}
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = [d for d in dirs if here / d != inside]
        for name in [*dirs, *files]:
            path = here / name
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                entry = ("link", os.readlink(path))
            elif stat.S_ISDIR(info.st_mode):
                entry = ("folder", oct(info.st_mode))
            else:
                entry = ("file", hashlib.sha256(path.read_bytes()).hexdigest() + f" {oct(info.st_mode)}")
            entries[str(path.relative_to(root))] = entry
    return entries


def _outputs(home: Path) -> str:
    """Every text the run wrote: staged Parquet strings, release files, lineage tables (as one string)."""
    import pyarrow.parquet as pq

    parts = []
    for path in sorted(home.rglob("*")):
        if path.suffix == ".parquet" and "landing" not in path.parts:
            parts.append(str(pq.read_table(path).to_pylist()))
        elif path.suffix in (".json", ".jsonl") and "landing" not in path.parts:
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
    with duckdb.connect(str(home / "lineage.duckdb"), read_only=True) as con:
        for (table,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall():
            parts.append(str(con.execute(f'SELECT * FROM "{table}"').fetchall()))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def escaped(tmp_path_factory):
    base = tmp_path_factory.mktemp("escape")
    env, sandbox = _sandbox(base)
    home = Path(env["PROVENANCE_HOME"])
    absolute_before = {p: p.exists() for p in ABSOLUTE}
    before, listing_before = _snapshot(sandbox, home), sorted(os.listdir(base.parent))
    run = subprocess.run([str(BIN), "run"], env=env, cwd=sandbox / "cwd", capture_output=True, text=True, timeout=1100)
    after, listing_after = _snapshot(sandbox, home), sorted(os.listdir(base.parent))
    return {
        "run": run,
        "home": home,
        "sandbox": sandbox,
        "changed": {
            k: (before.get(k), after.get(k)) for k in before.keys() | after.keys() if before.get(k) != after.get(k)
        },
        "listing": (listing_before, listing_after),
        "absolute": (absolute_before, {p: p.exists() for p in ABSOLUTE}),
    }


def test_the_run_finishes(escaped):
    run = escaped["run"]
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]


def test_nothing_outside_the_workspace_is_new_or_changed_and_tmpdir_is_empty(escaped):
    changed = {k: v for k, v in escaped["changed"].items() if not k.startswith("tmp/")}
    assert changed == {}
    assert list((escaped["sandbox"] / "tmp").iterdir()) == []
    assert escaped["listing"][0] == escaped["listing"][1]
    assert escaped["absolute"][0] == escaped["absolute"][1]
    assert not (escaped["sandbox"] / "escape.txt").exists() and not (escaped["home"].parent / "x").exists()


def test_nothing_outside_a_dumps_folder_is_read(escaped):
    written = _outputs(escaped["home"])
    assert SECRET not in written
    assert "root:x:0:0" not in written  # /etc/passwd's first line


def test_every_record_is_accounted_for_and_every_link_is_a_skipped_row(escaped):
    report = check_completeness(escaped["home"] / "lineage.duckdb")
    assert report.ok, report.describe()
    assert {d.dump_id for d in report.dumps} == {
        "arbres.evasion",
        "arbres.fuite",
        "arbres.sortie",
        "arbres.notes",
        "captures.captures",
        "export.export",
    }, [d.dump_id for d in report.dumps]
    with duckdb.connect(str(escaped["home"] / "lineage.duckdb"), read_only=True) as con:
        links = con.execute(
            "SELECT dump_id, count(*) FROM skipped WHERE reason = 'tree_symlink' GROUP BY ALL"
        ).fetchall()
        failed = con.execute("SELECT count(*) FROM failed_dumps").fetchone()
        climbing = con.execute(
            "SELECT locator FROM skipped WHERE reason = 'tree_unsafe_name' ORDER BY locator"
        ).fetchall()
        rows = "SELECT locator FROM {} WHERE dump_id LIKE 'arbres.%'"
        locators = {r for (r,) in con.execute(" UNION ALL ".join(rows.format(t) for t in TABLES)).fetchall()}
    assert dict(links) == {"arbres.evasion": 4, "arbres.fuite": 4, "arbres.sortie": 1, "arbres.notes": 4}
    assert failed == (0,)
    # A regular member named out of its archive is never a document: skipped, saying why (links are tree_symlink).
    assert [r for (r,) in climbing] == [
        "landing/arbres/evasion.tar!../../escape.txt",
        "landing/arbres/fuite.tar.gz!../../escape.txt",
        "landing/arbres/sortie.zip!../escape.txt",
    ]
    # Each member named out of its archive is a row under its own name; an absolute name is read from the root.
    for archive, members in {
        "evasion.tar": ["../../escape.txt", "tmp/abs-escape.txt", "../lien-relatif.txt", "lien-dur.txt"],
        "fuite.tar.gz": ["../../escape.txt", "tmp/abs-escape.txt", "../lien-relatif.txt", "lien-dur.txt"],
        "sortie.zip": ["../escape.txt", "tmp/abs-escape.txt", "lien.txt"],
    }.items():
        assert {f"landing/arbres/{archive}!{m}" for m in members} <= locators, sorted(locators)
    by_dump = {d.dump_id: d for d in report.dumps}
    assert by_dump["export.export"].records_seen == 6
    assert by_dump["arbres.notes"].records_seen == 5 and by_dump["arbres.notes"].samples == 1
