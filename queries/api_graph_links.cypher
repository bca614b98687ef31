// name: api_graph_links
// description: Relationships with their properties, all or those between the given nodes (GET /graph).
// internal: true
// param: ids list optional  node ids; null means every relationship
// param: offset integer required  relationships to skip
// param: limit integer required  relationships to return
// example: offset=0 limit=10
// example: ids=agency/省发改委,doc-2015-5fcb5c5c/task/1 offset=0 limit=10
MATCH (a)-[r]->(b)
WHERE $ids IS NULL OR (a.id IN $ids AND b.id IN $ids)
RETURN a.id AS source, b.id AS target, type(r) AS type, properties(r) AS properties
ORDER BY source, type, target
SKIP $offset LIMIT $limit
