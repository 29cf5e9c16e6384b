"""The commands that read an archive or care for it: serve, status, export, verify, restore.

Reads command-line options and an existing data directory (never creating one); writes
only what each command says: the export's file, the corpus folder, the WARC file, the
fixity audit (``verify``) or a restored ``archive.db`` (``restore``).
"""

from __future__ import annotations

import re
import sqlite3
import sys
from pathlib import Path

import click

from rcc_archive.archive.datadir import CatalogueDamaged, DataDir, is_damage
from rcc_archive.errors import EXIT_FAILED, CliError, CliUsageError
from rcc_archive.options import data_dir_option

_SELECT = re.compile(r"^\s*(select|with)\b", re.IGNORECASE)


@click.command()
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
    from rcc_archive.publish.serve import check_base_url
    from rcc_archive.publish.serve import serve as serve_datasette

    if base_url is not None:
        try:
            base_url = check_base_url(base_url)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="--base-url") from error
    serve_datasette(data_dir, host=host, port=port, allow_sql=not no_sql, base_url=base_url)


@click.command()
@data_dir_option
@click.option("--limit", type=int, default=10, show_default=True, help="How many runs to show.")
def status(data_dir: DataDir, limit: int) -> None:
    """Print the last crawl runs with their counts and health.

    \b
    Example:
      rcc-archive status --data-dir ./data --limit 5
    """
    from rcc_archive.archive.report import format_runs

    click.echo(format_runs(data_dir.open_db(), limit))


def _query_parameters(source: str) -> list[str] | None:
    """The named parameters a canned query or SELECT takes; None for a table or view."""
    from rcc_archive.publish.build import canned_queries, named_parameters
    from rcc_archive.publish.serve import read_metadata

    queries = canned_queries(read_metadata())
    if source in queries:
        query = queries[source]
        return named_parameters(query["sql"] if isinstance(query, dict) else query)
    if _SELECT.match(source):
        return named_parameters(source)
    return None


def _parse_params(source: str, params: tuple[str, ...]) -> dict[str, str]:
    values = {}
    for param in params:
        name, sep, value = param.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"expected NAME=VALUE, got {param!r}", param_hint="--param")
        values[name] = value
    if values:
        takes = _query_parameters(source)
        unknown = sorted(set(values) - set(takes or ()))
        if unknown:
            offered = ", ".join(takes or ()) or "no parameters"
            raise CliUsageError(
                f"{source[:60]!r} has no parameter {', '.join(unknown)} (it takes {offered})"
            )
    return values


