// name: api_busiest_agency
// description: The agency with the most tasks by its stored count (tasks_total, written at load), where the explorer starts (GET /explorer/start).
// internal: true
// example:
MATCH (a:Agency)
RETURN a.id AS id, a.name AS name, coalesce(a.tasks_total, 0) AS tasks
ORDER BY tasks DESC, id
LIMIT 1
