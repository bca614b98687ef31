// name: co_responsibility
// description: Pairs of agencies named on the same tasks, most shared tasks first.
// param: min_shared int optional  least number of shared tasks (default 2)
// example:
// example: min_shared=5
MATCH (a:Agency)-->(t:Task)<--(b:Agency)
WHERE a.name < b.name
WITH a, b, count(DISTINCT t) AS shared
WHERE shared >= coalesce($min_shared, 2)
RETURN a.name AS agency_a, b.name AS agency_b, shared
ORDER BY shared DESC, agency_a, agency_b
