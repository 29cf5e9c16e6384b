"""The extraction stage: text, tables and metadata out of archived files.

Reads ``files`` rows and their blobs from the archive; writes ``files`` (status,
reason, page count, PDF metadata), ``pdf_pages`` and ``pdf_tables``. Imports only
``archive``, never ``scraper``. Entry points: ``extract.runner.extract_archive`` for
the whole archive, ``extract.pdf.extract_pdf`` for one file.
"""

from __future__ import annotations

from importlib.metadata import version

# Bump the first part whenever this stage's output changes; the pdfplumber part
# changes by itself when an upgrade may change it. Files extracted by another version
# are extracted again on the next run.
# 2: each page says where its text comes from; OCR for pages without a text layer.
EXTRACTOR_VERSION = f"2+pdfplumber-{version('pdfplumber')}"
