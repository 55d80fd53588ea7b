// A page of a collection is read in order from an index on its sort key and the id (the
// tie-breaker), and stops after the page; a cursor seeks into the index. A page then costs about
// the same however many nodes the label holds, instead of a sort of them all on every page.
// Entries store their sort keys at import (sortYearAsc, sortYearDesc, sortTitle; every entry has a
// rating); topics sort on nameLower; categories on id, which their constraint's index covers.
// Entries imported before get their keys on start.
CREATE INDEX entry_order_year_asc IF NOT EXISTS FOR (n:Entry) ON (n.sortYearAsc, n.id);
CREATE INDEX entry_order_year_desc IF NOT EXISTS FOR (n:Entry) ON (n.sortYearDesc, n.id);
CREATE INDEX entry_order_title IF NOT EXISTS FOR (n:Entry) ON (n.sortTitle, n.id);
CREATE INDEX entry_order_rating IF NOT EXISTS FOR (n:Entry) ON (n.rating, n.id);
CREATE INDEX product_order_name IF NOT EXISTS FOR (n:Product) ON (n.nameLower, n.id);
CREATE INDEX concept_order_name IF NOT EXISTS FOR (n:Concept) ON (n.nameLower, n.id);
CREATE INDEX organization_order_name IF NOT EXISTS FOR (n:Organization) ON (n.nameLower, n.id);
CALL db.awaitIndexes(300);
