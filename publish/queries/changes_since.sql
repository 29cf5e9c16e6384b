-- title: Ändringar sedan ett datum
-- description: Dokument som är nya, ändrade (en ny version), borttagna (inte längre länkade; daterade
--   efter den körning som märkte det) eller trasiga sedan ett datum (ÅÅÅÅ-MM-DD, till exempel
--   2026-01-31; tomt = hela tiden), nyaste först.
-- params: since
-- hide_sql: true
-- input: since=date
SELECT * FROM (
  SELECT 'new' AS change, d.first_seen AS changed_at, d.id AS document_id, d.title, d.region,
         d.doc_type, d.status, d.url, d.sha256
  FROM documents d
  WHERE d.first_seen >= :since
  UNION ALL
  SELECT 'changed', v.first_seen, d.id, d.title, d.region, d.doc_type, d.status, d.url, v.sha256
  FROM document_versions v JOIN documents d ON d.id = v.document_id
  WHERE v.first_seen >= :since
    AND EXISTS (SELECT 1 FROM document_versions p WHERE p.document_id = v.document_id
                AND (p.first_seen < v.first_seen OR (p.first_seen = v.first_seen AND p.rowid < v.rowid)))
  UNION ALL
  SELECT 'removed', coalesce(rr.started_at, d.last_seen), d.id, d.title, d.region, d.doc_type,
         d.status, d.url, d.sha256
  FROM documents d LEFT JOIN crawl_runs rr ON rr.id = d.removed_run_id
  WHERE d.status = 'removed' AND coalesce(rr.started_at, d.last_seen) >= :since
  UNION ALL
  SELECT 'broken', d.last_seen, d.id, d.title, d.region, d.doc_type, d.status, d.url, d.sha256
  FROM documents d
  WHERE d.status = 'broken' AND d.last_seen >= :since
)
ORDER BY changed_at DESC, document_id, change
