"""Certify test inputs: real contracts and cleared-document Parquet in CLEARED_DOCUMENT_SCHEMA."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from provenance.layout import INGEST, RIGHTS
from provenance.schema import CLEARED_DOCUMENT_SCHEMA, DECISION_SCHEMA, record_id
from provenance.stats import ClearStats, IngestStats
from provenance.workspace import Workspace, write_stats

CREATED_AT = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)

#: Redacted texts as the PII stage leaves them: French and English, with placeholders.
TEXTS = [
    "M. le président. La parole est à <PERSON>, pour présenter l'amendement n° 112.\n\n"
    "<PERSON>. Cet amendement vise à garantir que les collectivités territoriales disposent des moyens "
    "nécessaires à la rénovation thermique des écoles primaires avant 2030.",
    "Le conseil municipal de Rennes a adopté, mardi soir, le budget primitif pour 2024. "
    "L'adjointe aux finances, <PERSON>, a rappelé que l'endettement de la ville reste maîtrisé.",
    "The Committee met at 10.30 am. The Chair, <PERSON>, welcomed the witnesses and reminded members "
    "that the session was being broadcast. Questions may be sent to <EMAIL_ADDRESS>.",
    "La Déclaration des droits de l'homme et du citoyen de 1789 est un texte fondamental de la "
    "Révolution française, qui énonce un ensemble de droits naturels individuels et collectifs.",
    "Paris is the capital and largest city of France. With an estimated population of over two "
    "million residents, it is the centre of the Île-de-France region.",
    "Mme la ministre. Je vous remercie, monsieur le député. Le Gouvernement est favorable à cet "
    "amendement, sous réserve de la rédaction proposée par la commission des finances.",
    "Storm Ciarán brought gusts of over 200 km/h to the Breton coast overnight; more than a million "
    "homes were left without power, according to the grid operator.",
    "Le tribunal administratif de Lyon a annulé l'arrêté préfectoral, estimant que la procédure de "
    "consultation du public n'avait pas été respectée. Contact : <PHONE_NUMBER>.",
]

LICENCE_POLICY = """\
version: "test-1"
licences:
  - {id: CC0-1.0, class: public_domain, decision: include}
  - {id: etalab-2.0, class: attribution, decision: include_with_attribution}
  - {id: CC-BY-4.0, class: attribution, decision: include_with_attribution}
  - {id: CC-BY-SA-4.0, class: share_alike, decision: include_with_share_alike}
  - {id: CC-BY-NC-4.0, class: non_commercial, decision: exclude}
