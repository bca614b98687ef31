// name: agency_workload
// description: Per agency: tasks in total and by role, most loaded first; optionally within one document or one year's documents.
// param: kind string optional  agency kind, e.g. provincial_department
// param: document string optional  count only the tasks of this document id
// param: year int optional  count only the tasks of documents of this year
// example:
// example: kind=provincial_department
// example: year=2015
OPTIONAL MATCH (d:Document)
WHERE $year IS NOT NULL AND d.year = $year
WITH collect(d.id) AS in_year
MATCH (a:Agency)-[r]->(t:Task)
WHERE ($kind IS NULL OR a.kind = $kind)
  AND ($document IS NULL OR t.document_id = $document)
  AND ($year IS NULL OR t.document_id IN in_year)
WITH a, count(DISTINCT t) AS tasks,
     count(CASE WHEN type(r) = 'LEADS' THEN 1 END) AS led,
     count(CASE WHEN type(r) = 'RESPONSIBLE_FOR' THEN 1 END) AS responsible,
     count(CASE WHEN type(r) = 'COOPERATES_ON' THEN 1 END) AS cooperating
RETURN a.name AS agency, a.qualified_name AS qualified_name, a.kind AS kind, tasks, led,
       responsible, cooperating, a.betweenness AS betweenness
ORDER BY tasks DESC, agency, qualified_name
