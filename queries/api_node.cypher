// name: api_node
// description: One node by id, whatever its label, with the properties the explorer shows (GET /neighbourhood's centre); looked up label by label, each an index lookup.
// internal: true
// param: id string required  node id
// example: id=agency/省发改委
// example: id=doc-2015-5fcb5c5c/task/11
OPTIONAL MATCH (ca:Agency {id: $id})
OPTIONAL MATCH (ci:Infrastructure {id: $id})
OPTIONAL MATCH (ct:Task {id: $id})
OPTIONAL MATCH (cd:Document {id: $id})
OPTIONAL MATCH (cs:Section {id: $id})
WITH coalesce(ca, ci, ct, cd, cs) AS c
WHERE c IS NOT NULL
RETURN c.id AS id, labels(c) AS labels, coalesce(c.name, c.title, c.plan_title) AS name,
       c.qualified_name AS qualified_name, c.kind AS kind, c.number AS number, c.label AS label,
       c.document_id AS document_id, c.conflict AS conflict
