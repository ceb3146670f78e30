"""Personal data outside the text: planted in titles, authors, URLs, file names, extra JSON fields, front matter and
WARC target URLs, it reaches no stage output after ingest, no shard and no lineage table; only a credited author's
name stays, where its CC BY licence requires the credit, with the reason recorded.

One workspace, three sources (a JSONL export, a Markdown tree with front matter, a WARC capture), run with
`provenance run` as a steward runs it (Dagster, the blocking `no_residual_pii` check, certify, lineage). Then every
string of every staged Parquet file after ingest, every file of the release and every text column of every
lineage table is searched for the planted values, in the forms they were written in.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from provenance.pii.field_values import fold_same_length

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent / "provenance"

EMAIL = "jeanne.fabre@laposte.net"
PHONE = "06 71 23 45 89"
IBAN = "FR76 3000 6000 0112 3456 7890 189"
NIR = "2 84 05 75 123 456 72"  # key 72 = 97 - (2840575123456 mod 97)
CREDITED = "Jeanne Fabre"  # the author of the CC BY documents: credit is owed to her
UNCREDITED = "Marc Dubreuil"  # the author of a CC0 document: no credit owed, his name must go
REVIEWER = "Hélène Marchetti"  # named in an extra JSON field only, nowhere else in her document

#: Every form a planted value is written in below, folded (lower case, no accents); digits also without spaces.
NEEDLES = {
    "email": [EMAIL, "jeanne.fabre%40laposte.net"],
    "phone": [PHONE, "0671234589", "06%2071%2023", "+33 6 71 23 45 89", "33671234589"],
    "iban": [IBAN, IBAN.replace(" ", "")],
    "nir": [NIR, NIR.replace(" ", "")],
    "credited": [CREDITED, "jeanne-fabre", "jeanne_fabre"],
    "uncredited": [UNCREDITED, "marc-dubreuil", "marc_dubreuil"],
    "reviewer": [REVIEWER],
}


def _jsonl(path: Path) -> None:
    records = [
        {
            "id": "entretien-1",
            "title": f"Entretien avec {CREDITED} ({PHONE})",
            "author": f"{CREDITED} <{EMAIL}>",
            "url": "https://blog.example.fr/entretiens/jeanne-fabre?contact=jeanne.fabre%40laposte.net&tel=06%2071%2023%2045%2089",
            "licence": "CC-BY-4.0",
            "date": "2024-02-01",
            "text": f"{CREDITED} répond à nos questions sur la ville. On peut écrire à {EMAIL} ou appeler le {PHONE}. "
            "Elle parle ensuite du quartier, de la bibliothèque et du marché du samedi.",
            "interviewee": CREDITED,
            "relecteur": REVIEWER,
            "virement": IBAN,
            "nir": int(NIR.replace(" ", "")),
            "contact": {"mail": EMAIL, "phones": ["+33 6 71 23 45 89"], EMAIL: "clé"},
        },
        {
            "id": "carnet-2",
            "title": f"{UNCREDITED} : carnet de route",
            "author": UNCREDITED,
            "url": "https://blog.example.fr/carnets/marc-dubreuil",
            "licence": "CC0-1.0",
            "date": "2024-02-02",
            "text": f"{UNCREDITED} a traversé la région à vélo pendant trois semaines. Il raconte les routes, "
            "les villages et la pluie du dernier jour.",
            "auteur_original": UNCREDITED,
        },
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def _tree(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "Jeanne_Fabre-0671234589.md").write_text(
        "---\n"
        f"title: Notes de {CREDITED}\n"
        f"author: {CREDITED}, {EMAIL}\n"
        f"url: https://notes.example.org/auteurs/jeanne-fabre/{IBAN.replace(' ', '')}\n"
        "date: 2024-03-01\n"
        "---\n"
        f"# Notes de {CREDITED}\n\n{CREDITED} tient ces notes sur les jardins partagés du quartier. "
        f"Son numéro de sécurité sociale, {NIR}, n'a rien à faire ici.\n",
        encoding="utf-8",
    )
    (folder / f"contact {EMAIL}.md").write_text("", encoding="utf-8")  # empty: quarantined by ingest
    (folder / f"releve {IBAN.replace(' ', '')}.pdf").write_bytes(b"%PDF-1.4\n")  # not text: skipped


def _warc(path: Path) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        page = (
            f"<html><head><title>Portrait de {CREDITED}</title><meta name='author' content='{CREDITED}'></head>"
            f"<body><article><h1>Portrait de {CREDITED}</h1><p>{CREDITED} dirige la chorale du quartier depuis "
            f"dix ans. Elle répond au {PHONE}.</p><p>Les répétitions ont lieu le jeudi soir à la salle des "
            "fêtes, et le concert de printemps se prépare déjà.</p></article></body></html>"
        ).encode()
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"https://presse.example.fr/portraits/jeanne-fabre?mail={EMAIL}",
            "response",
            payload=io.BytesIO(page),
            http_headers=http,
            warc_headers_dict={"WARC-Date": "2024-03-15T08:00:00Z"},
        )
        writer.write_record(record)


def _contract(folder: Path, source_id: str, fmt: str, dumps: str, extra: str = "") -> None:
    (folder / f"{source_id}.yaml").write_text(
        f"id: {source_id}\ntitle: {source_id}\nrights_holder: Éditions {source_id}\nlicence: CC-BY-4.0\n"
        f"attribution: Éditions {source_id}, CC BY 4.0\nprovenance_url: https://example.org/{source_id}\n"
        f"format: {fmt}\ndumps: {dumps}\nlanguage: fr\nmax_quarantine_rate: 0.5\n"
        "unverified: allow\nunverified_reason: the publisher gave us this export for training, in writing\n" + extra,
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("fields")
    home, contracts = base / "home", base / "contracts"
    (home / "landing").mkdir(parents=True)
    (contracts / "sources").mkdir(parents=True)
    for policy in ("licence_policy.yaml", "pii_policy.yaml"):
        (contracts / policy).write_bytes((ROOT / "data_contracts" / policy).read_bytes())
    _jsonl(home / "landing" / "blog.jsonl")
    _tree(home / "landing" / "notes")
    _warc(home / "landing" / "presse.warc.gz")
    fields = "fields: {text: text, id: id, url: url, title: title, author: author, licence: licence, date: date}\n"
    _contract(contracts / "sources", "blog", "jsonl", "landing/blog.jsonl", fields)
    _contract(contracts / "sources", "notes", "text", "landing/notes")
    _contract(contracts / "sources", "presse", "warc", "landing/presse.warc.gz")
    env = {**os.environ, "PROVENANCE_HOME": str(home), "PROVENANCE_CONTRACTS": str(contracts), "DAGSTER_HOME": ""}
    keys = base / "keys"
    subprocess.run([str(BIN), "keygen", str(keys)], env=env, check=True, capture_output=True, cwd=base)
    (keys / "pii.key").write_text("5e1f" * 16 + "\n")
    (keys / "pii.key").chmod(0o600)
    env.update(PROVENANCE_PII_KEY=str(keys / "pii.key"), PROVENANCE_SIGNING_KEY=str(keys / "signing_key.pem"))
    run = subprocess.run([str(BIN), "run"], env=env, capture_output=True, text=True, cwd=base, timeout=1100)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return home


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    return []


def _parquet_strings(path: Path) -> dict[str, list[str]]:
    """column -> every string in it (lists and structs opened)."""
    table = pq.read_table(path)
    return {
        name: [s for value in table.column(name).to_pylist() for s in _strings(value)]
        for name in table.column_names
        if not pa.types.is_integer(table.schema.field(name).type)
    }


def _found(strings: list[str]) -> set[str]:
    """The planted values ``strings`` hold, by name, in any of their written forms."""
    hits = set()
    for text in strings:
        folded = fold_same_length(text)
        squeezed = folded.replace(" ", "")
        for name, forms in NEEDLES.items():
            if any(f in folded or f.replace(" ", "") in squeezed for f in map(fold_same_length, forms)):
                hits.add(name)
    return hits


#: Where a planted value may stay, and why: the author's name in the redacted documents, the rights stage's input
#: (it matches author opt-outs and decides the credit); the credited name where CC BY requires the credit.
ALLOWED = {
    ("redacted_documents", "author"): {"credited", "uncredited"},
    ("cleared_documents", "author"): {"credited"},
    ("cleared_documents", "attribution"): {"credited"},
    ("shards", "attribution"): {"credited"},
    ("lineage", "documents.author"): {"credited"},
    ("lineage", "documents.attribution"): {"credited"},
    ("lineage", "samples.attribution"): {"credited"},
}


def _leaks(where: str, columns: dict[str, list[str]]) -> list[str]:
    return [
        f"{where}.{column}: {sorted(extra)}"
        for column, strings in columns.items()
        if (extra := _found(strings) - ALLOWED.get((where, column), set()))
    ]


def test_no_planted_value_is_in_any_stage_output_after_ingest(workspace):
    leaks = []
    for stage in ("redacted_documents", "cleared_documents"):
        for path in sorted((workspace / "staging" / stage).glob(".*/*.parquet")):
            leaks += _leaks(stage, _parquet_strings(path))
        for path in sorted((workspace / "staging" / stage).glob(".*/*.json")):
            leaks += _leaks(stage, {path.name: [path.read_text(encoding="utf-8")]})
    assert list((workspace / "staging" / "redacted_documents").glob(".*/*.parquet")), "no redacted output"
    assert not leaks, leaks


def test_no_planted_value_is_in_the_release_but_the_credit_cc_by_requires(workspace):
    [release] = [p for p in (workspace / "releases").iterdir() if not p.name.startswith(".")]
    leaks = []
    for path in sorted(release.rglob("*")):
        if path.suffix == ".parquet":
            leaks += _leaks("shards", _parquet_strings(path))
        elif path.is_file():
            leaks += _leaks("release", {path.name: [path.read_bytes().decode("utf-8", "replace")]})
    assert not leaks, leaks
    attributions = [a for p in release.glob("shards/*.parquet") for a in pq.read_table(p)["attribution"].to_pylist()]
    assert any(CREDITED in (a or "") for a in attributions), "the CC BY credit names its author"
    assert not any(EMAIL in (a or "") for a in attributions)


def test_the_lineage_keeps_only_the_credited_name_and_says_why(workspace):
    with duckdb.connect(str(workspace / "lineage.duckdb"), read_only=True) as con:
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
        leaks = []
        for table in tables:
            columns = [r[0] for r in con.execute(f'DESCRIBE "{table}"').fetchall()]
            casts = ", ".join(f'CAST("{c}" AS VARCHAR)' for c in columns)
            rows = con.execute(f'SELECT {casts} FROM "{table}"')
            values = list(zip(*rows.fetchall(), strict=True)) or [[] for _ in columns]
            leaks += _leaks(
                "lineage", {f"{table}.{c}": [v for v in vals if v] for c, vals in zip(columns, values, strict=True)}
            )
        credited = con.execute(
            "SELECT author, author_reason, licence FROM documents WHERE author IS NOT NULL ORDER BY doc_id"
        ).fetchall()
        quarantined = con.execute("SELECT locator FROM quarantine").fetchall()
        skipped = con.execute("SELECT locator FROM skipped WHERE source_id = 'notes'").fetchall()
    assert not leaks, leaks
    assert credited and all(CREDITED in a and EMAIL not in a for a, _, _ in credited)
    assert {(reason, licence) for _, reason, licence in credited} == {("credit required by CC-BY-4.0", "CC-BY-4.0")}
    # Ingest's own rows are still there, their file names redacted, not dropped.
    assert any("[EMAIL]" in locator for (locator,) in quarantined)
    assert any("[IBAN]" in locator for (locator,) in skipped)


def test_every_field_redaction_is_audited_with_its_field_and_no_value(workspace):
    rows = []
    for path in (workspace / "staging" / "redacted_documents").glob(".*/redactions.parquet"):
        rows += pq.read_table(path).to_pylist()
    fields = {(r["field"].split("/")[0], r["entity_type"]) for r in rows}
    for expected in [
        ("url", "EMAIL_ADDRESS"),
        ("url", "PHONE_NUMBER"),
        ("url", "PERSON"),
        ("url", "IBAN_CODE"),
        ("author", "EMAIL_ADDRESS"),
        ("locator", "PHONE_NUMBER"),
        ("locator", "PERSON"),
        ("metadata", "IBAN_CODE"),
        ("metadata", "FR_NIR"),
        ("metadata", "EMAIL_ADDRESS"),
        ("metadata", "PERSON"),
        ("title", "PERSON"),
    ]:
        assert expected in fields, expected
    assert not _found([json.dumps(r, ensure_ascii=False) for r in rows])
