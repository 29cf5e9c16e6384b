"""A bounded line diff: which blocks of lines differ between two lists of lines.

Reads and writes nothing. ``difflib`` alone is quadratic on repeated lines (a table of
identical rows, a page of dashes): 150,000 such lines would take about half an hour. So:

1. lines shared at both ends are set aside (most new versions change in the middle);
2. lines that occur exactly once in each side anchor the comparison (the longest run of
   anchors in the same order, as in "patience" diff), and the gaps between anchors are
   compared the same way, each on its own;
3. a gap with no such anchor is compared by ``difflib`` when it is small, else by Myers'
   algorithm, whose work grows with the number of differences, not with repetition,
   stopping at ``MAX_EDITS`` differences;
4. all of it within a work budget linear in the input. A gap that would pass a bound is
   reported as wholly replaced and the result marked ``coarse``: still a true diff (its
   removed and added lines turn the old text into the new), only not the smallest one.
"""

from __future__ import annotations

import difflib
from bisect import bisect_left
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

# Gaps up to this many cells (lines x lines) go to difflib, which is exact and quick there.
SMALL_GAP_CELLS = 40_000
# Myers stops after this many differing lines in one gap.
MAX_EDITS = 1_000
# Work units (lines looked at) allowed per input line, plus a floor for small inputs.
WORK_PER_LINE = 40
WORK_FLOOR = 2_000_000

Block = tuple[int, int, int, int]  # a[i1:i2] is replaced by b[j1:j2]


@dataclass(frozen=True)
class Blocks:
    """The differing blocks in order, and whether a bound made some of them coarse."""

    blocks: list[Block]
    coarse: bool


def diff_blocks(a: Sequence[Hashable], b: Sequence[Hashable]) -> Blocks:
    """Return the blocks two sequences differ by, in order, within bounded work."""
    ids: dict[Hashable, int] = {}
    x = [ids.setdefault(item, len(ids)) for item in a]
    y = [ids.setdefault(item, len(ids)) for item in b]
    budget = [WORK_FLOOR + WORK_PER_LINE * (len(x) + len(y))]
    coarse = False
    out: list[Block] = []
    # Ranges still to compare, last first, so they are finished in reading order.
    stack: list[Block] = [(0, len(x), 0, len(y))]
    while stack:
        alo, ahi, blo, bhi = stack.pop()
        while alo < ahi and blo < bhi and x[alo] == y[blo]:
            alo, blo = alo + 1, blo + 1
        while alo < ahi and blo < bhi and x[ahi - 1] == y[bhi - 1]:
            ahi, bhi = ahi - 1, bhi - 1
        if alo == ahi or blo == bhi:
            if alo < ahi or blo < bhi:
                out.append((alo, ahi, blo, bhi))
            continue
        budget[0] -= (ahi - alo) + (bhi - blo)
        if budget[0] < 0:
            out.append((alo, ahi, blo, bhi))
            coarse = True
            continue
        anchors = _anchors(x, y, alo, ahi, blo, bhi)
        if anchors:
            gaps = []
            i, j = alo, blo
            for ai, bj in anchors:
                gaps.append((i, ai, j, bj))
                i, j = ai + 1, bj + 1
            gaps.append((i, ahi, j, bhi))
            stack.extend(reversed(gaps))
            continue
        blocks = _small_or_myers(x, y, alo, ahi, blo, bhi, budget)
        if blocks is None:
            out.append((alo, ahi, blo, bhi))
            coarse = True
        else:
            out.extend(blocks)
    return Blocks(_merge(out), coarse)


