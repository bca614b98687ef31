"""``python -m bench`` (``make bench``): every benchmark, one after the other.

Machines are shared and noisy: each benchmark reports ratios measured within one run next
to its raw times. ``python -m bench loader store`` runs a subset.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path
from typing import Any

BENCHMARKS = {
    "loader": "reader speed, as ratios to one regular-expression pass over the same text",
    "store": "kg load end to end against the raw falkordb client on the same rows; named queries",
    "api": "HTTP latency and throughput against a bare FastAPI app, under wrk",
    "cli": "start-up of kg --help, --version and extract --json against the bare interpreter",
    "explorer": "the explorer page in headless Chromium on a large corpus",
}


def summary(results: dict[str, Any]) -> list[str]:
    """The summary table: each target measure, its reference measured in the same run, the ratio."""
    rows = ["| measure | now | reference in the same run | ratio | target |", "|---|---|---|---|---|"]
    loader = results.get("loader") or {}
    if "bundled_memory" in loader:
        bundled, growth = loader["bundled_memory"], loader["growth_exponent"]
        rows.append(
            f"| reading the bundled plan ({'compiled' if loader['compiled'] else 'pure Python'}) "
            f"| {bundled['ms']:.2f} ms; growth exponent 100 → 3,000 documents {growth:.2f} "
            f"| one `re.finditer` pass over the same text: {bundled['reference_ms']:.3f} ms "
            f"| {bundled['ratio']:.0f}× | ≤ 200×; exponent ≤ 1.1 |")
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
    cli = results.get("cli") or {}
    if cli:
        reference = cli["python -c pass (reference)"]
        for name in ("kg --help", "kg extract --json"):
            rows.append(f"| `{name}` start to exit (new process) | {cli[name]['wall_ms']:.0f} ms "
                        f"| `python -c pass`: {reference['wall_ms']:.0f} ms "
                        f"| {cli[name]['wall_ratio']}× | ≤ 400 ms |")
    return rows


def _arguments(argv: list[str]) -> list[str]:
    parser = argparse.ArgumentParser(
        prog="python -m bench", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Run the benchmarks (all of them, or those named), print each with its "
        "reference measured in the same run, and write bench/out/results.json.",
        epilog="benchmarks:\n" + "\n".join(f"  {name:<9} {what}" for name, what in BENCHMARKS.items()))
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help="benchmarks to run (default: every one)")
    names = parser.parse_args(argv).names
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"no benchmark named {unknown[0]!r} (benchmarks: {', '.join(BENCHMARKS)})")
    return names or list(BENCHMARKS)


def main(argv: list[str]) -> None:
    chosen = _arguments(argv)
    results = {}
    for name in chosen:
        module = importlib.import_module(f"bench.bench_{name}")
        print(f"\n=== {name} ===", flush=True)
        results[name] = module.run()
    out = Path("bench/out")
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    table = summary(results)
    if len(table) > 2:  # rows beyond the header
        print("\n" + "\n".join(table))
    print(f"\nresults written to {out / 'results.json'}")


if __name__ == "__main__":
    main(sys.argv[1:])
