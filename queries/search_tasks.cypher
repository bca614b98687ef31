// name: search_tasks
// description: Tasks whose text contains the given words (exact substring; Latin letters ignore case).
// param: text string required  words to look for, e.g. 大数据
// example: text=大数据
// example: text=云
MATCH (t:Task)
WHERE toLower(t.text) CONTAINS toLower($text) OR toLower(t.title) CONTAINS toLower($text)
RETURN t.document_id AS document, t.number AS number, t.title AS title, t.text AS text
ORDER BY document, number
