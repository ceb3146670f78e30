"""Building ``lineage.duckdb``: a snapshot of every stage's lineage facts, swapped in whole.

:func:`build_lineage` reads every stage's Parquet under ``staging/`` (never a document's text),
the release manifests and the contracts, and materialises the tables of
:mod:`provenance.lineage.tables` into a NEW database file beside the published one. When the file
is complete and checkpointed, one ``os.replace`` puts it in place. So:

- an analyst holding the old database open keeps answering from the old snapshot (the old file
  lives on until they close it) and never sees a half-built database;
- a reader never takes a lock the builder needs, and the builder never writes a file a reader has;
- two builders never interleave: :func:`provenance.lineage.lock.writer_lock` serialises them.

Every record is accounted for per dump (``docs/legal.md`` and ``docs/ARCHITECTURE.md``):
a document's ``outcome`` is the first of

1. ``held`` / ``missing`` at ``redacted_documents``: it has no redacted row. *Held* when the dump has
   no redaction output at all (the stage has not run for it, or a blocking check stopped it);
   *missing* when the output exists and lacks it (a lost row).
2. the same at ``cleared_documents`` for its rights decision;
3. ``excluded`` / ``quarantined`` by the rights stage;
4. ``sample`` when any release published it, else ``duplicate`` / ``quarantined`` by certify;
5. otherwise ``held`` at ``certified_release`` when no release exists yet, and ``missing`` when one
   does: every release reads every cleared dump, so a cleared document in none of them was lost.

Records seen = documents + ingest quarantine + skipped records (``skipped``: records that are not
documents by design); a dump is complete when that holds, no document is ``missing``, no stage output
is unreadable and every sample traces back to a document. Notices (``ingest_notices``) are not records.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import time
import uuid
from pathlib import Path

import duckdb
import pyarrow as pa

import provenance
from provenance.lineage.held_back import HELD_BACK_SQL, holds_table
from provenance.lineage.inputs import (
    CERTIFY,
    KINDS,
    PROBLEM_SCHEMA,
    Kind,
    collect,
    contract_tables,
    denylist_table,
    dump_info,
    release_accounting,
    release_tables,
    rights_clearings_table,
    samples_dump_ids,
)
from provenance.lineage.lock import writer_lock
from provenance.lineage.tables import BY_NAME, RELATIONS
from provenance.rights.evidence import SIGNALS
from provenance.workspace import Workspace

LOCK_SUFFIX = ".lock"
#: The storage format the database is written in: the oldest that DuckDB 1.1 and every later reader opens.
#: A newer DuckDB writes its own newest format by default, which older readers refuse ("version number 69").
#: v1.0.0 would name the same format, but DuckDB 1.0 cannot read the indexes a 2.x writer stores in it.
STORAGE_COMPATIBILITY = "v1.1.0"
#: The oldest DuckDB that opens the database (README "Opening it"; tests/lineage/test_old_duckdb.py).
OLDEST_READER = "1.1.0"
#: the opt-out ledger across releases: optout_honoured, optout_matches, optout_exposure, optout_requests
OPTOUT_REQUESTS_SQL = Path(__file__).with_name("optout_requests.sql")

#: The rights signals in the order the rights stage ranks them.
SIGNAL_ORDER = SIGNALS


class LineageInputError(RuntimeError):
    """A stage output could not be read while building; ``str()`` names the file or says which read failed."""


@dataclasses.dataclass
class LineageStats:
    """What one build produced: where, row counts per table and view, and the accounting totals."""

    path: Path
    built_at: dt.datetime
    seconds: float
    rows: dict[str, int]
    dumps: int
    releases: int
    records_seen: int
    samples: int
    held: int
    missing: int
    #: (dump or release id, missing records, first problem) for every dump or release that is not complete
    incomplete: list[tuple[str, int, str]]

    @property
    def complete(self) -> bool:
        return not self.incomplete


def _sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _register_raw(
    con: duckdb.DuckDBPyConnection,
    name: str,
    kind: Kind,
    files: list[tuple[str, Path]],
    release_column: bool = False,
    lacking: dict[tuple[str, Path], tuple[str, ...]] | None = None,
) -> None:
    """``raw_<name>``: the kind's columns over all its files (empty, with the right types, when there are none).
    Files written before a late column existed give null in it."""
    columns = ", ".join(f'"{c}"' for c in kind.columns)
    lacking = lacking or {}
    older = [(key, path) for key, path in files if lacking.get((name, path))]
    if older and not release_column:
        current = [(key, path) for key, path in files if (key, path) not in older]
        parts = [_select_lacking(kind, path, lacking[(name, path)]) for _, path in older]
        if current:
            listing = ", ".join(_sql_str(str(path)) for _, path in current)
            parts.insert(0, f"SELECT {columns} FROM read_parquet([{listing}], union_by_name=true)")
        con.execute(f"CREATE TEMP VIEW raw_{name} AS " + " UNION ALL BY NAME ".join(parts))
        return
    if not files:
        empty = pa.schema([kind.schema.field(c) for c in kind.columns]).empty_table()
        if release_column:
            empty = empty.append_column("release_id", pa.array([], pa.string()))
        con.register(f"empty_{name}", empty)
        con.execute(f"CREATE TEMP VIEW raw_{name} AS SELECT * FROM empty_{name}")
        return
    if release_column:
        parts = [
            f"SELECT {columns}, {_sql_str(key)} AS release_id FROM read_parquet({_sql_str(str(path))})"
            for key, path in files
        ]
        con.execute(f"CREATE TEMP VIEW raw_{name} AS " + " UNION ALL ".join(parts))
        return
    listing = ", ".join(_sql_str(str(path)) for _, path in files)
    con.execute(f"CREATE TEMP VIEW raw_{name} AS SELECT {columns} FROM read_parquet([{listing}], union_by_name=true)")


def _select_lacking(kind: Kind, path: Path, absent: tuple[str, ...]) -> str:
    columns = ", ".join(f'NULL::VARCHAR AS "{c}"' if c in absent else f'"{c}"' for c in kind.columns)
    return f"SELECT {columns} FROM read_parquet({_sql_str(str(path))})"


# --------------------------------------------------------------------------- the SQL

_SIGNAL_LIST = "[" + ", ".join(_sql_str(s) for s in SIGNAL_ORDER) + "]"

_DOCUMENTS_SQL = """
CREATE TEMP TABLE red_one AS
    SELECT DISTINCT ON (doc_id) doc_id, lang, flags, redaction_count, title, person_names, person_names_basis
    FROM raw_red_docs;
