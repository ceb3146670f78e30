-- Questions about a party (provenance.lineage.parties), one block per statement; "?" are parameters.

-- A rights holder's name matches case and accents ignored, part of the name being enough. "Its documents"
-- are those credited to it (a crawled site's pages) and those of the sources it publishes: the parameters
-- (name, source ids) of the doc_id IN (...) test below.

-- name: holder_sources
SELECT source_id, title, rights_holder, licence, attribution, provenance_url FROM sources
WHERE strip_accents(lower(rights_holder)) LIKE '%' || strip_accents(lower(?)) || '%' ORDER BY source_id

-- name: holder_optout_entries
SELECT entry_id, scope, value, effective_from, reference, file, documents_covered, documents_excluded
FROM optout_registry
WHERE scope = 'rights_holder' AND strip_accents(lower(value)) LIKE '%' || strip_accents(lower(?)) || '%'
ORDER BY entry_id

-- name: holder_credited
SELECT source_id, rights_holder, rights_holder_origin, count(*) AS documents,
       count(*) FILTER (WHERE outcome = {outcome_sample}) AS samples,
       count(*) FILTER (WHERE outcome = {outcome_excluded}) AS excluded,
       count(*) FILTER (WHERE outcome = {outcome_quarantined}) AS quarantined
FROM documents WHERE strip_accents(lower(rights_holder)) LIKE '%' || strip_accents(lower(?)) || '%'
GROUP BY ALL ORDER BY source_id, rights_holder

-- name: rights_holders_known
SELECT DISTINCT rights_holder FROM sources UNION
SELECT DISTINCT rights_holder FROM documents WHERE rights_holder IS NOT NULL
ORDER BY 1

-- name: holder_accounting
SELECT source_id, sum(records_seen)::BIGINT AS records_seen, sum(documents)::BIGINT AS documents,
       sum(samples)::BIGINT AS samples, sum(excluded)::BIGINT AS excluded,
       sum(quarantined)::BIGINT AS quarantined, sum(duplicates)::BIGINT AS duplicates,
       sum(held)::BIGINT AS held, sum(missing)::BIGINT AS missing
FROM dumps WHERE source_id IN (SELECT unnest(?::VARCHAR[])) GROUP BY source_id ORDER BY source_id

-- name: holder_exclusions
SELECT source_id, reason, deciding_signal, json_extract_string(evidence, '$.deciding.entry_id') AS entry_id,
       count(*) AS documents
FROM decisions
WHERE stage = {stage_rights} AND decision = {decision_excluded}
  AND doc_id IN (SELECT doc_id FROM documents
                 WHERE strip_accents(lower(rights_holder)) LIKE '%' || strip_accents(lower(?)) || '%'
                    OR source_id IN (SELECT unnest(?::VARCHAR[])))
GROUP BY ALL ORDER BY source_id, documents DESC, reason

-- name: holder_optouts
SELECT r.entry_id, r.scope, r.value, r.effective_from, r.reference,
       count(DISTINCT e.doc_id) FILTER (WHERE e.reserves) AS documents_excluded,
       count(DISTINCT e.doc_id) FILTER (WHERE NOT e.reserves) AS documents_not_yet_effective
FROM optout_registry r
LEFT JOIN optout_evidence e ON e.entry_id = r.entry_id
    AND e.doc_id IN (SELECT doc_id FROM documents
                     WHERE strip_accents(lower(rights_holder)) LIKE '%' || strip_accents(lower(?)) || '%'
                        OR source_id IN (SELECT unnest(?::VARCHAR[])))
WHERE (r.scope = 'rights_holder' AND strip_accents(lower(r.value)) LIKE '%' || strip_accents(lower(?)) || '%')
   OR e.doc_id IS NOT NULL
GROUP BY ALL ORDER BY r.entry_id

-- name: holder_samples_per_release
SELECT release_id, source_id, licence, count(*) AS samples FROM samples
WHERE doc_id IN (SELECT doc_id FROM documents
                 WHERE strip_accents(lower(rights_holder)) LIKE '%' || strip_accents(lower(?)) || '%'
                    OR source_id IN (SELECT unnest(?::VARCHAR[])))
GROUP BY ALL ORDER BY release_id, source_id, licence

-- name: holder_outcomes
SELECT count(*) AS documents, count(*) FILTER (WHERE outcome = {outcome_sample}) AS samples,
       count(*) FILTER (WHERE outcome = {outcome_excluded}) AS excluded,
       count(*) FILTER (WHERE outcome = {outcome_quarantined}) AS quarantined,
       count(*) FILTER (WHERE outcome = {outcome_duplicate}) AS duplicates,
       count(*) FILTER (WHERE outcome = {outcome_held}) AS held
FROM documents
WHERE doc_id IN (SELECT doc_id FROM documents
                 WHERE strip_accents(lower(rights_holder)) LIKE '%' || strip_accents(lower(?)) || '%'
                    OR source_id IN (SELECT unnest(?::VARCHAR[])))

-- name: person_documents
-- Documents whose redactions match one of the keyed hashes registered as person_hashes (value_hmac, match).
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
ORDER BY p.match, d.source_id, d.dump_id, p.doc_id
