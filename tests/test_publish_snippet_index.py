"""Snippets from the index: the stored word offsets give exactly the snippets made from the
page text (``snippets.body_snippet``), and pages they cannot describe keep the old path.

Reads generated and fixture page texts; writes catalogues in memory.
"""

from __future__ import annotations

import random
import sqlite3
import sys

import pytest
from page_catalogue import page_catalogue
from test_publish_fixture import PAGES

from bench.text import page_text
from rcc_archive.publish import snippet_index
from rcc_archive.publish.fts import SEARCH_TABLE, index_text, register_functions, save_search_index
from rcc_archive.publish.margins import line_key, running_lines, strip_running_lines
from rcc_archive.publish.snippets import body_snippet
from rcc_archive.publish.stem_snippets import indexed_snippet
from rcc_archive.publish.swedish import stem, words

HEADER = "RCC Syd · Regional cancerplan 2026–2028"
ODD_TEXTS = [
    "Årsrapport 2020-2023: år, året, åren, årets, ar, är, ärende och årsskiftet.",
    "Bröst\u00adcancer med mjukt bindestreck, a\u030ar med kombinerad ring, ﬁnansiering, 2,5 %.",
    "cancer" * 40 + " canc cancerplan cancerplanerna ocancer",
    "Palliativ vård palliativ vård palliativ vård. Vård vård vård vård.",
    "Första stycket om screening.\n\nAndra stycket om palliativ\nvård och cancer.\n\n\nTredje.",
    "  Inledande blanksteg\toch\u00a0hårda mellanslag  \r\n  och CRLF\u2028radslut.  ",
    "x" * 300,
    "",
]
# Pages whose text does not map word for word to its stems.
UNMAPPED = [
    "Rapport från İzmir om bröstcancervården.",  # a lower case two characters long
    "En falsk <mark>markering</mark> om cancer.",  # markers the excerpt drops
    "cancer " + "a" * 300 + " vård",  # a word over 255 characters
    ("cancervård " * 7000).strip(),  # over 65,535 characters
]
FIXED_QUERIES = [
    "cancer",
    "mesoteliom",
    '"palliativ vård"',
    '"vård vård"',
    '"palliativ vår*"',
    "palliativ vård",
    "år",
    "år*",
    "a*",
    "canc*",
    '"canc*"',
    '"cancer"',
    "cancer NOT vård",
    "(screening OR prevention) AND vård",
    "bröst-cancer",
    "2020-2023",
    "İzmir",
    "AND",
    "*",
    '"',
    "",
    "ﬁnansiering",
    "x" * 3000,
]


def _files() -> list[list[str | None]]:
    rng = random.Random(23)
    generated = [[page_text(rng) for _ in range(12)] for _ in range(4)]
    # A file with a running header and footer: its snippets come from the page bodies.
    running = [f"{HEADER}\n{page_text(rng)}\nSida {number}" for number in range(1, 7)] + [
        f"{HEADER}\nOm screening och palliativ vård i {HEADER}.\nSida 7"
    ]
    fixture = [pages for pages in PAGES.values() if pages]
    return [*generated, running, *fixture, [*ODD_TEXTS, None], UNMAPPED]


def _queries(files: list[list[str | None]]) -> list[str]:
    rng = random.Random(5)
    texts = [text for pages in files for text in pages if text and len(text) < 10_000]
    vocabulary = sorted({word for text in texts for word in words(text)})
    queries = list(FIXED_QUERIES)
    while len(queries) < 90:
        word = rng.choice(vocabulary)
        kind = rng.randrange(5)
        if kind == 0:
            queries.append(word.upper() if rng.random() < 0.5 else word)
        elif kind == 1:
            queries.append(word[: rng.randint(1, 4)] + "*")
        elif kind == 2:
            found = words(rng.choice(texts))
            if len(found) > 3:
                at = rng.randrange(len(found) - 2)
                queries.append('"' + " ".join(found[at : at + rng.randint(2, 3)]) + '"')
        else:
            queries.append(f"{word} {rng.choice(['OR', 'AND', 'NOT'])} {rng.choice(vocabulary)}")
    return queries


def _rows(pages: list[str | None]) -> list[tuple]:
    """What the search query hands ``sv_snippet`` per page, and the old path's body."""
    keys = running_lines([text or "" for text in pages])
    rows = []
    for text, (found, entry) in zip(pages, snippet_index.file_pages(pages), strict=True):
        stems = index_text(text or "") if text is not None else None
        body = strip_running_lines(text or "", keys) if keys else None
        assert found == words(text or "")
        rows.append((text, stems, *entry, body))
    return rows


def test_indexed_snippets_are_the_snippets_made_from_the_text():
    files = _files()
    queries = _queries(files)
    pairs = 0
    for pages in files:
        for text, stems, *entry, body in _rows(pages):
            for query in queries:
                expected = body_snippet(body, text, query)
                assert indexed_snippet(text, stems, *entry, query) == expected, (query, text)
                pairs += 1
    assert pairs > 10_000


