"""The legal team's named questions, answered from the lineage database as Arrow tables.

Each function takes ``db``: a path to ``lineage.duckdb`` (opened read-only, so a query never
blocks the pipeline) or an open DuckDB connection. Unknown ids and names raise
:class:`LineageQueryError` with a message that says what exists instead. Nothing here returns a
document's text or a personal value: redactions come as counts per entity type, and a person is
found by the keyed hash of their name, never by a stored name.
"""

from __future__ import annotations

import re

import pyarrow as pa

from provenance.lineage.answers import LineageQueryError, Question, Story
from provenance.lineage.held_back import STAGES
from provenance.lineage.parties import name_variants, person, rights_holder
from provenance.lineage.sql import render
from provenance.vocabulary import HeldBack

__all__ = [  # the party questions (provenance.lineage.parties) are asked through this module too
    "LineageQueryError",
    "Story",
    "attribution",
    "document",
    "excluded",
    "held",
    "held_back_counts",
    "licences",
    "name_variants",
    "optouts",
    "person",
    "quarantined",
    "releases",
    "rights_holder",
    "sample",
]

_DOC_ID = re.compile(r"^[0-9a-f]{32}$")


# --------------------------------------------------------------------------- one sample, one document


def _sql(block: str) -> str:
    return render("queries", block)


def _doc_sections(q: Question, doc_id: str) -> dict[str, pa.Table]:
    return {
        "optout_signals": q.table(_sql("signals_of_document"), [doc_id]),
        "redactions": q.table(_sql("redactions_of_document"), [doc_id]),
        "decisions": q.table(_sql("decisions_of_document"), [doc_id]),
    }


def _licence_evidence(q: Question, doc_id: str) -> str | None:
    row = q.row(_sql("licence_evidence"), [doc_id])
    return row["licence"] if row else None


def sample(db, sample_id: str) -> Story:
    """Where one training sample comes from: dump, locator, URL, licence and how it was resolved, every
    opt-out signal checked with its evidence, redactions by type, shard, release and manifest digest."""
    sample_id = sample_id.strip().lower()
    with Question(db) as q:
        s = q.row(_sql("sample"), [sample_id])
        if s is None:
            raise LineageQueryError(
                f"no sample {sample_id!r} in the lineage database "
                "(sample ids are 32 hex characters, as in the shards' sample_id column)"
            )
        release = q.row(_sql("release_of_sample"), [s["release_id"]]) or {}
        shard = q.row(_sql("shard_digest"), [s["release_id"], s["shard"]]) or {}
        doc = q.row(_sql("document"), [s["doc_id"]]) or {}
        facts = {
            "sample_id": s["sample_id"],
            "release_id": s["release_id"],
            "release_created_at": release.get("created_at"),
            "manifest_sha256": release.get("manifest_sha256"),
            "merkle_root": release.get("merkle_root"),
            "signing_key_id": release.get("key_id"),
            "signature_valid": release.get("signature_valid"),
            "shard": s["shard"],
            "shard_sha256": shard.get("sha256"),
            "row": s["row"],
            "fingerprint": s["fingerprint"],
            "doc_id": s["doc_id"],
            "source_id": s["source_id"],
            "source_title": doc.get("source_title"),
            "rights_holder": doc.get("rights_holder"),
            "dump_id": s["dump_id"],
            "dump_path": doc.get("dump_path"),
            "locator": doc.get("locator"),
            "url": doc.get("url"),
            "title": doc.get("title"),
            "published_at": doc.get("published_at"),
            "retrieved_at": doc.get("retrieved_at"),
            "lang": doc.get("lang"),
            "licence": s["licence"],
            "licence_class": s["licence_class"],
            "licence_declared": doc.get("licence_declared"),
            "licence_source": doc.get("licence_source"),
            "licence_why": doc.get("licence_why"),
            "licence_evidence": _licence_evidence(q, s["doc_id"]),
            "attribution": s["attribution"],
            "rights_decision": doc.get("rights_decision"),
            "rights_reason": doc.get("rights_reason"),
            "redaction_count": doc.get("redaction_count"),
            "person_names": doc.get("person_names"),
            "person_names_basis": doc.get("person_names_basis"),
            "author": doc.get("author"),
            "author_reason": doc.get("author_reason"),
            "document_outcome_now": doc.get("outcome"),
        }
        if not doc:
            facts["warning"] = "no document lineage for this sample: its dump's stage outputs are gone"
        return Story(f"sample {sample_id}", facts, _doc_sections(q, s["doc_id"]))


