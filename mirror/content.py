"""Write the content of each mirror document as a list of layout blocks.

Reads the text banks in ``mirror.texts`` and ``mirror.texts_diagnoses``; writes nothing.
``mirror.pdfs`` turns the blocks into PDF pages. Choices that vary (which plan areas a
document covers, its numbers) come from a random generator seeded by the document's key,
so every build writes the same text.
"""

from __future__ import annotations

import hashlib
import random
from typing import Any

from rcc_archive.mirror.documents import Doc
from rcc_archive.mirror.texts import AREAS, FOLLOW_UP_CLOSINGS, PLAN_OPENINGS, REGION_FACTS
from rcc_archive.mirror.texts_diagnoses import DIAGNOSES

Block = tuple[Any, ...]
"""("cover", title, lines) | ("h1", text) | ("h2", text) | ("p", text) | ("bullets", items)
| ("table", rows) | ("pagebreak",) | ("columns", left, right) | ("hyphenated", lines)
| ("ligature", text) | ("conceptmap", clusters)"""

MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
STATUSES = ("Uppnått", "Delvis uppnått", "Ej uppnått")


def swedish_date(iso: str) -> str:
    """Format 2022-06-15 the way the documents print it: 15 juni 2022."""
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{day} {MONTHS[month - 1]} {year}"


def rng_for(doc: Doc) -> random.Random:
    """Return a generator seeded by the document key, so builds repeat byte for byte."""
    return random.Random(int.from_bytes(hashlib.sha256(doc.key.encode()).digest()[:8], "big"))


def fill(text: str, doc: Doc) -> str:
    """Put the document's region, RCC and period into a text bank template."""
    facts = REGION_FACTS[doc.region]
    period = doc.period or doc.year or "planperioden"
    return text.format(hsr=facts.hsr, rcc=doc.rcc, period=period)


def thousands(value: int) -> str:
    """Format an integer with a space between thousands, as Swedish documents do."""
    return f"{value:,}".replace(",", " ")


def cover(doc: Doc) -> list[Block]:
    """The first page: title, subtitle, issuer, period and date, then a page break."""
    facts = REGION_FACTS[doc.region]
    lines = [doc.subtitle] if doc.subtitle else []
    lines.append(
        doc.rcc if not doc.region else f"{doc.rcc} · {facts.hsr[0].upper()}{facts.hsr[1:]}"
    )
    if doc.period:
        lines.append(f"Planperiod {doc.period}")
    if doc.year and doc.kind in ("uppfoljning", "handlingsplan", "rapport"):
        lines.append(f"Verksamhetsår {doc.year}")
    verb = "Publicerad" if doc.kind in ("analys", "rapport") else "Fastställd"
    lines.append(f"{verb} {swedish_date(doc.date)}")
    return [("cover", doc.title, lines), ("pagebreak",)]


def region_table(doc: Doc, rng: random.Random) -> Block:
    """Inhabitants and new cancer cases per member region."""
    rows = [["Region", "Invånare (tusental)", "Nya cancerfall per år", "Andel 65 år eller äldre"]]
    for name, people in REGION_FACTS[doc.region].members:
        cases = round(people * rng.uniform(6.2, 7.4))
        rows.append([name, thousands(people), thousands(cases), f"{rng.randint(19, 27)} %"])
    return ("table", rows)


def area_blocks(doc: Doc, key: str, rng: random.Random, heading: str = "") -> list[Block]:
    """Heading, two or three paragraphs and the actions for one plan area."""
    area = AREAS[key]
    count = rng.randint(2, len(area.paragraphs))
    blocks: list[Block] = [("h2", heading or area.heading)]
    blocks += [("p", fill(text, doc)) for text in area.paragraphs[:count]]
    blocks.append(("p", "Åtgärder under perioden:"))
    blocks.append(("bullets", list(area.actions)))
    return blocks


def indicator_table(doc: Doc, keys: list[str], rng: random.Random) -> Block:
    """Indicators with target level and baseline for the chosen areas."""
    rows = [["Område", "Indikator", "Målnivå", "Utgångsläge"]]
    for key in keys:
        for indicator, target in AREAS[key].indicators:
            rows.append([AREAS[key].heading, indicator, target, f"{rng.randint(38, 93)} %"])
    return ("table", rows)


def pick_areas(doc: Doc, rng: random.Random, count: int, must: tuple[str, ...] = ()) -> list[str]:
    """Choose the plan areas a document covers, always including ``must``."""
    rest = [key for key in AREAS if key not in must]
    return [*must, *rng.sample(rest, count - len(must))]


def plan_story(doc: Doc, rng: random.Random, must: tuple[str, ...] = ()) -> list[Block]:
    """A regional cancer plan: introduction, region facts, areas, indicators, follow-up."""
    keys = pick_areas(doc, rng, rng.randint(4, 6), must)
    blocks: list[Block] = [("h1", "Inledning"), ("p", REGION_FACTS[doc.region].intro)]
    blocks += [("p", fill(text, doc)) for text in PLAN_OPENINGS]
    blocks += [("h2", "Sjukvårdsregionen i siffror"), region_table(doc, rng)]
    blocks += [
        ("h1", "Strategiska utvecklingsområden"),
        ("bullets", [AREAS[k].heading for k in keys]),
    ]
    for key in keys:
        blocks += area_blocks(doc, key, rng)
    blocks += [("h1", "Mål och indikatorer"), indicator_table(doc, keys, rng)]
    blocks += [("h1", "Genomförande och uppföljning"), ("p", fill(FOLLOW_UP_CLOSINGS[1], doc))]
    return blocks


