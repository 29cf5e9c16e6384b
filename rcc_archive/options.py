"""Options the commands share: the data directory, the lock, how to crawl, how to report.

Reads command-line options and ``RCC_ARCHIVE_DATA``; writes only ``<data dir>/logs/update.log``
(the job reporter) and the data directory's lock file.
"""

from __future__ import annotations

import functools
import logging
import logging.handlers
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from rcc_archive.archive.datadir import DataDir, NoArchiveError
from rcc_archive.errors import remember_data_dir

DEFAULT_DATA = Path("data")
# Where `make demo` / `rcc-archive demo` builds its archive.
DEMO_DATA = Path("demo-data")


def _resolve_data_dir(path: Path, *, create: bool, given: bool, catalogue: bool) -> DataDir:
    """Find the data directory a command works on.

    A command that fills an archive (crawl, update) creates it. Every other command needs
    one that exists; when the user named none and ``./data`` holds no archive, the demo's
    ``./demo-data`` is used, so the commands README shows work right after ``make demo``.
    """
    if create:
        return DataDir.at(path)
    try:
        return _existing(path, catalogue=catalogue)
    except NoArchiveError:
        if given or not (DEMO_DATA / "archive.db").is_file():
            raise
    click.echo(f"note: no archive in ./{DEFAULT_DATA}; using the demo's ./{DEMO_DATA}", err=True)
    return _existing(DEMO_DATA, catalogue=catalogue)


def _existing(path: Path, *, catalogue: bool) -> DataDir:
    data_dir = DataDir.existing(path, catalogue=catalogue)
    if not catalogue and not any(
        p.exists() for p in (data_dir.db_path, data_dir.blob_root, data_dir.backup_dir)
    ):
        # Without a catalogue the folder must still look like an archive: blobs or backups.
        DataDir.existing(path)  # raises the same "no archive" error as other commands
    return data_dir


def data_dir_option(
    func: Callable[..., Any] | None = None,
    *,
    create: bool = False,
    lock: bool = False,
    catalogue: bool = True,
) -> Any:
    """Add ``--data-dir`` (default ``./data`` or ``$RCC_ARCHIVE_DATA``).

    ``create``: the command may start a new archive there. ``lock``: the command writes, so
    it holds the data directory's lock for its whole run (another run gets exit code 4).
    ``catalogue=False``: the folder must exist but ``archive.db`` may be missing or damaged
    (``restore``, ``verify``). Used bare (``@data_dir_option``) it needs an existing archive
    and takes no lock.
    """

    def decorate(inner: Callable[..., Any]) -> Callable[..., Any]:
        @click.option(
            "--data-dir",
            type=click.Path(file_okay=False, path_type=Path),
            envvar="RCC_ARCHIVE_DATA",
            default=DEFAULT_DATA,
            show_default=True,
            help="Folder holding archive.db and the blobs (env RCC_ARCHIVE_DATA).",
        )
        @functools.wraps(inner)
        def wrapper(*args: Any, data_dir: Path, **kwargs: Any) -> Any:
            ctx = click.get_current_context()
            source = ctx.get_parameter_source("data_dir")
            given = source is not None and source.name != "DEFAULT"
            resolved = _resolve_data_dir(data_dir, create=create, given=given, catalogue=catalogue)
            remember_data_dir(resolved)
            if not lock:
                return inner(*args, data_dir=resolved, **kwargs)
            with resolved.lock():
                return inner(*args, data_dir=resolved, **kwargs)

        return wrapper

    return decorate(func) if func is not None else decorate


def check_mirror(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Accept ``--mirror`` only as an http(s) URL with a host (and no query or fragment)."""
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise click.BadParameter(
            f"expected an http(s) URL such as http://127.0.0.1:8000, got {value!r}"
        )
    try:
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError as error:
        raise click.BadParameter(f"bad port in {value!r}") from error
    return value


def check_spiders(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> tuple[str, ...]:
    """Accept only spiders registered in ``scraper.crawl.SPIDERS`` (the one list of sources)."""
    if not value:
        return value
    from rcc_archive.scraper.crawl import SPIDERS

    unknown = [name for name in value if name not in SPIDERS]
    if unknown:
        raise click.BadParameter(
            f"unknown spider {', '.join(unknown)}; known: {', '.join(sorted(SPIDERS))}"
        )
    return value


def crawl_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the options that say where and how to crawl."""
    options = [
        click.option(
            "--mirror",
            metavar="URL",
            callback=check_mirror,
            help="Fetch https://HOST/PATH from URL/HOST/PATH (a wget --mirror layout) "
            "instead of the live sites. The archive still records the real URLs.",
        ),
        click.option(
            "--spider",
            "spiders",
            multiple=True,
            metavar="NAME",
            callback=check_spiders,
            help="Run only these spiders (repeatable): cancercentrum, socialstyrelsen, or any "
            "registered in scraper.crawl.SPIDERS. Default: all.",
        ),
        click.option(
            "--delay",
            type=click.FloatRange(min=0),
            help="Seconds between requests to one host (default 1 live, 0 on a mirror).",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0, min_open=True),
            help="Download timeout per request, seconds.",
        ),
        click.option(
            "--quiet", is_flag=True, help="Only the verdict and what is wrong (for cron)."
        ),
        click.option("--verbose", is_flag=True, help="Scrapy's own debug log too."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def make_crawl_options(
    mirror: str | None,
    spiders: tuple[str, ...],
    delay: float | None,
    timeout: float | None,
    quiet: bool,
    verbose: bool,
) -> Any:
    """Build the crawler's options from the parsed command line."""
    from rcc_archive.scraper.crawl import SPIDERS, CrawlOptions

    return CrawlOptions(
        mirror=mirror,
        spiders=tuple(spiders) or tuple(SPIDERS),
        delay=delay,
        timeout=timeout,
        quiet=quiet,
        verbose=verbose,
    )


def reporter(quiet: bool, data_dir: DataDir | None = None) -> Callable[[str], None]:
    """Return a reporter that logs to ``<data dir>/logs/update.log`` and, unless quiet, stderr."""
    logger = logging.getLogger("rcc_archive.job")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    if data_dir is not None:
        log_file = str(data_dir.log_dir / "update.log")
        for handler in list(logger.handlers):
            # One process may run jobs on several data directories (tests, the demo).
            if getattr(handler, "baseFilename", None) != log_file:
                logger.removeHandler(handler)
                handler.close()
        if not logger.handlers:
            data_dir.log_dir.mkdir(parents=True, exist_ok=True)
            handler = logging.handlers.RotatingFileHandler(
                log_file, maxBytes=5_000_000, backupCount=5, encoding="utf-8"
            )
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
            logger.addHandler(handler)

    def say(message: str) -> None:
        logger.info(message)
        if not quiet:
            click.echo(message, err=True)

    return say
