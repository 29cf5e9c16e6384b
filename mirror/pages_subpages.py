"""cancercentrum.se sub-pages beside the plan page: the 2024–2027 Stockholm Gotland page,
the 2017 Väst page, Väst's 2025 SiteVision page and the former Uppsala Örebro folder.

Reads ``mirror.html``; writes nothing. Each function returns (URL path, HTML).
"""

from __future__ import annotations

from rcc_archive.mirror.html import PLAN_PAGE, doc_link, link, link_list, rcc_page, sitevision_page
from rcc_archive.mirror.pages_plan import NEW_WINDOW

VAST_ARCHIVE = "/vast/vara-uppdrag/strategisk-utvecklingsplan/"
VAST_SITEVISION = "/vast/om-rcc-vast/regional-cancerplan/"
UO_PAGE = "/uppsala-orebro/om-oss/strategisk-utvecklingsplan/regional-cancerplan-2015-2018/"
SG_SUBPAGE = f"/stockholm-gotland/{PLAN_PAGE}cancerplan-2024-2027/"


def stockholm_gotland_plan() -> tuple[str, str]:
    """Sub-page of the 2024–2027 plan with /contentassets/ links and a page-relative annex."""
    main = f"""<h1>Sjukvårdsregional cancerplan 2024–2027</h1>
<p class="preamble">Region Stockholm och Region Gotland har för första gången en gemensam sjukvårdsregional cancerplan.</p>
<p>Planen pekar ut fem prioriterade områden: prevention och screening, ledtider i de standardiserade vårdförloppen, kontaktsjuksköterska och Min vårdplan, cancerrehabilitering samt kompetensförsörjning. Till planen hör en årlig handlingsplan.</p>
<h2>Ladda ner cancerplanen</h2>
<p>{
        doc_link(
            "sg_plan_2024", "Sjukvårdsregional cancerplan 2024–2027" + NEW_WINDOW, new_window=True
        )
    }</p>
<h2>Bilagor</h2>
{
        link_list(
            [
                doc_link("sg_bilaga_1", "Bilaga 1 Nulägesbeskrivning (pdf)"),
                doc_link(
                    "sg_bilaga_3",
                    "Bilaga 3 Indikatorer och målvärden (pdf)",
                    "page-relative",
                    SG_SUBPAGE,
                ),
            ]
        )
    }
<h2>Handlingsplan</h2>
<p>{doc_link("sg_handlingsplan_2024", "Handlingsplan 2024 (pdf)")}</p>"""
    crumbs = [
        ("RCC Stockholm Gotland", "/stockholm-gotland/"),
        ("Strategisk utvecklingsplan", f"/stockholm-gotland/{PLAN_PAGE}"),
        ("Sjukvårdsregional cancerplan 2024–2027", None),
    ]
    info = "<p>Sidan publicerades 5 december 2023</p>"
    return SG_SUBPAGE, rcc_page(
        SG_SUBPAGE,
        "stockholm-gotland",
        "Sjukvårdsregional cancerplan 2024–2027",
        main,
        crumbs,
        page_info=info,
    )


def vast_archive() -> tuple[str, str]:
    """The 2016–17 Väst page (seed 001): one region's content, no selector."""
    main = f"""<h1>Strategisk utvecklingsplan</h1>
<p class="preamble">Regionala cancercentrum (RCC) ska utarbeta en strategisk utvecklingsplan för cancervården i sjukvårdsregionen. </p>
<p><img src="/globalassets/vara-uppdrag/strategisk-utvecklingsplan/vast/mindmapping.png" alt="Mindmapping" width="160" height="110">Planen ska baseras på de utmaningar som finns i respektive region och ska utgöra grunden för RCCs långsiktiga arbete med förebyggande insatser, cancervård, utbildnings- och kompetensfrågor samt forsknings- och innovationsfrågor.</p>
<p>I planen ska RCC beskriva långsiktiga strategier för samarbete med andra RCC på nationell nivå, kring till exempel vården av patienter med sällsynta eller svårbemästrade cancersjukdomar, och hur RCC avser delta i internationella samarbeten.</p>
<p>Samtliga RCC har tagit fram en strategisk utvecklingsplan. Du hittar dem på de regionala sidorna.</p>
<section class="regional-area">
<h2 class="regional-area__label">Regionalt innehåll</h2>
<h2>Regional utvecklingsplan för cancervården</h2>
<p>Sedan våren 2015 finns det en politiskt beslutad utvecklingsplan för cancervården i Västra sjukvårdsregionen. Planen "En ännu bättre cancervård" innehåller sex strategiska utvecklingsområden och ett antal inriktningsmål. </p>
<p><img src="/globalassets/vara-uppdrag/strategisk-utvecklingsplan/vast/omslag-en-annu-battre-cancervard.png" alt="Bild på omslag" width="120" height="170">Utgångspunkten i planen är hur en långsiktigt hållbar cancervård kan skapas. Bakgrunden är bland annat att allt fler får cancer någon gång under livet och att allt fler överlever eller lever med kronisk cancer, vilket ställer ökade krav på cancervården.</p>
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
<p>Utvecklingsplanen har karaktären av en förändringsagenda. Förhoppningen är att det ska bli ett dokument som engagerar medarbetare och ledare på alla nivåer inom det fortsatta utvecklingsarbetet</p>
<h3>Ladda ner eller beställ en tryckt version</h3>
<p>{doc_link("vast_plan_2015", "En ännu bättre cancervård" + NEW_WINDOW, new_window=True)}</p>
<p>Tryckta exemplar av utvecklingsplanen kan beställas av verksamheter i cancervården genom Adress- och distributionscentrum vid Regionservice i Västra Götalandsregionen.</p>
<p>Planen beställs i buntar om 5 exemplar och beställningen  kan göras via formulär på webbplatsen:  {link("http://www.vgregion.se/adc", "http://www.vgregion.se/adc")} (Använd sökordet "cancervård" i databasen.) Det går också bra att skicka en beställning via e-post som skickas till: {link("mailto:adress.distributionscentrum@vgregion.se", "adress.distributionscentrum@vgregion.se")} </p>
</section>"""
    info = """<p>Gemensam information uppdaterad: 16 augusti 2017</p>
<p>Regional faktaägare: Thomas Björk-Eriksson, verksamhetschef RCC Väst<br>
Regionalt ansvarig redaktör: <a href="mailto:kommunikation@rccvast.se">kommunikation@rccvast.se</a><br>
Regional information uppdaterad: 13 juli 2017</p>"""
    crumbs = [("RCC Väst", "/vast/"), ("Strategisk utvecklingsplan", None)]
    return VAST_ARCHIVE, rcc_page(
        VAST_ARCHIVE, "vast", "Strategisk utvecklingsplan", main, crumbs, page_info=info
    )


