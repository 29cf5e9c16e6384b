-- title: Ändringar i arkivet (Atom-flöde)
-- description: De 200 senaste ändringarna (vyn changes) som poster i ett flöde, nyaste först:
--   dokument som är nya, ändrade, borttagna eller trasiga, och webbsidor vars text ändrades, var
--   och en med sina första 20 ändrade rader, länken till originalet och till den arkiverade kopian.
--   Prenumerera i en flödesläsare på /archive/changes_feed.atom.
-- hide_sql: true
WITH feed AS (
  SELECT c.*, rg.name AS region_name, rg.rcc_name
  FROM changes c
  LEFT JOIN regions rg ON rg.slug = c.region
  WHERE c.started_at IS NOT NULL
  ORDER BY c.started_at DESC, c.run_id DESC, c.change, c.document_id, c.url
  LIMIT 200
),
labelled AS (
  SELECT feed.*,
    CASE change
      WHEN 'new' THEN 'Nytt dokument'
      WHEN 'changed' THEN 'Ny version'
      WHEN 'removed' THEN 'Borttaget'
      WHEN 'broken' THEN 'Går inte att hämta'
      ELSE 'Sidan ändrad'
    END AS label,
    -- "1 rad tillagd", "3 rader tillagda", "1 borttagen", "2 borttagna".
    nullif(
      CASE WHEN coalesce(lines_added, 0) > 0
        THEN lines_added || CASE lines_added WHEN 1 THEN ' rad tillagd' ELSE ' rader tillagda' END
        ELSE '' END
      || CASE WHEN coalesce(lines_added, 0) > 0 AND coalesce(lines_removed, 0) > 0 THEN ', ' ELSE '' END
      || CASE WHEN coalesce(lines_removed, 0) > 0
        THEN lines_removed || CASE lines_removed
          WHEN 1 THEN CASE WHEN coalesce(lines_added, 0) > 0 THEN ' borttagen' ELSE ' rad borttagen' END
          ELSE CASE WHEN coalesce(lines_added, 0) > 0 THEN ' borttagna' ELSE ' rader borttagna' END END
        ELSE '' END,
      '') AS counted,
    CASE WHEN document_id IS NULL THEN
      (SELECT group_concat(line, char(10)) FROM (
         SELECT change || ' ' || line AS line FROM page_diffs x
         WHERE x.url = feed.url AND x.to_sha256 = feed.sha256 ORDER BY x.id LIMIT 20))
    ELSE
      (SELECT group_concat(line, char(10)) FROM (
         SELECT change || ' ' || line AS line FROM document_diffs x
         WHERE x.document_id = feed.document_id AND x.to_sha256 = feed.sha256
           AND feed.change = 'changed' ORDER BY x.id LIMIT 20))
    END AS excerpt
  FROM feed
)
SELECT
  'tag:rcc-archive,2026:run-' || run_id || '/'
    || coalesce('document-' || document_id, 'page-' || sha256) || '/'
    || replace(change, ' ', '-') AS atom_id,
  label || ': ' || coalesce(title, url) || coalesce(' (' || region_name || ')', '') AS atom_title,
  started_at AS atom_updated,
  '<p>' || label || ' i körning ' || run_id || ' (' || substr(started_at, 1, 10) || '): <a href="'
    || replace(replace(replace(replace(url, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;') || '">' || replace(replace(replace(replace(coalesce(title, url), '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;') || '</a></p>'
    || coalesce('<p>' || replace(replace(replace(replace(detail, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;') || '</p>', '')
    || CASE WHEN counted IS NOT NULL
         THEN '<p>' || counted
              || CASE WHEN lines_added + lines_removed > 20 THEN ' (de första 20 nedan)' ELSE '' END
              || ':</p><pre>' || replace(replace(replace(replace(coalesce(excerpt, ''), '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;') || '</pre>'
         ELSE '' END
    || CASE WHEN sha256 IS NOT NULL
         THEN '<p><a href="/-/archive/' || sha256 || '">Arkiverad kopia</a>'
              || CASE WHEN document_id IS NOT NULL
                   THEN ' · <a href="/archive/documents/' || document_id || '">Dokumentet i arkivet</a>'
                   ELSE ' · <a href="/archive/page_diff?url='
                        || replace(replace(replace(replace(replace(replace(url, '%', '%25'), '&', '%26'), '"', '%22'), '#', '%23'), '+', '%2B'), ' ', '%20') || '">Ändringarna</a>' END
              || '</p>'
         ELSE '' END AS atom_content_html,
  url AS atom_link,
  CASE WHEN sha256 IS NOT NULL THEN '/-/archive/' || sha256 END AS atom_archived_link,
  coalesce(rcc_name, CASE WHEN url LIKE 'https://www.socialstyrelsen.se/%' THEN 'Socialstyrelsen'
                          ELSE 'Regionala cancercentrum i samverkan' END) AS atom_author_name,
  run_id,
  change,
  document_id,
  title,
  url
FROM labelled
ORDER BY started_at DESC, run_id DESC, change, document_id, url
