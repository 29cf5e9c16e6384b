"""The demo in a real browser: Debian's headless Chromium searches, facets and opens a PDF.

Reads the demo data directory (the session fixture ``demo_archive``), served by
``rcc-archive serve`` in a child process on 127.0.0.1; writes screenshots to
``test-output/browser/`` at the repository root and the server's log under pytest's
temporary directory. Chromium is Debian's ``/usr/bin/chromium``, driven by Playwright
(never Playwright's own browser download); when it is missing, the test setup installs
it with apt-get if it runs as root, and skips otherwise.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "test-output" / "browser"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
_LISTENING = re.compile(r"Uvicorn running on (http://127\.0\.0\.1:\d+)")
_ARCHIVED_PAGE = re.compile(r"^/-/archive/([0-9a-f]{64})#page=(\d+)$")


def install_chromium() -> str | None:
    """Install Debian's chromium when we may; return why not when it stays missing."""
    if CHROMIUM.exists():
        return None
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        return "not root or no apt-get"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        except subprocess.TimeoutExpired:
            return f"{' '.join(command)} timed out"
        if done.returncode != 0:
            return f"{' '.join(command)} failed: {done.stderr.strip()[-300:]}"
    return None if CHROMIUM.exists() else "apt-get installed no /usr/bin/chromium"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, launched by Playwright."""
    reason = install_chromium()
    if reason is not None:
        pytest.skip(f"Debian's chromium is missing at {CHROMIUM} and cannot be installed: {reason}")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True, timeout=30_000
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def demo_url(demo_archive, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo archive served by ``rcc-archive serve`` on 127.0.0.1, an OS-chosen port."""
    log_path = tmp_path_factory.mktemp("serve") / "serve.log"
    command = [sys.executable, "-m", "rcc_archive.cli", "serve"]
    command += ["--data-dir", str(demo_archive.root), "--host", "127.0.0.1", "--port", "0"]
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=REPO,
        )
    try:
        yield wait_until_serving(server, log_path, timeout=30)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def wait_until_serving(server: subprocess.Popen, log_path: Path, timeout: float) -> str:
    """Return the server's URL once it answers, failing with its log if it never does."""
    deadline = time.monotonic() + timeout
    url = None
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"rcc-archive serve exited {server.returncode}:\n{log_path.read_text()}")
        found = _LISTENING.search(log_path.read_text(errors="replace"))
        url = url or (found and found.group(1))
        if url:
            try:
                with urllib.request.urlopen(f"{url}/-/versions.json", timeout=2) as response:
                    if response.status == 200:
                        return url
            except OSError:
                pass
        time.sleep(0.1)
    pytest.fail(f"rcc-archive serve did not answer in {timeout} s:\n{log_path.read_text()}")


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    context.set_default_navigation_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path))
    return path


def search(page: Page, demo_url: str, term: str) -> None:
    """Type a search into the canned query's form and submit it, as a user does."""
    page.goto(f"{demo_url}/archive/search")
    page.fill("input[name=term]", term)
    with page.expect_navigation():
        page.press("input[name=term]", "Enter")
    assert parse_qs(urlsplit(page.url).query)["term"] == [term]


