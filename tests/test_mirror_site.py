"""The bundled offline mirror: generated deterministically, complete, linked as the table says.

Reads mirror/site, mirror/expected_documents.csv and mirror/expected_excluded.csv; builds a
fresh copy under tmp_path and serves copies on 127.0.0.1. The hand-written CSV is checked
against the HTML and the files, so neither can drift from the other.
"""

from __future__ import annotations

import csv
import gzip
import http.client
import io
import json
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
from protego import Protego
from w3lib.url import canonicalize_url

from rcc_archive.archive.sniff import PDF, XLSX, sniff_type
from rcc_archive.mirror import SITE_DIR
from rcc_archive.mirror.build import build_site
from rcc_archive.mirror.server import MirrorServer, serve_mirror
from rcc_archive.scraper.urls import canonical_url, mirror_host_folders, wget_file_name

MIRROR = Path(__file__).resolve().parent.parent / "mirror"
HOSTS = {"cancercentrum.se", "www.socialstyrelsen.se"}
# wget keeps a host as it was linked: https://www.cancercentrum.se/… is stored under www.
FOLDERS = {*HOSTS, "www.cancercentrum.se"}
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
# SiteVision's screen-reader text inside the link: " Pdf, 97.3 kB." / "…, öppnas i nytt fönster."
ASSISTIVE = {
    "assistive": re.compile(r" Pdf, \d+\.\d kB\."),
    "assistive, nytt fönster": re.compile(r" Pdf, \d+\.\d kB, öppnas i nytt fönster\."),
}
INITIAL_STATE = re.compile(r"AppRegistry\.registerInitialState\('[^']+', (\{.*\})\);")
LINK_FORMS = {
    "root-relative",
    "absolute",
    "absolute-www",
    "absolute-http",
    "page-relative",
    "contentassets",
    "download",
    "json",
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
    """The file ``wget --mirror`` wrote for a real URL, under whichever host folder holds it."""
    url = canonical_url(url) or url  # the crawler's form: query order kept, as wget keeps it
    candidates = [
        root / folder / wget_file_name(url).partition("/")[2] for folder in mirror_host_folders(url)
    ]
    return next((path for path in candidates if path.is_file()), candidates[0])


def page_url_of(html_file: Path) -> str:
    """The real URL a page file in the mirror stands for (``index.html?q`` → ``/?q``)."""
    host, *rest = html_file.relative_to(SITE_DIR).parts
    path, mark, query = "/".join(rest).partition("?")
    return canonical(f"https://{host}/" + path.removesuffix("index.html") + mark + query)


def html_files() -> list[Path]:
    """Every page of the mirror, wget's ``name?query`` files included."""
    return [
        p for p in SITE_DIR.rglob("*") if p.is_file() and p.name.split("?")[0].endswith(".html")
    ]


def redirect_rules() -> dict[str, str]:
    """Every ``_redirects`` rule as {real old URL: real target URL}."""
    rules = {}
    for rule_file in SITE_DIR.glob("*/_redirects"):
        for line in rule_file.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                old, target, *_ = line.split()
                base = f"https://{rule_file.parent.name}{old}"
                rules[canonical(base)] = canonical(urljoin(base, target))
    return rules


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
        self._in_assistive = False  # inside SiteVision's screen-reader-only span
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
            self._anchor["assistive"] = []
        if tag == "span" and self._anchor is not None:
            self._in_assistive = "env-assistive-text" in attr.get("class", "").split()
        if re.fullmatch(r"h[1-6]", tag):
            self._heading_level, self._capture = int(tag[1]), []

    def handle_endtag(self, tag: str) -> None:
        if tag == "span":
            self._in_assistive = False
        if tag == "a" and self._anchor is not None:
            self._anchor["text"] = " ".join("".join(self._anchor["text"]).split())
            self._anchor["assistive"] = "".join(self._anchor["assistive"])
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
        for match in INITIAL_STATE.finditer(data):
            section = " > ".join(text for _, text in self._headings)
            for entry in json.loads(match.group(1))["files"]:
                self.references.append(entry["url"])
                self.links.append(
                    {
                        "href": entry["url"],
                        "text": entry["name"],
                        "section": section,
                        "tab": "",
                        "json": True,
                    }
                )
        if self._anchor is not None:
            self._anchor["assistive" if self._in_assistive else "text"].append(data)
        if self._capture is not None:
            self._capture.append(data)


def parse(url: str) -> Page:
    """Parse the page file a real URL is stored in."""
    return Page(site_file(url).read_text(encoding="utf-8"))


def link_form(link: dict) -> str:
    if link.get("json"):
        return "json"
    href = link["href"]
    for prefix, form in (("http://", "absolute-http"), ("https://www.", "absolute-www"), ("https://", "absolute"),
                         ("/contentassets/", "contentassets"), ("/download/", "download"), ("/", "root-relative")):  # fmt: skip
        if href.startswith(prefix):
            return form
    return "page-relative"


def label_of(text: str, assistive: str = "") -> str:
    """The label variant of a link: its visible suffix, or its screen-reader text."""
    for variant, pattern in ASSISTIVE.items():
        if pattern.fullmatch(assistive):
            return variant
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
    assert sorted(fresh) == sorted(committed), (
        "run `python -m rcc_archive.mirror.build` and commit mirror/site"
    )
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
    assert link_form(link) == row["link_form"]
    assert label_of(link["text"], link.get("assistive", "")) == row["label_variant"]
    if link["tab"]:
        tab = next(a["text"] for a in page.links if a["href"] == "#" + link["tab"])
        assert TAB_REGIONS[tab] == row["region"]
    else:
        folder = urlsplit(row["found_on_example"]).path.split("/")[1]
        assert FOLDER_REGIONS.get(folder, "") == row["region"]
    clean = link["text"].removesuffix(" " + row["label_variant"])
    if row["link_form"] == "json":
        clean = clean.removesuffix(".pdf")  # a file-share entry shows the file's name
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
    redirects = redirect_rules()
    broken, missing_used = [], set()
    for html_file in html_files():
        page_url = page_url_of(html_file)
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
            url = redirects.get(url, url)
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
            robots = Protego.parse((SITE_DIR / host / "robots.txt").read_text())
            assert not robots.can_fetch(row["url"], "rcc-archive"), row
            assert robots.can_fetch(f"https://{host}/", "rcc-archive")
            if row["url"].endswith(".pdf"):
                assert site_file(row["url"]).is_file(), "a crawler ignoring robots.txt must find it"
        else:
            assert row["reason"].startswith("off-site") and host not in FOLDERS


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


def test_sitemap_chain_names_a_page_no_page_links():
    robots = (SITE_DIR / "cancercentrum.se/robots.txt").read_text()
    assert "Sitemap: https://cancercentrum.se/sitemap.xml" in robots.splitlines()
    index = site_file("https://cancercentrum.se/sitemap.xml").read_text(encoding="utf-8")
    assert "<sitemapindex" in index
    (child,) = re.findall(r"<loc>(.*?)</loc>", index)
    assert child.endswith(".xml.gz")
    urlset = gzip.decompress(site_file(child).read_bytes()).decode("utf-8")
    listed = {canonical(url) for url in re.findall(r"<loc>(.*?)</loc>", urlset)}
    assert all(site_file(url).is_file() for url in listed), listed
    linked = set()
    for html_file in html_files():
        page = Page(html_file.read_text(encoding="utf-8"))
        own = page_url_of(html_file)  # its rel=canonical names itself
        linked |= {canonical(urljoin(own, ref)) for ref in page.references} - {own}
    # The start page is a start URL of the crawl; every other page is linked, but one.
    sitemap_only = [url for url in listed if url not in linked | {"https://cancercentrum.se/"}]
    assert sitemap_only == [
        "https://cancercentrum.se/syd/om-rcc-syd/regional-cancerplan-2026-2028.4.7e8f9a0b18f3c4d5e6f7a8b.html"
    ]
    assert any(row["found_on_example"] == sitemap_only[0] for row in EXPECTED)


def test_wildcard_robots_rules_hide_what_only_a_wildcard_matches():
    robots_txt = (SITE_DIR / "cancercentrum.se/robots.txt").read_text()
    robots = Protego.parse(robots_txt)
    wildcard_only = [row["url"] for row in EXCLUDED if "*" in row["reason"]]
    assert len(wildcard_only) == 2
    plain = RobotFileParser()  # the standard library ignores * and $: it would fetch them
    plain.parse(robots_txt.splitlines())
    for url in wildcard_only:
        assert not robots.can_fetch(url, "rcc-archive")
        assert plain.can_fetch("rcc-archive", url)
        assert site_file(url).is_file(), "a crawler ignoring the wildcard rules must find it"
    folder_pages = [
        row["found_on_example"] for row in EXPECTED if "?folder=" in row["found_on_example"]
    ]
    assert folder_pages and all(robots.can_fetch(url, "rcc-archive") for url in folder_pages)


def test_sitevision_and_react_markup_as_today():
    sydost = parse(
        "https://cancercentrum.se/sydost/om-rcc-sydost/regional-cancerplan.4.3c5e7a9b18f1d2e3a4b5c6d.html"
    )
    text = site_file(
        "https://cancercentrum.se/sydost/om-rcc-sydost/regional-cancerplan.4.3c5e7a9b18f1d2e3a4b5c6d.html"
    ).read_text(encoding="utf-8")
    assert "sv.PageContext={pageId:'4.3c5e7a9b18f1d2e3a4b5c6d'" in text
    assert 'class="sv-file-portlet sv-portlet"' in text and 'class="env-link-icon"' in text
    assert (
        'rel="external"' in text
        and '<span class="env-assistive-text"> Pdf, 97.3 kB.</span>' in text
    )
    assert {label_of(link["text"], link["assistive"]) for link in sydost.links} >= set(ASSISTIVE)
    assert not any("Pdf," in link["text"] for link in sydost.links)
    mell_url = "https://cancercentrum.se/mellansverige/om-rcc-mellansverige/regional-cancerplan/"
    assert site_file(mell_url).parts[-5] == "www.cancercentrum.se"
    mell = parse(mell_url)
    json_links = [link for link in mell.links if link.get("json")]
    assert json_links and not any(
        "/download/" in link["href"] for link in mell.links if not link.get("json")
    ), "file-share files must be listed only in JSON"
    react = site_file(
        "https://www.socialstyrelsen.se/publikationer/publikationer-om-cancervard/"
    ).read_text(encoding="utf-8")
    props = re.search(r"PublicationCategoryList, (\{.*\})\), document", react)
    assert props and '<a href="/publikationer/analys' not in react
    pages = json.loads(props.group(1))["publicationPages"]
    assert {"name", "url", "articleNumber", "publishOnWebFrom"} <= set(pages[0])
    publication = site_file("https://www.socialstyrelsen.se" + pages[0]["url"]).read_text(
        encoding="utf-8"
    )
    assert '<span class="date">Publicerad: 2025-09-30</span>' in publication
    assert 'class="publication-wrapper__main-doc"' in publication


def test_redirect_rules_point_at_files_and_the_server_follows_them(served_copy):
    _, server = served_copy
    rules = redirect_rules()
    assert len(rules) >= 2
    for old, target in rules.items():
        assert not site_file(old).is_file(), "a moved URL has no file of its own"
        assert site_file(target).is_file(), target
        parts = urlsplit(old)
        status, headers, _ = fetch(server, f"/{parts.hostname}{parts.path}")
        assert status == 301 and canonical(urljoin(old, headers["location"])) == target
    replaced = [old for old, target in rules.items() if "/download/18." in old]
    assert replaced, "a SiteVision file replaced under its node (same 18.<hex>, later timestamp)"
    for old in replaced:
        node = urlsplit(old).path.split("/")[2]
        assert urlsplit(rules[old]).path.split("/")[2] == node
