"""The cancercentrum.se page tree: home, region roots, "Om oss", news, plus the sub-pages.

Reads ``mirror.html``; writes nothing. ``pages()`` returns (URL path, HTML) pairs; a path
ending in "/" is written as that folder's index.html.
"""

from __future__ import annotations

from html import escape

from rcc_archive.mirror.html import (
    FOLDERS,
    PLAN_PAGE,
    SITE_NAMES,
    doc_link,
    link,
    link_list,
    rcc_page,
)
from rcc_archive.mirror.pages_plan import NEW_WINDOW, plan_page
from rcc_archive.mirror.pages_sitevision import MELL_PAGE_WWW, SYDOST_PAGE, VAST_OLD_PLAN_HREF
from rcc_archive.mirror.pages_subpages import (
    SG_SUBPAGE,
    VAST_ARCHIVE,
    VAST_SITEVISION,
    stockholm_gotland_plan,
    uppsala_orebro_plan,
    uppsala_orebro_root,
    vast_archive,
    vast_sitevision,
)

PREAMBLES = {
    "samverkan": "De sex regionala cancercentrumen samverkar nationellt för en jämlik cancervård i hela landet.",
    "mellansverige": "RCC Mellansverige arbetar för en bättre cancervård i Dalarna, Gävleborg, Sörmland, Uppsala, Värmland, Västmanland och Örebro län.",
    "norr": "RCC Norr arbetar för en bättre cancervård i Region Jämtland Härjedalen, Region Norrbotten, Region Västerbotten och Region Västernorrland.",
    "stockholm-gotland": "RCC Stockholm Gotland arbetar för en bättre cancervård i Region Stockholm och Region Gotland.",
    "syd": "RCC Syd arbetar för en bättre cancervård i Region Blekinge, Region Kronoberg, Region Skåne och södra Halland.",
    "sydost": "RCC Sydöst arbetar för en bättre cancervård i Region Jönköpings län, Region Kalmar län och Region Östergötland.",
    "vast": "RCC Väst arbetar för en bättre cancervård i Västra Götalandsregionen och norra Halland.",
}

