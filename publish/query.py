"""A user's search query, parsed: words as Swedish stems, "phrases", AND/OR/NOT, brackets.

Reads and writes nothing: pure functions over strings. The shape of an FTS5 expression
(operators and brackets) is written here; its terms and phrases depend on the index and
are written by ``publish/fts.py`` (the trigram index) and ``publish/search_box.py`` (the
page tables' search box); the highlighting of hits is in ``publish/snippets.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from rcc_archive.publish.swedish import WORD, normalise, stem

# A stem this long is also searched for inside compounds: "canc" (cancer) finds
# "bröstcancervård". Shorter stems would hit unrelated words ("år" is inside "vården").
COMPOUND_MIN = 4
# Snowball leaves words shorter than its R1 region alone ("året", "åren" stay as they
# are), so a short stem also matches itself plus the common inflectional endings.
SHORT_ENDINGS = ("", "s", "en", "et", "na", "ar", "er", "or", "ens", "ets", "arna", "erna", "orna")
# Bounds on what a query may ask: FTS5's parser (and ours) must never run out of stack.
MAX_TOKENS = 64
MAX_DEPTH = 8
# Longer than any query a person types; a longer one is cut here, before normalising, so
# neither the parser nor its cache ever holds a huge string from an anonymous ?sql=.
MAX_QUERY_CHARS = 2_000
_CHUNK = re.compile(r'[^\s()"]+')
_OPERATORS = frozenset({"AND", "OR", "NOT"})


@dataclass(frozen=True)
class Term:
    """One word of a query, as its stem; ``prefix`` when the user ended it with ``*``."""

    stem: str
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    """Words in quotes: their stems must follow each other in this order."""

    stems: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class Op:
    """A boolean operator (``AND``, ``OR``, ``NOT``) over two parsed parts."""

    op: str
    left: Node
    right: Node


Node = Term | Phrase | Op


def parse_query(query: str) -> Node | None:
    """Parse a user's query into terms, phrases and AND/OR/NOT; None when it asks for nothing.

    Never fails: unbalanced quotes and brackets are closed, dangling operators dropped,
    and a NOT with nothing before it ("NOT år") asks for nothing, since a search cannot
    list every page that lacks a word.
    """
    return _parse_cached((query or "")[:MAX_QUERY_CHARS])


@lru_cache(maxsize=512)
def _parse_cached(query: str) -> Node | None:
    parser = _Parser(_lex(normalise(query)))
    return parser.parse()


def positive_leaves(node: Node | None) -> list[Term | Phrase]:
    """Return the terms and phrases whose hits should be highlighted (not those after NOT)."""
    if node is None:
        return []
    if isinstance(node, Op):
        if node.op == "NOT":
            return positive_leaves(node.left)
        return positive_leaves(node.left) + positive_leaves(node.right)
    return [node]


def short_forms(word_stem: str) -> tuple[str, ...]:
    """Return the inflected forms a short stem stands for ("år" → år, års, året, åren, …)."""
    return tuple(word_stem + ending for ending in SHORT_ENDINGS)


def stem_matches(term: Term, word_stem: str) -> bool:
    """Tell whether a word (by its stem) is a hit for a query term."""
    if len(term.stem) >= COMPOUND_MIN:
        return term.stem in word_stem
    if term.prefix:
        return word_stem.startswith(term.stem)
    return word_stem in short_forms(term.stem)


def fts5_expression(node: Node, leaf: Callable[[Term | Phrase], str]) -> str:
    """Write a parsed query as an FTS5 expression, each term or phrase written by ``leaf``.

    Chains are written flat, "(a AND b AND c)" and "(a NOT (b OR c))", so a long query
    does not nest deeper than its brackets do.
    """
    if isinstance(node, Op):
        if node.op == "NOT":
            base, negated = _not_chain(node)
            excluded = " OR ".join(fts5_expression(part, leaf) for part in negated)
            return f"({fts5_expression(base, leaf)} NOT ({excluded}))"
        parts = _chain(node, node.op)
        return "(" + f" {node.op} ".join(fts5_expression(part, leaf) for part in parts) + ")"
    return leaf(node)


def fts5_string(text: str) -> str:
    """Quote text as an FTS5 string (a phrase of the tokens in it)."""
    return '"' + text.replace('"', '""') + '"'


def _chain(node: Node, op: str) -> list[Node]:
    if isinstance(node, Op) and node.op == op:
        return _chain(node.left, op) + _chain(node.right, op)
    return [node]


def _not_chain(node: Node) -> tuple[Node, list[Node]]:
    negated: list[Node] = []
    while isinstance(node, Op) and node.op == "NOT":
        negated.insert(0, node.right)
        node = node.left
    return node, negated


def _lex(query: str) -> list[tuple[str, object]]:
    """Split a query into ("(",) (")",) ("op", name) ("term", Term) ("phrase", Phrase) tokens."""
    tokens: list[tuple[str, object]] = []
    index = 0
    depth = dropped = 0
    while index < len(query) and len(tokens) < MAX_TOKENS:
        char = query[index]
        if char.isspace():
            index += 1
        elif char in "()":
            index += 1
            # Brackets nested deeper than MAX_DEPTH are dropped, with their partners.
            if char == "(" and depth >= MAX_DEPTH:
                dropped += 1
            elif char == ")" and dropped:
                dropped -= 1
            else:
                depth += 1 if char == "(" else -1 if depth else 0
                tokens.append((char, None))
        elif char == '"':
            close = query.find('"', index + 1)
            close = len(query) if close < 0 else close
            body = query[index + 1 : close]
            index = close + 1
            parts = [stem(word) for word in WORD.findall(body.lower())]
            if parts:
                prefix = body.rstrip().endswith("*")
                tokens.append(("phrase", Phrase(tuple(parts), prefix)))
        else:
            match = _CHUNK.match(query, index)
            chunk = match.group() if match else char
            index = match.end() if match else index + 1
            if chunk in _OPERATORS:
                tokens.append(("op", chunk))
                continue
            parts = [stem(word) for word in WORD.findall(chunk.lower())]
            prefix = chunk.endswith("*")
            if len(parts) == 1:
                tokens.append(("term", Term(parts[0], prefix)))
            elif parts:
                # "bröst-cancer" or "2020-2023": the words must follow each other.
                tokens.append(("phrase", Phrase(tuple(parts), prefix)))
    return _fold_and_not(tokens)


def _fold_and_not(tokens: list[tuple[str, object]]) -> list[tuple[str, object]]:
    # "a AND NOT b" means "a NOT b"; FTS5 has only the binary NOT.
    folded: list[tuple[str, object]] = []
    for token in tokens:
        if token == ("op", "NOT") and folded and folded[-1] == ("op", "AND"):
            folded[-1] = token
        else:
            folded.append(token)
    return folded


_NOTHING = object()


class _Parser:
    """Recursive descent with FTS5's precedence: NOT binds tightest, then AND, then OR."""

    def __init__(self, tokens: list[tuple[str, object]]) -> None:
        self.tokens = tokens
        self.pos = 0

    def parse(self) -> Node | None:
        result = None
        while self.pos < len(self.tokens):
            part = self._or()
            if part is _NOTHING:
                return None
            if part is None:
                self.pos += 1  # a stray ")" or operator: skip it
                continue
            result = part if result is None else Op("AND", result, part)
        return result

    def _peek(self) -> tuple[str, object] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _or(self):
        left = self._and()
        while self._peek() == ("op", "OR"):
            self.pos += 1
            right = self._and()
            left = _combine("OR", left, right)
        return left

    def _and(self):
        left = self._not()
        while True:
            token = self._peek()
            if token == ("op", "AND"):
                self.pos += 1
            elif token is None or token[0] not in ("term", "phrase", "("):
                return left
            right = self._not()
            left = _combine("AND", left, right)

    def _not(self):
        left = self._primary()
        while self._peek() == ("op", "NOT"):
            self.pos += 1
            right = self._primary()
            left = _combine("NOT", left, right)
        return left

    def _primary(self):
        token = self._peek()
        if token is None:
            return None
        kind, value = token
        if kind in ("term", "phrase"):
            self.pos += 1
            return value
        if kind == "(":
            self.pos += 1
            inner = self._or()
            if self._peek() == (")", None):
                self.pos += 1
            return inner
        if token == ("op", "NOT"):
            # NOT with nothing on its left: skip what it negates; the part asks for nothing.
            self.pos += 1
            self._primary()
            return _NOTHING
        return None


def _combine(op: str, left, right):
    """Join two parsed parts; None is a missing operand, _NOTHING an empty result."""
    if left is None:
        return right if op != "NOT" else None
    if right is None:
        return left
    if op == "OR":
        if left is _NOTHING:
            return right
        if right is _NOTHING:
            return left
    if op == "AND" and (left is _NOTHING or right is _NOTHING):
        return _NOTHING
    if op == "NOT":
        if left is _NOTHING:
            return _NOTHING
        if right is _NOTHING:
            return left
    return Op(op, left, right)
