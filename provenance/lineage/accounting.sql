-- The accounting per dump: counts per outcome (dump_counts), what is unaccounted for and why (gaps), and
-- the dumps table that says whether records seen = samples + decided + held + skipped.
CREATE TEMP TABLE dump_counts AS
WITH docs AS (
    SELECT dump_id,
           count(*) AS documents,
           count(*) FILTER (WHERE outcome = {outcome_sample}) AS samples,
           count(*) FILTER (WHERE outcome = {outcome_excluded}) AS excluded,
           count(*) FILTER (WHERE outcome = {outcome_duplicate}) AS duplicates,
           count(*) FILTER (WHERE outcome = {outcome_quarantined} AND outcome_stage = {stage_rights}) AS quarantined_rights,
           count(*) FILTER (WHERE outcome = {outcome_quarantined} AND outcome_stage = {stage_certify}) AS quarantined_certify,
           count(*) FILTER (WHERE outcome = {outcome_held}) AS held,
           string_agg(DISTINCT outcome_stage, ', ') FILTER (WHERE outcome = {outcome_held}) AS held_at,
           count(*) FILTER (WHERE outcome = {outcome_missing}) AS missing_documents,
           count(*) FILTER (WHERE rights_decision IN {cleared}) AS cleared
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
SELECT dump_id, {output_documents} AS stage, NULL::VARCHAR AS doc_id, 0::BIGINT AS records,
       'no ingest output (' || {folder_documents} || '/' || dump_id || '): records seen unknown' AS problem
FROM ingest_gap WHERE NOT has_ingest
UNION ALL
SELECT dump_id, {output_documents}, NULL, 0,
       {folder_documents} || '/' || dump_id || '/' || {file_stats} || ' is missing: records seen unknown'
FROM ingest_gap WHERE has_ingest AND records_seen IS NULL
UNION ALL
SELECT l.dump_id, {output_documents}, l.doc_id, 1,
       'in ' || {output_redacted_documents} || ' but not in ' || {folder_documents} || '/' || l.dump_id || '/' || {file_documents}
FROM later_ids l JOIN ingest_gap g USING (dump_id) WHERE g.diff > 0
UNION ALL
SELECT g.dump_id, {output_documents}, NULL, g.diff - coalesce(n.n, 0),
       (g.diff - coalesce(n.n, 0)) || ' of ' || g.records_seen || ' records seen are neither documents nor '
       || 'quarantined nor skipped in ' || {folder_documents} || '/' || g.dump_id
FROM ingest_gap g LEFT JOIN named n USING (dump_id) WHERE g.diff - coalesce(n.n, 0) > 0
UNION ALL
SELECT dump_id, {output_documents}, NULL, -diff,
       (-diff) || ' more document, quarantine and skipped rows than the ' || records_seen || ' records seen'
FROM ingest_gap WHERE diff < 0
UNION ALL
SELECT dump_id, outcome_stage, doc_id, 1,
       CASE outcome_stage
           WHEN {output_redacted_documents} THEN 'not in ' || {folder_redacted_documents} || '/' || dump_id || '/' || {file_documents}
           WHEN {output_cleared_documents}
               THEN 'no rights decision in ' || {folder_cleared_documents} || '/' || dump_id || '/' || {file_decisions}
           ELSE 'cleared (' || coalesce(rights_decision, '?') || ') but neither a sample nor a certify decision in any '
                || 'release: materialise certified_release, or the release lost it'
       END
FROM documents WHERE outcome = {outcome_missing}
UNION ALL
SELECT s.dump_id, {output_certified_release}, s.doc_id, 0,
       'sample ' || s.sample_id || ' of release ' || s.release_id || ' has no document in ' || {folder_documents}
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
