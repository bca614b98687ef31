// name: conflicts
// description: Tasks whose copies in the noisy source disagree, with every responsibility clause seen.
// example:
MATCH (t:Task)
WHERE t.conflict = true
RETURN t.document_id AS document, t.number AS number, t.title AS title,
       t.occurrences AS occurrences, t.clauses AS clauses
ORDER BY document, number
