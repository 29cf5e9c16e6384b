"""Diffs are bounded: repeated lines never stall a publish, and a cut-short diff says so.

Unit tests of ``publish.linediff`` and ``publish.history.diff_texts`` on small inputs
with known answers and on large repeated-line inputs (pytest-timeout is the guard, not a
timed assertion); and ``publish.history.save_history`` on a real SQLite file written the
way the crawl writes it, to see ``truncated`` and ``truncated_reason`` recorded.
"""

from __future__ import annotations

import random
import sqlite3

import pytest
from test_publish_history import PAGE, CrawlWriter

from rcc_archive.archive.datadir import DataDir
from rcc_archive.publish.history import COARSE_REASON, MAX_DIFF_LINES, diff_texts, save_history
from rcc_archive.publish.linediff import diff_blocks


def apply(a: list, b: list, blocks: list[tuple[int, int, int, int]]) -> list:
    """Turn ``a`` into what the blocks say ``b`` is."""
    out, at = [], 0
    for i1, i2, j1, j2 in blocks:
        out += a[at:i1] + b[j1:j2]
        at = i2
    return out + a[at:]


def lines(diff) -> list[tuple[str, int | None, int, str]]:
    return [(line.change, line.page_number, line.line_no, line.text) for line in diff.lines]


def test_one_changed_line_is_one_removed_and_one_added_with_its_page():
    old = [(1, "Inledning\nMål 2025"), (2, "Uppföljning\nVarje år")]
    new = [(1, "Inledning\nMål 2026"), (2, "Uppföljning\nVarje år")]
    diff = diff_texts(old, new)
    assert lines(diff) == [("-", 1, 2, "Mål 2025"), ("+", 1, 2, "Mål 2026")]
    assert (diff.added, diff.removed, diff.truncated, diff.reason) == (1, 1, False, None)


def test_an_inserted_and_a_deleted_line_among_repeated_ones():
    old = [(1, "\n".join(["Rad", "Rad", "A", "Rad", "Rad", "B", "Rad"]))]
    new = [(1, "\n".join(["Rad", "Rad", "A", "Ny", "Rad", "Rad", "Rad"]))]
    diff = diff_texts(old, new)
    assert sorted(lines(diff)) == [("+", 1, 4, "Ny"), ("-", 1, 6, "B")]


def test_moved_lines_are_a_true_diff():
    a = ["ett", "två", "tre", "fyra", "fem"]
    b = ["fyra", "fem", "ett", "två", "tre"]
    result = diff_blocks(a, b)
    assert apply(a, b, result.blocks) == b and not result.coarse
    changed = sum(i2 - i1 + j2 - j1 for i1, i2, j1, j2 in result.blocks)
    assert changed == 4  # "fyra" and "fem" move: the smallest diff


def test_random_inputs_always_give_a_diff_that_turns_old_into_new():
    rng = random.Random(16)
    for _ in range(2_000):
        a = [rng.randint(0, 5) for _ in range(rng.randint(0, 40))]
        b = [rng.randint(0, 5) for _ in range(rng.randint(0, 40))]
        result = diff_blocks(a, b)
        assert apply(a, b, result.blocks) == b, (a, b)
        starts = [(i1, j1) for i1, _, j1, _ in result.blocks]
        assert starts == sorted(starts)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("count", [8_000, 150_000])
def test_many_repeated_lines_finish_with_the_exact_diff(count):
    old = [(1, "\n".join(["Tabellrad"] * count + ["Slut"]))]
    new = [(1, "\n".join(["Början"] + ["Tabellrad"] * count))]
    diff = diff_texts(old, new)
    assert lines(diff) == [("+", 1, 1, "Början"), ("-", 1, count + 1, "Slut")]
    assert not diff.truncated


@pytest.mark.timeout(60)
@pytest.mark.parametrize("count", [8_000, 150_000])
def test_repeated_lines_that_differ_throughout_finish_coarse_and_say_so(count):
    old = [f"rad {n % 7}" for n in range(count)]
    new = [f"rad {n * 3 % 11}" for n in range(count)]
    result = diff_blocks(old, new)
    assert apply(old, new, result.blocks) == new
    diff = diff_texts([(1, "\n".join(old))], [(1, "\n".join(new))])
    assert diff.truncated and COARSE_REASON in diff.reason
    assert len(diff.lines) == MAX_DIFF_LINES


def test_a_cut_short_diff_is_recorded_with_its_reason(tmp_path):
    writer = CrawlWriter(DataDir.at(tmp_path / "data"))
    many = MAX_DIFF_LINES + 500
    writer.run("\n".join(f"Rad {n}." for n in range(many)), "<html>a</html>", {})
    writer.run("\n".join(f"Ny rad {n}." for n in range(many)), "<html>b</html>", {})
    db = writer.data_dir.open_db()
    try:
        save_history(db)
    finally:
        db.conn.close()
    conn = sqlite3.connect(writer.data_dir.db_path)
    ((truncated, reason),) = conn.execute(
        "select truncated, truncated_reason from version_diffs where url = ?", [PAGE]
    ).fetchall()
    assert truncated == 1
    assert reason == f"{2 * many} ändrade rader, de första {MAX_DIFF_LINES} sparade"
    assert conn.execute("select count(*) from page_diffs").fetchone()[0] == MAX_DIFF_LINES
