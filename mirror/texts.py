"""Swedish text bank for the mirror's documents: regions, plan areas and their indicators.

Reads nothing; writes nothing. ``mirror.content`` picks from these to write each PDF, so
documents differ by region, area and diagnosis and full-text searches find real contrasts.
Placeholders: ``{hsr}`` the healthcare region in running text, ``{rcc}``, ``{period}``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RegionFacts:
    """What a document needs to say about its healthcare region."""

    hsr: str  # in running text: "norra sjukvårdsregionen"
    intro: str
    members: tuple[tuple[str, int], ...]  # (county region, inhabitants in thousands)


REGION_FACTS: dict[str, RegionFacts] = {
    "mellansverige": RegionFacts(
        "sjukvårdsregion Mellansverige",
        "Sjukvårdsregion Mellansverige består av sju regioner med drygt två miljoner invånare. "
        "Akademiska sjukhuset i Uppsala och Universitetssjukhuset Örebro har ett särskilt ansvar "
        "för den högspecialiserade cancervården, medan länssjukhusen står för merparten av "
        "utredningarna och behandlingarna.",
        (
            ("Region Dalarna", 288),
            ("Region Gävleborg", 287),
            ("Region Sörmland", 300),
            ("Region Uppsala", 400),
            ("Region Värmland", 283),
            ("Region Västmanland", 279),
            ("Region Örebro län", 306),
        ),
    ),
    "norr": RegionFacts(
        "norra sjukvårdsregionen",
        "Norra sjukvårdsregionen omfattar mer än halva Sveriges yta men har knappt en tiondel av "
        "befolkningen. Långa avstånd, en åldrande befolkning och svårigheter att rekrytera "
        "specialister ställer särskilda krav på hur cancervården organiseras.",
        (
            ("Region Jämtland Härjedalen", 132),
            ("Region Norrbotten", 249),
            ("Region Västerbotten", 274),
            ("Region Västernorrland", 243),
        ),
    ),
    "stockholm-gotland": RegionFacts(
        "Stockholm-Gotlands sjukvårdsregion",
        "Stockholm-Gotlands sjukvårdsregion har den snabbast växande befolkningen i landet. "
        "Karolinska Universitetssjukhuset och akutsjukhusen i Stockholm samverkar med Visby "
        "lasarett kring vården av patienter som bor på Gotland.",
        (("Region Stockholm", 2420), ("Region Gotland", 61)),
    ),
    "syd": RegionFacts(
        "Södra sjukvårdsregionen",
        "Södra sjukvårdsregionen omfattar Region Skåne, Region Blekinge, Region Kronoberg och "
        "södra delen av Region Halland. Skånes universitetssjukhus har ett regionalt ansvar för "
        "den mest specialiserade cancervården.",
        (
            ("Region Blekinge", 157),
            ("Region Kronoberg", 203),
            ("Region Skåne", 1410),
            ("Region Halland (södra delen)", 190),
        ),
    ),
    "sydost": RegionFacts(
        "Sydöstra sjukvårdsregionen",
        "Sydöstra sjukvårdsregionen består av Region Jönköpings län, Region Kalmar län och Region "
        "Östergötland med sammanlagt drygt en miljon invånare. Universitetssjukhuset i Linköping "
        "är regionsjukhus för den högspecialiserade vården.",
        (
            ("Region Jönköpings län", 368),
            ("Region Kalmar län", 246),
            ("Region Östergötland", 469),
        ),
    ),
    "vast": RegionFacts(
        "Västra sjukvårdsregionen",
        "Västra sjukvårdsregionen omfattar Västra Götalandsregionen och norra delen av Region "
        "Halland. Sahlgrenska Universitetssjukhuset har ett regionalt och delvis nationellt ansvar "
        "för cancervården.",
        (("Västra Götalandsregionen", 1740), ("Region Halland (norra delen)", 150)),
    ),
    "": RegionFacts(
        "hela landet",
        "Sverige har sex regionala cancercentrum, ett i varje sjukvårdsregion. Tillsammans med "
        "regionerna arbetar RCC för en mer patientfokuserad, tillgänglig och jämlik cancervård.",
        (
            ("RCC Mellansverige", 2143),
            ("RCC Norr", 898),
            ("RCC Stockholm Gotland", 2481),
            ("RCC Syd", 1960),
            ("RCC Sydöst", 1083),
            ("RCC Väst", 1890),
        ),
    ),
}


@dataclass(frozen=True)
class Area:
    """One strategic area of a cancer plan, with the indicators it is followed up by."""

    heading: str
    paragraphs: tuple[str, ...]
    actions: tuple[str, ...]
    indicators: tuple[tuple[str, str], ...]  # (indicator, target level)


AREAS: dict[str, Area] = {
    "prevention": Area(
        "Förebyggande insatser",
        (
            "Minst en tredjedel av alla cancerfall går att förebygga genom goda levnadsvanor och "
            "minskad exponering för cancerframkallande ämnen. {rcc} ska under planperioden stödja "
            "regionerna i {hsr} i att göra det förebyggande arbetet till en självklar del av vården.",
            "Arbetet utgår från den europeiska kodexen mot cancer. Rökavvänjning inför operation, "
            "rådgivning om alkohol och solvanor samt samtal om fysisk aktivitet ska erbjudas på "
            "lika villkor i hela sjukvårdsregionen.",
            "Samarbetet med kommuner, elevhälsa och företagshälsovård behöver utvecklas, eftersom "
            "de flesta förebyggande insatser görs utanför sjukhusen. Regionernas folkhälsoenheter "
            "och {rcc} tar fram en gemensam lägesbild som följs upp årligen.",
        ),
        (
            "Öka andelen patienter som får stöd att sluta röka inför cancerbehandling",
            "Sprid kunskap om den europeiska kodexen mot cancer till vårdcentralerna",
            "Utveckla samverkan med kommunerna kring levnadsvanor och solskydd",
        ),
        (
            ("Andel rökare som erbjudits rökavvänjning före kirurgi", "minst 90 %"),
            ("Andel vårdcentraler med utbildning i levnadsvanesamtal", "100 %"),
        ),
    ),
    "screening": Area(
        "Screening och tidig upptäckt",
        (
            "Screeningprogrammen för bröstcancer, livmoderhalscancer och tjock- och "
            "ändtarmscancer räddar liv, men deltagandet skiljer sig mellan kommuner och grupper. "
            "{rcc} ska tillsammans med regionerna arbeta för att fler, särskilt de som i dag inte "
            "deltar, nås av screeningprogrammen.",
            "Under perioden {period} införs eller utvidgas screening enligt Socialstyrelsens "
            "rekommendationer. Kallelser på flera språk, självprovtagning för HPV och påminnelser "
            "via sms är exempel på åtgärder som har ökat deltagandet.",
            "Organiserad prostatacancertestning (OPT) bedrivs som ett regionalt program. "
            "Erfarenheterna från pilotverksamheten ska tas tillvara när screeningverksamheten "
            "byggs ut i {hsr}.",
        ),
        (
            "Höj täckningsgraden i screeningprogrammen till de nationella målnivåerna",
            "Minska skillnaderna i deltagande mellan kommuner och socioekonomiska grupper",
            "Säkerställ kapacitet för utredning efter positiva screeningprov",
        ),
        (
            ("Täckningsgrad, screening för livmoderhalscancer", "minst 85 %"),
            ("Deltagande i mammografiscreening", "minst 80 %"),
            ("Deltagande i screening för tjock- och ändtarmscancer", "minst 65 %"),
        ),
    ),
    "svf": Area(
        "Standardiserade vårdförlopp och ledtider",
        (
            "Standardiserade vårdförlopp (SVF) har kortat tiden från välgrundad misstanke till "
            "start av behandling för många patienter. Samtidigt når ingen region i {hsr} målet att "
            "80 procent av patienterna ska starta behandling inom den fastställda ledtiden.",
            "Ledtiderna följs månadsvis per diagnos och region. Flaskhalsar i bild- och "
            "funktionsmedicin, patologi och kirurgisk kapacitet analyseras gemensamt, och "
            "produktionsplanering används för att matcha efterfrågan och kapacitet.",
            "Alla patienter ska informeras om att de utreds inom ett standardiserat vårdförlopp. "
            "Att informationen saknas i journalen är en allvarlig brist som ska åtgärdas.",
        ),
        (
            "Analysera ledtider per diagnos och delsteg i vårdförloppet",
            "Inför gemensam produktionsplanering för bilddiagnostik och patologi",
            "Följ upp att varje patient informeras om sitt vårdförlopp",
        ),
        (
            ("Andel patienter som startar behandling inom SVF:s ledtid", "minst 80 %"),
            ("Andel patienter som informerats om SVF", "100 %"),
        ),
    ),
    "kontakt": Area(
        "Kontaktsjuksköterska och Min vårdplan",
        (
            "Alla patienter med cancer ska erbjudas en namngiven kontaktsjuksköterska och en "
            "individuell skriftlig vårdplan, Min vårdplan. Kontaktsjuksköterskan är patientens och "
            "de närståendes väg in i vården och samordnar övergångarna mellan vårdens aktörer.",
            "Min vårdplan ska finnas digitalt i 1177 och uppdateras vid varje behandlingsskifte. "
            "{rcc} stödjer införandet med utbildning, nätverksträffar och gemensamma rutiner.",
            "Kontaktsjuksköterskornas uppdrag och förutsättningar varierar mellan klinikerna. En "
            "gemensam uppdragsbeskrivning och avsatt tid för uppdraget är förutsättningar för en "
            "jämlik vård.",
        ),
        (
            "Erbjud alla patienter en namngiven kontaktsjuksköterska",
            "Inför digital Min vårdplan i samtliga cancerprocesser",
            "Utbilda nya kontaktsjuksköterskor enligt den nationella utbildningsplanen",
        ),
        (
            ("Andel patienter med namngiven kontaktsjuksköterska", "minst 95 %"),
            ("Andel patienter med Min vårdplan", "minst 90 %"),
        ),
    ),
    "rehab": Area(
        "Cancerrehabilitering",
        (
            "Cancerrehabilitering syftar till att förebygga och minska de fysiska, psykiska, "
            "sociala och existentiella följderna av cancersjukdom och behandling. Behoven ska "
            "bedömas strukturerat redan vid diagnos och följas upp under hela vårdförloppet.",
            "I {hsr} finns stora skillnader i tillgången till fysioterapeut, dietist, kurator och "
            "arbetsterapeut. Under planperioden byggs en regional struktur med "
            "rehabiliteringsteam och digitala vårdbesök för patienter som bor långt från sjukhuset.",
            "Hälsoskattningen för cancerrehabilitering används i allt fler verksamheter och ska "
            "vara införd i samtliga processer före periodens slut.",
        ),
        (
            "Bedöm rehabiliteringsbehovet vid diagnos och vid varje behandlingsskifte",
            "Bygg upp regionala team för cancerrehabilitering",
        ),
        (("Andel patienter med dokumenterad bedömning av rehabiliteringsbehov", "minst 80 %"),),
    ),
    "palliativ": Area(
        "Palliativ vård",
        (
            "Den palliativa vården ska vara tillgänglig för alla som behöver den, oavsett diagnos, "
            "ålder och bostadsort. Tidiga palliativa insatser förbättrar livskvaliteten och "
            "minskar onödiga akuta inläggningar under livets sista tid.",
            "Brytpunktssamtal, smärtskattning och ordination av vid behovsläkemedel registreras i "
            "Svenska palliativregistret. Regionerna i {hsr} ligger nära riksgenomsnittet, men "
            "skillnaderna mellan kommunerna är stora.",
            "Samverkan mellan specialiserad palliativ vård, primärvård och kommunal hemsjukvård "
            "utvecklas genom gemensamma riktlinjer och konsultstöd dygnet runt.",
        ),
        (
            "Inför gemensamma riktlinjer för palliativ vård i livets slutskede",
            "Erbjud konsultstöd från specialiserad palliativ vård dygnet runt",
        ),
        (
            ("Andel dokumenterade brytpunktssamtal", "minst 98 %"),
            ("Andel med ordination av vid behovsläkemedel mot ångest", "minst 98 %"),
        ),
    ),
    "barn": Area(
        "Barn och unga med cancer",
        (
            "Varje år insjuknar omkring 350 barn och ungdomar i Sverige i cancer. Barnonkologin "
            "är koncentrerad till sex barnonkologiska centrum, men stora delar av vården ges på "
            "hemsjukhuset nära familjen.",
            "Övergången från barn- till vuxenvård och långtidsuppföljningen efter avslutad "
            "behandling behöver utvecklas. Mottagningar för sena komplikationer ska finnas i hela "
            "{hsr}.",
        ),
        ("Inför en regional rutin för transition från barn- till vuxenvård",),
        (("Andel unga vuxna som överförts enligt rutin för transition", "minst 90 %"),),
    ),
    "kompetens": Area(
        "Kompetensförsörjning",
        (
            "Bristen på specialistsjuksköterskor, onkologer, patologer och radiologer är den "
            "största risken för att cancervården inte ska kunna utvecklas enligt planen. "
            "Utmaningarna med kompetensförsörjning genomsyrar samtliga områden.",
            "{rcc} samordnar utbildningar för kontaktsjuksköterskor och specialistsjuksköterskor i "
            "cancervård och stödjer regionerna i att planera utbildningsplatserna gemensamt.",
            "Nya arbetssätt, till exempel sjuksköterskeledda mottagningar och digital "
            "bildgranskning mellan sjukhusen, avlastar de yrkesgrupper där bristen är störst.",
        ),
        ("Gör en gemensam kompetensförsörjningsplan för cancervården",),
        (("Antal utbildade specialistsjuksköterskor i cancervård per år", "minst 40"),),
    ),
    "kunskapsstyrning": Area(
        "Kunskapsstyrning och nivåstrukturering",
        (
            "Nationella vårdprogram och standardiserade vårdförlopp utgör grunden för "
            "kunskapsstyrningen inom cancervården. De regionala patientprocessledarna ansvarar för "
            "att vårdprogrammen införs och följs upp i hela sjukvårdsregionen.",
            "Den nationella och regionala nivåstruktureringen av avancerade åtgärder fortsätter. "
            "Under perioden {period} ses fördelningen av kirurgi för matstrups-, "
            "bukspottkörtel- och ändtarmscancer över inom {hsr}.",
        ),
        ("Följ upp införandet av nya nationella vårdprogram inom sex månader",),
        (("Andel patienter som diskuterats på multidisciplinär konferens", "minst 90 %"),),
    ),
    "forskning": Area(
        "Forskning och innovation",
        (
            "Andelen patienter som inkluderas i kliniska studier ska öka. Studieenheterna vid "
            "universitetssjukhuset och länssjukhusen samarbetar för att patienter i hela regionen "
            "ska kunna erbjudas att delta.",
            "Kvalitetsregistren används för forskning och verksamhetsutveckling. {rcc} stödjer "
            "registerarbetet med monitorer, statistiker och interaktiva rapporter.",
        ),
        ("Öka antalet patienter som inkluderas i kliniska studier",),
        (("Täckningsgrad i de nationella kvalitetsregistren", "minst 95 %"),),
    ),
    "patient": Area(
        "Patientens ställning och delaktighet",
        (
            "Patienter och närstående ska vara delaktiga i sin vård och i utvecklingen av "
            "cancervården. Patient- och närståenderådet deltar i arbetet med cancerplanen och i "
            "uppföljningen av den.",
            "Patientrapporterade mått, PROM och PREM, införs stegvis i processerna så att "
            "patientens egen upplevelse av vården kan följas över tid.",
        ),
        ("Involvera patient- och närståenderådet i varje processgrupp",),
        (("Andel processer med patientrepresentant", "100 %"),),
    ),
    "jamlik": Area(
        "Jämlik cancervård",
        (
            "Cancervården i {hsr} ska vara jämlik. Skillnader i överlevnad och i tillgång till "
            "behandling mellan kön, utbildningsnivåer och bostadsorter ska analyseras och minska.",
            "Registerdata kopplade till socioekonomiska bakgrundsfaktorer gör det möjligt att "
            "synliggöra skillnaderna. Resultaten redovisas öppet för regionernas ledningar.",
        ),
        ("Redovisa skillnader i ledtider och överlevnad per region och kön",),
        (("Skillnad i ledtid mellan regionerna (dagar)", "högst 7"),),
    ),
}

PLAN_OPENINGS: tuple[str, ...] = (
    "Cancerplanen beskriver hur cancervården i {hsr} ska utvecklas under perioden {period}. "
    "Planen har tagits fram av {rcc} tillsammans med regionerna, patient- och närståenderådet "
    "och de regionala processledarna.",
    "Regionala cancercentrum ska enligt sitt uppdrag utarbeta en strategisk utvecklingsplan för "
    "cancervården. Denna plan ersätter tidigare cancerplaner och bygger på uppföljningen av dem.",
    "Antalet personer som lever med eller efter en cancersjukdom ökar varje år. Det ställer krav "
    "på att vården organiseras så att resurserna räcker till både nya patienter och till "
    "uppföljning, rehabilitering och palliativ vård.",
)

FOLLOW_UP_CLOSINGS: tuple[str, ...] = (
    "Uppföljningen visar att arbetet går framåt inom de flesta områden, men att ledtiderna i "
    "de standardiserade vårdförloppen fortfarande är för långa. Kompetensbristen påverkar "
    "möjligheten att nå målen i cancerplanen.",
    "De regionala cancerplanerna följs upp årligen och resultaten redovisas för regionernas "
    "ledningar. Uppföljningen är ett underlag för prioriteringarna under nästa år.",
)