def test_the_words_are_those_the_index_stems():
    for pages in _files():
        for text, (found, _) in zip(pages, snippet_index.file_pages(pages), strict=True):
            assert found == words(text or ""), text


def test_pages_that_do_not_map_word_for_word_keep_their_text_and_body():
    for text, (found, entry) in zip(UNMAPPED, snippet_index.file_pages(UNMAPPED), strict=True):
        assert found == words(text)
        assert entry[0] is None, text[:40]
    keys = {line_key(HEADER), line_key("Sida 1")}
    body = strip_running_lines(f"{HEADER}\nOm İzmir.\nSida 1", keys)
    _, entry = snippet_index.page_words(f"{HEADER}\nOm İzmir.\nSida 1", body)
    assert entry == (None, None, None, None, "Om İzmir.")


def test_the_body_is_a_range_of_the_page_text():
    rows = _rows(_files()[4])
    assert all(row[2] is not None and row[4] is not None for row in rows)
    text, stems, *entry, _ = rows[-1]
    # The hit in the body is shown from the body; one only in the header, from the page.
    assert indexed_snippet(text, stems, *entry, "screening") == (
        "Om <mark>screening</mark> och palliativ vård i RCC Syd · Regional cancerplan 2026–2028."
    )
    assert indexed_snippet(text, stems, *entry, "sida").endswith(f"{HEADER}. <mark>Sida</mark> 7")


def test_offsets_that_do_not_fit_the_page_give_the_long_way():
    text = "Om cancervården i regionen och palliativ vård."
    stems = index_text(text)
    (_, entry), (_, other) = snippet_index.file_pages([text, "Kort."])
    expected = body_snippet(None, text, "vård")
    # Offsets of a page with fewer words, or none at all.
    assert indexed_snippet(text, stems, other[0], *entry[1:], "vård") == expected
    assert indexed_snippet(text, stems, b"", *entry[1:], "vård") == expected
    conn = sqlite3.connect(":memory:")
    register_functions(conn)
    for blob in (b"\x00", b"\xff" * 30, entry[0]):
        row = conn.execute(
            "select sv_snippet(?, ?, ?, NULL, NULL, NULL, NULL, 'vård')", (text, stems, blob)
        ).fetchone()
        assert isinstance(row[0], str)


def test_lowercasing_keeps_every_letter_one_letter():
    # The old path finds a query's words in the lowercased page and marks the words of the
    # page around them: the offsets agree only while lowercasing keeps each character one
    # character and a letter or digit exactly when it was one. U+0130 (İ) is the one
    # exception, and a page holding it keeps the old path.
    longer = []
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        lower = char.lower()
        if len(lower) != 1:
            longer.append(code)
        else:
            assert char.isalnum() == lower.isalnum(), hex(code)
    assert longer == [0x130]


def test_stems_are_the_start_of_their_lowercased_word():
    vocabulary = {word for pages in _files() for text in pages for word in words(text or "")}
    assert len(vocabulary) > 400
    for word in vocabulary:
        assert word.startswith(stem(word)), word


SNIPPET_SQL = f"""
SELECT sv_snippet(p.text, s.stems, x.words, x.clean, x.body_start, x.body_end, x.body, :q)
FROM {SEARCH_TABLE} s
JOIN pdf_pages p ON p.sha256 = s.sha256 AND p.page_number = s.page_number
LEFT JOIN {snippet_index.TABLE} x ON x.id = s.id
ORDER BY s.sha256, s.page_number
"""


@pytest.mark.parametrize("query", ["cancer", '"palliativ vård"', "screening"])
def test_a_re_extracted_file_gets_new_offsets_with_its_new_stems(query):
    files = _files()[:5]
    db = page_catalogue(files)
    save_search_index(db)
    register_functions(db.conn)
    changed = files[0][::-1]
    with db.conn:
        for number, text in enumerate(changed, start=1):
            db.conn.execute(
                "UPDATE pdf_pages SET text = ? WHERE sha256 = ? AND page_number = ?",
                (text, f"{0:064x}", number),
            )
        db.conn.execute("UPDATE files SET extracted_at = 't2' WHERE sha256 = ?", (f"{0:064x}",))
    save_search_index(db)
    ids = {row[0] for row in db.conn.execute(f"SELECT id FROM {SEARCH_TABLE}")}
    assert {row[0] for row in db.conn.execute(f"SELECT id FROM {snippet_index.TABLE}")} == ids
    got = [row[0] for row in db.conn.execute(SNIPPET_SQL, {"q": query})]
    expected = []
    for pages in [changed, *files[1:]]:
        keys = running_lines(pages)
        expected += [
            body_snippet(strip_running_lines(text, keys) if keys else None, text, query)
            for text in pages
        ]
    assert got == expected
