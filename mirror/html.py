"""HTML building blocks for the mirror: links to documents and the three page layouts.

Reads ``mirror.catalogue``; writes nothing (returns strings). Layouts: cancercentrum.se's
EPiServer pages (header, region menu, breadcrumbs, ``<main>``, footer), its newer SiteVision
pages (``sv-layout`` portlets), and www.socialstyrelsen.se.
"""

from __future__ import annotations

import posixpath
from html import escape
from urllib.parse import quote

from rcc_archive.mirror.catalogue import doc

FOLDERS: tuple[tuple[str, str], ...] = (
    ("samverkan", "RCC i samverkan"),
    ("mellansverige", "Mellansverige"),
    ("norr", "Norr"),
    ("stockholm-gotland", "Stockholm Gotland"),
    ("syd", "Syd"),
    ("sydost", "Sydöst"),
    ("vast", "Väst"),
)
SITE_NAMES = {
    folder: (name if folder == "samverkan" else f"RCC {name}") for folder, name in FOLDERS
}
PLAN_PAGE = "om-oss/mal-och-inriktning/strategisk-utvecklingsplan/"

Crumbs = list[tuple[str, str | None]]


def href(key: str, form: str = "root", page: str = "/") -> str:
    """Return the href a page uses for a document, in one of the link forms the mirror tests.

    ``form``: root (``/globalassets/…``), absolute (``https://cancercentrum.se/…``),
    absolute-www, absolute-http, or page-relative (relative to the page URL path ``page``).
    """
    host, _, path = doc(key).path.partition("/")
    encoded = "/" + quote(path, safe="/-._~")
    if form == "root":
        return encoded
    if form == "absolute":
        return f"https://{host}{encoded}"
    if form == "absolute-www":
        return f"https://www.{host}{encoded}"
    if form == "absolute-http":
        return f"http://{host}{encoded}"
    if form == "page-relative":
        return posixpath.relpath(encoded, page if page.endswith("/") else posixpath.dirname(page))
    raise ValueError(f"unknown link form {form!r}")


def doc_link(
    key: str, text: str, form: str = "root", page: str = "/", new_window: bool = False
) -> str:
    """An ``<a>`` to a document; ``new_window`` adds target=_blank as the "(…nytt fönster)" links do."""
    extra = ' target="_blank" rel="noopener"' if new_window else ""
    return f'<a href="{escape(href(key, form, page))}"{extra}>{escape(text)}</a>'


def link(url: str, text: str, cls: str = "") -> str:
    """An ``<a>`` to a page or an outside address."""
    attr = f' class="{cls}"' if cls else ""
    return f'<a href="{escape(url)}"{attr}>{escape(text)}</a>'


def link_list(items: list[str], cls: str = "link-list") -> str:
    """A ``<ul>`` of ready-made ``<a>`` elements."""
    return f'<ul class="{cls}">\n' + "\n".join(f"<li>{item}</li>" for item in items) + "\n</ul>"


def breadcrumbs(crumbs: Crumbs) -> str:
    """The breadcrumb trail; the last crumb (no URL) is the current page."""
    items = []
    for text, url in crumbs:
        if url is None:
            items.append(f'<li aria-current="page">{escape(text)}</li>')
        else:
            items.append(f"<li>{link(url, text)}</li>")
    return (
        '<nav class="breadcrumbs" aria-label="Du är här">\n<ol>\n'
        + "\n".join(items)
        + "\n</ol>\n</nav>"
    )


def rcc_page(
    path: str,
    folder: str,
    title: str,
    main: str,
    crumbs: Crumbs,
    region_menu_target: str = "",
    page_info: str = "",
) -> str:
    """A cancercentrum.se page in the EPiServer layout (used until 2025)."""
    site = SITE_NAMES.get(folder, "Regionala cancercentrum")
    base = f"/{folder}/" if folder else "/"
    menu = []
    for other, name in FOLDERS:
        cls = ' class="is-active"' if other == folder else ""
        target = f"/{other}/{region_menu_target}"
        menu.append(f'<li{cls}><a href="{target}">{escape(name)}</a></li>')
    main_menu = [
        link(f"{base}patient-och-narstaende/", "Patient och närstående"),
        link(f"{base}vardprogram/", "Vårdprogram"),
        link(f"{base}utbildning/", "Utbildning"),
        link(f"{base}om-oss/" if folder else "/samverkan/om-oss/", "Om oss"),
    ]
    info = f'<div class="page-info">\n{page_info}\n</div>\n' if page_info else ""
    return f"""<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} - {escape(site)}</title>
<link rel="canonical" href="https://cancercentrum.se{escape(path)}">
<link rel="stylesheet" href="/static/css/rcc.css">
</head>
<body class="epi-page region-{folder or "start"}">
<a class="skip-link" href="#main-content">Till huvudinnehåll</a>
<header class="site-header">
<div class="site-header__brand"><a href="{base}">Regionala cancercentrum <span>{escape(site)}</span></a></div>
<nav class="region-menu" aria-label="Välj region">
<ul>
{chr(10).join(menu)}
</ul>
</nav>
<nav class="main-menu" aria-label="Huvudmeny">
{link_list(main_menu, "main-menu__list")}
</nav>
<form class="site-search" action="/sok/" method="get" role="search"><label for="q">Sök</label><input id="q" name="q" type="search"><button type="submit">Sök</button></form>
</header>
{breadcrumbs(crumbs)}
<main id="main-content">
{main}
{info}</main>
{_rcc_footer(folder)}
</body>
</html>
"""


