-- The legal team's named questions (provenance.lineage.queries), one block per statement. A block starts
-- at its "-- name:" line; "?" are parameters, bound by the caller, never pasted in.

-- name: signals_of_document
SELECT signal, status, reserves, detail, entry_id, reference, rule, capture_locator, evidence_sha256
FROM optout_evidence WHERE doc_id = ? ORDER BY list_position({signal_order}, signal), evidence_sha256

-- name: redactions_of_document
SELECT field, entity_type, count(*) AS spans,
       string_agg(DISTINCT recognizer, ', ' ORDER BY recognizer) AS recognizers
FROM redactions WHERE doc_id = ? GROUP BY field, entity_type ORDER BY field DESC, spans DESC, entity_type

-- name: decisions_of_document
SELECT stage, decision, reason, deciding_detail, policy_version, registry_version, release_id, evidence_sha256
FROM decisions WHERE doc_id = ?
ORDER BY CASE stage WHEN {stage_ingest} THEN 0 WHEN {stage_rights} THEN 1 ELSE 2 END, release_id

-- name: samples_of_document
SELECT s.release_id, s.sample_id, s.shard, s."row", s.licence, s.fingerprint, r.created_at AS release_created_at
FROM samples s LEFT JOIN releases r USING (release_id) WHERE s.doc_id = ?
ORDER BY r.created_at NULLS LAST, s.release_id

-- name: document
SELECT d.doc_id, d.source_id, src.title AS source_title, src.rights_holder, d.dump_id, du.path AS dump_path,
       d.locator, d.url, d.title, d.author, d.author_reason, d.published_at, d.retrieved_at, d.lang,
       d.content_fingerprint, d.flags, d.licence_declared, d.licence_hints, d.licence, d.licence_class,
       d.licence_source, d.licence_why, d.share_alike, d.attribution, d.rights_decision, d.rights_reason,
       d.redaction_count, d.person_names, d.person_names_basis, d.outcome, d.outcome_stage, d.outcome_reason
FROM (SELECT * FROM documents WHERE doc_id = ?) d
LEFT JOIN sources src ON src.source_id = d.source_id
LEFT JOIN dumps du ON du.dump_id = d.dump_id

-- name: licence_evidence
SELECT json_extract(evidence, '$.licence')::VARCHAR AS licence FROM decisions
WHERE doc_id = ? AND stage = {stage_rights} LIMIT 1

-- name: sample
SELECT * FROM samples WHERE sample_id = ? ORDER BY release_id LIMIT 1

-- name: release_of_sample
SELECT created_at, manifest_sha256, merkle_root, key_id, signature_valid, path FROM releases WHERE release_id = ?

-- name: shard_digest
SELECT sha256 FROM shards WHERE release_id = ? AND shard = ?

-- name: document_exists
SELECT 1 AS x FROM documents WHERE doc_id = ?

-- name: quarantined_record
SELECT * FROM quarantine WHERE record_id = ?

-- name: skipped_record
SELECT * FROM skipped WHERE record_id = ?

-- name: documents_by_url
SELECT doc_id FROM documents WHERE url = ? ORDER BY retrieved_at NULLS LAST, doc_id

-- name: skipped_by_url
SELECT * FROM skipped WHERE url = ? ORDER BY locator

-- name: excluded
-- parameters: reason, reason, source, source (null: any)
SELECT x.doc_id, x.source_id, x.dump_id, d.url, d.locator, d.retrieved_at, x.reason, x.deciding_signal,
       x.deciding_detail, json_extract_string(x.evidence, '$.deciding.entry_id') AS entry_id,
       json_extract_string(x.evidence, '$.deciding.reference') AS reference,
       x.registry_version, x.policy_version, x.evidence_sha256,
       (SELECT list(s.sample_id ORDER BY s.release_id) FROM samples s WHERE s.doc_id = x.doc_id)
           AS published_samples
FROM decisions x LEFT JOIN documents d USING (doc_id)
WHERE x.stage = {stage_rights} AND x.decision = {decision_excluded}
  AND (?::VARCHAR IS NULL OR x.reason = ?) AND (?::VARCHAR IS NULL OR x.source_id = ?)
