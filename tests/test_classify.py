"""Classification of archived documents: rules, the real seed labels, and the catalogue pass."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from rcc_archive.archive.schema import open_db
from rcc_archive.archive.titles import clean_title
from rcc_archive.extract import classify_store
from rcc_archive.extract.classify import (
    HOST_RULES,
    TYPE_RULES,
    classify,
    parse_period,
)
from rcc_archive.extract.classify_store import classify_documents
from rcc_archive.extract.years import keyword_year, single_years

NORR_SECTION = "Cancerplan 2022–2024 > Processplaner underlag till Cancerplanen"
EARLIER_FOLLOW_UPS = "Cancerplan 2022–2024 > Tidigare uppföljningar av cancerplaner"
EARLIER_PLANS = "Cancerplan 2022–2024 > Tidigare cancerplaner"
VAST_SECTION = (
    "Regional utvecklingsplan för Västra sjukvårdsregionen"
    " > Utvärdering av genomslaget av den regionala utvecklingsplanen"
)
SOS_URL = (
    "https://www.socialstyrelsen.se/globalassets/sharepoint-dokument/artikelkatalog/ovrigt/"
    "2023-9-8752.pdf"
)
MIRROR_CSV = Path(__file__).resolve().parent.parent / "mirror" / "expected_documents.csv"


def fields(result):
    return (result.doc_type, result.period_start, result.period_end, result.year)


# -- clean_title -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("link_text", "title"),
    [
        (
            "Cancerplan för norra sjukvårdsregionen 2022–2024 (pdf, öppnas i nytt fönster)",
            "Cancerplan för norra sjukvårdsregionen 2022–2024",
        ),
        ("Konceptkartor (pdf)", "Konceptkartor"),
        ("Processplan Lungcancer (pdf, nytt fönster)", "Processplan Lungcancer"),
        ("Årsrapport 2023 (PDF, 2,4 MB)", "Årsrapport 2023"),
        ("Handlingsplan (öppnas i nytt fönster)", "Handlingsplan"),
        ("Bilaga 2, pdf", "Bilaga 2"),
        # A parenthesis inside the title stays.
        (
            "Uppföljning (2023) Sjukvårdsregional cancerplan 2022-2024",
            "Uppföljning (2023) Sjukvårdsregional cancerplan 2022-2024",
        ),
        (
            "  Regional\u00a0cancerplan \n Stockholm Gotland  ",
            "Regional cancerplan Stockholm Gotland",
        ),
    ],
)
def test_clean_title_strips_file_suffixes_and_spaces(link_text, title):
    assert clean_title(link_text) == title


# -- periods and years -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("Cancerplan 2022–2024", (2022, 2024)),
        ("Sjukvårdsregional cancerplan 2022-2024", (2022, 2024)),
        ("Sjukvårdsregional cancerplan 2019—2021", (2019, 2021)),
        ("Regional cancerplan för Sydöstra sjukvårdsregionen 2016-19", (2016, 2019)),
        ("Regional utvecklingsplan för cancervården 20162018", (2016, 2018)),
        ("Cancerplanen för 2020–2023 har tagits fram", (2020, 2023)),
        ("Regional utvecklingsplan för cancerområdet RCC 2013–2015 rev 2014", (2013, 2015)),
        ("cancerplansyd_23-25", (2023, 2025)),
        ("cancerplan-2022-2024-1", (2022, 2024)),
        ("handlingsplan_2020_2023", (2020, 2023)),
        ("gäller från och med 2022 till och med 2024", (2022, 2024)),
        ("plan 2022 – 2024", (2022, 2024)),
    ],
)
def test_parse_period_reads_every_spelling(text, period):
    assert parse_period(text) == period


@pytest.mark.parametrize(
    "text",
    [
        "Cancerplan 2025",  # a lone year is not a range: classify decides what it is
        "2023-9-8752",  # an art.nr
        "Publicerad: 2023-10-04",  # a date
        "Uppdaterad 2011-12-01",  # a date whose month looks like a short end year
        "sid 12-15",  # a page range in prose
        "20230915",  # a glued date, not two years
        "1850-1860",  # implausible years
        "2010-2030",  # a span no plan has
        "2024-2022",  # backwards
    ],
)
def test_parse_period_rejects_what_is_not_a_period(text):
    assert parse_period(text) == (None, None)


def test_single_years_skip_periods_art_numbers_and_page_counts():
    text = "Uppföljning (2023) av plan 2022-2024, art.nr 2021-2-2034, 2040 sidor, dnr 2019/0123"
    assert single_years(text) == [2023]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Artikelnummer: 2023-9-8752|Publicerad: 2023-10-04", ("artnr", 2023)),
        ("Publicerad: 2021-10-14", ("publicerad", 2021)),
        ("Uppföljning för 2023 av cancerplanen", ("uppfoljning", 2023)),
        ("uppfoljning-2021", ("uppfoljning", 2021)),
        ("Årsrapport 2022", ("arsrapport", 2022)),
        ("Uppföljning av cancerplan 2022-2024", None),
    ],
)
def test_keyword_year_needs_a_keyword(text, found):
    assert keyword_year(text) == found


# -- one test per type rule ------------------------------------------------------------

TYPE_RULE_CASES = [
    ("analys", "Analys av utvecklingen vid regionala cancercentrum", "analys"),
    ("analys", "Uppföljning och analys av regionala cancercentrum 2021", "analys"),
    ("artikelkatalog", "/globalassets/artikelkatalog/ovrigt/2023-9-8752.pdf", "analys"),
    ("bilaga", "Bilaga 3 Indikatorer och målvärden", "bilaga"),
    ("uppfoljning", "Uppföljning regional cancerplan 2024–2027 år 2024", "uppfoljning"),
    ("processplan", "Processplan Sarkom", "processplan"),
    ("handlingsplan", "Handlingsplan för cancervården i sydöst 2020–2023", "handlingsplan"),
    ("konceptkarta", "Konceptkartor", "annat"),
    (
        "regeringen",
        "Långsiktig inriktning för det nationella arbetet med cancervården, Regeringskansliet",
        "annat",
    ),
    ("rapport", "Årsrapport RCC Syd 2023", "rapport"),
    ("cancerplan", "Sjukvårdsregional cancerplan 2024–2027", "cancerplan"),
    ("utvecklingsplan", "Regional utvecklingsplan för cancervården i norra regionen", "cancerplan"),
    ("vagen-framat", "Vägen framåt – RCC:s gemensamma inriktning", "cancerplan"),
    ("en-annu-battre", "En ännu bättre cancervård", "cancerplan"),
]


@pytest.mark.parametrize(("rule", "label", "doc_type"), TYPE_RULE_CASES)
def test_each_type_rule_decides_from_the_label(rule, label, doc_type):
    result = classify(label, "", "", "")
    assert result.doc_type == doc_type
    assert result.evidence[0] == f"label:{rule}"


def test_every_type_rule_has_a_case():
    assert {rule.name for rule in TYPE_RULES} == {case[0] for case in TYPE_RULE_CASES}


def test_host_rule_makes_a_socialstyrelsen_file_an_analysis():
    url = "https://www.socialstyrelsen.se/contentassets/e2a6c0d4/2021-10-7591.pdf"
    result = classify("Öppna publikation", "", url, "")
    assert [rule.name for rule in HOST_RULES] == ["socialstyrelsen"]
    assert fields(result) == ("analys", None, None, 2021)
    assert result.evidence[0] == "host:socialstyrelsen"
    assert result.national and result.region_hint is None


def test_a_label_without_a_rule_is_annat():
    result = classify("Vill du veta mer", "", "https://cancercentrum.se/x/dokument.pdf", "")
    assert result.doc_type == "annat"
    assert result.evidence == ("default:annat",)


@pytest.mark.parametrize("label", ["Öppna publikation", "Ladda ner", "Läs mer", "pdf"])
def test_a_generic_label_is_no_diagnosis(label):
    result = classify(label, "Processplaner", "", "")
    assert (result.doc_type, result.diagnosis) == ("processplan", None)


# -- signal order ----------------------------------------------------------------------


def test_section_decides_when_the_label_names_no_kind():
    result = classify("Lungcancer", "Processplaner", "", "")
    assert (result.doc_type, result.diagnosis) == ("processplan", "Lungcancer")
    assert result.evidence == ("section:processplan", "diagnosis:label-whole")


def test_a_diagnosis_label_is_kept_as_written_before_the_url_slug():
    url = "https://cancercentrum.se/a/processplan-huvud-och-halscancer.pdf"
    result = classify("Huvud- och halscancer (pdf)", "", url, "")
    assert (result.doc_type, result.diagnosis) == ("processplan", "Huvud- och halscancer")
    assert result.evidence == ("url:processplan", "diagnosis:label-whole")


def test_deepest_heading_decides_before_its_ancestors():
    result = classify("Läs mer", "Cancerplan 2022–2024 > Uppföljning av cancerplan", "", "")
    assert result.doc_type == "uppfoljning"


def test_url_slug_decides_after_label_and_section():
    result = classify("Ladda ner", "", "https://cancercentrum.se/a/uppfoljning-2021.pdf", "")
    assert fields(result) == ("uppfoljning", None, None, 2021)
    assert result.evidence[0] == "url:uppfoljning"


def test_percent_encoded_file_name_is_read_as_words():
    url = (
        "https://cancercentrum.se/download/18.4f1c/1718000000817/"
        "Handlingsplan%20%C3%96stra%20h%C3%A4lso-%20och%20sjukv%C3%A5rdsn%C3%A4mnden%202024.pdf"
    )
    result = classify("Ladda ner", "", url, "")
    assert fields(result) == ("handlingsplan", None, None, 2024)
    assert result.evidence == ("url:handlingsplan", "year:url")


def test_first_page_decides_last():
    page = "RCC Norr\nUppföljning för 2023 av Cancerplan för norra sjukvårdsregionen 2022–2024\n"
    result = classify("Öppna publikation", "", "https://cancercentrum.se/download/18.1/x.pdf", page)
    assert fields(result) == ("uppfoljning", 2022, 2024, 2023)
    assert result.evidence == ("page1:uppfoljning", "period:page1", "year:page1-uppfoljning")
    assert (result.region_hint, result.region_source) == ("norr", "page1")


def test_first_page_years_need_a_keyword():
    page = "Processplan\nBröstcancer\nAntal fall 2019 ökade till 2 000."
    result = classify("dokument.pdf", "", "", page)
    assert (result.doc_type, result.year) == ("processplan", None)


def test_bare_file_name_label_is_read_as_words():
    result = classify("processplan_huvud-och-halscancer.pdf", "", "", "")
    assert (result.doc_type, result.diagnosis) == ("processplan", "huvud och halscancer")
    assert result.evidence[0] == "label-file:processplan"


def test_a_lone_plan_year_is_its_period_and_not_its_year():
    assert fields(classify("Cancerplan 2025", "", "", "")) == ("cancerplan", 2025, 2025, None)


def test_a_lone_year_of_an_action_plan_is_its_year_within_the_section_period():
    result = classify("Handlingsplan 2024", "Sjukvårdsregional cancerplan 2024–2027", "", "")
    assert fields(result) == ("handlingsplan", 2024, 2027, 2024)


# -- the real labels of the seed pages -------------------------------------------------

NORR_PROCESS_PLANS = [
    "Barnonkologi",
    "Blodcancer",
    "Bröstcancer",
    "Cancerrehabilitering",
    "Cancer utan känd primärtumör, CUP",
    "GEP-NET-NEC",
    "Gynekologisk cancer",
    "Hudmelanom",
    "Huvud- och halscancer",
    "Livmoderhalscancerprevention",
    "Lungcancer",
    "Mammografi",
    "Matstrupe och magsäck",
    "Njurcancer",
    "Palliativ vård",
    "Prostatacancer",
    "Sarkom",
    "Sköldkörtelcancer",
    "Testikelcancer",
    "Tjock- och ändtarmscancer",
    "Urinblåsa och urinvägar",
]


def test_norr_lists_21_process_plans():
    assert len(set(NORR_PROCESS_PLANS)) == 21


@pytest.mark.parametrize("diagnosis", NORR_PROCESS_PLANS)
def test_norr_process_plan(diagnosis):
    result = classify(f"Processplan {diagnosis}", NORR_SECTION, "", "")
    assert fields(result) == ("processplan", 2022, 2024, None)
    assert result.diagnosis == diagnosis


@pytest.mark.parametrize(
    ("label", "year", "period"),
    [
        ("Uppföljning (2023) Sjukvårdsregional cancerplan 2022-2024", 2023, (2022, 2024)),
        ("Uppföljning (2022) Sjukvårdsregional cancerplan 2022-2024", 2022, (2022, 2024)),
        ("Uppföljning (2021) Sjukvårdsregional cancerplan 2019–2021", 2021, (2019, 2021)),
        ("Uppföljning (2020) Sjukvårdsregional cancerplan 2019–2021", 2020, (2019, 2021)),
        ("Uppföljning (2019) Sjukvårdsregional cancerplan 2019—2021", 2019, (2019, 2021)),
        (
            "Uppföljning (2018) Regional utvecklingsplan för cancervården 20162018",
            2018,
            (2016, 2018),
        ),
        (
            "Uppföljning (2017) Regional utvecklingsplan för cancervården 2016–2018",
            2017,
            (2016, 2018),
        ),
    ],
)
def test_norr_earlier_follow_up(label, year, period):
    result = classify(label, EARLIER_FOLLOW_UPS, "", "")
    assert fields(result) == ("uppfoljning", *period, year)
    assert result.evidence[:2] == ("label:uppfoljning", "period:label")


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        (
            "Regional cancerplan för norra sjukvårdsregionen 2019–2021",
            ("cancerplan", 2019, 2021, None),
        ),
        (
            "Regional utvecklingsplan för cancervården i norra regionen 2016–2018",
            ("cancerplan", 2016, 2018, None),
        ),
        ("Bilaga 1 Målnivåer till utvecklingsplan 2016–2018", ("bilaga", 2016, 2018, None)),
        (
            "Regional utvecklingsplan för cancerområdet RCC 2013–2015 rev 2014",
            ("cancerplan", 2013, 2015, 2014),
        ),
    ],
)
def test_norr_earlier_plan(label, expected):
    assert fields(classify(label, EARLIER_PLANS, "", "")) == expected


def test_norr_current_plan():
    label = "Cancerplan för norra sjukvårdsregionen 2022–2024 (pdf, öppnas i nytt fönster)"
    result = classify(label, "Cancerplan 2022–2024", "", "")
    assert fields(result) == ("cancerplan", 2022, 2024, None)
    assert (result.region_hint, result.region_source) == ("norr", "title")


def test_norr_follow_up_takes_its_period_from_the_section():
    label = "Uppföljning för 2023 av cancerplanen för norra sjukvårdsregionen (pdf, öppnas i nytt fönster)"
    section = "Cancerplan 2022–2024 > Uppföljning av cancerplan 2022-2024"
    result = classify(label, section, "", "")
    assert fields(result) == ("uppfoljning", 2022, 2024, 2023)
    assert result.evidence == ("label:uppfoljning", "period:section", "year:label-uppfoljning")


def test_syd_plan_and_its_short_file_name():
    label = "Cancerplan för Södra sjukvårdsregionen 2023-2025"
    result = classify(label, "Regional cancerplan Södra sjukvårdsregionen", "", "")
    assert fields(result) == ("cancerplan", 2023, 2025, None)
    assert result.region_hint == "syd"
    url = "https://cancercentrum.se/globalassets/syd/cancerplansyd_23-25.pdf"
    assert fields(classify("Ladda ner", "", url, "")) == ("cancerplan", 2023, 2025, None)


def test_sydost_vagen_framat():
    label = "Vägen Framåt RCC Sydöst, Regional utvecklingsplan för cancervården i sydöst 2024-2026 (pdf)"
    result = classify(label, "", "", "")
    assert fields(result) == ("cancerplan", 2024, 2026, None)
    assert result.region_hint == "sydost"


def test_sydost_earlier_plan_with_a_short_end_year():
    label = "Regional cancerplan för Sydöstra sjukvårdsregionen 2016-19"
    assert fields(classify(label, "", "", "")) == ("cancerplan", 2016, 2019, None)


def test_vast_project_report():
    label = (
        'Projektrapporten "Utvärdering av genomslaget av den regionala cancerplanen i västra '
        'sjukvårdsregionen med Concept Mapping" (pdf)'
    )
    result = classify(label, VAST_SECTION, "", "")
    assert fields(result) == ("rapport", None, None, None)
    assert result.region_hint == "vast"


def test_vast_concept_maps():
    assert fields(classify("Konceptkartor (pdf)", VAST_SECTION, "", "")) == (
        "annat",
        None,
        None,
        None,
    )


def test_socialstyrelsen_open_publication():
    section = "Förslag på hur regionala cancercentrum kan utvecklas > Läs mer i vår analys"
    result = classify("Öppna publikation", section, SOS_URL, "")
    assert fields(result) == ("analys", None, None, 2023)
    assert result.evidence == ("urldir:artikelkatalog", "year:url-artnr")
    assert result.national and result.region_hint is None


def test_socialstyrelsen_publication_titled_by_its_section():
    section = "Läs mer i vår analys > Analys av utvecklingen vid regionala cancercentrum"
    result = classify("Öppna publikation", section, "", "")
    assert (result.doc_type, result.evidence[0]) == ("analys", "section:analys")


# -- the catalogue pass ----------------------------------------------------------------


@pytest.fixture
def catalogue(tmp_path):
    db = open_db(str(tmp_path / "archive.db"))
    rows = [
        {
            "id": 1,
            "url": "https://cancercentrum.se/globalassets/cancerplaner/norr/processplan-sarkom.pdf",
            "link_text": "Processplan Sarkom",
            "title": "Processplan Sarkom",
            "section": NORR_SECTION,
            "found_on": "https://cancercentrum.se/norr/cancerplan/",
            "region": "norr",
        },
        {
            "id": 2,
            "url": "https://cancercentrum.se/download/18.1/1700000000000/dokument.pdf",
            "link_text": "dokument.pdf",
            "title": "dokument.pdf",
            "section": "",
            "found_on": "https://cancercentrum.se/",
            "region": None,
            "sha256": "a" * 64,
        },
        {
            "id": 3,
            "url": SOS_URL,
            "link_text": "Öppna publikation",
            "title": "Öppna publikation",
            "section": "Förslag på hur regionala cancercentrum kan utvecklas",
            "found_on": "https://www.socialstyrelsen.se/om-socialstyrelsen/pressrum/",
            "region": None,
        },
        {
            "id": 4,
            "url": "https://cancercentrum.se/globalassets/cancerplaner/syd/cancerplan.pdf",
            "link_text": "Cancerplan för Södra sjukvårdsregionen 2023-2025",
            "title": "Cancerplan för Södra sjukvårdsregionen 2023-2025",
            "section": "Cancerplan Mellansverige",
            "found_on": "https://cancercentrum.se/samverkan/strategisk-utvecklingsplan/",
            "region": "mellansverige",
        },
        {
            "id": 5,
            "url": "https://cancercentrum.se/globalassets/cancerplaner/syd/regional-cancerplan-2019-2022.pdf",
            "link_text": "Regional cancerplan för Södra sjukvårdsregionen 2019–2022",
            "title": "Regional cancerplan för Södra sjukvårdsregionen 2019–2022",
            "section": "Tidigare cancerplaner",
            "found_on": "https://cancercentrum.se/syd/cancerplan/",
            "region": "norr",
        },
    ]
    db.table("documents").insert_all(rows)
    db.table("files").insert({"sha256": "a" * 64, "page_count": 2, "extract_status": "ok"})
    cover = "RCC Norr\nUppföljning för 2023 av Cancerplan för norra sjukvårdsregionen 2022–2024"
    db.table("pdf_pages").insert_all(
        [
            {"sha256": "a" * 64, "page_number": 1, "text": cover},
            {"sha256": "a" * 64, "page_number": 2, "text": "Handlingsplan 2019"},
        ]
    )
    return db


def columns(db, doc_id):
    row = db.table("documents").get(doc_id)
    keys = ("doc_type", "period_start", "period_end", "year", "diagnosis", "region")
    return tuple(row[key] for key in keys), row["classified_by"]


def test_classify_documents_fills_the_columns(catalogue):
    assert classify_documents(catalogue) == 5
    assert columns(catalogue, 1) == (
        ("processplan", 2022, 2024, None, "Sarkom", "norr"),
        "label:processplan; period:section; diagnosis:label",
    )
    assert columns(catalogue, 2) == (
        ("uppfoljning", 2022, 2024, 2023, None, None),
        "page1:uppfoljning; period:page1; year:page1-uppfoljning; region?:norr",
    )
    assert columns(catalogue, 3) == (
        ("analys", None, None, 2023, None, None),
        "urldir:artikelkatalog; year:url-artnr",
    )


def test_classify_documents_keeps_the_crawler_region_and_notes_a_conflict(catalogue):
    classify_documents(catalogue)
    # Found on a national page: a named region is no conflict.
    assert columns(catalogue, 4) == (
        ("cancerplan", 2023, 2025, None, None, "mellansverige"),
        "label:cancerplan; period:label",
    )
    assert columns(catalogue, 5) == (
        ("cancerplan", 2019, 2022, None, None, "norr"),
        "label:cancerplan; period:label; region-conflict:title=syd",
    )


def test_classify_documents_second_run_changes_nothing(catalogue):
    classify_documents(catalogue)
    assert classify_documents(catalogue) == 0


def test_classify_documents_only_ids(catalogue):
    assert classify_documents(catalogue, only_ids=[3, 1]) == 2
    assert catalogue.table("documents").get(2)["doc_type"] is None
    assert classify_documents(catalogue, only_ids=[]) == 0


def test_classify_documents_follows_a_new_first_page(catalogue):
    classify_documents(catalogue)
    catalogue.table("files").insert({"sha256": "b" * 64, "extract_status": "ok"})
    catalogue.table("pdf_pages").insert(
        {"sha256": "b" * 64, "page_number": 1, "text": "Årsrapport 2024\nRCC Syd"}
    )
    catalogue.table("documents").update(2, {"sha256": "b" * 64})
    assert classify_documents(catalogue) == 1
    assert columns(catalogue, 2) == (
        ("rapport", None, None, 2024, None, None),
        "page1:rapport; year:page1-arsrapport; region?:syd",
    )


@pytest.fixture
def classified_ids(monkeypatch) -> list[str]:
    """The links of the documents each classify_documents call classifies, as they go."""
    seen: list[str] = []
    real = classify_store.classify

    def counting(label, section, url, first_page):
        seen.append(label)
        return real(label, section, url, first_page)

    monkeypatch.setattr(classify_store, "classify", counting)
    return seen


def test_classify_documents_again_classifies_only_what_changed(catalogue, classified_ids):
    classify_documents(catalogue)
    assert len(classified_ids) == 5
    classified_ids.clear()
    classify_documents(catalogue)
    assert classified_ids == []  # an update that found nothing new
    catalogue.table("documents").update(4, {"link_text": "Handlingsplan 2024"})
    assert classify_documents(catalogue) == 1
    assert classified_ids == ["Handlingsplan 2024"]
    assert columns(catalogue, 4)[0][0] == "handlingsplan"


def test_classify_documents_follows_a_file_extracted_again(catalogue, classified_ids):
    classify_documents(catalogue)
    classified_ids.clear()
    catalogue.execute("update pdf_pages set text = 'Årsrapport 2024' where page_number = 1")
    catalogue.table("files").update("a" * 64, {"extracted_at": "2030-01-01T00:00:00Z"})
    assert classify_documents(catalogue) == 1
    assert len(classified_ids) == 1
    assert columns(catalogue, 2)[0][:4] == ("rapport", None, None, 2024)


def test_classify_documents_classifies_everything_when_the_rules_change(
    catalogue, classified_ids, monkeypatch
):
    classify_documents(catalogue)
    classified_ids.clear()
    monkeypatch.setattr(classify_store, "rules_fingerprint", lambda: "other rules")
    classify_documents(catalogue)
    assert len(classified_ids) == 5


def test_the_rules_fingerprint_covers_the_rule_modules():
    assert len(classify_store.rules_fingerprint()) == 16
    assert classify_store.rules_fingerprint() == classify_store.rules_fingerprint()


# -- the mirror's hand-written expectations --------------------------------------------

# Rows where the CSV and the rules disagree; reported to the lead, not bent here.
# Rows where this classifier and the hand-written table disagree: none. (The table once
# had "Konceptkartor" as a bilaga and a lone plan year as no period; the rules
# — annat, and period 2015–2015 — were adopted in the table.)
CSV_DISAGREEMENTS: dict = {}


def _expected(value):
    value = value.strip()
    return int(value) if value.isdigit() else (value or None)


@pytest.mark.skipif(not MIRROR_CSV.exists(), reason="mirror/expected_documents.csv not built")
def test_mirror_expectations_from_label_section_and_url():
    with MIRROR_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) > 50
    keys = ("doc_type", "period_start", "period_end", "year", "diagnosis")
    differences = {}
    for row in rows:
        result = classify(row["link_text"], row["section"], row["url"], "")
        got = (result.doc_type, result.period_start, result.period_end, result.year)
        got += (result.diagnosis,)
        want = tuple(_expected(row[key]) for key in keys)
        if got != want:
            differences[row["url"]] = (want, got)
    assert differences == CSV_DISAGREEMENTS
