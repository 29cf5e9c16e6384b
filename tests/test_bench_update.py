"""The update benchmark's counts: what the mirror server sent, sorted by what it was.

Reads nothing of the repository but the code; writes a small mirror folder and a
generated one under ``tmp_path`` and serves them on 127.0.0.1 (``mirror.server``). The
reference run of 2026-12-07 reported 3 document bodies in an update where nothing had
changed: they were the two sitemaps and a SiteVision folder page
(``index.html?folder=19.…``), taken for documents because their paths did not end like
a page's. Bodies are now sorted by the Content-Type they were served with.
"""

from __future__ import annotations

import gzip
import urllib.request
from urllib.parse import quote

from bench.genmirror import HOST, layout, write_mirror
from bench.update_cost import served_bodies
from rcc_archive.mirror.server import serve_mirror

FOLDER_PAGE = "index.html?folder=19.5d1e2f3a18f2b3c4d5e6f10&sv.url=12.5d1e2f3a18f2b3c4d5e6f20"


def fetch(base: str, path: str) -> int:
    """GET a mirror file by its decoded path, encoded whole as the crawler's handler does."""
    with urllib.request.urlopen(base + quote(path, safe="/")) as response:
        response.read()
        return response.status


def test_sitemaps_and_a_folder_page_are_not_counted_as_documents(tmp_path):
    host = tmp_path / "site" / "cancercentrum.se"
    (host / "plan").mkdir(parents=True)
    (host / "plan" / "index.html").write_text("<html><body>Plan</body></html>")
    (host / "plan" / FOLDER_PAGE).write_text("<html><body>Mapp</body></html>")
    (host / "sitemap.xml").write_text("<sitemapindex></sitemapindex>")
    (host / "sitemap1.xml.gz").write_bytes(gzip.compress(b"<urlset></urlset>"))
    (host / "robots.txt").write_text("User-agent: *\n")
    (host / "download" / "18.abc" / "1700000000000").mkdir(parents=True)
    (host / "download" / "18.abc" / "1700000000000" / "Regional cancerplan.pdf").write_bytes(
        b"%PDF-1.4\n%%EOF\n"
    )
    paths = [
        "/cancercentrum.se/plan/",
        "/cancercentrum.se/plan/" + FOLDER_PAGE,
        "/cancercentrum.se/sitemap.xml",
        "/cancercentrum.se/sitemap1.xml.gz",
        "/cancercentrum.se/robots.txt",
        "/cancercentrum.se/download/18.abc/1700000000000/Regional cancerplan.pdf",
    ]
    with serve_mirror(tmp_path / "site") as server:
        assert [fetch(server.url, path) for path in paths] == [200] * len(paths)
        bodies = served_bodies(server)
    assert bodies["document"] == {
        "/cancercentrum.se/download/18.abc/1700000000000/Regional cancerplan.pdf": 1
    }
    assert set(bodies["page"]) == {
        "/cancercentrum.se/plan/",
        "/cancercentrum.se/plan/" + FOLDER_PAGE,
    }
    assert set(bodies["other"]) == {
        "/cancercentrum.se/sitemap.xml",
        "/cancercentrum.se/sitemap1.xml.gz",
        "/cancercentrum.se/robots.txt",
    }


def test_the_generated_mirror_lays_out_every_document_once_on_the_pages_asked_for(tmp_path):
    pages = layout(documents=60, pages=30)
    documents = [document for page in pages for document in page.documents]
    assert len(pages) == 30 - 15  # the start page, 7 region roots and 7 hubs are the rest
    assert [document.index for document in documents] == list(range(60))
    assert len({document.url for document in documents}) == 60
    assert all(document.url.startswith(f"https://{HOST}/download/18.") for document in documents)
    assert any(page.json_list for page in pages) and not all(page.json_list for page in pages)
    mirror = write_mirror(tmp_path / "site", documents=20, pages=16, cache=tmp_path / "pdfs")
    assert len(mirror.pages) == 16
    assert all(
        mirror.file_of(document).read_bytes()[:5] == b"%PDF-" for document in mirror.documents
    )
    again = write_mirror(tmp_path / "again", documents=20, pages=16, cache=tmp_path / "pdfs")
    for document in mirror.documents:
        assert mirror.file_of(document).read_bytes() == again.file_of(document).read_bytes()
