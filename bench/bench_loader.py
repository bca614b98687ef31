"""Loader speed: the bundled document, and synthetic corpora of 100 and 1,000 documents.

Reports the median time to read the bundled plan, documents/s on each corpus, and the growth
exponent of time against corpus size (log-log slope; ≈1 means linear).
"""

from __future__ import annotations

import math
import statistics
import time
from typing import Any

from bench.synthetic import make_corpus
from loaders import read_document, read_text
from loaders.source import SourceText


def _source(text: str, i: int) -> SourceText:
    return SourceText(text=text, name=f"synthetic-{i}.txt", sha256="0" * 64, encoding="utf-8",
                      was_html=False)


def time_corpus(texts: list[str]) -> float:
    start = time.perf_counter()
    for i, text in enumerate(texts):
        read_text(_source(text, i))
    return time.perf_counter() - start


def run(sizes: tuple[int, ...] = (100, 1000), repeats: int = 15) -> dict[str, Any]:
    read_document()  # warm caches (rule files, registry)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        read_document()
        times.append(time.perf_counter() - start)
    bundled_ms = statistics.median(times) * 1000
    print(f"bundled document: median {bundled_ms:.1f} ms over {repeats} reads")

    corpus_times: dict[int, float] = {}
    for n in sizes:
        texts = make_corpus(n, seed=n)
        chars = sum(map(len, texts))
        corpus_times[n] = time_corpus(texts)
        print(f"synthetic corpus of {n:>5} documents ({chars / 1e6:.1f} M chars): "
              f"{corpus_times[n]:.2f} s, {n / corpus_times[n]:.1f} documents/s")
    small, large = min(sizes), max(sizes)
    exponent = math.log(corpus_times[large] / corpus_times[small]) / math.log(large / small)
    print(f"growth exponent of time vs corpus size ({small}→{large}): {exponent:.2f}")
    return {
        "bundled_median_ms": round(bundled_ms, 2),
        "corpus_seconds": {str(n): round(t, 3) for n, t in corpus_times.items()},
        "documents_per_second": {str(n): round(n / t, 1) for n, t in corpus_times.items()},
        "growth_exponent": round(exponent, 3),
    }


if __name__ == "__main__":
    run()
