// name: api_graph_neighbours
// description: Ids of the nodes one relationship away from any of the given nodes (one hop of GET /graph?around=).
// internal: true
// param: ids list required  node ids
// example: ids=agency/省发改委
MATCH (n)-[]-(m)
WHERE n.id IN $ids
RETURN DISTINCT m.id AS id
ORDER BY id
