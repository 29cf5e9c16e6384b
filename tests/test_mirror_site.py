"""The bundled offline mirror: generated deterministically, complete, linked as the table says.

Reads mirror/site, mirror/expected_documents.csv and mirror/expected_excluded.csv; builds a
fresh copy under tmp_path and serves copies on 127.0.0.1. The hand-written CSV is checked
against the HTML and the files, so neither can drift from the other.
"""

from __future__ import annotations

import csv
import http.client
import io
import os
import re
import shutil
import time
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import pdfplumber
import pytest
from w3lib.url import canonicalize_url

from archive.sniff import PDF, XLSX, sniff_type
from mirror import SITE_DIR
from mirror.build import build_site
from mirror.server import MirrorServer, serve_mirror

MIRROR = Path(__file__).resolve().parent.parent / "mirror"
HOSTS = {"cancercentrum.se", "www.socialstyrelsen.se"}
TAB_REGIONS = {
    "Mellansverige": "mellansverige",
    "Norr": "norr",
    "Stockholm Gotland": "stockholm-gotland",
    "Syd": "syd",
    "Sydöst": "sydost",
    "Väst": "vast",
}
FOLDER_REGIONS = {
    **{slug: slug for slug in TAB_REGIONS.values()},
    "uppsala-orebro": "mellansverige",
}
LABELS = ("(pdf, öppnas i nytt fönster)", "(pdf, nytt fönster)", "(pdf)", "(xlsx)")
LINK_FORMS = {
    "root-relative",
    "absolute",
    "absolute-www",
    "absolute-http",
    "page-relative",
    "contentassets",
    "download",
}
# Non-plan pages that are linked but deliberately absent (a 404 is realistic there).
MISSING_OK = {"patient-och-narstaende", "vardprogram", "utbildning", "kontakt", "om-webbplatsen",
              "kunskapsstod-och-regler", "statistik-och-data", "om-socialstyrelsen"}  # fmt: skip


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(MIRROR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


EXPECTED = _read_csv("expected_documents.csv")
EXCLUDED = _read_csv("expected_excluded.csv")


def canonical(url: str) -> str:
    """The URL as the crawler records it: https, cancercentrum.se without www, canonical."""
    parts = urlsplit(url)
    host = "cancercentrum.se" if parts.hostname == "www.cancercentrum.se" else parts.hostname
    scheme = "https" if host in HOSTS else parts.scheme
    return canonicalize_url(urlunsplit((scheme, host, parts.path, parts.query, "")))


def site_file(url: str, root: Path = SITE_DIR) -> Path:
    """The file ``wget --mirror`` would have written for a real URL."""
    parts = urlsplit(canonical(url))
    path = unquote(parts.path)
    return root / parts.hostname / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))


