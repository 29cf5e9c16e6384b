"""What the search query's snippets need of each page beyond its text and stems, at publish.

Reads nothing itself: ``publish.fts`` hands it each file's pages (text and the words its
stems were made from) when it indexes the file, and it writes ``pdf_pages_snippets``,
one row per row of ``pdf_pages_search`` (same ``id``):

- ``words``: where each word of the excerpt text starts (16-bit little-endian
  offsets), then each word's length (8 bits), in the order of the page's stems, so
  ``publish.stem_snippets`` can turn a stem it finds into the span to mark;
- ``clean``: the excerpt text (``snippets.clean_text``) when it is not simply the page's
  text with its line breaks as spaces (a blank line as one space), else NULL;
- ``body_start``, ``body_end``: where the page body (the page without the running
  header and footer its file repeats, ``publish.margins``) lies in the excerpt text,
  NULL when the page has none;
- ``body``: the body itself, only on a page without ``words``.

``words`` is stored only when it is exact: the excerpt text's words, lowercased, are the
words the stems were made from, one for one, and the body is a run of whole words of
it. A page where that fails (a letter whose lower case is longer, a stray marker, a
page over 65,535 characters, a word over 255) keeps ``words`` NULL and its body, and its
snippet is made from the text as before (``snippets.body_snippet``). Three bytes a word:
about 0.5 kB for a page of 1,500 characters.
"""

from __future__ import annotations

import re
import sqlite3
import sys
from array import array
from collections.abc import Iterable
from itertools import accumulate

from rcc_archive.publish.margins import running_lines, strip_running_lines
from rcc_archive.publish.snippets import MARK_CLOSE, MARK_OPEN, clean_text, collapsed_text
from rcc_archive.publish.swedish import WORD, words

TABLE = "pdf_pages_snippets"
CREATE = f"""CREATE TABLE IF NOT EXISTS {TABLE} (
    id INTEGER PRIMARY KEY,
    words BLOB,
    clean TEXT,
    body_start INTEGER,
    body_end INTEGER,
    body TEXT
)"""
# Offsets are stored in 16 bits, lengths in 8.
MAX_OFFSET_TEXT = 65_535
MAX_WORD = 255
# Split with the words kept: gap, word, gap, word, …, gap.
_WORDS_AND_GAPS = re.compile(f"({WORD.pattern})")
_LITTLE_ENDIAN = sys.byteorder == "little"

Entry = tuple[bytes | None, str | None, int | None, int | None, str | None]
Page = tuple[list[str], Entry]


def file_pages(texts: list[str | None]) -> list[Page]:
    """Return each page's words (``swedish.words``) and row (without its id), in order.

    The running lines are those ``publish.margins`` finds in the file's pages.
    """
    keys = running_lines([text or "" for text in texts])
    return [
        page_words(text, strip_running_lines(text or "", keys) if keys else None) for text in texts
    ]


def page_words(text: str | None, body: str | None) -> Page:
    """Return one page's words (``swedish.words(text)``) and ``(words, clean, body_start,
    body_end, body)``.

    The words come from the excerpt text, split once into words and what lies between
    them, which also gives each word's place: the excerpt text is the normalised text
    with its white space collapsed (and the markers gone, which no real page has), so
    its lowercased words are ``swedish.words``' (``tests/test_publish_snippet_index.py``).
    """
    if text is None:
        return [], (None, None, None, None, body)
    clean = collapsed_text(text)
    if MARK_OPEN in clean or MARK_CLOSE in clean:
        return words(text), (None, None, None, None, body)
    lower = clean.lower()
    parts = _WORDS_AND_GAPS.split(lower)
    found = parts[1::2]
    # The old path finds a query's words in the lower case and marks them in the text:
    # positions agree only when lowercasing keeps every character one character.
    if len(clean) > MAX_OFFSET_TEXT or len(lower) != len(clean):
        return found, (None, None, None, None, body)
    lengths = list(map(len, found))
    if lengths and max(lengths) > MAX_WORD:
        return found, (None, None, None, None, body)
    # Each word starts where the parts before it end.
    starts = array("H", accumulate(map(len, parts[:-1])))[::2]
    if not _LITTLE_ENDIAN:
        starts.byteswap()
    blob = starts.tobytes() + bytes(lengths)
    stored = None if text.replace("\n\n", "\n").replace("\n", " ") == clean else clean
    if body is None:
        return found, (blob, stored, None, None, None)
    piece = clean_text(body)
    if piece == clean:
        return found, (blob, stored, None, None, None)
    begin = clean.find(piece)
    end = begin + len(piece)
    # The body must be whole words of the text: a space (or an end) on either side.
    if begin < 0 or (begin and clean[begin - 1] != " ") or (end < len(clean) and clean[end] != " "):
        return found, (None, None, None, None, body)
    return found, (blob, stored, begin, end, None)


def save_pages(conn: sqlite3.Connection, rows: Iterable[tuple[int, Entry]]) -> None:
    """Write the entries of pages by their ``pdf_pages_search`` id."""
    conn.executemany(
        f"INSERT OR REPLACE INTO {TABLE} (id, words, clean, body_start, body_end, body) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        ((page_id, *entry) for page_id, entry in rows),
    )
