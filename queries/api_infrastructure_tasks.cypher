// name: api_infrastructure_tasks
// description: The tasks involving one infrastructure item, and the agencies on those tasks.
// internal: true
// param: id string required  infrastructure id
// example: id=infra/政务云平台
MATCH (t:Task)-[i:INVOLVES]->(x:Infrastructure)
WHERE x.id = $id
OPTIONAL MATCH (a:Agency)-[r]->(t)
WHERE type(r) IN ['LEADS', 'RESPONSIBLE_FOR', 'COOPERATES_ON']
RETURN t.id AS task_id, t.number AS number, t.label AS label, t.title AS title, i.action AS action,
       t.document_id AS document_id, a.id AS agency_id, a.name AS agency, type(r) AS relation
ORDER BY document_id, number, agency
