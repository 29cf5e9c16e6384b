-- title: Dokument per region och typ
-- description: Hur många dokument som är länkade nu (status current eller broken) per region och
--   dokumenttyp; Nationell för dokument som inte hör till en enskild region. Diagrammet "Dokument per
--   region och typ" på översikten bygger på den här frågan.
-- hide_sql: true
SELECT
  coalesce(r.name, 'Nationell') AS region_name,
  d.doc_type,
  count(*) AS documents
FROM documents d
LEFT JOIN regions r ON r.slug = d.region
WHERE d.status != 'removed'
GROUP BY region_name, d.doc_type
ORDER BY region_name, d.doc_type
