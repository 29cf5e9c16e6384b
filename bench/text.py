"""Generated Swedish plan text for the benchmarks: sentences, page texts and table rows.

Reads nothing; writes nothing. Everything is drawn from a ``random.Random`` the caller
seeds, so the same seed gives the same text on every machine. The word frequencies are
chosen for the search benchmark: the common term (``cancer``) is on most pages, the rare
term (``mesoteliom``) on about one page in a thousand, and the phrase (``palliativ vård``)
on roughly one page in eight.
"""

from __future__ import annotations

import random

COMMON_TERM = "cancer"
RARE_TERM = "mesoteliom"
PHRASE = '"palliativ vård"'
RARE_RATE = 0.001
PHRASE_RATE = 0.12

REGIONS = (
    "Mellansverige",
    "Norr",
    "Stockholm Gotland",
    "Syd",
    "Sydöst",
    "Väst",
)
DIAGNOSES = (
    "bröstcancer",
    "prostatacancer",
    "lungcancer",
    "tjock- och ändtarmscancer",
    "malignt melanom",
    "huvud- och halscancer",
    "äggstockscancer",
    "livmoderhalscancer",
    "njurcancer",
    "urinblåsecancer",
    "lymfom",
    "myelom",
    "akut leukemi",
    "bukspottkörtelcancer",
    "matstrups- och magsäckscancer",
)
AREAS = (
    "standardiserade vårdförlopp",
    "kontaktsjuksköterskor",
    "Min vårdplan",
    "cancerrehabilitering",
    "prevention och tidig upptäckt",
    "nivåstrukturering",
    "kvalitetsregister",
    "kliniska studier",
    "kompetensförsörjning",
    "screeningprogrammen",
    "patientens delaktighet",
    "jämlik vård",
)
SUBJECTS = (
    "Regionerna i sjukvårdsregionen",
    "Det regionala cancercentrumet",
    "Processledarna",
    "Vårdgivarna",
    "Verksamheterna",
    "Patient- och närståenderådet",
    "Styrgruppen",
    "Cancervården i regionen",
    "Primärvården",
    "Universitetssjukhuset",
)
VERBS = (
    "ska fortsätta att utveckla",
    "har under året förbättrat",
    "behöver stärka",
    "följer upp",
    "prioriterar",
    "samverkar kring",
    "inför stegvis",
    "utvärderar",
    "säkerställer",
    "har påbörjat arbetet med",
)
OBJECTS = (
    "ledtiderna från välgrundad misstanke till start av behandling",
    "tillgången till kontaktsjuksköterska för alla patienter med cancer",
    "den multidisciplinära konferensen inför behandlingsbeslut",
    "uppföljningen av cancerplanerna och handlingsplanerna",
    "rapporteringen till de nationella kvalitetsregistren",
    "arbetet med cancerrehabilitering under och efter behandlingen",
    "informationen till patienter och närstående",
    "utbildningen av personal inom cancervården",
    "den högspecialiserade vården vid universitetssjukhusen",
    "screeningen för livmoderhalscancer och tjocktarmscancer",
    "de regionala processplanerna för varje diagnos",
    "uppföljningen av läkemedelsbehandlingar",
)
ENDINGS = (
    "under planperioden.",
    "i hela sjukvårdsregionen.",
    "enligt den nationella cancerstrategin.",
    "i nära samverkan med patientföreträdare.",
    "så att vården blir mer jämlik.",
    "och resultaten redovisas i årsrapporten.",
    "med stöd av indikatorer från kvalitetsregistren.",
    "för att korta väntetiderna.",
)
EXTRA = (
    "Andelen patienter som fick behandling inom målnivån var {p} procent år {y}.",
    "Målet är att minst {p} procent av patienterna ska ha en aktuell Min vårdplan.",
    "Under {y} genomfördes {n} utbildningsinsatser för kontaktsjuksköterskor.",
    "Väntetiderna inom {d} har minskat jämfört med föregående år.",
    "Processplanen för {d} uppdateras vartannat år.",
    "Regionerna redovisar {n} multidisciplinära konferenser per månad.",
    "Vården av patienter med {d} koncentreras till färre enheter.",
    "Cancerplanerna för {y}–{y2} bygger på den nationella strategin.",
)
PALLIATIVE = (
    "Tillgången till palliativ vård i livets slutskede ska vara jämlik i hela regionen.",
    "Den specialiserade palliativa vården samverkar med primärvården och hemsjukvården.",
    "Brytpunktssamtal inför palliativ vård ska dokumenteras i journalen.",
)
RARE = (
    "Utredningen av misstänkt mesoteliom samlas till ett universitetssjukhus.",
    "Patienter med mesoteliom erbjuds bedömning vid en nationell multidisciplinär konferens.",
)
TABLE_HEADERS = (
    ("Indikator", "Målnivå", "Region", "Utfall {y}", "Förändring"),
    ("Diagnos", "Antal patienter", "Inom SVF-tid", "Andel (%)", "Kommentar"),
    ("Åtgärd", "Ansvarig", "Start", "Klart", "Status"),
)
STATUSES = ("pågår", "klar", "ej påbörjad", "försenad", "delvis klar")


def sentence(rng: random.Random) -> str:
    """Return one plan-like Swedish sentence."""
    if rng.random() < 0.35:
        template = rng.choice(EXTRA)
        year = rng.randint(2015, 2026)
        return template.format(
            p=rng.randint(40, 98),
            y=year,
            y2=year + 3,
            n=rng.randint(3, 250),
            d=rng.choice(DIAGNOSES),
        )
    return (
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
        f"inom {rng.choice(AREAS)} {rng.choice(ENDINGS)}"
    )


def paragraph(rng: random.Random, sentences: int) -> str:
    """Return a paragraph of ``sentences`` sentences."""
    return " ".join(sentence(rng) for _ in range(sentences))


def heading(rng: random.Random, number: int) -> str:
    """Return a numbered section heading."""
    return f"{number}. {rng.choice(AREAS).capitalize()} – {rng.choice(REGIONS)}"


def page_paragraphs(rng: random.Random, paragraphs: int, sentences: int) -> list[str]:
    """Return a page's paragraphs, with the phrase and the rare term at their set rates."""
    texts = [paragraph(rng, sentences) for _ in range(paragraphs)]
    if rng.random() < PHRASE_RATE:
        texts[rng.randrange(len(texts))] += " " + rng.choice(PALLIATIVE)
    if rng.random() < RARE_RATE:
        texts[rng.randrange(len(texts))] += " " + rng.choice(RARE)
    return texts


def page_text(rng: random.Random, paragraphs: int = 3, sentences: int = 4) -> str:
    """Return the text of one generated page: a heading and its paragraphs."""
    lines = [heading(rng, rng.randint(1, 12)), *page_paragraphs(rng, paragraphs, sentences)]
    return "\n".join(lines)


def table_rows(rng: random.Random, rows: int) -> list[list[str]]:
    """Return a table (header first) of indicators, diagnoses or actions."""
    year = rng.randint(2018, 2026)
    header = [cell.format(y=year) for cell in rng.choice(TABLE_HEADERS)]
    body = []
    for _ in range(rows):
        body.append(
            [
                rng.choice(DIAGNOSES).capitalize(),
                f"{rng.randint(40, 95)} %",
                rng.choice(REGIONS),
                str(rng.randint(10, 2500)),
                rng.choice(STATUSES),
            ]
        )
    return [header, *body]
