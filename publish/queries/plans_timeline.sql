-- title: Regionala cancerplaner över tid
-- description: Varje regions cancerplaner (doc_type cancerplan) per planperiod, nyaste först. plan
--   är current för regionens senaste period som fortfarande är länkad, annars earlier; status är
--   dokumentets. region är en region som slug, namn eller centrumnamn (syd, Syd, RCC Syd, Sydöst,
--   sydost; tomt = alla). Diagrammet "Planperioder per region" på översikten bygger på den här frågan.
-- params: region
-- hide_sql: true
-- input: region=region
WITH wanted AS (
  -- The region as typed, folded the way slugs are written: "RCC Sydöst" → "sydost".
  SELECT CASE WHEN folded LIKE 'rcc-%' THEN substr(folded, 5) ELSE folded END AS region
  FROM (
    SELECT replace(lower(replace(replace(replace(replace(replace(replace(trim(:region),
      'Å', 'a'), 'Ä', 'a'), 'Ö', 'o'), 'å', 'a'), 'ä', 'a'), 'ö', 'o')), ' ', '-') AS folded
  )
)
SELECT
  d.region,
  r.name AS region_name,
  d.period_start,
  d.period_end,
  d.title,
  d.status,
  CASE
    WHEN d.status = 'removed' THEN 'earlier'
    WHEN d.period_start = (
      SELECT max(o.period_start) FROM documents o
      WHERE o.region = d.region AND o.doc_type = 'cancerplan' AND o.status != 'removed'
    ) THEN 'current'
    ELSE 'earlier'
  END AS plan,
  d.id AS document_id,
  '[arkiverad fil](/-/archive/' || d.sha256 || ')' AS archived_file,
  d.url,
  d.first_seen,
  d.last_seen
FROM documents d
JOIN regions r ON r.slug = d.region
CROSS JOIN wanted w
WHERE d.doc_type = 'cancerplan'
  AND (w.region = '' OR w.region = r.slug
       OR w.region IN (SELECT value FROM json_each(r.folders)))
ORDER BY r.name, d.period_start DESC, d.id
