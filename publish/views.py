"""Views and indexes that shape the catalogue for reading in Datasette.

Reads nothing but its own constants; writes views and indexes into the catalogue
(``archive.db``). A view whose stored definition differs from its constant here is
dropped and recreated, so a changed definition takes effect; indexes are created only
when missing. The ``changes`` view reads ``version_diffs``, which ``publish.history``
creates, so it is made after it.
"""

from __future__ import annotations

import sqlite_utils

# Links in cells are written as Markdown, "[label](/path)": readable in JSON and CSV,
# and turned into anchors by the plugin's render_cell (internal paths only).
VIEWS: dict[str, str] = {
    "current_documents": """
SELECT
  d.id AS document_id,
  d.title,
  d.region,
  r.name AS region_name,
  d.doc_type,
  d.period_start,
  d.period_end,
  d.year,
  d.diagnosis,
  d.url,
  d.found_on,
  d.section,
  d.sha256,
  f.content_type,
  f.bytes,
  f.page_count,
  f.extract_status,
  '[arkiverad fil](/-/archive/' || d.sha256 || ')' AS archived_file,
  d.first_seen,
  d.last_seen
FROM documents d
LEFT JOIN regions r ON r.slug = d.region
LEFT JOIN files f ON f.sha256 = d.sha256
WHERE d.status = 'current'
""",
    "document_pages": """
SELECT
  d.id AS document_id,
  d.title,
  d.region,
  r.name AS region_name,
  d.doc_type,
  d.period_start,
  d.period_end,
  d.year,
  d.diagnosis,
  d.status,
  CASE WHEN d.sha256 = p.sha256 THEN 1 ELSE 0 END AS is_current_version,
  v.first_seen AS version_first_seen,
  p.sha256,
  p.page_number,
  p.chars,
  p.text,
  '[PDF s. ' || p.page_number || '](/-/archive/' || p.sha256 || '#page=' || p.page_number || ')'
    AS archived_page
FROM pdf_pages p
JOIN document_versions v ON v.sha256 = p.sha256
JOIN documents d ON d.id = v.document_id
LEFT JOIN regions r ON r.slug = d.region
""",
    # One row per thing a crawl run noticed. Runs are known from document_versions'
    # first_run_id, or (rows written before it existed) from the last run started by
    # the version's first_seen. A page counts as changed only when its text changed
    # (version_diffs has lines for it), not when only its HTML did. Fetches find their
    # document through document_urls: a version fetched under a new URL of the same
    # SiteVision node, or behind a redirect, is a change of that document, not a new one.
    "changes": """
WITH versions AS (
  SELECT
    v.document_id,
    v.sha256,
    v.first_seen,
    coalesce(
      v.first_run_id,
      (SELECT max(r.id) FROM crawl_runs r WHERE r.started_at <= v.first_seen)
    ) AS run_id,
    lag(v.sha256) OVER (PARTITION BY v.document_id ORDER BY v.first_seen, v.rowid)
      AS previous_sha256
  FROM document_versions v
),
failures AS (
  -- A document whose last fetch in a run failed (earlier fetches were retries).
  SELECT f.run_id, d.id AS document_id, d.sha256,
         coalesce(f.error, 'HTTP ' || f.http_status, 'the fetch failed') AS detail
  FROM fetches f
  JOIN document_urls u ON u.url = f.url
  JOIN documents d ON d.id = u.document_id
  WHERE f.kind = 'document' AND f.outcome = 'error'
    AND f.id = (SELECT max(g.id) FROM fetches g
                WHERE g.run_id = f.run_id AND g.url = f.url AND g.kind = 'document')
),
broken_now AS (
  -- Broken without a failed fetch (linked but not fetched, or refused): the last run
  -- that linked or fetched it.
  SELECT
    d.id AS document_id,
    d.sha256,
    coalesce(d.status_reason, 'the last fetch failed') AS detail,
    nullif(max(
      coalesce(d.last_run_id, 0),
      coalesce((SELECT max(l.last_run_id) FROM document_links l
                JOIN document_urls u ON u.url = l.document_url
                WHERE u.document_id = d.id), 0)
    ), 0) AS run_id
  FROM documents d
  WHERE d.status = 'broken'
),
events AS (
  SELECT run_id, CASE WHEN previous_sha256 IS NULL THEN 'new' ELSE 'changed' END AS change,
         document_id, NULL AS page_url, sha256, previous_sha256 AS from_sha256,
         'previous version ' || substr(previous_sha256, 1, 12) AS detail
  FROM versions
  UNION ALL
  -- Back to bytes it had before: the crawl fetched "changed" but added no version.
  SELECT DISTINCT f.run_id, 'changed', v.document_id, NULL, f.sha256, NULL,
         'back to an earlier version, first seen ' || substr(v.first_seen, 1, 10)
  FROM fetches f
  JOIN document_urls u ON u.url = f.url
  JOIN versions v ON v.document_id = u.document_id AND v.sha256 = f.sha256
  WHERE f.kind = 'document' AND f.outcome = 'changed' AND v.run_id < f.run_id
  UNION ALL
  SELECT d.removed_run_id, 'removed', d.id, NULL, d.sha256, NULL,
         coalesce(CASE WHEN d.status = 'removed' THEN d.status_reason END,
                  'no longer linked from any crawled page')
  FROM documents d
  WHERE d.removed_run_id IS NOT NULL
  UNION ALL
  SELECT run_id, 'broken', document_id, NULL, sha256, NULL, detail FROM failures
  UNION ALL
  SELECT b.run_id, 'broken', b.document_id, NULL, b.sha256, NULL, b.detail
  FROM broken_now b
  WHERE NOT EXISTS (
    SELECT 1 FROM failures x WHERE x.document_id = b.document_id AND x.run_id = b.run_id
  )
  UNION ALL
  SELECT
    coalesce(
      (SELECT min(f.run_id) FROM fetches f
       WHERE f.url = p.url AND f.kind = 'page' AND f.sha256 = p.to_sha256),
      (SELECT max(r.id) FROM crawl_runs r WHERE r.started_at <= p.to_seen)
    ),
    'page changed', NULL, p.url, p.to_sha256, p.from_sha256,
    'previous version ' || substr(p.from_sha256, 1, 12)
  FROM version_diffs p
  WHERE p.kind = 'page' AND p.lines_added + p.lines_removed > 0
)
SELECT
  -- CAST gives the columns integer affinity, so Datasette's ?run_id=2 filters match.
  CAST(e.run_id AS INTEGER) AS run_id,
  r.started_at,
  e.change,
  CAST(e.document_id AS INTEGER) AS document_id,
  coalesce(d.title, w.title) AS title,
  coalesce(d.region, w.region) AS region,
  d.doc_type,
  coalesce(d.url, e.page_url) AS url,
  e.sha256,
  e.detail,
  s.lines_added,
  s.lines_removed,
  CASE WHEN s.lines_added + s.lines_removed > 0 THEN
    CASE WHEN e.document_id IS NULL
      THEN '[diff](/archive/page_diffs?to_sha256=' || e.sha256 || ')'
      ELSE '[diff](/archive/document_diffs?document_id=' || e.document_id
           || '&to_sha256=' || e.sha256 || ')'
    END
  END AS diff
FROM events e
LEFT JOIN crawl_runs r ON r.id = e.run_id
LEFT JOIN documents d ON d.id = e.document_id
LEFT JOIN web_pages w ON w.url = e.page_url
LEFT JOIN version_diffs s
  ON s.from_sha256 = e.from_sha256 AND s.to_sha256 = e.sha256
  AND s.url = coalesce(d.url, e.page_url)
  AND s.kind = CASE WHEN e.document_id IS NULL THEN 'page' ELSE 'document' END
WHERE e.run_id IS NOT NULL
ORDER BY e.run_id DESC, e.change, e.document_id, url
""",
}

