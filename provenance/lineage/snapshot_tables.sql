-- The tables built in Python (contracts, releases, dump facts, file problems, holds) copied in from the
-- Arrow tables registered as <name>_now, sorted by the id they are looked up by.
CREATE TABLE sources AS SELECT * FROM sources_now ORDER BY source_id;
CREATE TABLE denylist AS SELECT * FROM denylist_now ORDER BY domain;
CREATE TABLE rights_clearings AS SELECT * FROM rights_clearings_now ORDER BY dump_id, judged_at NULLS FIRST;
CREATE TABLE releases AS SELECT * FROM releases_now ORDER BY created_at NULLS LAST, release_id;
CREATE TABLE shards AS SELECT * FROM shards_now ORDER BY release_id, shard;
CREATE TEMP TABLE dump_info AS SELECT * FROM dump_info_now;
CREATE TEMP TABLE file_problems AS SELECT * FROM file_problems_now;
CREATE TEMP TABLE hold_reasons AS SELECT * FROM hold_reasons_now;
CREATE TABLE release_accounting AS SELECT * FROM release_accounting_now ORDER BY created_at NULLS LAST, release_id;
CREATE TABLE failed_dumps AS SELECT * FROM failed_dumps_now ORDER BY dump_id, stage;
CREATE TABLE stale_staging AS SELECT * FROM stale_staging_now ORDER BY dump_id, stage;