def _skipped_stories(rows: list[dict]) -> list[Story]:
    """Records that are no documents by design (a WARC request, an image, a redirect, a crawler's log)."""
    return [
        Story(
            f"record {r['record_id']} (skipped at ingest: not a document)",
            {**r, "outcome": "skipped", "outcome_stage": "ingest"},
        )
        for r in rows
    ]


def document(db, url_or_doc_id: str) -> list[Story]:
    """Every document with this URL (or this doc_id / quarantined or skipped record id): metadata, what became of
    it and why. A URL or id that names only skipped records (not documents by design) answers with those."""
    key = url_or_doc_id.strip()
    with Question(db) as q:
        if _DOC_ID.match(key.lower()):
            ids = [key.lower()]
            if q.row(_sql("document_exists"), ids) is None:
                quarantined = q.row(_sql("quarantined_record"), ids)
                if quarantined is None:
                    skipped = q.table(_sql("skipped_record"), ids).to_pylist()
                    if skipped:
                        return _skipped_stories(skipped)
                    raise LineageQueryError(f"no document, quarantined or skipped record with id {key!r}")
                return [
                    Story(
                        f"record {key} (quarantined at ingest)",
                        {**quarantined, "outcome": "quarantined", "outcome_stage": "ingest"},
                        {"decisions": q.table(_sql("decisions_of_document"), ids)},
                    )
                ]
        else:
            found = q.table(_sql("documents_by_url"), [key])
            if found.num_rows == 0 and key.endswith("/"):
                found = q.table(_sql("documents_by_url"), [key.rstrip("/")])
            if found.num_rows == 0:
                skipped = q.table(_sql("skipped_by_url"), [key]).to_pylist()
                if skipped:
                    return _skipped_stories(skipped)
                raise LineageQueryError(f"no document with URL {key!r} (give the exact URL, or a 32-hex doc_id)")
            ids = found.column("doc_id").to_pylist()
        stories = []
        for doc_id in ids:
            facts = q.row(_sql("document"), [doc_id]) or {}
            facts["licence_evidence"] = _licence_evidence(q, doc_id)
            sections = {"samples": q.table(_sql("samples_of_document"), [doc_id]), **_doc_sections(q, doc_id)}
            stories.append(Story(f"document {doc_id}", facts, sections))
        return stories


# --------------------------------------------------------------------------- lists


def excluded(db, reason: str | None = None, source: str | None = None) -> pa.Table:
    """Every document the rights stage excluded, with the deciding signal, registry entry and reference."""
    with Question(db) as q:
        table = q.table(_sql("excluded"), [reason or None, reason or None, source or None, source or None])
        if table.num_rows == 0 and (reason or source):
            known = q.table(_sql("excluded_reasons")).column("reason").to_pylist()
            sources = q.table(_sql("known_sources")).column(0).to_pylist()
            if (reason and reason not in known) or (source and source not in sources):
                raise LineageQueryError(
                    "no excluded document matches"
                    + (f" reason {reason!r} (reasons present: {', '.join(known) or 'none'})" if reason else "")
                    + (f" source {source!r} (sources: {', '.join(sources) or 'none'})" if source else "")
                )
        return table


