-- title: Hur ofta nämner regionernas planer en term?
-- description: För en sökning (samma syntax som i Sök i planerna): hur många sidor av varje regions
--   planer som nämner den, av alla sidor i de planerna. Räknas gör varje plan som fortfarande är
--   länkad eller bara tillfälligt inte går att hämta (status current eller broken, inte removed),
--   i sin aktuella version, alla planperioder om du inte väljer några. period_start och period_end
--   behåller planer vars period överlappar de åren (tomt = alla); doc_type väljer sorts plan (tomt =
--   cancerplan). Diagrammet "Andel plansidor som nämner en term" på översikten bygger på den här frågan.
-- params: term period_start period_end doc_type
-- hide_sql: true
-- input: term=search period_start=integer period_end=integer doc_type=doc_type
WITH plans AS (
  SELECT d.region, d.sha256
  FROM documents d
  WHERE d.doc_type = coalesce(nullif(lower(trim(:doc_type)), ''), 'cancerplan')
    AND d.status != 'removed'
    AND d.region IS NOT NULL
    AND (:period_start = '' OR coalesce(d.period_end, d.period_start, d.year) >= CAST(:period_start AS INTEGER))
    AND (:period_end = '' OR coalesce(d.period_start, d.period_end, d.year) <= CAST(:period_end AS INTEGER))
),
pages AS (
  SELECT DISTINCT plans.region, p.sha256, p.page_number
  FROM plans JOIN pdf_pages p ON p.sha256 = plans.sha256
),
hits AS (
  SELECT s.sha256, s.page_number FROM pdf_pages_search s
  WHERE s.id IN (
    SELECT rowid FROM pdf_pages_search_fts WHERE pdf_pages_search_fts MATCH sv_match(:term)
  )
),
counts AS (
  SELECT
    r.slug AS region,
    r.name AS region_name,
    count(h.sha256) AS pages_with_term,
    count(pages.sha256) AS pages
  FROM regions r
  LEFT JOIN pages ON pages.region = r.slug
  LEFT JOIN hits h ON h.sha256 = pages.sha256 AND h.page_number = pages.page_number
  GROUP BY r.slug
)
SELECT
  region,
  region_name,
  pages_with_term,
  pages,
  round(100.0 * pages_with_term / nullif(pages, 0), 2) AS percent_of_pages
FROM counts
ORDER BY percent_of_pages DESC, region
