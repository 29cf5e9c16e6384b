"""PyStemmer, the C Snowball the archive stems with, gives the same stems as the pure Python one.

Reads the demo archive (``rcc-archive demo --no-serve``: every page text and web page
text of the bundled mirror); writes nothing. The search index, the queries and the
snippets all stem through ``publish.swedish``; switching its engine must not change one
stem, or a published index would stop matching its own queries.
"""

from __future__ import annotations

import snowballstemmer
from snowballstemmer.swedish_stemmer import SwedishStemmer

from rcc_archive.archive.datadir import DataDir
from rcc_archive.publish.swedish import stem, words


def demo_vocabulary(data_dir: DataDir) -> set[str]:
    db = data_dir.open_db()
    try:
        texts = [row[0] for row in db.conn.execute("SELECT text FROM pdf_pages")]
        texts += [row[0] for row in db.conn.execute("SELECT text FROM web_page_versions")]
    finally:
        db.conn.close()
    return {word for text in texts if text for word in words(text)}


def test_the_archive_stems_with_pystemmer():
    import Stemmer

    assert isinstance(snowballstemmer.stemmer("swedish"), Stemmer.Stemmer)


def test_pystemmer_and_pure_python_snowball_agree_on_the_demo_vocabulary(demo_archive):
    vocabulary = demo_vocabulary(demo_archive)
    assert len(vocabulary) > 1_000
    reference = SwedishStemmer()
    differ = sorted(word for word in vocabulary if stem(word) != reference.stemWord(word))
    assert differ == []
    # The words the README promises behave as it says, with either engine.
    for word, expected in (("cancerplanerna", "cancerplan"), ("vården", "vård"), ("året", "året")):
        assert stem(word) == reference.stemWord(word) == expected
