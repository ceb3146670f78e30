-- The lineage a request's impact is read from (provenance.requests_impact).

-- name: person_documents
-- Documents with a PERSON redaction whose keyed hash is one the request records (registered as person_hmacs).
SELECT DISTINCT r.doc_id
FROM redactions r JOIN person_hmacs h USING (value_hmac)
WHERE r.entity_type = 'PERSON'
ORDER BY r.doc_id

-- name: candidates
-- Every document with each sample it gave in each release (none: one row with null release and sample),
-- and what a request may name it by.
SELECT s.release_id, s.sample_id, d.doc_id, d.source_id, d.url, d.content_fingerprint,
       s.fingerprint AS sample_fingerprint, d.rights_holder, src.rights_holder AS source_rights_holder
FROM documents d
LEFT JOIN samples s USING (doc_id)
LEFT JOIN sources src ON src.source_id = d.source_id
