"""``python -m bench`` (``make bench``): every benchmark, one after the other.

Machines are shared and noisy: each benchmark reports ratios measured within one run next
to its raw times. ``python -m bench loader store`` runs a subset.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

BENCHMARKS = ("loader", "store", "api", "cli", "explorer")


def summary(results: dict[str, Any]) -> list[str]:
    """The issue's table: each measure, its reference measured in the same run, the ratio."""
    rows = ["| measure | now | reference in the same run | ratio | target |", "|---|---|---|---|---|"]
    for row in (results.get("store") or {}).get("kg_load", []):
        rows.append(
            f"| `kg load` of {row['files']:,} synthetic files ({row['documents']:,} documents), end to end "
            f"| {row['relationships_per_s']:,} rel/s, peak RSS {row['peak_rss_mb']} MB "
            f"| raw `falkordb` client, UNWIND on the same rows: {row['raw_client']['relationships_per_s']:,} rel/s "
            f"| {row['ratio_to_raw']} (writing alone: {row['writing_alone']['ratio_to_raw']}) "
            f"| ≥ 0.33; ≤ 200 MB at 1,000 |")
    for label, data in ((results.get("api") or {}).get("endpoints") or {}).items():
        levels = data["levels"]
        now = " / ".join(f"{r['api']['p50_ms']:.2f} ms ({r['api']['rps']:,.0f} req/s)" for r in levels)
        ref = " / ".join(f"{r['bare']['p50_ms']:.2f} ms ({r['bare']['rps']:,.0f} req/s)" for r in levels)
        ratio = " / ".join(f"{r['latency_ratio']}×" for r in levels)
        cpu = max(r["client_cpu_share"] for r in levels)
        rows.append(f"| `GET {label}` p50 at 1 / 8 / 32 clients (wrk, client ≤ {cpu:.0%} CPU) | {now} "
                    f"| bare FastAPI app, same uvicorn settings: {ref} | {ratio} "
                    f"| ≤ {data['target_ratio']}×; 32 vs 8 clients ×{data['throughput_8_to_32']} |")
    return rows


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
    print("\n" + "\n".join(summary(results)))
    print(f"\nresults written to {out / 'results.json'}")


if __name__ == "__main__":
    main(sys.argv[1:])