# folder -> (headline, URL path, publication date, paragraph, extra HTML)
NEWS: dict[str, list[tuple[str, str, str, str, str]]] = {
    "samverkan": [
        (
            "Vägen framåt – ny gemensam inriktning för RCC",
            "/samverkan/om-oss/nyheter/2023/februari/vagen-framat-ny-gemensam-inriktning/",
            "10 februari 2023",
            "RCC i samverkan har beslutat om en gemensam inriktning för åren 2023–2025 med sex löften till patienter och närstående.",
            doc_link(
                "vagen_framat",
                "Vägen framåt – RCC:s gemensamma inriktning för svensk cancervård 2023–2025"
                + NEW_WINDOW,
                new_window=True,
            ),
        )
    ],
    "mellansverige": [
        (
            "Ny cancerplan för Mellansverige fastställd",
            "/mellansverige/om-oss/nyheter/2022/mars/ny-cancerplan-for-mellansverige/",
            "24 mars 2022",
            "Samverkansnämnden har fastställt cancerplanen för 2022–2024. Planen finns på sidan om strategisk utvecklingsplan.",
            link(f"/mellansverige/{PLAN_PAGE}", "Till sidan Strategisk utvecklingsplan"),
        )
    ],
    "norr": [
        (
            "Uppföljning av cancerplanen 2020 publicerad",
            "/norr/om-oss/nyheter/2021/mars/uppfoljning-av-cancerplanen-2020/",
            "12 mars 2021",
            "Nu finns uppföljningen för 2020 av Sjukvårdsregional cancerplan 2019–2021. Uppföljningen visar att pandemin påverkade ledtiderna i flera standardiserade vårdförlopp, men att arbetet med kontaktsjuksköterskor och Min vårdplan fortsatte enligt plan.",
            doc_link(
                "norr_uppf_2020", "Uppföljning (2020) Sjukvårdsregional cancerplan 2019–2021 (pdf)"
            ),
        ),
        (
            "Processplanerna uppdaterade inför 2023",
            "/norr/om-oss/nyheter/2022/december/processplanerna-uppdaterade/",
            "14 december 2022",
            "De regionala processgrupperna har gått igenom processplanerna som är underlag till cancerplanen 2022–2024.",
            link(f"/norr/{PLAN_PAGE}", "Alla processplaner"),
        ),
    ],
    "stockholm-gotland": [
        (
            "Ny sjukvårdsregional cancerplan för 2024–2027",
            "/stockholm-gotland/om-oss/nyheter/2023/december/ny-sjukvardsregional-cancerplan/",
            "5 december 2023",
            "Region Stockholm och Region Gotland har beslutat om en gemensam cancerplan för åren 2024–2027.",
            link(SG_SUBPAGE, "Läs mer om cancerplanen 2024–2027"),
        )
    ],
    "syd": [
        (
            "Södra regionvårdsnämnden har godkänt cancerplanen",
            "/syd/om-oss/nyheter/2022/oktober/cancerplanen-godkand/",
            "3 oktober 2022",
            "Cancerplan för Södra sjukvårdsregionen 2023–2025 godkändes av Södra regionvårdsnämnden den 30 september 2022.",
            "",
        )
    ],
    "sydost": [
        (
            "Regional utvecklingsplan för 2024–2026 klar",
            "/sydost/om-oss/nyheter/2024/februari/regional-utvecklingsplan-klar/",
            "15 februari 2024",
            "RCC Sydöst har tagit fram en regional utvecklingsplan som utgår från den nationella inriktningen Vägen framåt.",
            "",
        )
    ],
    "vast": [
        (
            "RCC Väst har fått ny webbplats",
            "/vast/om-oss/nyheter/2025/januari/ny-webbplats/",
            "20 januari 2025",
            "Sidorna om RCC Väst har flyttat till en ny plattform. Gamla adresser kan sluta fungera.",
            link(VAST_SITEVISION, "Regional cancerplan 2024–2027"),
        )
    ],
}


def pages() -> list[tuple[str, str]]:
    """Return every cancercentrum.se page as (URL path, HTML)."""
    out = [home()]
    for folder, _ in FOLDERS:
        out += [region_root(folder), about(folder), goals(folder), plan_page(folder)]
        out += [news_page(folder, item) for item in NEWS[folder]]
    out += [
        stockholm_gotland_plan(),
        vast_archive(),
        vast_sitevision(),
        uppsala_orebro_root(),
        uppsala_orebro_plan(),
    ]
    return out


def home() -> tuple[str, str]:
    """The national start page."""
    regions = [link(f"/{folder}/", SITE_NAMES[folder]) for folder, _ in FOLDERS]
    main = f"""<h1>Regionala cancercentrum</h1>
<p class="preamble">Regionala cancercentrum (RCC) är regionernas kunskapsorganisation inom cancerområdet. I Sverige finns sex RCC, ett i varje sjukvårdsregion.</p>
<h2>Välj region</h2>
{link_list(regions)}
<h2>Genvägar</h2>
{link_list([link("/vardprogram/", "Vårdprogram"), link("/kontakt/", "Kontakt")])}"""
    return "/", rcc_page("/", "", "Startsida", main, [("Startsida", None)])


