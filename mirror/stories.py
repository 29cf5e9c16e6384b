"""Choose and write the story of each mirror document, including the special test layouts.

Reads the text banks through ``mirror.content``; writes nothing. ``story(doc)`` is what
``mirror.pdfs`` renders. The special documents (two columns, hyphenated lines with a
running footer, an "ﬁ" ligature, a concept-map drawing) are described in mirror/README.md.
"""

from __future__ import annotations

import random

from rcc_archive.mirror import content as c
from rcc_archive.mirror.content import Block
from rcc_archive.mirror.documents import Doc
from rcc_archive.mirror.texts import AREAS
from rcc_archive.mirror.texts_special import (
    CONCEPT_CLUSTERS,
    MELLANSVERIGE_LIGATURE,
    NORR_HYPHENATED_LINES,
    PROMISES,
    SYD_LEFT,
    SYD_RIGHT,
    VAST_2015_AREAS,
)


def story(doc: Doc) -> list[Block]:
    """Return the blocks of a document, cover page first."""
    rng = c.rng_for(doc)
    special = _SPECIAL.get(doc.key)
    if special:
        body = special(doc, rng)
    elif doc.kind == "processplan":
        body = c.process_plan_story(doc, rng)
    elif doc.kind == "uppfoljning":
        body = c.follow_up_story(doc, rng)
    elif doc.kind == "handlingsplan":
        body = c.action_plan_story(doc, rng)
    elif doc.kind == "bilaga":
        body = c.annex_story(doc, rng)
    elif doc.kind == "rapport":
        body = annual_report_story(doc, rng)
    else:
        body = c.plan_story(doc, rng)
    return [*c.cover(doc), *body]


def norr_plan_story(doc: Doc, rng: random.Random) -> list[Block]:
    """RCC Norr's plan: page 2 opens with explicitly broken, hyphenated lines."""
    return [
        ("h1", "Inledning"),
        ("hyphenated", list(NORR_HYPHENATED_LINES)),
        *c.plan_story(doc, rng)[1:],
    ]


def syd_plan_story(doc: Doc, rng: random.Random) -> list[Block]:
    """RCC Syd's plan: page 2 is set in two columns, left column read first."""
    left: list[Block] = [("h2", "Tidig upptäckt och diagnostik"), *(("p", t) for t in SYD_LEFT)]
    right: list[Block] = [("h2", "Barn och unga med cancer"), *(("p", t) for t in SYD_RIGHT)]
    rest = c.plan_story(doc, rng, must=("barn", "screening", "rehab"))
    return [("columns", left, right), ("pagebreak",), *rest]


def mellansverige_plan_story(doc: Doc, rng: random.Random) -> list[Block]:
    """RCC Mellansverige's plan: one paragraph is drawn with the "ﬁ" ligature glyph."""
    blocks = c.plan_story(doc, rng)
    at = next(i for i, block in enumerate(blocks) if block[0] == "h1" and i > 0)
    return [
        *blocks[:at],
        ("h2", "Genomförande i regionerna"),
        ("ligature", MELLANSVERIGE_LIGATURE),
        *blocks[at:],
    ]


def vast_2015_story(doc: Doc, rng: random.Random) -> list[Block]:
    """RCC Väst's 2015 plan "En ännu bättre cancervård" with its six development areas."""
    blocks: list[Block] = [
        ("h1", "Inledning"),
        (
            "p",
            "Sedan våren 2015 finns det en politiskt beslutad utvecklingsplan för cancervården i "
            "Västra sjukvårdsregionen. Planen innehåller sex strategiska utvecklingsområden och ett "
            "antal inriktningsmål.",
        ),
        (
            "p",
            "Utgångspunkten i planen är hur en långsiktigt hållbar cancervård kan skapas. Allt "
            "fler får cancer någon gång under livet, och allt fler överlever eller lever med "
            "kronisk cancer, vilket ställer ökade krav på cancervården.",
        ),
        ("h2", "Sjukvårdsregionen i siffror"),
        c.region_table(doc, rng),
        ("h1", "Sex strategiska utvecklingsområden"),
        ("bullets", [heading for heading, _ in VAST_2015_AREAS]),
    ]
    for heading, key in VAST_2015_AREAS:
        blocks += c.area_blocks(doc, key, rng, heading)
    return blocks