class Page(HTMLParser):
    """Collects links with their text, heading path and regional tab, plus src/href/ids."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[dict] = []
        self.references: list[str] = []
        self.ids: set[str] = set()
        self.h1 = ""
        self._headings: list[tuple[int, str]] = []
        self._capture: list[str] | None = None
        self._heading_level = 0
        self._tab = ""
        self._anchor: dict | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key: value or "" for key, value in attrs}
        if "id" in attr:
            self.ids.add(attr["id"])
        if tag == "div" and "regional-content" in attr.get("class", "").split():
            self._tab, self._headings = attr["id"], []  # each region section has its own headings
        for key in ("href", "src"):
            if key in attr and tag in ("a", "img", "link"):
                self.references.append(attr[key])
        if tag == "a" and "href" in attr:
            section = " > ".join(text for _, text in self._headings)
            self._anchor = {"href": attr["href"], "text": [], "section": section, "tab": self._tab}
        if re.fullmatch(r"h[1-6]", tag):
            self._heading_level, self._capture = int(tag[1]), []

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._anchor is not None:
            self._anchor["text"] = " ".join("".join(self._anchor["text"]).split())
            self.links.append(self._anchor)
            self._anchor = None
        if re.fullmatch(r"h[1-6]", tag) and self._capture is not None:
            text = " ".join("".join(self._capture).split())
            if self._heading_level == 1:
                self.h1 = text
            else:
                self._headings = [h for h in self._headings if h[0] < self._heading_level]
                self._headings.append((self._heading_level, text))
            self._capture = None

    def handle_data(self, data: str) -> None:
        if self._anchor is not None:
            self._anchor["text"].append(data)
        if self._capture is not None:
            self._capture.append(data)


def parse(url: str) -> Page:
    return Page(site_file(url).read_text(encoding="utf-8"))


def link_form(href: str) -> str:
    for prefix, form in (("http://", "absolute-http"), ("https://www.", "absolute-www"), ("https://", "absolute"),
                         ("/contentassets/", "contentassets"), ("/download/", "download"), ("/", "root-relative")):  # fmt: skip
        if href.startswith(prefix):
            return form
    return "page-relative"


def label_of(text: str) -> str:
    return next((label for label in LABELS if text.endswith(" " + label)), "none")


def first_page_text(path: Path) -> tuple[int, str]:
    with pdfplumber.open(path) as pdf:
        return len(pdf.pages), pdf.pages[0].extract_text() or ""


def test_build_is_deterministic_and_matches_the_committed_site(tmp_path):
    started = time.monotonic()
    written = build_site(tmp_path / "site")
    assert time.monotonic() - started < 15
    fresh = {path.relative_to(tmp_path / "site").as_posix(): path.read_bytes() for path in written}
    committed = {
        p.relative_to(SITE_DIR).as_posix(): p.read_bytes()
        for p in SITE_DIR.rglob("*")
        if p.is_file()
    }
    assert sorted(fresh) == sorted(committed), "run `python -m mirror.build` and commit mirror/site"
    drifted = [name for name in fresh if fresh[name] != committed[name]]
    assert not drifted, f"committed files differ from the generator: {drifted[:5]}"
    assert sum(len(data) for data in committed.values()) < 3_000_000


def test_the_table_covers_regions_labels_link_forms_and_period_writings():
    assert len(EXPECTED) >= 60
    assert len({row["url"] for row in EXPECTED}) == len(EXPECTED)
    assert {row["region"] for row in EXPECTED} == {*TAB_REGIONS.values(), ""}
    assert {row["label_variant"] for row in EXPECTED} >= {*LABELS, "none"}
    assert {row["link_form"] for row in EXPECTED} == LINK_FORMS
    texts = " | ".join(row["link_text"] for row in EXPECTED)
    for writing in ("2022–2024", "2022-2024", "2019—2021", "20162018", "2016-19"):
        assert writing in texts, writing
    # A plan written with a single year: its period is that one year.
    assert any(
        row["period_start"] and row["period_start"] == row["period_end"]
        for row in EXPECTED
        if row["doc_type"] == "cancerplan"
    )
    for row in EXPECTED:
        assert canonicalize_url(row["url"]) == row["url"], "URL not in canonical form"
        assert urlsplit(row["url"]).hostname in HOSTS


@pytest.mark.parametrize("row", EXPECTED, ids=lambda row: row["url"].rsplit("/", 1)[-1][:48])
def test_every_expected_document_is_in_the_site_and_readable(row):
    path = site_file(row["url"])
    data = path.read_bytes()
    if path.suffix == ".xlsx":
        assert sniff_type(data) == XLSX
        with zipfile.ZipFile(io.BytesIO(data)) as workbook:
            assert workbook.testzip() is None
            assert "Indikator" in workbook.read("xl/worksheets/sheet1.xml").decode("utf-8")
        return
    assert sniff_type(data) == PDF
    pages, text = first_page_text(path)
    assert 2 <= pages <= 8
    words = [w for w in re.findall(r"[^\W\d_]+", row["title"]) if len(w) >= 4]
    missing = [w for w in words if w.casefold() not in text.casefold()]
    assert not missing, (missing, text)


@pytest.mark.parametrize("row", EXPECTED, ids=lambda row: row["url"].rsplit("/", 1)[-1][:48])
def test_every_expected_document_is_linked_as_the_table_says(row):
    page = parse(row["found_on_example"])
    matches = [
        link
        for link in page.links
        if canonical(urljoin(row["found_on_example"], link["href"])) == row["url"]
    ]
    assert matches, f"no link to {row['url']} on {row['found_on_example']}"
    link = matches[0]
    assert link["text"] == row["link_text"]
    assert link["section"] == row["section"]
    assert link_form(link["href"]) == row["link_form"]
    assert label_of(link["text"]) == row["label_variant"]
    if link["tab"]:
        tab = next(a["text"] for a in page.links if a["href"] == "#" + link["tab"])
        assert TAB_REGIONS[tab] == row["region"]
    else:
        folder = urlsplit(row["found_on_example"]).path.split("/")[1]
        assert FOLDER_REGIONS.get(folder, "") == row["region"]
    clean = link["text"].removesuffix(" " + row["label_variant"])
    assert row["title"] == clean or (
        "title from the page h1" in row["notes"] and row["title"] == page.h1
    )


def test_documents_in_the_site_are_all_in_the_table_and_only_declared_copies_share_bytes():
    listed = {site_file(row["url"]) for row in EXPECTED + EXCLUDED}
    unlisted = [p for p in SITE_DIR.rglob("*") if p.suffix in (".pdf", ".xlsx") and p not in listed]
    assert not unlisted, unlisted
    by_bytes: dict[bytes, set[str]] = {}
    for row in EXPECTED:
        by_bytes.setdefault(site_file(row["url"]).read_bytes(), set()).add(row["url"])
    shared = {frozenset(urls) for urls in by_bytes.values() if len(urls) > 1}
    declared = {
        frozenset({row["url"], "https://cancercentrum.se" + match.group(1)})
        for row in EXPECTED
        if (match := re.search(r"same bytes as (/\S+\.pdf)", row["notes"]))
    }
    assert shared and shared == declared


def test_every_reference_in_every_page_resolves():
    excluded = {canonical(row["url"]) for row in EXCLUDED}
    broken, missing_used = [], set()
    for html_file in SITE_DIR.rglob("*.html"):
        host, *rest = html_file.relative_to(SITE_DIR).parts
        page_url = f"https://{host}/" + "/".join(rest).removesuffix("index.html")
        page = Page(html_file.read_text(encoding="utf-8"))
        for ref in page.references:
            if ref.startswith("mailto:"):
                continue
            if ref.startswith("#"):
                assert ref[1:] in page.ids, (page_url, ref)
                continue
            url = canonical(urljoin(page_url, ref))
            if url in excluded:
                continue
            parts = urlsplit(url)
            if parts.hostname not in HOSTS:
                broken.append((page_url, ref, "off-site link not listed in expected_excluded.csv"))
            elif not site_file(url).is_file():
                if set(parts.path.split("/")) & MISSING_OK and parts.path.endswith("/"):
                    missing_used.add(parts.path)
                else:
                    broken.append((page_url, ref, "no such file"))
    assert not broken, broken[:10]
    assert missing_used, "the allow-list of missing pages is unused; drop it"
    assert not any(set(urlsplit(row["url"]).path.split("/")) & MISSING_OK for row in EXPECTED)


def test_excluded_urls_are_linked_off_site_or_hidden_by_robots():
    for row in EXCLUDED:
        page = parse(row["linked_from"])
        targets = {canonical(urljoin(row["linked_from"], link["href"])) for link in page.links}
        assert canonical(row["url"]) in targets, row
        host = urlsplit(row["url"]).hostname
        if row["reason"].startswith("robots.txt"):
            robots = RobotFileParser()
            robots.parse((SITE_DIR / host / "robots.txt").read_text().splitlines())
            assert not robots.can_fetch("rcc-archive", row["url"]), row
            assert robots.can_fetch("rcc-archive", "https://cancercentrum.se/norr/")
            if row["url"].endswith(".pdf"):
                assert site_file(row["url"]).is_file(), "a crawler ignoring robots.txt must find it"
        else:
            assert row["reason"].startswith("off-site") and not (SITE_DIR / host).exists()


def test_the_plan_page_has_an_opaque_region_selector_in_all_seven_folders():
    folders = ["samverkan", *TAB_REGIONS.values()]
    bodies = set()
    for folder in folders:
        url = f"https://cancercentrum.se/{folder}/om-oss/mal-och-inriktning/strategisk-utvecklingsplan/"
        text = site_file(url).read_text(encoding="utf-8")
        tabs = [
            (a["href"], a["text"]) for a in Page(text).links if a["href"].startswith("#region-tab-")
        ]
        assert tabs == [(f"#region-tab-{n}", name) for n, name in enumerate(TAB_REGIONS, start=1)]
        bodies.add(text.split('<main id="main-content">')[1].split("</main>")[0])
    assert len(bodies) == 1, "the body must be identical in every folder"


def _pdf(url_path: str) -> pdfplumber.PDF:
    return pdfplumber.open(SITE_DIR / "cancercentrum.se" / url_path)


def test_two_column_page_keeps_its_columns_apart():
    with _pdf(
        "globalassets/cancerplaner/syd/cancerplan-for-sodra-sjukvardsregionen-2023-2025.pdf"
    ) as pdf:
        page = pdf.pages[1]
        left = page.crop((0, 0, page.width / 2, page.height)).extract_text()
        right = page.crop((page.width / 2, 0, page.width, page.height)).extract_text()
    assert left.startswith("Tidig upptäckt och diagnostik") and "för primärvården." in left
    assert right.startswith("Barn och unga med cancer") and "nytta av den." in right


def test_hyphenated_page_and_running_footer():
    with _pdf(
        "globalassets/cancerplaner/norr/cancerplan-for-norra-sjukvardsregionen-2022-2024.pdf"
    ) as pdf:
        lines = pdf.pages[1].extract_text().splitlines()
        for number, page in enumerate(pdf.pages, start=1):
            assert f"RCC Norr · Cancerplan 2022–2024 · sida {number}" in page.extract_text()
    ends = [line.rsplit(" ", 1)[-1] for line in lines]
    for broken in ("sjukvårdsregionförbun-", "utvecklings-", "cancer-", "hälso-", "SVF-"):
        assert broken in ends, broken


def test_ligature_is_drawn_as_one_glyph():
    with _pdf(
        "globalassets/cancerplaner/mellansverige/cancerplan-mellansverige-2022-2024.pdf"
    ) as pdf:
        page = pdf.pages[1]
        assert "\ufb01" in {char["text"] for char in page.chars}
        assert "specifika" in page.extract_text()


def test_most_pdfs_have_ruled_tables_with_swedish_letters_and_fixed_metadata():
    pdfs = [site_file(row["url"]) for row in EXPECTED if row["url"].endswith(".pdf")]
    with_tables = 0
    for path in pdfs:
        with pdfplumber.open(path) as pdf:
            assert pdf.metadata["Author"] and pdf.metadata["Title"]
            assert re.fullmatch(r"D:20[12]\d{5}090000\+01'00'", pdf.metadata["CreationDate"])
            with_tables += any(page.find_tables() for page in pdf.pages[1:3])
    assert with_tables >= 0.7 * len(pdfs)
    with _pdf("globalassets/cancerplaner/norr/processplaner/processplan-palliativ-vard.pdf") as pdf:
        table = pdf.pages[1].extract_tables()[0]
    assert table[0][0] == "Region" and table[1][0] == "Region Jämtland Härjedalen"


@pytest.fixture
def served_copy(tmp_path: Path) -> Iterator[tuple[Path, MirrorServer]]:
    """An editable copy of the mirror, served on its own port."""
    root = tmp_path / "site"
    shutil.copytree(SITE_DIR, root)
    with serve_mirror(root) as server:
        yield root, server


def fetch(
    server: MirrorServer, path: str, method: str = "GET", **headers: str
) -> tuple[int, dict, bytes]:
    """One raw request (no redirect following, path sent as given)."""
    parts = urlsplit(server.url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request(method, path, headers={k.replace("_", "-"): v for k, v in headers.items()})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def test_server_serves_index_html_for_folder_urls_and_redirects_bare_folders(served_copy):
    root, server = served_copy
    status, headers, body = fetch(server, "/cancercentrum.se/norr/")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert body == (root / "cancercentrum.se/norr/index.html").read_bytes()
    status, headers, body = fetch(server, "/cancercentrum.se/norr/", "HEAD")
    assert (
        status == 200
        and body == b""
        and int(headers["content-length"])
        == len((root / "cancercentrum.se/norr/index.html").read_bytes())
    )
    status, headers, _ = fetch(server, "/cancercentrum.se/norr")
    assert status == 301 and headers["location"] == "/cancercentrum.se/norr/"


def test_server_decodes_percent_encoded_names_and_types_files(served_copy):
    root, server = served_copy
    row = next(row for row in EXPECTED if row["link_form"] == "download")
    status, headers, body = fetch(server, "/cancercentrum.se" + urlsplit(row["url"]).path)
    assert status == 200 and headers["content-type"] == "application/pdf"
    assert body == site_file(row["url"], root).read_bytes()
    xlsx = next(row for row in EXPECTED if row["url"].endswith(".xlsx"))
    assert fetch(server, "/cancercentrum.se" + urlsplit(xlsx["url"]).path)[1]["content-type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    status, headers, body = fetch(server, "/www.socialstyrelsen.se/robots.txt")
    assert headers["content-type"].startswith("text/plain") and b"Disallow: /sok/" in body


def test_server_answers_304_until_the_file_changes(served_copy):
    root, server = served_copy
    path = "/cancercentrum.se/globalassets/cancerplaner/syd/arsrapport-rcc-syd-2023.pdf"
    status, headers, first = fetch(server, path)
    assert status == 200 and headers["etag"].startswith('"') and headers["last-modified"]
    status, _, body = fetch(server, path, If_None_Match=headers["etag"])
    assert (status, body) == (304, b"")
    assert fetch(server, path, If_Modified_Since=headers["last-modified"])[0] == 304
    target = root / path.lstrip("/")
    target.write_bytes(first + b"\n% appended\n")
    os.utime(target, (time.time() + 60, time.time() + 60))
    status, changed, body = fetch(server, path, If_None_Match=headers["etag"])
    assert status == 200 and body.endswith(b"% appended\n") and changed["etag"] != headers["etag"]
    assert fetch(server, path, If_Modified_Since=headers["last-modified"])[0] == 200
    assert server.hits[unquote(path)] == 5 and server.bodies_served[unquote(path)] == 3


def test_server_gives_404_and_never_leaves_its_root(served_copy, tmp_path):
    root, server = served_copy
    (tmp_path / "secret.txt").write_text("hemligt")
    (root / "cancercentrum.se" / "escape").symlink_to(tmp_path)
    status, _, body = fetch(server, "/cancercentrum.se/finns-inte.pdf")
    assert status == 404 and b"hemligt" not in body
    for path in (
        "/cancercentrum.se/../secret.txt",
        "/cancercentrum.se/%2e%2e/secret.txt",
        "/cancercentrum.se/escape/secret.txt",
        "/..%2F..%2Fetc/passwd",
    ):
        status, _, body = fetch(server, path)
        assert status in (403, 404) and b"hemligt" not in body, path
    assert server.hits["/cancercentrum.se/finns-inte.pdf"] == 1
    assert server.bodies_served["/cancercentrum.se/finns-inte.pdf"] == 0
