"""A built wheel, installed without the source tree, runs every kind of command.

Reads the repository (to build the wheel); writes the wheel, a fresh venv and a data
directory under a temporary folder, and runs the installed ``rcc-archive`` from there, so
package data (the Datasette metadata, the bundled mirror, templates, canned queries) must
come from the wheel. The venv borrows the dev venv's third-party packages through a .pth
line instead of downloading them again; the project itself comes only from the wheel.
"""

from __future__ import annotations

import os
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.timeout(300)


def _run(command: list[str], cwd: Path, timeout: float = 240) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "RCC_ARCHIVE_DATA")}
    result = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env, check=False
    )
    assert result.returncode == 0, (command, result.stdout[-2000:], result.stderr[-2000:])
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the venv's bin folder, a working folder outside the source tree)."""
    root = tmp_path_factory.mktemp("wheel")
    wheels = root / "wheels"
    _run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(REPO), "-w", str(wheels)],
        root,
    )
    (wheel,) = wheels.glob("rcc_archive-*.whl")
    venv = root / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], root)
    python = venv / "bin" / "python"
    purelib = Path(
        subprocess.check_output(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            text=True,
        ).strip()
    )
    # Third-party packages from the dev venv, after the venv's own site-packages.
    borrowed = [sysconfig.get_paths()["purelib"], *site.getsitepackages()]
    (purelib / "zz_dev_dependencies.pth").write_text(
        "\n".join(dict.fromkeys(borrowed)) + "\n", encoding="utf-8"
    )
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            str(wheel),
        ],
        root,
    )
    work = root / "elsewhere"
    work.mkdir()
    return venv / "bin", work


def test_the_project_is_imported_from_the_wheel_not_the_checkout(installed):
    bin_dir, work = installed
    result = _run(
        [
            str(bin_dir / "python"),
            "-c",
            "from rcc_archive import archive; import rcc_archive.publish.serve as s; print(archive.__file__); print(s.METADATA_PATH)",
        ],
        work,
    )
    for line in result.stdout.splitlines():
        assert str(REPO) not in line and "site-packages" in line, line


def test_demo_publish_export_and_verify_from_an_installed_wheel(installed):
    bin_dir, work = installed
    cli = str(bin_dir / "rcc-archive")
    demo = _run([cli, "demo", "--no-serve"], work)
    assert (work / "demo-data" / "archive.db").is_file(), demo.stderr
    data = ["--data-dir", str(work / "demo-data")]
    _run([cli, "publish", *data], work)
    exported = _run([cli, "export", "plans_timeline", "--format", "jsonl", *data], work)
    assert len(exported.stdout.splitlines()) >= 6
    verified = _run([cli, "verify", *data], work)
    assert "0 missing, 0 corrupted" in verified.stdout
    # Found by default right after the demo, as README promises.
    status = _run([cli, "status"], work)
    assert "ok" in status.stdout and "demo-data" in status.stderr


def test_the_wheel_installs_one_namespace_and_no_generic_top_level_names(installed):
    bin_dir, _ = installed
    (wheel,) = (bin_dir.parent.parent / "wheels").glob("rcc_archive-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        tops = {name.split("/", 1)[0] for name in archive.namelist()}
    assert tops == {"rcc_archive", next(t for t in tops if t.endswith(".dist-info"))}, tops
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    # The stages and their package data are inside the namespace.
    for name in (
        "rcc_archive/archive/schema.py",
        "rcc_archive/scraper/spiders/cancercentrum.py",
        "rcc_archive/extract/runner.py",
        "rcc_archive/publish/templates/index.html",
        "rcc_archive/publish/datasette_metadata.json",
        "rcc_archive/mirror/site/cancercentrum.se/robots.txt",
    ):
        assert name in names, name
