// name: agency_neighbourhood
// description: Agencies within 1 or 2 steps of an agency in the co-responsibility network (a step = sharing a task).
// param: agency string required  canonical or alias name, e.g. 省数字办
// param: depth int optional  1 (default) or 2
// example: agency=省数字办
// example: agency=省数字办 depth=2
MATCH (a:Agency)-->(:Task)<--(b:Agency)
WHERE a.name = $agency AND b.name <> a.name
WITH a, collect(DISTINCT b.name) AS ring1
UNWIND ring1 AS near
MATCH (b:Agency)
WHERE b.name = near
OPTIONAL MATCH (b)-->(:Task)<--(c:Agency)
WHERE coalesce($depth, 1) >= 2 AND c.name <> a.name AND NOT c.name IN ring1
WITH a, ring1, collect(DISTINCT c.name) AS ring2
UNWIND ring1 + ring2 AS name
MATCH (n:Agency)
WHERE n.name = name
OPTIONAL MATCH (a)-->(t:Task)<--(n)
RETURN n.name AS agency, CASE WHEN n.name IN ring1 THEN 1 ELSE 2 END AS distance,
       count(DISTINCT t) AS shared_tasks
ORDER BY distance, shared_tasks DESC, agency
