"""publish costs what changed: nothing rewritten when nothing changed, one file when one did.

Reads nothing of the repository but the code; writes generated catalogues
(``bench.synthdb``: 1,000 pages in 20 files, two of them second versions) under
``tmp_path``. Row snapshots (``bench.touched``) say which published rows a publish
wrote; the FTS5 index's own blocks (``pdf_pages_search_fts_data``) say whether it was
rewritten as a whole. No timing is asserted: the benchmark measures time.
"""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from bench.newversion import add_version
from bench.synthdb import build_database
from bench.touched import compare, snapshot
from rcc_archive.archive.datadir import DataDir
from rcc_archive.publish.build import publish_archive
from rcc_archive.publish.fts import match_expression
from rcc_archive.publish.views import VIEWS, save_views

PAGES = 1_000
QUERIES = ("cancer", "mesoteliom", '"palliativ vård"', "screening", "år")


@pytest.fixture
def published(tmp_path) -> DataDir:
    """A published generated catalogue of 1,000 pages with two version pairs."""
    data_dir = DataDir.at(tmp_path / "data")
    build_database(data_dir, PAGES)
    return data_dir


def fts_blocks(data_dir: DataDir) -> set[int]:
    """The ids of the FTS5 index's stored blocks (segment pages, structure, averages)."""
    with sqlite3.connect(data_dir.db_path) as conn:
        return {row[0] for row in conn.execute("SELECT id FROM pdf_pages_search_fts_data")}


def statistics(data_dir: DataDir) -> list[tuple]:
    with sqlite3.connect(data_dir.db_path) as conn:
        return conn.execute("SELECT * FROM sqlite_stat1 ORDER BY tbl, idx").fetchall()


def ranked(data_dir: DataDir, query: str) -> list[tuple[str, int, float]]:
    """Every page a query matches with its bm25 score, best first (what search orders by)."""
    with sqlite3.connect(data_dir.db_path) as conn:
        rows = conn.execute(
            "SELECT s.sha256, s.page_number, bm25(pdf_pages_search_fts) AS score "
            "FROM pdf_pages_search_fts JOIN pdf_pages_search s ON s.id = pdf_pages_search_fts.rowid "
            "WHERE pdf_pages_search_fts MATCH ? ORDER BY score, s.sha256, s.page_number",
            [match_expression(query)],
        ).fetchall()
    return [(sha, page, round(score, 9)) for sha, page, score in rows]


def test_a_publish_with_nothing_changed_writes_nothing(published):
    before = snapshot(published)
    blocks, stats = fts_blocks(published), statistics(published)
    summary = publish_archive(published)
    assert (summary.files_indexed, summary.pages_indexed, summary.document_pairs_diffed) == (
        0,
        0,
        0,
    )
    written = compare(before, snapshot(published))
    assert written["rows_touched"] == 0, written["rows"]
    assert written["fts_structure_unchanged"]
    assert fts_blocks(published) == blocks
    assert statistics(published) == stats


def test_views_stored_as_defined_are_not_created_again(published):
    db = published.open_db()
    statements: list[str] = []
    try:
        db.conn.set_trace_callback(statements.append)
        assert save_views(db) == list(VIEWS)
    finally:
        db.conn.close()
    # A DROP and CREATE would be a schema change: every reader re-prepares its queries.
    assert [s for s in statements if s.lstrip().upper().startswith(("DROP", "CREATE"))] == []


def test_a_new_version_of_one_document_rewrites_only_its_rows(published):
    before = snapshot(published)
    blocks, stats = fts_blocks(published), statistics(published)
    sha, pages = add_version(published, 5)
    summary = publish_archive(published)
    assert (summary.files_indexed, summary.pages_indexed) == (1, pages)
    assert summary.document_pairs_diffed == 1
    written = compare(before, snapshot(published))
    assert written["files_touched"] == [sha]
    assert written["rows"]["pdf_pages_search"] == {"added": pages, "removed": 0, "rewritten": 0}
    assert written["rows"]["version_diffs"]["added"] == 1
    # The index gained a segment for the new pages; its existing blocks were not merged
    # into a new whole (an 'optimize' rewrites every block under new ids).
    after = fts_blocks(published)
    assert len(blocks - after) <= 2, "the FTS5 index was rewritten, not extended"
    assert len(after - blocks) < len(blocks) // 4
    # Nor were the archive's statistics read again for one file.
    assert statistics(published) == stats


def test_an_index_extended_in_place_ranks_like_one_rebuilt_from_scratch(published, tmp_path):
    for index in (2, 5, 12):
        add_version(published, index)
        publish_archive(published)
    rebuilt = DataDir.at(tmp_path / "rebuilt")
    rebuilt.root.mkdir(exist_ok=True)
    shutil.copyfile(published.db_path, rebuilt.db_path)
    publish_archive(rebuilt, rebuild=True)
    for query in QUERIES:
        assert ranked(published, query) == ranked(rebuilt, query), query
        assert ranked(published, query), query


def test_a_large_change_still_merges_the_index_into_one_and_analyses(published):
    stats = statistics(published)
    for index in range(0, 18, 2):
        add_version(published, index)
    publish_archive(published)
    assert statistics(published) != stats
    with sqlite3.connect(published.db_path) as conn:
        conn.execute(
            "INSERT INTO pdf_pages_search_fts(pdf_pages_search_fts) VALUES ('integrity-check')"
        )
