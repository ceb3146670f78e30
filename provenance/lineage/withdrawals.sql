-- Withdrawals after release: every signed withdrawal list's rows (withdrawals_now, read in Python), and each
-- withdrawn sample with the requests that withdraw it.
CREATE TABLE withdrawals AS SELECT * FROM withdrawals_now ORDER BY release_id, sequence, sample_id, request_id;

CREATE VIEW samples_withdrawn AS
SELECT s.sample_id, s.release_id, s.shard, s."row", s.doc_id, s.source_id,
       w.request_ids, w.withdrawn_at, w.files
FROM samples s
JOIN (SELECT release_id, sample_id,
             list(DISTINCT request_id ORDER BY request_id) AS request_ids,
             min(created) AS withdrawn_at,
             list(DISTINCT file ORDER BY file) AS files
      FROM withdrawals GROUP BY release_id, sample_id) w USING (release_id, sample_id);
