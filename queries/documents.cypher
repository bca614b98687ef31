// name: documents
// description: The documents in the store, with their number of tasks and sections.
// example:
MATCH (d:Document)
OPTIONAL MATCH (d)-[:HAS_TASK]->(t:Task)
WITH d, count(t) AS tasks
OPTIONAL MATCH (d)-[:HAS_SECTION]->(s:Section)
RETURN d.id AS id, d.title AS title, d.issuer AS issuer, d.year AS year,
       d.published AS published, tasks, count(s) AS sections
ORDER BY year, id
