"""The shared "Strategisk utvecklingsplan" page, served once per region folder.

Reads ``mirror.html`` and ``mirror.documents``; writes nothing (returns HTML). The body is
the same in all seven folders: the national text, a region selector whose links are opaque
anchors (``#region-tab-N``), then six ``div.regional-content`` sections. Only the
breadcrumb, title and active region tab differ. Structure follows the live page (seed 000).
"""

from __future__ import annotations

from rcc_archive.mirror.documents import NORR_PROCESS_PLANS
from rcc_archive.mirror.html import PLAN_PAGE, SITE_NAMES, doc_link, link, link_list, rcc_page

REGION_TABS = ("Mellansverige", "Norr", "Stockholm Gotland", "Syd", "Sydöst", "Väst")
NEW_WINDOW = " (pdf, öppnas i nytt fönster)"
REGERINGEN_PDF = (
    "https://www.regeringen.se/contentassets/5a4d8e0f0b3c4d1e9a2f7c6b8d0e1f2a/"
    "langsiktig-inriktning-for-det-nationella-arbetet-med-cancervarden.pdf"
)
# Process plans linked with another href form than root-relative (the rest use /globalassets/).
PROCESS_PLAN_FORMS = {
    "Bröstcancer": "absolute",
    "Lungcancer": "absolute-www",
    "Sarkom": "page-relative",
}
NORR_FOLLOW_UPS = (
    ("norr_uppf_2023b", "Uppföljning (2023) Sjukvårdsregional cancerplan 2022-2024", "root"),
    ("norr_uppf_2022", "Uppföljning (2022) Sjukvårdsregional cancerplan 2022-2024", "root"),
    ("norr_uppf_2021", "Uppföljning (2021) Sjukvårdsregional cancerplan 2019–2021", "root"),
    ("norr_uppf_2020", "Uppföljning (2020) Sjukvårdsregional cancerplan 2019–2021", "root"),
    ("norr_uppf_2019", "Uppföljning (2019) Sjukvårdsregional cancerplan 2019—2021", "root"),
    (
        "norr_uppf_2018",
        "Uppföljning (2018) Regional utvecklingsplan för cancervården 20162018",
        "root",
    ),
    (
        "norr_uppf_2017",
        "Uppföljning (2017) Regional utvecklingsplan för cancervården 2016–2018",
        "absolute-http",
    ),
)
NORR_EARLIER_PLANS = (
    ("norr_plan_2019", "Regional cancerplan för norra sjukvårdsregionen 2019–2021"),
    ("norr_plan_2016", "Regional utvecklingsplan för cancervården i norra regionen 2016–2018"),
    ("norr_bilaga_2016", "Bilaga 1 Målnivåer till utvecklingsplan 2016–2018"),
    ("norr_plan_2013", "Regional utvecklingsplan för cancerområdet RCC 2013–2015 rev 2014"),
)


def plan_page(folder: str) -> tuple[str, str]:
    """Return (URL path, HTML) of the shared plan page in one region folder."""
    path = f"/{folder}/{PLAN_PAGE}"
    crumbs = [
        (SITE_NAMES[folder], f"/{folder}/"),
        ("Om oss", f"/{folder}/om-oss/"),
        ("Mål och inriktning", f"/{folder}/om-oss/mal-och-inriktning/"),
        ("Strategisk utvecklingsplan", None),
    ]
    info = "<p>Gemensam information uppdaterad: 12 februari 2024</p>"
    html = rcc_page(path, folder, "Strategisk utvecklingsplan", body(path), crumbs, PLAN_PAGE, info)
    return path, html


