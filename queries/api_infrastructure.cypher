// name: api_infrastructure
// description: One page of infrastructure with how many tasks involve each (GET /infrastructure).
// internal: true
// param: id string optional  infrastructure id
// param: kind string optional  Platform | DataCenter | Network | Park | System | Database
// param: offset integer required  items to skip
// param: limit integer required  items to return
// example: offset=0 limit=10 kind=Platform
MATCH (x:Infrastructure)
WHERE ($id IS NULL OR x.id = $id) AND ($kind IS NULL OR x.kind = $kind)
OPTIONAL MATCH (t:Task)-[:INVOLVES]->(x)
WITH x, count(DISTINCT t) AS tasks_total
RETURN x.id AS id, x.name AS name, x.kind AS kind, x.degree AS degree,
       x.betweenness AS betweenness, tasks_total
ORDER BY tasks_total DESC, name
SKIP $offset LIMIT $limit
