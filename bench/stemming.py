"""Swedish stemming: PyStemmer's C Snowball against snowballstemmer's pure Python, same words.

Reads nothing but generated text (``bench.text``); writes nothing. Both engines run the
same Snowball Swedish algorithm; ``publish.swedish`` gets PyStemmer through
``snowballstemmer.stemmer`` when it is installed. Measured in one run, side by side:

- ``running_text``: every word of generated plan pages in order, as indexing a page
  stems them (before ``publish.swedish``'s own cache);
- ``distinct_words``: a vocabulary of distinct inflected forms, each stemmed once, which
  is what a cache cannot help with (a new archive, a rebuild, unseen words);
- ``index_text``: ``publish.fts.index_text`` on the generated pages with a cold cache, the
  publish step the stemmer sits in;

and whether the two engines give the same stem for every distinct word.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from typing import Any

from bench.stats import ratio
from bench.text import page_text

# Common Swedish endings, to turn the generated text's words into a vocabulary of the
# inflected forms a real archive holds (plan, planen, planerna, planering, …).
ENDINGS = ("", "en", "et", "er", "erna", "ar", "arna", "or", "orna", "ens", "ande", "ade")
ENDINGS += ("ning", "ningen", "ningar", "het", "heten", "lig", "liga", "s", "na", "ernas")


def measure_stemming(pages: int, *, repeats: int = 3) -> dict[str, Any]:
    """Time both engines on running text, on distinct words and inside ``index_text``."""
    import snowballstemmer
    from snowballstemmer.swedish_stemmer import SwedishStemmer

    try:
        import Stemmer
    except ImportError:  # the dependency is missing: say so rather than fail the run
        return {"skipped": "PyStemmer is not installed (pip install PyStemmer)"}

    from rcc_archive.publish.swedish import words as split_words

    rng = random.Random(23)
    texts = [page_text(rng) for _ in range(pages)]
    running = [word for text in texts for word in split_words(text)]
    vocabulary = sorted({base + ending for base in set(running) for ending in ENDINGS})
    python_engine = SwedishStemmer()
    c_engine = Stemmer.Stemmer("swedish")
    mismatches = [
        word for word in vocabulary if python_engine.stemWord(word) != c_engine.stemWord(word)
    ]
    results: dict[str, Any] = {
        "engine_in_use": type(snowballstemmer.stemmer("swedish")).__module__,
        "pages": pages,
        "running_words": len(running),
        "vocabulary_words": len(vocabulary),
        "stems_identical": not mismatches,
        "mismatched_words": mismatches[:20],
    }
    for name, words in (("running_text", running), ("distinct_words", vocabulary)):
        python_rate = _words_per_s(
            lambda w=words: _stem_all(SwedishStemmer(), w), len(words), repeats
        )
        c_rate = _words_per_s(
            lambda w=words: _stem_all(Stemmer.Stemmer("swedish"), w), len(words), repeats
        )
        results[name] = {
            "python_words_per_s": python_rate,
            "pystemmer_words_per_s": c_rate,
            "speedup": ratio(c_rate, python_rate),
        }
    results["index_text"] = _index_text_rates(texts, SwedishStemmer, Stemmer.Stemmer, repeats)
    return results


def _stem_all(engine: Any, words: Iterable[str]) -> None:
    stem = engine.stemWord
    for word in words:
        stem(word)


def _words_per_s(run: Callable[[], None], count: int, repeats: int) -> float:
    """Best of ``repeats`` (a fresh engine each time, so no engine cache carries over)."""
    best = min(_seconds(run) for _ in range(repeats))
    return round(count / best) if best else 0.0


def _seconds(run: Callable[[], None]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def _index_text_rates(
    texts: list[str], python_class: type, c_class: type, repeats: int
) -> dict[str, Any]:
    """Pages/s of ``index_text`` with each engine behind ``publish.swedish``, cold cache."""
    from rcc_archive.publish import swedish
    from rcc_archive.publish.fts import index_text

    def run_with(factory: Callable[[], Any]) -> float:
        def once() -> None:
            swedish._local.stemmer = factory()
            swedish._stem_cached.cache_clear()
            for text in texts:
                index_text(text)

        return min(_seconds(once) for _ in range(repeats))

    saved = getattr(swedish._local, "stemmer", None)
    try:
        python_s = run_with(python_class)
        c_s = run_with(lambda: c_class("swedish"))
    finally:
        swedish._stem_cached.cache_clear()
        if saved is None:
            del swedish._local.stemmer
        else:
            swedish._local.stemmer = saved
    python_rate = round(len(texts) / python_s, 1) if python_s else 0.0
    c_rate = round(len(texts) / c_s, 1) if c_s else 0.0
    return {
        "python_pages_per_s": python_rate,
        "pystemmer_pages_per_s": c_rate,
        "speedup": ratio(c_rate, python_rate),
    }
