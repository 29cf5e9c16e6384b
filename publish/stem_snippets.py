"""Snippets from the index: a query's hits found in a page's stems, mapped to its text.

Reads and writes nothing: pure functions over what the search query hands them for each
row — the page's text (``pdf_pages.text``), its stems (``pdf_pages_search.stems``, one
stem per word, in order) and what ``publish.snippet_index`` stored for it at publish
(where each word starts in the excerpt text and how long it is, that text itself when it
is not the page's text with its line breaks as spaces, and where the page body lies).

Why. ``snippets.body_snippet`` lowercases and tokenises the whole page in Python for
every row. The stems string is lowercase already and holds one stem per word, so
splitting it at a query's stem finds every occurrence in C, and the spaces before one
number its word; the stored offsets turn those numbers into the spans to mark. The
output is ``body_snippet``'s, character for character: a word is a hit exactly when its
stem is (the old code finds the query's stem in the lowercased word, then tests the
word's stem; a stem is the start of its word), and the marking, window and cut are
``snippets``' own functions. ``publish.snippet_index`` stores offsets only for pages
where that holds word for word; any other page takes ``body_snippet`` itself.
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_left
from functools import lru_cache
from itertools import pairwise

from rcc_archive.publish.query import (
    COMPOUND_MIN,
    MAX_QUERY_CHARS,
    Term,
    parse_query,
    positive_leaves,
    short_forms,
)
from rcc_archive.publish.snippets import MAX_HIGHLIGHT_TERMS, body_snippet, excerpt, join_adjacent

# What finds a query's term or phrase in a stems string " stem stem … stem ": the text to
# look for, how many words a hit covers (0: a stem inside one word), the forms a short
# stem's word must be one of, whether a phrase's last word must end with its stem, and
# whether two occurrences can overlap (see ``_finders``).
Finder = tuple[str, int, frozenset[str] | None, bool, bool]
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
    found = _hits(stems, _finders((query or "")[:MAX_QUERY_CHARS]))
    try:
        if body_start is not None and body_end is not None and found:
            starts, lengths = _offsets(words)
            first, stop = bisect_left(starts, body_start), bisect_left(starts, body_end)
            inside = _words(found, first, stop)
            if inside:
                piece = clean[body_start:body_end]
                return excerpt(piece, _spans(piece, starts, lengths, inside, body_start), width)
        if not found:
            return excerpt(clean, [], width)
        starts, lengths = _offsets(words)
        return excerpt(clean, _spans(clean, starts, lengths, _words(found), 0), width)
    except IndexError:
        # Offsets that do not fit this text (not what publish wrote): the long way.
        return body_snippet(body, text, query, width)


def _offsets(words: bytes) -> tuple[memoryview | array, memoryview]:
    """The words' starts (16 bits) and lengths (8 bits) from the stored blob."""
    view = memoryview(words)
    count = len(words) // 3
    if _LITTLE_ENDIAN:
        return view[: 2 * count].cast("H"), view[2 * count : 3 * count]
    starts = array("H", view[: 2 * count])
    starts.byteswap()
    return starts, view[2 * count : 3 * count]


def _words(found: list[tuple[list[int], int]], first: int = 0, stop: int = -1) -> list[int]:
    """The numbers of the words hit, in order and each once (only hits wholly in
    [``first``, ``stop``) when ``stop`` is given: a phrase half in the body is not in it)."""
    if stop < 0 and len(found) == 1 and found[0][1] == 1:
        return found[0][0]  # one term: its words come in order, each once
    return sorted(
        {
            number + offset
            for numbers, covered in found
            for number in numbers
            if stop < 0 or first <= number <= stop - covered
            for offset in range(covered)
        }
    )


def _spans(
    text: str, starts: memoryview | array, lengths: memoryview, marked: list[int], shift: int
) -> list[tuple[int, int]]:
    """The marked words' spans in ``text`` (whose offsets start ``shift`` in), joined."""
    spans = [(starts[i] - shift, starts[i] - shift + lengths[i]) for i in marked]
    # Only words one after the other can be joined into one mark: a word between them
    # is not white space.
    for before, after in pairwise(marked):
        if after - before == 1:
            return join_adjacent(text, spans)
    return spans


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
                finders.append((leaf.stem, _INSIDE, None, False, False))
            else:
                forms = None if leaf.prefix else frozenset(short_forms(leaf.stem))
                finders.append((" " + leaf.stem, 1, forms, False, False))
        else:
            needle = " " + " ".join(leaf.stems)
            finders.append((needle, len(leaf.stems), None, not leaf.prefix, _overlaps(needle)))
    return tuple(dict.fromkeys(finders))


def _overlaps(needle: str) -> bool:
    """Tell whether two occurrences of ``needle`` (" a b …") can overlap in a stems string."""
    return any(
        needle.startswith(needle[index:]) for index in range(1, len(needle)) if needle[index] == " "
    )


def _hits(stems: str, finders: tuple[Finder, ...]) -> list[tuple[list[int], int]]:
    """For each finder with hits, the numbers of the first words of its hits, in order
    and each once, and how many words a hit covers.

    Splitting the stems at each occurrence finds them all in C. The spaces before an
    occurrence number its word: those of the pieces before it, and those of the
    occurrences before it (none for a stem inside a word, one per word otherwise).
    """
    found: list[tuple[list[int], int]] = []
    for needle, words, forms, whole, overlapping in finders:
        if overlapping:
            numbers = _overlapping_hits(stems, needle, whole)
        else:
            pieces = stems.split(needle)
            # A stem inside a word is numbered by the spaces before it less the opening
            # one; a needle that starts with the space before its word, by all of them.
            number = -1 if words == _INSIDE else -words
            numbers = []
            if forms is None and not whole:
                for piece in pieces[:-1]:
                    counted = number + piece.count(" ") + words
                    if counted != number or not numbers:  # a word holding the stem twice
                        numbers.append(counted)
                    number = counted
            else:
                stem = needle[1:]
                for index in range(len(pieces) - 1):
                    number += pieces[index].count(" ") + words
                    after = pieces[index + 1]
                    if forms is not None:
                        if stem + after.partition(" ")[0] in forms:
                            numbers.append(number)
                    # A whole phrase's last word ends where the text after it starts
                    # with a space, or is empty: the next occurrence took the space.
                    elif after[:1] in " ":
                        numbers.append(number)
        if numbers:
            found.append((numbers, max(words, 1)))
    return found


def _overlapping_hits(stems: str, needle: str, whole: bool) -> list[int]:
    """The first words of a phrase whose occurrences may overlap (" vård vård" in " vård
    vård vård"), found one by one: a split would miss the second of two that overlap."""
    numbers = []
    counted = spaces = 0
    found = stems.find(needle)
    while found != -1:
        spaces += stems.count(" ", counted, found)
        counted = found
        if not whole or stems[found + len(needle) : found + len(needle) + 1] in " ":
            numbers.append(spaces)
        found = stems.find(needle, found + 1)
    return numbers
