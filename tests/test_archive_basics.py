"""The archive's own promises: blobs named by hash, written once; types told by bytes."""

from __future__ import annotations

import pytest

from rcc_archive.archive.blobs import BlobStore, sha256_hex
from rcc_archive.archive.sniff import DOCX, EMPTY, HTML, PDF, TEXT, XLSX, sniff_type


def test_a_blob_is_stored_once_under_its_hash_and_never_rewritten(tmp_path):
    store = BlobStore(tmp_path / "blobs")
    sha = store.put(b"%PDF-1.7 first")
    path = store.path(sha)
    assert path.name == sha == sha256_hex(b"%PDF-1.7 first")
    assert path.parent.name == sha[2:4] and path.parent.parent.name == sha[:2]
    mtime = path.stat().st_mtime_ns
    assert store.put(b"%PDF-1.7 first") == sha
    assert path.stat().st_mtime_ns == mtime
    assert not list(path.parent.glob(".tmp-*"))


@pytest.mark.parametrize("bad", ["../../etc/passwd", "/etc/passwd", "ab" * 31, "A" * 64])
def test_a_blob_path_is_only_ever_a_hash(tmp_path, bad):
    with pytest.raises(ValueError):
        BlobStore(tmp_path).path(bad)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.4\n...", PDF),
        (b"junk before the header\n%PDF-1.7\n", PDF),
        (b"<!DOCTYPE html><html><body>403 Forbidden</body></html>", HTML),
        (b"", EMPTY),
        (b"oops", TEXT),
        # 1,023 ASCII bytes and an "å" cut in half by the 1,024-byte window is still text.
        (b"a" * 1023 + "åäö".encode(), TEXT),
    ],
)
def test_types_are_told_by_the_bytes(data, expected):
    assert sniff_type(data) == expected


def test_office_files_are_told_apart_inside_the_zip(tmp_path):
    import io
    import zipfile

    def zipped(name: str) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr(name, "<x/>")
        return out.getvalue()

    assert sniff_type(zipped("word/document.xml")) == DOCX
    assert sniff_type(zipped("xl/workbook.xml")) == XLSX
