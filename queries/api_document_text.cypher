// name: api_document_text
// description: The decoded source text of a document, which its evidence offsets index (GET /documents/{id}/text).
// internal: true
// param: id string required  document id
// example: id=doc-2015-5fcb5c5c
MATCH (d:Document)
WHERE d.id = $id
RETURN d.id AS id, d.text AS text, d.source AS source, d.sha256 AS sha256
