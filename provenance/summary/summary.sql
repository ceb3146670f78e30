-- The public summary of training content (provenance summary RELEASE), one block per figure. "?" is the
-- release id, bound by the caller. {shard_files} is the list of the release's shard files (from the shards
-- table and the release's folder), read with read_parquet: the released text is counted, nothing else.
-- Source category rule: a source whose contract's format is warc is "crawled"; any other source with a
-- provenance_url is a "public dataset"; a source with neither is "private".

-- name: release
SELECT release_id, created_at, samples, shards, path, denylist_version, optout_registry_version,
       crawler_tokens_version, licence_policy_version
FROM releases WHERE release_id = ?

-- name: shard_files
SELECT shard, present FROM shards WHERE release_id = ? ORDER BY shard

-- name: released
CREATE TEMP VIEW released AS
SELECT r.sample_id, r.lang, r.source_id, r.doc_id,
       CASE WHEN trim(r.text) = '' THEN 0 ELSE len(regexp_split_to_array(trim(r.text), '[\s\p{Z}]+')) END AS words
FROM read_parquet({shard_files}) r

-- name: size
SELECT count(*) AS samples, coalesce(sum(coalesce(words, 0)), 0)::BIGINT AS words FROM released

-- name: languages
SELECT lang, count(*) AS samples, sum(coalesce(words, 0))::BIGINT AS words
FROM released GROUP BY lang ORDER BY words DESC, lang

-- name: latest_collection
SELECT max(d.retrieved_at) AS latest_retrieved_at, max(d.published_at) AS latest_published_at
FROM released r JOIN documents d USING (doc_id)

-- name: sources
SELECT s.source_id, s.title, s.licence, s.format, s.provenance_url,
       CASE WHEN s.format = 'warc' THEN 'crawled'
            WHEN s.provenance_url IS NOT NULL THEN 'public_dataset'
            ELSE 'private' END AS category,
       count(*) AS samples, sum(coalesce(r.words, 0))::BIGINT AS words,
       round(100.0 * sum(coalesce(r.words, 0)) / nullif((SELECT sum(coalesce(words, 0)) FROM released), 0), 2)
           AS share_of_words_pct,
       min(d.retrieved_at) AS collected_from, max(d.retrieved_at) AS collected_to
FROM released r JOIN sources s USING (source_id) LEFT JOIN documents d USING (doc_id)
GROUP BY ALL ORDER BY category, words DESC, source_id

-- name: crawled_domains
WITH crawled AS (
    SELECT lower(regexp_extract(d.url, '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/]*@)?([^/:?#]+)', 1)) AS domain,
           coalesce(r.words, 0) AS words
    FROM released r JOIN documents d USING (doc_id) JOIN sources s ON s.source_id = r.source_id
    WHERE s.format = 'warc' AND d.url IS NOT NULL
), per_domain AS (
    SELECT domain, count(*) AS samples, sum(words)::BIGINT AS words FROM crawled WHERE domain <> '' GROUP BY domain
)
SELECT domain, samples, words, (SELECT count(*) FROM per_domain) AS domains
FROM per_domain ORDER BY words DESC, domain
LIMIT least(1000, greatest(1, ceil((SELECT count(*) FROM per_domain) / 10.0)::BIGINT))

-- name: reservations_honoured
SELECT CASE WHEN deciding_signal IN ({signal_robots_txt}, {signal_robots_content_usage}) THEN 'robots.txt'
            WHEN deciding_signal IN ({signal_tdmrep_json}, {signal_tdm_header}, {signal_tdm_meta}) THEN 'TDMRep'
            WHEN deciding_signal IN ({signal_content_signal}, {signal_content_usage}) THEN 'content signals'
            WHEN deciding_signal IN ({signal_meta_robots}, {signal_x_robots_tag}) THEN 'robots meta tag / X-Robots-Tag'
            WHEN deciding_signal = {signal_optout_registry} THEN 'opt-out registry'
            WHEN deciding_signal = {signal_denylist} THEN 'deny-list'
            WHEN deciding_signal = {signal_request} THEN 'requests'
            ELSE deciding_signal END AS protocol,
       count(DISTINCT doc_id) AS documents_excluded
FROM decisions
WHERE stage = {stage_rights} AND decision = {decision_excluded} AND list_contains({signal_order}, deciding_signal)
GROUP BY protocol ORDER BY protocol

-- name: requests_honoured
SELECT count(DISTINCT request_id) AS requests FROM optout_honoured WHERE release_id = ?

-- name: denylist
SELECT count(*) AS domains, (SELECT denylist_version FROM releases WHERE release_id = ?) AS version FROM denylist

-- name: pii_policies
SELECT coalesce(s.person_names, 'redact') AS person_names_policy, count(DISTINCT s.source_id) AS sources
FROM sources s WHERE s.source_id IN (SELECT source_id FROM released) GROUP BY ALL ORDER BY 1

-- name: redactions
SELECT x.entity_type, count(*) AS spans, count(DISTINCT x.doc_id) AS documents
FROM redactions x WHERE x.doc_id IN (SELECT doc_id FROM released) GROUP BY x.entity_type ORDER BY spans DESC, 1
