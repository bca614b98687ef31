// name: agency_neighbourhood
// description: Agencies within 1 or 2 steps of an agency in the co-responsibility network (a step = sharing a task).
// param: agency string required  canonical or alias name, or a qualified name (福州市大数据委), e.g. 省数字办
// param: depth int optional  1 (default) or 2
// example: agency=省数字办
// example: agency=省数字办 depth=2
// Steps go from node to node (by id): bodies of different places may share a short name.
MATCH (a:Agency)-->(:Task)<--(b:Agency)
WHERE (a.name = $agency OR a.qualified_name = $agency) AND b.name <> a.name
WITH collect(DISTINCT a.id) AS start, collect(DISTINCT b.id) AS ring1
UNWIND ring1 AS near
MATCH (b:Agency)
WHERE b.id = near
OPTIONAL MATCH (b)-->(:Task)<--(c:Agency)
WHERE coalesce($depth, 1) >= 2 AND NOT c.id IN start AND NOT c.id IN ring1
WITH start, ring1, collect(DISTINCT c.id) AS ring2
UNWIND ring1 + ring2 AS nid
MATCH (n:Agency)
WHERE n.id = nid
OPTIONAL MATCH (a:Agency)-->(t:Task)<--(n)
WHERE a.id IN start
RETURN n.name AS agency, n.qualified_name AS qualified_name,
       CASE WHEN n.id IN ring1 THEN 1 ELSE 2 END AS distance, count(DISTINCT t) AS shared_tasks
ORDER BY distance, shared_tasks DESC, agency, qualified_name
