// name: api_tasks_agency_count
// description: How many tasks match the filters of api_tasks_agency (the total of GET /tasks?agency=…).
// internal: true
// param: agency string required  canonical agency name or qualified name
// param: id string optional  task id
// param: document string optional  document id
// param: number integer optional  task number
// param: section integer optional  section number
// param: relation string optional  LEADS | RESPONSIBLE_FOR | COOPERATES_ON
// param: q string optional  substring of the title or text
// example: agency=省发改委
// example: agency=省发改委 relation=LEADS
// The filter block is the same text as in api_tasks_agency.cypher.
MATCH (fa:Agency)
WHERE fa.name = $agency OR fa.qualified_name = $agency
WITH fa  // a new clause: the tasks are reached from the agency, never scanned
MATCH (fa)-[fr]->(t:Task)
WHERE type(fr) IN ['LEADS', 'RESPONSIBLE_FOR', 'COOPERATES_ON']
  AND ($relation IS NULL OR type(fr) = $relation)
  AND ($id IS NULL OR t.id = $id)
  AND ($document IS NULL OR t.document_id = $document)
  AND ($number IS NULL OR t.number = $number)
  AND ($section IS NULL OR t.section = $section)
  AND ($q IS NULL OR t.title CONTAINS $q OR t.text CONTAINS $q)
WITH DISTINCT t
RETURN count(t) AS total
