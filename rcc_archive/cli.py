"""The ``rcc-archive`` command line: parse options, call the stages, report.

Reads command-line options and ``RCC_ARCHIVE_DATA``; writes through the library
functions it calls. Every command's docstring is its ``--help`` text, with an example.
This module holds the commands that fill the archive (crawl, extract, publish, update,
demo, backfill); ``rcc_archive.commands`` holds those that read it or care for it.
Expected failures end as one line and an exit code (``rcc_archive.errors``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from rcc_archive import commands
from rcc_archive.archive.datadir import DataDir
from rcc_archive.errors import (
    EXIT_CODES_HELP,
    EXIT_FAILED,
    EXIT_WARNING,
    BoundaryGroup,
    install_signal_handlers,
)
from rcc_archive.options import (
    DEMO_DATA,
    crawl_options,
    data_dir_option,
    make_crawl_options,
    reporter,
)


@click.group(
    cls=BoundaryGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=EXIT_CODES_HELP,
)
@click.version_option(package_name="rcc-archive")
@click.option(
    "--debug",
    is_flag=True,
    envvar="RCC_ARCHIVE_DEBUG",
    help="Show the Python traceback of an error (env RCC_ARCHIVE_DEBUG=1).",
)
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Archive Sweden's regional cancer plans: crawl, archive, extract, publish.

    \b
    Example:
      rcc-archive update --data-dir ./data      # the nightly job
      rcc-archive serve --data-dir ./data       # browse it in Datasette
    """
    ctx.ensure_object(dict)["debug"] = debug
    install_signal_handlers()


def _report_run(summary: Any, quiet: bool) -> None:
    from rcc_archive.jobs import counts_line

    line = f"run {summary.run_id} {summary.status}: {counts_line(summary)}"
    if not quiet or summary.status != "ok":
        click.echo(line)


def _exit_for(status: str, strict: bool = False) -> None:
    if status == "failed":
        sys.exit(EXIT_FAILED)
    if strict and status == "warning":
        sys.exit(EXIT_WARNING)


@main.command()
@data_dir_option(create=True, lock=True)
@crawl_options
def crawl(data_dir: DataDir, mirror, spiders, delay, timeout, quiet, verbose) -> None:  # type: ignore[no-untyped-def]
    """Fetch every plan page and linked document into the archive.

    \b
    Example:
      rcc-archive crawl --data-dir ./data
      rcc-archive crawl --mirror http://127.0.0.1:8000 --data-dir ./data
    """
    from rcc_archive.scraper.crawl import crawl as run_crawl

    summary = run_crawl(
        data_dir, make_crawl_options(mirror, spiders, delay, timeout, quiet, verbose)
    )
    _report_run(summary, quiet)
    _exit_for(summary.status)


@main.command()
@data_dir_option(lock=True)
@click.option("--workers", type=click.IntRange(min=1), help="Worker processes (default: cores).")
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
    from rcc_archive.extract.runner import extract_archive
    from rcc_archive.jobs import progress_line

    def progress(step: Any) -> None:
        if not quiet:
            click.echo(progress_line(step), err=True)

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
    click.echo(str(summary))


@main.command()
@data_dir_option(lock=True)
def publish(data_dir: DataDir) -> None:
    """Shape the database for Datasette: Swedish full-text indexes, views, checks.

    \b
    Example:
      rcc-archive publish --data-dir ./data
    """
    from rcc_archive.publish.build import publish_archive

    click.echo(str(publish_archive(data_dir)))


