// Entries read from pages are known by their canonical URL (entry(url:)), and their page's own
// description is searchable beside the title, our summary and the publisher.
CREATE INDEX entry_url_key IF NOT EXISTS FOR (n:Entry) ON (n.urlKey);
DROP INDEX entry_search IF EXISTS;
CREATE FULLTEXT INDEX entry_search IF NOT EXISTS FOR (n:Entry) ON EACH [n.title, n.summary, n.publisher, n.description];