def body(path: str) -> str:
    """The page body shared by all seven copies."""
    sections = [mellansverige(), norr(path), stockholm_gotland(), syd(), sydost(), vast()]
    tabs = [link(f"#region-tab-{n}", name) for n, name in enumerate(REGION_TABS, start=1)]
    divs = "\n".join(
        f'<div class="regional-content" id="region-tab-{n}">\n{section}\n</div>'
        for n, section in enumerate(sections, start=1)
    )
    return f"""<a class="skip-to-regional" href="#regionspecifikt-innehall">Till regionspecifikt innehåll</a>
<article class="article">
<h1>Strategisk utvecklingsplan</h1>
<p class="preamble">Regionala cancercentrum ska utarbeta en strategisk utvecklingsplan för cancervården i sjukvårdsregionen.</p>
<p>Planen ska baseras på de utmaningar som finns i respektive region och ska utgöra grunden för RCCs långsiktiga arbete med förebyggande insatser, cancervård, utbildnings- och kompetensfrågor samt forsknings- och innovationsfrågor.</p>
<p>I planen ska RCC beskriva långsiktiga strategier för samarbete med andra RCC på nationell nivå, kring till exempel vården av patienter med sällsynta eller svårbemästrade cancersjukdomar, och hur RCC avser delta i internationella samarbeten. Samtliga RCC har tagit fram en strategisk utvecklingsplan. Du hittar dem på de regionala sidorna.</p>
<p>De regionala planerna utgår från den gemensamma nationella inriktningen för de sex regionala cancercentrumen:</p>
{
        link_list(
            [
                doc_link(
                    "vagen_framat",
                    "Vägen framåt – RCC:s gemensamma inriktning för svensk cancervård 2023–2025"
                    + NEW_WINDOW,
                    new_window=True,
                ),
                doc_link("arsrapport_samverkan", "Årsrapport RCC i samverkan 2023 (pdf)"),
            ]
        )
    }
<nav class="region-selector" id="regionspecifikt-innehall">
<h2>Regionspecifikt innehåll</h2>
{link_list(tabs, "region-selector__tabs")}
</nav>
{divs}
</article>"""


def mellansverige() -> str:
    """RCC Mellansverige: the 2022–2024 plan, an .xlsx annex and a robots-hidden draft."""
    return f"""<h2>Cancerplan Mellansverige</h2>
<p>RCC Mellansveriges nuvarande cancerplan gäller från och med 2022 till och med 2024.</p>
<p>{doc_link("mell_plan", "Cancerplan Mellansverige")}</p>
<p>Cancerplanen har tagits fram tillsammans med de sju regionerna i sjukvårdsregionen och beslutades av Samverkansnämnden i Mellansverige. Varje år tas en handlingsplan fram med de aktiviteter som ska genomföras.</p>
{
        link_list(
            [
                doc_link(
                    "mell_handlingsplan",
                    "Handlingsplan 2023 för cancerplanen (pdf, nytt fönster)",
                    new_window=True,
                ),
                doc_link("mell_indikatorer", "Bilaga 2 Indikatorer (xlsx)"),
                doc_link("mell_uppf_2023", "Uppföljning av cancerplan 2022–2024, år 2023 (pdf)"),
                doc_link("mell_draft", "Utkast cancerplan 2025 (pdf)"),
            ]
        )
    }
<p>Fram till 2020 hette RCC Mellansverige RCC Uppsala Örebro. {
        link(
            "/uppsala-orebro/om-oss/strategisk-utvecklingsplan/regional-cancerplan-2015-2018/",
            "Tidigare regional cancerplan (RCC Uppsala Örebro)",
        )
    }</p>"""


def norr(path: str) -> str:
    """RCC Norr: the plan, its follow-up, 21 process plans and the earlier plans."""
    process_plans = [
        doc_link(
            "norr_pp_" + slug.replace("-", "_"),
            f"Processplan {name}",
            PROCESS_PLAN_FORMS.get(name, "root"),
            path,
            new_window=True,
        )
        for name, slug in NORR_PROCESS_PLANS
    ]
    follow_ups = [doc_link(key, text, form, path, True) for key, text, form in NORR_FOLLOW_UPS]
    earlier = [doc_link(key, text, new_window=True) for key, text in NORR_EARLIER_PLANS]
    return f"""<h2>Cancerplan 2022–2024</h2>
<p>Den 15 juni 2022 fastställdes Cancerplan för norra sjukvårdsregionen, tillsammans med regionernas handlingsplaner, av Förbundsdirektionen för Norra sjukvårdsregionförbundet (NRF).</p>
<p>{doc_link("norr_plan", "Cancerplan för norra sjukvårdsregionen 2022–2024" + NEW_WINDOW, new_window=True)}</p>
<h3>Uppföljning av cancerplan 2022-2024</h3>
<p>{doc_link("norr_uppf_2023", "Uppföljning för 2023 av cancerplanen för norra sjukvårdsregionen" + NEW_WINDOW, new_window=True)}</p>
<h3>Processplaner underlag till Cancerplanen</h3>
<p>Samtliga processplaner är PDF-filer som öppnas i nytt fönster.</p>
{link_list(process_plans)}
<h3>Tidigare uppföljningar av cancerplaner</h3>
<p>PDF-filer, öppnas i nytt fönster</p>
{link_list(follow_ups)}
<h3>Tidigare cancerplaner</h3>
{link_list(earlier)}"""


