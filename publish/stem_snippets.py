"""Snippets from the index: a query's hits found in a page's stems, mapped to its text.

Reads and writes nothing: pure functions over what the search query hands them for each
row — the page's text (``pdf_pages.text``), its stems (``pdf_pages_search.stems``, one
stem per word, in order) and what ``publish.snippet_index`` stored for it at publish
(where each word starts in the excerpt text and how long it is, that text itself when it
is not the page's text with its line breaks as spaces, and where the page body lies).

Why. ``snippets.body_snippet`` lowercases and tokenises the whole page in Python for
every row (a few hundred thousand instructions). The stems string is lowercase already
and holds one stem per word, so one regular expression per query word finds, in C, the
words whose stem it hits, and counted spaces give their numbers; the stored offsets turn
those into the spans to mark. The output is ``body_snippet``'s, character for character:
a word is a hit exactly when its stem is (the old code finds the query's stem in the
lowercased word, then tests the word's stem; a stem is the start of its word), and the
marking, window and cut are ``snippets``' own functions. ``publish.snippet_index``
stores offsets only for pages where that holds word for word; any other page takes
``body_snippet`` itself.
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_left
from functools import lru_cache
from itertools import accumulate, chain, repeat

from rcc_archive.publish.query import (
    COMPOUND_MIN,
    MAX_QUERY_CHARS,
    Term,
    parse_query,
    positive_leaves,
    short_forms,
)
from rcc_archive.publish.snippets import MAX_HIGHLIGHT_TERMS, body_snippet, excerpt, join_adjacent

# What finds a query's term or phrase in a stems string " stem stem … stem ": the text
# to look for, how many words a hit covers, and what must follow it (see ``_finders``).
Finder = tuple[str, int, frozenset[str] | None, bool]
_INSIDE = 0
_LITTLE_ENDIAN = sys.byteorder == "little"


def indexed_snippet(
    text: str | None,
    stems: str | None,
    words: bytes | None,
    clean: str | None,
    body_start: int | None,
    body_end: int | None,
    body: str | None,
    query: str,
    width: int = 240,
) -> str | None:
    """Return ``body_snippet(body, text, query)``, found through the page's stems.

    ``words`` holds where each word starts in the excerpt text (``clean``, or ``text``
    with its line breaks as spaces when ``clean`` is None) and its length;
    ``body_start`` and ``body_end`` place the page body in it. Without ``words`` (a page
    whose text does not map word for word to its stems) ``body`` is the body itself,
    and the snippet is made the long way.
    """
    if words is None or text is None or stems is None:
        return body_snippet(body, text, query, width)
    if clean is None:
        clean = text.replace("\n\n", "\n").replace("\n", " ")
    count = len(words) // 3
    starts, lengths = _offsets(words, count)
    hits = _hits(stems, _finders((query or "")[:MAX_QUERY_CHARS]))
    try:
        if body_start is not None and body_end is not None:
            first, stop = bisect_left(starts, body_start), bisect_left(starts, body_end)
            inside = [(i, n) for i, n in hits if i >= first and i + n <= stop]
            if inside:
                piece = clean[body_start:body_end]
                spans = _spans(starts, lengths, _marked(inside), body_start, count)
                return excerpt(piece, join_adjacent(piece, spans), width)
        spans = _spans(starts, lengths, _marked(hits), 0, count)
        return excerpt(clean, join_adjacent(clean, spans), width)
    except IndexError:
        # Offsets that do not fit this text (not what publish wrote): the long way.
        return body_snippet(body, text, query, width)


def _offsets(words: bytes, count: int) -> tuple[memoryview | array, memoryview]:
    view = memoryview(words)
    if _LITTLE_ENDIAN:
        return view[: 2 * count].cast("H"), view[2 * count : 3 * count]
    starts = array("H", view[: 2 * count])
    starts.byteswap()
    return starts, view[2 * count : 3 * count]


def _marked(hits: list[tuple[int, int]]) -> list[int]:
    """The numbers of the words hit, in order, each once."""
    if all(n == 1 for _, n in hits):
        return sorted({i for i, _ in hits})
    return sorted({word for i, n in hits for word in range(i, i + n)})


def _spans(
    starts: memoryview | array, lengths: memoryview, marked: list[int], shift: int, count: int
) -> list[tuple[int, int]]:
    if marked and marked[-1] >= count:
        raise IndexError("a word number past the page's words")
    return [(starts[i] - shift, starts[i] - shift + lengths[i]) for i in marked]


@lru_cache(maxsize=512)
def _finders(query: str) -> tuple[Finder, ...]:
    """How each term and phrase the query highlights is found in a stems string.

    A stem of four letters or more is looked for as it is: every word whose stem holds
    it is hit (compound parts). Anything else is looked for with the space before its
    first word; a short stem's word must then be one of its forms, and a phrase's last
    stem must end where its word does (unless the user ended it with ``*``).
    """
    finders: list[Finder] = []
    for leaf in positive_leaves(parse_query(query))[:MAX_HIGHLIGHT_TERMS]:
        if isinstance(leaf, Term):
            if len(leaf.stem) >= COMPOUND_MIN:
                finders.append((leaf.stem, _INSIDE, None, False))
            else:
                forms = None if leaf.prefix else frozenset(short_forms(leaf.stem))
                finders.append((" " + leaf.stem, 1, forms, False))
        else:
            finders.append((" " + " ".join(leaf.stems), len(leaf.stems), None, not leaf.prefix))
    return tuple(dict.fromkeys(finders))


def _hits(stems: str, finders: tuple[Finder, ...]) -> list[tuple[int, int]]:
    """Return (first word's number, words) of every hit of the finders in ``stems``."""
    hits: list[tuple[int, int]] = []
    for needle, words, forms, whole in finders:
        numbers, afters = _occurrences(stems, needle, words)
        if words == _INSIDE:
            # Inside a word, which the spaces before it number from 1.
            hits.extend(zip(map(int.__sub__, numbers, repeat(1)), repeat(1)))
        elif forms is None and not whole:
            hits.extend(zip(numbers, repeat(words)))
        elif forms is not None:
            stem = needle[1:]
            hits.extend(
                (number, 1)
                for number, after in zip(numbers, afters, strict=True)
                if stem + after.partition(" ")[0] in forms
            )
        else:
            # Its last word ends where the text after it starts with a space, or is
            # empty: the next occurrence took the space as its own first character.
            hits.extend(
                (number, words)
                for number, after in zip(numbers, afters, strict=True)
                if after[:1] in " "
            )
    return hits


def _occurrences(stems: str, needle: str, spaces: int) -> tuple[list[int], list[str]]:
    """Return the spaces before each occurrence of ``needle``, and the text after each.

    ``spaces`` is how many ``needle`` holds (none for a stem looked for inside words).
    Splitting the stems at each occurrence finds them in C; the spaces before one are
    those of the pieces before it and of the occurrences before it. Occurrences that
    can overlap (" vård vård" in " vård vård vård") are found one by one instead.
    """
    if not _overlaps(needle):
        pieces = stems.split(needle)
        counts = accumulate(map(str.count, pieces[:-1], repeat(" ")))
        if spaces:
            counts = map(int.__add__, counts, range(0, spaces * (len(pieces) - 1), spaces))
        return list(counts), pieces[1:]
    positions = []
    found = stems.find(needle)
    while found != -1:
        positions.append(found)
        found = stems.find(needle, found + 1)
    counts = accumulate(map(stems.count, repeat(" "), chain((0,), positions), positions))
    return list(counts), [stems[found + len(needle) :] for found in positions]


@lru_cache(maxsize=512)
def _overlaps(needle: str) -> bool:
    """Tell whether two occurrences of ``needle`` (" a b …") can overlap in a stems string."""
    return any(
        needle.startswith(needle[index:]) for index in range(1, len(needle)) if needle[index] == " "
    )
