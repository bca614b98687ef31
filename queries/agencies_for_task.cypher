// name: agencies_for_task
// description: The agencies named in a task's responsibility clauses, leads first.
// param: number int required  task number, e.g. 11
// param: document string optional  document id; all documents when omitted
// example: number=11
// example: number=1
MATCH (a:Agency)-[r]->(t:Task)
WHERE t.number = $number AND ($document IS NULL OR t.document_id = $document)
RETURN t.document_id AS document, t.number AS number, a.name AS agency, type(r) AS relation,
       r.verb AS verb, r.occurrences AS occurrences, a.kind AS kind
ORDER BY document, CASE type(r) WHEN 'LEADS' THEN 0 WHEN 'RESPONSIBLE_FOR' THEN 1 ELSE 2 END, agency
