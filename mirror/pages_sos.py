"""The www.socialstyrelsen.se pages: the news article (seed 004) and two publication pages.

Reads ``mirror.html``; writes nothing. ``pages()`` returns (URL path, HTML) pairs. The 2023
publication page uses the ``publication-wrapper`` layout; the 2021 one the newer
``publication-hero`` layout, with its PDF under /contentassets/.
"""

from __future__ import annotations

import json
from html import escape

from rcc_archive.mirror.html import doc_link, link, link_list, sos_page
from rcc_archive.mirror.pages_sitevision import SOS_OLD_2025_HREF, SOS_PUB_2025

ARTICLE = "/aktuellt/forslag-pa-hur-regionala-cancercentrum-kan-utvecklas/"
PUB_2023 = "/publikationer/analys-av-utvecklingen-vid-regionala-cancercentrum-2023-9-8752/"
PUB_2021 = "/publikationer/uppfoljning-och-analys-av-regionala-cancercentrum-2021-10-7591/"
PUB_2025 = SOS_PUB_2025
CANCER_LIST = "/publikationer/publikationer-om-cancervard/"
SEARCH = "/sok/?q=cancerplan"


def pages() -> list[tuple[str, str]]:
    """Return every www.socialstyrelsen.se page as (URL path, HTML)."""
    return [
        home(),
        news_list(),
        publication_list(),
        article(),
        publication_2023(),
        publication_2021(),
        cancer_publications(),
        publication_2025(),
    ]


def home() -> tuple[str, str]:
    """The start page."""
    main = f"""<h1>Socialstyrelsen</h1>
<p>Socialstyrelsen är en statlig myndighet under Socialdepartementet.</p>
<h2>Aktuellt</h2>
{link_list([link(ARTICLE, "Förslag på hur regionala cancercentrum kan utvecklas")])}
{link_list([link("/aktuellt/", "Fler nyheter"), link("/publikationer/", "Publikationer")])}"""
    return "/", sos_page("/", "Startsida", main, [("Startsida", None)])


def news_list() -> tuple[str, str]:
    """The news listing."""
    main = f"""<h1>Aktuellt</h1>
{link_list([link(ARTICLE, "Förslag på hur regionala cancercentrum kan utvecklas") + " <span>2023-10-04</span>"])}"""
    return "/aktuellt/", sos_page(
        "/aktuellt/", "Aktuellt", main, [("Startsida", "/"), ("Aktuellt", None)]
    )


def publication_list() -> tuple[str, str]:
    """The publication listing."""
    main = f"""<h1>Publikationer</h1>
{
        link_list(
            [
                link(PUB_2023, "Analys av utvecklingen vid regionala cancercentrum"),
                link(PUB_2021, "Uppföljning och analys av regionala cancercentrum 2021"),
                link(CANCER_LIST, "Publikationer om cancervård"),
            ]
        )
    }
<p>{link(SEARCH, "Sök fler publikationer om cancerplan")}</p>"""
    crumbs = [("Startsida", "/"), ("Publikationer", None)]
    return "/publikationer/", sos_page("/publikationer/", "Publikationer", main, crumbs)