def _anchors(
    x: list[int], y: list[int], alo: int, ahi: int, blo: int, bhi: int
) -> list[tuple[int, int]]:
    """Lines once in each side of the range, the longest run of them in the same order."""
    count_a = Counter(x[alo:ahi])
    count_b = Counter(y[blo:bhi])
    where_b = {y[j]: j for j in range(blo, bhi) if count_b[y[j]] == 1}
    pairs = [(i, where_b[x[i]]) for i in range(alo, ahi) if count_a[x[i]] == 1 and x[i] in where_b]
    return _longest_increasing(pairs)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of pairs (sorted by first) whose seconds increase."""
    if not pairs:
        return []
    tails: list[int] = []  # smallest second ending a run of each length
    tail_index: list[int] = []
    previous = [-1] * len(pairs)
    for n, (_, j) in enumerate(pairs):
        k = bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_index.append(n)
        else:
            tails[k] = j
            tail_index[k] = n
        previous[n] = tail_index[k - 1] if k else -1
    run = []
    n = tail_index[-1]
    while n >= 0:
        run.append(pairs[n])
        n = previous[n]
    return run[::-1]


def _small_or_myers(
    x: list[int], y: list[int], alo: int, ahi: int, blo: int, bhi: int, budget: list[int]
) -> list[Block] | None:
    """Compare one gap without anchors exactly, or return None if that would cost too much."""
    if set(x[alo:ahi]).isdisjoint(y[blo:bhi]):
        return [(alo, ahi, blo, bhi)]  # no line in common: wholly replaced, exactly
    if (ahi - alo) * (bhi - blo) <= SMALL_GAP_CELLS:
        matcher = difflib.SequenceMatcher(None, x[alo:ahi], y[blo:bhi], autojunk=False)
        return [
            (alo + i1, alo + i2, blo + j1, blo + j2)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes()
            if tag != "equal"
        ]
    return _myers(x[alo:ahi], y[blo:bhi], alo, blo, budget)


def _myers(
    a: list[int], b: list[int], a_off: int, b_off: int, budget: list[int]
) -> list[Block] | None:
    """Myers' shortest edit script, at most MAX_EDITS edits and within the budget."""
    n, m = len(a), len(b)
    offset = n + m + 1
    v = [0] * (2 * offset + 1)
    trace: list[list[int]] = []
    for d in range(min(n + m, MAX_EDITS) + 1):
        lo, hi = offset - d, offset + d + 1
        trace.append(v[lo - 1 : hi + 1])
        for k in range(-d, d + 1, 2):
            if k == -d or (k != d and v[offset + k - 1] < v[offset + k + 1]):
                i = v[offset + k + 1]  # a line added: down from diagonal k + 1
            else:
                i = v[offset + k - 1] + 1  # a line removed: right from diagonal k - 1
            j = i - k
            start = i
            while i < n and j < m and a[i] == b[j]:
                i, j = i + 1, j + 1
            budget[0] -= i - start + 1
            v[offset + k] = i
            if i >= n and j >= m:
                return _blocks_from_trace(trace, v, d, k, offset, n, m, a_off, b_off)
        if budget[0] < 0:
            return None
    return None


def _blocks_from_trace(
    trace: list[list[int]],
    v: list[int],
    d: int,
    k: int,
    offset: int,
    n: int,
    m: int,
    a_off: int,
    b_off: int,
) -> list[Block]:
    """Walk the saved frontiers back from the end to the edits, as blocks."""
    edits: list[tuple[int, int, int]] = []  # (kind, i, j): 0 removes a[i], 1 adds b[j]
    i, j = n, m
    for step in range(d, 0, -1):
        saved = trace[step]  # v[offset - step - 1 : offset + step + 2] before step `step`

        def at(diagonal: int, saved: list[int] = saved, step: int = step) -> int:
            return saved[diagonal + step + 1]

        k = i - j
        down = k == -step or (k != step and at(k - 1) < at(k + 1))
        prev_k = k + 1 if down else k - 1
        prev_i = at(prev_k)
        prev_j = prev_i - prev_k
        if down:
            edits.append((1, prev_i, prev_j))  # down: b[prev_j] added
        else:
            edits.append((0, prev_i, prev_j))  # right: a[prev_i] removed
        i, j = prev_i, prev_j
    blocks: list[Block] = []
    for kind, ei, ej in reversed(edits):
        if kind == 0:
            blocks.append((a_off + ei, a_off + ei + 1, b_off + ej, b_off + ej))
        else:
            blocks.append((a_off + ei, a_off + ei, b_off + ej, b_off + ej + 1))
    return _merge(blocks)


def _merge(blocks: list[Block]) -> list[Block]:
    """Join blocks that touch, so a replaced run of lines is one block."""
    merged: list[Block] = []
    for block in blocks:
        if merged and merged[-1][1] == block[0] and merged[-1][3] == block[2]:
            last = merged[-1]
            merged[-1] = (last[0], block[1], last[2], block[3])
        else:
            merged.append(block)
    return merged
