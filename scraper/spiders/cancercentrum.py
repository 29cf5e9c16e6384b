"""The spider for cancercentrum.se: the RCC plan pages of all regions, every era.

Reads cancercentrum.se (or its mirror); yields page, link and document items.
"""

from __future__ import annotations

from rcc_archive.scraper.spiders.base import PlanSpider

SITE = "https://cancercentrum.se"
REGION_FOLDERS = (
    "samverkan",
    "mellansverige",
    "norr",
    "stockholm-gotland",
    "syd",
    "sydost",
    "vast",
)
PLAN_PAGE = "/{folder}/om-oss/mal-och-inriktning/strategisk-utvecklingsplan/"


class CancercentrumSpider(PlanSpider):
    """Known plan pages and region roots of cancercentrum.se; the rest is found by links."""

    name = "cancercentrum"
    allowed_domains = ["cancercentrum.se"]
    source = "Regionala cancercentrum i samverkan"
    start_urls = [
        f"{SITE}/",
        *(f"{SITE}/{folder}/" for folder in REGION_FOLDERS),
        *(SITE + PLAN_PAGE.format(folder=folder) for folder in REGION_FOLDERS),
    ]
