"""The mirror's document model, the national and Socialstyrelsen documents, shared paths.

Reads nothing; writes nothing. Each ``Doc`` says where a file sits (host first,
percent-decoded, as ``wget --mirror`` names files) and what its first page says; the regional
documents are in ``documents_norr`` and ``documents_regions``, and ``catalogue`` lists them
all. The expected crawl result is kept apart, hand-written, in ``expected_documents.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Doc:
    """One document file and the facts its content is written from."""

    key: str
    path: str  # "cancercentrum.se/globalassets/....pdf", decoded, as on disk
    title: str  # the title printed on the first page and in the PDF metadata
    rcc: str  # "RCC Norr", "RCC i samverkan", "Socialstyrelsen"
    region: str  # region slug, "" for national documents
    kind: str  # cancerplan, uppfoljning, processplan, handlingsplan, bilaga, analys, rapport
    period: str = ""  # "2022–2024" as printed, "" if none
    year: str = ""  # follow-up or publication year, "" if none
    date: str = "2022-06-15"  # creation date written into the PDF metadata
    diagnosis: str = ""
    layout: str = "standard"  # standard | two-column | hyphenated | ligature | xlsx
    same_as: str = ""  # key of the document whose bytes this file repeats
    subtitle: str = ""


CC = "cancercentrum.se"
SOS = "www.socialstyrelsen.se"

# (link text after "Processplan ", file slug) in the order RCC Norr lists them.
NORR_PROCESS_PLANS: tuple[tuple[str, str], ...] = (
    ("Barnonkologi", "barnonkologi"),
    ("Blodcancer", "blodcancer"),
    ("Bröstcancer", "brostcancer"),
    ("Cancerrehabilitering", "cancerrehabilitering"),
    ("Cancer utan känd primärtumör, CUP", "cancer-utan-kand-primartumor-cup"),
    ("GEP-NET-NEC", "gep-net-nec"),
    ("Gynekologisk cancer", "gynekologisk-cancer"),
    ("Hudmelanom", "hudmelanom"),
    ("Huvud- och halscancer", "huvud-och-halscancer"),
    ("Livmoderhalscancerprevention", "livmoderhalscancerprevention"),
    ("Lungcancer", "lungcancer"),
    ("Mammografi", "mammografi"),
    ("Matstrupe och magsäck", "matstrupe-och-magsack"),
    ("Njurcancer", "njurcancer"),
    ("Palliativ vård", "palliativ-vard"),
    ("Prostatacancer", "prostatacancer"),
    ("Sarkom", "sarkom"),
    ("Sköldkörtelcancer", "skoldkortelcancer"),
    ("Testikelcancer", "testikelcancer"),
    ("Tjock- och ändtarmscancer", "tjock-och-andtarmscancer"),
    ("Urinblåsa och urinvägar", "urinblasa-och-urinvagar"),
)


NATIONAL: tuple[Doc, ...] = (
    Doc(
        "vagen_framat",
        f"{CC}/globalassets/samverkan/vagen-framat/vagen-framat-rccs-gemensamma-inriktning-2023-2025.pdf",
        "Vägen framåt – RCC:s gemensamma inriktning för svensk cancervård 2023–2025",
        "RCC i samverkan",
        "",
        "cancerplan",
        "2023–2025",
        date="2023-02-10",
    ),
    Doc(
        "arsrapport_samverkan",
        f"{CC}/globalassets/samverkan/arsrapporter/arsrapport-rcc-i-samverkan-2023.pdf",
        "Årsrapport RCC i samverkan 2023",
        "RCC i samverkan",
        "",
        "rapport",
        year="2023",
        date="2024-03-20",
    ),
)


SOCIALSTYRELSEN: tuple[Doc, ...] = (
    Doc(
        "sos_analys_2023",
        f"{SOS}/globalassets/sharepoint-dokument/artikelkatalog/ovrigt/2023-9-8752.pdf",
        "Analys av utvecklingen vid regionala cancercentrum",
        "Socialstyrelsen",
        "",
        "analys",
        year="2023",
        date="2023-10-04",
        subtitle="Artikelnummer 2023-9-8752",
    ),
    Doc(
        "sos_analys_2021",
        f"{SOS}/contentassets/e2a6c0d4b8f14a3c9d7e5f1a2b3c4d5e/2021-10-7591.pdf",
        "Uppföljning och analys av regionala cancercentrum 2021",
        "Socialstyrelsen",
        "",
        "analys",
        year="2021",
        date="2021-10-14",
        subtitle="Artikelnummer 2021-10-7591",
    ),
)
