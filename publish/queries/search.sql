-- title: Sök i planerna
-- description: De 500 sidor som bäst matchar en sökning (bm25 på ordstammarna), bäst först; lika
--   bra träffar visar aktuella versioner och nyare dokument först. Varje träff har ett utdrag med
--   sökorden markerade och en källhänvisning. Böjda former hittar varandra (cancerplanerna →
--   cancerplan, cancerplanen), delar hittar sammansättningar (cancer → bröstcancervård, screening →
--   screeningprogrammen) och å, ä och ö är egna bokstäver (år hittar inte ar eller är). Använd
--   "citerade fraser", AND, OR, NOT, parenteser och ord* som i: "palliativ vård" AND (cancerplan OR
--   handlingsplan) NOT barn. Ord med fyra bokstäver eller fler hittas också inuti längre ord; citera
--   ett ord för att bara hitta hela ord. Utdragen hoppar över sidhuvuden och sidfötter som
--   upprepas på dokumentets sidor. Sidor från skannade planer är tolkade med OCR och märkta så
--   (text_source och källhänvisningen). En rad per dokument och version som har sidan.
-- params: term
-- hide_sql: true
-- input: term=search
WITH hits AS (
  SELECT s.id, s.sha256, s.page_number, bm25(pdf_pages_search_fts) AS score
  FROM pdf_pages_search_fts
  JOIN pdf_pages_search s ON s.id = pdf_pages_search_fts.rowid
  WHERE pdf_pages_search_fts MATCH sv_match(:term)
  ORDER BY score
  LIMIT 500
)
SELECT
  d.title,
  coalesce(r.name, 'Nationell') AS region,
  d.doc_type,
  d.period_start,
  d.period_end,
  h.page_number AS page,
  -- The page without its running header and footer (publish.margins), when it has them
  -- and the hit is not only in them; the hits are found in the page's stems and placed
  -- in its text by the offsets publish stored (publish.snippet_index).
  sv_snippet(p.text, s.stems, x.words, x.clean, x.body_start, x.body_end, x.body, :term) AS snippet,
  d.title || '. '
    || coalesce(r.rcc_name, CASE WHEN d.host LIKE '%socialstyrelsen.se' THEN 'Socialstyrelsen' ELSE 'Regionala cancercentrum i samverkan' END)
    || coalesce(', ' || coalesce(d.year, d.period_start), '') || '. '
    || d.url || ' (hämtad ' || substr(v.first_seen, 1, 10)
    || ', sha256 ' || substr(h.sha256, 1, 12) || ', s. ' || h.page_number
    || CASE WHEN p.text_source = 'ocr' THEN ', OCR-tolkad text' ELSE '' END || ')' AS citation,
  -- Text recognised from a scanned page image is marked: it may hold misreadings.
  CASE WHEN p.text_source = 'ocr' THEN 'OCR' ELSE 'PDF-text' END AS text_source,
  '[PDF s. ' || h.page_number || '](/-/archive/' || h.sha256 || '#page=' || h.page_number || ')' AS archived_page,
  d.id AS document_id,
  CASE WHEN d.sha256 = h.sha256 THEN 'current' ELSE 'earlier' END AS version,
  d.status,
  d.url,
  h.sha256,
  round(h.score, 4) AS score
FROM hits h
JOIN pdf_pages p ON p.sha256 = h.sha256 AND p.page_number = h.page_number
JOIN pdf_pages_search s ON s.id = h.id
LEFT JOIN pdf_pages_snippets x ON x.id = h.id
JOIN document_versions v ON v.sha256 = h.sha256
JOIN documents d ON d.id = v.document_id
LEFT JOIN regions r ON r.slug = d.region
-- bm25 gives common words near-equal scores: among those, the current version of a
-- document that is still linked, then the newer plan period, come first.
ORDER BY
  round(h.score, 4),
  d.sha256 = h.sha256 DESC,
  d.status = 'current' DESC,
  coalesce(d.period_end, d.year, d.period_start, 0) DESC,
  v.first_seen DESC,
  d.id,
  h.page_number