def stockholm_gotland() -> str:
    """RCC Stockholm Gotland: the 2020–2023 plan and the sub-page of the 2024–2027 plan."""
    sub_page = f"/stockholm-gotland/{PLAN_PAGE}cancerplan-2024-2027/"
    return f"""<h2>Regional cancerplan Stockholm Gotland</h2>
<p>Regionalt cancercentrum Stockholm Gotlands uppdrag är att utveckla och följa upp cancervården i sjukvårdsregionen. Cancerplanen för 2020–2023 har tagits fram i dialog med bland annat hälso- och sjukvården, patienter, närstående, forskare samt allmänheten..</p>
<p>{doc_link("sg_plan_2020", "Regional cancerplan Stockholm Gotland")}</p>
<p>{doc_link("sg_uppf_2022", "Uppföljning av regional cancerplan 2020–2023, år 2022 (pdf, nytt fönster)", "absolute-www", new_window=True)}</p>
<p>Från och med 2024 gäller en ny cancerplan för hela sjukvårdsregionen: {link(sub_page, "Sjukvårdsregional cancerplan 2024–2027")}</p>"""


def syd() -> str:
    """RCC Syd: the 2023–2025 plan, an off-site government link, follow-up and older plan."""
    image = '<img src="/globalassets/cancerplaner/syd/cancerplansyd_23-25.png" alt="cancerplansyd_23-25.png" class="image-right" width="120" height="170">'
    return f"""<h2>Regional cancerplan Södra sjukvårdsregionen</h2>
<p>{
        image
    }Den nya cancerplanen Cancerplan för Södra sjukvårdsregionen 2023–2025 har tagits fram med utgångspunkt i föregående regionala cancerplan för åren 2019-2022. Cancerplanen för Södra sjukvårdsregionen är framtagen enligt regeringens förordning som förtydligades i Långsiktig inriktning för det nationella arbetet med cancervården. I cancerplanen vidareutvecklas den nationella cancerstrategin, och den nya inriktningen har ett tydligare fokus på barncancervård, patientens ställning och preventiva insatser för tidig diagnostik genom screeningprogram.</p>
<p>{doc_link("syd_plan", "Cancerplan för Södra sjukvårdsregionen 2023-2025")}</p>
<p>Vill du beställa tryckt exemplar av cancerplanen kontakta {
        link("/syd/kontakt/", "Ingrid Vogel")
    }</p>
<p>Nya områden är barn med cancer och jämlik tillgång till medicinteknik. Cancerplanen följer indelningen i regeringens förordning, men innehåller även en demografisk bakgrund för Södra sjukvårdsregionen samt områden som är specifika för den Södra sjukvårdsregionen.</p>
<p>I den nya cancerplanen för Södra sjukvårdsregionens fortsatta arbete med cancervården poängteras:</p>
<ul>
<li>tydligt fokus på tidig diagnostik</li>
<li>satsning på barn med cancer</li>
<li>rehabiliteringsinsatser för redan drabbade individer</li>
</ul>
<p>Underlaget till cancerplanen har tagits fram av RCC Syds medarbetare tillsammans med cancersamordnare, regionala patientprocessledare och kontaktsjuksköterskor i Södra sjukvårdsregionen. Den regionala cancerplanen godkändes av Södra regionvårdsnämnden 30 september 2022.</p>
<p>{
        link(
            REGERINGEN_PDF,
            "Långsiktig inriktning för det nationella arbetet med cancervården, Regeringskansliet",
        )
    }</p>
<h3>Uppföljning och tidigare cancerplaner</h3>
{
        link_list(
            [
                doc_link(
                    "syd_uppf_2024",
                    "Uppföljning 2024 av Cancerplan för Södra sjukvårdsregionen 2023–2025 (pdf)",
                ),
                doc_link("syd_arsrapport", "Årsrapport RCC Syd 2023 (pdf)"),
                doc_link(
                    "syd_plan_2019",
                    "Regional cancerplan för Södra sjukvårdsregionen 2019–2022" + NEW_WINDOW,
                    "absolute-http",
                    new_window=True,
                ),
            ]
        )
    }"""


