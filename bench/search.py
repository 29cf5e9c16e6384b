"""Search latency: the ``search`` canned query and the table search, through Datasette.

Reads a published data directory (``archive.db`` and the repository's
``datasette_metadata.json``); writes a copy of that metadata with one more canned query
into a temporary file, and nothing else. Every request goes through Datasette's own
ASGI client (``ds.client``: routing, the plugin's SQL functions, JSON rendering, no
socket). The baselines:

- ``bare_http``: the same Datasette serving the bare FTS5 part of the canned query as
  a canned query of its own (``search_bare``: MATCH, bm25 and the same LIMIT; no
  snippets, no joins but the one to the page keys), given to this Datasette only, never
  to the published metadata. It has Datasette's fixed cost per request, so the ratio
  ``canned_vs_bare`` is what the snippets, citation and joins add. The two are timed
  interleaved (canned, bare, canned, bare…) so load on the machine falls on both alike.
- run directly in ``sqlite3`` on the same file: ``fts5`` (the same FTS5 query on the
  already-translated expression), ``canned_sql`` (the canned query's whole SQL),
  ``canned_sql_no_snippet`` (the same with ``sv_snippet(...)`` as NULL), and for each
  table searched (``pdf_pages`` and the ``document_pages`` view) the rows query
  Datasette reports plus the count query it runs beside it, after the plugin's own
  query that chooses them (``publish.search_box.search_where``), each also timed alone.
- ``no_snippet_http``: the canned query with ``sv_snippet(...)`` as NULL, through the same
  Datasette (also given to it only): the joins, the citation and 16 columns cost this
  much with no snippet at all, the floor under any faster snippet.
- ``from_text_http``: the canned query with its snippets made the way they were before
  the snippet index (``sv_snippet(body, text, q)``: the page lowercased and tokenised in
  Python, the body from ``pdf_page_bodies``), through the same Datasette; its rows must
  be the canned query's, snippets included (``snippets_identical_to_text_path``).
"""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench.stats import latency_summary, ratio
from bench.text import COMMON_TERM, PHRASE, RARE_TERM
from rcc_archive.archive.datadir import DataDir
from rcc_archive.publish.build import canned_queries
from rcc_archive.publish.fts import FTS_TABLE, SEARCH_TABLE, match_expression, register_functions
from rcc_archive.publish.query import parse_query
from rcc_archive.publish.search_box import search_where
from rcc_archive.publish.serve import SETTINGS, make_datasette, read_metadata

# Per timed query: at least MIN_SAMPLES, then more up to ``repeats`` while under BUDGET_S,
# so a slow query at 100,000 pages cannot stretch the run past its ten minutes.
MIN_SAMPLES = 5
BUDGET_S = 6.0
TERMS = {"common": COMMON_TERM, "rare": RARE_TERM, "phrase": PHRASE}
TABLES = {"table": "pdf_pages", "view": "document_pages"}
DATABASE = "archive"
BARE_QUERY = "search_bare"
NO_SNIPPET_QUERY = "search_no_snippet"
FROM_TEXT_QUERY = "search_from_text"
_LIMIT = re.compile(r"\bLIMIT\s+(\d+)", re.IGNORECASE)
_SNIPPET = re.compile(r"sv_snippet\([^()]*\)")
_TAIL = re.compile(r"\s*(order by [^()]*?)?\s*limit \d+\s*$", re.IGNORECASE)
_PAGE_JOIN = re.compile(r"^JOIN pdf_pages p ON .*$", re.MULTILINE)
_INDEX_JOINS = re.compile(r"^(LEFT )?JOIN (pdf_pages_search|pdf_pages_snippets) .*\n", re.MULTILINE)


def bare_sql(limit: int) -> str:
    """The FTS5 part of the ``search`` query as Datasette runs it: no snippets, no joins."""
    return (
        f"SELECT s.sha256, s.page_number, bm25({FTS_TABLE}) AS score FROM {FTS_TABLE} "
        f"JOIN {SEARCH_TABLE} s ON s.id = {FTS_TABLE}.rowid "
        f"WHERE {FTS_TABLE} MATCH sv_match(:term) ORDER BY score LIMIT {limit}"
    )


def from_text_sql(canned_sql: str) -> str:
    """The canned query with each snippet made from the page text and its stored body."""
    sql = _INDEX_JOINS.sub("", _SNIPPET.sub("sv_snippet(b.body, p.text, :term)", canned_sql))
    join = "LEFT JOIN pdf_page_bodies b ON b.sha256 = h.sha256 AND b.page_number = h.page_number"
    return _PAGE_JOIN.sub(lambda found: found.group() + "\n" + join, sql, count=1)


