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
from urllib.parse import parse_qs, urlsplit

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
