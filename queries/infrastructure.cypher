// name: infrastructure
// description: Infrastructure (platforms, data centers, networks, parks, systems, databases) with the number of tasks and agencies behind each.
// param: kind string optional  Platform | DataCenter | Network | Park | System | Database
// example:
// example: kind=Platform
MATCH (i:Infrastructure)
WHERE $kind IS NULL OR toLower(i.kind) = toLower($kind)
OPTIONAL MATCH (t:Task)-[:INVOLVES]->(i)
OPTIONAL MATCH (a:Agency)-->(t)
RETURN i.name AS name, i.kind AS kind, count(DISTINCT t) AS tasks,
       count(DISTINCT a) AS agencies
ORDER BY tasks DESC, name
