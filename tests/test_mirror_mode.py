"""Mirror mode reads a folder laid out as ``wget --mirror`` really writes it.

Builds small mirror trees under tmp_path (``www.`` and bare host folders, SiteVision id-style
names, ``name?query`` files, a gzipped sitemap, ``_redirects``), serves them with
``mirror.server`` on 127.0.0.1 and checks the URL mapping, the server and one real crawl.
"""

from __future__ import annotations

import gzip
import http.client
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from rcc_archive.archive.datadir import DataDir
from rcc_archive.mirror.redirect_rules import read_redirects
from rcc_archive.mirror.server import MirrorServer, serve_mirror
from rcc_archive.scraper.crawl import CrawlOptions, crawl
from rcc_archive.scraper.urls import (
    canonical_url,
    mirror_host_folders,
    mirror_url,
    real_location,
    real_url_from_mirror,
    wget_file_name,
)

CC = "https://cancercentrum.se"


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def _write(root: Path, name: str, data: bytes | str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@pytest.mark.parametrize(
    ("url", "name"),
    [
        (f"{CC}/norr/", "cancercentrum.se/norr/index.html"),
        (
            f"{CC}/download/18.4f1c/1718000000000/Regional%20cancerplan%20V%C3%A4st%202024%E2%80%932027.pdf",
            "cancercentrum.se/download/18.4f1c/1718000000000/Regional cancerplan Väst 2024–2027.pdf",
        ),
        (
            f"{CC}/sydost/regional-cancerplan.4.2b7c9d1e18f0a3c4d5e6f70.html",
            "cancercentrum.se/sydost/regional-cancerplan.4.2b7c9d1e18f0a3c4d5e6f70.html",
        ),
        (
            f"{CC}/mellansverige/cancerplan/?folder=19.6a1b2c3d&sv.url=12.7d8e9f",
            "cancercentrum.se/mellansverige/cancerplan/index.html?folder=19.6a1b2c3d&sv.url=12.7d8e9f",
        ),
        (f"{CC}/a/page?q=x%20y&r=a/b", "cancercentrum.se/a/page?q=x%20y&r=a%2Fb"),
        (f"{CC}/sitemap1.xml.gz", "cancercentrum.se/sitemap1.xml.gz"),
        (f"{CC}/a%2Fb/c%0Ad.pdf", "cancercentrum.se/a%2Fb/c%0Ad.pdf"),
    ],
)
def test_file_names_are_the_ones_wget_writes(url, name):
    assert wget_file_name(url) == name
    mirror = "http://127.0.0.1:1"
    assert real_url_from_mirror(mirror_url(url, mirror), mirror) == canonical_url(url)


def test_each_host_has_its_www_or_bare_twin_folder_canonical_first():
    assert mirror_host_folders(f"{CC}/x.pdf") == ["cancercentrum.se", "www.cancercentrum.se"]
    assert mirror_host_folders("https://www.cancercentrum.se/x.pdf") == [
        "cancercentrum.se",
        "www.cancercentrum.se",
    ]
    assert mirror_host_folders("https://www.socialstyrelsen.se/x/") == [
        "www.socialstyrelsen.se",
        "socialstyrelsen.se",
    ]
    mirror = "http://127.0.0.1:1/"
    local = mirror_url(f"{CC}/x.pdf", mirror, "www.cancercentrum.se")
    assert local == "http://127.0.0.1:1/www.cancercentrum.se/x.pdf"
    assert real_url_from_mirror(local, mirror) == f"{CC}/x.pdf"
    assert real_url_from_mirror("http://127.0.0.1:1/x.pdf", mirror) is None


def test_redirect_locations_resolve_on_the_real_host():
    mirror = "http://127.0.0.1:1"
    real = f"{CC}/download/18.ab/1700000000000/gammal.pdf"
    local = mirror_url(real, mirror)
    # More ../ than the path has: clamped at the host root, as the live site resolves it.
    assert real_location("../../../../../plan.pdf", real, local, mirror) == f"{CC}/plan.pdf"
    assert real_location("../1800000000000/ny.pdf", real, local, mirror) == (
        f"{CC}/download/18.ab/1800000000000/ny.pdf"
    )
    assert real_location("/download/18.ab/2/ny.pdf", real, local, mirror) == (
        f"{CC}/download/18.ab/2/ny.pdf"
    )
    # The mirror server's own folder redirect, under either host folder.
    assert real_location("/www.cancercentrum.se/norr/", f"{CC}/norr", local, mirror) == (
        f"{CC}/norr/"
    )
    assert real_location("https://www.socialstyrelsen.se/p/", real, local, mirror) == (
        "https://www.socialstyrelsen.se/p/"
    )
    assert real_location("https://evil.example/x", real, local, mirror) == "https://evil.example/x"


@pytest.fixture
def small_mirror(tmp_path: Path) -> Iterator[tuple[Path, MirrorServer]]:
    """A wget-style tree: a home page under cancercentrum.se/, linked files under both hosts."""
    root = tmp_path / "site"
    home = """<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Start</title></head>
<body><main><h1>Regionala cancercentrum</h1>
<h2>Regional cancerplan</h2>
<ul>
<li><a href="https://www.cancercentrum.se/globalassets/cancerplaner/cancerplan-www-2024.pdf">Cancerplan www 2024 (pdf)</a></li>
<li><a href="/globalassets/cancerplaner/cancerplan-bar-2024.pdf">Cancerplan bar 2024 (pdf)</a></li>
<li><a href="/download/18.ab12/1700000000000/Cancerplan%20flyttad.pdf">Cancerplan flyttad (pdf)</a></li>
<li><a href="https://www.cancercentrum.se/sydost/cancerplan.4.2b7c9d1e.html">Sydöst cancerplan</a></li>
</ul></main></body></html>"""
    page = """<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Cancerplan</title></head>
<body><main><h1>Cancerplan Sydöst</h1><h2>Regional cancerplan</h2>
<p><a href="?folder=19.77aa&amp;sv.url=12.88bb">Tidigare cancerplaner</a></p></main></body></html>"""
    listing = """<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Mapp</title></head>
<body><main><h1>Tidigare cancerplaner</h1><h2>Regional cancerplan</h2>
<p><a href="/download/18.cd34/1600000000000/Cancerplan%20i%20mapp%202019.pdf">Cancerplan i mapp 2019 (pdf)</a></p>
</main></body></html>"""
    pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    _write(root, "cancercentrum.se/index.html", home)
    _write(root, "cancercentrum.se/robots.txt", "User-agent: *\nDisallow: /sok/\n")
    _write(
        root, "www.cancercentrum.se/globalassets/cancerplaner/cancerplan-www-2024.pdf", pdf + b"1"
    )
    _write(root, "cancercentrum.se/globalassets/cancerplaner/cancerplan-bar-2024.pdf", pdf + b"2")
    _write(root, "cancercentrum.se/plan-i-roten.pdf", pdf + b"3")
    _write(root, "www.cancercentrum.se/sydost/cancerplan.4.2b7c9d1e.html", page)
    _write(
        root,
        "www.cancercentrum.se/sydost/cancerplan.4.2b7c9d1e.html?folder=19.77aa&sv.url=12.88bb",
        listing,
    )
    _write(root, "cancercentrum.se/download/18.cd34/1600000000000/Cancerplan i mapp 2019.pdf", pdf)
    _write(
        root,
        "cancercentrum.se/_redirects",
        "# old SiteVision download URL, answered with too many ../\n"
        "/download/18.ab12/1700000000000/Cancerplan%20flyttad.pdf ../../../../../plan-i-roten.pdf\n",
    )
    _write(root, "cancercentrum.se/sitemap1.xml.gz", gzip.compress(b"<urlset/>", mtime=0))
    with serve_mirror(root) as server:
        yield root, server


def test_server_serves_query_names_gzip_and_redirects_but_not_its_rule_file(small_mirror):
    _, server = small_mirror
    url = mirror_url(f"{CC}/sydost/cancerplan.4.2b7c9d1e.html?folder=19.77aa&sv.url=12.88bb",
                     server.url, "www.cancercentrum.se")  # fmt: skip
    status, headers, body = _get(url)
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert b"Cancerplan i mapp 2019" in body
    status, headers, body = _get(server.url + "/cancercentrum.se/sitemap1.xml.gz")
    assert status == 200 and headers["content-type"] == "application/gzip"
    assert gzip.decompress(body) == b"<urlset/>"
    status, headers, _ = _get(
        server.url + "/cancercentrum.se/download/18.ab12/1700000000000/Cancerplan%20flyttad.pdf"
    )
    assert status == 301 and headers["location"] == "../../../../../plan-i-roten.pdf"
    assert _get(server.url + "/cancercentrum.se/_redirects")[0] == 404


def test_bad_redirect_rules_are_refused_with_the_line(tmp_path):
    _write(tmp_path, "_redirects", "/a /b 200\n")
    with pytest.raises(ValueError, match="_redirects:1"):
        read_redirects(tmp_path / "_redirects")


def _rows(data_dir: DataDir, sql: str) -> list[tuple]:
    return data_dir.open_db().execute(sql).fetchall()


def test_crawl_finds_files_under_either_host_folder_and_follows_deep_relative_redirects(
    small_mirror, tmp_path
):
    _, server = small_mirror
    data_dir = DataDir.at(tmp_path / "data")
    options = CrawlOptions(mirror=server.url, spiders=("cancercentrum",), quiet=True)
    crawl(data_dir, options)
    documents = {
        url for (url,) in _rows(data_dir, "select url from documents where sha256 is not null")
    }
    assert f"{CC}/globalassets/cancerplaner/cancerplan-www-2024.pdf" in documents
    assert f"{CC}/globalassets/cancerplaner/cancerplan-bar-2024.pdf" in documents
    # 16.12: Location ../../../../../plan-i-roten.pdf stays on the host, clamped at its root.
    assert f"{CC}/plan-i-roten.pdf" in {
        url for (url,) in _rows(data_dir, "select url from fetches where http_status = 200")
    }
    offsite = _rows(data_dir, "select url, error from fetches where error like '%off-site%'")
    assert not [row for row in offsite if "flyttad" in row[0]], offsite
    # A page stored only under www.: found, its folder link (a query file) followed.
    pages = {url for (url,) in _rows(data_dir, "select url from web_pages")}
    assert f"{CC}/sydost/cancerplan.4.2b7c9d1e.html" in pages
    assert f"{CC}/sydost/cancerplan.4.2b7c9d1e.html?folder=19.77aa&sv.url=12.88bb" in pages
    assert f"{CC}/download/18.cd34/1600000000000/Cancerplan%20i%20mapp%202019.pdf" in documents
    recorded = " ".join(url for (url,) in _rows(data_dir, "select url from fetches"))
    assert "127.0.0.1" not in recorded and "www.cancercentrum.se" not in recorded
    # The canonical folder first; the twin only after its 404, never when the first has it.
    www_file = "globalassets/cancerplaner/cancerplan-www-2024.pdf"
    bare_file = "globalassets/cancerplaner/cancerplan-bar-2024.pdf"
    assert server.hits[f"/cancercentrum.se/{www_file}"] >= 1
    assert server.bodies_served[f"/www.cancercentrum.se/{www_file}"] >= 1
    assert server.bodies_served[f"/cancercentrum.se/{bare_file}"] >= 1
    assert server.hits[f"/www.cancercentrum.se/{bare_file}"] == 0
