-- optout_evidence: every rights signal checked for every document, with the registry entry, rule and
-- capture it rests on, in the rights stage's rank order.
CREATE TABLE optout_evidence AS
SELECT *,
    CASE WHEN signal = {signal_optout_registry} THEN json_extract_string(evidence, '$.entry_id') END AS entry_id,
    CASE WHEN signal = {signal_optout_registry} THEN json_extract_string(evidence, '$.reference') END AS reference,
    CASE signal WHEN {signal_robots_txt} THEN json_extract_string(evidence, '$.disallowed[0].rule')
                WHEN {signal_tdmrep_json} THEN json_extract_string(evidence, '$.location') END AS rule,
    CASE WHEN signal IN ({signal_robots_txt}, {signal_robots_content_usage}, {signal_tdmrep_json})
         THEN coalesce(json_extract_string(evidence, '$.robots.locator'), json_extract_string(evidence, '$.file.locator'))
    END AS capture_locator
FROM raw_evidence
ORDER BY doc_id, list_position({signal_order}, signal), evidence_sha256;
