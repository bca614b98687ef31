// name: api_agency_tasks
// description: An agency's tasks with its relation to each (GET /agencies/{id}).
// internal: true
// param: id string required  agency id
// example: id=agency/省发改委
MATCH (a:Agency)-[r]->(t:Task)
WHERE a.id = $id AND type(r) IN ['LEADS', 'RESPONSIBLE_FOR', 'COOPERATES_ON']
RETURN type(r) AS relation, t.id AS id, t.number AS number, t.label AS label, t.title AS title,
       r.verb AS verb, t.document_id AS document_id
ORDER BY document_id, number, relation
