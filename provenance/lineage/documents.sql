-- documents: one row per document, with its licence, its rights decision and its outcome: the first stage
-- that stopped it (held or missing at a stage output, excluded, quarantined, duplicate) or the sample it became.
-- any_release (filled in by the build) is true once any release exists (a cleared document in none is then missing, not held).
CREATE TEMP TABLE red_one AS
    SELECT DISTINCT ON (doc_id) doc_id, lang, flags, redaction_count, title, person_names, person_names_basis,
           locator, url, licence, licence_hints
    FROM raw_red_docs;
CREATE TEMP TABLE rights_one AS SELECT DISTINCT ON (doc_id) doc_id, decision, reason, evidence FROM raw_rights;
CREATE TEMP TABLE cleared_one AS
    SELECT DISTINCT ON (doc_id) doc_id, licence_spdx, licence_class, licence_source, attribution, share_alike, author,
           rights_holder, rights_holder_origin
    FROM raw_cleared;
CREATE TEMP TABLE latest_sample AS
    SELECT DISTINCT ON (s.doc_id) s.doc_id, s.sample_id, s.release_id
    FROM raw_samples s LEFT JOIN releases r USING (release_id)
    ORDER BY s.doc_id, r.created_at DESC NULLS LAST, s.release_id DESC;
CREATE TEMP TABLE cert_one AS
    SELECT DISTINCT ON (c.doc_id) c.doc_id, c.decision, c.reason
    FROM raw_cert_decisions c LEFT JOIN releases r USING (release_id)
    ORDER BY c.doc_id, (c.decision = {decision_duplicate}) DESC, r.created_at DESC NULLS LAST, c.release_id DESC;

CREATE TABLE documents AS
WITH flow AS (
    -- The URL, locator and licence statements as the redaction stage wrote them; ingest's, identifiers redacted,
    -- until it has run (provenance.lineage.personal_data).
    SELECT d.* REPLACE (CASE WHEN r.doc_id IS NOT NULL THEN r.locator ELSE pii_identifiers(d.locator) END AS locator,
                        CASE WHEN r.doc_id IS NOT NULL THEN r.url ELSE pii_identifiers(d.url) END AS url,
                        CASE WHEN r.doc_id IS NOT NULL THEN r.licence ELSE pii_identifiers(d.licence) END AS licence,
                        CASE WHEN r.doc_id IS NOT NULL THEN r.licence_hints
                             ELSE pii_identifiers_list(d.licence_hints) END AS licence_hints),
           r.doc_id IS NOT NULL AS redacted, r.lang AS red_lang, r.flags AS red_flags, r.redaction_count,
           r.title, r.person_names, r.person_names_basis, c.author,
           rd.decision AS rights_decision, rd.reason AS rights_reason, rd.evidence AS rights_evidence,
           c.licence_spdx, c.licence_class AS c_class, c.licence_source AS c_source, c.attribution,
           c.share_alike AS c_share_alike, c.rights_holder AS c_holder, c.rights_holder_origin AS c_holder_origin,
           ls.sample_id, ls.release_id, cd.decision AS cert_decision, cd.reason AS cert_reason,
           coalesce(i.has_redacted, false) AS has_redacted, coalesce(i.has_rights, false) AS has_rights
    FROM raw_docs d
    LEFT JOIN red_one r ON r.doc_id = d.doc_id
    LEFT JOIN rights_one rd ON rd.doc_id = d.doc_id
    LEFT JOIN cleared_one c ON c.doc_id = d.doc_id
    LEFT JOIN latest_sample ls ON ls.doc_id = d.doc_id
    LEFT JOIN cert_one cd ON cd.doc_id = d.doc_id
    LEFT JOIN dump_info i ON i.dump_id = d.dump_id
), decided AS (
    SELECT *,
        CASE
            WHEN NOT redacted THEN struct_pack(o := CASE WHEN has_redacted THEN {outcome_missing} ELSE {outcome_held} END,
                                              s := {output_redacted_documents},
                                              r := CASE WHEN has_redacted THEN {reason_not_in_stage_output} ELSE {reason_stage_not_run} END)
            WHEN rights_decision IS NULL THEN struct_pack(o := CASE WHEN has_rights THEN {outcome_missing} ELSE {outcome_held} END,
                                              s := {output_cleared_documents},
                                              r := CASE WHEN has_rights THEN {reason_no_rights_decision} ELSE {reason_stage_not_run} END)
            WHEN rights_decision IN ({decision_excluded}, {decision_quarantined}, {decision_duplicate})
                THEN struct_pack(o := rights_decision, s := {stage_rights}, r := rights_reason)
            WHEN sample_id IS NOT NULL THEN struct_pack(o := {outcome_sample}, s := {stage_certify}, r := rights_decision)
            WHEN cert_decision IN ({decision_duplicate}, {decision_quarantined})
                THEN struct_pack(o := cert_decision, s := {stage_certify}, r := cert_reason)
            WHEN {any_release} THEN struct_pack(o := {outcome_missing}, s := {output_certified_release}, r := {reason_in_no_release})
            ELSE struct_pack(o := {outcome_held}, s := {output_certified_release}, r := {reason_no_release_yet})
        END AS outcome_struct
    FROM flow
)
SELECT doc_id, source_id, dump_id, locator, url, title, author,
       json_extract_string(rights_evidence, '$.author.why') AS author_reason, published_at, retrieved_at,
       coalesce(red_lang, lang) AS lang, licence AS licence_declared, licence_hints, content_type,
       content_fingerprint, coalesce(red_flags, flags) AS flags, redaction_count, person_names, person_names_basis,
       coalesce(licence_spdx, json_extract_string(rights_evidence, '$.licence.spdx')) AS licence,
       coalesce(c_class, json_extract_string(rights_evidence, '$.licence.class')) AS licence_class,
       coalesce(c_source, json_extract_string(rights_evidence, '$.licence.source')) AS licence_source,
       json_extract_string(rights_evidence, '$.licence.why') AS licence_why,
       coalesce(c_share_alike, TRY_CAST(json_extract_string(rights_evidence, '$.licence.share_alike') AS BOOLEAN))
           AS share_alike,
       attribution,
       coalesce(c_holder, json_extract_string(rights_evidence, '$.rights_holder.rights_holder')) AS rights_holder,
       coalesce(c_holder_origin, json_extract_string(rights_evidence, '$.rights_holder.origin'))
           AS rights_holder_origin,
       rights_decision, rights_reason,
       outcome_struct.o AS outcome, outcome_struct.s AS outcome_stage, outcome_struct.r AS outcome_reason,
       sample_id, release_id
FROM decided
ORDER BY doc_id;
