"""The command line's error boundary: every expected failure becomes one line and an exit code.

Reads the exception a command raised and the data directory it ran on; writes one line to
stderr (through click) and, for an unexpected error, the traceback to
``<data dir>/logs/errors.log``. ``--debug`` (or ``RCC_ARCHIVE_DEBUG=1``) lets the traceback
through instead.
"""

from __future__ import annotations

import logging
import signal
import sys
import traceback
from typing import Any

import click

from rcc_archive.archive.datadir import (
    CatalogueDamaged,
    DataDir,
    LockedError,
    NoArchiveError,
    is_damage,
    is_disk_full,
)

# Exit codes, as README and --help list them.
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_WARNING = 3
EXIT_LOCKED = 4
EXIT_TERMINATED = 128 + signal.SIGTERM  # what a shell reports for a process ended by SIGTERM

EXIT_CODES_HELP = (
    "Exit codes: 0 ok; 1 failed (a failed run, a problem found, a damaged catalogue, disk "
    "full); 2 usage (a bad option, a mistyped --data-dir, a bad query); 3 a warning run under "
    "--strict; 4 another run holds the data directory's lock; 143 stopped by SIGTERM (the "
    "run is closed as failed, interrupted)."
)


class Terminated(BaseException):
    """SIGTERM arrived (systemd, timeout, kill): unwinds like Ctrl-C, so runs close as failed."""


def _on_sigterm(signum: int, frame: object) -> None:
    # One SIGTERM is enough: a second one must not cut short the closing of the run.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Terminated()


def install_signal_handlers() -> None:
    """Turn SIGTERM into ``Terminated`` in this (main) process; children keep the default."""
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _on_sigterm)


class CliError(click.ClickException):
    """A failure the user can act on: printed as ``Error: <message>``, exits with ``code``."""

    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.exit_code = code  # type: ignore[misc]  # click reads it per instance


class CliUsageError(CliError):
    """The command line itself is wrong: exit 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message, EXIT_USAGE)


def _one_line(text: str) -> str:
    """Fold a multi-line message onto one line (bullets become '; ')."""
    parts = [part.strip().lstrip("- ").strip() for part in text.splitlines()]
    return "; ".join(part for part in parts if part).replace(":;", ":")


def _loaded(module: str, name: str) -> type[BaseException] | None:
    """Return an exception class if its module was imported (else nothing can raise it)."""
    found = getattr(sys.modules.get(module), name, None)
    return found if isinstance(found, type) and issubclass(found, BaseException) else None


def translate(error: BaseException, data_dir: DataDir | None) -> CliError | None:
    """Map an expected failure to a ``CliError``; None when it is not one we expect."""
    if isinstance(error, LockedError):
        return CliError(str(error), EXIT_LOCKED)
    if isinstance(error, NoArchiveError):
        return CliUsageError(str(error))
    if isinstance(error, CatalogueDamaged):
        return CliError(str(error))
    if is_damage(error) and data_dir is not None:
        return CliError(str(CatalogueDamaged(data_dir.db_path, str(error))))
    if is_disk_full(error):
        filename = getattr(error, "filename", None)
        where = f" writing {filename}" if filename else ""
        return CliError(
            f"disk full{where}: free some space and run again (what was written before "
            "is kept; the run is closed as failed)"
        )
    expected = [
        _loaded("rcc_archive.publish.build", "MetadataMismatch"),
        _loaded("rcc_archive.publish.serve", "NotPublishedError"),
        _loaded("rcc_archive.extract.runner", "WorkerPoolError"),
        _loaded("rcc_archive.publish.queries", "QueryFileError"),
        _loaded("rcc_archive.archive.backup", "RestoreError"),
    ]
    if any(kind is not None and isinstance(error, kind) for kind in expected):
        return CliError(_one_line(str(error)))
    if isinstance(error, OSError):
        # Permissions, a vanished folder, a read-only file system: the message names the file.
        return CliError(_one_line(str(error)))
    return None


def report_unexpected(error: BaseException, data_dir: DataDir | None) -> CliError:
    """Keep the traceback of a bug in the log and give the user one line about it."""
    where = ""
    if data_dir is not None and data_dir.root.is_dir():
        log = data_dir.log_dir / "errors.log"
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("a", encoding="utf-8") as handle:
                handle.write("".join(traceback.format_exception(error)) + "\n")
            where = f"; the traceback is in {log}"
        except OSError:
            logging.getLogger("rcc_archive").debug("could not write %s", log)
    return CliError(
        f"unexpected error {type(error).__name__}: {_one_line(str(error))} "
        f"(run again with --debug to see the traceback{where})"
    )


class BoundaryGroup(click.Group):
    """A click group whose commands' expected failures end as one line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.Abort, click.ClickException):
            raise
        except Terminated as error:
            raise CliError(
                "stopped by SIGTERM: the run was closed as failed (interrupted); "
                "what was written is kept and the next run goes on from there",
                EXIT_TERMINATED,
            ) from error
        except Exception as error:
            if (ctx.obj or {}).get("debug"):
                raise
            data_dir = (ctx.obj or {}).get("data_dir")
            translated = translate(error, data_dir)
            if translated is None:
                translated = report_unexpected(error, data_dir)
            raise translated from error


def remember_data_dir(data_dir: DataDir) -> None:
    """Note the command's data directory, so an error can name its files."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        root = ctx.find_root()
        if root.obj is None:
            root.obj = {}
        root.obj["data_dir"] = data_dir
