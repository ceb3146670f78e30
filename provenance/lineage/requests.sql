-- The request ledger (data_contracts/requests/*.yaml) as it is now: one row per erasure, objection or
-- takedown request. A person's request has no value: the ledger keeps only keyed hashes of the name.
CREATE TABLE requests AS SELECT * FROM requests_now ORDER BY request_id;
