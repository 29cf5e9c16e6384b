"""Snippets mark the same words whichever way the page's letters change case."""

from __future__ import annotations

from rcc_archive.publish.query import parse_query
from rcc_archive.publish.snippets import MARK_CLOSE, MARK_OPEN, hit_spans, snippet


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
