"""Highlighted excerpts: the words of a page that a query hits, marked <mark>…</mark>.

Reads and writes nothing: pure functions over strings. The plugin's ``render_cell``
turns exactly these markers into HTML and escapes everything else.

Cost. The search query asks for up to 500 excerpts per request, so the work per page is
kept to C-speed string methods wherever the result allows: white space is collapsed
with ``str.replace`` when the page has only single spaces and line breaks (extracted
text nearly always does), a query's words are found with ``str.find`` on the lowercased
page, and only the words that hold one of them are stemmed. What a query asks to
highlight is worked out once per query string (``_highlight_plan``), not once per page.
"""

from __future__ import annotations

from functools import lru_cache

from rcc_archive.publish.query import (
    MAX_QUERY_CHARS,
    Node,
    Phrase,
    Term,
    parse_query,
    positive_leaves,
    stem_matches,
)
from rcc_archive.publish.swedish import WORD, normalise, stem, stem_lowercased

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

Leaves = tuple[Term | Phrase, ...]


def snippet(text: str, query: str, width: int = 240) -> str:
    """Return an excerpt of ``text`` around the query's hits, each wrapped in <mark>…</mark>."""
    leaves, needles = _highlight_plan((query or "")[:MAX_QUERY_CHARS])
    clean = clean_text(text)
    return excerpt(clean, _spans(clean, leaves, needles), width)


def body_snippet(body: str | None, text: str | None, query: str, width: int = 240) -> str | None:
    """Return the snippet of ``body`` when it holds a hit, else the snippet of ``text``.

    ``body`` is the page without its running header and footer (``publish.margins``): an
    excerpt from it shows the sentence that matched, and a page whose only hit is in its
    header falls back to the whole text, so the hit is still shown. None (SQL's NULL)
    when it falls back to a ``text`` that is None.
    """
    leaves, needles = _highlight_plan((query or "")[:MAX_QUERY_CHARS])
    if body is not None:
        clean = clean_text(body)
        spans = _spans(clean, leaves, needles)
        if spans:
            return excerpt(clean, spans, width)
    if text is None:
        return None
    clean = clean_text(text)
    return excerpt(clean, _spans(clean, leaves, needles), width)


def clean_text(text: str | None) -> str:
    """Return the text as an excerpt shows it: normalised, white space collapsed, no markers."""
    clean = collapsed_text(text)
    if "<" in clean:
        # The markers are ours alone, so a page that contains them literally loses them.
        clean = clean.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")
    return clean


def collapsed_text(text: str | None) -> str:
    """Return the text normalised, its white space collapsed: ``clean_text`` before markers go."""
    normal = normalise(text or "")
    # Every white-space character but the space is unprintable, so a text that is printable
    # once its line breaks are spaces, and has no two spaces in a row, needs nothing more.
    flat = normal.replace("\n", " ")
    simple = flat.isprintable() and "  " not in flat
    return flat.strip() if simple else " ".join(normal.split())


def hit_spans(text: str, node: Node | None) -> list[tuple[int, int]]:
    """Return the (start, end) character spans of the words in ``text`` that the query hits."""
    leaves = tuple(positive_leaves(node)[:MAX_HIGHLIGHT_TERMS])
    return _spans(text, leaves, _needles(leaves))


@lru_cache(maxsize=512)
def _highlight_plan(query: str) -> tuple[Leaves, tuple[str, ...]]:
    """The terms and phrases a query highlights, and the stems that find their words."""
    leaves = tuple(positive_leaves(parse_query(query))[:MAX_HIGHLIGHT_TERMS])
    return leaves, _needles(leaves)


def _needles(leaves: Leaves) -> tuple[str, ...]:
    # A stem is a prefix of its word, so only words holding a leaf's first stem can be hits.
    first = (leaf.stem if isinstance(leaf, Term) else leaf.stems[0] for leaf in leaves)
    return tuple(dict.fromkeys(first))