def region_root(folder: str) -> tuple[str, str]:
    """A region's start page: shortcuts, news and (for some) direct plan links."""
    shortcuts = [
        link(f"/{folder}/{PLAN_PAGE}", "Strategisk utvecklingsplan"),
        link(f"/{folder}/vardprogram/", "Vårdprogram"),
        link(f"/{folder}/utbildning/", "Utbildning"),
        link(f"/{folder}/kontakt/", "Kontakt"),
    ]
    extra = ""
    if folder == "norr":
        extra = f"""<h2>Cancerplan för norra sjukvårdsregionen</h2>
<p>Cancerplanen gäller 2022–2024 och följs upp varje år. {doc_link("norr_plan_copy", "Cancerplan 2022–2024 (pdf)")}</p>"""
    elif folder == "sydost":
        shortcuts[1:1] = [link(SYDOST_PAGE, "Regional cancerplan 2025–2027")]
    elif folder == "mellansverige":
        # Linked with the www. host, so wget stored the page under www.cancercentrum.se/.
        shortcuts[1:1] = [link(MELL_PAGE_WWW, "Regional cancerplan 2025–2027")]
    elif folder == "vast":
        shortcuts[1:1] = [
            link(VAST_SITEVISION, "Regional cancerplan 2024–2027"),
            link(VAST_ARCHIVE, "Strategisk utvecklingsplan 2015 (arkiv)"),
        ]
        # Not updated since the plan was replaced under its SiteVision node: the old
        # timestamp answers 301 to the current file.
        # Heading and link text as on the SiteVision page, so the document's provenance
        # does not depend on which of its two links a crawl reads last.
        extra = f"""<h2>Regional cancerplan 2024–2027</h2>
<p>{link(VAST_OLD_PLAN_HREF, "Regional cancerplan Västra sjukvårdsregionen 2024–2027")}</p>"""
    news = [
        f'{link(path, title)} <span class="news-date">{date}</span>'
        for title, path, date, _, _ in NEWS[folder]
    ]
    main = f"""<h1>{escape(SITE_NAMES[folder])}</h1>
<p class="preamble">{escape(PREAMBLES[folder])}</p>
<h2>Genvägar</h2>
{link_list(shortcuts)}
{extra}
<h2>Nyheter</h2>
{link_list(news, "news-list")}"""
    return f"/{folder}/", rcc_page(
        f"/{folder}/", folder, "Startsida", main, [(SITE_NAMES[folder], None)]
    )


def about(folder: str) -> tuple[str, str]:
    """The "Om oss" page of a region."""
    path = f"/{folder}/om-oss/"
    main = f"""<h1>Om oss</h1>
<p>{escape(PREAMBLES[folder])} Vi samordnar arbetet med standardiserade vårdförlopp, vårdprogram, kvalitetsregister och cancerplaner.</p>
{link_list([link(f"/{folder}/om-oss/mal-och-inriktning/", "Mål och inriktning"), link(f"/{folder}/kontakt/", "Kontakta oss")])}"""
    return path, rcc_page(
        path, folder, "Om oss", main, [(SITE_NAMES[folder], f"/{folder}/"), ("Om oss", None)]
    )


def goals(folder: str) -> tuple[str, str]:
    """The "Mål och inriktning" page that leads to the plan page."""
    path = f"/{folder}/om-oss/mal-och-inriktning/"
    main = f"""<h1>Mål och inriktning</h1>
<p>Arbetet styrs av den nationella cancerstrategin, RCC:s gemensamma inriktning och den regionala cancerplanen.</p>
{link_list([link(f"/{folder}/{PLAN_PAGE}", "Strategisk utvecklingsplan")])}"""
    crumbs = [
        (SITE_NAMES[folder], f"/{folder}/"),
        ("Om oss", f"/{folder}/om-oss/"),
        ("Mål och inriktning", None),
    ]
    return path, rcc_page(path, folder, "Mål och inriktning", main, crumbs)


def news_page(folder: str, item: tuple[str, str, str, str, str]) -> tuple[str, str]:
    """One news article with its publication date ("Sidan publicerades 12 mars 2021")."""
    title, path, date, text, extra = item
    main = f"""<article class="news-article">
<h1>{escape(title)}</h1>
<p class="preamble">{escape(text)}</p>
{f"<p>{extra}</p>" if extra else ""}
</article>"""
    crumbs = [(SITE_NAMES[folder], f"/{folder}/"), ("Om oss", f"/{folder}/om-oss/"), (title, None)]
    return path, rcc_page(
        path, folder, title, main, crumbs, page_info=f"<p>Sidan publicerades {date}</p>"
    )