CREATE TEMP TABLE rights_one AS SELECT DISTINCT ON (doc_id) doc_id, decision, reason, evidence FROM raw_rights;
CREATE TEMP TABLE cleared_one AS
    SELECT DISTINCT ON (doc_id) doc_id, licence_spdx, licence_class, licence_source, attribution, share_alike, author,
           rights_holder, rights_holder_origin
    FROM raw_cleared;
CREATE TEMP TABLE latest_sample AS
    SELECT DISTINCT ON (s.doc_id) s.doc_id, s.sample_id, s.release_id
    FROM raw_samples s LEFT JOIN releases r USING (release_id)
    ORDER BY s.doc_id, r.created_at DESC NULLS LAST, s.release_id DESC;
CREATE TEMP TABLE cert_one AS
    SELECT DISTINCT ON (c.doc_id) c.doc_id, c.decision, c.reason
    FROM raw_cert_decisions c LEFT JOIN releases r USING (release_id)
    ORDER BY c.doc_id, (c.decision = 'duplicate') DESC, r.created_at DESC NULLS LAST, c.release_id DESC;

CREATE TABLE documents AS
WITH flow AS (
    SELECT d.*, r.doc_id IS NOT NULL AS redacted, r.lang AS red_lang, r.flags AS red_flags, r.redaction_count,
           r.title, r.person_names, r.person_names_basis, c.author,
           rd.decision AS rights_decision, rd.reason AS rights_reason, rd.evidence AS rights_evidence,
           c.licence_spdx, c.licence_class AS c_class, c.licence_source AS c_source, c.attribution,
           c.share_alike AS c_share_alike, c.rights_holder AS c_holder, c.rights_holder_origin AS c_holder_origin,
           ls.sample_id, ls.release_id, cd.decision AS cert_decision, cd.reason AS cert_reason,
           coalesce(i.has_redacted, false) AS has_redacted, coalesce(i.has_rights, false) AS has_rights
    FROM raw_docs d
    LEFT JOIN red_one r ON r.doc_id = d.doc_id
    LEFT JOIN rights_one rd ON rd.doc_id = d.doc_id
    LEFT JOIN cleared_one c ON c.doc_id = d.doc_id
    LEFT JOIN latest_sample ls ON ls.doc_id = d.doc_id
    LEFT JOIN cert_one cd ON cd.doc_id = d.doc_id
    LEFT JOIN dump_info i ON i.dump_id = d.dump_id
), decided AS (
    SELECT *,
        CASE
            WHEN NOT redacted THEN struct_pack(o := CASE WHEN has_redacted THEN 'missing' ELSE 'held' END,
                                              s := 'redacted_documents',
                                              r := CASE WHEN has_redacted THEN 'not_in_stage_output' ELSE 'stage_not_run' END)
            WHEN rights_decision IS NULL THEN struct_pack(o := CASE WHEN has_rights THEN 'missing' ELSE 'held' END,
                                              s := 'cleared_documents',
                                              r := CASE WHEN has_rights THEN 'no_rights_decision' ELSE 'stage_not_run' END)
            WHEN rights_decision IN ('excluded', 'quarantined', 'duplicate')
                THEN struct_pack(o := rights_decision, s := 'rights', r := rights_reason)
            WHEN sample_id IS NOT NULL THEN struct_pack(o := 'sample', s := 'certify', r := rights_decision)
            WHEN cert_decision IN ('duplicate', 'quarantined')
                THEN struct_pack(o := cert_decision, s := 'certify', r := cert_reason)
            WHEN {any_release} THEN struct_pack(o := 'missing', s := 'certified_release', r := 'in_no_release')
            ELSE struct_pack(o := 'held', s := 'certified_release', r := 'no_release_yet')
        END AS outcome_struct
    FROM flow
)
SELECT doc_id, source_id, dump_id, locator, url, title, author,
       json_extract_string(rights_evidence, '$.author.why') AS author_reason, published_at, retrieved_at,
       coalesce(red_lang, lang) AS lang, licence AS licence_declared, licence_hints, content_type,
       content_fingerprint, coalesce(red_flags, flags) AS flags, redaction_count, person_names, person_names_basis,
       coalesce(licence_spdx, json_extract_string(rights_evidence, '$.licence.spdx')) AS licence,
       coalesce(c_class, json_extract_string(rights_evidence, '$.licence.class')) AS licence_class,
       coalesce(c_source, json_extract_string(rights_evidence, '$.licence.source')) AS licence_source,
       json_extract_string(rights_evidence, '$.licence.why') AS licence_why,
       coalesce(c_share_alike, TRY_CAST(json_extract_string(rights_evidence, '$.licence.share_alike') AS BOOLEAN))
           AS share_alike,
       attribution,
       coalesce(c_holder, json_extract_string(rights_evidence, '$.rights_holder.rights_holder')) AS rights_holder,
       coalesce(c_holder_origin, json_extract_string(rights_evidence, '$.rights_holder.origin'))
           AS rights_holder_origin,
       rights_decision, rights_reason,
       outcome_struct.o AS outcome, outcome_struct.s AS outcome_stage, outcome_struct.r AS outcome_reason,
       sample_id, release_id
