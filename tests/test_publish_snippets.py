"""Snippets: the same marks whichever way a page's letters change case, white space as a
regular expression collapses it, and the page body first (one SQL call per row)."""

from __future__ import annotations

import re
import sqlite3

from rcc_archive.publish.fts import register_functions
from rcc_archive.publish.query import parse_query
from rcc_archive.publish.snippets import (
    MARK_CLOSE,
    MARK_OPEN,
    body_snippet,
    clean_text,
    hit_spans,
    snippet,
)
from rcc_archive.publish.swedish import normalise


def _marked(text: str) -> list[str]:
    parts = text.split(MARK_OPEN)[1:]
    return [part.split(MARK_CLOSE)[0] for part in parts]


def test_a_letter_whose_lower_case_is_longer_does_not_shift_the_marks():
    # "İ".lower() is two characters: positions in the lower-cased text would drift.
    plain = "Rapport från Izmir om bröstcancervården och palliativ vård i regionen."
    dotted = plain.replace("Izmir", "İzmir")
    for query in ("vård", '"palliativ vård"', "cancer"):
        assert _marked(snippet(dotted, query)) == _marked(snippet(plain, query)), query
    assert _marked(snippet(dotted, '"palliativ vård"')) == ["palliativ vård"]


def test_words_after_not_are_not_marked():
    text = "Screening och prevention i cancervården."
    spans = hit_spans(text, parse_query("prevention NOT screening"))
    assert [text[a:b] for a, b in spans] == ["prevention"]


def test_white_space_is_collapsed_as_a_regular_expression_would():
    # The fast path (only spaces and line breaks) and the general one give the same text.
    texts = [
        "En rad\nen till\n\nsista  raden ",
        "\ttabb\u00a0hårt mellanslag\r\nCRLF\u2028radslut\u3000slut\x1c",
        "  ",
        "",
        "mjuk\u00adbindestreck och a\u030ar",
        "ord <mark>falsk</mark>\nmarkering",
    ]
    for text in texts:
        expected = re.sub(r"\s+", " ", normalise(text)).strip()
        expected = expected.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")
        assert clean_text(text) == expected, repr(text)


def test_the_body_is_shown_when_it_holds_a_hit_and_the_page_when_only_its_header_does():
    header = "RCC Syd · Cancerplan 2026–2028"
    text = f"{header}\nOm screening i regionen.\nSida 3"
    body = "Om screening i regionen."
    assert body_snippet(body, text, "screening") == "Om <mark>screening</mark> i regionen."
    assert _marked(body_snippet(body, text, "cancerplan")) == ["Cancerplan"]
    assert body_snippet(None, text, "screening") == snippet(text, "screening")
    assert body_snippet(body, None, "cancerplan") is None


def test_the_sql_function_takes_the_body_first_in_one_call():
    conn = sqlite3.connect(":memory:")
    register_functions(conn)
    row = conn.execute(
        "select sv_snippet(?, ?, ?), sv_snippet(NULL, ?, ?), sv_snippet(?, ?, ?)",
        (
            "Om vården.",
            "Sida 1\nOm vården.",
            "vård",
            "Sida 1 vård",
            "vård",
            "Om x.",
            "Sida 1",
            "sida",
        ),
    ).fetchone()
    assert row == ("Om <mark>vården</mark>.", "Sida 1 <mark>vård</mark>", "<mark>Sida</mark> 1")
