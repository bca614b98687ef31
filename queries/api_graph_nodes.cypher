// name: api_graph_nodes
// description: Nodes with their labels and properties, all or those with the given ids (GET /graph).
// internal: true
// param: ids list optional  node ids; null means every node
// param: offset integer required  nodes to skip
// param: limit integer required  nodes to return
// example: offset=0 limit=10
// example: ids=agency/省发改委,infra/政务云平台 offset=0 limit=10
MATCH (n)
WHERE $ids IS NULL OR n.id IN $ids
RETURN n.id AS id, labels(n) AS labels, properties(n) AS properties
ORDER BY id
SKIP $offset LIMIT $limit
