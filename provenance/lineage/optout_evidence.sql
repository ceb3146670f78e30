CREATE TABLE optout_evidence AS
SELECT *,
    CASE WHEN signal = 'optout_registry' THEN json_extract_string(evidence, '$.entry_id') END AS entry_id,
    CASE WHEN signal = 'optout_registry' THEN json_extract_string(evidence, '$.reference') END AS reference,
    CASE signal WHEN 'robots_txt' THEN json_extract_string(evidence, '$.disallowed[0].rule')
                WHEN 'tdmrep_json' THEN json_extract_string(evidence, '$.location') END AS rule,
    CASE WHEN signal IN ('robots_txt', 'robots_content_usage', 'tdmrep_json')
         THEN coalesce(json_extract_string(evidence, '$.robots.locator'), json_extract_string(evidence, '$.file.locator'))
    END AS capture_locator
FROM raw_evidence
ORDER BY doc_id, list_position(['denylist', 'optout_registry', 'tdm_meta', 'tdm_header', 'tdmrep_json', 'robots_txt', 'content_usage', 'robots_content_usage', 'content_signal', 'x_robots_tag', 'meta_robots'], signal), evidence_sha256;
