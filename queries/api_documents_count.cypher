// name: api_documents_count
// description: How many documents are loaded (the total of GET /documents, and /health).
// internal: true
// param: id string optional  document id
// example:
MATCH (d:Document)
WHERE $id IS NULL OR d.id = $id
RETURN count(d) AS total