FROM decided
ORDER BY doc_id;
"""

_DECISIONS_SQL = """
CREATE TABLE decisions AS
WITH ingest AS (
    SELECT record_id AS doc_id, 'ingest' AS stage, 'quarantined' AS decision, reason,
           json_object('byte_size', byte_size, 'locator', locator, 'message', message)::VARCHAR AS evidence,
           NULL::VARCHAR AS policy_version, source_id, dump_id, NULL::VARCHAR AS registry_version,
           NULL::VARCHAR AS release_id, 'ingest' AS deciding_signal, message AS deciding_detail
    FROM raw_quarantine
), merged AS (
    SELECT doc_id, stage, decision, reason, evidence, policy_version, source_id, dump_id, registry_version,
           sha256(evidence) AS evidence_sha256, release_id, deciding_signal, deciding_detail
    FROM ingest
    UNION ALL
    SELECT doc_id, stage, decision, reason, evidence, policy_version, source_id, dump_id, registry_version,
           evidence_sha256, NULL::VARCHAR AS release_id,
           json_extract_string(evidence, '$.deciding.signal'), json_extract_string(evidence, '$.deciding.detail')
    FROM raw_rights
    UNION ALL
    SELECT doc_id, stage, decision, reason, evidence, policy_version, source_id, dump_id, registry_version,
           evidence_sha256, release_id,
           CASE WHEN decision = 'duplicate' THEN json_extract_string(evidence, '$.won_by') ELSE 'certify' END,
           CASE WHEN decision = 'duplicate' THEN
                'exact duplicate of sample ' || coalesce(json_extract_string(evidence, '$.survivor_sample_id'), '?')
                || ' (document ' || coalesce(json_extract_string(evidence, '$.survivor_doc_id'), '?')
                || coalesce(', release ' || json_extract_string(evidence, '$.survivor_release_id'), '')
                || '), kept by rule ' || coalesce(json_extract_string(evidence, '$.won_by'), '?')
                ELSE json_extract_string(evidence, '$.problem') END
    FROM raw_cert_decisions
)
SELECT * FROM merged
ORDER BY doc_id, CASE stage WHEN 'ingest' THEN 0 WHEN 'rights' THEN 1 ELSE 2 END, release_id;
"""

_EVIDENCE_SQL = f"""
CREATE TABLE optout_evidence AS
SELECT *,
    CASE WHEN signal = 'optout_registry' THEN json_extract_string(evidence, '$.entry_id') END AS entry_id,
    CASE WHEN signal = 'optout_registry' THEN json_extract_string(evidence, '$.reference') END AS reference,
    CASE signal WHEN 'robots_txt' THEN json_extract_string(evidence, '$.disallowed[0].rule')
                WHEN 'tdmrep_json' THEN json_extract_string(evidence, '$.location') END AS rule,
    CASE WHEN signal IN ('robots_txt', 'robots_content_usage', 'tdmrep_json')
         THEN coalesce(json_extract_string(evidence, '$.robots.locator'), json_extract_string(evidence, '$.file.locator'))
    END AS capture_locator
