-- held_back: every record held back from release, one row each: held (waiting for a stage, a release or a
-- person; hold_reasons says for what) or quarantined (rejected as unreadable, invalid or failed).
-- Reads documents, decisions and quarantine; hold_reasons is provenance.lineage.held_back.holds().
CREATE TABLE held_back AS
WITH deciding AS (
    SELECT DISTINCT ON (doc_id, stage) doc_id, stage, reason, deciding_detail, evidence_sha256, release_id
    FROM decisions WHERE decision = {decision_quarantined}
    ORDER BY doc_id, stage, release_id DESC NULLS LAST
), ingest AS (
    SELECT q.record_id, {stage_ingest} AS stage, q.reason, q.source_id, q.dump_id, NULL::VARCHAR AS url, q.locator,
           q.message AS detail, x.evidence_sha256, NULL::VARCHAR AS release_id
    FROM quarantine q LEFT JOIN deciding x ON x.doc_id = q.record_id AND x.stage = {stage_ingest}
), later AS (
    SELECT d.doc_id AS record_id, d.outcome_stage AS stage, d.outcome_reason AS reason, d.source_id, d.dump_id,
           d.url, d.locator,
           CASE WHEN d.outcome = {outcome_held} AND d.outcome_stage = {output_certified_release}
                    THEN 'cleared (' || coalesce(d.rights_decision, '?') || '); no release has read it yet'
                WHEN d.outcome = {outcome_held}
                    THEN 'no ' || d.outcome_stage || ' output for dump ' || d.dump_id || ' yet'
                ELSE x.deciding_detail END AS detail,
           x.evidence_sha256, x.release_id
    FROM documents d
    LEFT JOIN deciding x ON x.doc_id = d.doc_id AND x.stage = d.outcome_stage
    WHERE d.outcome IN ({outcome_held}, {outcome_quarantined})
), held_back AS (
    SELECT * FROM ingest UNION ALL SELECT * FROM later
)
SELECT b.record_id,
       CASE WHEN h.reason IS NOT NULL THEN {held_back_held} ELSE {held_back_quarantined} END AS status,
       b.stage, b.reason, h.waits_for, b.source_id, b.dump_id, b.url, b.locator, b.detail, b.evidence_sha256,
       b.release_id
FROM held_back b LEFT JOIN hold_reasons h ON h.stage = b.stage AND h.reason = b.reason
ORDER BY status, b.source_id, b.stage, b.reason, b.url NULLS LAST, b.locator, b.record_id;
