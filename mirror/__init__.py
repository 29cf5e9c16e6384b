"""An offline copy of the RCC plan pages, laid out the way ``wget --mirror`` writes it.

``mirror.build`` regenerates ``mirror/site/`` (HTML pages, PDFs, an .xlsx, robots.txt) from
the modules beside it; ``mirror.server`` serves such a folder on 127.0.0.1 so the crawler
can run against it with ``--mirror URL``. Reads and writes nothing on import.
"""

from __future__ import annotations

from pathlib import Path

SITE_DIR = Path(__file__).resolve().parent / "site"
"""The committed, generated mirror (one folder per host: ``cancercentrum.se``, ...)."""
