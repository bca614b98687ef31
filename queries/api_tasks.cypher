// name: api_tasks
// description: One page of tasks with their agencies and infrastructure (GET /tasks, /tasks/{id}).
// internal: true
// param: id string optional  task id
// param: document string optional  document id
// param: number integer optional  task number
// param: section integer optional  section number
// param: agency string optional  canonical agency name or qualified name
// param: relation string optional  LEADS | RESPONSIBLE_FOR | COOPERATES_ON
// param: q string optional  substring of the title or text
// param: offset integer required  tasks to skip
// param: limit integer required  tasks to return
// example: offset=0 limit=5 agency=省发改委
// example: offset=0 limit=50 id=doc-2015-5fcb5c5c/task/11
// The filter block (up to the first ORDER BY) is the same text as api_tasks_count.cypher.
MATCH (t:Task)
WHERE ($id IS NULL OR t.id = $id)
  AND ($document IS NULL OR t.document_id = $document)
  AND ($number IS NULL OR t.number = $number)
  AND ($section IS NULL OR t.section = $section)
  AND ($q IS NULL OR t.title CONTAINS $q OR t.text CONTAINS $q)
OPTIONAL MATCH (fa:Agency)-[fr]->(t)
WHERE ($agency IS NULL OR fa.name = $agency OR fa.qualified_name = $agency)
  AND ($relation IS NULL OR type(fr) = $relation)
  AND type(fr) IN ['LEADS', 'RESPONSIBLE_FOR', 'COOPERATES_ON']
WITH t, count(fr) AS hits
WHERE ($agency IS NULL AND $relation IS NULL) OR hits > 0
WITH t ORDER BY t.document_id, t.number SKIP $offset LIMIT $limit
OPTIONAL MATCH (a:Agency)-[r]->(t)
WHERE type(r) IN ['LEADS', 'RESPONSIBLE_FOR', 'COOPERATES_ON']
WITH t, collect({id: a.id, name: a.name, qualified_name: a.qualified_name, relation: type(r),
                 verb: r.verb, occurrences: r.occurrences, inherited: r.inherited, evidence: r.evidence,
                 quotes: r.quotes}) AS agencies
OPTIONAL MATCH (t)-[i:INVOLVES]->(x:Infrastructure)
// Grouped by the task alone (a list in the grouping key costs FalkorDB a hash of every map).
WITH t, head(collect(agencies)) AS agencies,
     collect({id: x.id, name: x.name, kind: x.kind, action: i.action,
              evidence: i.evidence}) AS infrastructure
RETURN t.id AS id, t.document_id AS document_id, t.number AS number, t.section AS section,
       t.title AS title, t.text AS text, t.occurrences AS occurrences, t.conflict AS conflict,
       t.clauses AS clauses, agencies, infrastructure
ORDER BY document_id, number