def measure_search(data_dir: DataDir, *, repeats: int) -> dict[str, Any]:
    """Time every term through Datasette and against its baselines."""
    return asyncio.run(_measure(data_dir, repeats))


async def _measure(data_dir: DataDir, repeats: int) -> dict[str, Any]:
    metadata = read_metadata()
    canned_sql = canned_queries(metadata)["search"]["sql"]
    found = _LIMIT.search(canned_sql)
    limit = int(found.group(1)) if found else SETTINGS["max_returned_rows"]
    queries = canned_queries(metadata)
    queries[BARE_QUERY] = {"sql": bare_sql(limit), "params": ["term"]}
    queries[NO_SNIPPET_QUERY] = {"sql": _SNIPPET.sub("NULL", canned_sql), "params": ["term"]}
    queries[FROM_TEXT_QUERY] = {"sql": from_text_sql(canned_sql), "params": ["term"]}
    with tempfile.TemporaryDirectory(prefix="rcc-bench-metadata-") as folder:
        metadata_path = Path(folder) / "metadata.json"
        metadata_path.write_text(json.dumps(metadata, ensure_ascii=False), encoding="utf-8")
        started = time.perf_counter()
        ds = make_datasette(data_dir, metadata_path=metadata_path)
        await ds.invoke_startup()
        first = await ds.client.get(_query_path("search", COMMON_TERM))
        startup_ms = round((time.perf_counter() - started) * 1000, 1)
        if first.status_code != 200:
            raise RuntimeError(f"search answered {first.status_code}: {first.text[:300]}")
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
        "bare_sql": bare_sql(limit),
        "startup_and_first_request_ms": startup_ms,
        "terms": terms,
    }


async def _measure_term(
    ds: Any, conn: sqlite3.Connection, term: str, canned_sql: str, limit: int, repeats: int
) -> dict[str, Any]:
    expression = match_expression(term)
    fts_sql = bare_sql(limit).replace("sv_match(:term)", "?")
    max_rows = SETTINGS["max_returned_rows"] + 1
    paths = {
        "canned": _query_path("search", term),
        "bare": _query_path(BARE_QUERY, term),
        "no_snippet": _query_path(NO_SNIPPET_QUERY, term),
        "from_text": _query_path(FROM_TEXT_QUERY, term),
    }
    timed = await _time_interleaved(ds, paths, repeats)
    canned_http, canned_json = timed["canned"]
    bare_http, no_snippet_http = timed["bare"][0], timed["no_snippet"][0]
    from_text_http, from_text_json = timed["from_text"]
    fts = _time_sql(lambda: conn.execute(fts_sql, (expression,)).fetchall(), repeats)
    canned = _time_sql(
        lambda: conn.execute(canned_sql, {"term": term}).fetchmany(max_rows), repeats
    )
    no_snippet_sql = _SNIPPET.sub("NULL", canned_sql)
    no_snippet = _time_sql(
        lambda: conn.execute(no_snippet_sql, {"term": term}).fetchmany(max_rows), repeats
    )
    hits = conn.execute(
        f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?", (expression,)
    )
    measured: dict[str, Any] = {
        "term": term,
        "fts5_expression": expression,
        "matching_pages": hits.fetchone()[0],
        "canned_rows": len(canned_json["rows"]),
        "canned_http": latency_summary(canned_http),
        "bare_http": latency_summary(bare_http),
        "no_snippet_http": latency_summary(no_snippet_http),
        "from_text_http": latency_summary(from_text_http),
        "snippets_identical_to_text_path": canned_json["rows"] == from_text_json["rows"],
        "fts5_direct": latency_summary(fts),
        "canned_sql_direct": latency_summary(canned),
        "canned_sql_no_snippet_direct": latency_summary(no_snippet),
        "canned_vs_bare_p50": ratio(_p_ms(canned_http, 50), _p_ms(bare_http, 50)),
        "canned_vs_bare_p95": ratio(_p_ms(canned_http, 95), _p_ms(bare_http, 95)),
        # What the joins, citation and 16 columns cost through Datasette with no snippet
        # at all: the floor under any faster snippet.
        "no_snippet_vs_bare_p95": ratio(_p_ms(no_snippet_http, 95), _p_ms(bare_http, 95)),
        # The snippet index against snippets made from the page text, same Datasette.
        "from_text_vs_bare_p95": ratio(_p_ms(from_text_http, 95), _p_ms(bare_http, 95)),
        "canned_vs_from_text_p50": ratio(_p_ms(canned_http, 50), _p_ms(from_text_http, 50)),
        "canned_vs_fts5_p50": ratio(_p_ms(canned_http, 50), _p_ms(fts, 50)),
        "canned_vs_fts5_p95": ratio(_p_ms(canned_http, 95), _p_ms(fts, 95)),
        "canned_vs_canned_sql_p50": ratio(_p_ms(canned_http, 50), _p_ms(canned, 50)),
        "snippet_share_of_canned_sql_p50": round(
            1 - _p_ms(no_snippet, 50) / max(_p_ms(canned, 50), 0.01), 3
        ),
    }
    for key, table in TABLES.items():
        measured.update(await _measure_table(ds, conn, key, table, term, repeats))
    return measured