def sydost() -> str:
    """RCC Sydöst: no heading at all; the region shows only in the text and the tab."""
    return f"""<p>RCC Sydösts mål och aktiviteter de kommande åren utgår ifrån det nationella dokumentet Vägen framåt, RCC:s gemensamma inriktning för svensk cancervård år 2023–2025.</p>
<p>För att underlätta arbetet mot att infria våra sex löften till patienter och närstående har RCC Sydöst tagit fram en regional utvecklingsplan: </p>
<p>{
        doc_link(
            "sydost_plan",
            "Vägen Framåt RCC Sydöst, Regional utvecklingsplan för cancervården i sydöst 2024-2026 (pdf)",
        )
    }</p>
<p>&nbsp;</p>
<p><strong>Tidigare planer och uppföljningar</strong></p>
{
        link_list(
            [
                doc_link(
                    "sydost_plan_2016",
                    "Regional cancerplan för Sydöstra sjukvårdsregionen 2016-19 (pdf)",
                ),
                doc_link("sydost_uppf_2018", "Uppföljning av regional cancerplan, år 2018 (pdf)"),
                doc_link(
                    "sydost_handlingsplan",
                    "Handlingsplan för cancervården i sydöst 2020–2023 (pdf, nytt fönster)",
                    new_window=True,
                ),
            ]
        )
    }
<p>&nbsp;</p>"""


def vast() -> str:
    """RCC Väst: the 2015 plan, the evaluation report and its concept maps, order form."""
    cover = '<img src="/globalassets/vara-uppdrag/strategisk-utvecklingsplan/vast/omslag-en-annu-battre-cancervard.png" alt="Bild på omslag" width="120" height="170">'
    return f"""<h2>Regional utvecklingsplan för Västra sjukvårdsregionen</h2>
<p>Sedan våren 2015 finns det en politiskt beslutad utvecklingsplan för cancervården i Västra sjukvårdsregionen. Planen "En ännu bättre cancervård" innehåller sex strategiska utvecklingsområden och ett antal inriktningsmål. </p>
<p>{cover}Utgångspunkten i planen är hur en långsiktigt hållbar cancervård kan skapas. Bakgrunden är bland annat att allt fler får cancer någon gång under livet och att allt fler överlever eller lever med kronisk cancer, vilket ställer ökade krav på cancervården.</p>
<p>De utvecklingsområden som har valts ut är:</p>
<ul>
<li>Patientperspektiv i en behovsstyrd cancervård</li>
<li>Förebyggande insatser och evidensbaserad screening </li>
<li>Tidig upptäckt av cancer </li>
<li>Sammanhållna patientprocesser </li>
<li>God palliativ vård </li>
<li>Kompetensförsörjning, forskning och verksamhetsutveckling</li>
</ul>
<p>Planen belyser vad som behöver göras på både regionnivå, förvaltningsnivå och verksamhetsnivå. Arbetet med att ta fram planen har letts av Bo Hallin, projektledare vid RCC Väst. Den har tagits fram i samarbete med både patientrepresentanter, förvaltningsledning och centrala kanslier.</p>
<p>Planen beslutades under våren av Hälso- och sjukvårdsstyrelsen i Västra Götalandsregionen och Hälso- och sjukvårdsutskottet i Region Halland. Det kommer att skickas ut en tryckt version till flertalet chefer i regionerna och planen finns även att läsa på webben för alla som är intresserade.</p>
<p>{doc_link("vast_plan_2015", "En ännu bättre cancervård – regional utvecklingsplan 2015" + NEW_WINDOW, new_window=True)}</p>
<p>Utvecklingsplanen har karaktären av en förändringsagenda. Förhoppningen är att det ska bli ett dokument som engagerar medarbetare och ledare på alla nivåer inom det fortsatta utvecklingsarbetet.</p>
<h3>Utvärdering av genomslaget av den regionala utvecklingsplanen</h3>
<p>{doc_link("vast_rapport", 'Projektrapporten "Utvärdering av genomslaget av den regionala cancerplanen i västra sjukvårdsregionen med Concept Mapping" (pdf)')}</p>
<p>{doc_link("vast_konceptkartor", "Konceptkartor (pdf)")}</p>
<h3>Ladda ner eller beställ en tryckt version</h3>
<p>Tryckta exemplar av utvecklingsplanen kan beställas av verksamheter i cancervården genom Adress- och distributionscentrum vid Regionservice i Västra Götalandsregionen.</p>
<p>Planen beställs i buntar om 5 exemplar och beställningen  kan göras via formulär på webbplatsen:  {link("http://www.vgregion.se/adc", "http://www.vgregion.se/adc")} (Använd sökordet "cancervård" i databasen.) Det går också bra att skicka en beställning via e-post som skickas till: {link("mailto:adress.distributionscentrum@vgregion.se", "adress.distributionscentrum@vgregion.se")}</p>"""