FROM raw_evidence
ORDER BY doc_id, list_position({_SIGNAL_LIST}, signal), evidence_sha256;
"""

_SIMPLE_TABLES_SQL = """
CREATE TABLE quarantine AS SELECT * FROM raw_quarantine ORDER BY record_id;
CREATE TABLE skipped AS SELECT * FROM raw_skipped ORDER BY record_id;
CREATE TABLE ingest_notices AS SELECT * FROM raw_notices ORDER BY dump_id, locator, code, message;
CREATE TABLE site_signals AS SELECT * FROM raw_site_signals ORDER BY host, kind, retrieved_at, locator;
CREATE TABLE redactions AS
    SELECT s.doc_id, coalesce(s.field, 'text') AS field, s.start, s."end", s.entity_type, s.score, s.recognizer,
           s.value_hmac, i.source_id, s.dump_id
    FROM raw_spans s LEFT JOIN dump_info i USING (dump_id)
    ORDER BY s.doc_id, field DESC, s.start, s."end";
CREATE TABLE samples AS
    SELECT sample_id, release_id, shard, "row", doc_id, source_id, licence, licence_class, attribution, dump_id,
           fingerprint
    FROM raw_samples ORDER BY sample_id, release_id;
"""

_ACCOUNTING_SQL = """
CREATE TEMP TABLE dump_counts AS
WITH docs AS (
    SELECT dump_id,
           count(*) AS documents,
           count(*) FILTER (WHERE outcome = 'sample') AS samples,
           count(*) FILTER (WHERE outcome = 'excluded') AS excluded,
           count(*) FILTER (WHERE outcome = 'duplicate') AS duplicates,
           count(*) FILTER (WHERE outcome = 'quarantined' AND outcome_stage = 'rights') AS quarantined_rights,
           count(*) FILTER (WHERE outcome = 'quarantined' AND outcome_stage = 'certify') AS quarantined_certify,
           count(*) FILTER (WHERE outcome = 'held') AS held,
           string_agg(DISTINCT outcome_stage, ', ') FILTER (WHERE outcome = 'held') AS held_at,
           count(*) FILTER (WHERE outcome = 'missing') AS missing_documents,
           count(*) FILTER (WHERE rights_decision LIKE 'include%') AS cleared
    FROM documents GROUP BY dump_id
), quar AS (SELECT dump_id, count(*) AS n FROM quarantine GROUP BY dump_id),
skip AS (SELECT dump_id, count(*) AS n FROM skipped GROUP BY dump_id),
notes AS (SELECT dump_id, count(*) AS n FROM ingest_notices GROUP BY dump_id),
red AS (SELECT dump_id, count(*) AS n FROM raw_red_docs GROUP BY dump_id),
spans AS (SELECT dump_id, count(*) AS n FROM redactions GROUP BY dump_id)
SELECT i.dump_id, i.source_id, i.path, i.records_seen, i.has_ingest,
       coalesce(docs.documents, 0) AS documents, coalesce(quar.n, 0) AS quarantined_ingest,
       coalesce(skip.n, 0) AS skipped, coalesce(notes.n, 0) AS notices,
       coalesce(red.n, 0) AS redacted, coalesce(spans.n, 0) AS redactions,
       coalesce(docs.cleared, 0) AS cleared, coalesce(docs.excluded, 0) AS excluded,
       coalesce(docs.quarantined_rights, 0) AS quarantined_rights, coalesce(docs.duplicates, 0) AS duplicates,
       coalesce(docs.quarantined_certify, 0) AS quarantined_certify, coalesce(docs.samples, 0) AS samples,
       coalesce(docs.held, 0) AS held, docs.held_at, coalesce(docs.missing_documents, 0) AS missing_documents
