-- decisions: one row per decision, of ingest (quarantine), rights and certify, with its evidence and the
-- signal and detail that decided it.
CREATE TABLE decisions AS
WITH ingest AS (
    SELECT record_id AS doc_id, {stage_ingest} AS stage, {decision_quarantined} AS decision, reason,
           json_object('byte_size', byte_size, 'locator', locator, 'message', message)::VARCHAR AS evidence,
           NULL::VARCHAR AS policy_version, source_id, dump_id, NULL::VARCHAR AS registry_version,
           NULL::VARCHAR AS release_id, {stage_ingest} AS deciding_signal, message AS deciding_detail
    FROM quarantine  -- its strings already redacted (stage_tables.sql)
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
           CASE WHEN decision = {decision_duplicate} THEN json_extract_string(evidence, '$.won_by') ELSE {stage_certify} END,
           CASE WHEN decision = {decision_duplicate} THEN
                'exact duplicate of sample ' || coalesce(json_extract_string(evidence, '$.survivor_sample_id'), '?')
                || ' (document ' || coalesce(json_extract_string(evidence, '$.survivor_doc_id'), '?')
                || coalesce(', release ' || json_extract_string(evidence, '$.survivor_release_id'), '')
                || '), kept by rule ' || coalesce(json_extract_string(evidence, '$.won_by'), '?')
                ELSE json_extract_string(evidence, '$.problem') END
    FROM raw_cert_decisions
)
SELECT * FROM merged
ORDER BY doc_id, CASE stage WHEN {stage_ingest} THEN 0 WHEN {stage_rights} THEN 1 ELSE 2 END, release_id;
