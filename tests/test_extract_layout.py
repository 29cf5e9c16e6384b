"""Reading order: two-column pages read column by column, everything else as pdfplumber reads it."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from extract_samples import (
    CORPUS,
    LEFT_COLUMN,
    RIGHT_COLUMN,
    SPANNING_PARAGRAPH,
    column_lines,
    two_column_pdf,
)

from rcc_archive.extract.layout import columns_text
from rcc_archive.extract.pages import read_page
from rcc_archive.extract.pdf import extract_pdf

# Fails under CI=true when ../shared is missing; elsewhere skips naming the folder.
needs_corpus = pytest.mark.usefixtures("shared_corpus")


@pytest.fixture
def two_column_file(tmp_path: Path) -> Path:
    path = tmp_path / "spalter.pdf"
    path.write_bytes(two_column_pdf())
    return path


def test_generated_two_column_page_reads_left_column_then_right(two_column_file: Path) -> None:
    with pdfplumber.open(two_column_file) as pdf:
        plain = pdf.pages[0].extract_text()
    left, right = column_lines(LEFT_COLUMN), column_lines(RIGHT_COLUMN)
    # pdfplumber on its own interleaves the columns line by line.
    assert f"{left[0]} {right[0]}" in plain

    text = extract_pdf(two_column_file).pages[0].text
    assert "\n".join(left) in text
    assert "\n".join(right) in text
    assert text.index("Två spalter på en sida") < text.index(left[0])
    assert text.index(left[-1]) < text.index(right[0])
    assert text.index(right[-1]) < text.index(SPANNING_PARAGRAPH)


def test_table_beside_a_gap_is_not_split_into_columns() -> None:
    words = []
    for row, (name, count) in enumerate(
        [("Norr", "12"), ("Syd", "9"), ("Väst", "14"), ("Sydöst", "7"), ("Stockholm", "11")] * 2
    ):
        top = 100 + row * 14
        words.append(
            {"text": name, "x0": 72, "x1": 72 + 6 * len(name), "top": top, "bottom": top + 10}
        )
        words.append({"text": count, "x0": 400, "x1": 412, "top": top, "bottom": top + 10})
    assert columns_text(words) is None


def test_single_column_prose_is_left_to_pdfplumber() -> None:
    line = "Regionerna ska gemensamt förbättra vården för patienter med cancer i hela landet"
    words = []
    for row in range(20):
        x = 72.0
        for token in line.split():
            width = 5.5 * len(token)
            words.append(
                {
                    "text": token,
                    "x0": x,
                    "x1": x + width,
                    "top": 100 + row * 13,
                    "bottom": 110 + row * 13,
                }
            )
            x += width + 3
    assert columns_text(words) is None


@needs_corpus
def test_latex_two_column_document_reads_column_by_column() -> None:
    path = CORPUS / "multicol-latex.pdf"
    with pdfplumber.open(path) as pdf:
        plain = pdf.pages[0].extract_text()
    assert "adip- nec, suscipit a, ipsum." in plain  # interleaved by plain pdfplumber

    page = extract_pdf(path).pages[0].text
    # The left column runs on without the right column's lines in between, so the
    # word hyphenated across its line end is whole again.
    assert "Lorem ipsum dolor sit amet, consectetuer adipiscing elit. Ut purus elit" in page
    assert "Donec nonummy\npellentesque ante. Phasellus adipiscing semper elit." in page
    assert page.index("Two-Column Document with Lorem Ipsum") < page.index("This is a sample")
    assert page.index("This is a sample") < page.index("Nulla malesuada porttitor diam")
    assert page.index("Nulla malesuada porttitor diam") < page.index("Quisque ullamcorper placerat")


@needs_corpus
def test_latex_table_page_is_not_reordered() -> None:
    path = CORPUS / "multicol-latex.pdf"
    with pdfplumber.open(path, pages=[3]) as pdf:
        plain = pdf.pages[0].extract_text()
    page = extract_pdf(path).pages[2].text
    assert page == plain


@needs_corpus
def test_three_column_federal_register_page_reads_column_by_column() -> None:
    with pdfplumber.open(CORPUS / "multicol-federal-register.pdf", pages=[2]) as pdf:
        page = read_page(pdf.pages[0]).text
    assert (
        "Hatta International Airport in Jakarta,\nIndonesia, resulting in 189 fatalities." in page
    )
    assert page.index("These effects include stall warning") < page.index("altitude disagree alert")


def test_text_at_absurd_coordinates_is_left_alone() -> None:
    words = [
        {
            "text": f"ord{index}",
            "x0": 72.0,
            "x1": 100.0,
            "top": 100.0 + 12 * index,
            "bottom": 110.0 + 12 * index,
        }
        for index in range(20)
    ]
    words.append({"text": "bortom", "x0": 1e12, "x1": 1e12 + 30, "top": 100.0, "bottom": 110.0})
    assert columns_text(words) is None
