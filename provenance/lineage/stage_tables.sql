-- The stage outputs as tables, each row as its stage wrote it: ingest's quarantine, skipped records, notices
-- and site signals, the redaction spans (never a value) and every release's samples. Ingest's strings (locators,
-- URLs, messages, robots.txt bodies) were stored before the redaction stage: their identifiers are redacted here
-- (pii_identifiers, provenance.lineage.personal_data).
CREATE TABLE quarantine AS
    SELECT * REPLACE (pii_identifiers(locator) AS locator, pii_identifiers(message) AS message)
    FROM raw_quarantine ORDER BY record_id;
CREATE TABLE skipped AS
    SELECT * REPLACE (pii_identifiers(locator) AS locator, pii_identifiers(url) AS url)
    FROM raw_skipped ORDER BY record_id;
CREATE TABLE ingest_notices AS
    SELECT * REPLACE (pii_identifiers(locator) AS locator, pii_identifiers(message) AS message)
    FROM raw_notices ORDER BY dump_id, locator, code, message;
CREATE TABLE site_signals AS
    SELECT * REPLACE (pii_identifiers(locator) AS locator, pii_identifiers(url) AS url, pii_identifiers(body) AS body)
    FROM raw_site_signals ORDER BY host, kind, retrieved_at, locator;
CREATE TABLE redactions AS
    SELECT s.doc_id, coalesce(s.field, 'text') AS field, s.start, s."end", s.entity_type, s.score, s.recognizer,
           s.value_hmac, i.source_id, s.dump_id
    FROM raw_spans s LEFT JOIN dump_info i USING (dump_id)
    ORDER BY s.doc_id, field DESC, s.start, s."end";
CREATE TABLE samples AS
    SELECT sample_id, release_id, shard, "row", doc_id, source_id, licence, licence_class, attribution, dump_id,
           fingerprint
    FROM raw_samples ORDER BY sample_id, release_id;
