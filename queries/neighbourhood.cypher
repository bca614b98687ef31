// name: neighbourhood
// description: The tasks around a node (an agency's, an infrastructure's, a document's or a section's tasks, or the task itself) with every agency and infrastructure on them: one row per relationship, the first `limit` tasks by document and number.
// param: id string required  node id, e.g. agency/省发改委, infra/政务云平台 or doc-2015-5fcb5c5c/task/11
// param: limit int required  tasks to include, e.g. 300
// param: relation string optional  keep only this role: LEADS | RESPONSIBLE_FOR | COOPERATES_ON
// param: document string optional  keep only the tasks of this document id
// param: year int optional  keep only the tasks of documents of this year
// example: id=agency/省发改委 limit=300
// example: id=doc-2015-5fcb5c5c/task/11 limit=300
// example: id=infra/政务云平台 limit=10 relation=LEADS year=2015
// The node is looked up label by label (each an index lookup; a label-less match scans
// every node). The filter block (up to the first ORDER BY) is the same text as api_neighbourhood_size.cypher.
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
WITH t ORDER BY t.document_id, t.number LIMIT $limit
OPTIONAL MATCH (t)-[r]-(n)
WHERE type(r) IN ['LEADS', 'RESPONSIBLE_FOR', 'COOPERATES_ON', 'INVOLVES']
  AND ($relation IS NULL OR type(r) = $relation OR type(r) = 'INVOLVES')
RETURN t.id AS task, t.document_id AS document, t.number AS number, t.label AS label,
       t.title AS title, t.conflict AS conflict, type(r) AS relation, n.id AS node,
       CASE WHEN n IS NULL THEN NULL WHEN 'Agency' IN labels(n) THEN 'Agency'
            ELSE 'Infrastructure' END AS node_label,
       n.name AS name, n.qualified_name AS qualified_name, n.kind AS kind,
       r.verb AS verb, r.action AS action, r.occurrences AS occurrences
ORDER BY document, number, relation, node