def excerpt(clean: str, spans: list[tuple[int, int]], width: int) -> str:
    """Return the window of ``clean`` around the most hits, the hits (``spans``) marked."""
    if not spans:
        return _cut(clean, 0, width)
    start, end = _best_window(spans, width)
    begin = max(0, start - width // 4)
    begin = _word_start(clean, begin)
    stop = _word_end(clean, max(end, begin + width))
    pieces = ["…" if begin > 0 else ""]
    cursor = begin
    for span_start, span_end in spans:
        if span_end > stop:
            break  # spans are in order and apart: every later one ends later still
        if span_start < begin:
            continue
        pieces.append(clean[cursor:span_start])
        pieces.append(MARK_OPEN + clean[span_start:span_end] + MARK_CLOSE)
        cursor = span_end
    pieces.append(clean[cursor:stop])
    pieces.append("…" if stop < len(clean) else "")
    return "".join(pieces)


def _spans(text: str, leaves: Leaves, needles: tuple[str, ...]) -> list[tuple[int, int]]:
    if not leaves:
        return []
    lower = text.lower()
    if len(lower) != len(text):
        # A letter whose lower case has another length (İ): positions would drift.
        return _hit_spans_tokenised(text, leaves, needles)
    # Find the words holding a needle with str.find instead of tokenising and stemming
    # the whole page. Word characters are exactly the alphanumeric ones (WORD).
    words: dict[int, int] = {}
    for needle in needles:
        found = lower.find(needle)
        while found != -1:
            # Most words stand between spaces: take the run of letters around the needle
            # with C-speed string methods, and walk letter by letter only when it is not.
            start = lower.rfind(" ", 0, found) + 1
            if start == found or text[start:found].isalnum():
                match = WORD.match(text, found)
                if match is not None:
                    end = words[start] = match.end()
                    found = lower.find(needle, end)
                    continue
            start = found
            while start and text[start - 1].isalnum():
                start -= 1
            match = WORD.match(text, start)
            if match is None:  # the needle starts with no letter: look on past it
                found = lower.find(needle, found + 1)
                continue
            end = match.end()
            words[start] = end
            # On from the end of this word: a long word holding the needle many times is
            # walked once, so the work stays linear in the text.
            found = lower.find(needle, end)
    # One needle is found left to right, so its words come in order; more need sorting.
    found_words = sorted(words.items()) if len(needles) > 1 else words.items()
    # A slice of the lowercased text is its own lower case, so it is stemmed as it is.
    stem_lower = stem_lowercased
    if len(leaves) == 1 and isinstance(leaves[0], Term):
        term = leaves[0]
        hits = [
            (start, end)
            for start, end in found_words
            if stem_matches(term, stem_lower(lower[start:end]))
        ]
        return join_adjacent(text, hits)
    if all(isinstance(leaf, Term) for leaf in leaves):
        hits = [
            (start, end)
            for start, end in found_words
            if _term_hit(leaves, stem_lower(lower[start:end]))  # type: ignore[arg-type]
        ]
        return join_adjacent(text, hits)
    marked: set[tuple[int, int]] = set()
    for start, end in found_words:
        word_stem = stem_lower(lower[start:end])
        for leaf in leaves:
            if isinstance(leaf, Term):
                if stem_matches(leaf, word_stem):
                    marked.add((start, end))
            elif leaf.stems[0] == word_stem or (len(leaf.stems) == 1 and leaf.prefix):
                following = _words_from(text, lower, start, end, len(leaf.stems))
                if _phrase_matches(leaf, [stem(word) for _, word in following]):
                    marked.update(span for span, _ in following)
    return join_adjacent(text, sorted(marked))


def _term_hit(terms: tuple[Term, ...], word_stem: str) -> bool:
    return any(stem_matches(term, word_stem) for term in terms)


def _words_from(text: str, lower: str, start: int, end: int, count: int) -> list:
    words = [((start, end), lower[start:end])]
    cursor = end
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


def join_adjacent(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join marked words with only white space between them into one mark (a phrase)."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined:
            first, last = joined[-1]
            # Words apart by more than white space (the usual case) fail on their first
            # character between, before anything is sliced.
            if end - first <= MAX_MARK and (
                start == last or (text[last].isspace() and text[last:start].isspace())
            ):
                joined[-1] = (first, end)
                continue
        joined.append((start, end))
    return joined


def _hit_spans_tokenised(
    text: str, leaves: Leaves, needles: tuple[str, ...]
) -> list[tuple[int, int]]:
    """The same as ``_spans``, tokenising the whole text (for rare case-length drift)."""
    tokens = [(m.start(), m.end(), m.group().lower()) for m in WORD.finditer(text)]
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
    return join_adjacent(text, sorted(marked))


def _best_window(spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    """Return the window of about ``width`` characters that holds the most hits."""
    if len(spans) == 1:
        return spans[0]
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
    """Move back to just after the space before ``index``, at most ``MAX_WORD_STRETCH``."""
    if index >= len(text):
        return index
    floor = max(0, index - MAX_WORD_STRETCH)
    space = text.rfind(" ", floor, index)
    return floor if space == -1 else space + 1


def _word_end(text: str, index: int) -> int:
    """Move on to the next space at or after ``index``, at most ``MAX_WORD_STRETCH``."""
    index = min(index, len(text))
    ceiling = min(len(text), index + MAX_WORD_STRETCH)
    space = text.find(" ", index, ceiling)
    return ceiling if space == -1 else space


def _cut(text: str, start: int, width: int) -> str:
    stop = _word_end(text, start + width)
    return text[start:stop] + ("…" if stop < len(text) else "")
