// name: tasks_by_agency
// description: Tasks an agency leads, is responsible for, or cooperates on.
// param: agency string required  canonical or alias name (every place's body of that name), or a qualified name (福州市大数据委), e.g. 省发改委
// param: relation string optional  LEADS | RESPONSIBLE_FOR | COOPERATES_ON
// example: agency=省发改委
// example: agency=发改委 relation=LEADS
MATCH (a:Agency)-[r]->(t:Task)
WHERE (a.name = $agency OR a.qualified_name = $agency)
  AND ($relation IS NULL OR type(r) = toUpper($relation))
OPTIONAL MATCH (s:Section)-[:HAS_TASK]->(t)
RETURN t.document_id AS document, t.number AS number, t.title AS title,
       type(r) AS relation, r.verb AS verb, s.number AS section, s.title AS section_title
ORDER BY document, number, relation