def _held_back(db, status: HeldBack, reason: str | None, stage: str | None, source: str | None) -> pa.Table:
    filters = {"reason": reason, "stage": stage, "source_id": source}
    params: list = [status.value]
    for value in filters.values():
        params += [value or None, value or None]
    with Question(db) as q:
        table = q.table(_sql("held_back"), params)
        if status is HeldBack.QUARANTINED:
            table = table.drop_columns(["waits_for"])  # a rejected record waits for nothing
        if table.num_rows == 0:
            unknown = []
            for column, value in filters.items():
                if not value:
                    continue
                # A stage or source that exists but holds nothing back is an empty answer, not an error.
                if column == "stage":
                    known, kind = list(STAGES), "stages"
                elif column == "source_id":
                    known, kind = q.table(_sql("known_sources")).column(0).to_pylist(), "sources known"
                else:
                    known = q.table(_sql("held_back_reasons"), [status.value]).column(0).to_pylist()
                    kind = "reasons present"
                if value not in known:
                    unknown.append(f"{column.removesuffix('_id')} {value!r} ({kind}: {', '.join(known) or 'none'})")
            if unknown:
                raise LineageQueryError(f"no {status.value} record matches " + "; ".join(unknown))
        return table


def held(db, reason: str | None = None, stage: str | None = None, source: str | None = None) -> pa.Table:
    """Every record held back while it waits: for a stage to run for its dump, for a release, or for a person to
    verify or review its rights (rights_unverified, licence_unknown, licence_review); with what it waits for."""
    return _held_back(db, HeldBack.HELD, reason, stage, source)


def quarantined(db, reason: str | None = None, stage: str | None = None, source: str | None = None) -> pa.Table:
    """Every record rejected as unreadable, invalid or failed, at ingest, rights or certify, with its evidence."""
    return _held_back(db, HeldBack.QUARANTINED, reason, stage, source)


def held_back_counts(db, source: str | None = None) -> dict[str, dict[str, int]]:
    """How many records are held and quarantined (of ``source``, or of all), per reason: {status: {reason: n}}."""
    with Question(db) as q:
        rows = q.table(_sql("held_back_counts"), [source, source]).to_pylist()
    out: dict[str, dict[str, int]] = {s.value: {} for s in HeldBack}
    for row in rows:
        out[row["status"]][row["reason"]] = int(row["n"])
    return out


def _known_release(q: Question, release: str) -> None:
    if q.row(_sql("release_exists"), [release]) is None:
        known = q.table(_sql("release_ids"))
        names = ", ".join(known.column(0).to_pylist()) or "none yet"
        raise LineageQueryError(f"no release {release!r} (releases: {names})")


def licences(db, release: str) -> pa.Table:
    """Samples per licence in a release: class, rights decision, share-alike, count and share."""
    with Question(db) as q:
        _known_release(q, release)
        return q.table(_sql("licences"), [release])


def attribution(db, release: str) -> pa.Table:
    """The attribution list a release owes (CC BY, CC BY-SA, Licence Ouverte ...): each distinct credit once,
    grouped by source and licence, with how many samples it covers."""
    with Question(db) as q:
        _known_release(q, release)
        return q.table(_sql("attribution"), [release])


def releases(db) -> pa.Table:
    """Every release, oldest first: what became of every record of the dumps it read, each stage's count under its
    own name (release_accounting), then its manifest digest, Merkle root and signing key."""
    with Question(db) as q:
        return q.table(_sql("releases"))


def optouts(db, request: str | None = None) -> pa.Table:
    """The opt-out ledger: per request, its id, date received, scope, who asked, the first release that honours it
    and the releases that still held content its scope covers (with counts). With ``request``: that request's
    releases one per row (optout_exposure)."""
    with Question(db) as q:
        if request is None:
            return q.table(_sql("optout_requests"))
        if q.row(_sql("optout_request_exists"), [request]) is None:
            known = q.table(_sql("optout_request_ids")).column(0).to_pylist()
            raise LineageQueryError(f"no opt-out request {request!r} (requests: {', '.join(known) or 'none'})")
        return q.table(_sql("optout_exposure"), [request])
