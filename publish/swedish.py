"""Swedish words: normalise, tokenise and stem.

Reads and writes nothing: pure functions over strings. Stems come from the Snowball
Swedish stemmer (through ``snowballstemmer``, which runs PyStemmer's C implementation of
the same algorithm when it is installed, as it is by the package's dependencies: the same
stems, many times faster; ``bench`` measures both), which only ever cuts a suffix, so a word's stem is always a prefix of
the lowercased word ("cancerplanerna" → "cancerplan", "vården" → "vård"). å, ä and ö
stay letters of their own: nothing here folds them.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from typing import Any

import snowballstemmer

# Letters and digits in any script; the underscore is the one \w character that is not
# part of a word.
WORD = re.compile(r"[^\W_]+")
_local = threading.local()


def normalise(text: str) -> str:
    """Compose characters (PDF text often splits å into a + ring) and drop soft hyphens."""
    return unicodedata.normalize("NFKC", text).replace("\u00ad", "")


# Words longer than this are stemmed but not remembered, so the cache's memory stays
# bounded whatever text it is handed (no Swedish word comes near it).
MAX_CACHED_WORD = 48


def stem(word: str) -> str:
    """Return the Snowball Swedish stem of one word, lowercased."""
    return stem_lowercased(word.lower())


def stem_lowercased(word: str) -> str:
    """``stem`` for a word already lowercased (a slice of a lowercased page)."""
    if len(word) > MAX_CACHED_WORD:
        return _stemmer().stemWord(word)
    return _stem_cached(word)


@lru_cache(maxsize=200_000)
def _stem_cached(word: str) -> str:
    return _stemmer().stemWord(word)


def _stemmer() -> Any:
    # Snowball stemmer objects keep state between calls, so each thread gets its own
    # (Datasette runs SQL functions on several threads).
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("swedish")
    return stemmer


def words(text: str) -> list[str]:
    """Return the lowercased words of a text."""
    return WORD.findall(normalise(text).lower())


def stems(text: str) -> list[str]:
    """Return the stem of every word of a text, in order."""
    return stem_words(words(text))


def stem_words(lowercased: list[str]) -> list[str]:
    """Return the stem of each of these lowercased words (``words``' output), in order."""
    return [stem_lowercased(word) for word in lowercased]