FROM dump_info i
LEFT JOIN docs USING (dump_id) LEFT JOIN quar USING (dump_id) LEFT JOIN skip USING (dump_id)
LEFT JOIN notes USING (dump_id) LEFT JOIN red USING (dump_id) LEFT JOIN spans USING (dump_id);

CREATE TABLE gaps AS
WITH ingest_gap AS (
    SELECT dump_id, records_seen - documents - quarantined_ingest - skipped AS diff, records_seen, documents,
           quarantined_ingest, skipped, has_ingest
    FROM dump_counts
), later_ids AS (
    -- documents later stages still hold though ingest lost them: their ids can be named
    SELECT DISTINCT r.dump_id, r.doc_id FROM raw_red_docs r ANTI JOIN raw_docs d USING (doc_id)
), named AS (
    SELECT dump_id, count(*) AS n FROM later_ids GROUP BY dump_id
)
SELECT dump_id, 'documents' AS stage, NULL::VARCHAR AS doc_id, 0::BIGINT AS records,
       'no ingest output (staging/documents/' || dump_id || '): records seen unknown' AS problem
FROM ingest_gap WHERE NOT has_ingest
UNION ALL
SELECT dump_id, 'documents', NULL, 0,
       'staging/documents/' || dump_id || '/_stats.json is missing: records seen unknown'
FROM ingest_gap WHERE has_ingest AND records_seen IS NULL
UNION ALL
SELECT l.dump_id, 'documents', l.doc_id, 1,
       'in redacted_documents but not in staging/documents/' || l.dump_id || '/documents.parquet'
FROM later_ids l JOIN ingest_gap g USING (dump_id) WHERE g.diff > 0
UNION ALL
SELECT g.dump_id, 'documents', NULL, g.diff - coalesce(n.n, 0),
       (g.diff - coalesce(n.n, 0)) || ' of ' || g.records_seen || ' records seen are neither documents nor '
       || 'quarantined nor skipped in staging/documents/' || g.dump_id
FROM ingest_gap g LEFT JOIN named n USING (dump_id) WHERE g.diff - coalesce(n.n, 0) > 0
UNION ALL
SELECT dump_id, 'documents', NULL, -diff,
       (-diff) || ' more document, quarantine and skipped rows than the ' || records_seen || ' records seen'
FROM ingest_gap WHERE diff < 0
UNION ALL
SELECT dump_id, outcome_stage, doc_id, 1,
       CASE outcome_stage
           WHEN 'redacted_documents' THEN 'not in staging/redacted_documents/' || dump_id || '/documents.parquet'
           WHEN 'cleared_documents' THEN 'no rights decision in staging/cleared_documents/' || dump_id || '/decisions.parquet'
           ELSE 'cleared (' || coalesce(rights_decision, '?') || ') but neither a sample nor a certify decision in any '
                || 'release: materialise certified_release, or the release lost it'
       END