def follow_up_story(doc: Doc, rng: random.Random) -> list[Block]:
    """A yearly follow-up: summary, goal fulfilment table, per-area comments."""
    keys = pick_areas(doc, rng, rng.randint(4, 6))
    year = doc.year or "året"
    rows = [["Område", "Indikator", f"Resultat {year}", "Målnivå", "Bedömning"]]
    counts = dict.fromkeys(STATUSES, 0)
    for key in keys:
        for indicator, target in AREAS[key].indicators:
            status = rng.choice(STATUSES)
            counts[status] += 1
            rows.append([AREAS[key].heading, indicator, f"{rng.randint(41, 97)} %", target, status])
    total = sum(counts.values())
    summary = (
        f"Uppföljningen för {year} omfattar {total} indikatorer i cancerplanen. Av dessa bedöms "
        f"{counts['Uppnått']} som uppnådda, {counts['Delvis uppnått']} som delvis uppnådda och "
        f"{counts['Ej uppnått']} som ännu inte uppnådda."
    )
    blocks: list[Block] = [("h1", "Sammanfattning"), ("p", summary)]
    blocks += [
        ("p", fill(FOLLOW_UP_CLOSINGS[0], doc)),
        ("h1", f"Måluppfyllelse {year}"),
        ("table", rows),
    ]
    for key in keys:
        blocks += [("h2", AREAS[key].heading), ("p", fill(AREAS[key].paragraphs[-1], doc))]
    blocks += [("h1", "Fortsatt arbete"), ("p", fill(FOLLOW_UP_CLOSINGS[1], doc))]
    return blocks


def process_plan_story(doc: Doc, rng: random.Random) -> list[Block]:
    """An RCC Norr process plan for one diagnosis or care process."""
    background, challenge, actions = DIAGNOSES[doc.diagnosis]
    rows = [["Region", "Nya fall 2021", "Andel inom SVF-ledtid", "Median ledtid (dagar)"]]
    for name, people in REGION_FACTS[doc.region].members:
        cases = max(3, round(people * rng.uniform(0.04, 0.5)))
        rows.append([name, str(cases), f"{rng.randint(38, 86)} %", str(rng.randint(18, 64))])
    blocks: list[Block] = [("h1", "Bakgrund"), ("p", background)]
    blocks += [("p", fill(PLAN_OPENINGS[2], doc))]
    blocks += [("h1", "Nuläge i norra sjukvårdsregionen"), ("p", challenge), ("table", rows)]
    blocks += [("h1", f"Utvecklingsområden {doc.period}"), ("bullets", list(actions))]
    related = rng.choice(["svf", "kontakt", "rehab", "kompetens"])
    blocks += area_blocks(doc, related, rng)
    blocks += [
        ("h1", "Ansvar och uppföljning"),
        (
            "p",
            f"Den regionala processledaren för {doc.diagnosis.lower()} ansvarar för att "
            "processplanen följs upp årligen tillsammans med processgruppen och RCC Norr.",
        ),
    ]
    return blocks


def action_plan_story(doc: Doc, rng: random.Random) -> list[Block]:
    """A handlingsplan: the activities for one year with owner and deadline."""
    keys = pick_areas(doc, rng, 4)
    owners = ("RCC", "Regionerna", "Processledarna", "Primärvården", "RCC och regionerna")
    rows = [["Aktivitet", "Ansvar", "Klart", "Område i cancerplanen"]]
    for key in keys:
        for action in AREAS[key].actions:
            rows.append(
                [action, rng.choice(owners), f"Kvartal {rng.randint(1, 4)}", AREAS[key].heading]
            )
    blocks: list[Block] = [
        ("h1", "Om handlingsplanen"),
        (
            "p",
            fill(
                "Handlingsplanen beskriver de aktiviteter som {rcc} och regionerna genomför "
                "för att nå målen i cancerplanen. Den revideras varje år.",
                doc,
            ),
        ),
        ("h1", "Aktiviteter"),
        ("table", rows),
    ]
    for key in keys:
        blocks += [("h2", AREAS[key].heading), ("p", fill(AREAS[key].paragraphs[0], doc))]
    return blocks


def annex_story(doc: Doc, rng: random.Random) -> list[Block]:
    """A bilaga: mostly tables of target levels, or the region's present state."""
    keys = pick_areas(doc, rng, 5)
    blocks: list[Block] = [("h1", "Om bilagan")]
    blocks.append(
        (
            "p",
            fill(
                "Bilagan hör till cancerplanen för perioden {period} och redovisar "
                "underlaget för planens mål och indikatorer i {hsr}.",
                doc,
            ),
        )
    )
    if "Nuläge" in doc.title:
        blocks += [("h1", "Befolkning och cancerfall"), region_table(doc, rng)]
    years = (
        [str(y) for y in range(int(doc.period[:4]), int(doc.period[-4:]) + 1)] if doc.period else []
    )
    rows = [["Indikator", "Utgångsläge", *[f"Mål {y}" for y in years[:4]]]]
    for key in keys:
        for indicator, _ in AREAS[key].indicators:
            start = rng.randint(40, 80)
            rows.append(
                [
                    indicator,
                    f"{start} %",
                    *[f"{min(99, start + 4 * (i + 1))} %" for i in range(len(years[:4]))],
                ]
            )
    blocks += [("h1", "Målnivåer per år"), ("table", rows)]
    for key in keys[:3]:
        blocks += [("h2", AREAS[key].heading), ("p", fill(AREAS[key].paragraphs[0], doc))]
    return blocks
