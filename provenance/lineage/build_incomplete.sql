-- Every dump that is not complete, with its missing records and the problem that weighs most; then the
-- problems of releases rather than dumps (LineageStats.incomplete).
SELECT d.dump_id, d.missing, (SELECT g.problem FROM gaps g WHERE g.dump_id = d.dump_id
                              ORDER BY g.records DESC, g.problem LIMIT 1) AS problem, 0 AS part
FROM dumps d WHERE NOT d.complete
UNION ALL
SELECT dump_id, 0, problem, 1 FROM gaps WHERE dump_id NOT IN (SELECT dump_id FROM dumps)
ORDER BY part, dump_id, problem;
