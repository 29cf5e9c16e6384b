"""Text clean-up and PDF metadata: pure rules, checked on the strings readers would see."""

from __future__ import annotations

import unicodedata

import pytest

from rcc_archive.extract.cleanup import (
    clean_pages,
    dehyphenate,
    find_running_lines,
    normalize_cell,
    normalize_text,
    visible_chars,
)
from rcc_archive.extract.metadata import clean_field, metadata_from_info, pdf_date_to_iso

# -- hyphenation -----------------------------------------------------------------------


def test_word_split_at_line_end_is_joined() -> None:
    assert dehyphenate("Arbetet med utvecklings-\nplanen fortsätter.") == (
        "Arbetet med utvecklingsplanen fortsätter."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Huvud-\noch halscancer", "Huvud- och halscancer"),
        ("bröst-\neller prostatacancer", "bröst- eller prostatacancer"),
        ("barn-\nsamt ungdomsmedicin", "barn- samt ungdomsmedicin"),
        ("från barn-\ntill vuxensjukvård", "från barn- till vuxensjukvård"),
    ],
)
def test_swedish_suspended_compound_keeps_its_hyphen(text: str, expected: str) -> None:
    assert dehyphenate(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Stockholm-\nGotland", "Stockholm-Gotland"),
        ("covid-\n19", "covid-19"),
        ("nya IT-\nsystem", "nya IT-system"),
        ("via e-\npost", "via e-post"),
    ],
)
def test_hyphen_that_belongs_to_the_word_stays(text: str, expected: str) -> None:
    assert dehyphenate(text) == expected


def test_dash_before_a_list_item_is_not_a_split_word() -> None:
    assert dehyphenate("Mål för vården-\n• kortare väntetider") == (
        "Mål för vården-\n• kortare väntetider"
    )


def test_running_footer_is_never_glued_onto_a_hyphenated_word() -> None:
    pages = [
        f"Text på sidan {number}.\nRegionen tar fram en ny utvecklings-\n"
        f"RCC Norr · Cancerplan 2022–2024 · sida {number}"
        for number in range(1, 5)
    ]
    cleaned = clean_pages(pages)
    assert cleaned[2].splitlines() == [
        "Text på sidan 3.",
        "Regionen tar fram en ny utvecklings-",
        "RCC Norr · Cancerplan 2022–2024 · sida 3",
    ]


def test_running_lines_are_found_ignoring_page_numbers() -> None:
    topics = [
        "vården",
        "patienterna",
        "regionen",
        "planen",
        "målen",
        "väntetiderna",
        "screeningen",
        "registren",
        "kompetensen",
        "forskningen",
        "rehabiliteringen",
        "palliationen",
        "prevention",
        "diagnostiken",
        "läkemedlen",
        "samverkan",
        "uppföljningen",
        "jämlikheten",
        "digitaliseringen",
        "utbildningen",
        "ledningen",
        "ekonomin",
        "vårdförloppen",
        "primärvården",
        "kirurgin",
        "strålbehandlingen",
        "onkologin",
        "patologin",
        "radiologin",
        "omvårdnaden",
    ]
    pages = [
        "\n".join(
            [f"Regional cancerplan · sida {n}"]
            + [f"Här handlar texten om {topic}." for topic in topics[n * 6 - 6 : n * 6]]
            + ["RCC Norr"]
        )
        for n in range(1, 6)
    ]
    assert find_running_lines(pages) == {"regional cancerplan · sida #", "rcc norr"}


def test_a_line_on_a_minority_of_pages_is_not_running() -> None:
    pages = ["Inledning\ntext", "Inledning\nmer text", "Sammanfattning\ntext", "Bilaga\ntext"]
    assert "inledning" not in find_running_lines(pages)


def test_soft_hyphen_at_line_end_joins_and_inside_a_line_vanishes() -> None:
    assert clean_pages(["utvecklings\u00ad\nplanen och kvalitets\u00adregistret"]) == [
        "utvecklingsplanen och kvalitetsregistret"
    ]


# -- normalisation -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ligature", "letters"),
    [("\ufb01", "fi"), ("\ufb02", "fl"), ("\ufb00", "ff"), ("\ufb03", "ffi"), ("\ufb04", "ffl")],
)
def test_ligatures_become_letters(ligature: str, letters: str) -> None:
    assert normalize_text(f"pro{ligature}l") == f"pro{letters}l"


def test_long_s_t_and_st_ligatures_become_st() -> None:
    assert normalize_text("\ufb05ation \ufb06ation") == "station station"


def test_decomposed_swedish_letters_become_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Västerås, Örebro och Skåne")
    assert decomposed != "Västerås, Örebro och Skåne"
    assert normalize_text(decomposed) == "Västerås, Örebro och Skåne"


