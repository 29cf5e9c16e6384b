-- title: Ändringar per körning
-- description: Hur många ändringar varje körning märkte (vyn changes), per sorts ändring: new, changed,
--   removed, broken och page changed. Diagrammet "Ändringar per körning" på översikten bygger på den
--   här frågan.
-- hide_sql: true
SELECT
  r.id AS run_id,
  r.started_at,
  c.change,
  count(*) AS changes
FROM crawl_runs r
JOIN changes c ON c.run_id = r.id
GROUP BY r.id, c.change
ORDER BY r.id, c.change
