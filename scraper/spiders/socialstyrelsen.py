"""The spider for socialstyrelsen.se: its analyses of the regional cancer centres.

Reads socialstyrelsen.se (or its mirror); yields page, link and document items. In scope
are the RCC analyses and the cancer-care publications around them: a page about plans,
or a publication page or list under ``/publikationer/`` whose URL or name says "cancer".
Today's lists carry their items only in React props, which ``scraper.links`` reads.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from rcc_archive.scraper.links import FoundLink, is_plan_link, is_plan_text
from rcc_archive.scraper.spiders.base import PlanSpider

SITE = "https://www.socialstyrelsen.se"
_CANCER = re.compile(r"cancer", re.IGNORECASE)


def is_cancer_publication(url: str, name: str = "") -> bool:
    """Tell whether a URL is a publication page or list about cancer care."""
    if not urlsplit(url).path.startswith("/publikationer/"):
        return False
    return bool(_CANCER.search(url) or _CANCER.search(name or ""))


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

    def wants_page(self, link: FoundLink) -> bool:
        """Plan pages, and cancer-care publication pages and lists."""
        return is_plan_link(link) or is_cancer_publication(link.url, link.text)

    def wants_url(self, url: str, title: str = "") -> bool:
        """Sitemap pages: the same scope as links."""
        return is_plan_text(url) or is_plan_text(title) or is_cancer_publication(url, title)
