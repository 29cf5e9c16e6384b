"""Checks of what a user typed into a canned query's form, with a message in Swedish.

Reads nothing but its arguments (the parameters, the regions' slugs and names); writes
nothing. A canned query whose input is wrong would otherwise answer "0 results" and
leave the user guessing: the UI plugin (``publish.ui``) shows these messages above the
rows instead, and the CLI's ``export`` can call :func:`input_problems` the same way.
Which parameter is checked how comes from the query file's ``-- input:`` line
(``publish.queries``): ``search``, ``date``, ``region``, ``doc_type`` or ``integer``.
A blank value always passes: blank means "all" in every canned query.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping

from rcc_archive.publish.query import parse_query, positive_leaves

# The controlled values of documents.doc_type (README, "The schema").
DOC_TYPES = (
    "cancerplan",
    "uppfoljning",
    "processplan",
    "handlingsplan",
    "bilaga",
    "analys",
    "rapport",
    "annat",
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?Z?)?$")
_EXAMPLE_SEARCH = 'skriv till exempel cancerplan eller "palliativ vård"'


def fold_region(value: str) -> str:
    """Fold a region as typed the way slugs are written: "RCC Sydöst" → "sydost"."""
    folded = unicodedata.normalize("NFKD", value.strip().casefold())
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    folded = re.sub(r"\s+", "-", folded)
    return folded[4:] if folded.startswith("rcc-") else folded


def check_search(value: str) -> str | None:
    """Say what is wrong with a search that cannot find anything as written."""
    if value.count('"') % 2:
        return (
            f"Sökningen {value!r} har ett citattecken utan slut. Sätt citattecken runt hela "
            'frasen, till exempel "palliativ vård", eller ta bort det.'
        )
    if not positive_leaves(parse_query(value)):
        return (
            f"Sökningen {value!r} innehåller inga ord att söka efter (bara AND, OR, NOT, * "
            f"eller tecken); {_EXAMPLE_SEARCH}."
        )
    return None


def check_date(value: str) -> str | None:
    """Say what is wrong with a date that is not ÅÅÅÅ-MM-DD."""
    if _DATE.match(value.strip()):
        try:
            dt.date.fromisoformat(value.strip()[:10])
            return None
        except ValueError:
            pass
    return f"{value!r} är inget datum: skriv ÅÅÅÅ-MM-DD, till exempel 2026-01-31."


def check_integer(value: str) -> str | None:
    """Say what is wrong with a number that is not a whole number."""
    if value.strip().isdigit():
        return None
    return f"{value!r} är inget heltal: skriv till exempel 2."


def check_doc_type(value: str) -> str | None:
    """Say what is wrong with a document type outside the controlled values."""
    if value.strip().casefold() in DOC_TYPES:
        return None
    return f"{value!r} är ingen dokumenttyp. Giltiga värden: {', '.join(DOC_TYPES)}."


def check_region(value: str, regions: Iterable[tuple[str, str, Iterable[str]]]) -> str | None:
    """Say what is wrong with a region that no region's slug, name or folder matches.

    ``regions`` holds (slug, name, folders) for every region.
    """
    regions = list(regions)
    wanted = fold_region(value)
    for slug, name, folders in regions:
        if wanted in {slug, fold_region(name), *folders}:
            return None
    accepted = ", ".join(f"{slug} ({name})" for slug, name, _ in regions)
    return f"{value!r} är ingen region. Skriv en av: {accepted}; RCC före namnet går också bra."


def input_problems(
    inputs: Mapping[str, str],
    params: Mapping[str, str],
    regions: Iterable[tuple[str, str, Iterable[str]]] = (),
) -> list[str]:
    """Return one message per parameter whose value is wrong, in the order of ``inputs``."""
    problems = []
    for name, kind in inputs.items():
        value = params.get(name) or ""
        if not value.strip():
            continue
        if kind == "search":
            problem = check_search(value)
        elif kind == "date":
            problem = check_date(value)
        elif kind == "integer":
            problem = check_integer(value)
        elif kind == "doc_type":
            problem = check_doc_type(value)
        elif kind == "region":
            problem = check_region(value, regions)
        else:
            raise ValueError(f"unknown input check {kind!r} for parameter {name!r}")
        if problem:
            problems.append(f"{name}: {problem}")
    return problems
