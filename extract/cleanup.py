"""Text clean-up that keeps meaning: ligatures, Unicode form, whitespace, hyphenation.

Reads strings handed to it; writes nothing. Pure functions, so they can be tested on
their own and rerun on stored text.

What it changes: typographic ligatures become their letters (ﬁ → fi), text becomes
Unicode NFC (a decomposed "a" + ring above becomes "å"), odd spaces become plain spaces,
and a word split across a line end ("utvecklings-" / "planen") is joined. What it never
changes: letters, digits, punctuation inside a line, and Swedish suspended compounds
("Huvud- och halscancer"). Running headers and footers are found across a document's
pages so that a hyphenated word is never glued onto one.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",  # ﬅ, long s + t
    "\ufb06": "st",
}
_LIGATURE_TABLE = str.maketrans(LIGATURES)

# Spaces that are not U+0020 (no-break, thin, em, ideographic …) and the tab.
_ODD_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Zero-width characters and C0/C1 controls other than newline carry no text.
_INVISIBLE = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200d\u2060\ufeff]")
_SPACE_RUNS = re.compile(r" {2,}")
_BLANK_RUNS = re.compile(r"\n{3,}")
_SOFT_HYPHEN = "\u00ad"
_INNER_SOFT_HYPHEN = re.compile(r"\u00ad(?!\n)")

# After "Huvud-" at a line end these words mean a suspended compound ("Huvud- och
# halscancer", "bröst- eller prostatacancer"), so the hyphen and a space stay.
SUSPENDED_COMPOUND_WORDS = frozenset({"och", "eller", "samt", "till", "respektive", "resp."})

# Letters (not digits, not underscore), and a line that starts with a word.
_LETTER_RUN = re.compile(r"[^\W\d_]*")
_FIRST_WORD = re.compile(r"^(?P<word>\S+)")

# How many lines at the top and bottom of a page can hold a running header or footer.
RUNNING_ZONE_LINES = 3


def normalize_text(text: str) -> str:
    """Expand ligatures, compose to NFC, and tidy spaces and blank lines."""
    text = text.translate(_LIGATURE_TABLE)
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = _ODD_SPACES.sub(" ", text)
    text = _SPACE_RUNS.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    # A soft hyphen inside a line is invisible; one at a line end is kept for
    # ``dehyphenate``, which reads it as a hyphenation point.
    text = _INNER_SOFT_HYPHEN.sub("", text)
    text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip()


def normalize_cell(cell: str | None) -> str | None:
    """Tidy one table cell the way page text is tidied (None stays None)."""
    if cell is None:
        return None
    return normalize_text(cell)


def running_line_key(line: str) -> str:
    """Return the form of a line used to spot running headers: digits and case ignored."""
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", line)).strip().casefold()


def find_running_lines(pages: Sequence[str], *, min_pages: int = 3) -> set[str]:
    """Return keys of lines that repeat at the top or bottom of most pages."""
    if len(pages) < min_pages:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update(
            {running_line_key(line) for line in _edge_lines(page) if running_line_key(line)}
        )
    # "Most pages": more than half, so a phrase that merely recurs in body text
    # near a page edge on a few pages is not taken for a header.
    return {key for key, count in counts.items() if count * 2 > len(pages)}


def dehyphenate(text: str, *, running: frozenset[str] | set[str] = frozenset()) -> str:
    """Join words hyphenated across line ends, keeping suspended compounds and headers.

    Linear in the length of the text, however many lines run on into each other: a
    joined line is kept as its pieces, and the word stem before its final hyphen is
    carried along instead of being searched for again.
    """
    lines = text.split("\n")
    # A running header or footer is recognised as the line it is on the page; a line
    # made of several joined lines is a word running on, never a header.
    heading = [bool(running) and running_line_key(line) in running for line in lines]
    out: list[str] = []
    i = 0
    while i < len(lines):
        joined = _JoinedLine(lines[i])
        while i + 1 < len(lines) and not heading[i] and joined.join(lines[i + 1], heading[i + 1]):
            i += 1
        out.append(joined.text())
        i += 1
    return "\n".join(out)


def clean_pages(pages: Sequence[str]) -> list[str]:
    """Clean every page of one document, spotting its running headers and footers first."""
    return clean_normalized_pages([normalize_text(page) for page in pages])


def clean_normalized_pages(pages: Sequence[str]) -> list[str]:
    """``clean_pages`` for pages already through ``normalize_text`` (each page is normalised
    where it is read, the document's ranges are cleaned where they are joined)."""
    running = find_running_lines(pages)
    return [dehyphenate(page, running=running) for page in pages]


def visible_chars(text: str) -> int:
    """Count characters that are not whitespace."""
    return sum(1 for char in text if not char.isspace())


def _edge_lines(page: str) -> list[str]:
    """Return the lines where a running header or footer can sit."""
    lines = [line for line in page.split("\n") if line.strip()]
    if len(lines) <= 2 * RUNNING_ZONE_LINES:
        return lines
    return lines[:RUNNING_ZONE_LINES] + lines[-RUNNING_ZONE_LINES:]


@dataclass(frozen=True)
class _Run:
    """A run of letters, described by what the hyphenation rules ask of it."""

    length: int = 0
    upper: bool = False  # ``str.isupper()`` of the run
    no_lower: bool = True  # no cased letter in it is lower- or titlecase

    @classmethod
    def of(cls, letters: str) -> _Run:
        return cls(len(letters), letters.isupper(), (letters + "A").isupper())

    def then(self, other: _Run) -> _Run:
        """Describe this run followed directly by ``other``, as ``str.isupper`` would."""
        no_lower = self.no_lower and other.no_lower
        return _Run(self.length + other.length, no_lower and (self.upper or other.upper), no_lower)


class _JoinedLine:
    """Lines joined so far into one, with the letters just before its last character.

    The text is kept as pieces and joined once at the end, so a run of thousands of
    hyphenated lines costs the length of its text, not its square.
    """

    def __init__(self, line: str) -> None:
        self.pieces = [line]
        self.before_last = self._before_last(_Run(), line)

    def text(self) -> str:
        return "".join(self.pieces)

    def join(self, following: str, following_is_heading: bool) -> bool:
        """Append ``following`` if a word runs across the line break; tell whether it did."""
        last = self.pieces[-1]
        if not following or not last or following_is_heading:
            return False
        first = _FIRST_WORD.match(following)
        if first is None:
            return False
        if last.endswith(_SOFT_HYPHEN):
            # A soft hyphen marks a hyphenation point the typesetter chose: always join.
            self._append(following, drop_last=True)
            return True
        # The stem is the run of letters right before the line's final hyphen.
        if not last.endswith("-") or self.before_last.length == 0:
            return False
        stem = self.before_last
        word = first.group("word")
        if word.casefold().rstrip(",.;:") in SUSPENDED_COMPOUND_WORDS:
            self.pieces.append(" ")
            self._append(following, drop_last=False)
            return True
        head = word[0]
        if not (head.isalpha() or head.isdigit()):
            # "vård-" then "• Mål": a list or a dash, not a word running on.
            return False
        # "Stockholm-Gotland", "covid-19", "IT-system", "e-post": the hyphen is part of
        # the word, so keep it and only close the line break.
        keep = head.isdigit() or head.isupper() or stem.upper or stem.length == 1
        self._append(following, drop_last=not keep)
        return True

    def _append(self, following: str, *, drop_last: bool) -> None:
        if drop_last:
            before = self.before_last
            self.pieces[-1] = self.pieces[-1][:-1]
        else:
            # The joined line then ends in a hyphen or a space: no letters run on.
            before = _Run()
        self.pieces.append(following)
        self.before_last = self._before_last(before, following)

    @staticmethod
    def _before_last(before: _Run, piece: str) -> _Run:
        """Describe the letters just before ``piece``'s last character, once it follows
        text ending in the letters ``before``."""
        if not piece.endswith(("-", _SOFT_HYPHEN)):
            # Only a line ending in a hyphen can have a word run on from it.
            return _Run()
        body = piece[:-1]
        # Matched on the reversed text, the pattern only ever runs forward: linear.
        tail = _LETTER_RUN.match(body[::-1])
        letters = tail.group()[::-1] if tail else ""
        run = _Run.of(letters)
        return before.then(run) if len(letters) == len(body) else run