def test_search_shows_highlighted_hits(page: Page, demo_url: str):
    search(page, demo_url, "cancerplanerna")
    marks = page.locator("td.col-snippet mark")
    assert marks.count() >= 10
    first = marks.first
    first.scroll_into_view_if_needed()
    assert first.is_visible()
    assert first.inner_text().lower().startswith("cancerplan")
    background = first.evaluate("mark => getComputedStyle(mark).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), "highlights are invisible"
    citation = page.locator("td.col-citation").first.inner_text()
    assert "https://cancercentrum.se/" in citation and "sha256 " in citation
    # The search query hides its SQL, so the form and the hits come first.
    assert page.get_by_role("link", name="hide", exact=True).count() == 0
    assert page.locator("input[name=term]").input_value() == "cancerplanerna"
    assert page.locator("td.col-snippet mark").first.is_visible()
    screenshot(page, "search-cancerplanerna.png")


def test_region_facet_filters_the_documents(page: Page, demo_url: str, expected_documents):
    page.goto(f"{demo_url}/archive/documents?_facet=region")
    facet = page.locator(".facet-info[data-column=region]").first
    with page.expect_navigation():
        facet.get_by_role("link", name="Syd", exact=True).click()
    assert "region=syd" in page.url
    regions = page.locator("table.rows-and-columns td.col-region em")
    expected = [row for row in expected_documents if row["region"] == "syd"]
    assert regions.count() == len(expected)
    assert set(regions.all_inner_texts()) == {"syd"}
    titles = page.locator("table.rows-and-columns td.col-title").all_inner_texts()
    assert sorted(titles) == sorted(row["title"] for row in expected)
    count = page.locator("h3", has_text="rows").first
    assert re.match(rf'{len(expected)} rows\s+where region = "syd"', count.inner_text())
    # Past the column descriptions, to the filter, the facets and the rows.
    page.evaluate("element => element.scrollIntoView()", count.element_handle())
    screenshot(page, "documents-facet-syd.png")


def test_a_search_hit_opens_its_page_of_the_archived_pdf(page: Page, demo_url: str):
    search(page, demo_url, "bröstcancervård")
    link = page.locator("td.col-archived_page a").first
    href = link.get_attribute("href")
    sha256, page_number = _ARCHIVED_PAGE.match(href).groups()
    with page.expect_response(lambda response: "/-/archive/" in response.url) as answer:
        link.click()
    response = answer.value
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")
    assert page.url == f"{demo_url}{href}"
    # Chromium shows the PDF in its viewer; fetch the same URL to check the bytes.
    archived = page.context.request.get(f"{demo_url}/-/archive/{sha256}")
    assert archived.headers["content-type"] == "application/pdf"
    assert hashlib.sha256(archived.body()).hexdigest() == sha256
    # The page the link points at is the page that has the word.
    text = page.context.request.get(
        f"{demo_url}/archive/pdf_pages.json",
        params={"sha256": sha256, "page_number": page_number, "_shape": "array"},
    ).json()
    assert "bröstcancervården" in text[0]["text"]
    wait_for_pdf_viewer(page, timeout=10)
    screenshot(page, "archived-pdf.png")


def wait_for_pdf_viewer(page: Page, timeout: float) -> None:
    """Give Chromium's PDF viewer time to draw the page, so the screenshot shows it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(frame.url.startswith("chrome-extension://") for frame in page.frames):
            page.wait_for_timeout(1000)
            return
        page.wait_for_timeout(100)


# -- the first screen shows the data ---------------------------------------------------------

FIRST_SCREEN = 900  # the viewport's height: what a user sees without scrolling


def first_row_top(page: Page) -> float:
    row = page.locator("table.rows-and-columns tbody tr").first
    box = row.bounding_box()
    assert box is not None, "no rows shown"
    return box["y"]


@pytest.mark.parametrize("path", ["/archive/documents", "/archive/current_documents"])
def test_the_first_screen_of_the_documents_is_rows_not_descriptions(page: Page, demo_url, path):
    page.goto(demo_url + path)
    assert first_row_top(page) < FIRST_SCREEN - 100
    descriptions = page.locator("dl.column-descriptions")
    assert descriptions.count() == 1 and not descriptions.is_visible(), "descriptions are folded"
    assert "SELECT" not in page.title() and "rader" in page.title()
    header = page.locator("table.rows-and-columns thead th").all_inner_texts()
    names = [text.strip() for text in header]
    assert names.index("title") < names.index("doc_type") < names.index("url")
    screenshot(page, path.rsplit("/", 1)[1] + "-first-screen.png")


def test_a_canned_query_opens_on_its_rows_not_its_sql(page: Page, demo_url):
    page.goto(f"{demo_url}/archive/plans_timeline?region=RCC+Syd%C3%B6st")
    assert page.title().startswith("Regionala cancerplaner över tid")
    assert page.locator("pre#sql-query, textarea#sql-editor").count() == 0
    assert first_row_top(page) < FIRST_SCREEN - 100
    regions = page.locator("table.rows-and-columns td.col-region_name").all_inner_texts()
    assert regions and set(regions) == {"Sydöst"}
    assert not page.locator(".archive-notes .metadata-description").is_visible()


def test_wrong_input_is_said_on_the_first_screen(page: Page, demo_url):
    page.goto(f"{demo_url}/archive/changes_since?since=yesterday")
    alert = page.get_by_role("alert")
    assert alert.is_visible() and "ÅÅÅÅ-MM-DD" in alert.inner_text()
    assert (
        page.locator(".zero-results").count() == 0
        or not page.locator(".zero-results").first.is_visible()
    )


def test_a_document_page_leads_with_the_document_and_its_versions(page: Page, demo_url):
    changed = page.context.request.get(
        f"{demo_url}/archive/changes.json",
        params={"change": "changed", "_shape": "array"},
    ).json()
    assert changed, "the demo's second crawl changed a document"
    document_id = changed[0]["document_id"]
    page.goto(f"{demo_url}/archive/documents/{document_id}")
    heading = page.locator("h1")
    assert heading.inner_text() == changed[0]["title"] == page.title().split(" – ")[0]
    facts = page.locator("dl.doc-facts").inner_text()
    assert "Region" in facts and "Period" in facts and "Arkiverad fil" in facts
    versions = page.locator("#versioner tbody tr")
    assert versions.count() == 2
    assert page.locator("#lankad").is_visible()
    # Every version's archived file opens, and the diff is one click away.
    for link in page.locator("#versioner a", has_text="arkiverad fil").all():
        response = page.context.request.get(demo_url + link.get_attribute("href"))
        assert response.status == 200 and response.body().startswith(b"%PDF")
    page.locator("#versioner a", has_text="Se raderna").click()
    assert "/archive/document_diff" in page.url
    screenshot(page, "document-diff-from-home.png")


def test_a_diff_page_shows_the_changed_line_first(page: Page, demo_url):
    lines = page.context.request.get(
        f"{demo_url}/archive/page_diffs.json", params={"change": "+", "_shape": "array"}
    ).json()
    assert lines, "the demo's second crawl edited a page"
    url, line = lines[0]["url"], lines[0]["line"]
    page.goto(f"{demo_url}/archive/page_diff?url={quote(url, safe='')}")
    header = [
        text.strip() for text in page.locator("table.rows-and-columns thead th").all_inner_texts()
    ]
    assert header[:2] == ["change", "line"]
    cell = page.locator("table.rows-and-columns td.col-line", has_text=line).first
    assert cell.is_visible()
    assert cell.bounding_box()["y"] < FIRST_SCREEN
    # Hashes are short, with the whole hash a hover away.
    short = page.locator("td.col-to_sha256 a").first
    assert len(short.inner_text()) == 12 and len(short.get_attribute("title")) == 64
    screenshot(page, "page-diff.png")


def test_the_dashboard_draws_its_charts_without_console_errors(page: Page, demo_url):
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{demo_url}/-/dashboards/oversikt?term=screening", wait_until="networkidle")
    charts = page.locator(".dashboard-card-chart")
    # vega-embed marks each chart's element and draws its marks (a canvas) inside it.
    page.wait_for_function(
        "() => document.querySelectorAll('.dashboard-card-chart.vega-embed .marks').length >= 4"
    )
    assert charts.count() == 5  # four charts and the card linking their canned queries
    for chart in page.locator(".dashboard-card-chart.vega-embed .marks").all():
        box = chart.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 50
    assert errors == []
    offsite = [url for url in requests if not url.startswith(demo_url)]
    assert offsite == [], "the dashboard must work offline"
    screenshot(page, "dashboard.png")
