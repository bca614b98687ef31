// name: tasks_by_section
// description: The tasks of one section (一、二、… as a number).
// param: section int required  section number, e.g. 2 for 二、提升基础设施
// param: document string optional  document id; all documents when omitted
// example: section=2
// example: section=5
MATCH (s:Section)-[:HAS_TASK]->(t:Task)
WHERE s.number = $section AND ($document IS NULL OR s.document_id = $document)
RETURN s.document_id AS document, s.number AS section, s.title AS section_title,
       t.number AS number, t.title AS title
ORDER BY document, number
