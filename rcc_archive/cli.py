"""The ``rcc-archive`` command line: parse options, call the stages, report.

Reads command-line options and ``RCC_ARCHIVE_DATA``; writes through the library
functions it calls. Every command's docstring is its ``--help`` text, with an example.
"""

from __future__ import annotations

import functools
import logging
import logging.handlers
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from archive.datadir import DataDir, LockedError

EXIT_WARNING = 3


def data_dir_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--data-dir`` (default ``./data`` or ``$RCC_ARCHIVE_DATA``)."""

    @click.option(
        "--data-dir",
        type=click.Path(file_okay=False, path_type=Path),
        envvar="RCC_ARCHIVE_DATA",
        default=Path("data"),
        show_default=True,
        help="Folder holding archive.db and the blobs (env RCC_ARCHIVE_DATA).",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, data_dir: Path, **kwargs: Any) -> Any:
        return func(*args, data_dir=DataDir.at(data_dir), **kwargs)

    return wrapper


def crawl_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the options that say where and how to crawl."""
    options = [
        click.option(
            "--mirror",
            metavar="URL",
            help="Fetch https://HOST/PATH from URL/HOST/PATH (a wget --mirror layout) "
            "instead of the live sites. The archive still records the real URLs.",
        ),
        click.option(
            "--spider",
            "spiders",
            multiple=True,
            type=click.Choice(["cancercentrum", "socialstyrelsen"]),
            help="Run only these spiders (repeatable). Default: all.",
        ),
        click.option(
            "--delay",
            type=float,
            help="Seconds between requests to one host (default 1 live, 0 on a mirror).",
        ),
        click.option("--timeout", type=float, help="Download timeout per request, seconds."),
        click.option("--quiet", is_flag=True, help="Only warnings and the final line (for cron)."),
        click.option("--verbose", is_flag=True, help="Scrapy's own debug log too."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _crawl_options(mirror, spiders, delay, timeout, quiet, verbose):  # type: ignore[no-untyped-def]
    from scraper.crawl import SPIDERS, CrawlOptions

    return CrawlOptions(
        mirror=mirror,
        spiders=tuple(spiders) or tuple(SPIDERS),
        delay=delay,
        timeout=timeout,
        quiet=quiet,
        verbose=verbose,
    )


def _say(quiet: bool, data_dir: DataDir | None = None) -> Callable[[str], None]:
    """Return a reporter that logs to ``<data dir>/logs/update.log`` and, unless quiet, stderr."""
    logger = logging.getLogger("rcc_archive.job")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    if data_dir is not None and not logger.handlers:
        data_dir.log_dir.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            data_dir.log_dir / "update.log", maxBytes=5_000_000, backupCount=5, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        logger.addHandler(handler)

    def say(message: str) -> None:
        logger.info(message)
        if not quiet:
            click.echo(message, err=True)

    return say


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="rcc-archive")
def main() -> None:
    """Archive Sweden's regional cancer plans: crawl, archive, extract, publish.

    \b
    Example:
      rcc-archive update --data-dir ./data      # the nightly job
      rcc-archive serve --data-dir ./data       # browse it in Datasette
    """


@main.command()
@data_dir_option
@crawl_options
def crawl(data_dir: DataDir, mirror, spiders, delay, timeout, quiet, verbose) -> None:  # type: ignore[no-untyped-def]
    """Fetch every plan page and linked document into the archive.

    \b
    Example:
      rcc-archive crawl --data-dir ./data
      rcc-archive crawl --mirror http://127.0.0.1:8000 --data-dir ./data
    """
    from scraper.crawl import crawl as run_crawl

    options = _crawl_options(mirror, spiders, delay, timeout, quiet, verbose)
    try:
        with data_dir.lock():
            summary = run_crawl(data_dir, options)
    except LockedError as error:
        raise click.ClickException(str(error)) from error
    _report_run(summary, quiet)
    if summary.status == "failed":
        sys.exit(1)


def _report_run(summary: Any, quiet: bool) -> None:
    from rcc_archive.jobs import _counts_line

    line = f"run {summary.run_id} {summary.status}: {_counts_line(summary)}"
    if not quiet or summary.status != "ok":
        click.echo(line)


@main.command()
@data_dir_option
@click.option("--workers", type=int, help="Worker processes (default: number of cores).")
@click.option("--force", is_flag=True, help="Re-extract every file, even if already done.")
@click.option("--retry-failed", is_flag=True, help="Retry only files whose extraction failed.")
@click.option("--timeout", type=float, default=120, show_default=True, help="Seconds per file.")
@click.option(
    "--memory-mb", type=int, default=1024, show_default=True, help="Memory cap per worker."
)
@click.option(
    "--ocr/--no-ocr",
    default=None,
    help="OCR (Swedish) for pages without a text layer [default: on when Tesseract is installed].",
)
@click.option("--quiet", is_flag=True, help="No progress lines.")
def extract(
    data_dir: DataDir, workers, force, retry_failed, timeout, memory_mb, ocr, quiet
) -> None:  # type: ignore[no-untyped-def]
    """Extract text, tables and metadata from archived files, and classify documents.

    \b
    Example:
      rcc-archive extract --data-dir ./data --workers 2
      rcc-archive extract --retry-failed
    """
    from extract.runner import WorkerPoolError, extract_archive

    def progress(state: Any) -> None:
        if not quiet:
            click.echo(f"  {state}", err=True)

    try:
        summary = extract_archive(
            data_dir,
            workers=workers,
            force=force,
            retry_failed=retry_failed,
            timeout_s=timeout,
            memory_mb=memory_mb,
            ocr=ocr,
            progress=progress,
        )
    except WorkerPoolError as error:
        raise click.ClickException(f"extraction workers could not run: {error}") from error
    click.echo(str(summary))


@main.command()
@data_dir_option
def publish(data_dir: DataDir) -> None:
    """Shape the database for Datasette: Swedish full-text indexes, views, checks.

    \b
    Example:
      rcc-archive publish --data-dir ./data
    """
    from publish.build import publish_archive

    click.echo(str(publish_archive(data_dir)))


@main.command()
@data_dir_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", type=int, default=8001, show_default=True)
@click.option(
    "--no-sql",
    is_flag=True,
    help="Refuse arbitrary SQL (?sql=, _where); tables, search and canned queries stay.",
)
@click.option(
    "--base-url",
    metavar="URL",
    help="Public address put in front of links in CSV exports (default: the request's).",
)
def serve(data_dir: DataDir, host: str, port: int, no_sql: bool, base_url: str | None) -> None:
    """Serve the archive read-only in Datasette.

    \b
    Example:
      rcc-archive serve --data-dir ./data --port 8001
      rcc-archive serve --host 0.0.0.0 --no-sql --base-url https://arkiv.example.se
    """
    from publish.serve import check_base_url
    from publish.serve import serve as serve_datasette

    if not data_dir.db_path.exists():
        raise click.ClickException(f"no archive at {data_dir.db_path}: run `rcc-archive update`")
    if base_url is not None:
        try:
            base_url = check_base_url(base_url)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="--base-url") from error
    serve_datasette(data_dir, host=host, port=port, allow_sql=not no_sql, base_url=base_url)


