"""Swedish text bank for RCC Norr's process plans: one entry per diagnosis or care process.

Reads nothing; writes nothing. ``mirror.content`` writes each "Processplan …" PDF from its
entry, so a search for a diagnosis finds its own plan first.
"""

from __future__ import annotations

# diagnosis (as in the link text) -> (background, regional challenge, development areas)
DIAGNOSES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "Barnonkologi": (
        "Barnonkologin omfattar vården av barn och ungdomar upp till 18 år med cancer. Den "
        "högspecialiserade behandlingen ges vid barnonkologiska centrum i Umeå, medan delar av "
        "vården ges på barnklinikerna vid länssjukhusen.",
        "Familjerna har ofta långa resor, och samordningen mellan barnonkologiskt centrum och "
        "hemsjukhus är avgörande för en trygg vård nära hemmet.",
        (
            "Gemensamma rutiner för delad vård mellan Umeå och hemsjukhusen",
            "Mottagning för långtidsuppföljning efter barncancer",
            "Stöd till syskon och andra närstående",
        ),
    ),
    "Blodcancer": (
        "Blodcancer omfattar bland annat leukemier, lymfom och myelom. Omkring 400 personer i "
        "norra sjukvårdsregionen får varje år en blodcancerdiagnos.",
        "Allt fler lever länge med sin sjukdom, vilket ökar behovet av kontinuerlig uppföljning "
        "och läkemedelsbehandling nära hemmet.",
        (
            "Regionala behandlingsriktlinjer för myelom",
            "Transfusioner i hemsjukvård där det är möjligt",
            "Fler patienter i kliniska studier",
        ),
    ),
    "Bröstcancer": (
        "Bröstcancer är den vanligaste cancerformen hos kvinnor. Prognosen är god, men "
        "behandlingen är ofta lång och omfattar kirurgi, strålbehandling och läkemedel.",
        "Tiden från mammografiscreening till besked behöver kortas, och bröstcancervården ska "
        "bedrivas i multidisciplinära team vid samtliga bröstenheter.",
        (
            "Besked inom 14 dagar efter screeningmammografi",
            "Regional multidisciplinär konferens för bröstcancer",
            "Uppföljning av sena biverkningar efter behandling",
        ),
    ),
    "Cancerrehabilitering": (
        "Processplanen för cancerrehabilitering gäller alla diagnoser och beskriver hur "
        "rehabiliteringsbehov identifieras, bedöms och tillgodoses.",
        "Tillgången till rehabiliterande kompetenser är ojämn i regionens glesbygd, och många "
        "patienter får sin rehabilitering först efter avslutad behandling.",
        (
            "Strukturerad behovsbedömning vid diagnos",
            "Digitala rehabiliteringsbesök för patienter i glesbygd",
            "Regionalt nätverk för cancerrehabilitering",
        ),
    ),
    "Cancer utan känd primärtumör, CUP": (
        "Cancer utan känd primärtumör, CUP, innebär att cancern har spridit sig men att "
        "ursprungstumören inte kan hittas trots utredning.",
        "Utredningen är komplex och kräver snabb tillgång till PET-DT, patologi och molekylär "
        "diagnostik.",
        (
            "Diagnostiskt centrum för allvarliga ospecifika symtom i varje region",
            "Molekylärpatologisk utredning enligt vårdprogrammet",
            "Snabbare tid till multidisciplinär bedömning",
        ),
    ),
    "GEP-NET-NEC": (
        "Neuroendokrina buktumörer (GEP-NET) och neuroendokrin cancer (NEC) är ovanliga "
        "tumörer som kräver samlad kompetens.",
        "Patienterna är få och spridda över en stor yta, vilket gör regional samverkan kring "
        "diagnostik och behandling nödvändig.",
        (
            "Regional multidisciplinär konferens för neuroendokrina tumörer",
            "Samlad kompetens för peptidreceptorriktad radionuklidterapi",
        ),
    ),
    "Gynekologisk cancer": (
        "Gynekologisk cancer omfattar cancer i livmoderkropp, äggstockar, livmoderhals, vulva och "
        "vagina. Avancerad kirurgi är nivåstrukturerad till Norrlands universitetssjukhus.",
        "Ledtiderna för äggstockscancer är längre än målnivån, främst på grund av väntetider till "
        "bilddiagnostik.",
        (
            "Kortare väntetid till datortomografi vid misstänkt äggstockscancer",
            "Gemensam uppföljning efter avslutad behandling",
        ),
    ),
    "Hudmelanom": (
        "Hudmelanom ökar snabbt i Sverige och är en av de cancerformer där solvanor har störst "
        "betydelse. Tidig upptäckt ger mycket god prognos.",
        "Tillgången till dermatolog varierar, och teledermatoskopi från primärvården behöver "
        "byggas ut.",
        (
            "Teledermatoskopi på samtliga vårdcentraler",
            "Information om solskydd till skolor och förskolor",
        ),
    ),
    "Huvud- och halscancer": (
        "Huvud- och halscancer omfattar tumörer i munhåla, svalg, struphuvud, näsa och "
        "spottkörtlar. Behandlingen ges vid Norrlands universitetssjukhus.",
        "Många patienter behöver omfattande rehabilitering av tal, sväljning och nutrition efter "
        "behandlingen.",
        (
            "Dietist och logoped i teamet från diagnos",
            "Tandvårdsbedömning före strålbehandling",
            "Regional rutin för uppföljning efter behandling",
        ),
    ),
    "Livmoderhalscancerprevention": (
        "Livmoderhalscancer kan i stor utsträckning förebyggas genom HPV-vaccination och "
        "screening med HPV-test. Screeningprogrammet omfattar kvinnor mellan 23 och 70 år.",
        "Deltagandet i screeningen är lägre bland kvinnor som är födda utomlands och i vissa "
        "inlandskommuner.",
        (
            "Självprovtagning för HPV till kvinnor som inte deltagit",
            "Kallelser på flera språk",
            "Uppföljning av HPV-vaccinationstäckningen",
        ),
    ),
    "Lungcancer": (
        "Lungcancer är den cancerform som orsakar flest dödsfall i Sverige. Rökning är den "
        "viktigaste riskfaktorn, och de flesta diagnostiseras i ett sent skede.",
        "Tiden till diagnos behöver kortas, och andelen patienter som kan opereras eller få "
        "stereotaktisk strålbehandling ska öka.",
        (
            "Snabbare tid till bronkoskopi och PET-DT",
            "Rökavvänjning som del av behandlingen",
            "Förberedelser för screening för lungcancer",
        ),
    ),
    "Mammografi": (
        "Mammografiscreening erbjuds kvinnor mellan 40 och 74 år. Syftet är att upptäcka "
        "bröstcancer i ett tidigt skede när prognosen är som bäst.",
        "Bristen på bröstradiologer gör att granskningen av bilderna behöver samordnas mellan "
        "regionerna.",
        (
            "Gemensam granskning av mammografibilder inom sjukvårdsregionen",
            "Mobila mammografienheter i inlandet",
        ),
    ),
    "Matstrupe och magsäck": (
        "Cancer i matstrupe och magsäck upptäcks ofta sent, och kirurgin är koncentrerad till ett "
        "fåtal sjukhus i landet.",
        "Nutritionsstöd och prehabilitering före operation förbättrar resultaten men erbjuds inte "
        "alla patienter.",
        (
            "Prehabilitering före kirurgi",
            "Nutritionsbedömning vid diagnos",
        ),
    ),
    "Njurcancer": (
        "Njurcancer upptäcks allt oftare som bifynd vid datortomografi som görs av andra skäl. "
        "Små tumörer kan ofta följas eller behandlas med ablation.",
        "Uppföljningen efter behandling skiljer sig mellan regionerna och behöver harmoniseras.",
        (
            "Gemensam uppföljningsrutin efter kirurgi",
            "Regional konferens för metastaserad njurcancer",
        ),
    ),
    "Palliativ vård": (
        "Processplanen för palliativ vård omfattar både allmän och specialiserad palliativ vård "
        "i livets slutskede, oavsett diagnos.",
        "Stora avstånd gör att den kommunala hemsjukvården bär en stor del av vården i livets "
        "slutskede.",
        (
            "Brytpunktssamtal dokumenterade för alla patienter",
            "Konsultstöd från specialiserad palliativ vård dygnet runt",
            "Utbildning i palliativ vård för kommunens personal",
        ),
    ),
    "Prostatacancer": (
        "Prostatacancer är den vanligaste cancerformen i Sverige. Organiserad "
        "prostatacancertestning (OPT) införs stegvis i regionen.",
        "Väntetiderna till magnetkamera och biopsi är långa, och kapaciteten behöver öka i takt "
        "med att testningen byggs ut.",
        (
            "Utbyggd organiserad prostatacancertestning",
            "Fler magnetkameratider för prostatadiagnostik",
            "Regional multidisciplinär konferens för avancerad prostatacancer",
        ),
    ),
    "Sarkom": (
        "Sarkom är ovanliga tumörer i skelett och mjukdelar. Misstänkta sarkom ska utredas vid "
        "ett sarkomcentrum innan biopsi tas.",
        "Det är vanligt att sarkom opereras utan föregående utredning; sådana ingrepp ska "
        "förebyggas genom information till primärvården.",
        (
            "Remissvägar till sarkomcentrum",
            "Information om alarmsymtom till primärvården",
        ),
    ),
    "Sköldkörtelcancer": (
        "Sköldkörtelcancer har oftast god prognos, men vissa former kräver snabb och samordnad "
        "behandling.",
        "Behandling med radioaktivt jod är koncentrerad till ett sjukhus och kräver planering av "
        "resor och boende.",
        ("Samordnad planering av radiojodbehandling",),
    ),
    "Testikelcancer": (
        "Testikelcancer drabbar främst unga män och har mycket god prognos. Behandlingen följer "
        "det nationella SWENOTECA-programmet.",
        "Uppföljningen efter behandling sträcker sig över många år och ska inkludera "
        "information om fertilitet och sena biverkningar.",
        ("Fertilitetsbevarande åtgärder före behandling", "Långtidsuppföljning enligt SWENOTECA"),
    ),
    "Tjock- och ändtarmscancer": (
        "Tjock- och ändtarmscancer är den tredje vanligaste cancerformen. Screening med test för "
        "blod i avföringen införs i hela landet.",
        "Koloskopikapaciteten behöver öka för att screeningprogrammet ska kunna nå alla "
        "åldersgrupper.",
        (
            "Utökad koloskopikapacitet",
            "Screening för tjock- och ändtarmscancer till alla i åldern 60-74 år",
            "Nivåstrukturerad kirurgi för ändtarmscancer",
        ),
    ),
    "Urinblåsa och urinvägar": (
        "Cancer i urinblåsa och övre urinvägar är vanligare hos män och starkt kopplad till "
        "rökning.",
        "Tiden från synligt blod i urinen till cystoskopi ska kortas i hela regionen.",
        ("Snabbspår till cystoskopi vid synligt blod i urinen", "Rökavvänjning vid diagnos"),
    ),
}
