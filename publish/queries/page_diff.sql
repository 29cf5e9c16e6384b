-- title: Vad ändrades på en webbsida?
-- description: Textraderna som lagts till (+) och tagits bort (-) mellan varje par av på varandra
--   följande versioner av en webbsida (url, precis som i web_pages; tomt = alla sidor), senaste paret
--   först. Blanktecken slås ihop och tomma rader räknas inte; truncated är 1 när paret skiljer sig
--   med fler än de 2 000 rader som sparas.
-- params: url
-- hide_sql: true
SELECT
  x.change,
  x.line,
  w.title,
  x.url,
  x.line_no,
  x.from_seen,
  x.to_seen,
  x.from_sha256,
  x.to_sha256,
  s.truncated
FROM page_diffs x
LEFT JOIN web_pages w ON w.url = x.url
LEFT JOIN version_diffs s ON s.kind = 'page' AND s.url = x.url
  AND s.from_sha256 = x.from_sha256 AND s.to_sha256 = x.to_sha256
WHERE :url = '' OR x.url = :url
ORDER BY x.to_seen DESC, x.url, x.id