@main.command()
@data_dir_option
@crawl_options
@click.option("--workers", type=int, help="Extraction workers (default: number of cores).")
@click.option("--strict", is_flag=True, help="Exit non-zero on a warning run too.")
def update(
    data_dir: DataDir, mirror, spiders, delay, timeout, quiet, verbose, workers, strict
) -> None:  # type: ignore[no-untyped-def]
    """Crawl, extract and publish in one run: the job a schedule runs.

    Exits 1 when the run failed, and with --strict 3 when it has a warning.

    \b
    Example (crontab, nightly at 02:15):
      15 2 * * * rcc-archive update --data-dir /srv/rcc --quiet
    """
    from rcc_archive.jobs import run_update

    options = _crawl_options(mirror, spiders, delay, timeout, quiet, verbose)
    try:
        result = run_update(data_dir, options, workers=workers, say=_say(quiet, data_dir))
    except LockedError as error:
        raise click.ClickException(str(error)) from error
    _report_run(result.run, quiet)
    if result.run.status == "failed":
        sys.exit(1)
    if strict and result.run.status == "warning":
        sys.exit(EXIT_WARNING)


@main.command()
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("demo-data"),
    show_default=True,
    help="Where the demo archive is built.",
)
@click.option("--port", type=int, default=8001, show_default=True, help="Datasette's port.")
@click.option("--no-serve", is_flag=True, help="Build the demo archive and exit.")
def demo(data_dir: Path, port: int, no_serve: bool) -> None:
    """Build the archive from the bundled offline mirror and serve it.

    Serves the bundled mirror on loopback, runs `update` against it into a demo
    data directory, then serves Datasette and prints the URL.

    \b
    Example:
      rcc-archive demo                 # then open http://127.0.0.1:8001/
      rcc-archive demo --no-serve      # build only (tests, CI)
    """
    from rcc_archive.jobs import run_demo

    try:
        demo_dir = DataDir.at(data_dir)
        result = run_demo(demo_dir, port=port, serve=not no_serve, say=_say(False, demo_dir))
    except LockedError as error:
        raise click.ClickException(str(error)) from error
    _report_run(result.run, False)
    if result.run.status == "failed":
        sys.exit(1)


