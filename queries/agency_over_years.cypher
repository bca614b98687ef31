// name: agency_over_years
// description: An agency's tasks year by year, one row per document: how many it leads, is responsible for, or cooperates on.
// param: agency string required  canonical or alias name, or a qualified name (福州市大数据委), e.g. 省数字办
// example: agency=省发改委
// example: agency=省数字办
MATCH (a:Agency)-[r]->(t:Task)
WHERE a.name = $agency OR a.qualified_name = $agency
MATCH (d:Document)-[:HAS_TASK]->(t)
WITH d, count(DISTINCT t) AS tasks,
     count(CASE WHEN type(r) = 'LEADS' THEN 1 END) AS led,
     count(CASE WHEN type(r) = 'RESPONSIBLE_FOR' THEN 1 END) AS responsible,
     count(CASE WHEN type(r) = 'COOPERATES_ON' THEN 1 END) AS cooperating
RETURN d.year AS year, d.id AS document, d.title AS title, tasks, led, responsible, cooperating
ORDER BY year, document
