"""Links, titles, sections and dates on today's pages: SiteVision and Socialstyrelsen's React.

Reads the saved-style pages under ``tests/fixtures/html/`` (one per markup variant, built
from ``shared/sitevision.md``); writes nothing. Each test parses a page as the spider
does and asserts what the archive would record for its links.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rcc_archive.archive.titles import clean_title
from rcc_archive.scraper.links import FoundLink, is_folder_link, is_plan_link, scan_links
from rcc_archive.scraper.pagemeta import parse_html, parse_page_meta
from rcc_archive.scraper.publications import publication_document
from rcc_archive.scraper.spiders.socialstyrelsen import SocialstyrelsenSpider

FIXTURES = Path(__file__).parent / "fixtures" / "html"
CC = "https://cancercentrum.se"
SOS = "https://www.socialstyrelsen.se"


def links_of(name: str, url: str) -> list[FoundLink]:
    root = parse_html((FIXTURES / name).read_text(encoding="utf-8"))
    scan = scan_links(root, url)
    assert scan.notes == []
    return scan.links


def documents(links: list[FoundLink]) -> dict[str, FoundLink]:
    return {link.url: link for link in links if link.is_document}


def test_file_portlet_titles_drop_the_assistive_text_and_keep_their_sections():
    links = links_of("sv_file_portlet.html", f"{CC}/norr/om-rcc-norr/regional-cancerplan/")
    docs = documents(links)
    assert [(d.title, d.section, d.region) for d in docs.values()] == [
        ("Cancerplan Norra sjukvårdsregionen 2025–2027", "Cancerplan 2025–2027", "norr"),
        ("Bilaga 1 Indikatorer", "Cancerplan 2025–2027", "norr"),
        ("Uppföljning 2024", "Uppföljning", "norr"),
    ]
    plan = next(iter(docs.values()))
    # The label as a sighted reader sees it: the file name, no screen-reader text.
    assert plan.text == "Cancerplan Norra sjukvårdsregionen 2025–2027.pdf"
    assert plan.url == (
        f"{CC}/download/18.6e1f3b2a18c0d4e5f6a7c001/1736412345678/"
        "Cancerplan%20Norra%20sjukv%C3%A5rdsregionen%202025%E2%80%932027.pdf"
    )
    assert all("kB" not in d.title and "Pdf" not in d.title for d in docs.values())


def test_a_text_link_drops_its_icon_and_new_window_text():
    links = links_of("sv_text_link_external.html", f"{CC}/syd/om-rcc-syd/handlingsplaner/")
    (doc,) = documents(links).values()
    assert doc.text == "Handlingsplan Region Skåne 2025"
    assert doc.title == "Handlingsplan Region Skåne 2025"
    assert doc.section == "Handlingsplan 2025"
    external = next(link for link in links if "skane.se" in link.url)
    assert external.text == "Region Skånes webbplats" and not external.allowed


@pytest.mark.parametrize(
    ("label", "title"),
    [
        ("Cancerplan 2025.pdf Pdf, 97.3 kB.", "Cancerplan 2025"),
        ("Handlingsplan Skåne Pdf, 249.1 kB, öppnas i nytt fönster.", "Handlingsplan Skåne"),
        ("Bilaga 1 Indikatorer.xlsx Xlsx, 31 kB.", "Bilaga 1 Indikatorer"),
        ("Region Skånes webbplats, öppnas i nytt fönster.", "Region Skånes webbplats"),
        # A bare file name is an identifier and keeps its extension.
        ("2023-9-8752.pdf", "2023-9-8752.pdf"),
    ],
)
def test_assistive_suffixes_in_text_form_are_cleaned(label, title):
    assert clean_title(label) == title


def test_a_file_share_portlet_lists_its_files_only_in_json():
    page = f"{CC}/mellansverige/om-rcc-mellansverige/regional-cancerplan/"
    links = links_of("sv_file_share_json.html", page)
    docs = documents(links)
    assert [(d.title, d.via, d.section, d.region) for d in docs.values()] == [
        (
            "Regional cancerplan Mellansverige 2025–2027",
            "json",
            "Planen och bilagor",
            "mellansverige",
        ),
        ("Bilaga 2 Indikatorer", "json", "Planen och bilagor", "mellansverige"),
    ]
    # "uri" (sv:file:…) is not a web address; "url" is, once per file.
    assert len([link for link in links if "18.5d1e2f3a18f2b3c4d5e6f801" in link.url]) == 1
    folders = [link for link in links if is_folder_link(link.url)]
    assert {link.url for link in folders} == {
        f"{page}?folder=19.5d1e2f3a18f2b3c4d5e6f710&sv.url=12.5d1e2f3a18f2b3c4d5e6f720"
    }
    assert {link.text for link in folders} == {"Tidigare uppföljningar"}


def test_a_folder_page_gives_its_files_under_the_folder_heading():
    page = (
        f"{CC}/mellansverige/om-rcc-mellansverige/regional-cancerplan/"
        "?folder=19.5d1e2f3a18f2b3c4d5e6f710&sv.url=12.5d1e2f3a18f2b3c4d5e6f720"
    )
    (doc,) = documents(links_of("sv_folder_page.html", page)).values()
    assert doc.title == "Uppföljning cancerplan Mellansverige 2024"
    # The heading's portlet holds a "Tillbaka" link, not documents: its heading carries over.
    assert doc.section == "Tidigare uppföljningar"
    assert doc.region == "mellansverige"


def test_an_id_style_page_resolves_relative_links_from_its_own_name():
    page = f"{CC}/sydost/om-rcc-sydost/regional-cancerplan-2026-2028.4.3c5e7a9b18f1d2e3a4b5c6d.html"
    links = links_of("sv_id_style_page.html", page)
    (doc,) = documents(links).values()
    assert doc.url.startswith(f"{CC}/download/18.3c5e7a9b18f1d2e3a4b5c09/1738000000000/")
    assert (doc.title, doc.section, doc.region) == (
        "Remiss cancerplan Sydöst 2026–2028",
        "Remissversion",
        "sydost",
    )
    earlier = next(link for link in links if link.text == "Regional cancerplan 2022–2025")
    assert earlier.url == (
        f"{CC}/sydost/om-rcc-sydost/regional-cancerplan-2022-2025.4.3c5e7a9b18f1d2e3a4b5c6e.html"
    )
    assert is_plan_link(earlier) and not earlier.is_document


def test_a_react_publication_list_gives_its_publication_pages_with_article_numbers():
    links = links_of(
        "sos_publication_list.html", f"{SOS}/publikationer/publikationer-om-cancervard/"
    )
    json_links = [link for link in links if link.via == "json"]
    by_number = {link.article_number: link for link in json_links if link.article_number}
    assert set(by_number) == {"2025-9-9654", "2021-10-7591", "2021-4-7339"}
    analysis = by_number["2025-9-9654"]
    assert analysis.url == (
        f"{SOS}/publikationer/analys-av-utvecklingen-vid-regionala-cancercentrum-2025-9-9654/"
    )
    assert analysis.text == "Analys av utvecklingen vid regionala cancercentrum 2025"
    assert not analysis.is_document
    # Only cancer-care publications are in scope.
    spider = SocialstyrelsenSpider()
    followed = {link.article_number for link in json_links if spider.wants_page(link)}
    assert followed == {"2025-9-9654", "2021-10-7591"}


def test_a_publication_page_gives_its_main_document_article_number_and_date():
    page = f"{SOS}/publikationer/analys-av-utvecklingen-vid-regionala-cancercentrum-2025-9-9654/"
    root = parse_html((FIXTURES / "sos_publication_page.html").read_text(encoding="utf-8"))
    (doc,) = documents(scan_links(root, page).links).values()
    assert doc.url == f"{SOS}/contentassets/7d2e4f6a8b0c41d3a5e7f9b1c3d5e7f9/2025-9-9654.pdf"
    assert doc.title == "Analys av utvecklingen vid regionala cancercentrum 2025"  # not "Öppna …"
    assert doc.article_number == "2025-9-9654"
    # The page's own date, not the related publication's further down.
    assert parse_page_meta(root).published == "2025-09-30"
    old = f"{SOS}/globalassets/sharepoint-dokument/artikelkatalog/ovrigt/2025-9-9654.pdf"
    main = publication_document(root, page, old)
    assert main is not None and main.article_number == "2025-9-9654"
    assert main.url == doc.url


def test_generic_inline_state_and_json_blocks_give_links_with_their_names():
    links = links_of("state_scripts.html", f"{CC}/vast/om-rcc-vast/cancerplaner/")
    docs = documents(links)
    assert [(d.title, d.section) for d in docs.values()] == [
        ("Uppföljning 2024", ""),  # application/json in <head>: no section
        ("Regional cancerplan Väst 2024–2027", "Gällande plan"),
        ("Handlingsplan Halland", "Gällande plan"),
    ]
    # "Dokument/Planer" is a path word, not a link; the broken script gives nothing.
    assert not any(link.url.endswith("/x.pdf") or "Dokument" in link.url for link in links)


def test_the_spider_hands_the_article_number_on_with_the_document_link():
    from scrapy import Request
    from scrapy.http import HtmlResponse
    from scrapy.utils.test import get_crawler

    from rcc_archive.scraper.items import LinkItem

    crawler = get_crawler(SocialstyrelsenSpider)
    spider = SocialstyrelsenSpider.from_crawler(crawler)
    page = f"{SOS}/publikationer/analys-av-utvecklingen-vid-regionala-cancercentrum-2025-9-9654/"
    body = (FIXTURES / "sos_publication_page.html").read_bytes()
    response = HtmlResponse(page, body=body, encoding="utf-8", request=Request(page))
    (item,) = [item for item in spider.parse(response) if isinstance(item, LinkItem)]
    assert item.link.article_number == "2025-9-9654"
    assert item.link.title == "Analys av utvecklingen vid regionala cancercentrum 2025"
