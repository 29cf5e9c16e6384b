# Two commands on a fresh machine: `make demo` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: install system-deps test test-fast lint format demo demo-screens bench bench-quick clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Debian packages the tests use: Chromium for the browser test, poppler-utils for the
# pdftotext baseline, ocrmypdf + Tesseract's Swedish model (and DejaVu fonts for the
# scanned test page) for OCR. Installed only when missing, and only where we may (root).
system-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1 \
	  || ! command -v ocrmypdf >/dev/null 2>&1 \
	  || ! ls /usr/share/tesseract-ocr/*/tessdata/swe.traineddata >/dev/null 2>&1 \
	  || ! [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils ocrmypdf tesseract-ocr-swe fonts-dejavu-core >/dev/null; \
	  else echo "note: chromium/poppler-utils/ocrmypdf/tesseract-ocr-swe missing and not root; browser and OCR tests will be skipped"; fi; \
	fi

test: install system-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy -p rcc_archive
	$(PY) -m pytest -q -rs -p no:cacheprovider

test-fast: install
	$(PY) -m pytest -q -x -m "not reliability and not browser"

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

demo: install
	$(VENV)/bin/rcc-archive demo

# Screenshots of the main pages for README (docs/*.png), from a fresh two-crawl demo
# archive in a scratch folder (never ./demo-data, which may hold a user's own runs).
SCREENS_DATA := test-output/screens-data
demo-screens: install system-deps
	rm -rf $(SCREENS_DATA)
	$(VENV)/bin/rcc-archive demo --no-serve --data-dir $(SCREENS_DATA)
	$(PY) docs/screens.py --data-dir $(SCREENS_DATA) --out docs

bench: install system-deps
	$(PY) -m bench

bench-quick: install system-deps
	$(PY) -m bench --quick

clean:
	rm -rf $(VENV) demo-data test-output .pytest_cache
