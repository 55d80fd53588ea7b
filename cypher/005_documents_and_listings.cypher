// Provenance per document: every imported page is a (:Document), each of its listings an
// (:Entry)-[:LISTED_IN]->(:Document) relationship; entries no page lists any more are kept as
// (:RetiredEntry) history, found by id when they are listed again.
CREATE CONSTRAINT document_path IF NOT EXISTS FOR (n:Document) REQUIRE n.path IS UNIQUE;
CREATE CONSTRAINT listed_in_id IF NOT EXISTS FOR ()-[r:LISTED_IN]-() REQUIRE r.id IS UNIQUE;
CREATE INDEX retired_entry_id IF NOT EXISTS FOR (n:RetiredEntry) ON (n.id);
