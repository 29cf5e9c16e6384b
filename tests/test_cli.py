"""The command line: every command documents itself with an example, and the exports work."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from rcc_archive.cli import main

COMMANDS = sorted(main.commands)


def test_the_cli_has_every_command_the_readme_promises():
    assert {
        "crawl",
        "extract",
        "publish",
        "serve",
        "update",
        "status",
        "demo",
        "export",
        "export-corpus",
        "verify",
        "export-warc",
    } <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output
    assert "rcc-archive " + command in result.output


def test_every_command_is_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"rcc-archive {command}" in readme, command


def test_export_a_table_a_canned_query_and_a_select(demo_archive):
    runner = CliRunner()
    data = ["--data-dir", str(demo_archive.root)]
    result = runner.invoke(main, ["export", "documents", *data])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == demo_archive.open_db()["documents"].count
    result = runner.invoke(
        main, ["export", "search", "-p", "term=screening", "--format", "jsonl", *data]
    )
    assert result.exit_code == 0, result.output
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert hits and all("<mark>" in hit["snippet"] for hit in hits)
    result = runner.invoke(main, ["export", "drop table documents", *data])
    assert result.exit_code != 0
    assert demo_archive.open_db()["documents"].count == len(rows)


def test_export_corpus_writes_text_and_provenance(demo_archive, tmp_path):
    result = CliRunner().invoke(
        main, ["export-corpus", str(tmp_path / "corpus"), "--data-dir", str(demo_archive.root)]
    )
    assert result.exit_code == 0, result.output
    manifest = list(csv.DictReader((tmp_path / "corpus" / "manifest.csv").open(encoding="utf-8")))
    texts = [row for row in manifest if row["file"]]
    assert len(texts) >= 60
    sample = (tmp_path / "corpus" / texts[0]["file"]).read_text(encoding="utf-8")
    assert sample.strip() and texts[0]["sha256"] and texts[0]["url"].startswith("https://")


def test_status_prints_the_runs(demo_archive):
    result = CliRunner().invoke(main, ["status", "--data-dir", str(demo_archive.root)])
    assert result.exit_code == 0
    assert "ok" in result.output and "docs" in result.output
