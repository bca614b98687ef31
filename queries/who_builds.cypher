// name: who_builds
// description: Which agencies work on the tasks that build or upgrade an infrastructure (names containing the text).
// param: infrastructure string required  name or part of it, e.g. 政务云平台
// example: infrastructure=政务云平台
// example: infrastructure=数据中心
MATCH (t:Task)-[v:INVOLVES]->(i:Infrastructure)
WHERE i.name CONTAINS $infrastructure
OPTIONAL MATCH (a:Agency)-[r]->(t)
RETURN i.name AS infrastructure, i.kind AS kind, t.document_id AS document, t.number AS task,
       v.action AS action, a.name AS agency, type(r) AS relation
ORDER BY infrastructure, document, task, relation, agency
