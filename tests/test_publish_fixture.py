"""A small, realistic archive for the publish tests (shared by tests/test_publish_*.py).

Writes a data directory under a temporary folder: the catalogue through
``archive.schema.open_db`` and one real PDF blob per file. Page texts are Swedish and
chosen so each search behaviour has pages that must and must not match.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from rcc_archive.archive.datadir import DataDir

RUN_1 = "2024-03-01T08:00:00Z"
RUN_2 = "2025-02-01T08:00:00Z"
FILLER_PAGES = 120
OLD_FETCHES = 1500

# file key -> page texts (page 1 first). None: no text layer extracted (a failed file).
PAGES: dict[str, list[str] | None] = {
    "sg_2020_v1": [
        "Regional cancerplan för Stockholm Gotland 2020–2023. Cancerplan för regionen.",
        "Patientens väg ska vara tydlig.",
    ],
    "sg_2020_v2": [
        "Regional cancerplan för Stockholm Gotland 2020–2023, reviderad version.",
        "Cancerplanen beskriver hur palliativ vård ska utvecklas i regionen.",
        "Uppföljning sker varje år. Cancerplanerna i landet följs upp gemensamt.",
    ],
    "sg_2024": [
        "Regional cancerplan 2024–2027 för Stockholm Gotland.",
        "Screeningprogrammen för livmoderhalscancer och tjocktarmscancer byggs ut.",
        "Den palliativa vården ska finnas i hela regionen. <script>alert(1)</script>",
    ],
    "norr_2024": [
        "Regional cancerplan 2024–2027 för norra sjukvårdsregionen.",
        "Bröstcancervård bedrivs vid fyra sjukhus. Varje år får fler patienter diagnos.",
        "Cancer, cancer och åter cancer: cancerrehabilitering i Norr.",
    ],
    "vast_2020": [
        "Regional cancerplan 2020–2023 för Västra sjukvårdsregionen.",
        "Vi ar inte klara. Planen är antagen.",
    ],
    "syd_brost": [
        "Processplan för bröstcancer i södra sjukvårdsregionen.",
        "Mammografi inom screeningprogrammen.",
    ],
    "norr_prostata": ["Processplan för prostatacancer. Provtagning och behandling."],
    "sg_brost": ["Processplan bröstcancer i Stockholm Gotland."],
    "mellan_2024": None,
    "sos_analys": [
        "Analys av vårdens resurser. Palliativ vård och den palliativa vården jämförs.",
        "Palliativ medicin är ett område. Om vård i livets slut skriver vi annat.",
    ],
    "sydost_uppf": ["Uppföljning av planen i Sydöst. Arbetet har gått bra under året."],
    "arsrapport": [f"Sida {n}. Statistik om väntetider." for n in range(1, FILLER_PAGES + 1)],
    "vast_error_page": None,
}

# id, key, url, title, region, doc_type, period_start, period_end, year, diagnosis,
# status, first_seen, last_seen
DOCUMENTS = [
    (1, "sg_2020_v2", "https://cancercentrum.se/stockholm-gotland/om-oss/cancerplan-2020.pdf",
     "Regional cancerplan 2020–2023", "stockholm-gotland", "cancerplan", 2020, 2023, None, None,
     "current", RUN_1, RUN_2),
    (2, "sg_2024", "https://cancercentrum.se/stockholm-gotland/om-oss/cancerplan-2024.pdf",
     "Regional cancerplan 2024–2027", "stockholm-gotland", "cancerplan", 2024, 2027, None, None,
     "current", RUN_2, RUN_2),
    (3, "norr_2024", "https://cancercentrum.se/norr/om-oss/regional-cancerplan-2024.pdf",
     "Regional cancerplan 2024–2027 Norr", "norr", "cancerplan", 2024, 2027, None, None,
     "current", RUN_1, RUN_2),
    (4, "vast_2020", "https://cancercentrum.se/vast/om-oss/cancerplan-2020-2023.pdf",
     "Regional cancerplan Väst 2020–2023", "vast", "cancerplan", 2020, 2023, None, None,
     "removed", RUN_1, RUN_1),
    (5, "syd_brost", "https://cancercentrum.se/syd/vara-uppdrag/processplan-brostcancer.pdf",
     "Processplan bröstcancer", "syd", "processplan", None, None, 2023, "Bröstcancer",
     "current", RUN_1, RUN_2),
    (6, "norr_prostata", "https://cancercentrum.se/norr/processplaner/prostatacancer.pdf",
     "Processplan prostatacancer", "norr", "processplan", None, None, 2022, "Prostatacancer",
     "current", RUN_1, RUN_2),
    (7, "sg_brost", "https://cancercentrum.se/stockholm-gotland/processplan-brostcancer.pdf",
     "Processplan [bröstcancer] SG", "stockholm-gotland", "processplan", None, None, 2024,
     "Bröstcancer", "current", RUN_1, RUN_2),
    (8, "mellan_2024", "https://cancercentrum.se/mellansverige/cancerplan-2024.pdf",
     "Regional cancerplan Mellansverige 2024–2027", "mellansverige", "cancerplan", 2024, 2027,
     None, None, "current", RUN_1, RUN_2),
    (9, "sos_analys", "https://www.socialstyrelsen.se/globalassets/analys-cancervard.pdf",
     "Analys av cancervården", None, "analys", None, None, 2023, None, "current", RUN_1, RUN_2),
    (10, "sydost_uppf", "https://cancercentrum.se/sydost/uppfoljning-2023.pdf",
     "Uppföljning av cancerplanen 2023", "sydost", "uppfoljning", 2020, 2023, 2023, None,
     "broken", RUN_1, RUN_2),
    (11, "sos_analys", "https://cancercentrum.se/samverkan/analys-kopia.pdf",
     "Analys av cancervården (kopia)", None, "bilaga", None, None, 2023, None, "current",
     RUN_2, RUN_2),
    (12, "arsrapport", "https://cancercentrum.se/samverkan/arsrapport-2024.pdf",
     "Årsrapport 2024", None, "rapport", None, None, 2024, None, "current", RUN_1, RUN_2),
    (13, "vast_error_page", "https://cancercentrum.se/vast/handlingsplan.pdf",
     "Handlingsplan Väst", "vast", "handlingsplan", 2024, 2025, None, None, "current",
     RUN_2, RUN_2),
]  # fmt: skip

EXTRACT_FAILURES = {
    "mellan_2024": ("encrypted", "needs a password; the empty one was tried"),
    "vast_error_page": ("not_pdf", "an HTML page served as a PDF"),
}
BROKEN_FETCH_URL = "https://cancercentrum.se/sydost/uppfoljning-2023.pdf"


def make_pdf(texts: list[str], marker: str) -> bytes:
    """Return a real PDF with one page per text (``marker`` keeps equal texts apart)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setTitle(marker)
    for text in texts or ["(inskannad sida)"]:
        pdf.drawString(72, 770, text[:90])
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def build_archive(root: Path) -> tuple[DataDir, dict[str, str]]:
    """Create the fixture data directory; return it and each file key's sha256."""
    data_dir = DataDir.at(root)
    blobs = data_dir.blobs()
    shas: dict[str, str] = {}
    for key, texts in PAGES.items():
        if key == "vast_error_page":
            shas[key] = blobs.put(b"<!DOCTYPE html><html><body>Sidan finns inte</body></html>")
        else:
            shas[key] = blobs.put(make_pdf(texts or [], key))
    db = data_dir.open_db()
    db["crawl_runs"].insert_all(
        [
            {"id": 1, "started_at": RUN_1, "finished_at": "2024-03-01T09:00:00Z", "status": "ok",
             "pages": 40, "documents_new": 10, "errors": 0, "bytes_downloaded": 10_000_000},
            {"id": 2, "started_at": RUN_2, "finished_at": "2025-02-01T09:00:00Z",
             "status": "warning", "pages": 42, "documents_new": 3, "documents_changed": 1,
             "documents_removed": 1, "documents_broken": 1, "errors": 1,
             "previous_run_id": 1, "notes": "one document could not be fetched"},
        ]
    )  # fmt: skip
    fetches = [
        {"run_id": 1, "url": f"https://cancercentrum.se/arkiv/sida-{n}", "kind": "page",
         "fetched_at": RUN_1, "http_status": 200, "outcome": "new"}
        for n in range(OLD_FETCHES)
    ]  # fmt: skip
    fetches.append(
        {"run_id": 1, "url": "https://cancercentrum.se/gammal-trasig.pdf", "kind": "document",
         "fetched_at": RUN_1, "http_status": 500, "outcome": "error", "error": "HTTP 500"}
    )  # fmt: skip
    fetches.append(
        {"run_id": 2, "url": BROKEN_FETCH_URL, "kind": "document", "fetched_at": RUN_2,
         "http_status": None, "outcome": "error", "error": "TimeoutError: took longer than 180 s"}
    )  # fmt: skip
    fetches.append(
        {"run_id": 2, "url": DOCUMENTS[1][2], "kind": "document", "fetched_at": RUN_2,
         "http_status": 200, "sha256": shas["sg_2024"], "outcome": "new"}
    )  # fmt: skip
    db["fetches"].insert_all(fetches)
    db["web_pages"].insert_all(
        [
            {"url": "https://cancercentrum.se/stockholm-gotland/om-oss/", "host": "cancercentrum.se",
             "region": "stockholm-gotland", "title": "Om oss", "status": "current",
             "first_seen": RUN_1, "last_seen": RUN_2},
            {"url": "https://cancercentrum.se/norr/om-oss/", "host": "cancercentrum.se",
             "region": "norr", "title": "Om RCC Norr", "status": "current",
             "first_seen": RUN_1, "last_seen": RUN_2},
        ]
    )  # fmt: skip
    db["web_page_versions"].insert(
        {"url": "https://cancercentrum.se/norr/om-oss/", "sha256": "a" * 64, "title": "Om RCC Norr",
         "text": "Regional cancerplan för norra sjukvårdsregionen.", "first_seen": RUN_1,
         "last_seen": RUN_2}
    )  # fmt: skip
    for (doc_id, key, url, title, region, doc_type, start, end, year, diagnosis, status,
         first, last) in DOCUMENTS:  # fmt: skip
        db["documents"].insert(
            {"id": doc_id, "url": url, "host": url.split("/")[2], "title": title,
             "link_text": f"{title} (pdf, 1 MB)", "found_on": url.rsplit("/", 1)[0] + "/",
             "section": "Dokument", "region": region, "doc_type": doc_type,
             "period_start": start, "period_end": end, "year": year, "diagnosis": diagnosis,
             "sha256": shas[key], "status": status, "first_seen": first, "last_seen": last,
             "status_reason": "TimeoutError on last fetch" if status == "broken" else None,
             "removed_run_id": 2 if status == "removed" else None}
        )  # fmt: skip
        db["document_versions"].insert(
            {"document_id": doc_id, "sha256": shas[key], "first_seen": RUN_2 if doc_id == 1 else first,
             "last_seen": last}
        )  # fmt: skip
    db["document_versions"].insert(
        {"document_id": 1, "sha256": shas["sg_2020_v1"], "first_seen": RUN_1, "last_seen": RUN_1}
    )
    for key, texts in PAGES.items():
        status, error = EXTRACT_FAILURES.get(key, ("ok", None))
        db["files"].insert(
            {"sha256": shas[key], "bytes": len(blobs.read(shas[key])),
             "content_type": "text/html" if key == "vast_error_page" else "application/pdf",
             "page_count": len(texts) if texts else None, "extract_status": status,
             "extract_error": error, "extractor_version": "pdfplumber-0.11.10/1",
             "extracted_at": RUN_2, "first_seen": RUN_1}
        )  # fmt: skip
        db["pdf_pages"].insert_all(
            {"sha256": shas[key], "page_number": number, "text": text, "chars": len(text)}
            for number, text in enumerate(texts or [], start=1)
        )
    db["pdf_tables"].insert(
        {"sha256": shas["arsrapport"], "page_number": 1, "table_index": 0,
         "rows": '[["Region", "Dagar"], ["Norr", "21"]]'}
    )  # fmt: skip
    db["document_links"].insert(
        {"document_url": DOCUMENTS[0][2], "page_url": "https://cancercentrum.se/stockholm-gotland/om-oss/",
         "link_text": "Regional cancerplan 2020–2023 (pdf, 2 MB)", "title": DOCUMENTS[0][3],
         "section": "Dokument", "region": "stockholm-gotland", "first_seen": RUN_1,
         "last_seen": RUN_2}
    )  # fmt: skip
    db.conn.close()
    return data_dir, shas


def build_published_archive(root: Path) -> tuple[DataDir, dict[str, str]]:
    """Create the fixture data directory and publish it."""
    from rcc_archive.publish.build import publish_archive

    data_dir, shas = build_archive(root)
    publish_archive(data_dir)
    return data_dir, shas


def page_keys(rows: list[dict], shas: dict[str, str]) -> set[tuple[str, int]]:
    """Turn result rows (sha256 + page or page_number) into {(file key, page)}."""
    key_of = {sha: key for key, sha in shas.items()}
    return {(key_of[row["sha256"]], row.get("page", row.get("page_number"))) for row in rows}
