// name: api_document_choices
// description: Every document, briefly, for the explorer's year, place and document selectors (GET /explorer/documents).
// internal: true
// example:
MATCH (d:Document)
RETURN d.id AS id, d.year AS year, d.place AS place, d.title AS title, d.plan_title AS plan_title,
       d.source AS source, d.task_count AS task_count
ORDER BY year, id
