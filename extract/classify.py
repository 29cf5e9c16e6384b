"""Classify a document: kind, plan period, year, diagnosis, and a region check.

Reads and writes nothing: pure rules over a document's link text, section heading path,
URL and the head of its first page (``extract.classify_store`` reads them from the
catalogue and writes the answers). The region is never decided here: the crawler decided
it from the page section, so a region the title, section or first page names is only a
note (``region_notes``).

Signals are read in a fixed order: the link text, the section heading path (deepest
heading first), the URL (file name, folders, host), then the head of the first page. For
each question the first signal that answers it decides, and ``classified_by`` says which
rule and signal did ("label:uppfoljning; period:section; year:label").

Periods and years: a range in any spelling is the plan period; a lone year (outside any
range, art.nr or page count) is ``year``, the follow-up, revision or publication year
("Uppföljning (2023) … 2022-2024", "… 2013–2015 rev 2014", "Handlingsplan 2024"). Only
a strategic plan whose label (or, failing that, heading or file name) has a lone year and
no range ("Cancerplan 2025") takes that year as its period, start = end, and no ``year``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from rcc_archive.archive.regions import NATIONAL_FOLDERS, regions_named_in
from rcc_archive.archive.titles import clean_title
from rcc_archive.extract.years import DASHES, fold, keyword_year, parse_period, single_years

FIRST_PAGE_CHARS = 800  # a cover names the document; deeper text quotes other plans
# Kinds whose lone title year is their period ("Cancerplan 2025"). An action plan's lone
# year is its year within the plan period ("Handlingsplan 2024" of the 2024–2027 plan).
PLAN_TYPES = frozenset({"cancerplan"})


@dataclass(frozen=True)
class Rule:
    """One named pattern and what it decides."""

    name: str
    pattern: re.Pattern[str]
    value: str


def _rules(*rows: tuple[str, str, str]) -> tuple[Rule, ...]:
    return tuple(Rule(name, re.compile(pattern), value) for name, pattern, value in rows)


# Matched against folded text (lower case, å/ä → a, ö → o, dashes and underscores as
# spaces). First match wins, so the specific kinds ("uppföljning av cancerplanen",
# "bilaga till utvecklingsplan", "projektrapport om cancerplanen") precede the plan.
TYPE_RULES: tuple[Rule, ...] = _rules(
    ("analys", r"\banalys(?:en)? av (?:utvecklingen|(?:de )?regionala cancercentr)", "analys"),
    ("artikelkatalog", r"\bartikelkatalog\b", "analys"),
    ("bilaga", r"\bbilag(?:a|an|or)\b", "bilaga"),
    ("uppfoljning", r"uppfoljning", "uppfoljning"),
    ("processplan", r"processplan", "processplan"),
    ("handlingsplan", r"handlingsplan", "handlingsplan"),
    ("konceptkarta", r"konceptkart", "annat"),
    ("regeringen", r"\blangsiktig inriktning\b|\bregeringskansliet\b", "annat"),
    ("rapport", r"rapport|verksamhetsberattelse|arsberattelse|\butvardering", "rapport"),
    ("cancerplan", r"cancerplan", "cancerplan"),
    ("utvecklingsplan", r"utvecklingsplan", "cancerplan"),
    ("vagen-framat", r"\bvagen framat\b", "cancerplan"),
    ("en-annu-battre", r"\ben annu battre cancervard\b", "cancerplan"),
)
# Matched against the URL's host, after the URL's path. Socialstyrelsen's publications
# in this archive are its analyses of the RCCs.
HOST_RULES: tuple[Rule, ...] = _rules(
    ("socialstyrelsen", r"(?:^|\.)socialstyrelsen\.se$", "analys"),
)
NATIONAL_HOST = re.compile(r"(?:^|\.)(?:socialstyrelsen|regeringen|government)\.se$")

_PROCESSPLAN = re.compile(
    r"processplan(?:en)?(?![a-zåäö])[\s_:–—-]*(?:för\s+|for\s+)?(.*)", re.IGNORECASE
)
# What may trail a diagnosis in a label: a year or period, a version, punctuation.
_TRAILING_NOISE = re.compile(
    rf"[\s,:;{DASHES}]*"
    rf"(?:\(?\d{{4}}(?:\s*[{DASHES}]\s*\d{{2,4}})?\)?|\d{{8}}|v(?:ersion)?\.?\s*\d+(?:\.\d+)*)?"
    rf"[\s,.:;{DASHES}]*$",
    re.IGNORECASE,
)
# Labels that say nothing about the document (folded form).
GENERIC_LABELS = re.compile(
    r"oppna( publikation(en)?)?|ladda ner( publikation(en)?| pdf)?|las mer|pdf|(klicka )?har"
    r"|dokument(et)?"
)
_FILE_NAME = re.compile(r"^[^\s/]+\.(?:pdf|docx?|xlsx?|pptx?)$", re.IGNORECASE)
_EXTENSION = re.compile(r"\.(?:pdf|docx?|xlsx?|pptx?|html?|aspx)$", re.IGNORECASE)
# Sources that name the document itself, so a lone year in them is its year.
_NAMING_SOURCES = frozenset({"label", "label-file", "section", "url"})


@dataclass(frozen=True)
class Classification:
    """What the rules decided for one document, and the evidence for it."""

    doc_type: str
    period_start: int | None
    period_end: int | None
    year: int | None
    diagnosis: str | None
    region_hint: str | None
    evidence: tuple[str, ...]
    region_source: str | None = None  # "title", "section" or "page1"
    national: bool = False  # Socialstyrelsen's or a national folder's: no region expected


def _words(text: str) -> str:
    return " ".join(re.sub(r"[_\-–—.%+]+", " ", fold(text)).split())


def _label_signal(link_text: str) -> tuple[str, str]:
    label = clean_title(link_text or "")
    if _FILE_NAME.match(label):
        # A bare file name as the label: read it as the words it spells.
        return "label-file", _EXTENSION.sub("", unquote(label))
    return "label", label


def _signals(link_text: str, section: str, url: str, first_page: str) -> list[tuple[str, str]]:
    """Return (source, text) pairs in the order the rules consult them."""
    parts = urlsplit(url or "")
    segments = [unquote(s) for s in parts.path.split("/") if s]
    signals = [_label_signal(link_text)]
    signals += [("section", h.strip()) for h in reversed((section or "").split(" > ")) if h.strip()]
    if segments:
        signals.append(("url", _EXTENSION.sub("", segments[-1])))
        signals += [("urldir", s) for s in reversed(segments[:-1])]
    signals.append(("host", (parts.hostname or "").lower()))
    signals.append(("page1", (first_page or "")[:FIRST_PAGE_CHARS]))
    return [(source, text) for source, text in signals if text]


def _decide_type(signals: list[tuple[str, str]]) -> tuple[str, str]:
    for source, text in signals:
        rules, text = (HOST_RULES, text) if source == "host" else (TYPE_RULES, _words(text))
        for rule in rules:
            if rule.pattern.search(text):
                return rule.value, f"{source}:{rule.name}"
    return "annat", "default:annat"


def _decide_period(
    signals: list[tuple[str, str]], doc_type: str
) -> tuple[int | None, int | None, str | None]:
    for source, text in signals:
        start, end = parse_period(text)
        if start is not None:
            return start, end, f"period:{source}"
        if doc_type in PLAN_TYPES and source in _NAMING_SOURCES:
            years = single_years(text)
            if years:
                return years[0], years[0], f"period:{source}-year"
    return None, None, None


def _decide_year(signals: list[tuple[str, str]]) -> tuple[int | None, str | None]:
    for source, text in signals:
        found = keyword_year(text)
        if found:
            return found[1], f"year:{source}-{found[0]}"
        if source in _NAMING_SOURCES:
            years = single_years(text)
            if years:
                return years[0], f"year:{source}"
    return None, None


def diagnosis_from(text: str) -> str | None:
    """Return what follows "Processplan" in a label, as written, without years or versions."""
    first_line = next((line for line in text.splitlines() if _PROCESSPLAN.search(line)), "")
    match = _PROCESSPLAN.search(first_line)
    if not match:
        return None
    rest = match.group(1).strip()
    if " " not in rest:
        rest = re.sub(r"[_-]+", " ", rest) if rest.islower() else rest.replace("_", " ")
    rest = _TRAILING_NOISE.sub("", rest).strip(" ,.:;-–—")
    return rest or None


def _label_is_diagnosis(label: str) -> bool:
    """Return True for a label that names neither a kind nor nothing ("Lungcancer")."""
    words = _words(label)
    if not words or GENERIC_LABELS.fullmatch(words):
        return False
    return not any(rule.pattern.search(words) for rule in TYPE_RULES)


def _decide_diagnosis(signals: list[tuple[str, str]]) -> tuple[str | None, str | None]:
    for source, text in signals:
        if source in ("label", "label-file", "url", "page1"):
            diagnosis = diagnosis_from(text)
            if diagnosis:
                return diagnosis, f"diagnosis:{source}"
        # Under a "Processplaner" heading the label is the diagnosis alone, as written.
        if source == "label" and _label_is_diagnosis(text):
            return text, "diagnosis:label-whole"
    return None, None


def _decide_region(signals: list[tuple[str, str]]) -> tuple[str | None, str | None]:
    sections = " > ".join(text for source, text in signals if source == "section")
    ordered = [("title", t) for s, t in signals if s in ("label", "label-file")]
    ordered += [("section", sections)] + [("page1", t) for s, t in signals if s == "page1"]
    for source, text in ordered:
        named = regions_named_in(text)
        if named:
            # A text naming several regions vouches for none of them.
            return (named[0], source) if len(named) == 1 else (None, None)
    return None, None


def is_national(url: str) -> bool:
    """Return True for a URL of Socialstyrelsen, the government or a national RCC folder."""
    parts = urlsplit(url or "")
    folders = {s.lower() for s in parts.path.split("/") if s}
    return bool(NATIONAL_HOST.search(parts.hostname or "")) or bool(folders & NATIONAL_FOLDERS)


def classify(link_text: str, section: str, url: str, first_page_text: str) -> Classification:
    """Decide a document's kind, period, year, diagnosis and named region from its signals."""
    signals = _signals(link_text, section, url, first_page_text)
    doc_type, type_note = _decide_type(signals)
    start, end, period_note = _decide_period(signals, doc_type)
    # A plan's lone title year already became its period; it is not also its year.
    single_year_plan = period_note is not None and period_note.endswith("-year")
    year, year_note = (None, None) if single_year_plan else _decide_year(signals)
    diagnosis, diagnosis_note = (
        _decide_diagnosis(signals) if doc_type == "processplan" else (None, None)
    )
    national = is_national(url) or doc_type == "analys"
    region, region_source = (None, None) if national else _decide_region(signals)
    notes = (type_note, period_note, year_note, diagnosis_note)
    return Classification(
        doc_type=doc_type,
        period_start=start,
        period_end=end,
        year=year,
        diagnosis=diagnosis,
        region_hint=region,
        evidence=tuple(note for note in notes if note),
        region_source=region_source,
        national=national,
    )


def region_notes(region: str | None, found_on: str | None, result: Classification) -> list[str]:
    """Return notes on how the crawler's region compares with a region the texts name."""
    if result.national or is_national(found_on or "") or not result.region_hint:
        return []
    if region is None:
        return [f"region?:{result.region_hint}"]
    if result.region_source == "title" and result.region_hint != region:
        return [f"region-conflict:title={result.region_hint}"]
    return []
