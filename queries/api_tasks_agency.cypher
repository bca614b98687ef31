// name: api_tasks_agency
// description: One page of the tasks an agency holds a role on (GET /tasks?agency=…), found from the agency rather than by scanning every task, with the total of the matches in every row.
// internal: true
// param: agency string required  canonical agency name or qualified name
// param: id string optional  task id
// param: document string optional  document id
// param: number integer optional  task number
// param: section integer optional  section number
// param: relation string optional  LEADS | RESPONSIBLE_FOR | COOPERATES_ON
// param: q string optional  substring of the title or text
// param: offset integer required  tasks to skip
// param: limit integer required  tasks to return
// example: offset=0 limit=5 agency=省发改委
// example: offset=0 limit=50 agency=省数字办 relation=LEADS
// The filter block (up to the first ORDER BY) is the same text as api_tasks_agency_count.cypher;
// the rest is the same as api_tasks.cypher.
MATCH (fa:Agency)
WHERE fa.name = $agency OR fa.qualified_name = $agency
WITH fa  // a new clause: the tasks are reached from the agency, never scanned
MATCH (fa)-[fr]->(t:Task)
WHERE type(fr) IN ['LEADS', 'RESPONSIBLE_FOR', 'COOPERATES_ON']
  AND ($relation IS NULL OR type(fr) = $relation)
  AND ($id IS NULL OR t.id = $id)
  AND ($document IS NULL OR t.document_id = $document)
  AND ($number IS NULL OR t.number = $number)
  AND ($section IS NULL OR t.section = $section)
  AND ($q IS NULL OR t.title CONTAINS $q OR t.text CONTAINS $q)
WITH DISTINCT t
// The total travels with the page: one round trip instead of a count and a page.
WITH collect(t) AS matched
UNWIND matched AS t
WITH t, size(matched) AS total ORDER BY t.document_id, t.number SKIP $offset LIMIT $limit
OPTIONAL MATCH (a:Agency)-[r]->(t)
WHERE type(r) IN ['LEADS', 'RESPONSIBLE_FOR', 'COOPERATES_ON']
WITH t, total, collect({id: a.id, name: a.name, qualified_name: a.qualified_name, relation: type(r),
                 verb: r.verb, occurrences: r.occurrences, inherited: r.inherited, evidence: r.evidence,
                 quotes: r.quotes}) AS agencies
OPTIONAL MATCH (t)-[i:INVOLVES]->(x:Infrastructure)
// Grouped by the task alone (a list in the grouping key costs FalkorDB a hash of every map).
WITH t, total, head(collect(agencies)) AS agencies,
     collect({id: x.id, name: x.name, kind: x.kind, action: i.action,
              evidence: i.evidence}) AS infrastructure
RETURN t.id AS id, t.document_id AS document_id, t.number AS number, t.section AS section,
       t.title AS title, t.text AS text, t.occurrences AS occurrences, t.conflict AS conflict,
       t.clauses AS clauses, agencies, infrastructure, total
ORDER BY document_id, number