def _rcc_footer(folder: str) -> str:
    contact = f"/{folder}/kontakt/" if folder else "/kontakt/"
    return f"""<footer class="site-footer">
<p>Regionala cancercentrum i samverkan – en del av regionernas kunskapsstyrning.</p>
<ul class="site-footer__links">
<li>{link(contact, "Kontakt")}</li>
<li>{link("/om-webbplatsen/", "Om webbplatsen")}</li>
<li>{link("/om-webbplatsen/tillganglighetsredogorelse/", "Tillgänglighetsredogörelse")}</li>
</ul>
<ul class="site-footer__social">
<li>{link("https://www.facebook.com/regionalacancercentrum", "Facebook")}</li>
<li>{link("https://www.linkedin.com/company/regionala-cancercentrum-i-samverkan", "LinkedIn")}</li>
</ul>
</footer>"""


Portlet = str | tuple[str, str]


def sitevision_page(
    path: str,
    title: str,
    portlets: list[Portlet],
    crumbs: Crumbs,
    folder: str = "vast",
    page_id: str = "",
) -> str:
    """A cancercentrum.se page in the SiteVision layout introduced in 2025.

    A portlet is its HTML (a text portlet) or (portlet class, HTML), e.g.
    ("sv-file-portlet", …). ``page_id`` (``4.<hex>``) adds SiteVision's ``sv.PageContext``.
    """
    site = SITE_NAMES[folder]
    crumb_html = " / ".join(
        escape(text) if url is None else link(url, text, "sv-breadcrumb-link")
        for text, url in crumbs
    )
    blocks = []
    for index, portlet in enumerate(portlets, start=1):
        if isinstance(portlet, tuple):
            cls, html = portlet
            blocks.append(f'<div class="{cls} sv-portlet" id="svid12_{index}">\n{html}\n</div>')
        else:
            blocks.append(
                f'<div class="sv-text-portlet sv-use-margins" id="svid12_{index}">'
                f'<div class="sv-text-portlet-content">\n{portlet}\n</div></div>'
            )
    body = "\n".join(blocks)
    context = ""
    if page_id:
        context = (
            "\n<script>window.sv = window.sv || {}; sv.PageContext={pageId:'"
            + page_id
            + "',siteName:'Regionala cancercentrum',dateFormat:'yyyy-MM-dd',locale:'sv_SE',"
            "isEditor:false,isOffline:false};</script>"
        )
    return f"""<!DOCTYPE html>
<html lang="sv" class="sv-no-js">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} - {escape(site)}</title>
<link rel="canonical" href="https://cancercentrum.se{escape(path)}">
<link rel="stylesheet" href="/static/css/rcc.css">{context}
</head>
<body class="sv-responsive">
<div class="sv-layout" id="svid10_header">
<header class="rcc-header"><a class="rcc-header__logo" href="/{folder}/">Regionala cancercentrum – {escape(site)}</a>
<nav class="rcc-header__nav"><ul class="sv-defaultlist">
<li>{link(f"/{folder}/vardprogram/", "Vårdprogram")}</li>
<li>{link(f"/{folder}/kontakt/", "Kontakt")}</li>
</ul></nav></header>
</div>
<div class="sv-layout sv-template-portlet" id="svid10_breadcrumbs"><nav aria-label="Brödsmulor">{crumb_html}</nav></div>
<main class="sv-layout" id="svid10_main">
{body}
</main>
<div class="sv-layout" id="svid10_footer"><footer class="rcc-footer"><p>Regionala cancercentrum i samverkan</p>
<p>{link("/om-webbplatsen/", "Om webbplatsen")}</p></footer></div>
</body>
</html>
"""


def sos_page(path: str, title: str, main: str, crumbs: Crumbs) -> str:
    """A www.socialstyrelsen.se page."""
    nav = [
        link("/kunskapsstod-och-regler/", "Kunskapsstöd och regler"),
        link("/statistik-och-data/", "Statistik och data"),
        link("/publikationer/", "Publikationer"),
        link("/aktuellt/", "Aktuellt"),
        link("/om-socialstyrelsen/", "Om Socialstyrelsen"),
    ]
    trail = " › ".join(escape(text) if url is None else link(url, text) for text, url in crumbs)
    return f"""<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} - Socialstyrelsen</title>
<link rel="canonical" href="https://www.socialstyrelsen.se{escape(path)}">
<link rel="stylesheet" href="/static/css/sos.css">
</head>
<body>
<header class="header"><a class="header__logo" href="/">Socialstyrelsen</a>
<nav class="header__nav" aria-label="Huvudmeny">{link_list(nav, "header__menu")}</nav>
</header>
<nav class="breadcrumb" aria-label="Brödsmulor">{trail}</nav>
<main id="main">
{main}
</main>
<footer class="footer"><p>Socialstyrelsen, 106 30 Stockholm. Telefon 075-247 30 00.</p>
<p>{link("/om-socialstyrelsen/kontakta-oss/", "Kontakta oss")}</p></footer>
</body>
</html>
"""
