"""Highlighted excerpts: the words of a page that a query hits, marked <mark>…</mark>.

Reads and writes nothing: pure functions over strings. The plugin's ``render_cell``
turns exactly these markers into HTML and escapes everything else.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from publish.query import Node, Phrase, Term, parse_query, positive_leaves, stem_matches
from publish.swedish import WORD, normalise, stem

MARK_OPEN = "<mark>"
MARK_CLOSE = "</mark>"


def snippet(text: str, query: str, width: int = 240) -> str:
    """Return an excerpt of ``text`` around the query's hits, each wrapped in <mark>…</mark>."""
    clean = re.sub(r"\s+", " ", normalise(text or "")).strip()
    # The markers are ours alone, so a page that contains them literally loses them.
    clean = clean.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")
    spans = hit_spans(clean, parse_query(query))
    if not spans:
        return _cut(clean, 0, width)
    start, end = _best_window(spans, width)
    begin = max(0, start - width // 4)
    begin = _word_start(clean, begin)
    stop = _word_end(clean, max(end, begin + width))
    pieces = ["…" if begin > 0 else ""]
    cursor = begin
    for span_start, span_end in spans:
        if span_start < begin or span_end > stop:
            continue
        pieces.append(clean[cursor:span_start])
        pieces.append(MARK_OPEN + clean[span_start:span_end] + MARK_CLOSE)
        cursor = span_end
    pieces.append(clean[cursor:stop])
    pieces.append("…" if stop < len(clean) else "")
    return "".join(pieces)


def hit_spans(text: str, node: Node | None) -> list[tuple[int, int]]:
    """Return the (start, end) character spans of the words in ``text`` that the query hits."""
    leaves = positive_leaves(node)
    if not leaves:
        return []
    tokens = [(m.start(), m.end(), m.group().lower()) for m in WORD.finditer(text)]
    # A stem is a prefix of its word, so a word that does not contain a leaf's first stem
    # cannot be a hit: skip stemming it.
    needles = {leaf.stem if isinstance(leaf, Term) else leaf.stems[0] for leaf in leaves}
    cache: dict[int, str] = {}

    def stem_at(index: int) -> str:
        if index not in cache:
            cache[index] = stem(tokens[index][2])
        return cache[index]

    marked = [False] * len(tokens)
    for index, (_, _, lower) in enumerate(tokens):
        if not any(needle in lower for needle in needles):
            continue
        for leaf in leaves:
            if isinstance(leaf, Term):
                if stem_matches(leaf, stem_at(index)):
                    marked[index] = True
            elif _phrase_at(leaf, index, len(tokens), stem_at):
                for offset in range(len(leaf.stems)):
                    marked[index + offset] = True
    spans: list[tuple[int, int]] = []
    for index, (start, end, _) in enumerate(tokens):
        if not marked[index]:
            continue
        # Join the words of a phrase into one mark.
        if (
            spans
            and index > 0
            and marked[index - 1]
            and _between_is_space(text, spans[-1][1], start)
        ):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _phrase_at(phrase: Phrase, index: int, count: int, stem_at: Callable[[int], str]) -> bool:
    if index + len(phrase.stems) > count:
        return False
    last = len(phrase.stems) - 1
    for offset, wanted in enumerate(phrase.stems):
        got = stem_at(index + offset)
        if offset == last and phrase.prefix:
            if not got.startswith(wanted):
                return False
        elif got != wanted:
            return False
    return True


def _between_is_space(text: str, start: int, end: int) -> bool:
    return text[start:end].strip() == ""


def _best_window(spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    """Return the window of about ``width`` characters that holds the most hits."""
    best = (spans[0][0], spans[0][1], 0)
    right = 0
    for left, (start, _) in enumerate(spans):
        right = max(right, left)
        while right + 1 < len(spans) and spans[right + 1][1] - start <= width:
            right += 1
        if right - left + 1 > best[2]:
            best = (start, spans[right][1], right - left + 1)
    return best[0], best[1]


def _word_start(text: str, index: int) -> int:
    while 0 < index < len(text) and text[index - 1] != " ":
        index -= 1
    return index


def _word_end(text: str, index: int) -> int:
    index = min(index, len(text))
    while index < len(text) and text[index] != " ":
        index += 1
    return index


def _cut(text: str, start: int, width: int) -> str:
    stop = _word_end(text, start + width)
    return text[start:stop] + ("…" if stop < len(text) else "")