ORDER BY x.source_id, x.reason, d.url NULLS LAST, x.doc_id

-- name: excluded_reasons
SELECT DISTINCT reason FROM decisions WHERE stage = {stage_rights} AND decision = {decision_excluded} ORDER BY reason

-- name: known_sources
SELECT source_id FROM sources UNION SELECT DISTINCT source_id FROM dumps ORDER BY 1

-- name: held_back
-- parameters: status, then reason, stage and source twice each (null: any)
SELECT record_id, source_id, dump_id, stage, reason, waits_for, url, locator, detail, evidence_sha256, release_id
FROM held_back
WHERE status = ? AND (?::VARCHAR IS NULL OR reason = ?) AND (?::VARCHAR IS NULL OR stage = ?)
  AND (?::VARCHAR IS NULL OR source_id = ?)
ORDER BY source_id, stage, reason, url NULLS LAST, locator, record_id

-- name: held_back_reasons
SELECT DISTINCT reason FROM held_back WHERE status = ? ORDER BY 1

-- name: held_back_counts
SELECT status, reason, count(*) AS n FROM held_back WHERE ? IS NULL OR source_id = ?
GROUP BY ALL ORDER BY status, n DESC, reason

-- name: release_exists
SELECT 1 AS x FROM releases WHERE release_id = ?

-- name: release_ids
SELECT release_id FROM releases ORDER BY created_at NULLS LAST, release_id

-- name: licences
SELECT licence, licence_class, decision, share_alike, samples, share, sources
FROM licences WHERE release_id = ? ORDER BY samples DESC, licence

-- name: attribution
SELECT s.source_id, coalesce(src.title, s.source_id) AS source,
       coalesce(d.rights_holder, src.rights_holder) AS rights_holder, s.licence,
       s.attribution, count(*) AS samples
FROM samples s LEFT JOIN sources src USING (source_id) LEFT JOIN documents d USING (doc_id)
WHERE s.release_id = ? AND s.attribution IS NOT NULL AND trim(s.attribution) <> ''
GROUP BY ALL
ORDER BY s.source_id, rights_holder, s.licence, s.attribution

-- name: releases
SELECT r.release_id, r.created_at, a.input_dumps, a.records_seen, a.documents, a.ingest_quarantined,
       a.skipped, a.redaction_held, a.rights_cleared, a.rights_excluded, a.rights_quarantined,
       a.already_released, coalesce(a.duplicates, r.duplicates) AS duplicates,
       coalesce(a.certify_quarantined, r.quarantined) AS certify_quarantined, r.samples, r.shards,
       r.signature_valid, r.manifest_sha256, r.merkle_root, r.key_id, r.licence_policy_version,
       r.optout_registry_version, r.earlier_releases
FROM releases r LEFT JOIN release_accounting a USING (release_id)
ORDER BY r.created_at NULLS LAST, r.release_id

-- name: optout_requests
SELECT request_id, date_received, scope, value, requested_by, reference, effective_from,
       first_honoured_by, first_honoured_at, exposed_releases, exposed_samples, documents_excluded
FROM optout_requests ORDER BY date_received, request_id

-- name: optout_request_exists
SELECT 1 AS x FROM optout_requests WHERE request_id = ?

-- name: optout_request_ids
SELECT request_id FROM optout_requests ORDER BY request_id

-- name: optout_exposure
SELECT request_id, release_id, release_created_at, release_honours, before_honoured, samples,
       samples_in_force, documents, matched_by
FROM optout_exposure WHERE request_id = ? ORDER BY release_created_at NULLS LAST, release_id

-- name: showcase_sample
-- The demo's sample worth telling: one with redactions and an attribution, else any; the smallest id, so it is stable.
SELECT s.sample_id FROM samples s JOIN documents d USING (doc_id)
ORDER BY (d.redaction_count > 0) DESC, (s.attribution IS NOT NULL) DESC, s.sample_id LIMIT 1