@main.command()
@data_dir_option
@click.option("--limit", type=int, default=10, show_default=True, help="How many runs to show.")
def status(data_dir: DataDir, limit: int) -> None:
    """Print the last crawl runs with their counts and health.

    \b
    Example:
      rcc-archive status --data-dir ./data --limit 5
    """
    from archive.report import format_runs

    if not data_dir.db_path.exists():
        raise click.ClickException(f"no archive at {data_dir.db_path}")
    click.echo(format_runs(data_dir.open_db(), limit))


@main.command()
@data_dir_option
@click.argument("source")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File (default stdout)."
)
@click.option(
    "-p", "--param", "params", multiple=True, metavar="NAME=VALUE", help="Canned query parameter."
)
@click.option(
    "--excel", is_flag=True, help="CSV for Excel: UTF-8 with BOM, ';' between cells, CRLF."
)
@click.option(
    "--base-url",
    metavar="URL",
    help="Public address of the archive, to make its links absolute in CSV.",
)
def export(
    data_dir: DataDir,
    source: str,
    fmt: str,
    output: Path | None,
    params: tuple[str, ...],
    excel: bool,
    base_url: str | None,
) -> None:
    """Export a table, view, canned query or SELECT as CSV or JSON lines (streamed).

    CSV is safe to open in a spreadsheet: text that would run as a formula starts with ',
    search snippets are plain text, and archive links are URLs.

    \b
    Example:
      rcc-archive export documents --format csv -o documents.csv
      rcc-archive export search -p term=screening --excel -o screening.csv \\
          --base-url https://arkiv.example.se
      rcc-archive export search -p term=screening --format jsonl
      rcc-archive export "select region, count(*) from documents group by region"
    """
    from publish.export import export_rows

    values = {}
    for param in params:
        name, sep, value = param.partition("=")
        if not sep:
            raise click.BadParameter(f"expected NAME=VALUE, got {param!r}", param_hint="--param")
        values[name] = value
    handle = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        count = export_rows(
            data_dir.db_path, source, fmt, handle, params=values, excel=excel, base_url=base_url
        )
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    finally:
        if output:
            handle.close()
    click.echo(f"{count} rows", err=True)


@main.command("export-corpus")
@data_dir_option
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
def export_corpus(data_dir: DataDir, out_dir: Path) -> None:
    """Write one UTF-8 .txt per document version and a manifest.csv with provenance.

    \b
    Example:
      rcc-archive export-corpus ./corpus --data-dir ./data
    """
    from publish.export import export_corpus as write_corpus

    count = write_corpus(data_dir, out_dir)
    click.echo(f"wrote {count} text files and manifest.csv to {out_dir}")


@main.command()
@data_dir_option
def verify(data_dir: DataDir) -> None:
    """Re-hash every blob against the catalogue; exit 1 if any is missing or corrupted.

    The audit is recorded in `fixity_audits` and `fixity_problems`.

    \b
    Example:
      rcc-archive verify --data-dir ./data
    """
    from archive.verify import verify_archive

    report = verify_archive(data_dir)
    click.echo(
        f"checked {report.blobs_checked} blobs ({report.bytes_checked} bytes): "
        f"{len(report.missing)} missing, {len(report.corrupted)} corrupted, "
        f"{len(report.orphans)} orphans, {len(report.temporaries)} temporary files"
    )
    for missing in report.missing:
        click.echo(f"missing   {missing.sha256}  referenced by {missing.refs}")
    for corrupted in report.corrupted:
        click.echo(f"corrupted {corrupted.sha256}  content hashes to {corrupted.actual_sha256}")
    if not report.ok:
        sys.exit(1)


@main.command("export-warc")
@data_dir_option
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--run", "run_id", type=int, help="Only the responses of this crawl run.")
def export_warc(data_dir: DataDir, out: Path, run_id: int | None) -> None:
    """Write the fetched responses as a gzipped WARC 1.1 file for web archivists.

    \b
    Example:
      rcc-archive export-warc rcc.warc.gz --data-dir ./data
      warcio check rcc.warc.gz
    """
    from archive.warc import write_warc

    result = write_warc(data_dir, out, run_id=run_id)
    click.echo(
        f"wrote {out}: {result.responses} responses, {result.revisits} revisits, "
        f"{result.payload_bytes} payload bytes"
    )


if __name__ == "__main__":
    main()