@click.command()
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
    search snippets are plain text, and archive links are URLs. A canned query's parameter
    left out is empty, which its description says how it reads (often: all).

    \b
    Example:
      rcc-archive export documents --format csv -o documents.csv
      rcc-archive export search -p term=screening --excel -o screening.csv \\
          --base-url https://arkiv.example.se
      rcc-archive export search -p term=screening --format jsonl
      rcc-archive export "select region, count(*) from documents group by region"
    """
    from rcc_archive.publish.export import export_rows

    values = _parse_params(source, params)
    if output is not None and not output.parent.is_dir():
        raise CliUsageError(f"cannot write {output}: the folder {output.parent} does not exist")
    handle = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        count = export_rows(
            data_dir.db_path, source, fmt, handle, params=values, excel=excel, base_url=base_url
        )
    except ValueError as error:
        raise CliUsageError(str(error)) from error
    except sqlite3.Error as error:
        if is_damage(error):
            raise
        if "no such table" in str(error) and "_publish_state" not in _tables(data_dir):
            message = f"{error}: the archive is not published yet (rcc-archive publish)"
            raise CliError(message) from error
        raise CliUsageError(f"the query failed: {error}") from error
    finally:
        if output:
            handle.close()
    click.echo(f"{count} rows", err=True)


def _tables(data_dir: DataDir) -> set[str]:
    conn = sqlite3.connect(f"{data_dir.db_path.as_uri()}?mode=ro", uri=True)
    try:
        return {row[0] for row in conn.execute("select name from sqlite_master")}
    finally:
        conn.close()


@click.command("export-corpus")
@data_dir_option
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
def export_corpus(data_dir: DataDir, out_dir: Path) -> None:
    """Write one UTF-8 .txt per document version and a manifest.csv with provenance.

    The folder is created if its parent exists.

    \b
    Example:
      rcc-archive export-corpus ./corpus --data-dir ./data
    """
    from rcc_archive.publish.export import export_corpus as write_corpus

    if not out_dir.resolve().parent.is_dir():
        raise CliUsageError(f"cannot create {out_dir}: {out_dir.resolve().parent} does not exist")
    count = write_corpus(data_dir, out_dir)
    click.echo(f"wrote {count} text files and manifest.csv to {out_dir}")


@click.command()
@data_dir_option(lock=True, catalogue=False)
def verify(data_dir: DataDir) -> None:
    """Re-hash every blob against the catalogue; exit 1 if any is missing or corrupted.

    The audit is recorded in `fixity_audits` and `fixity_problems`. When the catalogue
    is damaged, every blob is still re-hashed against its own name (its sha256).

    \b
    Example:
      rcc-archive verify --data-dir ./data
    """
    from rcc_archive.archive.verify import verify_archive

    try:
        report = verify_archive(data_dir)
    except (CatalogueDamaged, sqlite3.DatabaseError) as error:
        if not isinstance(error, CatalogueDamaged) and not is_damage(error):
            raise
        _verify_blobs_only(data_dir, error)
        return
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
        sys.exit(EXIT_FAILED)


def _verify_blobs_only(data_dir: DataDir, error: Exception) -> None:
    from rcc_archive.archive.verify import check_blobs

    damaged = error if isinstance(error, CatalogueDamaged) else None
    damaged = damaged or CatalogueDamaged(data_dir.db_path, str(error))
    check = check_blobs(data_dir.blob_root)
    click.echo(
        f"checked {check.blobs_checked} blobs ({check.bytes_checked} bytes) against their "
        f"names only: {len(check.corrupted)} corrupted, {len(check.temporaries)} temporary files"
    )
    for corrupted in check.corrupted:
        click.echo(f"corrupted {corrupted.sha256}  content hashes to {corrupted.actual_sha256}")
    raise CliError(str(damaged))


@click.command()
@data_dir_option(lock=True, catalogue=False)
@click.option(
    "--from",
    "source",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A backup file to restore (default: the newest sound one in <data dir>/backups/).",
)
@click.option("--list", "list_only", is_flag=True, help="List the backups and exit.")
def restore(data_dir: DataDir, source: Path | None, list_only: bool) -> None:
    """Bring the catalogue back from a backup after it was damaged or lost.

    `update` keeps a consistent copy of archive.db after every successful run that changed
    the archive, and at least weekly (the last three, in <data dir>/backups/). The damaged file is moved aside, never deleted. Runs
    after the backup are not in the restored catalogue; their blobs stay, and the next
    `update` records the sites again.

    \b
    Example:
      rcc-archive restore --data-dir ./data
      rcc-archive restore --list
      rcc-archive restore --from ./data/backups/archive-20261204T021500000000Z-run41.db
    """
    from rcc_archive.archive.backup import list_backups, restore_catalogue

    if list_only:
        backups = list_backups(data_dir)
        for backup in backups:
            click.echo(f"{backup.taken_at}  {backup.bytes:>12} bytes  {backup.path}")
        if not backups:
            click.echo(f"no backups in {data_dir.backup_dir}")
        return
    result = restore_catalogue(data_dir, source)
    kept = f"; the old file is kept at {result.damaged_kept_at}" if result.damaged_kept_at else ""
    click.echo(
        f"restored {data_dir.db_path} from {result.restored_from} "
        f"({result.runs} runs, the last run {result.last_run_id}){kept}"
    )


@click.command("export-warc")
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
    from rcc_archive.archive.warc import write_warc

    if not out.resolve().parent.is_dir():
        raise CliUsageError(f"cannot write {out}: the folder {out.resolve().parent} does not exist")
    result = write_warc(data_dir, out, run_id=run_id)
    click.echo(
        f"wrote {out}: {result.responses} responses, {result.revisits} revisits, "
        f"{result.payload_bytes} payload bytes"
    )


COMMANDS = [serve, status, export, export_corpus, verify, restore, export_warc]
