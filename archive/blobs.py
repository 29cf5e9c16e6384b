"""Content-addressed blob store: every body is kept once, named by its sha256.

Reads and writes ``<data dir>/blobs/ab/cd/<sha256>``. File names come only from the
hash, never from a URL or a header, so nothing a site sends can choose a path. A blob
is written to a temporary file in the same folder and renamed into place, so a crash
never leaves a partial file under a hash name; writing a hash that exists is a no-op,
so earlier bytes are never overwritten.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def sha256_hex(data: bytes) -> str:
    """Return the lowercase hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


class BlobStore:
    """A folder of immutable blobs, sharded by the first two byte pairs of the hash."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def path(self, sha256: str) -> Path:
        """Return where the blob with this hash lives (it may not exist)."""
        if not _SHA256.match(sha256):
            raise ValueError(f"not a sha256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def has(self, sha256: str) -> bool:
        """Tell whether the blob is stored."""
        return self.path(sha256).is_file()

    def put(self, data: bytes) -> str:
        """Store ``data`` (once) and return its sha256."""
        digest = sha256_hex(data)
        target = self.path(digest)
        if target.is_file():
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                # fsync before the rename: after a power cut the name must not point
                # at an empty or partial file.
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return digest

    def read(self, sha256: str) -> bytes:
        """Return the bytes of a stored blob."""
        return self.path(sha256).read_bytes()

    def iter_hashes(self) -> Iterator[str]:
        """Yield the hash of every stored blob (temporary files are skipped)."""
        for path in self.root.glob("??/??/*"):
            if _SHA256.match(path.name):
                yield path.name

    def remove_temporaries(self) -> int:
        """Delete temporary files left by a killed writer; return how many."""
        count = 0
        for path in self.root.glob("??/??/.tmp-*"):
            path.unlink(missing_ok=True)
            count += 1
        return count
