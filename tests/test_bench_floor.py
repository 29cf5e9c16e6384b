"""The floor study's measures: word order by longest common subsequence, agreement sums,
and the hybrid reader on a generated plan (PDFium text, pdfplumber for the table page)."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from extract_samples import swedish_plan_pdf

from bench.floor import Sides, compare, lcs_length
from bench.hybrid import read_hybrid, read_pdfium
from rcc_archive.extract.pdf import extract_pdf


def _lcs_table(a: list[str], b: list[str]) -> int:
    """The textbook dynamic programme, to check the bit-parallel one against."""
    row = [0] * (len(b) + 1)
    for word in a:
        previous = 0
        for j, other in enumerate(b, start=1):
            above = row[j]
            row[j] = previous + 1 if word == other else max(row[j], row[j - 1])
            previous = above
    return row[-1]


def test_lcs_length_agrees_with_the_dynamic_programme() -> None:
    rng = random.Random(6)
    for _ in range(500):
        a = [rng.choice("abcde") for _ in range(rng.randint(0, 80))]
        b = [rng.choice("abcde") for _ in range(rng.randint(0, 80))]
        assert lcs_length(a, b) == _lcs_table(a, b)
    assert lcs_length(["vård", "och", "omsorg"], ["omsorg", "och", "vård"]) == 1


def test_agreement_counts_missing_words_and_order_separately() -> None:
    sides = Sides(
        ours={1: "ett två tre fyra", 2: "å ä ö"},
        hybrid={1: "ett tre två fyra", 2: "å ä ö"},
        pdfium={1: "ett två", 2: ""},
        ours_tables=Counter({1: 1}),
        hybrid_tables=Counter(),
        to_pdfplumber=0,
    )
    summary = compare([("doc.pdf", sides)])
    hybrid = summary["agreement_with_ours"]["hybrid"]
    pdfium = summary["agreement_with_ours"]["pdfium"]
    # Same words, one swapped pair: every word agrees, 6 of 7 keep their order.
    assert (hybrid["words"], hybrid["order"], hybrid["identical_pages"]) == (1.0, 0.8571, 0.5)
    assert (pdfium["words"], pdfium["order"]) == (0.2857, 0.2857)
    assert summary["swedish_letters"] == {"ours": 4, "hybrid": 4, "pdfium": 1}
    assert summary["tables"] == {"ours": 1, "hybrid": 0, "missed_by_hybrid": 1}


def test_hybrid_reads_the_table_page_with_pdfplumber_and_keeps_its_table(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(swedish_plan_pdf())
    ours = extract_pdf(path)
    pages, tables, sent = read_hybrid(path)
    # Page 1 holds the ruled table, page 2 two columns: both go to pdfplumber.
    assert sent == 2
    assert tables == Counter({1: 1})
    assert [pages[page.number] for page in ours.pages[:2]] == [page.text for page in ours.pages[:2]]
    # PDFium alone: the same words on the last page, its footer first (content order).
    assert sorted(read_pdfium(path)[3].split()) == sorted(ours.pages[2].text.split())
