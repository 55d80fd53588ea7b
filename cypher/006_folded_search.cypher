// Names match however they are written: the full-text indexes fold case and accents the way the
// queries do (Lucene's ASCII folding: "Ünlü" is indexed as "unlu", "Straße" as "strasse"), so an
// accented name is found by its plain spelling and the other way round. Same indexes, same fields,
// rebuilt with the folding analyzer; the last statement waits until they are online again.
DROP INDEX entry_search IF EXISTS;
CREATE FULLTEXT INDEX entry_search IF NOT EXISTS FOR (n:Entry) ON EACH [n.title, n.summary, n.publisher, n.description] OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}};
DROP INDEX product_search IF EXISTS;
CREATE FULLTEXT INDEX product_search IF NOT EXISTS FOR (n:Product) ON EACH [n.name, n.aliasText, n.description] OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}};
DROP INDEX concept_search IF EXISTS;
CREATE FULLTEXT INDEX concept_search IF NOT EXISTS FOR (n:Concept) ON EACH [n.name, n.aliasText, n.definition] OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}};
DROP INDEX organization_search IF EXISTS;
CREATE FULLTEXT INDEX organization_search IF NOT EXISTS FOR (n:Organization) ON EACH [n.name, n.aliasText] OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}};
CALL db.awaitIndexes(300);
