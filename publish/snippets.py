"""Highlighted excerpts: the words of a page that a query hits, marked <mark>…</mark>.

Reads and writes nothing: pure functions over strings. The plugin's ``render_cell``
turns exactly these markers into HTML and escapes everything else.
"""

from __future__ import annotations

import re

from rcc_archive.publish.query import Node, Phrase, Term, parse_query, positive_leaves, stem_matches
from rcc_archive.publish.swedish import WORD, normalise, stem

MARK_OPEN = "<mark>"
MARK_CLOSE = "</mark>"
# A query may hold 64 words (publish.query.MAX_TOKENS); highlighting the first 16 keeps a
# snippet's work bounded, and no excerpt of 240 characters shows more.
MAX_HIGHLIGHT_TERMS = 16
# An excerpt ends at a word's edge, but no further than this past its width: a "word" of
# thousands of letters (a hex dump, a run of dots) is cut rather than shown whole.
MAX_WORD_STRETCH = 60
# Hits side by side are one mark (a phrase), up to this length: a page that repeats a
# word thousands of times gets marks that fit an excerpt, not one mark over the page.
MAX_MARK = 200


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
    leaves = positive_leaves(node)[:MAX_HIGHLIGHT_TERMS]
    if not leaves:
        return []
    lower = text.lower()
    if len(lower) != len(text):
        # A letter whose lower case has another length (İ): positions would drift.
        return _hit_spans_tokenised(text, leaves)
    # A stem is a prefix of its word, so only words holding a leaf's first stem can be
    # hits: find those with str.find instead of tokenising and stemming the whole page.
    needles = {leaf.stem if isinstance(leaf, Term) else leaf.stems[0] for leaf in leaves}
    tokens: dict[int, re.Match[str]] = {}
    for needle in needles:
        found = lower.find(needle)
        while found != -1:
            match = WORD.match(text, _token_start(text, found))
            if match is None:  # the needle starts with no letter: look on past it
                found = lower.find(needle, found + 1)
                continue
            tokens[match.start()] = match
            # On from the end of this word: a long word holding the needle many times is
            # walked once, so the work stays linear in the text.
            found = lower.find(needle, match.end())
    marked: set[tuple[int, int]] = set()
    for start in sorted(tokens):
        match = tokens[start]
        for leaf in leaves:
            if isinstance(leaf, Term):
                if stem_matches(leaf, stem(lower[match.start() : match.end()])):
                    marked.add(match.span())
            else:
                words = _words_from(text, lower, match, len(leaf.stems))
                if _phrase_matches(leaf, [stem(word) for _, word in words]):
                    marked.update(span for span, _ in words)
    return _join_adjacent(text, sorted(marked))


def _token_start(text: str, index: int) -> int:
    while index > 0 and WORD.match(text, index - 1):
        index -= 1
    return index


def _words_from(text: str, lower: str, first: re.Match[str], count: int) -> list:
    words = [(first.span(), lower[first.start() : first.end()])]
    cursor = first.end()
    while len(words) < count:
        match = WORD.search(text, cursor)
        if match is None:
            break
        words.append((match.span(), lower[match.start() : match.end()]))
        cursor = match.end()
    return words


def _phrase_matches(phrase: Phrase, stems: list[str]) -> bool:
    if len(stems) < len(phrase.stems):
        return False
    last = len(phrase.stems) - 1
    for offset, wanted in enumerate(phrase.stems):
        got = stems[offset]
        if offset == last and phrase.prefix:
            if not got.startswith(wanted):
                return False
        elif got != wanted:
            return False
    return True


def _join_adjacent(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join marked words with only white space between them into one mark (a phrase)."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if (
            joined
            and end - joined[-1][0] <= MAX_MARK
            and _between_is_space(text, joined[-1][1], start)
        ):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _hit_spans_tokenised(text: str, leaves: list[Term | Phrase]) -> list[tuple[int, int]]:
    """The same as ``hit_spans``, tokenising the whole text (for rare case-length drift)."""
    tokens = [(m.start(), m.end(), m.group().lower()) for m in WORD.finditer(text)]
    needles = {leaf.stem if isinstance(leaf, Term) else leaf.stems[0] for leaf in leaves}
    marked: set[tuple[int, int]] = set()
    for index, (start, end, lower) in enumerate(tokens):
        if not any(needle in lower for needle in needles):
            continue
        for leaf in leaves:
            if isinstance(leaf, Term):
                if stem_matches(leaf, stem(lower)):
                    marked.add((start, end))
            else:
                following = tokens[index : index + len(leaf.stems)]
                if _phrase_matches(leaf, [stem(word) for _, _, word in following]):
                    marked.update((a, b) for a, b, _ in following)
    return _join_adjacent(text, sorted(marked))


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
    floor = max(0, index - MAX_WORD_STRETCH)
    while floor < index < len(text) and text[index - 1] != " ":
        index -= 1
    return index


def _word_end(text: str, index: int) -> int:
    index = min(index, len(text))
    ceiling = min(len(text), index + MAX_WORD_STRETCH)
    while index < ceiling and text[index] != " ":
        index += 1
    return index


def _cut(text: str, start: int, width: int) -> str:
    stop = _word_end(text, start + width)
    return text[start:stop] + ("…" if stop < len(text) else "")
