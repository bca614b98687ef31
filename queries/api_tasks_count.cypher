// name: api_tasks_count
// description: How many tasks match the filters of api_tasks (the total of GET /tasks).
// internal: true
// param: id string optional  task id
// param: document string optional  document id
// param: number integer optional  task number
// param: section integer optional  section number
// param: agency string optional  canonical agency name or qualified name
// param: relation string optional  LEADS | RESPONSIBLE_FOR | COOPERATES_ON
// param: q string optional  substring of the title or text
// example:
// example: agency=省发改委 relation=LEADS
// The filter block is the same text as in api_tasks.cypher.
MATCH (t:Task)
WHERE ($id IS NULL OR t.id = $id)
  AND ($document IS NULL OR t.document_id = $document)
  AND ($number IS NULL OR t.number = $number)
  AND ($section IS NULL OR t.section = $section)
  AND ($q IS NULL OR t.title CONTAINS $q OR t.text CONTAINS $q)
OPTIONAL MATCH (fa:Agency)-[fr]->(t)
WHERE ($agency IS NULL OR fa.name = $agency OR fa.qualified_name = $agency)
  AND ($relation IS NULL OR type(fr) = $relation)
  AND type(fr) IN ['LEADS', 'RESPONSIBLE_FOR', 'COOPERATES_ON']
WITH t, count(fr) AS hits
WHERE ($agency IS NULL AND $relation IS NULL) OR hits > 0
RETURN count(t) AS total
