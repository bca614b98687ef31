"""Reader speed, as ratios to one regular-expression pass over the same text in the same run.

The reference is what the least a reader must do costs: one ``re.finditer`` pass that finds
the task numbers （一）…（九十九）. Rows:

* the bundled plan, read cold (every cache emptied before each read), from memory and from
  the file (the reference then also reads and decodes the file);
* synthetic corpora of 100, 1,000 and 3,000 documents (documents/s; the growth exponent of
  time against corpus size, log-log slope: 1 means linear), reader and reference alternating
  by chunks of 25 documents; the exponent is taken on time counted in reference passes, so
  that the machine's speed drifting over a minute-long row drops out;
* an adversarial line: one task whose text is megabytes of ``建设政务云平台`` with no
  punctuation (reading must stay linear in the input).

The reader measured is the one ``import loaders`` takes: the compiled build when it is
current (``make bench`` builds it first, see :mod:`loaders.compiled`), else the sources.

Runs alternate reader and reference so that a busy machine slows both alike; medians.
"""

from __future__ import annotations

import math
import re
import statistics
import time
from collections.abc import Callable
from typing import Any

from bench.synthetic import make_corpus
from loaders import BUNDLED_DOCUMENT, COMPILED, clear_caches, read_text
from loaders.read import as_source
from loaders.source import read_source

REFERENCE = re.compile(r"[（(]\s*[一二三四五六七八九十百]+\s*[）)]")
CHUNK = 25  # documents read between two reference passes in the corpus rows


def reference_pass(text: str) -> int:
    return sum(1 for _ in REFERENCE.finditer(text))


def _median_pair(reader: Callable[[], object], reference: Callable[[], object],
                 repeats: int) -> tuple[float, float]:
    """Median seconds of ``reader`` and ``reference``, measured alternately."""
    ours, refs = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        reader()
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        reference()
        refs.append(time.perf_counter() - start)
    return statistics.median(ours), statistics.median(refs)


def _cold(read: Callable[[], object]) -> Callable[[], object]:
    def run() -> object:
        clear_caches()
        return read()
    return run


def _corpus_pair(texts: list[str], chunk: int = CHUNK) -> tuple[float, float]:
    """Seconds to read every text (cold caches at the start, each extraction let go as
    ``kg load`` streams them, with its collector settings) and seconds of the reference
    over the same texts, alternating by chunks of ``chunk`` documents: a long run crosses
    the machine's busy and quiet spells, and both sides cross the same ones. Holding all
    extractions would time Python's garbage collector walking what is held (measured here:
    1,000 held extractions cost 30 ms a document against 20 ms let go)."""
    from loaders.read import fewer_collections

    sources = [as_source(t, f"synthetic-{i}.txt") for i, t in enumerate(texts)]
    ours = ref = 0.0
    clear_caches()
    with fewer_collections():
        for i in range(0, len(texts), chunk):
            start = time.perf_counter()
            for source in sources[i:i + chunk]:
                read_text(source)
            ours += time.perf_counter() - start
            start = time.perf_counter()
            for text in texts[i:i + chunk]:
                reference_pass(text)
            ref += time.perf_counter() - start
    return ours, ref


def run(sizes: tuple[int, ...] = (100, 1000, 3000), adversarial_mb: float = 10.0,
        repeats: int = 31) -> dict[str, Any]:
    text = BUNDLED_DOCUMENT.read_text(encoding="utf-8")
    read_text(text)  # load the rule files and the registry once
    results: dict[str, Any] = {"compiled": COMPILED}
    print("reader: " + ("compiled (mypyc, built from the current sources)" if COMPILED
                        else "pure Python (no current compiled build: make compiled)"), flush=True)

    ours, ref = _median_pair(_cold(lambda: read_text(text)), lambda: reference_pass(text), repeats)
    results["bundled_memory"] = {"ms": ours * 1e3, "reference_ms": ref * 1e3, "ratio": ours / ref}
    ours, ref = _median_pair(
        _cold(lambda: read_text(read_source(BUNDLED_DOCUMENT))),
        lambda: reference_pass(BUNDLED_DOCUMENT.read_bytes().decode("utf-8")), repeats)
    results["bundled_file"] = {"ms": ours * 1e3, "reference_ms": ref * 1e3, "ratio": ours / ref}
    for key, label in (("bundled_memory", "bundled plan, in memory"),
                       ("bundled_file", "bundled plan, from file")):
        r = results[key]
        print(f"{label:<34} {r['ms']:8.2f} ms   reference {r['reference_ms']:7.3f} ms   "
              f"ratio {r['ratio']:6.0f}×", flush=True)

    seconds: dict[int, float] = {}
    ratios: dict[int, float] = {}
    for n in sizes:
        texts = make_corpus(n, seed=n)
        chars = sum(map(len, texts))
        # Cold once per corpus: the reader keeps clause readings by wording, and a corpus
        # read a second time would be timed against the first reading of a larger one.
        # A small corpus reads in under a second, where one busy spell of the machine moves
        # its ratio (and the growth exponent with it) by a tenth: it is read five times and
        # the median read counts.
        pairs = sorted((_corpus_pair(texts) for _ in range(5 if n <= 100 else 1)),
                       key=lambda pair: pair[0] / pair[1])
        ours, ref = pairs[len(pairs) // 2]
        seconds[n], ratios[n] = ours, ours / ref
        results[f"corpus_{n}"] = {"seconds": ours, "documents_per_second": n / ours,
                                  "reference_seconds": ref, "ratio": ours / ref,
                                  "characters": chars}
        print(f"synthetic corpus {n:>5} docs ({chars / 1e6:4.1f} M chars) {ours:7.2f} s  "
              f"{n / ours:7.1f} docs/s   ratio {ours / ref:6.0f}×", flush=True)
    small, large = min(sizes), max(sizes)
    # Growth of time counted in reference passes (the reference is linear by construction):
    # the machine's speed, which drifts over a run of a minute, drops out.
    exponent = 1 + math.log(ratios[large] / ratios[small]) / math.log(large / small)
    raw = math.log(seconds[large] / seconds[small]) / math.log(large / small)
    results["growth_exponent"] = exponent
    results["growth_exponent_wall"] = raw
    print(f"growth exponent {small}→{large} documents: {exponent:.2f} (1 = linear; "
          f"{raw:.2f} on wall time alone)")

    unit = "建设政务云平台"
    body = unit * int(adversarial_mb * 1e6 / len(unit.encode("utf-8")))
    line = "（一）" + body + "（省发改委负责）"
    ours, ref = _median_pair(_cold(lambda: read_text(line)), lambda: reference_pass(line), 3)
    results["adversarial_line"] = {"megabytes": len(line.encode("utf-8")) / 1e6, "seconds": ours,
                                   "reference_seconds": ref, "ratio": ours / ref}
    print(f"adversarial line {len(line.encode('utf-8')) / 1e6:.1f} MB: {ours:.2f} s, "
          f"ratio {ours / ref:.0f}× one regex pass", flush=True)
    return results


if __name__ == "__main__":
    run()