def national_plan_story(doc: Doc, rng: random.Random) -> list[Block]:
    """RCC i samverkan's "Vägen framåt": six promises and the national direction."""
    keys = ["screening", "svf", "kontakt", "rehab", "palliativ", "kunskapsstyrning"]
    blocks: list[Block] = [
        ("h1", "RCC:s gemensamma inriktning"),
        ("p", c.REGION_FACTS[""].intro),
        (
            "p",
            "Vägen framåt beskriver vad de sex regionala cancercentrumen gemensamt ska uppnå under "
            "perioden 2023–2025. De regionala cancerplanerna utgår från inriktningen och anger hur "
            "den genomförs i respektive sjukvårdsregion.",
        ),
        ("h1", "Våra sex löften till patienter och närstående"),
        ("bullets", list(PROMISES)),
        ("h2", "RCC i siffror"),
        c.region_table(doc, rng),
    ]
    for key in keys:
        blocks += [("h2", AREAS[key].heading), ("p", c.fill(AREAS[key].paragraphs[0], doc))]
    return blocks


def annual_report_story(doc: Doc, rng: random.Random) -> list[Block]:
    """An annual report: the year in brief, key figures, and work per area."""
    year = int(doc.year)
    rows = [["Nyckeltal", str(year - 1), str(year)]]
    for label, low, high in (
        ("Andel inom SVF-ledtid", 48, 66),
        ("Andel med namngiven kontaktsjuksköterska", 80, 96),
        ("Deltagande i mammografiscreening", 76, 88),
        ("Patienter i kliniska studier", 900, 1600),
    ):
        unit = "" if high > 100 else " %"
        rows.append([label, f"{rng.randint(low, high)}{unit}", f"{rng.randint(low, high)}{unit}"])
    blocks: list[Block] = [
        ("h1", "Året i korthet"),
        (
            "p",
            c.fill(
                "Under {period} har {rcc} fortsatt arbetet med att genomföra cancerplanen "
                "tillsammans med regionerna. Den här rapporten sammanfattar året.",
                doc,
            ),
        ),
        ("table", rows),
    ]
    for key in c.pick_areas(doc, rng, 4):
        blocks += [("h2", AREAS[key].heading), ("p", c.fill(AREAS[key].paragraphs[1], doc))]
    return blocks


def project_report_story(doc: Doc, rng: random.Random) -> list[Block]:
    """RCC Väst's concept-mapping evaluation of the 2015 plan."""
    rows = [["Kluster", "Viktighet (1–5)", "Genomslag (1–5)"]]
    rows += [
        [name, f"{imp:.1f}".replace(".", ","), f"{eff:.1f}".replace(".", ",")]
        for name, imp, eff in CONCEPT_CLUSTERS
    ]
    return [
        ("h1", "Sammanfattning"),
        (
            "p",
            "Projektet har utvärderat genomslaget av den regionala cancerplanen i västra "
            "sjukvårdsregionen med Concept Mapping, en metod där deltagarna själva formulerar, "
            "sorterar och värderar påståenden om planens områden.",
        ),
        ("h1", "Metod"),
        (
            "p",
            "Sammanlagt 84 chefer, medarbetare och patientrepresentanter deltog. Påståendena "
            "grupperades statistiskt till sex kluster som redovisas i konceptkartorna.",
        ),
        ("h1", "Resultat"),
        ("table", rows),
        (
            "p",
            "Skillnaden mellan viktighet och genomslag är störst för kompetensförsörjning och "
            "förebyggande insatser, medan sammanhållna patientprocesser har fått störst genomslag.",
        ),
        ("h1", "Slutsatser"),
        ("p", c.fill(AREAS["kompetens"].paragraphs[0], doc)),
    ]