async def _measure_table(
    ds: Any, conn: sqlite3.Connection, key: str, table: str, term: str, repeats: int
) -> dict[str, Any]:
    """Time the search box of one table through Datasette, and its two queries directly."""
    timed = await _time_interleaved(ds, {key: _table_path(table, term)}, repeats)
    http, answer = timed[key]
    rows_sql, params = answer["query"]["sql"], answer["query"]["params"]
    count_sql = "select count(*) from " + _TAIL.sub("", rows_sql).split(" from ", 1)[1]
    node = parse_query(term)
    direct = _DirectDatabase(conn)
    plan = _time_sql(lambda: _complete(search_where(direct, node, table)), repeats)
    rows = _time_sql(lambda: conn.execute(rows_sql, params).fetchall(), repeats)
    count = _time_sql(lambda: conn.execute(count_sql, params).fetchone(), repeats)
    # The plugin's own query, then Datasette's two for the table page: their sum is the floor.
    floor = [sum(step) for step in zip(plan, rows, count, strict=False)]
    return {
        f"{key}_name": table,
        f"{key}_count": answer.get("filtered_table_rows_count"),
        f"{key}_lists_missing_pages": "sv_missing" in params,
        f"{key}_http": latency_summary(http),
        f"{key}_sql_direct": latency_summary(floor),
        f"{key}_plan_sql_direct": latency_summary(plan),
        f"{key}_rows_sql_direct": latency_summary(rows),
        f"{key}_count_sql_direct": latency_summary(count),
        f"{key}_vs_{key}_sql_p50": ratio(_p_ms(http, 50), _p_ms(floor, 50)),
    }


def _complete(coroutine: Any) -> Any:
    """Run a coroutine that never waits (its database is a plain connection) to its end."""
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value
    raise RuntimeError("the coroutine waited for something")


class _DirectDatabase:
    """What ``search_where`` needs of a Datasette database, on a plain connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    async def execute(self, sql: str, params: dict[str, Any]) -> Any:
        return _Rows(self.conn.execute(sql, params).fetchall())


class _Rows:
    def __init__(self, rows: list[tuple]) -> None:
        self.rows = rows

    def first(self) -> tuple | None:
        return self.rows[0] if self.rows else None


def _p_ms(seconds: list[float], q: float) -> float:
    """Return the ``q``-th percentile of ``seconds`` in milliseconds."""
    return latency_summary(seconds)[f"p{q}_ms"]


def _query_path(name: str, term: str) -> str:
    return f"/{DATABASE}/{name}.json?" + urlencode({"term": term, "_shape": "objects"})


def _table_path(table: str, term: str) -> str:
    return f"/{DATABASE}/{table}.json?" + urlencode({"_search": term, "_shape": "objects"})


async def _time_interleaved(
    ds: Any, paths: dict[str, str], repeats: int
) -> dict[str, tuple[list[float], dict[str, Any]]]:
    """Request each path once to warm up, then in turn up to ``repeats`` times each.

    Returns each path's timings and its last JSON answer. Interleaving puts the machine's
    load on every path alike, so their ratio holds when the absolute times do not.
    """
    last = {name: await _get(ds, path) for name, path in paths.items()}
    samples: dict[str, list[float]] = {name: [] for name in paths}
    while all(_more(timings, repeats) for timings in samples.values()):
        for name, path in paths.items():
            started = time.perf_counter()
            last[name] = await _get(ds, path)
            samples[name].append(time.perf_counter() - started)
    return {name: (samples[name], last[name].json()) for name in paths}


async def _get(ds: Any, path: str) -> Any:
    response = await ds.client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}: {response.text[:300]}")
    return response


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
