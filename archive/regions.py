"""Facts about the six RCC regions and how to recognise a region in a URL or a text.

Reads nothing (the facts are constants from ``shared/regions.md``); writes nothing.
The scraper uses these rules to decide the region of a page section, the extractor to
check a classification, and the catalogue to fill the ``regions`` table.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Region:
    """One RCC region as the ``regions`` table describes it."""

    slug: str
    name: str
    rcc_name: str
    healthcare_region: str
    member_regions: tuple[str, ...]
    former_names: tuple[str, ...] = ()
    folders: tuple[str, ...] = ()
    # Phrases that name this region in running text or headings, beyond its name.
    aliases: tuple[str, ...] = field(default=())

    @property
    def homepage(self) -> str:
        return f"https://cancercentrum.se/{self.slug}/"


REGIONS: tuple[Region, ...] = (
    Region(
        slug="mellansverige",
        name="Mellansverige",
        rcc_name="RCC Mellansverige",
        healthcare_region="Sjukvårdsregion Mellansverige",
        member_regions=(
            "Region Dalarna",
            "Region Gävleborg",
            "Region Sörmland",
            "Region Uppsala",
            "Region Värmland",
            "Region Västmanland",
            "Region Örebro län",
        ),
        former_names=("RCC Uppsala Örebro",),
        folders=("mellansverige", "uppsala-orebro"),
        aliases=("Uppsala Örebro", "Uppsala-Örebro", "Uppsala–Örebro", "Mellansveriges"),
    ),
    Region(
        slug="norr",
        name="Norr",
        rcc_name="RCC Norr",
        healthcare_region="Norra sjukvårdsregionen",
        member_regions=(
            "Region Jämtland Härjedalen",
            "Region Norrbotten",
            "Region Västerbotten",
            "Region Västernorrland",
        ),
        folders=("norr",),
        aliases=(
            "norra sjukvårdsregionen",
            "norra sjukvårdsregionförbundet",
            "norra regionen",
            "RCC Norr",
        ),
    ),
    Region(
        slug="stockholm-gotland",
        name="Stockholm Gotland",
        rcc_name="RCC Stockholm Gotland",
        healthcare_region="Stockholm-Gotlands sjukvårdsregion",
        member_regions=("Region Stockholm", "Region Gotland"),
        folders=("stockholm-gotland", "stockholm---gotland"),
        aliases=("Stockholm-Gotland", "Stockholm – Gotland", "Stockholm Gotlands"),
    ),
    Region(
        slug="syd",
        name="Syd",
        rcc_name="RCC Syd",
        healthcare_region="Södra sjukvårdsregionen",
        member_regions=(
            "Region Blekinge",
            "Region Kronoberg",
            "Region Skåne",
            "Region Halland (södra delen)",
        ),
        folders=("syd",),
        aliases=("Södra sjukvårdsregionen", "södra regionen", "RCC Syd", "RCC Syds"),
    ),
    Region(
        slug="sydost",
        name="Sydöst",
        rcc_name="RCC Sydöst",
        healthcare_region="Sydöstra sjukvårdsregionen",
        member_regions=(
            "Region Jönköpings län",
            "Region Kalmar län",
            "Region Östergötland",
        ),
        folders=("sydost",),
        aliases=("Sydöstra sjukvårdsregionen", "RCC Sydöst", "RCC Sydösts", "i sydöst"),
    ),
    Region(
        slug="vast",
        name="Väst",
        rcc_name="RCC Väst",
        healthcare_region="Västra sjukvårdsregionen",
        member_regions=("Västra Götalandsregionen", "Region Halland (norra delen)"),
        folders=("vast",),
        aliases=("Västra sjukvårdsregionen", "RCC Väst", "RCC Västs"),
    ),
)

BY_SLUG: dict[str, Region] = {region.slug: region for region in REGIONS}
NATIONAL_FOLDERS: frozenset[str] = frozenset({"samverkan"})
_FOLDER_TO_SLUG: dict[str, str] = {
    folder: region.slug for region in REGIONS for folder in region.folders
}


def normalise_slug(value: str | None) -> str | None:
    """Map a folder name or former name (``uppsala-orebro``) to a controlled slug."""
    if not value:
        return None
    return _FOLDER_TO_SLUG.get(value.strip().lower())


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    # Word boundaries that understand å/ä/ö: "Väst" must not match "Västerbotten"
    # and "Syd" must not match "Sydöst".
    return re.compile(r"(?<![\wåäö])" + re.escape(_fold(phrase)) + r"(?![\wåäö])")


_NAME_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (region.slug, _phrase_pattern(phrase))
    for region in REGIONS
    for phrase in (region.name, region.rcc_name, region.healthcare_region, *region.aliases)
)


def regions_named_in(text: str) -> list[str]:
    """Return the slugs of every region that ``text`` names, in order of first mention."""
    folded = _fold(text)
    found: list[tuple[int, str]] = []
    for slug, pattern in _NAME_PATTERNS:
        match = pattern.search(folded)
        if match:
            found.append((match.start(), slug))
    ordered: list[str] = []
    for _, slug in sorted(found):
        if slug not in ordered:
            ordered.append(slug)
    return ordered


def region_named_by(text: str) -> str | None:
    """Return the one region that ``text`` names, or None if it names none or several."""
    named = regions_named_in(text)
    return named[0] if len(named) == 1 else None
