"""One page's text: glyphs drawn twice (fake bold) are read once, and the quick test that
spares pages without them agrees with the full rule."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pdfplumber
from reportlab.pdfgen import canvas

from rcc_archive.extract.pages import _may_have_duplicates, _unique_chars, read_page


def _fake_bold_pdf() -> bytes:
    """One page: a heading drawn twice, 0.4 pt apart (fake bold), then a plain line."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    pdf.setFont("Helvetica", 14)
    for dx in (0.0, 0.4):
        pdf.drawString(72 + dx, 720, "Data och mål")
    pdf.setFont("Helvetica", 11)
    pdf.drawString(72, 690, "Vårdens resultat följs upp.")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_fake_bold_heading_reads_once(tmp_path: Path) -> None:
    path = tmp_path / "fetstil.pdf"
    path.write_bytes(_fake_bold_pdf())
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        # pdfplumber alone reads every glyph twice.
        assert "DDaattaa" in page.extract_text()
        assert read_page(page).text == "Data och mål\nVårdens resultat följs upp."


def test_quick_duplicate_test_never_misses_what_the_full_rule_drops() -> None:
    # Glyphs on nearby lines and spots, so that clusters chain (a line that drifts by
    # less than the tolerance per glyph, spots 0.999 pt apart) as often as they split.
    rng = random.Random(14)
    found = {True: 0, False: 0}
    for _ in range(6000):
        one_font = rng.random() < 0.5
        chars = [
            {
                "upright": one_font or rng.random() < 0.9,
                "text": rng.choice("ab"),
                "fontname": "F1" if one_font else rng.choice(["F1", "F2"]),
                "size": 10.0 if one_font else rng.choice([10.0, 12.0]),
                "doctop": rng.choice([100.0, 100.6, 101.2, 103.0, 120.0])
                + rng.choice([0.0, 0.999, 1.0, 1.0000001]),
                "x0": rng.choice([50.0, 50.7, 51.8, 60.0, 90.0]) + rng.choice([0.0, 0.3, 1.0]),
            }
            for _ in range(rng.randint(0, 12))
        ]
        drops = len({id(char) for char in _unique_chars(chars, 1)}) < len(chars)
        quick = _may_have_duplicates(chars, 1)
        # Never a page left undeduplicated; with one font, exactly the full rule.
        assert quick or not drops, chars
        if one_font:
            assert quick == drops, chars
        found[drops] += 1
    # Both answers are exercised, not just one.
    assert min(found.values()) > 500


def test_unsortable_coordinates_leave_it_to_the_full_rule() -> None:
    char = {"upright": True, "text": "a", "fontname": "F1", "size": 10.0, "x0": 1.0}
    assert _may_have_duplicates([{**char, "doctop": float("nan")}], 1)
    assert not _may_have_duplicates([{**char, "doctop": 5.0}], 1)
