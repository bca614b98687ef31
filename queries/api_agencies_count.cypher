// name: api_agencies_count
// description: How many agencies match the filters of api_agencies (the total of GET /agencies).
// internal: true
// param: id string optional  agency id
// param: kind string optional  agency kind
// example:
// example: kind=collective
MATCH (a:Agency)
WHERE ($id IS NULL OR a.id = $id) AND ($kind IS NULL OR a.kind = $kind)
RETURN count(a) AS total
