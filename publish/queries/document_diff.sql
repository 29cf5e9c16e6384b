-- title: Vad ändrades i ett dokument?
-- description: Raderna som lagts till (+) och tagits bort (-) mellan varje par av på varandra
--   följande versioner av ett dokument (document_id; tomt = alla dokument), senaste paret först,
--   varje rad med sin PDF-sida och en länk till den sidan i den arkiverade filen. Blanktecken slås
--   ihop och tomma rader räknas inte; truncated är 1 när paret skiljer sig med fler än de 2 000 rader
--   som sparas.
-- params: document_id
-- hide_sql: true
-- input: document_id=integer
SELECT
  x.change,
  x.line,
  '[PDF s. ' || x.page_number || '](/-/archive/'
    || CASE x.change WHEN '+' THEN x.to_sha256 ELSE x.from_sha256 END
    || '#page=' || x.page_number || ')' AS archived_page,
  d.title,
  x.document_id,
  x.page_number,
  x.line_no,
  s.from_seen,
  s.to_seen,
  x.from_sha256,
  x.to_sha256,
  s.truncated
FROM document_diffs x
JOIN documents d ON d.id = x.document_id
LEFT JOIN version_diffs s ON s.kind = 'document' AND s.url = d.url
  AND s.from_sha256 = x.from_sha256 AND s.to_sha256 = x.to_sha256
WHERE :document_id = '' OR x.document_id = CAST(:document_id AS INTEGER)
ORDER BY s.to_seen DESC, x.document_id, x.id
