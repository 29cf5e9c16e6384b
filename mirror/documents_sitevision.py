"""The SiteVision-era documents (2025 on): Sydöst, Mellansverige, Syd, and today's Socialstyrelsen.

Reads nothing; writes nothing. SiteVision stores a file under ``/download/18.<hex>/<ms>/<name>``:
the node ``18.<hex>`` is the file's identity, the millisecond timestamp changes with every
new version. ``mirror.later`` replaces ``SYDOST_PLAN`` under its node for the "month later"
copy of the mirror. Files linked as ``https://www.cancercentrum.se/…`` (or from a page that
is) sit under the ``www.cancercentrum.se`` folder, as ``wget --mirror`` stores them.
"""

from __future__ import annotations

from rcc_archive.mirror.documents import CC, SOS, Doc

WWW = "www.cancercentrum.se"
SYDOST_NODE = "18.3c5e7a9b18f1d2e3a4b5c01"
SYDOST_PLAN_MS = "1735000000000"
SYDOST_PLAN_NAME = "Regional cancerplan Sydöst 2025–2027.pdf"
MELL_NODE = "18.5d1e2f3a18f2b3c4d5e6f"  # + two hex digits per file
SOS_2025 = "2025-9-9654"


SITEVISION_DOCS: tuple[Doc, ...] = (
    Doc(
        "sydost_plan_2025",
        f"{CC}/download/{SYDOST_NODE}/{SYDOST_PLAN_MS}/{SYDOST_PLAN_NAME}",
        "Regional cancerplan Sydöst 2025–2027",
        "RCC Sydöst",
        "sydost",
        "cancerplan",
        "2025–2027",
        date="2024-12-20",
    ),
    Doc(
        "sydost_bilaga_2025",
        f"{CC}/download/18.3c5e7a9b18f1d2e3a4b5c02/1735000000512/Bilaga indikatorer 2025–2027.pdf",
        "Bilaga indikatorer 2025–2027",
        "RCC Sydöst",
        "sydost",
        "bilaga",
        "2025–2027",
        date="2024-12-20",
        subtitle="Bilaga till Regional cancerplan Sydöst 2025–2027",
    ),
    Doc(
        "sydost_handlingsplan_2025",
        f"{WWW}/download/18.3c5e7a9b18f1d2e3a4b5c03/1736900000000/Handlingsplan Sydöst 2025.pdf",
        "Handlingsplan Sydöst 2025",
        "RCC Sydöst",
        "sydost",
        "handlingsplan",
        "2025–2027",
        year="2025",
        date="2025-01-15",
        subtitle="Regional cancerplan Sydöst 2025–2027",
    ),
    Doc(
        "sydost_utkast_2026",
        f"{CC}/download/18.3c5e7a9b18f1d2e3a4b5c04/1740000000000/utkast-handlingsplan-sydost-2026.pdf",
        "Utkast handlingsplan Sydöst 2026",
        "RCC Sydöst",
        "sydost",
        "handlingsplan",
        "2025–2027",
        year="2026",
        date="2025-02-19",
        subtitle="Utkast – ej fastställd",
    ),
    Doc(
        "mell_sv_plan_2025",
        f"{WWW}/download/{MELL_NODE}01/1736500000000/Regional cancerplan Mellansverige 2025–2027.pdf",
        "Regional cancerplan Mellansverige 2025–2027",
        "RCC Mellansverige",
        "mellansverige",
        "cancerplan",
        "2025–2027",
        date="2025-01-10",
    ),
    Doc(
        "mell_sv_uppf_2024",
        f"{WWW}/download/{MELL_NODE}02/1741000000000/Uppföljning cancerplan Mellansverige 2024.pdf",
        "Uppföljning cancerplan Mellansverige 2024",
        "RCC Mellansverige",
        "mellansverige",
        "uppfoljning",
        "2022–2024",
        year="2024",
        date="2025-03-03",
    ),
    Doc(
        "mell_sv_uppf_2023",
        f"{WWW}/download/{MELL_NODE}03/1709000000000/Uppföljning cancerplan Mellansverige 2023.pdf",
        "Uppföljning cancerplan Mellansverige 2023",
        "RCC Mellansverige",
        "mellansverige",
        "uppfoljning",
        "2022–2024",
        year="2023",
        date="2024-02-27",
    ),
    Doc(
        "mell_sv_uppf_2022",
        f"{WWW}/download/{MELL_NODE}04/1677000000000/Uppföljning cancerplan Mellansverige 2022.pdf",
        "Uppföljning cancerplan Mellansverige 2022",
        "RCC Mellansverige",
        "mellansverige",
        "uppfoljning",
        "2022–2024",
        year="2022",
        date="2023-02-21",
    ),
    Doc(
        "syd_plan_2026",
        f"{CC}/download/18.7e8f9a0b18f3c4d5e6f7a01/1738000000000/"
        "Cancerplan Södra sjukvårdsregionen 2026–2028.pdf",
        "Cancerplan Södra sjukvårdsregionen 2026–2028",
        "RCC Syd",
        "syd",
        "cancerplan",
        "2026–2028",
        date="2025-01-27",
        subtitle="Remissversion",
    ),
    Doc(
        "sos_analys_2025",
        f"{SOS}/contentassets/7d2e4f6a8b0c41d3a5e7f9b1c3d5e7f9/{SOS_2025}.pdf",
        "Analys av utvecklingen vid regionala cancercentrum 2025",
        "Socialstyrelsen",
        "",
        "analys",
        year="2025",
        date="2025-09-30",
        subtitle=f"Artikelnummer {SOS_2025}",
    ),
)
