-- title: Problem: trasiga och borttagna dokument, misslyckad extraktion, fel vid hämtning
-- description: Trasiga och borttagna dokument, filer vars text inte gick att ta ut (och varför), och
--   hämtningar som misslyckades i en körning (run_id; tomt = den senaste körningen).
-- params: run_id
-- hide_sql: true
-- input: run_id=integer
WITH run AS (
  SELECT coalesce(CAST(nullif(:run_id, '') AS INTEGER), (SELECT max(id) FROM crawl_runs)) AS id
)
SELECT * FROM (
  SELECT 'document ' || d.status AS problem, d.url, d.title, d.region,
         coalesce(d.status_reason, CASE d.status WHEN 'removed' THEN 'no longer linked' ELSE 'last fetch failed' END) AS detail,
         d.last_seen AS seen_at, d.id AS document_id, d.sha256
  FROM documents d
  WHERE d.status IN ('broken', 'removed')
  UNION ALL
  SELECT 'extraction ' || f.extract_status, d.url, d.title, d.region,
         coalesce(f.extract_error, f.extract_status), f.extracted_at, d.id, f.sha256
  FROM files f
  LEFT JOIN document_versions v ON v.sha256 = f.sha256
  LEFT JOIN documents d ON d.id = v.document_id
  WHERE f.extract_status IS NOT NULL AND f.extract_status != 'ok'
  UNION ALL
  SELECT 'fetch error', fe.url, NULL, NULL,
         coalesce(fe.error, 'HTTP ' || fe.http_status), fe.fetched_at, NULL, fe.sha256
  FROM fetches fe, run
  WHERE fe.run_id = run.id AND (fe.outcome = 'error' OR fe.http_status >= 400)
)
ORDER BY problem, seen_at DESC, url