"""

SOURCES = {
    # id: (licence, priority, language, rights holder)
    "assemblee": ("etalab-2.0", 10, "fr", "Assemblée nationale"),
    "presse": ("CC-BY-4.0", 5, "fr", "Ouest Média"),
    "wiki": ("CC-BY-SA-4.0", 0, "auto", "Wikimedia contributors"),
    "hansard": ("CC0-1.0", 0, "en", "UK Parliament"),
}

CLASS_OF = {
    "CC0-1.0": "public_domain",
    "etalab-2.0": "attribution",
    "CC-BY-4.0": "attribution",
    "CC-BY-SA-4.0": "share_alike",
    "CC-BY-NC-4.0": "non_commercial",
}
DECISION_OF = {
    "public_domain": "include",
    "attribution": "include_with_attribution",
    "share_alike": "include_with_share_alike",
    "non_commercial": "excluded",
}


def write_contracts(folder: Path) -> Path:
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    (folder / "optouts").mkdir(exist_ok=True)
    for sid, (licence, priority, lang, holder) in SOURCES.items():
        (folder / "sources" / f"{sid}.yaml").write_text(
            f"id: {sid}\ntitle: {sid} archive\nrights_holder: {holder}\nlicence: {licence}\n"
            f"attribution: {holder}\nprovenance_url: https://example.org/{sid}\nformat: jsonl\n"
            f"dumps: landing/{sid}/*.jsonl\nlanguage: {lang}\nfields: {{text: text}}\n"
            f"max_quarantine_rate: 0.1\npriority: {priority}\n",
            encoding="utf-8",
        )
    (folder / "licence_policy.yaml").write_text(LICENCE_POLICY, encoding="utf-8")
    (folder / "optouts" / "registry.csv").write_text(
        "id,scope,value,effective_from,reference\nopt-001,domain,lemonde.example,2024-01-01,letter 2024-001\n",
        encoding="utf-8",
    )
    return folder


def cleared_row(
    source_id: str,
    n: int,
    text: str,
    *,
    licence: str | None = None,
    dump_id: str | None = None,
    published: str | None = "2024-05-01",
    retrieved: str | None = "2024-06-01",
    **extra,
) -> dict:
    licence = licence or SOURCES[source_id][0]
    locator = f"landing/{source_id}/dump.jsonl:line={n}"
    klass = CLASS_OF[licence]

    def ts(value):
        return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC) if value else None

    row = {
        "doc_id": record_id(source_id, locator),
        "source_id": source_id,
        "dump_id": dump_id or f"{source_id}.dump",
        "locator": locator,
        "url": f"https://example.org/{source_id}/{n}",
        "title": f"document {n}",
        "author": None,
        "published_at": ts(published),
        "retrieved_at": ts(retrieved),
        "lang": SOURCES[source_id][2] if SOURCES[source_id][2] != "auto" else "fr",
        "licence": licence,
        "text": text,
        "content_type": "text/plain",
        "content_fingerprint": "0" * 32,
        "redaction_count": text.count("<"),
        "licence_spdx": licence,
        "licence_class": klass,
        "licence_source": "contract",
        "attribution": f"{SOURCES[source_id][3]}, {licence}",
        "share_alike": klass == "share_alike",
        "decision": DECISION_OF[klass],
    }
    row.update(extra)
    return row


def write_cleared(ws: Workspace, dump_id: str, rows: list[dict]) -> Path:
    """Publish ``rows`` as the cleared_documents output of ``dump_id``, with the rights decisions and ingest stats."""
    rows = [{**r, "dump_id": dump_id} for r in rows]
    table = pa.Table.from_pylist(rows, schema=CLEARED_DOCUMENT_SCHEMA)

    def write(folder: Path) -> ClearStats:
        pq.write_table(table, folder / "documents.parquet", row_group_size=3)
        decisions = pa.Table.from_pylist(
            [
                {
                    "doc_id": r["doc_id"],
                    "source_id": r["source_id"],
                    "dump_id": dump_id,
                    "stage": "rights",
                    "decision": r["decision"],
                    "reason": "licence_policy",
                    "evidence": "{}",
                    "evidence_sha256": "0" * 64,
                    "policy_version": "test-1",
                    "registry_version": None,
                }
                for r in rows
            ],
            schema=DECISION_SCHEMA,
        )
        pq.write_table(decisions, folder / "decisions.parquet")
        return ClearStats(
            dump_id=dump_id,
            source_id=rows[0]["source_id"] if rows else "",
            policy_version="test-1",
            policy_sha256="",
            registry_version="",
            registry_sha256="",
            documents=len(rows),
            cleared=len(rows),
            decisions=Counter(r["decision"] for r in rows),
        )

    ws.publish(RIGHTS, dump_id, write)
    source_id = rows[0]["source_id"] if rows else ""
    ingest = IngestStats(dump_id, source_id, records_seen=len(rows) + 1, documents=len(rows), quarantined=1)
    write_stats(ws.stage_dir(INGEST, dump_id), ingest)
    return ws.stage_dir("cleared_documents", dump_id) / "documents.parquet"


def corpus(ws: Workspace) -> None:
    """Three dumps with planted duplicates (see test_dedup for which copy must survive)."""
    write_cleared(ws, "assemblee.2024", [cleared_row("assemblee", i, t) for i, t in enumerate(TEXTS[:3])])
    write_cleared(
        ws,
        "presse.2024",
        [
            cleared_row("presse", 1, TEXTS[1]),  # duplicate of assemblee #1: priority 10 wins
            cleared_row("presse", 2, TEXTS[6]),
            cleared_row("presse", 3, "  " + TEXTS[3].replace(" ", "\n", 3) + " "),  # spacing differs only
        ],
    )
    write_cleared(
        ws,
        "wiki.2024",
        [
            cleared_row("wiki", 1, TEXTS[3]),  # share-alike copy: attribution (presse) wins
            cleared_row("wiki", 2, TEXTS[4]),
            cleared_row("wiki", 3, TEXTS[7], licence="CC-BY-SA-4.0"),
        ],
    )


def predicate_of(release_dir: Path) -> dict:
    import base64

    envelope = json.loads((release_dir / "manifest.dsse.json").read_text())
    return json.loads(base64.b64decode(envelope["payload"]))["predicate"]