def article() -> tuple[str, str]:
    """The 2023 news article (seed 004) linking the publication page."""
    main = f"""<article class="article">
<img src="/globalassets/bilder/nyheter/vardpersonal-uppdragslador.png" alt="Suddig vårdpersonal kollar i blåa uppdragslådor." width="320" height="180">
<h1>Förslag på hur regionala cancercentrum kan utvecklas</h1>
<p class="article__meta">Publicerad: <time datetime="2023-10-04">2023-10-04</time></p>
<p class="preamble">Nu har Socialstyrelsen publicerat analysen av utvecklingen vid de sex regionala cancercentrum som finns i Sverige. Socialstyrelsen konstaterar att det fungerar bra överlag samtidigt som det finns utrymme för förbättringar.</p>
<p>Analysen fokuserar på två områden:</p>
<ul>
<li>ett mer effektivt arbete med att förebygga cancer och upptäcka cancer tidigt,</li>
<li>mer sammanhållna vårdprocesser där endast medicinskt motiverade väntetider förekommer.</li>
</ul>
<p>– De regionala cancercentrumen (RCC) i Sverige bedriver ett framgångsrikt arbete på många sätt. Samtidigt har de olika förutsättningar och utmaningar. Det kan till exempel vara en större utmaning att nå ut och skapa samsyn när fler regioner ingår i sjukvårdsregionen eller att styrmodeller och val av organisering av RCC är olika, säger Louise Strandendahl, utredare på Socialstyrelsen.</p>
<h2>Förslag på utvecklingsområden</h2>
<p>Det är viktigt att ta hänsyn till olikheterna men också att utifrån dem dra lärdomar som bidrar till att de regionala cancercentrumen kan utvecklas och förbättras gemensamt. I Socialstyrelsens analys av utvecklingen vid RCC ger vi  bland annat följande förslag till utveckling:</p>
<ul>
<li>Identifiera RCC:s roll och uppdrag inom omställningen till en god och nära vård.</li>
<li>Tydliggör RCC:s uppdrag inom prevention och utöka samarbetet med andra aktörer som arbetar med prevention.</li>
<li>Arbeta mer aktivt och långsiktigt för att nå personer som idag inte deltar i screeningprogrammen.</li>
<li>Utvärdera de standardiserade vårdförloppen.</li>
</ul>
<p>Vi uppmärksammar samtidigt</p>
<ul>
<li>Att alla patienter inte informeras om att de utreds inom ett standardiserat vårdförlopp är en mycket allvarlig brist där det behövs förändring.</li>
<li>Utmaningar med kompetensförsörjning genomsyrar samtliga områden.</li>
<li>Ett utökat samarbete och erfarenhetsutbyte behövs mellan respektive RCC.</li>
</ul>
<div class="publication-teaser">
<h2>Läs mer i vår analys</h2>
<p>{link(PUB_2023, "Analys av utvecklingen vid regionala cancercentrum", "publication-teaser__link")}<span class="publication-teaser__meta">Artikelnummer: 2023-9-8752|Publicerad: 2023-10-04</span></p>
</div>
<p>Analysen görs vart annat år. Analysen 2021 var mer övergripande och två av utvecklingsförslagen var då att:</p>
<ul>
<li>Utveckla helhetsperspektivet på cancervården – från förebyggande arbete och tidig upptäckt till rehabilitering och palliativ vård.</li>
<li>Prioritera utvärdering som visar på värdet av insatserna, snarare än be-skrivningar av genomförda aktiviteter.</li>
</ul>
<p>Analysen fungerar som stöd till både RCC och deras samverkansparter i deras arbete. Den är samtidigt ett underlag för regeringen för den årliga överenskommelsen mellan staten och SKR om uppdatering av den nationella cancerstrategin.</p>
<p>&nbsp;</p>
<h2>Fakta om regionala cancercentrum</h2>
<p>Regionala cancercentrum (RCC) är regionernas kunskapsorganisation inom cancerområdet. I Sverige finns sex RCC, ett i varje sjukvårdsregion. Tillsammans med regionerna arbetar RCC för en mer patientfokuserad, tillgänglig och jämlik cancervård.</p>
<p>{link(SEARCH, "Sök fler publikationer om cancerplan")}</p>
</article>"""
    crumbs = [
        ("Startsida", "/"),
        ("Aktuellt", "/aktuellt/"),
        ("Förslag på hur regionala cancercentrum kan utvecklas", None),
    ]
    return ARTICLE, sos_page(
        ARTICLE, "Förslag på hur regionala cancercentrum kan utvecklas", main, crumbs
    )


def publication_2023() -> tuple[str, str]:
    """The 2023 analysis in the publication-wrapper layout."""
    main_doc = doc_link("sos_analys_2023", "Öppna publikation").replace(
        "<a ", '<a class="publication-wrapper__main-doc" ', 1
    )
    main = f"""<div class="publication-wrapper">
<div class="publication-wrapper__image"><img src="/globalassets/bilder/publikationer/2023-9-8752-omslag.png" alt="Omslag till publikationen" width="120" height="170"></div>
<div class="publication-wrapper__content">
<h1>Analys av utvecklingen vid regionala cancercentrum</h1>
<p class="publication-wrapper__meta"><span>Artikelnummer: 2023-9-8752</span> | <span>Publicerad: 2023-10-04</span></p>
<p class="preamble">Socialstyrelsen har analyserat utvecklingen vid de sex regionala cancercentrumen med fokus på förebyggande arbete, tidig upptäckt och sammanhållna vårdprocesser.</p>
{main_doc}
<dl class="publication-wrapper__facts">
<dt>Format</dt><dd>PDF</dd>
<dt>Språk</dt><dd>Svenska</dd>
</dl>
<h2>Tidigare utgåvor</h2>
<p>{link(PUB_2021, "Tidigare analys 2021")}</p>
<h2>Nyare utgåva</h2>
<p>{link(SOS_OLD_2025_HREF, "Analys av utvecklingen vid regionala cancercentrum 2025 (pdf)")}</p>
<p>{link(CANCER_LIST, "Fler publikationer om cancervård")}</p>
</div>
</div>"""
    crumbs = [
        ("Startsida", "/"),
        ("Publikationer", "/publikationer/"),
        ("Analys av utvecklingen vid regionala cancercentrum", None),
    ]
    return PUB_2023, sos_page(
        PUB_2023, "Analys av utvecklingen vid regionala cancercentrum", main, crumbs
    )


