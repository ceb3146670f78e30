-- The accounting totals of one build (LineageStats): records seen, samples, held and missing records.
SELECT coalesce(sum(records_seen), 0), coalesce(sum(samples), 0), coalesce(sum(held), 0), coalesce(sum(missing), 0)
FROM dumps;
