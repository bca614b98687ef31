// name: search
// description: Agencies (by name, full name or alias: 发改委 finds 省发改委), infrastructure and tasks (by title or text) containing the words; exact names first, then by number of tasks.
// param: text string required  words to look for, e.g. 发改委
// param: limit int required  rows to return, e.g. 10
// example: text=发改委 limit=10
// example: text=云平台 limit=5
// One scan over the three labels (no UNION: ordering a union needs a subquery, which the
// backends write differently). Rank 0: the name or an alias is the text; 1: starts with it.
MATCH (n)
WHERE ('Agency' IN labels(n) AND (n.name CONTAINS $text OR n.qualified_name CONTAINS $text
        OR n.full_name CONTAINS $text
        OR size([x IN coalesce(n.aliases, []) WHERE x CONTAINS $text]) > 0))
   OR ('Infrastructure' IN labels(n) AND n.name CONTAINS $text)
   OR ('Task' IN labels(n) AND (n.title CONTAINS $text OR n.text CONTAINS $text))
WITH n, CASE WHEN 'Agency' IN labels(n) THEN 'Agency'
             WHEN 'Infrastructure' IN labels(n) THEN 'Infrastructure' ELSE 'Task' END AS label
RETURN n.id AS id, label, coalesce(n.name, n.title) AS name, n.qualified_name AS qualified_name,
       CASE label WHEN 'Agency' THEN n.full_name WHEN 'Infrastructure' THEN n.kind
            ELSE n.document_id END AS detail,
       n.number AS number,
       CASE WHEN n.name = $text OR n.qualified_name = $text OR $text IN coalesce(n.aliases, []) THEN 0
            WHEN n.name STARTS WITH $text OR n.title STARTS WITH $text THEN 1
            WHEN label = 'Task' THEN 3 ELSE 2 END AS rank,
       coalesce(n.tasks_total, 0) AS tasks
ORDER BY rank, tasks DESC, name, id LIMIT $limit
