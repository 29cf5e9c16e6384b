"""The search box's own indexes find exactly the pages the trigram index finds.

Reads generated and fixture page texts; writes catalogues in memory and under
``tmp_path``. The search box (``publish.search_box``) answers ``?_search=`` from a word
index and a word-part index instead of the trigram index that ranks the ``search``
query: every query must match the same pages either way, after incremental publishes
too, and a query on most pages (answered by listing the pages that lack it) must never
show a page the index has not seen.
"""

from __future__ import annotations

import random
import shutil
import sqlite3

import pytest
import sqlite_utils
from page_catalogue import page_catalogue
from test_publish_fixture import PAGES, build_published_archive, page_keys

from bench.text import page_text
from rcc_archive.publish import search_box
from rcc_archive.publish.fts import FTS_TABLE, SEARCH_TABLE, match_expression, save_search_index
from rcc_archive.publish.query import parse_query
from rcc_archive.publish.serve import make_datasette
from rcc_archive.publish.swedish import words

ODD_TEXTS = [
    "İzmir och IJssel: ſtora ord, Straße och STRASSE, ﬁnans och ﬂyg, Ωmega och Σίσυφος.",
    "Årsrapport 2020-2023: år, året, åren, årets, ar, är, ärende och årsskiftet.",
    "Bröst­cancer med mjukt bindestreck, a\u030ar med kombinerad ring, 2,5 % och 1/3.",
    "cancer" * 40 + " canc cancerplan cancerplanerna ocancer",
    "x" * 300,
    "",
]


def _corpus() -> list[list[str]]:
    rng = random.Random(14)
    generated = [[page_text(rng) for _ in range(20)] for _ in range(6)]
    fixture = [pages for pages in PAGES.values() if pages]
    return [*generated, *fixture, ODD_TEXTS]


def _queries(db: sqlite_utils.Database) -> list[str]:
    rng = random.Random(7)
    vocabulary = sorted(
        {word for (text,) in db.execute("select text from pdf_pages") for word in words(text or "")}
    )
    queries = [
        "cancer",
        "mesoteliom",
        '"palliativ vård"',
        "år",
        "ar",
        "är",
        "cancerpl*",
        "ca*",
        "å*",
        "a*",
        '"cancer"',
        '"canc"*',
        '"palliativ vår"*',
        "cancer NOT cancerplan",
        "(screening OR mammografi) AND NOT cancer",
        "år OR året",
        "ſtora",
        "straße",
        "ﬁnans",
        "σίσυφος",
        "2020-2023",
        "bröstcancer",
        "vård",
        "NOT år",
        "",
        "x",
    ]
    for _ in range(300):
        chosen = rng.sample(vocabulary, rng.randint(1, 3))
        shape = rng.choice(["plain", "phrase", "or", "prefix", "not", "and"])
        if shape == "plain":
            queries.append(chosen[0])
        elif shape == "phrase":
            queries.append('"' + " ".join(chosen) + '"')
        elif shape == "or":
            queries.append(" OR ".join(chosen))
        elif shape == "prefix":
            queries.append(chosen[0][: max(1, len(chosen[0]) - 2)] + "*")
        elif shape == "not":
            queries.append(f"{chosen[0]} NOT {chosen[-1]}")
        else:
            queries.append(" AND ".join(chosen))
    for (text,) in db.execute("select text from pdf_pages order by random() limit 100"):
        found = words(text or "")
        if len(found) > 3:
            start = rng.randrange(len(found) - 2)
            queries.append('"' + " ".join(found[start : start + rng.randint(2, 3)]) + '"')
    return queries


def _trigram_pages(conn: sqlite3.Connection, query: str) -> set[int]:
    rows = conn.execute(
        f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?", [match_expression(query)]
    )
    return {rowid for (rowid,) in rows}


def _box_pages(conn: sqlite3.Connection, query: str) -> set[int] | None:
    node = parse_query(query)
    chosen = None if node is None else search_box.route(node)
    if chosen is None:
        return None
    table = chosen.table
    found = {
        rowid
        for (rowid,) in conn.execute(
            f"SELECT rowid FROM {table} WHERE {table} MATCH ?", [chosen.expression]
        )
    }
    missing = {
        rowid
        for (rowid,) in conn.execute(
            f"SELECT rowid FROM {table} WHERE {table} MATCH ?",
            [search_box.every_page_but(chosen.expression)],
        )
    }
    every = {rowid for (rowid,) in conn.execute(f"SELECT id FROM {SEARCH_TABLE}")}
    assert missing == every - found, query
    return found


def _assert_same_pages(db: sqlite_utils.Database) -> int:
    routed = 0
    for query in _queries(db):
        box = _box_pages(db.conn, query)
        if box is not None:
            routed += 1
            assert box == _trigram_pages(db.conn, query), query
    return routed


def test_every_routed_query_finds_what_the_trigram_index_finds():
    db = page_catalogue(_corpus())
    save_search_index(db)
    assert _assert_same_pages(db) > 300


def test_the_indexes_stay_exact_through_incremental_publishes():
    texts = _corpus()
    db = page_catalogue(texts)
    save_search_index(db)
    # Re-extract one file with other text, drop another, add a third: publish again.
    first, second = f"{0:064x}", f"{1:064x}"
    db.execute(
        "update pdf_pages set text = 'Ny text om lungcancer och år' where sha256 = ?", [first]
    )
    db.execute("update files set extracted_at = 't2' where sha256 = ?", [first])
    db.execute("delete from pdf_pages where sha256 = ?", [second])
    db["files"].insert({"sha256": "f" * 64, "extractor_version": "1", "extracted_at": "t3"})
    db["pdf_pages"].insert({"sha256": "f" * 64, "page_number": 1, "text": "Mesoteliom i Norr."})
    summary = save_search_index(db)
    assert (summary.files_indexed, summary.files_removed) == (2, 1)
    assert _assert_same_pages(db) > 300
    for table in (search_box.WORDS_TABLE, search_box.PARTS_TABLE):
        db.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")