def publication_2021() -> tuple[str, str]:
    """The 2021 analysis in the newer publication-hero layout."""
    download = doc_link("sos_analys_2021", "Ladda ner publikationen (pdf)").replace(
        "<a ", '<a class="publication-hero__download" download ', 1
    )
    main = f"""<article class="publication-page">
<header class="publication-hero">
<p class="publication-hero__type">Publikation</p>
<h1 class="publication-hero__title">Uppföljning och analys av regionala cancercentrum 2021</h1>
<ul class="publication-hero__meta"><li>Artikelnummer: 2021-10-7591</li><li>Publicerad: 2021-10-14</li></ul>
{download}
</header>
<section class="publication-page__summary">
<h2>Sammanfattning</h2>
<p>Analysen beskriver utvecklingen vid de regionala cancercentrumen och ger förslag på hur arbetet kan utvecklas, bland annat att utveckla helhetsperspektivet på cancervården och att prioritera utvärdering som visar värdet av insatserna.</p>
</section>
</article>"""
    crumbs = [
        ("Startsida", "/"),
        ("Publikationer", "/publikationer/"),
        ("Uppföljning och analys av regionala cancercentrum 2021", None),
    ]
    return PUB_2021, sos_page(
        PUB_2021, "Uppföljning och analys av regionala cancercentrum 2021", main, crumbs
    )


def cancer_publications() -> tuple[str, str]:
    """Today's publication list: the items exist only in the React component's JSON props."""
    items = [
        {
            "name": "Analys av utvecklingen vid regionala cancercentrum 2025",
            "url": PUB_2025,
            "articleNumber": "2025-9-9654",
            "publishOnWebFrom": "2025-09-30T08:00:00",
        },
        {
            "name": "Analys av utvecklingen vid regionala cancercentrum",
            "url": PUB_2023,
            "articleNumber": "2023-9-8752",
            "publishOnWebFrom": "2023-10-04T08:00:00",
        },
        {
            "name": "Uppföljning och analys av regionala cancercentrum 2021",
            "url": PUB_2021,
            "articleNumber": "2021-10-7591",
            "publishOnWebFrom": "2021-10-14T08:00:00",
        },
    ]
    props = json.dumps({"publicationPages": items, "heading": "Cancervård"}, ensure_ascii=False)
    main = f"""<h1>Publikationer om cancervård</h1>
<div id="publication-category-list"></div>
<script>ReactDOM.hydrate(React.createElement(SOS.Components.PublicationCategoryList, {props}), document.getElementById("publication-category-list"));</script>
<noscript>{escape("Aktivera JavaScript för att se listan.")}</noscript>"""
    crumbs = [("Startsida", "/"), ("Publikationer", "/publikationer/"), ("Cancervård", None)]
    return CANCER_LIST, sos_page(CANCER_LIST, "Publikationer om cancervård", main, crumbs)


def publication_2025() -> tuple[str, str]:
    """Today's publication page: ``a.publication-wrapper__main-doc``, ``span.date``."""
    title = "Analys av utvecklingen vid regionala cancercentrum 2025"
    main_doc = doc_link("sos_analys_2025", "Öppna publikation").replace(
        "<a ", '<a class="publication-wrapper__main-doc" ', 1
    )
    main = f"""<div class="publication-wrapper">
<div class="publication-wrapper__content">
<h1>{title}</h1>
<p class="publication-wrapper__meta"><span>Artikelnummer: 2025-9-9654</span> <span class="date">Publicerad: 2025-09-30</span></p>
<p class="preamble">Socialstyrelsen följer upp de regionala cancercentrumen vartannat år. I årets analys ligger fokus på ledtider i de standardiserade vårdförloppen och på kompetensförsörjningen.</p>
{main_doc}
</div>
</div>"""
    crumbs = [("Startsida", "/"), ("Publikationer", "/publikationer/"), (title, None)]
    return PUB_2025, sos_page(PUB_2025, title, main, crumbs)
