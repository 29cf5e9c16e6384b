-- title: Processplaner per diagnos och region
-- description: Vilken region har en processplan för vilken diagnos: en rad per diagnos, en kolumn
--   per region (Nationell för dokument som inte hör till en enskild region). Varje cell länkar till
--   dokumentet eller dokumenten. Borttagna dokument räknas inte. diagnosis filtrerar på en del av
--   diagnosens namn (tomt = alla).
-- params: diagnosis
-- hide_sql: true
WITH plans AS (
  SELECT
    d.diagnosis,
    coalesce(d.region, 'nationell') AS region,
    '[' || replace(replace(d.title, '[', '('), ']', ')') || '](/archive/documents/' || d.id || ')' AS link
  FROM documents d
  WHERE d.doc_type = 'processplan'
    AND d.diagnosis IS NOT NULL
    AND d.status != 'removed'
    AND (:diagnosis = '' OR d.diagnosis LIKE '%' || :diagnosis || '%')
  ORDER BY d.id
)
SELECT
  diagnosis,
  group_concat(CASE WHEN region = 'mellansverige' THEN link END, '; ') AS "Mellansverige",
  group_concat(CASE WHEN region = 'norr' THEN link END, '; ') AS "Norr",
  group_concat(CASE WHEN region = 'stockholm-gotland' THEN link END, '; ') AS "Stockholm Gotland",
  group_concat(CASE WHEN region = 'syd' THEN link END, '; ') AS "Syd",
  group_concat(CASE WHEN region = 'sydost' THEN link END, '; ') AS "Sydöst",
  group_concat(CASE WHEN region = 'vast' THEN link END, '; ') AS "Väst",
  group_concat(CASE WHEN region = 'nationell' THEN link END, '; ') AS "Nationell"
FROM plans
GROUP BY diagnosis
ORDER BY diagnosis
