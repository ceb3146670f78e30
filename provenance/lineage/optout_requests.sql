-- The opt-out ledger across releases (docs/legal.md, "The opt-out ledger"). Runs after the tables
-- documents, samples, sources, releases, optout_evidence and optout_registry exist.

-- Which requests each release honours: those every input of the release was cleared against, as its
-- signed manifest states (contracts.optout_registry.requests_honoured). A manifest written before the
-- ledger existed states none: lineage cannot tell that such a release honoured any request.
CREATE TABLE optout_honoured AS
SELECT release_id, created_at AS release_created_at, unnest(optout_requests_honoured) AS request_id
FROM releases
WHERE optout_requests_honoured IS NOT NULL
ORDER BY request_id, release_created_at NULLS LAST, release_id;

-- Every document a request's scope covers. Two ways, so that content released before a request
-- existed is found even where the rights stage has not run again since:
--   evidence: the rights stage's own matching (every scope, authors included) named the request;
--   scope:    the document's URL host (domain), URL without its scheme (url_prefix), fingerprint, or
--             its source's rights holder (case and spaces ignored) matches the request's value.
CREATE TEMP TABLE doc_keys AS
SELECT doc_id, source_id, content_fingerprint, coalesce(retrieved_at, published_at) AS captured_at,
       rtrim(lower(regexp_extract(url, '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#:]+)', 1)), '.') AS host,
       lower(regexp_extract(url, '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)', 1))
           || regexp_extract(url, '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*(.*)$', 1) AS url_key
FROM documents;

CREATE TEMP TABLE host_suffixes AS
SELECT k.doc_id, array_to_string(list_slice(k.labels, g.i, len(k.labels)), '.') AS suffix
FROM (SELECT doc_id, string_split(host, '.') AS labels FROM doc_keys WHERE host IS NOT NULL AND host <> '') k,
     generate_series(1, len(k.labels)) AS g(i);

CREATE TABLE optout_matches AS
WITH requests AS (
    SELECT entry_id, scope, value, effective_from,
           CASE WHEN scope = 'url_prefix' THEN
                lower(regexp_extract(value, '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)', 1))
                || regexp_extract(value, '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*(.*)$', 1) END AS prefix_key
    FROM registry_now
), matched AS (
    SELECT doc_id, entry_id AS request_id, 'evidence' AS matched_by
    FROM optout_evidence WHERE signal = {signal_optout_registry} AND entry_id IS NOT NULL
    UNION ALL
    SELECT h.doc_id, r.entry_id, 'scope' FROM requests r JOIN host_suffixes h ON r.scope = 'domain' AND h.suffix = r.value
    UNION ALL
    SELECT k.doc_id, r.entry_id, 'scope' FROM requests r JOIN doc_keys k
        ON r.scope = 'url_prefix' AND r.prefix_key <> '' AND starts_with(k.url_key, r.prefix_key)
    UNION ALL
    SELECT k.doc_id, r.entry_id, 'scope' FROM requests r JOIN doc_keys k
        ON r.scope = 'fingerprint' AND k.content_fingerprint = lower(r.value)
    UNION ALL
    SELECT k.doc_id, r.entry_id, 'scope' FROM requests r
        JOIN sources s ON r.scope = 'rights_holder'
            AND lower(regexp_replace(trim(nfc_normalize(s.rights_holder)), '\s+', ' ', 'g'))
                = lower(regexp_replace(trim(nfc_normalize(r.value)), '\s+', ' ', 'g'))
        JOIN doc_keys k ON k.source_id = s.source_id
)
SELECT m.request_id, m.doc_id, string_agg(DISTINCT m.matched_by, ', ' ORDER BY m.matched_by) AS matched_by,
       -- the rights stage applies a request to documents captured on or after its effective_from (or undated)
       bool_or(k.captured_at IS NULL OR CAST(timezone('UTC', k.captured_at) AS DATE) >= r.effective_from) AS in_force
FROM matched m JOIN requests r ON r.entry_id = m.request_id LEFT JOIN doc_keys k ON k.doc_id = m.doc_id
GROUP BY m.request_id, m.doc_id
ORDER BY m.request_id, m.doc_id;

CREATE VIEW optout_exposure AS
WITH first AS (
    SELECT request_id, min(release_created_at) AS first_honoured_at FROM optout_honoured GROUP BY request_id
)
SELECT m.request_id, s.release_id, r.created_at AS release_created_at,
       h.request_id IS NOT NULL AS release_honours,
       f.first_honoured_at IS NULL OR r.created_at < f.first_honoured_at AS before_honoured,
       count(DISTINCT s.sample_id) AS samples,
       count(DISTINCT s.sample_id) FILTER (WHERE m.in_force) AS samples_in_force,
       count(DISTINCT s.doc_id) AS documents,
       string_agg(DISTINCT m.matched_by, ', ') AS matched_by
FROM optout_matches m
JOIN samples s ON s.doc_id = m.doc_id
LEFT JOIN releases r ON r.release_id = s.release_id
LEFT JOIN optout_honoured h ON h.release_id = s.release_id AND h.request_id = m.request_id
LEFT JOIN first f ON f.request_id = m.request_id
GROUP BY ALL
ORDER BY m.request_id, r.created_at NULLS LAST, s.release_id;

CREATE VIEW optout_requests AS
WITH first AS (
    SELECT request_id, arg_min(release_id, release_created_at) AS release_id, min(release_created_at) AS created_at
    FROM optout_honoured GROUP BY request_id
), exposed AS (
    SELECT request_id,
           list(release_id || ' (' || samples || ' samples)' ORDER BY release_created_at NULLS LAST, release_id)
               AS releases,
           count(*) AS release_count, sum(samples)::BIGINT AS samples
    FROM optout_exposure WHERE NOT release_honours GROUP BY request_id
)
SELECT o.entry_id AS request_id, o.date_received, o.scope, o.value, o.requested_by, o.reference, o.effective_from,
       o.file, f.release_id AS first_honoured_by, f.created_at AS first_honoured_at,
       coalesce(x.releases, []::VARCHAR[]) AS exposed_releases, coalesce(x.release_count, 0) AS exposed_release_count,
       coalesce(x.samples, 0) AS exposed_samples, o.documents_covered, o.documents_excluded
FROM optout_registry o
LEFT JOIN first f ON f.request_id = o.entry_id
LEFT JOIN exposed x ON x.request_id = o.entry_id
ORDER BY o.date_received, o.entry_id;
