"""The legal team's named questions, answered from the lineage database as Arrow tables.

Each function takes ``db``: a path to ``lineage.duckdb`` (opened read-only, so a query never
blocks the pipeline) or an open DuckDB connection. Unknown ids and names raise
:class:`LineageQueryError` with a message that says what exists instead. Nothing here returns a
document's text or a personal value: redactions come as counts per entity type, and a person is
found by the keyed hash of their name, never by a stored name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from provenance.lineage.database import connect_readonly, owns
from provenance.lineage.held_back import STAGES
from provenance.rights.evidence import SIGNALS
from provenance.vocabulary import HeldBack

_DOC_ID = re.compile(r"^[0-9a-f]{32}$")
_SIGNALS = "[" + ", ".join(f"'{s}'" for s in SIGNALS) + "]"


class LineageQueryError(LookupError):
    """The id, URL, release or name asked about is not in the lineage database; ``str()`` says what is."""


@dataclass
class Story:
    """The full story of one sample, document or rights holder: facts, then tables of details."""

    title: str
    facts: dict[str, Any]
    sections: dict[str, pa.Table] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "facts": self.facts,
            "sections": {name: table.to_pylist() for name, table in self.sections.items()},
        }


class _Db:
    """A read-only connection for one question, closed afterwards when we opened it."""

    def __init__(self, db):
        self.db = db
        self.con = connect_readonly(db)

    def __enter__(self) -> _Db:
        return self

    def __exit__(self, *exc) -> None:
        if owns(self.db):
            self.con.close()

    def table(self, sql: str, params: list | None = None) -> pa.Table:
        try:
            return arrow_table(self.con, sql, params)
        except duckdb.CatalogException as exc:
            # A database built by an older version lacks a table a newer question reads.
            where = f"{self.db}: " if owns(self.db) else ""
            raise LineageQueryError(
                f"{where}this lineage database lacks what the question reads ({exc}); it was "
                "built by an older version: rebuild it with `provenance run`"
            ) from None

    def row(self, sql: str, params: list | None = None) -> dict | None:
        rows = self.table(sql, params).to_pylist()
        return rows[0] if rows else None


def arrow_table(con, sql: str, params: list | None = None) -> pa.Table:
    """The result of ``sql`` as an Arrow table (DuckDB 2 names the method ``to_arrow_table``, 1.x ``arrow``)."""
    relation = con.sql(sql, params=params or None)
    to_table = getattr(relation, "to_arrow_table", None) or relation.arrow
    return to_table()


# --------------------------------------------------------------------------- one sample, one document

_SIGNALS_SQL = f"""
    SELECT signal, status, reserves, detail, entry_id, reference, rule, capture_locator, evidence_sha256
    FROM optout_evidence WHERE doc_id = ? ORDER BY list_position({_SIGNALS}, signal), evidence_sha256"""
_REDACTIONS_SQL = """
    SELECT field, entity_type, count(*) AS spans,
           string_agg(DISTINCT recognizer, ', ' ORDER BY recognizer) AS recognizers
    FROM redactions WHERE doc_id = ? GROUP BY field, entity_type ORDER BY field DESC, spans DESC, entity_type"""
_DECISIONS_SQL = """
    SELECT stage, decision, reason, deciding_detail, policy_version, registry_version, release_id, evidence_sha256
    FROM decisions WHERE doc_id = ?
    ORDER BY CASE stage WHEN 'ingest' THEN 0 WHEN 'rights' THEN 1 ELSE 2 END, release_id"""
_SAMPLES_OF_DOC_SQL = """
    SELECT s.release_id, s.sample_id, s.shard, s."row", s.licence, s.fingerprint, r.created_at AS release_created_at
    FROM samples s LEFT JOIN releases r USING (release_id) WHERE s.doc_id = ?
    ORDER BY r.created_at NULLS LAST, s.release_id"""
_DOCUMENT_SQL = """
    SELECT d.doc_id, d.source_id, src.title AS source_title, src.rights_holder, d.dump_id, du.path AS dump_path,
           d.locator, d.url, d.title, d.author, d.author_reason, d.published_at, d.retrieved_at, d.lang,
           d.content_fingerprint, d.flags, d.licence_declared, d.licence_hints, d.licence, d.licence_class,
           d.licence_source, d.licence_why, d.share_alike, d.attribution, d.rights_decision, d.rights_reason,
           d.redaction_count, d.person_names, d.person_names_basis, d.outcome, d.outcome_stage, d.outcome_reason
    FROM (SELECT * FROM documents WHERE doc_id = ?) d
    LEFT JOIN sources src ON src.source_id = d.source_id
    LEFT JOIN dumps du ON du.dump_id = d.dump_id"""


def _doc_sections(q: _Db, doc_id: str) -> dict[str, pa.Table]:
    return {
        "optout_signals": q.table(_SIGNALS_SQL, [doc_id]),
        "redactions": q.table(_REDACTIONS_SQL, [doc_id]),
        "decisions": q.table(_DECISIONS_SQL, [doc_id]),
    }


def _licence_evidence(q: _Db, doc_id: str) -> str | None:
    row = q.row(
        "SELECT json_extract(evidence, '$.licence')::VARCHAR AS licence FROM decisions "
        "WHERE doc_id = ? AND stage = 'rights' LIMIT 1",
        [doc_id],
    )
    return row["licence"] if row else None


def sample(db, sample_id: str) -> Story:
    """Where one training sample comes from: dump, locator, URL, licence and how it was resolved, every
    opt-out signal checked with its evidence, redactions by type, shard, release and manifest digest."""
    sample_id = sample_id.strip().lower()
    with _Db(db) as q:
        s = q.row("SELECT * FROM samples WHERE sample_id = ? ORDER BY release_id LIMIT 1", [sample_id])
        if s is None:
            raise LineageQueryError(
                f"no sample {sample_id!r} in the lineage database "
                "(sample ids are 32 hex characters, as in the shards' sample_id column)"
            )
        release = (
            q.row(
                "SELECT created_at, manifest_sha256, merkle_root, key_id, signature_valid, path "
                "FROM releases WHERE release_id = ?",
                [s["release_id"]],
            )
            or {}
        )
        shard = (
            q.row("SELECT sha256 FROM shards WHERE release_id = ? AND shard = ?", [s["release_id"], s["shard"]]) or {}
        )
        doc = q.row(_DOCUMENT_SQL, [s["doc_id"]]) or {}
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
    with _Db(db) as q:
        if _DOC_ID.match(key.lower()):
            ids = [key.lower()]
            if q.row("SELECT 1 AS x FROM documents WHERE doc_id = ?", ids) is None:
                quarantined = q.row("SELECT * FROM quarantine WHERE record_id = ?", ids)
                if quarantined is None:
                    skipped = q.table("SELECT * FROM skipped WHERE record_id = ?", ids).to_pylist()
                    if skipped:
                        return _skipped_stories(skipped)
                    raise LineageQueryError(f"no document, quarantined or skipped record with id {key!r}")
                return [
                    Story(
                        f"record {key} (quarantined at ingest)",
                        {**quarantined, "outcome": "quarantined", "outcome_stage": "ingest"},
                        {"decisions": q.table(_DECISIONS_SQL, ids)},
                    )
                ]
        else:
            found = q.table(
                "SELECT doc_id FROM documents WHERE url = ? ORDER BY retrieved_at NULLS LAST, doc_id", [key]
            )
            if found.num_rows == 0 and key.endswith("/"):
                found = q.table(
                    "SELECT doc_id FROM documents WHERE url = ? ORDER BY retrieved_at NULLS LAST, doc_id",
                    [key.rstrip("/")],
                )
            if found.num_rows == 0:
                skipped = q.table("SELECT * FROM skipped WHERE url = ? ORDER BY locator", [key]).to_pylist()
                if skipped:
                    return _skipped_stories(skipped)
                raise LineageQueryError(f"no document with URL {key!r} (give the exact URL, or a 32-hex doc_id)")
            ids = found.column("doc_id").to_pylist()
        stories = []
        for doc_id in ids:
            facts = q.row(_DOCUMENT_SQL, [doc_id]) or {}
            facts["licence_evidence"] = _licence_evidence(q, doc_id)
            sections = {"samples": q.table(_SAMPLES_OF_DOC_SQL, [doc_id]), **_doc_sections(q, doc_id)}
            stories.append(Story(f"document {doc_id}", facts, sections))
        return stories


# --------------------------------------------------------------------------- lists


def excluded(db, reason: str | None = None, source: str | None = None) -> pa.Table:
    """Every document the rights stage excluded, with the deciding signal, registry entry and reference."""
    where, params = ["x.stage = 'rights'", "x.decision = 'excluded'"], []
    if reason:
        where.append("x.reason = ?")
        params.append(reason)
    if source:
        where.append("x.source_id = ?")
        params.append(source)
    with _Db(db) as q:
        table = q.table(
            f"""
            SELECT x.doc_id, x.source_id, x.dump_id, d.url, d.locator, d.retrieved_at, x.reason, x.deciding_signal,
                   x.deciding_detail, json_extract_string(x.evidence, '$.deciding.entry_id') AS entry_id,
                   json_extract_string(x.evidence, '$.deciding.reference') AS reference,
                   x.registry_version, x.policy_version, x.evidence_sha256,
                   (SELECT list(s.sample_id ORDER BY s.release_id) FROM samples s WHERE s.doc_id = x.doc_id)
                       AS published_samples
            FROM decisions x LEFT JOIN documents d USING (doc_id)
            WHERE {" AND ".join(where)}
            ORDER BY x.source_id, x.reason, d.url NULLS LAST, x.doc_id""",
            params,
        )
        if table.num_rows == 0 and (reason or source):
            known = (
                q.table(
                    "SELECT DISTINCT reason FROM decisions WHERE stage = 'rights' AND decision = 'excluded' "
                    "ORDER BY reason"
                )
                .column("reason")
                .to_pylist()
            )
            sources = (
                q.table("SELECT source_id FROM sources UNION SELECT DISTINCT source_id FROM dumps ORDER BY 1")
                .column(0)
                .to_pylist()
            )
            if (reason and reason not in known) or (source and source not in sources):
                raise LineageQueryError(
                    "no excluded document matches"
                    + (f" reason {reason!r} (reasons present: {', '.join(known) or 'none'})" if reason else "")
                    + (f" source {source!r} (sources: {', '.join(sources) or 'none'})" if source else "")
                )
        return table


_HELD_BACK_COLUMNS = (
    "record_id",
    "source_id",
    "dump_id",
    "stage",
    "reason",
    "waits_for",
    "url",
    "locator",
    "detail",
    "evidence_sha256",
    "release_id",
)


def _held_back(db, status: HeldBack, reason: str | None, stage: str | None, source: str | None) -> pa.Table:
    filters = {"reason": reason, "stage": stage, "source_id": source}
    where, params = ["status = ?"], [status.value]
    for column, value in filters.items():
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    columns = [c for c in _HELD_BACK_COLUMNS if not (status is HeldBack.QUARANTINED and c == "waits_for")]
    with _Db(db) as q:
        table = q.table(
            f"SELECT {', '.join(columns)} FROM held_back WHERE {' AND '.join(where)} "
            "ORDER BY source_id, stage, reason, url NULLS LAST, locator, record_id",
            params,
        )
        if table.num_rows == 0:
            unknown = []
            for column, value in filters.items():
                if not value:
                    continue
                # A stage or source that exists but holds nothing back is an empty answer, not an error.
                if column == "stage":
                    known, kind = list(STAGES), "stages"
                elif column == "source_id":
                    known, kind = (
                        q.table("SELECT source_id FROM sources UNION SELECT DISTINCT source_id FROM dumps ORDER BY 1")
                        .column(0)
                        .to_pylist(),
                        "sources known",
                    )
                else:
                    known, kind = (
                        q.table("SELECT DISTINCT reason FROM held_back WHERE status = ? ORDER BY 1", [status.value])
                        .column(0)
                        .to_pylist(),
                        "reasons present",
                    )
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
    with _Db(db) as q:
        rows = q.table(
            "SELECT status, reason, count(*) AS n FROM held_back WHERE ? IS NULL OR source_id = ? "
            "GROUP BY ALL ORDER BY status, n DESC, reason",
            [source, source],
        ).to_pylist()
    out: dict[str, dict[str, int]] = {s.value: {} for s in HeldBack}
    for row in rows:
        out[row["status"]][row["reason"]] = int(row["n"])
    return out


def _known_release(q: _Db, release: str) -> None:
    if q.row("SELECT 1 AS x FROM releases WHERE release_id = ?", [release]) is None:
        known = q.table("SELECT release_id FROM releases ORDER BY created_at NULLS LAST, release_id")
        names = ", ".join(known.column(0).to_pylist()) or "none yet"
        raise LineageQueryError(f"no release {release!r} (releases: {names})")


def licences(db, release: str) -> pa.Table:
    """Samples per licence in a release: class, rights decision, share-alike, count and share."""
    with _Db(db) as q:
        _known_release(q, release)
        return q.table(
            "SELECT licence, licence_class, decision, share_alike, samples, share, sources "
            "FROM licences WHERE release_id = ? ORDER BY samples DESC, licence",
            [release],
        )


def attribution(db, release: str) -> pa.Table:
    """The attribution list a release owes (CC BY, CC BY-SA, Licence Ouverte ...): each distinct credit once,
    grouped by source and licence, with how many samples it covers."""
    with _Db(db) as q:
        _known_release(q, release)
        return q.table(
            """
            SELECT s.source_id, coalesce(src.title, s.source_id) AS source,
                   coalesce(d.rights_holder, src.rights_holder) AS rights_holder, s.licence,
                   s.attribution, count(*) AS samples
            FROM samples s LEFT JOIN sources src USING (source_id) LEFT JOIN documents d USING (doc_id)
            WHERE s.release_id = ? AND s.attribution IS NOT NULL AND trim(s.attribution) <> ''
            GROUP BY ALL
            ORDER BY s.source_id, rights_holder, s.licence, s.attribution""",
            [release],
        )


def releases(db) -> pa.Table:
    """Every release, oldest first: what became of every record of the dumps it read, each stage's count under its
    own name (release_accounting), then its manifest digest, Merkle root and signing key."""
    with _Db(db) as q:
        return q.table("""
            SELECT r.release_id, r.created_at, a.input_dumps, a.records_seen, a.documents, a.ingest_quarantined,
                   a.skipped, a.redaction_held, a.rights_cleared, a.rights_excluded, a.rights_quarantined,
                   a.already_released, coalesce(a.duplicates, r.duplicates) AS duplicates,
                   coalesce(a.certify_quarantined, r.quarantined) AS certify_quarantined, r.samples, r.shards,
                   r.signature_valid, r.manifest_sha256, r.merkle_root, r.key_id, r.licence_policy_version,
                   r.optout_registry_version, r.earlier_releases
            FROM releases r LEFT JOIN release_accounting a USING (release_id)
            ORDER BY r.created_at NULLS LAST, r.release_id""")


def optouts(db, request: str | None = None) -> pa.Table:
    """The opt-out ledger: per request, its id, date received, scope, who asked, the first release that honours it
    and the releases that still held content its scope covers (with counts). With ``request``: that request's
    releases one per row (optout_exposure)."""
    with _Db(db) as q:
        if request is None:
            return q.table("""
                SELECT request_id, date_received, scope, value, requested_by, reference, effective_from,
                       first_honoured_by, first_honoured_at, exposed_releases, exposed_samples, documents_excluded
                FROM optout_requests ORDER BY date_received, request_id""")
        if q.row("SELECT 1 AS x FROM optout_requests WHERE request_id = ?", [request]) is None:
            known = q.table("SELECT request_id FROM optout_requests ORDER BY request_id").column(0).to_pylist()
            raise LineageQueryError(f"no opt-out request {request!r} (requests: {', '.join(known) or 'none'})")
        return q.table(
            """
            SELECT request_id, release_id, release_created_at, release_honours, before_honoured, samples,
                   samples_in_force, documents, matched_by
            FROM optout_exposure WHERE request_id = ? ORDER BY release_created_at NULLS LAST, release_id""",
            [request],
        )


def rights_holder(db, name: str) -> Story:
    """Everything of one rights holder (case and accents ignored, part of the name is enough): the sources whose
    contract names it, the documents credited to it (``credited_documents``: a crawled site's pages, a wiki's),
    what of those and of its sources was included and excluded and why, the opt-outs that name it, and its
    samples per release."""
    pattern = name.strip()
    if not pattern:
        raise LineageQueryError("give a rights holder's name (or part of it)")
    match = "strip_accents(lower({col})) LIKE '%' || strip_accents(lower(?)) || '%'"
    with _Db(db) as q:
        holders = q.table(
            f"SELECT source_id, title, rights_holder, licence, attribution, provenance_url FROM sources "
            f"WHERE {match.format(col='rights_holder')} ORDER BY source_id",
            [pattern],
        )
        entries = q.table(
            f"""
            SELECT entry_id, scope, value, effective_from, reference, file, documents_covered, documents_excluded
            FROM optout_registry WHERE scope = 'rights_holder' AND {match.format(col="value")} ORDER BY entry_id""",
            [pattern],
        )
        ids = holders.column("source_id").to_pylist()
        # Its documents: those credited to it (a crawled site's pages), and those of the archives it publishes.
        of_holder = (
            f"doc_id IN (SELECT doc_id FROM documents WHERE {match.format(col='rights_holder')} OR "
            "source_id IN (SELECT unnest(?::VARCHAR[])))"
        )
        docs = [pattern, ids]
        credited = q.table(
            f"""
            SELECT source_id, rights_holder, rights_holder_origin, count(*) AS documents,
                   count(*) FILTER (WHERE outcome = 'sample') AS samples,
                   count(*) FILTER (WHERE outcome = 'excluded') AS excluded,
                   count(*) FILTER (WHERE outcome = 'quarantined') AS quarantined
            FROM documents WHERE {match.format(col="rights_holder")}
            GROUP BY ALL ORDER BY source_id, rights_holder""",
            [pattern],
        )
        if holders.num_rows == 0 and entries.num_rows == 0 and credited.num_rows == 0:
            known = (
                q.table("""SELECT DISTINCT rights_holder FROM sources UNION
                               SELECT DISTINCT rights_holder FROM documents WHERE rights_holder IS NOT NULL
                               ORDER BY 1""")
                .column(0)
                .to_pylist()
            )
            shown = "; ".join(known[:20]) + (f"; and {len(known) - 20} more" if len(known) > 20 else "")
            raise LineageQueryError(
                f"no source, document or opt-out names a rights holder like {pattern!r} "
                f"(rights holders: {shown or 'none'})"
            )
        in_sources = "source_id IN (SELECT unnest(?::VARCHAR[]))"
        counts = q.table(
            f"""
            SELECT source_id, sum(records_seen)::BIGINT AS records_seen, sum(documents)::BIGINT AS documents,
                   sum(samples)::BIGINT AS samples, sum(excluded)::BIGINT AS excluded,
                   sum(quarantined)::BIGINT AS quarantined, sum(duplicates)::BIGINT AS duplicates,
                   sum(held)::BIGINT AS held, sum(missing)::BIGINT AS missing
            FROM dumps WHERE {in_sources} GROUP BY source_id ORDER BY source_id""",
            [ids],
        )
        exclusions = q.table(
            f"""
            SELECT source_id, reason, deciding_signal, json_extract_string(evidence, '$.deciding.entry_id') AS entry_id,
                   count(*) AS documents
            FROM decisions WHERE stage = 'rights' AND decision = 'excluded' AND {of_holder}
            GROUP BY ALL ORDER BY source_id, documents DESC, reason""",
            docs,
        )
        optouts = q.table(
            f"""
            SELECT r.entry_id, r.scope, r.value, r.effective_from, r.reference,
                   count(DISTINCT e.doc_id) FILTER (WHERE e.reserves) AS documents_excluded,
                   count(DISTINCT e.doc_id) FILTER (WHERE NOT e.reserves) AS documents_not_yet_effective
            FROM optout_registry r
            LEFT JOIN optout_evidence e ON e.entry_id = r.entry_id AND e.{of_holder}
            WHERE (r.scope = 'rights_holder' AND {match.format(col="r.value")}) OR e.doc_id IS NOT NULL
            GROUP BY ALL ORDER BY r.entry_id""",
            [*docs, pattern],
        )
        per_release = q.table(
            f"""
            SELECT release_id, source_id, licence, count(*) AS samples FROM samples WHERE {of_holder}
            GROUP BY ALL ORDER BY release_id, source_id, licence""",
            docs,
        )
        outcomes = (
            q.row(
                f"""
            SELECT count(*) AS documents, count(*) FILTER (WHERE outcome = 'sample') AS samples,
                   count(*) FILTER (WHERE outcome = 'excluded') AS excluded,
                   count(*) FILTER (WHERE outcome = 'quarantined') AS quarantined,
                   count(*) FILTER (WHERE outcome = 'duplicate') AS duplicates,
                   count(*) FILTER (WHERE outcome = 'held') AS held
            FROM documents WHERE {of_holder}""",
                docs,
            )
            or {}
        )
        named = set(holders.column("rights_holder").to_pylist()) | set(credited.column("rights_holder").to_pylist())
        facts = {
            "query": pattern,
            "rights_holders": sorted(named),
            "sources": sorted(set(ids) | set(credited.column("source_id").to_pylist())),
        }
        facts.update({k: int(v or 0) for k, v in outcomes.items()})
        return Story(
            f"rights holder {pattern!r}",
            facts,
            {
                "sources": holders,
                "credited_documents": credited,
                "accounting": counts,
                "exclusions": exclusions,
                "optouts": optouts,
                "samples_per_release": per_release,
            },
        )


# --------------------------------------------------------------------------- data subjects


def name_variants(name: str) -> list[tuple[str, str]]:
    """(match kind, form) for a person's name: the full name and, with two or more words, the name in
    surname-first order (as registers write it), the surname part and its last word alone.

    The PII stage redacts every mention it finds: "Jean Dupont", and "Dupont" or "M. Dupont" alone
    once the full name is known. A surname alone also matches other people of that name, so those
    matches are reported as ``surname`` for a person to confirm.
    """
    words = [w for w in re.split(r"\s+", name.strip()) if w]
    if not words:
        return []
    out = [("full_name", " ".join(words))]
    if len(words) >= 2:
        surname = " ".join(words[1:])
        out.append(("full_name", f"{surname} {words[0]}"))
        out.append(("surname", surname))
        if words[-1] != surname and len(words[-1]) >= 2:
            out.append(("surname", words[-1]))
    seen, unique = set(), []
    for kind, form in out:
        if form.casefold() not in seen:
            seen.add(form.casefold())
            unique.append((kind, form))
    return unique


def person(db, name: str, key: bytes) -> pa.Table:
    """Documents whose redactions match the keyed hash of ``name`` (``value_hmac`` under the PII key): for
    access and erasure requests. The name is hashed in memory and never stored, logged or returned."""
    from provenance.pii.keys import value_hmac

    variants = name_variants(name)
    if not variants:
        raise LineageQueryError("give the person's name")
    hashes = pa.table(
        {"value_hmac": [value_hmac(key, form) for _, form in variants], "match": [kind for kind, _ in variants]}
    )
    with _Db(db) as q:
        q.con.register("person_hashes", hashes)
        try:
            return q.table("""
                WITH hits AS (
                    SELECT r.doc_id, h.match, r.entity_type, count(*) AS mentions
                    FROM redactions r JOIN person_hashes h USING (value_hmac)
                    GROUP BY ALL
                ), per_doc AS (
                    SELECT doc_id, CASE WHEN bool_or(match = 'full_name') THEN 'full_name' ELSE 'surname' END AS match,
                           sum(mentions) AS mentions, list(DISTINCT entity_type ORDER BY entity_type) AS entity_types
                    FROM hits GROUP BY doc_id
                )
                SELECT p.doc_id, p.match, p.mentions, p.entity_types, d.source_id, d.dump_id, d.url, d.locator,
                       d.title, d.outcome,
                       (SELECT list(s.sample_id ORDER BY s.release_id) FROM samples s WHERE s.doc_id = p.doc_id)
                           AS sample_ids,
                       (SELECT list(DISTINCT s.release_id ORDER BY s.release_id) FROM samples s
                        WHERE s.doc_id = p.doc_id) AS release_ids
                FROM per_doc p LEFT JOIN documents d USING (doc_id)
                ORDER BY p.match, d.source_id, d.dump_id, p.doc_id""")
        finally:
            q.con.unregister("person_hashes")
