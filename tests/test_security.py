"""Nothing a site sends chooses a path on disk, and nothing outside http(s) is followed."""

from __future__ import annotations

from pathlib import Path

from fault_server import FaultServer, Static
from reportlab.pdfgen import canvas

from rcc_archive.archive.datadir import DataDir
from rcc_archive.scraper.crawl import CrawlOptions, crawl

PLAN = "/norr/om-oss/mal-och-inriktning/strategisk-utvecklingsplan/"


def _pdf(text: str) -> bytes:
    from io import BytesIO

    out = BytesIO()
    pdf = canvas.Canvas(out, invariant=1)
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _page(links: list[tuple[str, str]]) -> bytes:
    items = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links)
    return (
        "<html><body><main><h1>Strategisk utvecklingsplan</h1>"
        f"<h2>Cancerplan 2022–2024</h2><ul>{items}</ul></main></body></html>"
    ).encode()


def test_urls_and_headers_never_choose_a_path_on_disk(tmp_path: Path) -> None:
    outside = Path("/tmp/rcc-evil-absolute.pdf")
    outside.unlink(missing_ok=True)
    links = [
        ("/globalassets/..%2F..%2F..%2Frcc-evil-a.pdf", "Processplan A (pdf)"),
        ("/globalassets/x/%2e%2e/%2e%2e/rcc-evil-b.pdf", "Processplan B (pdf)"),
        ("/globalassets/x/plan-c.pdf", "Processplan C (pdf)"),
        ("/globalassets/x/plan-d.pdf", "Processplan D (pdf)"),
        ("file:///etc/passwd", "Processplan E (pdf)"),
        ("ftp://cancercentrum.se/globalassets/plan-f.pdf", "Processplan F (pdf)"),
        ("javascript:alert('plan')", "Processplan G (pdf)"),
        ("data:application/pdf;base64,JVBERi0=", "Processplan H (pdf)"),
    ]
    routes = {
        PLAN: Static(_page(links)),
        "/globalassets/..%2F..%2F..%2Frcc-evil-a.pdf": Static(_pdf("a"), "application/pdf"),
        "/rcc-evil-b.pdf": Static(_pdf("b"), "application/pdf"),
        "/globalassets/x/plan-c.pdf": Static(
            _pdf("c"),
            "application/pdf",
            headers=(("Content-Disposition", 'attachment; filename="../../../../rcc-evil-c.pdf"'),),
        ),
        "/globalassets/x/plan-d.pdf": Static(
            _pdf("d"),
            "application/pdf",
            headers=(("Content-Disposition", f'attachment; filename="{outside}"'),),
        ),
    }
    data_dir = DataDir.at(tmp_path / "deep" / "data")
    with FaultServer(routes) as server:
        crawl(
            data_dir,
            CrawlOptions(mirror=server.url, spiders=("cancercentrum",), quiet=True, timeout=5),
        )
        requested = {hit.raw_path for hit in server.hits}

    assert not outside.exists()
    for path in tmp_path.rglob("*"):
        assert "rcc-evil" not in path.name, path
        if path.is_file():
            assert path.is_relative_to(data_dir.root), path
    blob_names = {p.name for p in data_dir.blob_root.rglob("*") if p.is_file()}
    assert all(len(name) == 64 and set(name) <= set("0123456789abcdef") for name in blob_names)

    db = data_dir.open_db()
    urls = {row["url"] for row in db.query("select url from documents")}
    assert "https://cancercentrum.se/globalassets/x/plan-c.pdf" in urls
    assert all(url.startswith("https://cancercentrum.se/") for url in urls), urls
    # Non-HTTP schemes are never followed: nothing was asked of the server for them.
    assert not any("passwd" in path or "plan-f" in path for path in requested)