def concept_map_story(doc: Doc, rng: random.Random) -> list[Block]:
    """The concept maps: a drawing of the six clusters and their ratings."""
    return [
        ("h1", "Konceptkarta över genomslaget"),
        ("conceptmap", list(CONCEPT_CLUSTERS)),
        (
            "p",
            "Kartan visar hur deltagarna grupperade påståendena. Klustrens storlek motsvarar "
            "antalet påståenden, och avståndet mellan klustren hur ofta de sorterades tillsammans.",
        ),
    ]


def analysis_story(doc: Doc, rng: random.Random) -> list[Block]:
    """Socialstyrelsen's analysis of the development at the six RCC."""
    rows = [["RCC", "Invånare (tusental)", "Andel inom SVF-ledtid", "Deltagande mammografi"]]
    for name, people in c.REGION_FACTS[""].members:
        rows.append(
            [name, c.thousands(people), f"{rng.randint(44, 63)} %", f"{rng.randint(74, 89)} %"]
        )
    if doc.year == "2021":
        proposals = [
            "Utveckla helhetsperspektivet på cancervården – från förebyggande arbete och tidig "
            "upptäckt till rehabilitering och palliativ vård.",
            "Prioritera utvärdering som visar på värdet av insatserna, snarare än beskrivningar av "
            "genomförda aktiviteter.",
        ]
    else:
        proposals = [
            "Identifiera RCC:s roll och uppdrag inom omställningen till en god och nära vård.",
            "Tydliggör RCC:s uppdrag inom prevention och utöka samarbetet med andra aktörer.",
            "Arbeta mer aktivt och långsiktigt för att nå personer som i dag inte deltar i "
            "screeningprogrammen.",
            "Utvärdera de standardiserade vårdförloppen.",
        ]
    return [
        ("h1", "Förord"),
        (
            "p",
            f"Socialstyrelsen analyserar vartannat år utvecklingen vid de regionala "
            f"cancercentrumen. Analysen för {doc.year} är ett underlag för regeringen och för "
            "överenskommelsen mellan staten och SKR om den nationella cancerstrategin.",
        ),
        ("h1", "Sammanfattning"),
        (
            "p",
            "Socialstyrelsen konstaterar att arbetet vid RCC fungerar bra överlag, samtidigt som det "
            "finns utrymme för förbättringar. De sex RCC har olika förutsättningar och utmaningar.",
        ),
        ("h2", "Förslag till utveckling"),
        ("bullets", proposals),
        ("h1", "Jämförelse mellan de regionala cancercentrumen"),
        ("table", rows),
        ("h1", "Förebyggande arbete och tidig upptäckt"),
        (
            "p",
            "Deltagandet i screeningprogrammen varierar mellan regionerna. Att nå personer som i dag "
            "inte deltar kräver långsiktiga insatser och samarbete med kommuner och civilsamhälle.",
        ),
        ("h1", "Sammanhållna vårdprocesser"),
        (
            "p",
            "Att alla patienter inte informeras om att de utreds inom ett standardiserat "
            "vårdförlopp är en allvarlig brist. Utmaningar med kompetensförsörjning genomsyrar "
            "samtliga områden, och ett utökat erfarenhetsutbyte behövs mellan respektive RCC.",
        ),
    ]


def draft_story(doc: Doc, rng: random.Random) -> list[Block]:
    """An internal working draft that robots.txt hides (a polite crawler never fetches it)."""
    return [
        ("h1", "Arbetsmaterial"),
        (
            "p",
            "Detta är ett internt utkast till nästa cancerplan och får inte spridas. Texten "
            "bearbetas i arbetsgrupperna under hösten.",
        ),
        *c.area_blocks(doc, "screening", rng),
    ]


_SPECIAL = {
    "norr_plan": norr_plan_story,
    "syd_plan": syd_plan_story,
    "mell_plan": mellansverige_plan_story,
    "vast_plan_2015": vast_2015_story,
    "vagen_framat": national_plan_story,
    "vast_rapport": project_report_story,
    "vast_konceptkartor": concept_map_story,
    "sos_analys_2023": analysis_story,
    "sos_analys_2021": analysis_story,
    "sos_analys_2025": analysis_story,
    "mell_draft": draft_story,
}