FROM documents WHERE outcome = 'missing'
UNION ALL
SELECT s.dump_id, 'certified_release', s.doc_id, 0,
       'sample ' || s.sample_id || ' of release ' || s.release_id || ' has no document in staging/documents'
FROM samples s ANTI JOIN documents d USING (doc_id)
UNION ALL
SELECT dump_id, stage, NULL, 0, problem FROM file_problems
ORDER BY dump_id, stage, doc_id NULLS FIRST;

CREATE TABLE dumps AS
WITH g AS (SELECT dump_id, sum(records) AS missing, count(*) AS problems FROM gaps GROUP BY dump_id)
SELECT c.dump_id, c.source_id, c.path,
       coalesce(c.records_seen, c.documents + c.quarantined_ingest + c.skipped) AS records_seen,
       c.documents, c.quarantined_ingest + c.quarantined_rights + c.quarantined_certify AS quarantined,
       c.quarantined_ingest, c.skipped, c.notices, c.redacted, c.redactions, c.cleared, c.excluded, c.quarantined_rights, c.duplicates,
       c.quarantined_certify, c.samples, c.held, c.held_at,
       coalesce(g.missing, 0)::BIGINT AS missing,
       coalesce(g.problems, 0) = 0 AS complete
FROM dump_counts c LEFT JOIN g USING (dump_id)
ORDER BY dump_id;
"""

_AFTER_SQL = """
CREATE TABLE licences AS
SELECT s.release_id, s.licence, s.licence_class,
       mode(d.rights_decision) FILTER (WHERE d.rights_decision LIKE 'include%') AS decision,
       coalesce(bool_or(d.share_alike), bool_or(s.licence_class = 'share_alike')) AS share_alike,
       count(*) AS samples,
       round(count(*) / sum(count(*)) OVER (PARTITION BY s.release_id), 6) AS share,
       count(DISTINCT s.source_id) AS sources
FROM samples s LEFT JOIN documents d USING (doc_id)
GROUP BY s.release_id, s.licence, s.licence_class
ORDER BY s.release_id, samples DESC, s.licence;

CREATE TABLE optout_registry AS
WITH used AS (
    SELECT entry_id, count(DISTINCT doc_id) AS covered, count(DISTINCT doc_id) FILTER (WHERE reserves) AS excluded
    FROM optout_evidence WHERE entry_id IS NOT NULL GROUP BY entry_id
)
SELECT r.entry_id, r.scope, r.value, r.effective_from, r.reference, r.file,
       coalesce(u.covered, 0) AS documents_covered, coalesce(u.excluded, 0) AS documents_excluded,
       r.date_received, r.requested_by
FROM registry_now r LEFT JOIN used u USING (entry_id)
ORDER BY r.entry_id;

CREATE VIEW records AS
SELECT doc_id AS record_id, source_id, dump_id, locator, url, outcome, outcome_stage, outcome_reason AS reason
FROM documents
UNION ALL
SELECT record_id, source_id, dump_id, locator, NULL, 'quarantined', 'ingest', reason FROM quarantine
UNION ALL
SELECT record_id, source_id, dump_id, locator, url, 'skipped', 'ingest', reason FROM skipped;

CREATE VIEW completeness AS
SELECT dump_id, source_id, records_seen, samples, quarantined, excluded, duplicates, held, skipped,
       samples + quarantined + excluded + duplicates + held + skipped AS accounted, missing, complete
FROM dumps;

CREATE VIEW samples_to_withdraw AS
SELECT s.sample_id, s.release_id, s.shard, s."row", s.doc_id, s.source_id, d.rights_decision, d.rights_reason,
       (SELECT any_value(x.deciding_detail) FROM decisions x WHERE x.doc_id = s.doc_id AND x.stage = 'rights')
           AS deciding_detail
