"""The spider for socialstyrelsen.se: its analyses of the regional cancer centres.

Reads socialstyrelsen.se (or its mirror); yields page, link and document items.
"""

from __future__ import annotations

from scraper.spiders.base import PlanSpider

SITE = "https://www.socialstyrelsen.se"


class SocialstyrelsenSpider(PlanSpider):
    """Socialstyrelsen's news and publication pages about the RCCs."""

    name = "socialstyrelsen"
    allowed_domains = ["socialstyrelsen.se"]
    source = "Socialstyrelsen"
    max_page_depth = 2
    start_urls = [
        f"{SITE}/aktuellt/forslag-pa-hur-regionala-cancercentrum-kan-utvecklas/",
        f"{SITE}/publikationer/analys-av-utvecklingen-vid-regionala-cancercentrum-2023-9-8752/",
    ]
