-- The build's own row, then the indexes. Tables are sorted by the id they are looked up by (zone maps
-- skip the rest); these indexes serve the lookups by another column: a document's URL, its samples, a
-- person's keyed hash.
CREATE TABLE lineage_build AS SELECT * FROM build_now;
CREATE INDEX documents_url ON documents (url);
CREATE INDEX samples_doc_id ON samples (doc_id);
CREATE INDEX redactions_value_hmac ON redactions (value_hmac);