def test_swedish_letters_are_kept_exactly() -> None:
    text = "Åsa äter ölandsk pärongröt i Älvsbyn – ÅÄÖ åäö é ü"
    assert normalize_text(text) == text


def test_whitespace_is_tidied_without_joining_lines() -> None:
    raw = "  Rad ett\u00a0 med\tmellanrum  \r\n\n\n\nRad två\u200b \x0c"
    assert normalize_text(raw) == "Rad ett med mellanrum\n\nRad två"


def test_table_cells_are_tidied_and_empty_cells_stay_empty() -> None:
    assert normalize_cell("Väntetid\u00a0\ufb01x") == "Väntetid fix"
    assert normalize_cell(None) is None


def test_visible_chars_ignore_whitespace() -> None:
    assert visible_chars(" å ä\nö \t") == 3


# -- metadata -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("D:20230101120000+01'00'", "2023-01-01T11:00:00Z"),
        ("D:20230615083000-05'30'", "2023-06-15T14:00:00Z"),
        ("D:20231231235959Z", "2023-12-31T23:59:59Z"),
        ("D:20230101120000Z00'00'", "2023-01-01T12:00:00Z"),
        ("D:20230101", "2023-01-01T00:00:00Z"),
        ("D:2023", "2023-01-01T00:00:00Z"),
        ("20220301101500", "2022-03-01T10:15:00Z"),
    ],
)
def test_pdf_dates_become_iso_utc(raw: str, iso: str) -> None:
    assert pdf_date_to_iso(raw) == iso


@pytest.mark.parametrize("raw", ["igår", "D:20231345000000", "Mon Jan  2 10:00:00 2023"])
def test_unparseable_dates_are_kept_as_written(raw: str) -> None:
    assert pdf_date_to_iso(raw) == raw


def test_metadata_fields_are_cleaned() -> None:
    info = {
        "Title": "  Regional\x00 cancerplan  för Norr ",
        "Author": b"\xfe\xff\x00R\x00C\x00C\x00 \x00N\x00o\x00r\x00r",
        "Creator": "",
        "Producer": b"Microsoft\xae Word",
        "CreationDate": "D:20220301101500+01'00'",
    }
    meta = metadata_from_info(info)
    assert meta.title == "Regional cancerplan för Norr"
    assert meta.author == "RCC Norr"
    assert meta.creator is None
    assert meta.producer == "Microsoft® Word"
    assert meta.created == "2022-03-01T09:15:00Z"
    assert meta.modified is None


def test_clean_field_composes_unicode() -> None:
    assert clean_field(unicodedata.normalize("NFD", "Västerås")) == "Västerås"


# -- bounded work on hostile text ----------------------------------------------------------


@pytest.mark.timeout(30)
def test_fifty_thousand_hyphenated_lines_join_into_one_word() -> None:
    # The whole page is one word broken over 50,000 lines, with a running header and
    # footer to look out for: each join once cost the length of everything joined so far.
    body = ["utveck-"] * 50_000 + ["lingsplanen"]
    pages = [
        # Two lines of its own at either end, so only header and footer repeat there.
        "\n".join([f"Regional cancerplan · sida {number}", topic, topic, *body, topic, topic])
        + "\nRCC Norr"
        for number, topic in enumerate(["Inledning", "Mål", "Uppföljning"], start=1)
    ]
    cleaned = clean_pages(pages)
    assert cleaned[1].splitlines() == [
        "Regional cancerplan · sida 2",
        "Mål",
        "Mål",
        "utveck" * 50_000 + "lingsplanen",
        "Mål",
        "Mål",
        "RCC Norr",
    ]


def test_each_line_is_checked_against_the_running_lines_once(monkeypatch) -> None:
    from rcc_archive.extract import cleanup

    keys: list[str] = []
    key = cleanup.running_line_key

    def counted(line: str) -> str:
        keys.append(line)
        return key(line)

    monkeypatch.setattr(cleanup, "running_line_key", counted)
    lines = ["Text som löper på-", *(["bör-"] * 5_000), "jan", "RCC Norr · sida 3"]
    text = dehyphenate("\n".join(lines), running={"rcc norr · sida #"})
    assert text.splitlines() == [
        "Text som löper på" + "bör" * 5_000 + "jan",
        "RCC Norr · sida 3",
    ]
    assert sorted(keys) == sorted(lines)


@pytest.mark.timeout(30)
def test_a_line_of_two_hundred_thousand_letters_is_left_as_it_is() -> None:
    # No hyphen at its end: searching it for a stem backwards from every letter took
    # quadratic time.
    text = "a" * 200_000 + "\nnästa rad"
    assert dehyphenate(text) == text
