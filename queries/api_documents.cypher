// name: api_documents
// description: One page of documents with their metadata and quality report (GET /documents).
// internal: true
// param: id string optional  document id
// param: offset integer required  documents to skip
// param: limit integer required  documents to return
// example: offset=0 limit=10
MATCH (d:Document)
WHERE $id IS NULL OR d.id = $id
OPTIONAL MATCH (d)-[:HAS_TASK]->(t:Task)
WITH d, count(t) AS tasks
RETURN d.id AS id, d.title AS title, d.plan_title AS plan_title, d.issuer AS issuer,
       d.year AS year, d.published AS published, d.signed AS signed,
       d.doc_number AS doc_number, d.source AS source, d.sha256 AS sha256,
       d.place AS place, tasks AS task_count, d.quality AS quality
ORDER BY year, id
SKIP $offset LIMIT $limit
