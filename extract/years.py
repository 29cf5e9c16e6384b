"""Find years in text: plan periods in every spelling, and lone years that are real years.

Reads nothing; writes nothing. Pure text rules the classifier uses on link labels,
headings, URL file names and first pages. Years must be plausible (1990–2100); numbers
that are parts of an art.nr (2023-9-8752), dates' months, page counts or diary numbers
are not years.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

MIN_YEAR, MAX_YEAR = 1990, 2100
MAX_SPAN = 10  # plans run 2–4 years; a longer "range" is two unrelated numbers
_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})

DASHES = r"\-–—‐‑−"  # hyphen (escaped for character classes), en and em dash, look-alikes
# Plan periods, in every spelling met on the sites. Each yields (start, end) digits.
PERIOD_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 2022–2024, 2019—2021, 2022 - 2024, cancerplan_2022_2024
    ("range", re.compile(rf"(?<!\d)(\d{{4}})\s*[{DASHES}_]\s*(\d{{4}})(?!\d)")),
    # 2016-19; not a date (2011-12-01) nor an art.nr (2023-9-8752)
    (
        "range-yy",
        re.compile(rf"(?<!\d)(\d{{4}})\s*[{DASHES}_]\s*(\d{{2}})(?!\d)(?!\s*[{DASHES}_]\s*\d)"),
    ),
    # 20162018: a real typo for 2016–2018
    ("glued", re.compile(r"(?<!\d)(\d{4})(\d{4})(?!\d)")),
    # "från och med 2022 till och med 2024"
    (
        "words",
        re.compile(r"(?<!\d)(\d{4})\s+(?:till och med|t\.\s?o\.\s?m\.?|till)\s+(\d{4})(?!\d)"),
    ),
    # cancerplansyd_23-25: two-digit years only glued to a file name, never in prose
    # ("sid 12-15") nor inside a date
    (
        "short",
        re.compile(
            rf"(?<=[a-z_{DASHES}])(?<!\d[{DASHES}])(\d{{2}})[{DASHES}_](\d{{2}})(?!\d)(?![{DASHES}_]\d)"
        ),
    ),
)
# Numbers that look like years but are not: art.nr (2023-9-8752), page counts, dnr.
_NOT_YEARS = re.compile(
    r"(?<!\d)\d{4}-\d{1,2}-\d{3,5}(?!\d)|\d+\s*(?:sidor|sid\b|s\.)|\b(?:sidan?|s\.)\s*\d+"
    r"|\bdnr\.?:?\s*\S+|\bdiarienummer:?\s*\S+",
    re.IGNORECASE,
)
# Years a keyword vouches for; the only years taken from a first page. Folded text.
YEAR_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("artnr", re.compile(r"(?<!\d)(\d{4})-\d{1,2}-\d{3,5}(?!\d)")),
    ("publicerad", re.compile(r"\b(?:publicerad|utgiven)[:\s]+(\d{4})(?!\d)")),
    (
        "uppfoljning",
        re.compile(
            rf"uppfoljning(?:en)?[\s_{DASHES}]*(?:\(|for\s+|av\s+|ar\s+|:\s*)?(\d{{4}})(?!\d)(?!\s*[{DASHES}]\s*\d)"
        ),
    ),
    (
        "arsrapport",
        re.compile(
            rf"\b(?:ars|verksamhets)(?:rapport|berattelse)\s+(\d{{4}})(?!\d)(?!\s*[{DASHES}]\s*\d)"
        ),
    ),
)
_SINGLE_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def fold(text: str) -> str:
    """Return text in NFC, case-folded, with å, ä and ö as slugs spell them (a, a, o)."""
    return unicodedata.normalize("NFC", text).casefold().translate(_FOLD)


def _plausible(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


def _period_matches(text: str) -> Iterator[tuple[int, int, int, int]]:
    """Yield (offset, end offset, start year, end year) of every valid period in text."""
    for name, pattern in PERIOD_RULES:
        for match in pattern.finditer(text):
            first, second = match.group(1), match.group(2)
            if name == "short":
                start, end = 2000 + int(first), 2000 + int(second)
            else:
                start = int(first)
                end = int(second) if len(second) == 4 else start - start % 100 + int(second)
                if len(second) == 2 and end < start:
                    end += 100
            if _plausible(start) and _plausible(end) and 0 <= end - start <= MAX_SPAN:
                yield match.start(), match.end(), start, end


def parse_period(text: str) -> tuple[int | None, int | None]:
    """Return the first plan period written in text ("2022–2024", "2016-19", "23-25")."""
    text = fold(text or "")
    found = min(_period_matches(text), default=None)
    return (found[2], found[3]) if found else (None, None)


def single_years(text: str) -> list[int]:
    """Return the plausible years in text that are not part of a period, art.nr or page count."""
    text = fold(text or "")
    spans = [(m.start(), m.end()) for m in _NOT_YEARS.finditer(text)]
    spans += [(start, end) for start, end, _, _ in _period_matches(text)]
    masked = list(text)
    for start, end in spans:
        masked[start:end] = " " * (end - start)
    years = (int(m.group(1)) for m in _SINGLE_YEAR.finditer("".join(masked)))
    return [year for year in years if _plausible(year)]


def keyword_year(text: str) -> tuple[str, int] | None:
    """Return (rule, year) for a year a keyword vouches for (art.nr, "Publicerad", …)."""
    text = fold(text or "")
    for name, pattern in YEAR_RULES:
        for match in pattern.finditer(text):
            if _plausible(int(match.group(1))):
                return name, int(match.group(1))
    return None
