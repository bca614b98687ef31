// name: agency_workload
// description: Per agency: tasks in total and by role, most loaded first.
// param: kind string optional  agency kind, e.g. provincial_department
// example:
// example: kind=provincial_department
MATCH (a:Agency)-[r]->(t:Task)
WHERE $kind IS NULL OR a.kind = $kind
WITH a, count(DISTINCT t) AS tasks,
     count(CASE WHEN type(r) = 'LEADS' THEN 1 END) AS led,
     count(CASE WHEN type(r) = 'RESPONSIBLE_FOR' THEN 1 END) AS responsible,
     count(CASE WHEN type(r) = 'COOPERATES_ON' THEN 1 END) AS cooperating
RETURN a.name AS agency, a.qualified_name AS qualified_name, a.kind AS kind, tasks, led,
       responsible, cooperating, a.betweenness AS betweenness
ORDER BY tasks DESC, agency, qualified_name