# Indexes the views and canned queries lean on, beyond those archive/schema.py declares.
INDEXES: dict[str, list[tuple[str, ...]]] = {
    "documents": [("doc_type", "region"), ("diagnosis",), ("first_seen",), ("last_seen",)],
    "document_versions": [("first_seen",)],
    "fetches": [("run_id", "outcome"), ("kind", "outcome")],
}


def save_views(db: sqlite_utils.Database) -> list[str]:
    """Create every view whose definition is missing or changed; return their names.

    A view already stored with the same SQL is left alone: a publish with nothing new
    then writes no schema change, which would make every reader re-prepare its queries.
    """
    stored = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'").fetchall())
    with db.conn:
        for name, sql in VIEWS.items():
            # SQLite keeps the statement as written, less its trailing whitespace.
            create = f"CREATE VIEW [{name}] AS {sql}".rstrip()
            if stored.get(name) == create:
                continue
            db.conn.execute(f"DROP VIEW IF EXISTS [{name}]")
            db.conn.execute(create)
    return list(VIEWS)


def save_indexes(db: sqlite_utils.Database) -> None:
    """Create the publishing indexes that are missing."""
    for table, indexes in INDEXES.items():
        for columns in indexes:
            db.table(table).create_index(columns, if_not_exists=True)
