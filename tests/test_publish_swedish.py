"""Swedish stems, query parsing and snippets, below the app (pure functions)."""

from __future__ import annotations

import random
import sqlite3

from rcc_archive.publish.fts import index_text, match_expression
from rcc_archive.publish.snippets import snippet
from rcc_archive.publish.swedish import stem


def test_stems_cut_inflections_and_keep_swedish_letters():
    assert {stem(word) for word in ("cancerplan", "cancerplanen", "cancerplanerna")} == {
        "cancerplan"
    }
    assert stem("Vården") == "vård"
    assert len({stem("år"), stem("ar"), stem("är")}) == 3


def test_decomposed_letters_and_soft_hyphens_index_like_the_real_word():
    # PDFs often give "å" as "a" + combining ring, and hide soft hyphens inside words.
    assert index_text("A\u030ar och can\u00adcervård") == " år och cancervård "


def test_every_query_becomes_a_valid_fts5_expression():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(stems, tokenize='trigram')")
    conn.execute("INSERT INTO t VALUES (?)", (index_text("Bröstcancervården i år"),))
    alphabet = [
        '"',
        "(",
        ")",
        "*",
        " ",
        ":",
        "^",
        "-",
        "+",
        "AND ",
        "OR ",
        "NOT ",
        "år",
        "cancer",
        "ö",
        "\\",
        "'",
    ]
    generator = random.Random(20261122)
    for _ in range(3000):
        query = "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 12)))
        conn.execute(
            "SELECT count(*) FROM t WHERE t MATCH ?", (match_expression(query),)
        ).fetchone()


def test_snippet_shows_the_densest_hits_of_a_long_page_with_ellipses():
    text = (
        "Inledning. " * 60 + "Här nämns bröstcancervården och cancerplanen. " + "Avslutning. " * 60
    )
    result = snippet(text, "cancer", width=120)
    assert result.startswith("…") and result.endswith("…")
    assert "<mark>bröstcancervården</mark> och <mark>cancerplanen</mark>" in result
    assert len(result) < 260


def test_snippet_without_hits_shows_the_start_and_drops_foreign_markers():
    result = snippet("Text med <mark>falsk</mark> markering.", "lungcancer")
    assert result == "Text med falsk markering."
