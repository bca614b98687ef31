// name: api_infrastructure_count
// description: How many infrastructure nodes match the filters of api_infrastructure.
// internal: true
// param: id string optional  infrastructure id
// param: kind string optional  infrastructure kind
// example: kind=DataCenter
MATCH (x:Infrastructure)
WHERE ($id IS NULL OR x.id = $id) AND ($kind IS NULL OR x.kind = $kind)
RETURN count(x) AS total
