// Full-text search (one index per label, so scores stay comparable within a type) and range
// indexes for the filters and orderings the API offers.
CREATE FULLTEXT INDEX entry_search IF NOT EXISTS FOR (n:Entry) ON EACH [n.title, n.summary, n.publisher];
CREATE FULLTEXT INDEX product_search IF NOT EXISTS FOR (n:Product) ON EACH [n.name, n.aliasText, n.description];
CREATE FULLTEXT INDEX concept_search IF NOT EXISTS FOR (n:Concept) ON EACH [n.name, n.aliasText, n.definition];
CREATE FULLTEXT INDEX organization_search IF NOT EXISTS FOR (n:Organization) ON EACH [n.name, n.aliasText];
CREATE INDEX entry_year IF NOT EXISTS FOR (n:Entry) ON (n.year);
CREATE INDEX entry_stability IF NOT EXISTS FOR (n:Entry) ON (n.stability);
CREATE INDEX entry_level IF NOT EXISTS FOR (n:Entry) ON (n.level);
CREATE INDEX entry_content_language IF NOT EXISTS FOR (n:Entry) ON (n.contentLanguage);
CREATE INDEX entry_title IF NOT EXISTS FOR (n:Entry) ON (n.title);
CREATE INDEX product_status IF NOT EXISTS FOR (n:Product) ON (n.status);
CREATE INDEX product_type IF NOT EXISTS FOR (n:Product) ON (n.productType);
CREATE INDEX product_name_lower IF NOT EXISTS FOR (n:Product) ON (n.nameLower);
CREATE INDEX concept_name_lower IF NOT EXISTS FOR (n:Concept) ON (n.nameLower);
CREATE INDEX organization_name_lower IF NOT EXISTS FOR (n:Organization) ON (n.nameLower);
CREATE INDEX category_path IF NOT EXISTS FOR (n:Category) ON (n.pathKey);