@main.command()
@data_dir_option(create=True, lock=True)
@crawl_options
@click.option("--workers", type=click.IntRange(min=1), help="Extraction workers (default: cores).")
@click.option("--strict", is_flag=True, help="Exit 3 on a warning run too.")
def update(
    data_dir: DataDir, mirror, spiders, delay, timeout, quiet, verbose, workers, strict
) -> None:  # type: ignore[no-untyped-def]
    """Crawl, extract and publish in one run: the job a schedule runs.

    Exits 1 when the run failed, with --strict 3 when it has a warning, and 4 when another
    run holds the data directory. After a successful run that changed the archive (and at
    least weekly) the catalogue is backed up to <data dir>/backups/ (see `rcc-archive restore`).

    \b
    Example (crontab, nightly at 02:15):
      15 2 * * * rcc-archive update --data-dir /srv/rcc --quiet
    """
    from rcc_archive.jobs import run_update

    options = make_crawl_options(mirror, spiders, delay, timeout, quiet, verbose)
    result = run_update(data_dir, options, workers=workers, say=reporter(quiet, data_dir))
    _report_run(result.run, quiet)
    _exit_for(result.run.status, strict)


@main.command()
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEMO_DATA,
    show_default=True,
    help="Where the demo archive is built.",
)
@click.option("--port", type=int, default=8001, show_default=True, help="Datasette's port.")
@click.option("--no-serve", is_flag=True, help="Build the demo archive and exit.")
def demo(data_dir: Path, port: int, no_serve: bool) -> None:
    """Build the archive from the bundled offline mirror and serve it.

    Serves the bundled mirror on loopback, runs `update` against it into ./demo-data,
    then serves Datasette and prints the URL. Afterwards every command finds the demo
    archive by itself when ./data holds none (or pass --data-dir demo-data).

    \b
    Example:
      rcc-archive demo                 # then open http://127.0.0.1:8001/
      rcc-archive demo --no-serve      # build only (tests, CI)
      rcc-archive status               # the demo's runs
    """
    from rcc_archive.errors import remember_data_dir
    from rcc_archive.jobs import run_demo

    demo_dir = DataDir.at(data_dir)
    remember_data_dir(demo_dir)
    result = run_demo(demo_dir, port=port, serve=not no_serve, say=reporter(False, demo_dir))
    _report_run(result.run, False)
    _exit_for(result.run.status)


@main.command()
@data_dir_option(lock=True)
@click.option(
    "--wayback",
    metavar="URL",
    default="https://web.archive.org",
    show_default=True,
    help="A Wayback Machine (or a server with its layout: URL/cdx/search/cdx and URL/web/).",
)
@click.option("--from", "date_from", metavar="YYYY[MMDD]", help="Captures from this date on.")
@click.option("--to", "date_to", metavar="YYYY[MMDD]", help="Captures up to this date.")
@click.option("--limit", type=int, help="Fetch at most this many captures in this run.")
@click.option("--delay", type=float, help="Seconds between requests (default 1 CDX, 0.5 capture).")
@click.option("--quiet", is_flag=True, help="Only the final line, and only if not ok.")
@click.option("--verbose", is_flag=True, help="Scrapy's own debug log too.")
def backfill(data_dir: DataDir, wayback, date_from, date_to, limit, delay, quiet, verbose) -> None:  # type: ignore[no-untyped-def]
    """Add earlier versions of pages and documents from the Wayback Machine's captures.

    Resumable: a second run continues where the first stopped and fetches nothing twice.

    \b
    Example:
      rcc-archive backfill --data-dir ./data --from 2013 --to 2020 --limit 200
      rcc-archive backfill --wayback http://127.0.0.1:8080 --data-dir ./data
    """
    from rcc_archive.scraper.wayback_run import BackfillOptions, BackfillTarget
    from rcc_archive.scraper.wayback_run import backfill as run_backfill

    target = BackfillTarget(wayback=wayback, date_from=date_from, date_to=date_to, limit=limit)
    options = BackfillOptions(target=target, delay=delay, verbose=verbose)
    summary = run_backfill(data_dir, options)
    _report_run(summary, quiet)
    _exit_for(summary.status)


for _command in commands.COMMANDS:
    main.add_command(_command)


if __name__ == "__main__":
    main()
