"""Running headers and footers found across a PDF's pages and left out of search snippets.

Reads nothing but the page texts it makes; writes nothing.
"""

from __future__ import annotations

from rcc_archive.publish.margins import running_lines, strip_running_lines

HEADER = "RCC Syd · Cancerplan 2026–2028"


WORDS = ["screening", "palliativ vård", "rehabilitering", "väntetider", "prevention"]


def page(number: int) -> str:
    word = WORDS[number % len(WORDS)]
    lines = [HEADER, "", f"Om {word} i regionen.", f"Mer om {word}.", f"Slutet om {word}."]
    return "\n".join([*lines, f"RCC Syd Sida {number}"])


PAGES = [page(n) for n in range(1, 6)]


def test_a_header_and_a_numbered_footer_on_every_page_are_running_lines():
    keys = running_lines(PAGES)
    assert keys == {"rcc syd · cancerplan #–#", "rcc syd sida #"}
    body = strip_running_lines(PAGES[2], keys)
    assert HEADER not in body and "Sida 3" not in body
    assert body.startswith("Om väntetider") and body.endswith("Slutet om väntetider.")


def test_lines_in_the_middle_of_a_page_are_never_stripped():
    keys = running_lines(PAGES)
    text = "Inledning\nRCC Syd Sida 9\nDen egentliga texten\nmer\nslut"
    assert strip_running_lines(text, keys) == text


def test_a_short_document_or_a_line_on_few_pages_is_not_a_running_line():
    assert running_lines(PAGES[:2]) == set()
    varied = [
        f"Rubrik {chr(65 + n)} unik\nett\ntvå\ntre\nfyra\nslut {chr(65 + n)}" for n in range(6)
    ]
    assert running_lines(varied) == set()


def test_a_page_that_is_only_its_running_lines_keeps_its_text():
    keys = running_lines(PAGES)
    assert strip_running_lines(f"{HEADER}\nRCC Syd Sida 7", keys) == f"{HEADER}\nRCC Syd Sida 7"
