"""Screenshots of the archive's main pages, for README: ``make demo-screens``.

Reads a published data directory (default ``demo-data``, built by ``rcc-archive demo
--no-serve``), served read-only by ``publish.serve.make_datasette`` on 127.0.0.1; writes
one 1280x800 PNG per page into ``docs/`` (or ``--out``). The browser is Debian's
``/usr/bin/chromium``, headless, driven by Playwright.

    python docs/screens.py [--data-dir demo-data] [--out docs]
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Run as a script from a checkout: the repository's packages come from its root.
sys.path.insert(0, str(REPO))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 800}


def main_pages(data_dir: Path) -> dict[str, str]:
    """Return file name -> path of each page README shows."""
    import sqlite3

    conn = sqlite3.connect(f"file:{data_dir / 'archive.db'}?mode=ro", uri=True)
    try:
        # The document page of a plan with two versions, when the demo has one.
        row = (
            conn.execute(
                "SELECT document_id FROM version_diffs WHERE kind = 'document' "
                "AND lines_added + lines_removed > 0 ORDER BY document_id LIMIT 1"
            ).fetchone()
            or conn.execute(
                "SELECT id FROM documents WHERE doc_type = 'cancerplan' ORDER BY id LIMIT 1"
            ).fetchone()
        )
    finally:
        conn.close()
    document = row[0] if row else 1
    return {
        "home.png": "/",
        "documents.png": "/archive/current_documents",
        "search.png": "/archive/search?term=cancerplanerna",
        "document.png": f"/archive/documents/{document}",
        "changes.png": "/archive/changes",
        "document-diff.png": f"/archive/document_diff?document_id={document}",
        "dashboard.png": "/-/dashboards/oversikt?term=screening",
    }


@contextmanager
def serving(data_dir: Path) -> Iterator[str]:
    """Serve the archive read-only on an OS-chosen loopback port; yield its URL."""
    import uvicorn

    from rcc_archive.publish.serve import make_datasette

    config = uvicorn.Config(
        make_datasette(data_dir).app(), host="127.0.0.1", port=0, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the archive could not be served")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def take_screens(base_url: str, pages: dict[str, str], out: Path) -> list[Path]:
    """Screenshot each page's first screen; return the files written."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = browser.new_page(viewport=VIEWPORT)
            for name, path in pages.items():
                page.goto(base_url + path, wait_until="networkidle")
                if path.startswith("/-/dashboards/"):
                    page.wait_for_selector(
                        ".dashboard-card-chart svg, .dashboard-card-chart canvas"
                    )
                target = out / name
                page.screenshot(path=str(target))
                written.append(target)
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    """Serve the data directory, screenshot the main pages, stop serving."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=REPO / "demo-data")
    parser.add_argument("--out", type=Path, default=REPO / "docs")
    options = parser.parse_args(argv)
    data_dir = options.data_dir.resolve()
    if not (data_dir / "archive.db").is_file():
        print(f"no archive at {data_dir}: run `rcc-archive demo --no-serve` first", file=sys.stderr)
        return 1
    with serving(data_dir) as base_url:
        for path in take_screens(base_url, main_pages(data_dir), options.out):
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
