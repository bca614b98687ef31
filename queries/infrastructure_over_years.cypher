// name: infrastructure_over_years
// description: Infrastructure (names containing the text) across the years: the documents and tasks that involve it, the action, and the agencies that lead those tasks.
// param: infrastructure string required  name or part of it, e.g. 政务云平台
// example: infrastructure=政务云平台
// example: infrastructure=产业园
MATCH (d:Document)-[:HAS_TASK]->(t:Task)-[v:INVOLVES]->(i:Infrastructure)
WHERE i.name CONTAINS $infrastructure
OPTIONAL MATCH (a:Agency)-[:LEADS]->(t)
WITH i, d, t, v, collect(DISTINCT a.name) AS leads
RETURN i.name AS infrastructure, i.kind AS kind, d.year AS year, d.id AS document,
       t.number AS task, t.title AS title, v.action AS action, leads
ORDER BY infrastructure, year, document, task
