"""Fixed texts of the mirror's special documents (the golden-test layouts) and a few others.

Reads nothing; writes nothing. ``mirror.stories`` places them; tests and README quote them.
"""

from __future__ import annotations

VAST_2015_AREAS = (
    ("Patientperspektiv i en behovsstyrd cancervård", "patient"),
    ("Förebyggande insatser och evidensbaserad screening", "prevention"),
    ("Tidig upptäckt av cancer", "screening"),
    ("Sammanhållna patientprocesser", "svf"),
    ("God palliativ vård", "palliativ"),
    ("Kompetensförsörjning, forskning och verksamhetsutveckling", "kompetens"),
)

PROMISES = (
    "Du ska få en god och jämlik cancervård oavsett var du bor.",
    "Du ska vara delaktig i din vård och få information som du förstår.",
    "Du ska ha en namngiven kontaktsjuksköterska och en skriftlig vårdplan.",
    "Du ska få snabb utredning och behandling utan onödig väntan.",
    "Du ska få stöd för rehabilitering under och efter behandlingen.",
    "Du ska få god palliativ vård i livets slutskede.",
)

NORR_HYPHENATED_LINES = (
    "Den 15 juni 2022 fastställdes Cancerplan för norra sjukvårdsregionen, tillsammans med",
    "regionernas handlingsplaner, av Förbundsdirektionen för Norra sjukvårdsregionförbun-",
    "det (NRF). Cancerplanen är den gemensamma grunden för regionernas utvecklings-",
    "planer och beskriver hur hela cancervården i Region Jämtland Härjedalen, Region",
    "Norrbotten, Region Västerbotten och Region Västernorrland ska utvecklas 2022–2024.",
    "",
    "Planen har tagits fram i nära samverkan med företrädare för hälso-",
    "och sjukvården i de fyra regionerna, patient- och närståenderådet och de regionala",
    "processledarna. Uppföljningen av de standardiserade vårdförloppen visar att SVF-",
    "ledtiderna har förbättrats för flera diagnoser, men att målet om 80 procent ännu inte",
    "nås i någon av regionerna. Därför prioriteras kapaciteten i bilddiagnostik och patologi.",
    "",
    "Cancerplanen följs upp årligen. Uppföljningen redovisas för NRF:s förbundsdirektion och",
    "ligger till grund för nästa års handlingsplaner och för den fortsatta utvecklingen av cancer-",
    "vården i sjukvårdsregionen.",
)

SYD_LEFT = (
    "Den nya cancerplanen har ett tydligt fokus på tidig diagnostik. Ju tidigare cancer "
    "upptäcks, desto större är möjligheten till bot och desto skonsammare kan behandlingen bli.",
    "Screeningprogrammen för bröstcancer, livmoderhalscancer och tjock- och ändtarmscancer ska "
    "nå alla invånare i Södra sjukvårdsregionen. Deltagandet är lägst i områden med låg "
    "socioekonomisk status, och där ska insatserna förstärkas.",
    "Diagnostiska centrum för patienter med allvarliga ospecifika symtom finns i Skåne, Blekinge "
    "och Kronoberg. Under planperioden ska vägen in till diagnostiskt centrum bli enklare för "
    "primärvården.",
)
SYD_RIGHT = (
    "Barn med cancer är ett nytt område i cancerplanen. Barnonkologiskt centrum i Lund ansvarar "
    "för den högspecialiserade vården av barn från hela sjukvårdsregionen.",
    "Familjerna ska erbjudas stöd under och efter behandlingen, och övergången till vuxenvården "
    "ska planeras i god tid. En mottagning för långtidsuppföljning efter barncancer finns vid "
    "Skånes universitetssjukhus.",
    "Jämlik tillgång till medicinteknik är det andra nya området. Protonstrålbehandling vid "
    "Skandionkliniken i Uppsala ska erbjudas alla barn och vuxna som har nytta av den.",
)

MELLANSVERIGE_LIGATURE = (
    "Varje region i sjukvårdsregion Mellansverige tar fram en egen pro\ufb01l för hur planen ska "
    "genomföras utifrån speci\ufb01ka lokala behov. Regionerna ansvarar för \ufb01nansieringen av "
    "de gemensamma satsningarna enligt den fördelningsnyckel som samverkansnämnden beslutat."
)

CONCEPT_CLUSTERS = (
    ("Patientperspektiv", 4.1, 3.2),
    ("Förebyggande och screening", 3.6, 2.4),
    ("Tidig upptäckt", 4.3, 2.9),
    ("Sammanhållna processer", 4.4, 3.5),
    ("Palliativ vård", 3.9, 2.7),
    ("Kompetens och forskning", 4.0, 2.2),
)
