-- Per-release licences, the opt-out registry's use, and the views over the tables above: records,
-- completeness and samples_to_withdraw.
CREATE TABLE licences AS
SELECT s.release_id, s.licence, s.licence_class,
       mode(d.rights_decision) FILTER (WHERE d.rights_decision IN {cleared}) AS decision,
       coalesce(bool_or(d.share_alike), bool_or(s.licence_class = {class_share_alike})) AS share_alike,
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
SELECT record_id, source_id, dump_id, locator, NULL, {outcome_quarantined}, {stage_ingest}, reason FROM quarantine
UNION ALL
SELECT record_id, source_id, dump_id, locator, url, {outcome_skipped}, {stage_ingest}, reason FROM skipped;

CREATE VIEW completeness AS
SELECT dump_id, source_id, records_seen, samples, quarantined, excluded, duplicates, held, skipped,
       samples + quarantined + excluded + duplicates + held + skipped AS accounted, missing, complete
FROM dumps;

CREATE VIEW samples_to_withdraw AS
SELECT s.sample_id, s.release_id, s.shard, s."row", s.doc_id, s.source_id, d.rights_decision, d.rights_reason,
       (SELECT any_value(x.deciding_detail) FROM decisions x WHERE x.doc_id = s.doc_id AND x.stage = {stage_rights})
           AS deciding_detail
FROM samples s JOIN documents d USING (doc_id)
WHERE d.rights_decision IS NOT NULL AND d.rights_decision NOT IN {cleared};