def test_a_new_index_format_rebuilds_the_search_box_tables(monkeypatch):
    db = page_catalogue(_corpus())
    save_search_index(db)
    monkeypatch.setattr("rcc_archive.publish.fts.INDEX_VERSION", "next-format")
    # A new format may index other parts: the old rows must go without being asked for.
    monkeypatch.setattr(search_box, "parts_document", lambda stems: search_box.EVERY_PAGE)
    save_search_index(db)
    monkeypatch.undo()
    save_search_index(db, rebuild=True)
    assert _assert_same_pages(db) > 300


def test_queries_go_to_the_index_that_can_answer_them():
    tables = {
        "cancer": search_box.PARTS_TABLE,
        "cancer OR vård": search_box.PARTS_TABLE,
        "år": search_box.WORDS_TABLE,
        '"palliativ vård"': search_box.WORDS_TABLE,
        "ab*": search_box.WORDS_TABLE,
    }
    for query, table in tables.items():
        chosen = search_box.route(parse_query(query))
        assert chosen is not None and chosen.table == table, query
    assert search_box.route(parse_query('cancer AND "palliativ vård"')) is None
    assert search_box.route(parse_query("cancer")).expression == '"canc"*'


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    return build_published_archive(tmp_path_factory.mktemp("search-box"))


async def _search(ds, table: str, query: str) -> dict:
    response = await ds.client.get(
        f"/archive/{table}.json", params={"_search": query, "_size": "max", "_shape": "objects"}
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_word_on_most_pages_lists_the_pages_without_it(published):
    data_dir, shas = published
    ds = make_datasette(data_dir)
    # "väntetider" is on the 120 pages of the yearly report, most of the fixture's pages.
    expected = {("arsrapport", n) for n in range(1, 121)}
    for table in ("pdf_pages", "document_pages"):
        answer = await _search(ds, table, "väntetider")
        assert "NOT IN" in answer["query"]["sql"]
        assert "sv_missing" in answer["query"]["params"]
        assert page_keys(answer["rows"], shas) == expected
        assert answer["filtered_table_rows_count"] == len(answer["rows"])
        rare = await _search(ds, table, "mammografi")
        assert "NOT IN" not in rare["query"]["sql"]
        assert page_keys(rare["rows"], shas) == {("syd_brost", 2)}


async def test_a_page_extracted_after_publish_never_matches_a_word_it_lacks(published, tmp_path):
    data_dir, shas = published
    copy = tmp_path / "data"
    shutil.copytree(data_dir.root, copy)
    with sqlite3.connect(copy / "archive.db") as conn:
        conn.execute(
            "insert into pdf_pages (sha256, page_number, text) values (?, 999, 'Inget om det.')",
            [shas["arsrapport"]],
        )
        conn.execute(
            "update files set extracted_at = '2030-01-01T00:00:00Z' where sha256 = ?",
            [shas["arsrapport"]],
        )
    ds = make_datasette(type(data_dir)(copy))
    for table in ("pdf_pages", "document_pages"):
        answer = await _search(ds, table, "väntetider")
        # The index no longer covers every page, so the pages that match are listed.
        assert "NOT IN" not in answer["query"]["sql"]
        assert page_keys(answer["rows"], shas) == {("arsrapport", n) for n in range(1, 121)}


async def test_an_archive_published_before_these_indexes_searches_as_before(published, tmp_path):
    data_dir, shas = published
    copy = tmp_path / "data"
    shutil.copytree(data_dir.root, copy)
    with sqlite3.connect(copy / "archive.db") as conn:
        for table in (search_box.WORDS_TABLE, search_box.PARTS_TABLE, search_box.STATE_TABLE):
            conn.execute(f"drop table {table}")
    ds = make_datasette(type(data_dir)(copy))
    answer = await _search(ds, "pdf_pages", "väntetider")
    assert "sv_match(:sv_search)" in answer["query"]["sql"]
    assert page_keys(answer["rows"], shas) == {("arsrapport", n) for n in range(1, 121)}


async def test_words_on_most_pages_find_what_the_trigram_index_finds(tmp_path, monkeypatch):
    from bench.synthdb import build_database
    from rcc_archive.archive.datadir import DataDir
    from rcc_archive.publish import plugin

    data_dir = DataDir.at(tmp_path / "generated")
    build_database(data_dir, 600)
    ds = make_datasette(data_dir)
    listed = 0
    for query in ("cancer", "vård", "och", "år", "regionerna", "patient*", "cancer OR vård"):
        for table in ("pdf_pages", "document_pages"):
            answer = await _search(ds, table, query)
            listed += "sv_missing" in answer["query"]["params"]
            with monkeypatch.context() as patched:
                patched.setattr(plugin, "search_where", _no_route)
                trigram = await _search(ds, table, query)
            assert "sv_match" in trigram["query"]["sql"]
            keys = {(row["sha256"], row["page_number"]) for row in answer["rows"]}
            assert keys == {(row["sha256"], row["page_number"]) for row in trigram["rows"]}
            assert answer["filtered_table_rows_count"] == trigram["filtered_table_rows_count"]
    assert listed >= 8


async def _no_route(*args, **kwargs):
    return None
