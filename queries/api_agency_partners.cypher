// name: api_agency_partners
// description: Agencies holding a role on the same tasks as an agency, most shared first.
// internal: true
// param: id string required  agency id
// example: id=agency/省发改委
MATCH (a:Agency)-[r1]->(t:Task)<-[r2]-(b:Agency)
WHERE a.id = $id AND b.id <> a.id
  AND type(r1) IN ['LEADS', 'RESPONSIBLE_FOR', 'COOPERATES_ON']
  AND type(r2) IN ['LEADS', 'RESPONSIBLE_FOR', 'COOPERATES_ON']
RETURN b.id AS id, b.name AS name, b.qualified_name AS qualified_name,
       count(DISTINCT t) AS shared_tasks
ORDER BY shared_tasks DESC, name, id
