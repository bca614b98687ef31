// name: api_agencies
// description: One page of agencies with task counts per relation (GET /agencies, /agencies/{id}).
// internal: true
// param: id string optional  agency id
// param: kind string optional  agency kind, e.g. provincial_department
// param: offset integer required  agencies to skip
// param: limit integer required  agencies to return
// example: offset=0 limit=10
// example: offset=0 limit=1 id=agency/省发改委
MATCH (a:Agency)
WHERE ($id IS NULL OR a.id = $id) AND ($kind IS NULL OR a.kind = $kind)
OPTIONAL MATCH (a)-[r]->(t:Task)
WHERE type(r) IN ['LEADS', 'RESPONSIBLE_FOR', 'COOPERATES_ON']
WITH a,
     count(CASE WHEN type(r) = 'LEADS' THEN 1 END) AS leads,
     count(CASE WHEN type(r) = 'RESPONSIBLE_FOR' THEN 1 END) AS responsible,
     count(CASE WHEN type(r) = 'COOPERATES_ON' THEN 1 END) AS cooperates,
     count(DISTINCT t) AS total
RETURN a.id AS id, a.name AS name, a.qualified_name AS qualified_name,
       a.full_name AS full_name, a.name_en AS name_en,
       a.kind AS kind, a.aliases AS aliases, a.degree AS degree, a.betweenness AS betweenness,
       leads, responsible, cooperates, total
ORDER BY total DESC, name, id
SKIP $offset LIMIT $limit
