"""A page with very many links costs work in proportion to its size, and a cap says so.

Reads generated pages (built here); writes nothing. Linearity is checked structurally:
the section walk looks at each element's heading level a bounded number of times, so
20,000 links cost a few times the page's elements, not links × elements. The inline-JSON
reader is checked on the shapes it must take apart and on input it must refuse.
"""

from __future__ import annotations

import pytest
from lxml import html

import rcc_archive.scraper.sections as sections
from rcc_archive.scraper.inline_json import JsonLimits, json_values, script_links
from rcc_archive.scraper.links import LinkLimits, scan_links
from rcc_archive.scraper.pagemeta import parse_html

PAGE = "https://cancercentrum.se/norr/om-rcc-norr/regional-cancerplan/"


def many_links_page(sections_count: int, links_per_section: int) -> str:
    """A SiteVision-like page: each h2 in its own portlet, then a file list of links."""
    parts = ["<html><body><header><nav><a href='/'>Start</a></nav></header><main>"]
    parts.append("<h1>Regional cancerplan</h1>")
    for s in range(sections_count):
        parts.append(f"<div class='sv-text-portlet'><h2>Avsnitt {s}</h2></div>")
        parts.append("<div class='sv-file-portlet'><ul>")
        parts.extend(
            f"<li class='sv-file-portlet-file'><a href='/download/18.{s:x}a/{i}/Plan%20{i}.pdf'>"
            f"Plan {s}-{i}.pdf<span class='env-assistive-text'> Pdf, 9 kB.</span></a></li>"
            for i in range(links_per_section)
        )
        parts.append("</ul></div>")
    parts.append("</main><footer><a href='/om-webbplatsen/'>Om</a></footer></body></html>")
    return "".join(parts)


def test_twenty_thousand_links_take_one_pass_and_keep_their_sections(monkeypatch):
    root = parse_html(many_links_page(sections_count=40, links_per_section=500))
    elements = sum(1 for _ in root.iter())
    calls = 0
    real = sections.heading_level

    def counting(element: html.HtmlElement) -> int | None:
        nonlocal calls
        calls += 1
        return real(element)

    monkeypatch.setattr(sections, "heading_level", counting)
    scan = scan_links(root, PAGE, LinkLimits(max_links=50_000, max_seconds=0))
    documents = [link for link in scan.links if link.is_document]
    assert len(documents) == 20_000 and scan.notes == []
    # Every link sits under its own section's heading, never a neighbour's.
    assert all(
        link.section == f"Avsnitt {link.text.split()[1].split('-')[0]}" for link in documents
    )
    assert documents[0].title == "Plan 0-0" and documents[-1].title == "Plan 39-499"
    # Linear: a few looks per element (the quadratic walk made ~20,000 × 100,000).
    assert calls <= 3 * elements, (calls, elements)
    assert scan.visits == elements - sum(1 for el in root.iter() if not isinstance(el.tag, str))


def test_a_page_over_the_link_cap_is_cut_with_the_reason_recorded():
    root = parse_html(many_links_page(sections_count=3, links_per_section=100))
    scan = scan_links(root, PAGE, LinkLimits(max_links=120))
    assert len([link for link in scan.links if link.via == "a"]) == 120
    (note,) = scan.notes
    assert "page has more than 120 links" in note
    assert "302 in all" in note and "only the first 120 were taken" in note
    assert PAGE in note


def test_a_parse_time_limit_stops_the_walk_with_the_reason():
    root = parse_html(many_links_page(sections_count=2, links_per_section=1_500))
    ticks = iter(range(1_000_000))
    walk = sections.walk_sections(
        root, lambda el: el.tag == "a", deadline=2.5, clock=lambda: next(ticks)
    )
    assert walk.stopped and "parse time limit" in walk.stopped
    assert 0 < len(walk.placed) < 3_000


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        (
            'AppRegistry.registerInitialState(\'12.abc\', {"files":[{"name":"A.pdf",'
            '"url":"/download/18.a/1/A.pdf"}]});',
            [("/download/18.a/1/A.pdf", "A.pdf")],
        ),
        (
            'ReactDOM.hydrate(React.createElement(X, {"items":[{"title":"B","href":"/b/"}]}),'
            " document.getElementById('x'));",
            [("/b/", "B")],
        ),
        ('window.__STATE__ = {"a": {"b": [{"label": "C", "path": "/c.pdf"}]}};', [("/c.pdf", "C")]),
        # JavaScript object literals are not JSON; a half-written object gives nothing.
        ("sv.PageContext = {pageId: '4.abc', url: '/x/'};", []),
        ('var x = {"files": [{"name": "Halv", "url": "/x.pdf" ;', []),
        # Strings that are not addresses stay out.
        ('x({"name": "D", "path": "Dokument/Planer", "url": "mailto:a@b.se"});', []),
    ],
)
def test_script_shapes_give_their_links(script, expected):
    root = html.fromstring(f"<div><script>{script}</script></div>")
    found = script_links(root.xpath("//script"))
    assert [(link.href, link.title) for link in found.links] == expected


def test_json_reading_is_bounded_on_hostile_scripts():
    # 5,000 unclosed brackets: each attempt fails fast and attempts are capped.
    hostile = "[" * 5_000 + '"x"'
    assert list(json_values(hostile, JsonLimits(max_attempts=50))) == []
    many = "x(" + ",".join('{"url": "/p' + str(i) + '/"}' for i in range(500)) + ")"
    root = html.fromstring(f"<div><script>{many}</script></div>")
    found = script_links(root.xpath("//script"), JsonLimits(max_nodes=100))
    assert 0 < len(found.links) <= 100
    assert any("100 values" in note for note in found.notes)