FROM samples s JOIN documents d USING (doc_id)
WHERE d.rights_decision IS NOT NULL AND d.rights_decision NOT LIKE 'include%';
"""


# --------------------------------------------------------------------------- the build


def build_lineage(
    workspace: Workspace,
    *,
    built_at: dt.datetime | None = None,
    memory_limit: str = "4GB",
    threads: int | None = None,
    lock_timeout: float = 1800.0,
) -> LineageStats:
    """Build ``$PROVENANCE_HOME/lineage.duckdb`` from every stage's output and swap it into place atomically.

    Unreadable stage files do not stop the build: they become rows of ``gaps`` naming the file, and
    the dump is not complete. A failure of the build itself leaves the published database untouched.
    """
    ws = workspace
    final = ws.lineage_db
    final.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with writer_lock(final.with_name(final.name + LOCK_SUFFIX), timeout=lock_timeout):
        token = uuid.uuid4().hex[:12]
        tmp = final.with_name(f".{final.stem}.{token}.building.duckdb")
        spill = final.with_name(f".{final.stem}.{token}.spill")
        try:
            stats = _build_into(ws, tmp, spill, built_at, memory_limit, threads)
            _fsync(tmp)
            os.replace(tmp, final)
            _fsync_dir(final.parent)
        finally:
            tmp.unlink(missing_ok=True)
            Path(str(tmp) + ".wal").unlink(missing_ok=True)
            shutil.rmtree(spill, ignore_errors=True)
    stats.path = final
    stats.seconds = time.perf_counter() - started
    return stats


def _build_into(
    ws: Workspace, tmp: Path, spill: Path, built_at: dt.datetime | None, memory_limit: str, threads: int | None
) -> LineageStats:
    inputs = collect(ws)
    sources, registry, versions = contract_tables(ws)
    denylist, denylist_info = denylist_table(ws)
    versions.update(
        denylist_version=denylist_info["denylist_version"], denylist_sha256=denylist_info["denylist_sha256"]
    )
    if denylist_info["problem"]:
        versions["contract_problems"] = "\n".join(
            filter(None, [versions["contract_problems"], denylist_info["problem"]])
        )
    releases, shards = release_tables(ws, inputs.present[CERTIFY])
    dumps = dump_info(ws, inputs, sorted(samples_dump_ids(inputs.files["samples"])))
    problems = pa.Table.from_pylist(
        [{"dump_id": d, "stage": s, "problem": p} for d, s, p in inputs.problems], schema=PROBLEM_SCHEMA
    )
    any_release = releases.num_rows > 0 or bool(inputs.files["samples"]) or bool(inputs.files["cert_decisions"])

    con = duckdb.connect(str(tmp), config={"storage_compatibility_version": STORAGE_COMPATIBILITY})
    try:
        spill.mkdir(parents=True, exist_ok=True)
        con.execute(f"SET memory_limit = {_sql_str(memory_limit)}")
        con.execute(f"SET temp_directory = {_sql_str(str(spill))}")
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        for name, kind in KINDS.items():
            _register_raw(
                con, name, kind, inputs.files[name], release_column=(name == "cert_decisions"), lacking=inputs.lacking
            )
        for name, table in (
            ("sources_now", sources),
            ("registry_now", registry),
            ("denylist_now", denylist),
            ("releases_now", releases),
            ("shards_now", shards),
            ("dump_info_now", dumps),
            ("file_problems_now", problems),
            ("hold_reasons_now", holds_table()),
            ("rights_clearings_now", rights_clearings_table(inputs)),
            ("release_accounting_now", release_accounting(releases)),
        ):
            con.register(name, table)
        con.execute("CREATE TABLE sources AS SELECT * FROM sources_now ORDER BY source_id")
        con.execute("CREATE TABLE denylist AS SELECT * FROM denylist_now ORDER BY domain")
        con.execute(
            "CREATE TABLE rights_clearings AS SELECT * FROM rights_clearings_now ORDER BY dump_id, judged_at NULLS FIRST"
        )
        con.execute("CREATE TABLE releases AS SELECT * FROM releases_now ORDER BY created_at NULLS LAST, release_id")
        con.execute("CREATE TABLE shards AS SELECT * FROM shards_now ORDER BY release_id, shard")
        con.execute("CREATE TEMP TABLE dump_info AS SELECT * FROM dump_info_now")
        con.execute("CREATE TEMP TABLE file_problems AS SELECT * FROM file_problems_now")
        con.execute("CREATE TEMP TABLE hold_reasons AS SELECT * FROM hold_reasons_now")
        con.execute(
            "CREATE TABLE release_accounting AS SELECT * FROM release_accounting_now "
            "ORDER BY created_at NULLS LAST, release_id"
        )
        try:
            con.execute(_SIMPLE_TABLES_SQL)
            con.execute(_DOCUMENTS_SQL.replace("{any_release}", "true" if any_release else "false"))
            con.execute(_DECISIONS_SQL)
            con.execute(_EVIDENCE_SQL)
            con.execute(_ACCOUNTING_SQL)
            con.execute(_AFTER_SQL)
            con.execute(OPTOUT_REQUESTS_SQL.read_text(encoding="utf-8"))
            con.execute(HELD_BACK_SQL.read_text(encoding="utf-8"))
        except duckdb.IOException as exc:
            raise LineageInputError(f"reading the stage outputs failed: {exc}") from None
        except duckdb.InvalidInputException as exc:
            raise LineageInputError(f"a stage output could not be read: {exc}") from None
        when = built_at or dt.datetime.now(dt.UTC)
        build_row = pa.Table.from_pylist(
            [
                {
                    "built_at": when,
                    "provenance_version": provenance.__version__,
                    "git_commit": _git_commit(),
                    "home": str(ws.home),
                    "contracts": str(ws.contracts),
                    **versions,
                }
            ],
            schema=pa.schema(
                [("built_at", pa.timestamp("us", tz="UTC"))]
                + [(n, pa.string()) for n in BY_NAME["lineage_build"].column_names[1:]]
            ),
        )
        con.register("build_now", build_row)
        con.execute("CREATE TABLE lineage_build AS SELECT * FROM build_now")
        # Tables are sorted by the id they are looked up by (zone maps skip the rest); these indexes
        # serve the lookups by another column: a document's URL, its samples, a person's keyed hash.
        con.execute("CREATE INDEX documents_url ON documents (url)")
        con.execute("CREATE INDEX samples_doc_id ON samples (doc_id)")
        con.execute("CREATE INDEX redactions_value_hmac ON redactions (value_hmac)")
        _comment(con)
        stats = _stats(con, tmp, when)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return stats


def _comment(con: duckdb.DuckDBPyConnection) -> None:
    for relation in RELATIONS:
        kind = "VIEW" if relation.kind == "view" else "TABLE"
        con.execute(f'COMMENT ON {kind} "{relation.name}" IS {_sql_str(relation.description)}')
        for column, doc in relation.columns:
            con.execute(f'COMMENT ON COLUMN "{relation.name}"."{column}" IS {_sql_str(doc)}')


def _stats(con: duckdb.DuckDBPyConnection, path: Path, when: dt.datetime) -> LineageStats:
    rows = {r.name: con.execute(f'SELECT count(*) FROM "{r.name}"').fetchall()[0][0] for r in RELATIONS}
    totals = con.execute(
        "SELECT coalesce(sum(records_seen), 0), coalesce(sum(samples), 0), coalesce(sum(held), 0), "
        "coalesce(sum(missing), 0) FROM dumps"
    ).fetchall()[0]
    incomplete = con.execute("""
        SELECT d.dump_id, d.missing, (SELECT g.problem FROM gaps g WHERE g.dump_id = d.dump_id
                                      ORDER BY g.records DESC, g.problem LIMIT 1)
        FROM dumps d WHERE NOT d.complete ORDER BY d.dump_id""").fetchall()
    incomplete += con.execute("""
        SELECT dump_id, 0, problem FROM gaps WHERE dump_id NOT IN (SELECT dump_id FROM dumps)
        ORDER BY dump_id, problem""").fetchall()
    return LineageStats(
        path=path,
        built_at=when,
        seconds=0.0,
        rows=rows,
        dumps=rows["dumps"],
        releases=rows["releases"],
        records_seen=int(totals[0]),
        samples=int(totals[1]),
        held=int(totals[2]),
        missing=int(totals[3]),
        incomplete=[(d, int(m), p or "") for d, m, p in incomplete],
    )


def _git_commit() -> str:
    from provenance.certify.manifest import git_commit

    return git_commit()


def _fsync(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