def vast_sitevision() -> tuple[str, str]:
    """RCC Väst's 2025 SiteVision page; documents under /download/18.…/<ms>/<file name>."""
    portlets = [
        """<h1 class="heading-1">Regional cancerplan</h1>
<p class="sv-font-ingress">Regional cancerplan för Västra sjukvårdsregionen 2024–2027 beskriver hur Västra Götalandsregionen och Region Halland tillsammans ska utveckla cancervården.</p>""",
        f"""<h2 class="heading-2">Regional cancerplan 2024–2027</h2>
<p class="normal">Planen beslutades av Västra Götalandsregionens regionstyrelse och Region Hallands hälso- och sjukvårdsnämnd i juni 2024. Varje nämnd tar fram en egen handlingsplan.</p>
<ul class="sv-defaultlist">
<li>{doc_link("vast_plan_2024", "Regional cancerplan Västra sjukvårdsregionen 2024–2027").replace("<a ", '<a class="sv-download" ', 1)}</li>
<li>{doc_link("vast_handlingsplan", "Handlingsplan Östra hälso- och sjukvårdsnämnden 2024").replace("<a ", '<a class="sv-download" ', 1)}</li>
</ul>""",
        f"""<h2 class="heading-2">Uppföljning</h2>
<p class="normal">Planen följs upp årligen och redovisas för regionstyrelsen.</p>
<ul class="sv-defaultlist">
<li>{doc_link("vast_uppf_2024", "Uppföljning regional cancerplan 2024–2027 år 2024").replace("<a ", '<a class="sv-download" ', 1)}</li>
</ul>""",
        '<p class="sv-font-liten">Senast uppdaterad: 19 februari 2025</p>',
    ]
    crumbs = [("RCC Väst", "/vast/"), ("Om RCC Väst", None), ("Regional cancerplan", None)]
    return VAST_SITEVISION, sitevision_page(
        VAST_SITEVISION, "Regional cancerplan", portlets, crumbs
    )


def uppsala_orebro_root() -> tuple[str, str]:
    """The former RCC Uppsala Örebro folder's start page, kept as an archive."""
    path = "/uppsala-orebro/"
    main = f"""<h1>RCC Uppsala Örebro heter nu RCC Mellansverige</h1>
<p>Sedan 2020 heter Regionalt cancercentrum Uppsala Örebro RCC Mellansverige. Äldre dokument finns kvar på de här sidorna.</p>
{link_list([link("/mellansverige/", "Till RCC Mellansverige"), link(UO_PAGE, "Regional cancerplan 2015–2018")])}"""
    crumbs = [("RCC Mellansverige", "/mellansverige/"), ("RCC Uppsala Örebro", None)]
    return path, rcc_page(path, "mellansverige", "RCC Uppsala Örebro", main, crumbs)


def uppsala_orebro_plan() -> tuple[str, str]:
    """RCC Uppsala Örebro's 2015–2018 plan and its follow-ups, under the former folder."""
    main = f"""<h1>Regional cancerplan 2015–2018</h1>
<p class="preamble">Regionalt cancercentrum Uppsala Örebro tog fram en regional cancerplan för perioden 2015–2018 tillsammans med landstingen i Uppsala-Örebroregionen.</p>
<p>Planen innehåller mål för bland annat ledtider, kontaktsjuksköterskor, cancerrehabilitering och palliativ vård. Den följdes upp årligen.</p>
<h2>Cancerplanen</h2>
<p>{
        doc_link(
            "uo_plan",
            "Regional cancerplan 2015–2018 för Uppsala-Örebroregionen" + NEW_WINDOW,
            new_window=True,
        )
    }</p>
<h2>Uppföljningar</h2>
{
        link_list(
            [
                doc_link("uo_uppf_2016", "Uppföljning 2016 av regional cancerplan (pdf)"),
                doc_link("uo_uppf_2017", "Uppföljning 2017 av regional cancerplan (pdf)"),
            ]
        )
    }"""
    crumbs = [
        ("RCC Mellansverige", "/mellansverige/"),
        ("RCC Uppsala Örebro", "/uppsala-orebro/"),
        ("Regional cancerplan 2015–2018", None),
    ]
    info = "<p>Regional information uppdaterad: 7 mars 2018</p>"
    return UO_PAGE, rcc_page(
        UO_PAGE, "mellansverige", "Regional cancerplan 2015–2018", main, crumbs, page_info=info
    )
