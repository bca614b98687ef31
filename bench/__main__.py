"""``python -m bench`` (``make bench``): every benchmark, one after the other.

Machines are shared and noisy: each benchmark reports ratios measured within one run next
to its raw times. ``python -m bench loader store`` runs a subset.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

BENCHMARKS = ("loader", "store", "api", "cli", "explorer")


def main(argv: list[str]) -> None:
    chosen = argv or list(BENCHMARKS)
    results = {}
    for name in chosen:
        module = importlib.import_module(f"bench.bench_{name}")
        print(f"\n=== {name} ===", flush=True)
        results[name] = module.run()
    out = Path("bench/out")
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print(f"\nresults written to {out / 'results.json'}")


if __name__ == "__main__":
    main(sys.argv[1:])
