"""Search latency: the ``search`` canned query and the table search, through Datasette.

Reads a published data directory (``archive.db`` and the repository's
``datasette_metadata.json``); writes nothing. Every request goes through Datasette's
own ASGI client (``ds.client``: routing, the plugin's SQL functions, JSON rendering, no
socket), and is set against floors run directly in ``sqlite3`` on the same file:

- ``fts5``: the FTS5 part of the canned query alone (MATCH on the already-translated
  expression, ranked by bm25, the same LIMIT): the floor the canned query is held to;
- ``canned_sql``: the canned query's whole SQL (snippets, joins) without Datasette;
- ``canned_sql_no_snippet``: the same with ``sv_snippet(...)`` replaced by NULL, which
  shows what the highlighted snippets (Python, one call per row) cost;
- ``table_sql``: the rows query Datasette reports for the table search plus the count
  query it runs beside it (each also timed alone).
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from bench.stats import latency_summary, ratio
from bench.text import COMMON_TERM, PHRASE, RARE_TERM
from rcc_archive.archive.datadir import DataDir
from rcc_archive.publish.build import canned_queries
from rcc_archive.publish.fts import FTS_TABLE, SEARCH_TABLE, match_expression, register_functions
from rcc_archive.publish.serve import SETTINGS, make_datasette, read_metadata

# Per timed query: at least MIN_SAMPLES, then more up to ``repeats`` while under BUDGET_S,
# so a slow query at 100,000 pages cannot stretch the run past its ten minutes.
MIN_SAMPLES = 5
BUDGET_S = 6.0
TERMS = {"common": COMMON_TERM, "rare": RARE_TERM, "phrase": PHRASE}
DATABASE = "archive"
_LIMIT = re.compile(r"\bLIMIT\s+(\d+)", re.IGNORECASE)
_SNIPPET = re.compile(r"sv_snippet\([^()]*\)")
_WHERE = re.compile(r"\bwhere\b(.*)\border by\b", re.IGNORECASE | re.DOTALL)


def measure_search(data_dir: DataDir, *, repeats: int) -> dict[str, Any]:
    """Time every term through Datasette and against its direct-SQL floors."""
    return asyncio.run(_measure(data_dir, repeats))


async def _measure(data_dir: DataDir, repeats: int) -> dict[str, Any]:
    canned_sql = canned_queries(read_metadata())["search"]["sql"]
    found = _LIMIT.search(canned_sql)
    limit = int(found.group(1)) if found else SETTINGS["max_returned_rows"]
    started = time.perf_counter()
    ds = make_datasette(data_dir)
    await ds.invoke_startup()
    first = await ds.client.get(_search_path(COMMON_TERM))
    startup_ms = round((time.perf_counter() - started) * 1000, 1)
    if first.status_code != 200:
        raise RuntimeError(f"search canned query answered {first.status_code}: {first.text[:300]}")
    conn = sqlite3.connect(f"{data_dir.db_path.as_uri()}?immutable=1", uri=True)
    register_functions(conn)
    terms: dict[str, Any] = {}
    try:
        for kind, term in TERMS.items():
            terms[kind] = await _measure_term(ds, conn, term, canned_sql, limit, repeats)
    finally:
        conn.close()
    return {
        "repeats": repeats,
        "min_samples": MIN_SAMPLES,
        "budget_s_per_query": BUDGET_S,
        "canned_limit": limit,
        "startup_and_first_request_ms": startup_ms,
        "terms": terms,
    }


async def _measure_term(
    ds: Any, conn: sqlite3.Connection, term: str, canned_sql: str, limit: int, repeats: int
) -> dict[str, Any]:
    expression = match_expression(term)
    fts_sql = (
        f"SELECT s.sha256, s.page_number, bm25({FTS_TABLE}) AS score FROM {FTS_TABLE} "
        f"JOIN {SEARCH_TABLE} s ON s.id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH ? "
        f"ORDER BY score LIMIT {limit}"
    )
    max_rows = SETTINGS["max_returned_rows"] + 1
    canned_http, canned_rows = await _time_http(ds, _search_path(term), repeats)
    table_http, table_json = await _time_http(ds, _table_path(term), repeats)
    rows_sql, rows_params = table_json["query"]["sql"], table_json["query"]["params"]
    count_sql = "select count(*) from pdf_pages where " + _WHERE.search(rows_sql).group(1)
    fts = _time_sql(lambda: conn.execute(fts_sql, (expression,)).fetchall(), repeats)
    canned = _time_sql(
        lambda: conn.execute(canned_sql, {"term": term}).fetchmany(max_rows), repeats
    )
    bare_sql = _SNIPPET.sub("NULL", canned_sql)
    no_snippet = _time_sql(
        lambda: conn.execute(bare_sql, {"term": term}).fetchmany(max_rows), repeats
    )
    table_rows = _time_sql(lambda: conn.execute(rows_sql, rows_params).fetchall(), repeats)
    table_count = _time_sql(lambda: conn.execute(count_sql, rows_params).fetchone(), repeats)
    # Datasette runs both for the table page: their sum is the floor.
    table = [rows + count for rows, count in zip(table_rows, table_count, strict=False)]
    hits = conn.execute(
        f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?", (expression,)
    )
    return {
        "term": term,
        "fts5_expression": expression,
        "matching_pages": hits.fetchone()[0],
        "canned_rows": len(canned_rows["rows"]),
        "table_count": table_json.get("filtered_table_rows_count"),
        "canned_http": latency_summary(canned_http),
        "table_http": latency_summary(table_http),
        "fts5_direct": latency_summary(fts),
        "canned_sql_direct": latency_summary(canned),
        "canned_sql_no_snippet_direct": latency_summary(no_snippet),
        "table_sql_direct": latency_summary(table),
        "table_rows_sql_direct": latency_summary(table_rows),
        "table_count_sql_direct": latency_summary(table_count),
        "canned_vs_fts5_p50": ratio(_p_ms(canned_http, 50), _p_ms(fts, 50)),
        "canned_vs_fts5_p95": ratio(_p_ms(canned_http, 95), _p_ms(fts, 95)),
        "canned_vs_canned_sql_p50": ratio(_p_ms(canned_http, 50), _p_ms(canned, 50)),
        "snippet_share_of_canned_sql_p50": round(
            1 - _p_ms(no_snippet, 50) / max(_p_ms(canned, 50), 0.01), 3
        ),
        "table_vs_table_sql_p50": ratio(_p_ms(table_http, 50), _p_ms(table, 50)),
    }


def _p_ms(seconds: list[float], q: float) -> float:
    """Return the ``q``-th percentile of ``seconds`` in milliseconds."""
    return latency_summary(seconds)[f"p{q}_ms"]


def _search_path(term: str) -> str:
    return f"/{DATABASE}/search.json?" + urlencode({"term": term, "_shape": "objects"})


def _table_path(term: str) -> str:
    return f"/{DATABASE}/pdf_pages.json?" + urlencode({"_search": term, "_shape": "objects"})


async def _time_http(ds: Any, path: str, repeats: int) -> tuple[list[float], dict[str, Any]]:
    """Request ``path`` once to warm up, then up to ``repeats`` times; return timings and JSON."""
    response = await ds.client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}: {response.text[:300]}")
    samples: list[float] = []
    while _more(samples, repeats):
        started = time.perf_counter()
        response = await ds.client.get(path)
        samples.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}: {response.text[:300]}")
    return samples, response.json()


def _time_sql(run: Callable[[], object], repeats: int) -> list[float]:
    run()
    samples: list[float] = []
    while _more(samples, repeats):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return samples


def _more(samples: list[float], repeats: int) -> bool:
    """Tell whether to take another sample: up to ``repeats``, within the time budget."""
    if len(samples) < min(repeats, MIN_SAMPLES):
        return True
    return len(samples) < repeats and sum(samples) < BUDGET_S
