-- The completeness check (provenance.lineage.completeness): what the published database says per dump.

-- name: dumps
-- Every dump's accounting, the gap rows that name a document, and its five weightiest problems.
SELECT d.dump_id, d.source_id, d.records_seen, d.samples, d.quarantined, d.excluded, d.duplicates,
       d.held, d.held_at, d.missing, d.complete,
       (SELECT count(*) FROM gaps g WHERE g.dump_id = d.dump_id AND g.doc_id IS NOT NULL AND g.records > 0),
       (SELECT list(p ORDER BY r DESC, p) FROM (
            SELECT g.problem AS p, sum(g.records) AS r FROM gaps g WHERE g.dump_id = d.dump_id
            GROUP BY g.problem ORDER BY r DESC, p LIMIT 5)),
       d.skipped
FROM dumps d ORDER BY d.dump_id

-- name: release_problems
-- Problems of a release rather than of a dump (e.g. its samples file cannot be read).
SELECT 'release ' || dump_id || ': ' || problem FROM gaps
WHERE dump_id NOT IN (SELECT dump_id FROM dumps) ORDER BY dump_id, problem
