// name: api_neighbourhood_size
// description: How many tasks and other nodes the whole neighbourhood of a node holds (the M of "showing N of M"; see neighbourhood.cypher).
// internal: true
// param: id string required  node id, e.g. agency/省发改委
// param: relation string optional  LEADS | RESPONSIBLE_FOR | COOPERATES_ON
// param: document string optional  document id
// param: year int optional  year of the documents
// example: id=agency/省发改委
// example: id=infra/政务云平台 relation=LEADS year=2015
// The filter block (up to the first ORDER BY) is the same text as neighbourhood.cypher.
OPTIONAL MATCH (ca:Agency {id: $id})
OPTIONAL MATCH (ci:Infrastructure {id: $id})
OPTIONAL MATCH (ct:Task {id: $id})
OPTIONAL MATCH (cd:Document {id: $id})
OPTIONAL MATCH (cs:Section {id: $id})
WITH coalesce(ca, ci, ct, cd, cs) AS c
WHERE c IS NOT NULL
OPTIONAL MATCH (d:Document)
WHERE $year IS NOT NULL AND d.year = $year
WITH c, collect(d.id) AS in_year
OPTIONAL MATCH (c)-[r0]-(t0:Task)
WHERE type(r0) IN ['LEADS', 'RESPONSIBLE_FOR', 'COOPERATES_ON', 'INVOLVES', 'HAS_TASK']
  AND ($relation IS NULL OR type(r0) = $relation OR NOT 'Agency' IN labels(c))
WITH c, in_year, collect(DISTINCT t0) AS found
UNWIND (CASE WHEN 'Task' IN labels(c) THEN [c] ELSE found END) AS t
WITH t
WHERE ($document IS NULL OR t.document_id = $document) AND ($year IS NULL OR t.document_id IN in_year)
OPTIONAL MATCH (t)-[r]-(n)
WHERE type(r) IN ['LEADS', 'RESPONSIBLE_FOR', 'COOPERATES_ON', 'INVOLVES']
  AND ($relation IS NULL OR type(r) = $relation OR type(r) = 'INVOLVES')
RETURN count(DISTINCT t) AS tasks, count(DISTINCT n) AS others
